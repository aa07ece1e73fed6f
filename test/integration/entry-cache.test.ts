// The entry cache (src/catalog/entry-cache.ts): a catalog entry's detail page read again comes
// from memory, without a statement, but never shows a viewer an entry or a detail it may not see
// now (R8, R9: the public sees the open catalog; a department sees its own drafts, nobody else
// does; R31: the public never learns which official changed an entry), and every change, through
// the gateway or by any other writer (the change feed, drizzle/0012, 0014, 0017), is seen by the
// next read.
import pg from "pg";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engines } from "../support/db.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { until } from "../support/wait.js";

const DETAIL = `query($code: String!) { resource(code: $code) {
  code name summary status openType updatedAt
  provider { code name }
  items { code name sensitivity maskingStrategy }
  versions { version kind login name note }
  relatedResources { code name }
} }`;

describe.each(engines)("entry cache on %s", (engine) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway(engine);
    await until("the change feed listens", () => gw.testDb.database.entryCache.enabled);
  });
  afterAll(async () => {
    await gw?.close();
  });

  const cache = () => gw.testDb.database.entryCache;
  const detail = (code: string, as?: string) => gw.gql(DETAIL, { code }, as ? { as } : {});
  const db = () => gw.testDb.database.db;
  /** A write by another writer than this gateway: another connection, or the embedded engine's client itself. */
  const writeElsewhere = async (text: string, values: unknown[]) => {
    if (engine === "postgres") {
      const other = new pg.Client({ connectionString: gw.testDb.url });
      await other.connect();
      try {
        await other.query(text, values);
      } finally {
        await other.end();
      }
    } else {
      await (db() as unknown as { $client: { query(t: string, v: unknown[]): Promise<unknown> } }).$client.query(text, values);
    }
  };
  const openCodeOf = async (login: string) => {
    const dept = (await gw.gql(`{ me { department { code } } }`, {}, { as: login })).data.me.department.code;
    const r = await gw.gql(`query($d: String) { resources(filter: { departmentCode: $d }, first: 1) { nodes { code } } }`, { d: dept });
    return r.data.resources.nodes[0].code as string;
  };

  it("answers a repeated detail page from the cache: the same answer, no statement on the catalog", async () => {
    const code = await openCodeOf("market");
    cache().invalidate();
    const first = await detail(code, "health");
    expect(first.errors).toBeUndefined();
    const hits = cache().hits;
    const again = await gw.countStatements(() => detail(code, "health"));
    expect(again.result.errors).toBeUndefined();
    expect(again.result.data).toEqual(first.data);
    expect(cache().hits).toBeGreaterThan(hits);
    expect(again.statements.join("\n")).not.toMatch(/"resources"|"data_items"|resource_versions/);
  });

  it("keeps a department's draft to that department, cached or not", async () => {
    const input = {
      name: "条目缓存测试草稿", summary: "仅供条目缓存测试使用的草稿条目。", category: "DEPARTMENT", theme: "测试",
      format: "DATABASE", updateCycle: "DAILY", shareType: "UNCONDITIONAL", openType: "NOT_OPEN",
      shareMethods: ["API"], items: [{ code: "x", name: "测试项", dataType: "C", length: 10, sensitivity: "L1", maskingStrategy: "NONE" }],
    };
    const made = await gw.gql(`mutation($input: ResourceInput!) { createResourceDraft(input: $input) { code } }`, { input }, { as: "police" });
    expect(made.errors, JSON.stringify(made.errors)).toBeUndefined();
    const code = made.data.createResourceDraft.code;
    for (let i = 0; i < 3; i++) {
      expect((await detail(code, "police")).data.resource.status).toBe("DRAFT");
      for (const as of ["health", "coordinator", "analyst", "citizen", undefined]) {
        expect((await detail(code, as)).errors?.[0].extensions?.code, `${as} on read ${i + 1}`).toBe("NOT_FOUND");
      }
    }
  });

  it("never shows the public who changed an entry, even when a government read cached it first (R31)", async () => {
    const code = await openCodeOf("market");
    const edit = await gw.gql(
      `mutation($code: String!, $input: ResourceInput!) { updateResource(code: $code, input: $input) { code } }`,
      { code, input: { summary: "本市市场主体登记信息的公开部分，按日更新（条目缓存测试）。" } },
      { as: "market" },
    );
    expect(edit.errors, JSON.stringify(edit.errors)).toBeUndefined();
    cache().invalidate();
    const gov = await detail(code, "coordinator");
    expect(gov.data.resource.versions.some((v: any) => v.login === "market")).toBe(true);
    for (let i = 0; i < 2; i++) {
      const pub = await detail(code);
      expect(pub.data.resource.versions.length).toBe(gov.data.resource.versions.length);
      for (const v of pub.data.resource.versions) expect(v).toMatchObject({ login: null, name: null, note: null });
    }
    // And the government's cached entry still names its author.
    expect((await detail(code, "coordinator")).data).toEqual(gov.data);
  });

  it("shows an edit made through the gateway on the next read, with its version", async () => {
    const code = await openCodeOf("market");
    const before = await detail(code, "health");
    await detail(code, "health"); // cached now
    const summary = `条目缓存测试：摘要已修改 ${Date.now()}。`;
    const edit = await gw.gql(
      `mutation($code: String!, $input: ResourceInput!) { updateResource(code: $code, input: $input) { code } }`,
      { code, input: { summary } },
      { as: "market" },
    );
    expect(edit.errors, JSON.stringify(edit.errors)).toBeUndefined();
    const after = await detail(code, "health");
    expect(after.data.resource.summary).toBe(summary);
    expect(after.data.resource.versions.length).toBe(before.data.resource.versions.length + 1);
    expect(after.data.resource.versions[0]).toMatchObject({ kind: "UPDATED", login: "market" });
  });

  it("drops a related entry that another writer retired, and an entry another writer renamed", async () => {
    const rows = (await db().execute(
      sql`select r.code, r.related_codes from resources r
           where r.status = 'PUBLISHED' and cardinality(r.related_codes) > 0
             and exists (select 1 from resources x where x.code = any(r.related_codes) and x.status = 'PUBLISHED')
           order by r.code limit 1`,
    )) as unknown as { rows: Array<{ code: string; related_codes: string[] }> };
    const { code } = rows.rows[0];
    const first = await detail(code, "health");
    const related = first.data.resource.relatedResources.map((r: any) => r.code);
    expect(related.length).toBeGreaterThan(0);
    await detail(code, "health"); // cached now
    const invalidations = cache().invalidations;
    await writeElsewhere(`update resources set status = 'RETIRED' where code = $1`, [related[0]]);
    await until("the feed reports the change", () => cache().invalidations > invalidations);
    const after = await detail(code, "health");
    expect(after.data.resource.relatedResources.map((r: any) => r.code)).toEqual(related.slice(1));

    await detail(code, "health"); // cached again
    const renamed = cache().invalidations;
    await writeElsewhere(`update resources set name = $2 where code = $1`, [code, "条目缓存测试：他处改名"]);
    await until("the feed reports the rename", () => cache().invalidations > renamed);
    expect((await detail(code, "health")).data.resource.name).toBe("条目缓存测试：他处改名");
  });

  it("drops an entry when another writer adds a version to it alone (drizzle/0017)", async () => {
    const code = await openCodeOf("market");
    const before = await detail(code, "coordinator");
    const hits = cache().hits;
    await detail(code, "coordinator");
    expect(cache().hits, "the entry is served from the cache").toBeGreaterThan(hits);
    const invalidations = cache().invalidations;
    await writeElsewhere(
      `insert into resource_versions (resource_id, version, kind, changed_at, diff, snapshot, note)
       select id, (select coalesce(max(version), 0) + 1 from resource_versions where resource_id = r.id), 'UPDATED', now(), '[]'::jsonb, '{}'::jsonb, '他处补录'
         from resources r where code = $1`,
      [code],
    );
    await until("the feed reports the version", () => cache().invalidations > invalidations);
    const after = await detail(code, "coordinator");
    expect(after.data.resource.versions.length).toBe(before.data.resource.versions.length + 1);
    expect(after.data.resource.versions[0].note).toBe("他处补录");
  });
});
