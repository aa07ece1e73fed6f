// Rate limits: token buckets shared by every replica, kept in PostgreSQL (or the embedded
// database), or in Redis when REDIS_URL is set. Each bucket refills continuously at
// `perMinute`/60 tokens a second up to `perMinute`; a request takes one token or is refused with
// RATE_LIMITED and when to retry.
import { sql, type SQL } from "drizzle-orm";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Db } from "../db/client.js";
import { statement } from "../db/statement.js";
import { codedError } from "./errors.js";
import type { AccountRow } from "../auth/viewer.js";

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

/** Where the buckets live. `take` returns 0 when a token was taken, else the seconds to wait. */
export interface BucketStore {
  readonly kind: "database" | "redis";
  take(key: string, perMinute: number): Promise<number>;
  /** Several buckets at once (one round trip); the seconds to wait for each, 0 when allowed. */
  takeMany(buckets: Array<{ key: string; perMinute: number }>): Promise<number[]>;
  close(): Promise<void>;
}

/** The seconds until a bucket left at `tokens` (below zero) has refilled to one token. */
function waitSeconds(tokens: number, perMinute: number): number {
  if (tokens >= 0) return 0;
  return Math.max(1, Math.ceil((1 - tokens) / (perMinute / 60)));
}

/**
 * The upsert that charges one token to each bucket of `source` (rows of key `k` and capacity
 * `cap`). Refill, then take one; a refused request leaves the bucket below zero (at most -1), so
 * hammering a full bucket keeps it empty. The capacity comes from the row being inserted.
 */
function chargeBuckets(source: SQL): SQL {
  return sql`
    insert into rate_buckets (key, tokens, updated_at)
    select k, cap - 1, now() from ${source}
    on conflict (key) do update set
      tokens = greatest(-1::float8, least(excluded.tokens + 1,
                 rate_buckets.tokens + extract(epoch from (now() - rate_buckets.updated_at)) * (excluded.tokens + 1) / 60) - 1),
      updated_at = now()`;
}

/**
 * Takes one token from each bucket in one statement; returns, per bucket, 0 when allowed or the
 * seconds to wait. Every bucket is charged, as separate calls would charge the ones before a
 * refusal.
 */
export async function takeTokens(db: Db, buckets: Array<{ key: string; perMinute: number }>): Promise<number[]> {
  const live = buckets.filter((b) => b.perMinute > 0);
  if (!live.length) return buckets.map(() => 0);
  const rows = sql.join(
    live.map((b) => sql`(${b.key}, ${b.perMinute}::float8)`),
    sql`, `,
  );
  const result = (await db.execute(sql`${chargeBuckets(sql`(values ${rows}) as v(k, cap)`)} returning key, tokens`)) as unknown as {
    rows: Array<{ key: string; tokens: number | string }>;
  };
  const left = new Map(result.rows.map((r) => [r.key, Number(r.tokens)]));
  return buckets.map((b) => (b.perMinute > 0 ? waitSeconds(left.get(b.key) ?? 0, b.perMinute) : 0));
}

const chargeOne = statement<"key" | "cap", { tokens: number | string }>(["key", "cap"], (p) =>
  sql`${chargeBuckets(sql`(values (${p.key}::text, ${p.cap}::float8)) as v(k, cap)`)} returning tokens`,
);

/** Takes one token from a bucket in the database; returns 0 when allowed, else the seconds to wait. */
export async function takeToken(db: Db, key: string, perMinute: number): Promise<number> {
  if (perMinute <= 0) return 0;
  const [row] = await chargeOne.run(db, { key, cap: perMinute });
  return waitSeconds(Number(row?.tokens ?? 0), perMinute);
}

export function databaseBuckets(db: Db): BucketStore {
  return {
    kind: "database",
    take: (key, perMinute) => takeToken(db, key, perMinute),
    takeMany: (buckets) => takeTokens(db, buckets),
    close: async () => {},
  };
}

/**
 * The same bucket as one atomic Lua script on the Redis server's clock (replicas' clocks may
 * differ). Tokens are returned as a string: Redis turns Lua numbers into integers. A bucket
 * expires once it would be full again, so idle keys do not pile up.
 */
const TAKE_SCRIPT = `
local cap = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(b[1])
local ts = tonumber(b[2])
if tokens == nil or ts == nil then tokens = cap; ts = now end
tokens = math.min(cap, tokens + math.max(0, now - ts) * rate) - 1
if tokens < -1 then tokens = -1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((cap + 1) / rate * 1000) + 1000)
return tostring(tokens)
`;

type RedisWithTake = Redis & { cgTakeToken(key: string, cap: number, rate: number): Promise<string> };

