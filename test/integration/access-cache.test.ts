// The access cache (src/policy/access.context.ts, drizzle/0013): what an access decision needs is
// read once per department, purpose and resource and then taken from the cache, but every request
// still decides anew (R11, R12, R20): a grant expires at its expiry with nothing else changing, a
// revocation through the gateway is seen by the very next read, one written by anything else as
// soon as the change feed reports it, and no department shares another's grants.
import pg from "pg";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cutCatalogFeed, engines } from "../support/db.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { until } from "../support/wait.js";

const READ = `query($code: String!, $purpose: UsePurpose!) {
  records(resourceCode: $code, purpose: $purpose, purposeDetail: "（2026）江卫协字第0789号", first: 1) { nodes { values } items { code treatment } }
}`;
const REVOKE = `mutation($id: ID!, $reason: String!) { revokeGrant(id: $id, reason: $reason) { id active } }`;

/** The statement that loads an access decision's inputs. */
const isAccessStatement = (s: string) => /"open_applications" a/.test(s) && /"grants" g/.test(s);

describe.each(engines)("access cache on %s", (engine) => {
  let gw: TestGateway;
  let insurance = "";
  let grantId = 0;
  const cache = () => gw.testDb.database.accessCache;
  const read = (as: string, code = insurance, purpose = "BUSINESS_COLLABORATION") => gw.gql(READ, { code, purpose }, { as });
  const restoreGrant = async () => {
    await gw.testDb.database.db.execute(
      sql`update grants set revoked_at = null, revoked_reason = null, valid_until = now() + interval '300 days' where id = ${grantId}`,
    );
  };

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    await until("the change feed listens", () => cache().enabled);
    const r = await gw.gql(`{ resources(filter: { search: "社会保险参保信息" }, first: 5) { nodes { code name } } }`, {}, { as: "coordinator" });
    insurance = r.data.resources.nodes.find((n: { name: string }) => n.name === "社会保险参保信息").code;
    const g = (await gw.testDb.database.db.execute(
      sql`select g.id from grants g join resources r on r.id = g.resource_id where r.code = ${insurance}`,
    )) as unknown as { rows: Array<{ id: number }> };
    grantId = Number(g.rows[0].id);
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("reads a department's inputs once, and decides from the cache after that", async () => {
    const first = await gw.countStatements(() => read("health"));
    expect(first.result.errors).toBeUndefined();
    const hits = cache().hits;
    const second = await gw.countStatements(() => read("health"));
    expect(second.result.errors).toBeUndefined();
    expect(second.result.data).toEqual(first.result.data);
    expect(second.statements.filter(isAccessStatement)).toEqual([]);
    expect(cache().hits).toBe(hits + 1);
    // The grant puts 姓名 (L3) in clear for this department (R12).
    expect(second.result.data.records.items.find((i: { code: string }) => i.code === "name").treatment).toBe("CLEAR");
  });

  it("never lends one department's grant to another, or to the public", async () => {
    await read("health");
    const police = await read("police");
    expect(police.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect(police.data?.records ?? null).toBeNull();
    const citizen = await read("citizen");
    expect(citizen.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const anonymous = await gw.gql(READ, { code: insurance, purpose: "BUSINESS_COLLABORATION" });
    expect(anonymous.data?.records ?? null).toBeNull();
    // Same department, another purpose: the grant is for 业务协同 only.
    const other = await read("health", insurance, "WORK_REFERENCE");
    expect(other.data?.records ?? null).toBeNull();
  });

  it("refuses at the grant's expiry, with the inputs still cached and nothing else changed", async () => {
    try {
      await gw.testDb.database.db.execute(sql`update grants set valid_until = now() + interval '1500 milliseconds' where id = ${grantId}`);
      await until("the write's notice arrives", () => cache().enabled);
      expect((await read("health")).errors).toBeUndefined();
      const cachedRead = await gw.countStatements(() => read("health"));
      expect(cachedRead.result.errors).toBeUndefined();
      expect(cachedRead.statements.filter(isAccessStatement)).toEqual([]);
      await new Promise((r) => setTimeout(r, 1700));
      const expired = await gw.countStatements(() => read("health"));
      expect(expired.statements.filter(isAccessStatement)).toEqual([]);
      expect(expired.result.errors?.[0].extensions?.code).toBe("FORBIDDEN");
      expect(expired.result.data?.records ?? null).toBeNull();
    } finally {
      await restoreGrant();
    }
  });

  it("refuses on the very next read after a revocation through the gateway", async () => {
    try {
      await until("the cache is on", () => cache().enabled);
      await read("health");
      expect((await read("health")).errors).toBeUndefined();
      const revoked = await gw.gql(REVOKE, { id: String(grantId), reason: "核查工作已结束" }, { as: "coordinator" });
      expect(revoked.data.revokeGrant).toMatchObject({ active: false });
      const after = await read("health");
      expect(after.errors?.[0].extensions?.code).toBe("FORBIDDEN");
      expect(after.data?.records ?? null).toBeNull();
    } finally {
      await restoreGrant();
    }
  });

  if (engine === "postgres") {
    it("refuses once the change feed reports a revocation written by another process", async () => {
      await until("the cache is on", () => cache().enabled);
      await read("health");
      const cachedRead = await gw.countStatements(() => read("health"));
      expect(cachedRead.statements.filter(isAccessStatement)).toEqual([]);
      const invalidations = cache().invalidations;
      const other = new pg.Client({ connectionString: gw.testDb.url });
      await other.connect();
      try {
        await other.query(`update grants set revoked_at = now(), revoked_reason = '外部撤销' where id = $1`, [grantId]);
        await until("the feed reports the revocation", () => cache().invalidations > invalidations);
        const after = await read("health");
        expect(after.errors?.[0].extensions?.code).toBe("FORBIDDEN");
      } finally {
        await other.query(`update grants set revoked_at = null, revoked_reason = null where id = $1`, [grantId]);
        await other.end();
      }
      await until("the feed reports the restoration", () => cache().invalidations > invalidations + 1);
      expect((await read("health")).errors).toBeUndefined();
    });

    it("decides from the database alone while the change feed is lost", async () => {
      await cutCatalogFeed(gw.testDb.url!);
      await until("the cache turns off", () => !cache().enabled);
      const uncached = await gw.countStatements(() => read("health"));
      expect(uncached.statements.filter(isAccessStatement)).toHaveLength(1);
      await until("the feed listens again", () => cache().enabled);
    });
  }

  it("reports its hits, misses and entries in /metrics", async () => {
    await read("health");
    await read("health");
    const text = await (await fetch(`${gw.url}/metrics`)).text();
    expect(text).toMatch(/^catalog_gateway_access_cache_hits_total [1-9]/m);
    expect(text).toMatch(/^catalog_gateway_access_cache_misses_total [1-9]/m);
    expect(text).toMatch(/^catalog_gateway_access_cache_entries [1-9]/m);
  });
});
