// Round trips per request (issue 7: SQL statements per request, constant in the page size): the
// catalog, records and workflow operations the front ends send, counted through the driver's
// statement log. Each statement is a round trip through the pool and a parse on the server; these
// budgets keep a change from quietly adding one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engines } from "../support/db.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { operation } from "../../bench/lib/graphql.js";

const POPULATION = "J01-002-0001"; // 人口基本信息, read by health for WORK_REFERENCE in the demo city

describe.each(engines)("statements per request on %s", (engine) => {
  let gw: TestGateway;
  beforeAll(async () => {
    // Rate limits on (set high), as in production: every request charges its buckets.
    gw = await startTestGateway(engine, {
      env: { RATE_LIMIT_ANONYMOUS: "100000", RATE_LIMIT_ACCOUNT: "100000", RATE_LIMIT_DEPARTMENT: "100000", RATE_LIMIT_VERIFY: "100000" },
    });
  });
  afterAll(async () => {
    await gw?.close();
  });

  const search = (as?: string) =>
    gw.countStatements(() => gw.gql(operation("SearchCatalog"), { filter: { search: "信息" }, first: 20 }, as ? { as } : {}));

  it("searches the catalog with provider, facets and totalCount in three statements", async () => {
    for (const as of [undefined, "health"]) {
      const { result, statements } = await search(as);
      expect(result.errors).toBeUndefined();
      const conn = result.data.resources;
      expect(conn.edges.length).toBeGreaterThan(0);
      expect(conn.edges.every((e: any) => e.node.provider.name)).toBe(true);
      // rate bucket (with the account when signed in), the page with its providers, facets with the total
      expect(statements).toHaveLength(3);
      // The total read from the facets' statement is the count of the matches.
      const byShareType = conn.facets.shareType.reduce((n: number, f: any) => n + f.count, 0);
      const byDepartment = conn.facets.department.reduce((n: number, f: any) => n + f.count, 0);
      expect(conn.totalCount).toBe(byShareType);
      expect(conn.totalCount).toBe(byDepartment);
      const alone = await gw.gql(`{ resources(filter: { search: "信息" }) { totalCount } }`, {}, as ? { as } : {});
      expect(alone.data.resources.totalCount).toBe(conn.totalCount);
    }
  });

  it("counts the same total for the public, which sees the open catalog only", async () => {
    const pub = (await search()).result.data.resources.totalCount;
    const gov = (await search("health")).result.data.resources.totalCount;
    expect(pub).toBeLessThan(gov);
  });

  it("opens a resource with its provider and items in three statements", async () => {
    const { result, statements } = await gw.countStatements(() =>
      gw.gql(`query($c: String!) { resource(code: $c) { code provider { code name } items { code name } } }`, { c: POPULATION }, { as: "health" }),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.resource.provider.code).toBeTruthy();
    expect(result.data.resource.items.length).toBeGreaterThan(3);
    expect(statements).toHaveLength(3); // account and buckets, the entry with its provider, its items
  });

  it("reads masked rows in five statements, the audit event included", async () => {
    const { result, statements } = await gw.countStatements(() =>
      gw.gql(operation("ReadRecords"), { resourceCode: POPULATION, purpose: "WORK_REFERENCE", purposeDetail: "（2026）江卫字第7号", first: 100 }, { as: "health" }),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.records.nodes.length).toBeGreaterThan(0);
    // account and buckets; resource, items and grants; the rows; their count; the audit event
    expect(statements).toHaveLength(5);
    expect(statements.filter((s) => /audit_append/.test(s))).toHaveLength(1);
  });

  it("submits a share request in one transaction with no savepoints", async () => {
    const pick = await gw.gql(
      `{ resources(filter: { shareType: CONDITIONAL }, first: 50) { nodes { code provider { name } items { code } } } }`,
      {},
      { as: "health" },
    );
    const res = pick.data.resources.nodes.find((n: any) => n.provider.name !== "市卫生健康委员会" && n.code !== POPULATION);
    expect(res).toBeTruthy();
    const { result, statements } = await gw.countStatements(() =>
      gw.gql(
        operation("SubmitShareRequest"),
        { input: { resourceCode: res.code, purpose: "BUSINESS_COLLABORATION", purposeDetail: "统计分析：语句数检查", items: [res.items[0].code], clearItems: [] } },
        { as: "health" },
      ),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.submitShareRequest.id).toBeTruthy();
    expect(statements.some((s) => /savepoint/i.test(s))).toBe(false);
    expect(statements.filter((s) => /audit_append/.test(s))).toHaveLength(1);
    expect(statements.length).toBeLessThanOrEqual(11);
  });
});
