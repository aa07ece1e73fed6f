// Rate limits: token buckets kept in PostgreSQL (or the embedded database), so every replica
// shares them. Each bucket refills continuously at `perMinute`/60 tokens a second up to
// `perMinute`; a request takes one token or is refused with RATE_LIMITED and when to retry.
import { sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { codedError } from "./errors.js";

export interface RateLimits {
  anonymousPerMinute: number;
  accountPerMinute: number;
  departmentPerMinute: number;
  verifyPerMinute: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  anonymousPerMinute: 300,
  accountPerMinute: 1200,
  departmentPerMinute: 6000,
  verifyPerMinute: 60,
};

/** Called on each refusal (metrics). */
export const rateLimitListeners = new Set<(bucket: string) => void>();

/** Takes one token from the bucket; returns 0 when allowed, else the seconds to wait. */
export async function takeToken(db: Db, key: string, perMinute: number): Promise<number> {
  if (perMinute <= 0) return 0;
  const rate = perMinute / 60;
  const result = (await db.execute(sql`
    insert into rate_buckets (key, tokens, updated_at) values (${key}, ${perMinute - 1}, now())
    on conflict (key) do update set
      -- Refill, then take one; a refused request leaves the bucket below zero (at most -1), so
      -- hammering a full bucket keeps it empty.
      tokens = greatest(-1::float8, least(${perMinute}::float8,
                 rate_buckets.tokens + extract(epoch from (now() - rate_buckets.updated_at)) * ${rate}::float8) - 1),
      updated_at = now()
    returning tokens`)) as unknown as { rows: Array<{ tokens: number | string }> };
  const tokens = Number(result.rows[0].tokens);
  if (tokens >= 0) return 0;
  // The next request is allowed once the bucket has refilled to one token.
  return Math.max(1, Math.ceil((1 - tokens) / rate));
}

export function rateLimited(bucket: string, retryAfter: number) {
  for (const l of rateLimitListeners) l(bucket);
  const headers = new Map([["retry-after", String(retryAfter)]]);
  return codedError("RATE_LIMITED", `请求过于频繁，请 ${retryAfter} 秒后重试 (rate limit: ${bucket}, retry in ${retryAfter} s)`, {
    bucket,
    retryAfter,
    http: { status: 429, headers },
  });
}

/** The buckets of a request: the anonymous client address, or the account and its department. */
export async function checkRequestRate(
  db: Db,
  limits: RateLimits,
  who: { accountId: number | null; departmentId: number | null; clientAddress: string | null },
): Promise<void> {
  if (who.accountId === null) {
    const wait = await takeToken(db, `ip:${who.clientAddress ?? "unknown"}`, limits.anonymousPerMinute);
    if (wait) throw rateLimited("anonymous", wait);
    return;
  }
  const wait = await takeToken(db, `acct:${who.accountId}`, limits.accountPerMinute);
  if (wait) throw rateLimited("account", wait);
  if (who.departmentId !== null) {
    const w = await takeToken(db, `dept:${who.departmentId}`, limits.departmentPerMinute);
    if (w) throw rateLimited("department", w);
  }
}
