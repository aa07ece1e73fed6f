// Rate-limit buckets in Redis (REDIS_URL): shared by every replica, refilled on Redis's clock, and
// counted in the database instead while Redis cannot be reached — never let through uncounted.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engines } from "../support/db.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { until } from "../support/wait.js";

const REDIS_URL = process.env.TEST_REDIS_URL || "redis://127.0.0.1:6379";

async function bucketRows(gw: TestGateway): Promise<number> {
  const r = (await gw.testDb.database.db.execute(sql`select count(*)::int as n from rate_buckets`)) as unknown as { rows: Array<{ n: number }> };
  return Number(r.rows[0].n);
}

describe.each(engines)("rate limits in Redis on %s", (engine) => {
  const prefix = `cg-test-${randomBytes(4).toString("hex")}:`;
  const env = { REDIS_URL, REDIS_KEY_PREFIX: prefix, RATE_LIMIT_ACCOUNT: "6", RATE_LIMIT_DEPARTMENT: "1000", RATE_LIMIT_VERIFY: "2", RATE_LIMIT_ANONYMOUS: "4" };
  let a: TestGateway;
  let b: TestGateway;
  let redis: Redis;
  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    // Two replicas with databases of their own: whatever they share, they share through Redis.
    a = await startTestGateway(engine, { env });
    b = await startTestGateway(engine, { env });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it("shares one account's bucket between replicas", async () => {
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await a.gql(`{ me { login } }`, {}, { as: "police" }));
    for (let i = 0; i < 3; i++) results.push(await b.gql(`{ me { login } }`, {}, { as: "police" }));
    expect(results.every((r) => r.data?.me?.login === "police")).toBe(true);
    const refused = await a.gql(`{ me { login } }`, {}, { as: "police" });
    expect(refused.status).toBe(429);
    expect(refused.errors?.[0].extensions?.code).toBe("RATE_LIMITED");
    expect(refused.errors?.[0].extensions?.bucket).toBe("account");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Nothing was counted in the replicas' databases.
    expect(await bucketRows(a)).toBe(0);
  });

  it("keeps its counters under the prefix, expiring once they would be full again", async () => {
    await a.gql(`{ me { login } }`, {}, { as: "market" });
    const keys = await redis.keys(`${prefix}*`);
    expect(keys.some((k) => k.startsWith(`${prefix}rl:acct:`))).toBe(true);
    const ttl = await redis.pttl(keys[0]);
    // 6 a minute refill in 60 s; the key outlives that by a little, not forever.
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(72_000);
  });

  it("leases tokens of a busy bucket from Redis: two replicas give an address its limit once, in few charges", async () => {
    // A bucket of its own with room for leases (the anonymous limit here is 4: too small to lease).
    const key = `${prefix}rl:ip:lease-test`;
    const { TokenLeases } = await import("../../src/server/rate-lease.js");
    const { redisBuckets, databaseBuckets } = await import("../../src/server/rate-limit.js");
    const stores = [a, b].map((g) => redisBuckets({ url: REDIS_URL, prefix: `${prefix}rl:`, fallback: databaseBuckets(g.testDb.database.db) }));
    try {
      // Until a new connection is up, each charge is counted in the replica's own database instead.
      for (const [i, store] of stores.entries()) {
        await until("the store reaches Redis", async () => {
          await store.lease([{ key: `probe-${i}`, perMinute: 1000, n: 1 }]);
          return (await redis.exists(`${prefix}rl:probe-${i}`)) === 1;
        });
      }
      const replicas = stores.map(() => new TokenLeases(5));
      const bucket = [{ key: "ip:lease-test", perMinute: 400 }]; // leases of up to 20
      const started = Date.now();
      const waits = await Promise.all(Array.from({ length: 440 }, (_, i) => replicas[i % 2].take(bucket, stores[i % 2].lease)));
      const seconds = (Date.now() - started) / 1000;
      const ok = waits.filter(([w]) => w === 0).length;
      expect(ok).toBeLessThanOrEqual(400 + Math.ceil((seconds * 400) / 60));
      expect(ok).toBeGreaterThanOrEqual(360);
      expect(waits.filter(([w]) => w > 0).every(([w]) => w >= 1)).toBe(true);
      expect(replicas[0].charges + replicas[1].charges).toBeLessThan(120);
      expect(Number((await redis.hget(key, "tokens")) ?? 0)).toBeLessThan(1);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it("counts verification calls in Redis, across replicas", async () => {
    const V = `{ verify(resourceCode: "J01-002-0001", purpose: DATA_VERIFICATION, purposeDetail: "核验-0001", match: { gender: "男" }) { matched } }`;
    const r1 = await a.gql(V, {}, { as: "civil" });
    const r2 = await b.gql(V, {}, { as: "civil" });
    const r3 = await a.gql(V, {}, { as: "civil" });
    expect(r1.errors).toBeUndefined();
    expect(r2.errors).toBeUndefined();
    expect(r3.errors?.[0].extensions?.bucket).toBe("verify");
  });
});

describe.each(engines)("rate limits while Redis is unreachable on %s", (engine) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway(engine, {
      // Nothing listens on port 1: every Redis call fails at once.
      env: { REDIS_URL: "redis://127.0.0.1:1", RATE_LIMIT_ANONYMOUS: "4", RATE_LIMIT_ACCOUNT: "1000", RATE_LIMIT_DEPARTMENT: "1000" },
    });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("serves requests and still limits them, counting in the database", async () => {
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await gw.gql(`{ departments { code } }`));
    expect(results.slice(0, 4).every((r) => r.status === 200 && !r.errors)).toBe(true);
    expect(results[4].status).toBe(429);
    expect(results[4].errors?.[0].extensions?.code).toBe("RATE_LIMITED");
    expect(await bucketRows(gw)).toBeGreaterThan(0);
  });
});
