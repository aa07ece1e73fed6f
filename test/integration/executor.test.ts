// The compiled executor (src/server/executor.ts): an operation document run GRAPHQL_COMPILE_AFTER
// times is compiled (graphql-jit) and from then on answers through the compiled function. The
// answers must not change at that moment: data, masked values, errors and their codes, paths and
// locations, partial data beside an error, the provenance extension (R15), the refusals of the
// deny-by-default rules (R3, R7). Each case runs the same request before and after compilation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engines } from "../support/db.js";
import { startTestGateway, type GqlResult, type TestGateway } from "../support/gateway.js";
import { operation } from "../../bench/lib/graphql.js";

const POPULATION = "J01-002-0001";
const COMPILE_AFTER = 3;

/** What a client sees, without what differs per request (request ids, retrievedAt). */
function comparable(r: GqlResult): unknown {
  const body = JSON.parse(JSON.stringify(r.body), (k, v) => (k === "requestId" || k === "retrievedAt" ? undefined : v));
  return { status: r.status, body };
}

describe.each(engines)("compiled execution on %s", (engine) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway(engine, { env: { GRAPHQL_COMPILE_AFTER: String(COMPILE_AFTER) } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  /** Runs one request past the compile point; every answer must equal the first (interpreted) one. */
  async function sameBeforeAndAfter(query: string, variables: Record<string, unknown> = {}, as?: string) {
    const before = gw.gateway.executorStats.compiled;
    const answers: GqlResult[] = [];
    for (let i = 0; i < COMPILE_AFTER + 2; i++) answers.push(await gw.gql(query, variables, as ? { as } : {}));
    const first = comparable(answers[0]);
    for (const a of answers.slice(1)) expect(comparable(a)).toEqual(first);
    return { first: answers[0], compiledNow: gw.gateway.executorStats.compiled - before };
  }

  it("answers a catalog search with facets, providers and items the same once compiled", async () => {
    for (const as of [undefined, "health"]) {
      const { first, compiledNow } = await sameBeforeAndAfter(operation("SearchCatalog"), { filter: { search: "信息" }, first: 20 }, as);
      expect(first.errors).toBeUndefined();
      expect(first.data.resources.edges.length).toBeGreaterThan(0);
      // The same document for both viewers: compiled once, on the public's third run.
      if (as === undefined) expect(compiledNow).toBe(1);
      else expect(compiledNow).toBe(0);
    }
  });

  it("answers a resource's detail page and masked, audited rows the same once compiled", async () => {
    const detail = await sameBeforeAndAfter(operation("ResourceDetail"), { code: POPULATION }, "health");
    expect(detail.first.data.resource.items.length).toBeGreaterThan(3);
    expect(detail.compiledNow).toBe(1);
    const rows = await sameBeforeAndAfter(
      operation("ReadRecords"),
      { resourceCode: POPULATION, purpose: "WORK_REFERENCE", purposeDetail: "（2026）江卫字第12号", first: 20 },
      "health",
    );
    expect(rows.first.errors).toBeUndefined();
    expect(rows.first.data.records.nodes.length).toBe(20);
    // Masked as before (R20): no clear 18-digit ID number in any row.
    expect(JSON.stringify(rows.first.data.records.nodes)).not.toMatch(/\d{17}[\dX]/);
    expect(rows.first.body.extensions.provenance[0].resourceCode).toBe(POPULATION);
  });

  it("refuses the same way once compiled: rows for the public, an unknown resource", async () => {
    const anon = await sameBeforeAndAfter(
      `query($c: String!) { records(resourceCode: $c, purpose: WORK_REFERENCE, purposeDetail: "（2026）江卫字第12号", first: 1) { nodes { key } } }`,
      { c: POPULATION },
    );
    expect(anon.first.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect(anon.first.body.data).toBeNull();
    const missing = await sameBeforeAndAfter(`query($c: String!) { resource(code: $c) { code name } }`, { c: "X99-999-9999" }, "health");
    expect(missing.first.errors?.[0]).toMatchObject({ path: ["resource"], extensions: { code: "NOT_FOUND" } });
  });

  it("carries a refusal up through non-null fields, with the error's path, once compiled", async () => {
    const { first } = await sameBeforeAndAfter(
      `query($c: String!) { a: resources(first: 1) { totalCount } b: records(resourceCode: $c, purpose: WORK_REFERENCE, purposeDetail: "（2026）江卫字第12号", first: 1) { totalCount } }`,
      { c: POPULATION },
      "citizen",
    );
    // records is non-null: its refusal nulls the whole answer, the other field's data included.
    expect(first.body.data).toBeNull();
    expect(first.errors).toHaveLength(1);
    expect(first.errors?.[0]).toMatchObject({ path: ["b"], extensions: { code: "FORBIDDEN" } });
  });

  it("answers bad variables with BAD_USER_INPUT once compiled, as graphql-js does", async () => {
    const q = `query($first: Int!, $filter: ResourceFilter) { resources(first: $first, filter: $filter) { totalCount } }`;
    for (const v of [{ first: "twenty" }, { first: 5, filter: { shareType: "SOMETIMES" } }, {}]) {
      const { first } = await sameBeforeAndAfter(q, v, "health");
      expect(first.status).toBe(400);
      expect(first.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    }
  });

  it("honours aliases, fragments, @include and @skip once compiled", async () => {
    const q = `query($withItems: Boolean!, $noProvider: Boolean!) {
      resources(first: 5, filter: { search: "信息" }) {
        list: nodes { ...Entry provider @skip(if: $noProvider) { name } }
      } }
      fragment Entry on Resource { code title: name items @include(if: $withItems) { code } }`;
    const a = await sameBeforeAndAfter(q, { withItems: true, noProvider: false }, "health");
    const node = a.first.data.resources.list[0];
    expect(Object.keys(node)).toEqual(["code", "title", "items", "provider"]);
    // The compiled document with other variable values: what the directives say, not what ran first.
    const b = await gw.gql(q, { withItems: false, noProvider: true }, { as: "health" });
    expect(Object.keys(b.data.resources.list[0])).toEqual(["code", "title"]);
  });

  it("serves introspection the same once compiled, where it is on", async () => {
    const { first } = await sameBeforeAndAfter(`{ __schema { queryType { name } types { name kind } } __type(name: "Resource") { fields { name } } }`);
    expect(first.data.__schema.queryType.name).toBe("Query");
    expect(first.data.__type.fields.map((f: any) => f.name)).toContain("items");
  });

  it("compiles no document run fewer times than the setting: one-off operations cost no compilation", async () => {
    const before = { ...gw.gateway.executorStats };
    for (let i = 0; i < 20; i++) {
      const r = await gw.gql(`{ resources(first: ${i + 1}) { totalCount } }`, {}, { as: "health" });
      expect(r.errors).toBeUndefined();
    }
    expect(gw.gateway.executorStats.compiled).toBe(before.compiled);
    expect(gw.gateway.executorStats.interpretedRuns - before.interpretedRuns).toBe(20);
  });

  it("runs everything through graphql-js at GRAPHQL_COMPILE_AFTER=0", async () => {
    const plain = await startTestGateway(engine, { demo: false, env: { GRAPHQL_COMPILE_AFTER: "0" } });
    try {
      for (let i = 0; i < 5; i++) expect((await plain.gql(`{ resources(first: 1) { totalCount } }`)).errors).toBeUndefined();
      expect(plain.gateway.executorStats).toMatchObject({ compiled: 0, compiledRuns: 0, interpretedRuns: 5 });
    } finally {
      await plain.close();
    }
  });
});
