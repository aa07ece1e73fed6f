// Signed-in requests without a statement of their own (src/server/authenticate.ts): the account
// comes from the account cache (drizzle/0014: accounts on the change feed) and the rate-limit
// tokens from this replica's leases (src/server/rate-lease.ts). What must not change: every token
// is still counted in the shared bucket, replicas still share it, a deactivated account is refused
// (R31) as soon as the change is committed here or reported by the feed, and nothing is cached
// while the feed is lost.
import pg from "pg";
import { pino } from "pino";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { openDatabase } from "../../src/db/client.js";
import { createGateway } from "../../src/server/http.js";
import { cutCatalogFeed, engines } from "../support/db.js";
import { startTestGateway, TEST_SECRET, type TestGateway } from "../support/gateway.js";
import { until } from "../support/wait.js";

const ME = `{ me { login } }`;
const isCharge = (s: string) => /rate_buckets/.test(s);
const isAccountRead = (s: string) => /"accounts"|from accounts/.test(s);

describe.each(engines)("leased tokens and cached accounts on %s", (engine) => {
  let gw: TestGateway;
  const accounts = () => gw.testDb.database.accountCache;
  beforeAll(async () => {
    // The account bucket holds 400 tokens, so one lease is at most 20 (RATE_LIMIT_LEASE_PERCENT 5).
    gw = await startTestGateway(engine, {
      env: { RATE_LIMIT_ANONYMOUS: "100000", RATE_LIMIT_ACCOUNT: "400", RATE_LIMIT_DEPARTMENT: "100000", RATE_LIMIT_VERIFY: "100000" },
    });
    await until("the change feed listens", () => accounts().enabled);
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("sends no statement for a busy signed-in client once its account is cached and its leases hold tokens", async () => {
    const first = await gw.countStatements(() => gw.gql(ME, {}, { as: "health" }));
    expect(first.result.data.me.login).toBe("health");
    // The account is loaded in the statement that charges its buckets (the other reads the department).
    const charges = first.statements.filter(isCharge);
    expect(charges).toHaveLength(1);
    expect(isAccountRead(charges[0])).toBe(true);
    expect(first.statements.filter(isAccountRead)).toHaveLength(1);
    const { result, statements } = await gw.countStatements(async () => {
      const answers = [];
      for (let i = 0; i < 60; i++) answers.push(await gw.gql(ME, {}, { as: "health" }));
      return answers;
    });
    expect(result.every((r) => r.data?.me.login === "health")).toBe(true);
    // 60 requests: the account is never read again, and the buckets are charged once per lease
    // (2, 4, 8, 16, 20, 20 tokens when each lease is used up within a second; a slow machine may
    // halve one), not 60 times.
    expect(statements.filter(isAccountRead)).toEqual([]);
    expect(statements.filter(isCharge).length).toBeLessThanOrEqual(12);
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    expect(metrics).toMatch(/^catalog_gateway_account_cache_hits_total [1-9]/m);
    expect(metrics).toMatch(/^catalog_gateway_rate_limit_charges_total [1-9]/m);
    expect(metrics).toMatch(/^catalog_gateway_rate_limit_tokens_spent_total [1-9]/m);
  });

  it("still counts every token in the shared bucket: a client gets no more than its limit", async () => {
    // police has used nothing yet: 400 tokens, refilled at 400 a minute.
    const started = Date.now();
    const answers = [];
    for (let round = 0; round < 22; round++) {
      answers.push(...(await Promise.all(Array.from({ length: 20 }, () => gw.gql(ME, {}, { as: "police" })))));
    }
    const seconds = (Date.now() - started) / 1000;
    const ok = answers.filter((r) => r.data?.me.login === "police").length;
    const refused = answers.filter((r) => r.errors?.[0].extensions?.code === "RATE_LIMITED");
    expect(ok + refused.length).toBe(440);
    expect(ok).toBeLessThanOrEqual(400 + Math.ceil((seconds * 400) / 60));
    // Refused at most one lease early.
    expect(ok).toBeGreaterThanOrEqual(380);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0].status).toBe(429);
    expect(refused[0].errors?.[0].extensions?.bucket).toBe("account");
    expect(Number(refused[0].headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // The shared bucket gave exactly the tokens this replica spent, or up to one lease more.
    const b = (await gw.testDb.database.db.execute(
      sql`select tokens from rate_buckets where key = (select 'acct:' || id from accounts where login = 'police')`,
    )) as unknown as { rows: Array<{ tokens: number }> };
    expect(Number(b.rows[0].tokens)).toBeLessThan(1);
  });

  it("refuses a deactivated account on its next request when this gateway deactivated it (R31)", async () => {
    expect((await gw.gql(ME, {}, { as: "civil" })).data.me.login).toBe("civil");
    expect((await gw.gql(ME, {}, { as: "civil" })).data.me.login).toBe("civil");
    await gw.testDb.database.db.execute(sql`update accounts set active = false where login = 'civil'`);
    try {
      const refused = await gw.gql(ME, {}, { as: "civil" });
      expect(refused.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    } finally {
      await gw.testDb.database.db.execute(sql`update accounts set active = true where login = 'civil'`);
    }
    expect((await gw.gql(ME, {}, { as: "civil" })).data.me.login).toBe("civil");
  });

  it("shows a renamed department to its signed-in accounts on their next request", async () => {
    const ask = () => gw.gql(`{ me { login department { name } } }`, {}, { as: "health" });
    const before = (await ask()).data.me.department.name;
    await gw.testDb.database.db.execute(sql`update departments set name = name || '（测试）' where code = (select d.code from departments d join accounts a on a.department_id = d.id where a.login = 'health')`);
    try {
      expect((await ask()).data.me.department.name).toBe(`${before}（测试）`);
    } finally {
      await gw.testDb.database.db.execute(sql`update departments set name = ${before} where name = ${`${before}（测试）`}`);
    }
  });

  if (engine === "postgres") {
    it("refuses an account deactivated by another connection once the feed reports it", async () => {
      expect((await gw.gql(ME, {}, { as: "analyst" })).data.me.login).toBe("analyst");
      const other = new pg.Client({ connectionString: gw.testDb.url });
      await other.connect();
      try {
        await other.query(`update accounts set active = false where login = 'analyst'`);
        await until("the deactivation is seen", async () => (await gw.gql(ME, {}, { as: "analyst" })).errors?.[0].extensions?.code === "UNAUTHENTICATED");
        await other.query(`update accounts set active = true where login = 'analyst'`);
        await until("the reactivation is seen", async () => (await gw.gql(ME, {}, { as: "analyst" })).data?.me.login === "analyst");
      } finally {
        await other.end();
      }
    });

    it("loads the account on every request while the change feed is lost", async () => {
      await gw.gql(ME, {}, { as: "coordinator" });
      await cutCatalogFeed(gw.testDb.url!);
      await until("the cache turns off", () => !accounts().enabled);
      const uncached = await gw.countStatements(() => gw.gql(ME, {}, { as: "coordinator" }));
      expect(uncached.result.data.me.login).toBe("coordinator");
      expect(uncached.statements.filter(isAccountRead)).toHaveLength(1);
      await until("the feed listens again", () => accounts().enabled);
    });

    it("shares the buckets between replicas: two gateways on one database give a client its limit once", async () => {
      // A second replica over the same database, with the same limits.
      const config = {
        ...loadConfig({ NODE_ENV: "test", RATE_LIMIT_ANONYMOUS: "100000", RATE_LIMIT_ACCOUNT: "400", RATE_LIMIT_DEPARTMENT: "100000", RATE_LIMIT_VERIFY: "100000" }),
        jwtSecret: TEST_SECRET,
      };
      const database = await openDatabase({ databaseUrl: gw.testDb.url, poolMax: 4 });
      const replica = await createGateway({ config, database, jwtSecret: TEST_SECRET, log: pino({ level: "silent" }) });
      const port = await replica.listen(0, "127.0.0.1");
      try {
        const token = await gw.token("auditor");
        const ask = (url: string) =>
          fetch(`${url}/graphql`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
            body: JSON.stringify({ query: ME }),
          }).then((r) => r.status);
        const started = Date.now();
        const statuses: number[] = [];
        for (let round = 0; round < 22; round++) {
          statuses.push(...(await Promise.all(Array.from({ length: 20 }, (_, i) => ask(i % 2 ? gw.url : `http://127.0.0.1:${port}`)))));
        }
        const seconds = (Date.now() - started) / 1000;
        const ok = statuses.filter((s) => s === 200).length;
        expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
        expect(ok).toBeLessThanOrEqual(400 + Math.ceil((seconds * 400) / 60));
        // Each replica may hold one lease the other cannot use: refused at most two leases early.
        expect(ok).toBeGreaterThanOrEqual(360);
      } finally {
        await replica.stop();
        await database.close();
      }
    });
  }
});
