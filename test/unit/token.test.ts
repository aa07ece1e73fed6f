import { describe, expect, it } from "vitest";
import { SignJWT, UnsecuredJWT } from "jose";
import { signToken, verifyToken, verifyTokenCached, TOKEN_AUDIENCE, TOKEN_ISSUER } from "../../src/auth/token.js";

const SECRET = "unit-test-secret-0123456789-0123456789";

describe("bearer tokens", () => {
  it("accepts its own tokens", async () => {
    const t = await signToken("health", SECRET, 60);
    expect(await verifyToken(t, SECRET)).toEqual({ ok: true, login: "health" });
  });

  it("refuses a token signed with another secret", async () => {
    const t = await signToken("health", "another-secret-0123456789-0123456789", 60);
    expect(await verifyToken(t, SECRET)).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses an expired token and says so", async () => {
    const t = await signToken("health", SECRET, 60, new Date(Date.now() - 3600_000));
    expect(await verifyToken(t, SECRET)).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses alg: none", async () => {
    const t = new UnsecuredJWT({}).setSubject("coordinator").setIssuer(TOKEN_ISSUER).setAudience(TOKEN_AUDIENCE)
      .setIssuedAt().setExpirationTime("1h").encode();
    expect(await verifyToken(t, SECRET)).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses HS512 and tokens of another issuer", async () => {
    const key = new TextEncoder().encode(SECRET);
    const hs512 = await new SignJWT({}).setProtectedHeader({ alg: "HS512" }).setSubject("police")
      .setIssuer(TOKEN_ISSUER).setAudience(TOKEN_AUDIENCE).setIssuedAt().setExpirationTime("1h").sign(key);
    expect((await verifyToken(hs512, SECRET)).ok).toBe(false);
    const other = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("police")
      .setIssuer("someone-else").setAudience(TOKEN_AUDIENCE).setIssuedAt().setExpirationTime("1h").sign(key);
    expect((await verifyToken(other, SECRET)).ok).toBe(false);
  });

  it("refuses a tampered payload", async () => {
    const t = await signToken("health", SECRET, 60);
    const [h, , s] = t.split(".");
    const forged = Buffer.from(JSON.stringify({ sub: "coordinator", iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, iat: 1, exp: 9999999999 })).toString("base64url");
    expect((await verifyToken(`${h}.${forged}.${s}`, SECRET)).ok).toBe(false);
  });

  describe("tokens already verified", () => {
    it("answers a verified token again until it expires, then says expired", async () => {
      const t = await signToken("health", SECRET, 60);
      expect(await verifyTokenCached(t, SECRET)).toEqual({ ok: true, login: "health" });
      expect(await verifyTokenCached(t, SECRET, Date.now() + 30_000)).toEqual({ ok: true, login: "health" });
      // Past its exp the cached answer is dropped and the token is checked afresh: expired.
      const later = Date.now() + 61_000;
      expect(await verifyTokenCached(t, SECRET, later)).toEqual({ ok: false, reason: "expired" });
    });

    it("never answers from the cache for another secret", async () => {
      const t = await signToken("police", SECRET, 60);
      expect((await verifyTokenCached(t, SECRET)).ok).toBe(true);
      expect(await verifyTokenCached(t, "rotated-secret-0123456789-0123456789")).toEqual({ ok: false, reason: "invalid" });
    });

    it("keeps no refusal: a tampered token is refused every time", async () => {
      const t = await signToken("health", SECRET, 60);
      const [h, , sig] = t.split(".");
      const forged = `${h}.${Buffer.from(JSON.stringify({ sub: "coordinator", iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, iat: 1, exp: 9999999999 })).toString("base64url")}.${sig}`;
      expect((await verifyTokenCached(forged, SECRET)).ok).toBe(false);
      expect((await verifyTokenCached(forged, SECRET)).ok).toBe(false);
    });
  });
});

