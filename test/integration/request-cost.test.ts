// Round trips per request (issue 7: SQL statements per request, constant in the page size): the
// catalog, records and workflow operations the front ends send, counted through the driver's
// statement log. Each statement is a round trip through the pool and a parse on the server; these
// budgets keep a change from quietly adding one. They count the operation's own statements: the
// charge of the rate-limit buckets (with the account, when it is not cached) comes once per lease,
// not once per request, and is counted in test/integration/rate-lease.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engines } from "../support/db.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { operation } from "../../bench/lib/graphql.js";

const POPULATION = "J01-002-0001"; // 人口基本信息, read by health for WORK_REFERENCE in the demo city

describe.each(engines)("statements per request on %s", (engine) => {
  let gw: TestGateway;
  beforeAll(async () => {
    // Rate limits on (set high), as in production.
    gw = await startTestGateway(engine, {
      env: { RATE_LIMIT_ANONYMOUS: "100000", RATE_LIMIT_ACCOUNT: "100000", RATE_LIMIT_DEPARTMENT: "100000", RATE_LIMIT_VERIFY: "100000" },
    });
  });
  afterAll(async () => {
    await gw?.close();
  });

  /** The statements of fn's requests, without the charges of rate-limit buckets. */
  const count = async <T>(fn: () => Promise<T>) => {
    const r = await gw.countStatements(fn);
    return { result: r.result, statements: r.statements.filter((s) => !/rate_buckets/.test(s)) };
  };
  const search = (as?: string) => count(() => gw.gql(operation("SearchCatalog"), { filter: { search: "信息" }, first: 20 }, as ? { as } : {}));

  it("searches the catalog with provider, facets and totalCount in three statements, one once the search is cached", async () => {
    for (const as of [undefined, "health"]) {
      gw.testDb.database.searchCache.invalidate();
      const { result, statements } = await search(as);
      expect(result.errors).toBeUndefined();
      const conn = result.data.resources;
      expect(conn.edges.length).toBeGreaterThan(0);
      expect(conn.edges.every((e: any) => e.node.provider.name)).toBe(true);
      // the ranked ids, the page's entries with their providers, facets with the total
      expect(statements).toHaveLength(3);
      // The same search again: the ranked ids and the facets come from the search cache; the
      // entries are read again.
      const again = await search(as);
      expect(again.statements).toHaveLength(1);
      expect(again.result.data).toEqual(result.data);
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

  it("reads a page's items with the page: three statements for a search with provider, items and facets", async () => {
    const W1 = `query($s: String!) { resources(filter: { search: $s }, first: 20) { totalCount facets { category { value count } }
      nodes { code provider { name } items { code name sensitivity } } } }`;
    gw.testDb.database.searchCache.invalidate();
    const { result, statements } = await count(() => gw.gql(W1, { s: "信息" }, { as: "health" }));
    expect(result.errors).toBeUndefined();
    expect(statements).toHaveLength(3); // ranked ids, the entries with providers and items, facets
    const nodes = result.data.resources.nodes;
    expect(nodes.length).toBeGreaterThan(1);
    // Each entry's items are its own, in their order: the same list the entry's page shows.
    for (const n of nodes.slice(0, 3)) {
      const one = await gw.gql(`query($c: String!) { resource(code: $c) { items { code name sensitivity } } }`, { c: n.code }, { as: "health" });
      expect(n.items).toEqual(one.data.resource.items);
      expect(n.items.length).toBeGreaterThan(0);
    }
    // Through an alias and a fragment on edges the items come the same way.
    const viaFragment = await count(() =>
      gw.gql(
        `query($s: String!) { resources(filter: { search: $s }, first: 20) { edges { node { ...E } } } }
         fragment E on Resource { code its: items { code name sensitivity } }`,
        { s: "信息" },
        { as: "health" },
      ),
    );
    expect(viaFragment.statements).toHaveLength(1); // the entries (ranked ids cached)
    expect(viaFragment.result.data.resources.edges.map((e: any) => e.node.its)).toEqual(nodes.map((n: any) => n.items));
    // Two aliases with different fields, and nodes beside edges: each gets the fields it asked for.
    const twice = await gw.gql(
      `query($s: String!) { resources(filter: { search: $s }, first: 20) { nodes { a: items { code } b: items { name sensitivity isSource } }
         edges { node { items { dataType maskingStrategy length description element } } } } }`,
      { s: "信息" },
      { as: "health" },
    );
    expect(twice.errors).toBeUndefined();
    expect(twice.data.resources.nodes[0].a.map((i: any) => i.code)).toEqual(nodes[0].items.map((i: any) => i.code));
    expect(twice.data.resources.nodes[0].b[0]).toEqual({ name: nodes[0].items[0].name, sensitivity: nodes[0].items[0].sensitivity, isSource: expect.any(Boolean) });
    expect(Object.keys(twice.data.resources.edges[0].node.items[0])).toEqual(["dataType", "maskingStrategy", "length", "description", "element"]);
    expect(twice.data.resources.edges[0].node.items[0].dataType).toBeTruthy();
  });

  it("opens a resource with its provider and items in one statement", async () => {
    const { result, statements } = await count(() =>
      gw.gql(`query($c: String!) { resource(code: $c) { code provider { code name } items { code name } } }`, { c: POPULATION }, { as: "health" }),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.resource.provider.code).toBeTruthy();
    expect(result.data.resource.items.length).toBeGreaterThan(3);
    expect(statements).toHaveLength(1); // the entry with its provider and items
  });

  it("opens a resource with its versions in the same statement, as the drafts' loader reads them", async () => {
    const input = {
      name: "语句数检查资源", summary: "检查详情页的版本历史与列表一致。", category: "THEME", theme: "公共安全", format: "DATABASE",
      updateCycle: "DAILY", shareType: "UNCONDITIONAL", shareMethods: ["API"], openType: "NOT_OPEN",
      items: [{ code: "district", name: "居住区县", dataType: "C", length: 20, sensitivity: "L1", maskingStrategy: "NONE" }],
    };
    const created = await gw.gql(`mutation($input: ResourceInput!) { createResourceDraft(input: $input) { code } }`, { input }, { as: "police" });
    const code = created.data.createResourceDraft.code;
    await gw.gql(`mutation($code: String!, $input: ResourceInput!) { updateResource(code: $code, input: $input) { code } }`, { code, input: { ...input, summary: "改过的摘要：检查版本差异。" } }, { as: "police" });
    const V = "versions { version kind login name changedAt diff note }";
    const { result, statements } = await count(() =>
      gw.gql(`query($c: String!) { resource(code: $c) { code items { code } ${V} } }`, { c: code }, { as: "police" }),
    );
    expect(result.errors).toBeUndefined();
    expect(statements).toHaveLength(1); // the entry with provider, items and versions
    const versions = result.data.resource.versions;
    expect(versions.map((v: any) => v.version)).toEqual([2, 1]);
    expect(versions[0]).toMatchObject({ kind: "UPDATED", login: "police" });
    expect(versions[0].changedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const drafts = await gw.gql(`{ catalogDrafts { code ${V} } }`, {}, { as: "police" });
    expect(drafts.data.catalogDrafts.find((n: any) => n.code === code).versions).toEqual(versions);
  });

  it("reads masked rows in two statements, the audit event included, once the access inputs are cached", async () => {
    const read = () =>
      count(() =>
        gw.gql(operation("ReadRecords"), { resourceCode: POPULATION, purpose: "WORK_REFERENCE", purposeDetail: "（2026）江卫字第7号", first: 100 }, { as: "health" }),
      );
    const first = await read();
    expect(first.result.errors).toBeUndefined();
    const { result, statements } = await read();
    expect(result.errors).toBeUndefined();
    expect(result.data.records.nodes.length).toBeGreaterThan(0);
    // The rows with their audit event; their count. The resource, its items and the department's
    // grants come from the access cache after the first read.
    expect(statements).toHaveLength(2);
    expect(first.statements.length - statements.length).toBeLessThanOrEqual(1);
    // A page of the whole resource in row order is one call that reads and audits (drizzle/0018).
    const audited = statements.filter((s) => /audit_append|records_page_audited/.test(s));
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatch(/from records_page_audited\(/);
  });

  it("reads a filtered page and its audit event in one statement", async () => {
    const read = () =>
      count(() =>
        gw.gql(
          `query($c: String!) { records(resourceCode: $c, purpose: WORK_REFERENCE, purposeDetail: "（2026）江卫字第7号", filter: [{ item: "gender", op: EQ, value: "女" }], first: 50) { nodes { key } } }`,
          { c: POPULATION },
          { as: "health" },
        ),
      );
    await read();
    const { result, statements } = await read();
    expect(result.errors).toBeUndefined();
    expect(result.data.records.nodes.length).toBeGreaterThan(0);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/audit_append_counted\(/);
    expect(statements[0]).toMatch(/from "records"/);
    expect(statements[0]).not.toMatch(/records_page_audited/);
  });

  it("submits a share request in one transaction with no savepoints", async () => {
    const pick = await gw.gql(
      `{ resources(filter: { shareType: CONDITIONAL }, first: 50) { nodes { code provider { name } items { code } } } }`,
      {},
      { as: "health" },
    );
    const res = pick.data.resources.nodes.find((n: any) => n.provider.name !== "市卫生健康委员会" && n.code !== POPULATION);
    expect(res).toBeTruthy();
    const { result, statements } = await count(() =>
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
    // BEGIN, the entry with its items and the calendar, the open-request check, the insert, the
    // provider's notification, the event, COMMIT; the answer's department name comes with it.
    expect(statements.length).toBeLessThanOrEqual(7);
  });

  it("decides a share request in one transaction: approval in eight statements, refusal in six", async () => {
    const pick = await gw.gql(
      `{ resources(filter: { shareType: CONDITIONAL }, first: 100) { nodes { code provider { name } items { code } } } }`,
      {},
      { as: "health" },
    );
    const res = pick.data.resources.nodes.find((n: any) => n.provider.name === "市民政局"); // decided by civil
    expect(res).toBeTruthy();
    const submit = (purpose: string) =>
      gw.gql(
        operation("SubmitShareRequest"),
        { input: { resourceCode: res.code, purpose, purposeDetail: "统计分析：语句数检查", items: [res.items[0].code], clearItems: [] } },
        { as: "health" },
      );
    const first = await submit("WORK_REFERENCE");
    const second = await submit("ADMINISTRATIVE_BASIS");
    expect(first.errors).toBeUndefined();
    expect(second.errors).toBeUndefined();

    const approve = await count(() => gw.gql(operation("DecideShareRequest"), { id: first.data.submitShareRequest.id, decision: "APPROVE" }, { as: "civil" }));
    expect(approve.result.errors).toBeUndefined();
    expect(approve.result.data.decideShareRequest).toMatchObject({ state: "APPROVED", grantId: expect.any(Number) });
    // BEGIN, the request with its provider and requester, the claim, the grant, the link to it,
    // the notification, the event, COMMIT.
    expect(approve.statements.filter((s) => /audit_append/.test(s))).toHaveLength(1);
    expect(approve.statements.length).toBeLessThanOrEqual(8);

    const reject = await count(() =>
      gw.gql(operation("DecideShareRequest"), { id: second.data.submitShareRequest.id, decision: "REJECT", reason: "材料不全" }, { as: "civil" }),
    );
    expect(reject.result.errors).toBeUndefined();
    expect(reject.result.data.decideShareRequest).toMatchObject({ state: "REJECTED", decisionReason: "材料不全", grantId: null });
    expect(reject.statements.length).toBeLessThanOrEqual(6);
  });
});