/**
 * Buckets in Redis. Redis is a shared counter, not the system of record: when it cannot be
 * reached the request is counted in the database buckets instead (still shared by every
 * replica), never let through uncounted, and never failed for want of a counter.
 */
export function redisBuckets(opts: { url: string; prefix: string; fallback: BucketStore; log?: Logger }): BucketStore {
  const redis = new Redis(opts.url, {
    // Fail fast while Redis is away instead of queueing requests behind a reconnect.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    commandTimeout: 1000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    lazyConnect: false,
  }) as RedisWithTake;
  redis.defineCommand("cgTakeToken", { numberOfKeys: 1, lua: TAKE_SCRIPT });
  let lastWarn = 0;
  // ioredis reports connection errors as events; without a listener they would be unhandled.
  redis.on("error", (e: Error) => {
    const now = Date.now();
    if (now - lastWarn > 30_000) {
      lastWarn = now;
      opts.log?.warn({ err: { message: e.message } }, "Redis for rate limits unavailable; counting in the database");
    }
  });
  return {
    kind: "redis",
    async take(key, perMinute) {
      if (perMinute <= 0) return 0;
      let tokens: number;
      try {
        tokens = Number(await redis.cgTakeToken(opts.prefix + key, perMinute, perMinute / 60));
      } catch {
        return opts.fallback.take(key, perMinute);
      }
      return waitSeconds(tokens, perMinute);
    },
    async takeMany(buckets) {
      return Promise.all(buckets.map((b) => this.take(b.key, b.perMinute)));
    },
    async close() {
      redis.disconnect();
    },
  };
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
  buckets: BucketStore,
  limits: RateLimits,
  who: { accountId: number | null; departmentId: number | null; clientAddress: string | null },
): Promise<void> {
  if (who.accountId === null) {
    const wait = await buckets.take(`ip:${who.clientAddress ?? "unknown"}`, limits.anonymousPerMinute);
    if (wait) throw rateLimited("anonymous", wait);
    return;
  }
  const [account, department] = await buckets.takeMany([
    { key: `acct:${who.accountId}`, perMinute: limits.accountPerMinute },
    { key: `dept:${who.departmentId ?? "none"}`, perMinute: who.departmentId === null ? 0 : limits.departmentPerMinute },
  ]);
  if (account) throw rateLimited("account", account);
  if (department) throw rateLimited("department", department);
}

type AccountAndBuckets = {
  id: number; login: string; name: string; roles: string[]; active: boolean;
  dept_id: number | null; dept_code: string | null; dept_name: string | null;
  buckets: Array<{ key: string; tokens: number }>;
};

const accountAndCharge = statement<"login" | "accountCap" | "departmentCap", AccountAndBuckets>(
  ["login", "accountCap", "departmentCap"],
  (p) => sql`
    with a as (
      select a.id, a.login, a.name, to_json(a.roles) as roles, a.active,
             d.id as dept_id, d.code as dept_code, d.name as dept_name
        from accounts a left join departments d on d.id = a.department_id
       where a.login = ${p.login}
       limit 1),
    v as (
      select 'acct:' || a.id as k, ${p.accountCap}::float8 as cap from a
       where a.active and ${p.accountCap}::float8 > 0
      union all
      select 'dept:' || a.dept_id, ${p.departmentCap}::float8 from a
       where a.active and a.dept_id is not null and ${p.departmentCap}::float8 > 0),
    b as (${chargeBuckets(sql`v`)} returning key, tokens)
    select a.*, (select coalesce(json_agg(json_build_object('key', b.key, 'tokens', b.tokens)), '[]') from b) as buckets
      from a`,
);

/**
 * A signed-in request's first statement on the database buckets: loads the account by login
 * and, when it is active, charges its account and department buckets, in one round trip. Returns
 * null for an unknown login; an inactive account is returned and charged nothing.
 */
export async function loadAccountAndCharge(
  db: Db,
  login: string,
  limits: Pick<RateLimits, "accountPerMinute" | "departmentPerMinute">,
): Promise<{ account: AccountRow; wait: { account: number; department: number } } | null> {
  const [r] = await accountAndCharge.run(db, { login, accountCap: limits.accountPerMinute, departmentCap: limits.departmentPerMinute });
  if (!r) return null;
  const left = new Map(r.buckets.map((b) => [b.key.slice(0, 5), Number(b.tokens)]));
  return {
    account: { id: r.id, login: r.login, name: r.name, roles: r.roles, active: r.active, deptId: r.dept_id, deptCode: r.dept_code, deptName: r.dept_name },
    wait: {
      account: limits.accountPerMinute > 0 ? waitSeconds(left.get("acct:") ?? 0, limits.accountPerMinute) : 0,
      department: limits.departmentPerMinute > 0 ? waitSeconds(left.get("dept:") ?? 0, limits.departmentPerMinute) : 0,
    },
  };
}
