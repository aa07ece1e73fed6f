// Rate limits: token buckets shared by every replica, kept in PostgreSQL (or the embedded
// database), or in Redis when REDIS_URL is set. Each bucket refills continuously at
// `perMinute`/60 tokens a second up to `perMinute`; a request takes one token or is refused with
// RATE_LIMITED and when to retry. A replica may take several tokens of a busy bucket at once and
// spend them itself (src/server/rate-lease.ts): a charge asks for `n` tokens and is given as many
// as the bucket holds, up to `n`.
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
  /**
   * The share of a bucket's minute, in percent, that one replica may take at once and hold for
   * its own requests (src/server/rate-lease.ts); 0: every request charges the shared bucket.
   */
  leasePercent: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  anonymousPerMinute: 300,
  accountPerMinute: 1200,
  departmentPerMinute: 6000,
  verifyPerMinute: 60,
  leasePercent: 5,
};

/** A charge of up to `n` tokens of a bucket. */
export interface LeaseRequest {
  key: string;
  perMinute: number;
  n: number;
}

/** What a charge gave: `granted` tokens (0 when refused), and when refused the seconds to wait. */
export interface LeaseGrant {
  granted: number;
  wait: number;
}

/** Called on each refusal (metrics). */
export const rateLimitListeners = new Set<(bucket: string) => void>();

/** Where the buckets live. `take` returns 0 when a token was taken, else the seconds to wait. */
export interface BucketStore {
  readonly kind: "database" | "redis";
  take(key: string, perMinute: number): Promise<number>;
  /** Up to `n` tokens of each of several buckets at once (one round trip on the database). */
  lease(requests: LeaseRequest[]): Promise<LeaseGrant[]>;
  close(): Promise<void>;
}

/** The seconds until a bucket left at `tokens` (below zero) has refilled to one token. */
function waitSeconds(tokens: number, perMinute: number): number {
  if (tokens >= 0) return 0;
  return Math.max(1, Math.ceil((1 - tokens) / (perMinute / 60)));
}

/**
 * The upsert that charges each bucket of `source` (rows of key `k`, capacity `cap` and tokens
 * asked `n`, 1 ≤ n ≤ cap). Refill; then, if at least one token is there, give as many as there
 * are up to `n` (recorded in `granted`); if not, give none and leave the bucket below zero (at
 * most -1), so hammering an empty bucket keeps it empty. A new bucket starts full. The capacity
 * and `n` come from the row being inserted (`excluded`).
 */
function chargeBuckets(source: SQL): SQL {
  const refilled = sql.raw(
    `least(excluded.tokens + excluded.granted, rate_buckets.tokens + extract(epoch from (now() - rate_buckets.updated_at)) * (excluded.tokens + excluded.granted) / 60)`,
  );
  return sql`
    insert into rate_buckets (key, tokens, updated_at, granted)
    select k, cap - n, now(), n from ${source}
    on conflict (key) do update set
      tokens = case when ${refilled} >= 1 then ${refilled} - least(excluded.granted, floor(${refilled}))
                    else greatest(-1::float8, ${refilled} - 1) end,
      granted = case when ${refilled} >= 1 then least(excluded.granted, floor(${refilled}))::int else 0 end,
      updated_at = now()`;
}

/** What a charge's row says: the tokens given, or the seconds to wait when none were. */
function grantOf(row: { tokens: number | string; granted: number | string } | undefined, perMinute: number): LeaseGrant {
  const granted = Number(row?.granted ?? 0);
  return { granted, wait: granted > 0 ? 0 : waitSeconds(Number(row?.tokens ?? 0), perMinute) };
}

/** The tokens one charge may ask of a bucket: at least one, at most the bucket. */
function asked(n: number, perMinute: number): number {
  return Math.max(1, Math.min(Math.floor(n), Math.floor(perMinute)));
}

type ChargeRow = { key: string; tokens: number | string; granted: number | string };

/**
 * The charge of one bucket and of two (an account and its department): built once. Values k0,
 * c0, n0 (key, capacity, tokens asked), then k1, c1, n1.
 */
export const leaseStatements = [1, 2].map((count) => {
  const names = Array.from({ length: count }, (_, i) => [`k${i}`, `c${i}`, `n${i}`]).flat();
  return statement<string, ChargeRow>(names, (p) => {
    const rows = sql.join(
      Array.from({ length: count }, (_, i) => sql`(${p[`k${i}`]}::text, ${p[`c${i}`]}::float8, ${p[`n${i}`]}::int)`),
      sql`, `,
    );
    return sql`${chargeBuckets(sql`(values ${rows}) as v(k, cap, n)`)} returning key, tokens, granted`;
  });
});

/** The values of leaseStatements[live.length - 1] for these charges. */
export function leaseValues(live: LeaseRequest[]): Record<string, unknown> {
  return Object.fromEntries(live.flatMap((r, i) => [[`k${i}`, r.key], [`c${i}`, r.perMinute], [`n${i}`, asked(r.n, r.perMinute)]]));
}

/** The grants of a charge's rows, one per request (unlimited buckets are not charged). */
export function grantsOf(requests: LeaseRequest[], rows: ChargeRow[]): LeaseGrant[] {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return requests.map((r) => (r.perMinute > 0 ? grantOf(byKey.get(r.key), r.perMinute) : { granted: 1, wait: 0 }));
}

/**
 * Charges a request's buckets (one, or an account and its department) in one statement, up to
 * `n` tokens each; every bucket is charged, as separate calls would charge the ones before a
 * refusal.
 */
