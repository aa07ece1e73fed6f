// Bearer tokens: JWT, HS256 only, expiring. The token names the account (sub = login); the
// account itself is loaded on every request, so deactivation takes effect at once.
import { SignJWT, jwtVerify, errors as joseErrors } from "jose";

export const TOKEN_ISSUER = "catalog-gateway";
export const TOKEN_AUDIENCE = "catalog-gateway";

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function signToken(
  login: string,
  secret: string,
  ttlSeconds: number,
  now: Date = new Date(),
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(login)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(key(secret));
}

export type TokenCheck = { ok: true; login: string } | { ok: false; reason: "expired" | "invalid" };

/**
 * Tokens already verified, until they expire: a client sends the same token on every request,
 * and its HMAC check is the same answer each time. Only successes are kept, under the secret
 * they were checked with; the account behind a token is still loaded on every request.
 */
const verified = new Map<string, { secret: string; login: string; expMs: number }>();
const MAX_VERIFIED = 10_000;

function remember(token: string, secret: string, login: string, exp: number): void {
  if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value!);
  verified.set(token, { secret, login, expMs: exp * 1000 });
}

/** verifyToken, answered from the tokens already verified while they are unexpired. */
export async function verifyTokenCached(token: string, secret: string, nowMs = Date.now()): Promise<TokenCheck> {
  const hit = verified.get(token);
  if (hit && hit.secret === secret) {
    if (nowMs < hit.expMs) return { ok: true, login: hit.login };
    verified.delete(token);
  }
  return verifyToken(token, secret, nowMs);
}

/** Verifies signature (HS256 only: `alg: none` and others are refused), issuer, audience, expiry. */
export async function verifyToken(token: string, secret: string, nowMs = Date.now()): Promise<TokenCheck> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: ["HS256"],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      requiredClaims: ["sub", "exp", "iat"],
      currentDate: new Date(nowMs),
    });
    if (typeof payload.sub !== "string" || payload.sub.length === 0) return { ok: false, reason: "invalid" };
    if (typeof payload.exp === "number") remember(token, secret, payload.sub, payload.exp);
    return { ok: true, login: payload.sub };
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) return { ok: false, reason: "expired" };
    return { ok: false, reason: "invalid" };
  }
}