export async function leaseTokens(db: Db, requests: LeaseRequest[]): Promise<LeaseGrant[]> {
  const live = requests.filter((r) => r.perMinute > 0);
  if (!live.length) return requests.map(() => ({ granted: 1, wait: 0 }));
  if (live.length > leaseStatements.length) throw new Error(`a charge covers at most ${leaseStatements.length} buckets`);
  return grantsOf(requests, await leaseStatements[live.length - 1].run(db, leaseValues(live)));
}

const chargeOne = statement<"key" | "cap", { tokens: number | string; granted: number | string }>(["key", "cap"], (p) =>
  sql`${chargeBuckets(sql`(values (${p.key}::text, ${p.cap}::float8, 1)) as v(k, cap, n)`)} returning tokens, granted`,
);

/** Takes one token from a bucket in the database; returns 0 when allowed, else the seconds to wait. */
export async function takeToken(db: Db, key: string, perMinute: number): Promise<number> {
  if (perMinute <= 0) return 0;
  const [row] = await chargeOne.run(db, { key, cap: perMinute });
  return grantOf(row, perMinute).wait;
}

export function databaseBuckets(db: Db): BucketStore {
  return {
    kind: "database",
    take: (key, perMinute) => takeToken(db, key, perMinute),
    lease: (requests) => leaseTokens(db, requests),
    close: async () => {},
  };
}

/**
 * The same bucket as one atomic Lua script on the Redis server's clock (replicas' clocks may
 * differ): up to ARGV[3] tokens are given, as in chargeBuckets. It answers "granted tokens" as a
 * string: Redis turns Lua numbers into integers. A bucket expires once it would be full again, so
 * idle keys do not pile up.
 */
const TAKE_SCRIPT = `
local cap = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local n = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(b[1])
local ts = tonumber(b[2])
if tokens == nil or ts == nil then tokens = cap; ts = now end
tokens = math.min(cap, tokens + math.max(0, now - ts) * rate)
local granted = 0
if tokens >= 1 then
  granted = math.min(n, math.floor(tokens))
  tokens = tokens - granted
else
  tokens = math.max(-1, tokens - 1)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((cap + 1) / rate * 1000) + 1000)
return tostring(granted) .. ' ' .. tostring(tokens)
`;

type RedisWithTake = Redis & { cgTakeToken(key: string, cap: number, rate: number, n: number): Promise<string> };

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
  const leaseOne = async (r: LeaseRequest): Promise<LeaseGrant> => {
    if (r.perMinute <= 0) return { granted: 1, wait: 0 };
    let answer: string;
    try {
      answer = await redis.cgTakeToken(opts.prefix + r.key, r.perMinute, r.perMinute / 60, asked(r.n, r.perMinute));
    } catch {
      return (await opts.fallback.lease([r]))[0];
    }
    const [granted, tokens] = answer.split(" ");
    return grantOf({ granted, tokens }, r.perMinute);
  };
  return {
    kind: "redis",
    async take(key, perMinute) {
      return (await leaseOne({ key, perMinute, n: 1 })).wait;
    },
    lease: (requests) => Promise.all(requests.map(leaseOne)),
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

type AccountAndBuckets = {
  id: number; login: string; name: string; roles: string[]; active: boolean;
  dept_id: number | null; dept_code: string | null; dept_name: string | null;
  buckets: Array<{ key: string; tokens: number; granted: number }>;
};

export const accountAndCharge = statement<"login" | "accountCap" | "departmentCap", AccountAndBuckets>(
  ["login", "accountCap", "departmentCap"],
  (p) => sql`
    with a as (
      select a.id, a.login, a.name, to_json(a.roles) as roles, a.active,
             d.id as dept_id, d.code as dept_code, d.name as dept_name
        from accounts a left join departments d on d.id = a.department_id
       where a.login = ${p.login}
       limit 1),
    v as (
      select 'acct:' || a.id as k, ${p.accountCap}::float8 as cap, 1 as n from a
       where a.active and ${p.accountCap}::float8 > 0
      union all
      select 'dept:' || a.dept_id, ${p.departmentCap}::float8, 1 from a
       where a.active and a.dept_id is not null and ${p.departmentCap}::float8 > 0),
    b as (${chargeBuckets(sql`v`)} returning key, tokens, granted)
    select a.*, (select coalesce(json_agg(json_build_object('key', b.key, 'tokens', b.tokens, 'granted', b.granted)), '[]') from b) as buckets
      from a`,
);

/**
 * A signed-in request's first statement on the database buckets when its account is not cached:
 * loads the account by login and, when it is active, charges one token of its account and
 * department buckets, in one round trip. Returns null for an unknown login; an inactive account is
 * returned and charged nothing.
 */
export async function loadAccountAndCharge(
  db: Db,
  login: string,
  limits: Pick<RateLimits, "accountPerMinute" | "departmentPerMinute">,
): Promise<{ account: AccountRow; wait: { account: number; department: number } } | null> {
  const [r] = await accountAndCharge.run(db, { login, accountCap: limits.accountPerMinute, departmentCap: limits.departmentPerMinute });
  if (!r) return null;
  const charged = new Map(r.buckets.map((b) => [b.key.slice(0, 5), b]));
  // An inactive account charges nothing; an active one has a row for every limited bucket.
  const wait = (prefix: string, perMinute: number) => (perMinute > 0 && r.active ? grantOf(charged.get(prefix), perMinute).wait : 0);
  return {
    account: { id: r.id, login: r.login, name: r.name, roles: r.roles, active: r.active, deptId: r.dept_id, deptCode: r.dept_code, deptName: r.dept_name },
    wait: {
      account: wait("acct:", limits.accountPerMinute),
      department: r.dept_id === null ? 0 : wait("dept:", limits.departmentPerMinute),
    },
  };
}
