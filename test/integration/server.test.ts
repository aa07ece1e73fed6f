// The HTTP surface: health and readiness, the offline GraphQL IDE page, request limits, and errors
// that never carry a stack trace or SQL (invariant 7).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { engines } from "../support/db.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

describe.each(engines)("HTTP surface on %s", (engine) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway(engine);
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("answers /healthz and /readyz", async () => {
    expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${gw.url}/readyz`);
    expect(ready.status).toBe(200);
  });

  it("serves the GraphQL IDE (GraphiQL) to browsers, loading nothing from the internet", async () => {
    const res = await fetch(`${gw.url}/graphql`, { headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain("政务信息资源目录网关");
    // GraphiQL is bundled and served by the gateway itself (src/explorer); test/e2e drives it.
    expect(html).toMatch(/<script src="\/explorer\/assets\/graphiql\.js\?v=\w+" defer><\/script>/);
    expect(html).toContain('id="explorer-operations"');
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(\s*["']?https?:/i);
  });

  it("redirects / to the console and answers unknown paths with 404", async () => {
    const root = await fetch(`${gw.url}/`, { redirect: "manual" });
    expect(root.status).toBe(302);
    expect(root.headers.get("location")).toBe("/graphql");
    const nope = await fetch(`${gw.url}/admin`);
    expect(nope.status).toBe(404);
    expect(((await nope.json()) as any).errors[0].extensions.code).toBe("NOT_FOUND");
  });

  it("answers a malformed JSON body with 400 and a code", async () => {
    const res = await fetch(`${gw.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: "{ query: " });
    expect(res.status).toBe(400);
    const body: any = await res.json();
    expect(body.errors[0].extensions.code).toBe("BAD_REQUEST");
    expect(body.errors[0].extensions.requestId).toBeTruthy();
  });

  it("refuses a body over 1 MB with 413", async () => {
    const query = `{ me { login } } # ${"x".repeat(1024 * 1024)}`;
    const res = await fetch(`${gw.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
    expect(res.status).toBe(413);
  });

  it("refuses batched requests", async () => {
    const res = await fetch(`${gw.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([{ query: "{ me { login } }" }, { query: "{ me { login } }" }]),
    });
    expect(res.status).toBe(400);
  });

  it("refuses a simple-request (CSRF-shaped) GET without a preflight header", async () => {
    const res = await fetch(`${gw.url}/graphql?query=${encodeURIComponent("{ departments { name } }")}`);
    expect(res.status).toBe(400);
  });

  it("answers GET queries that carry the preflight header", async () => {
    const res = await fetch(`${gw.url}/graphql?query=${encodeURIComponent("{ departments { name } }")}`, {
      headers: { "apollo-require-preflight": "true" },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).data.departments.length).toBeGreaterThanOrEqual(8);
  });

  it("gives a request id to every response and error", async () => {
    const r = await gw.gql(`{ resource(code: "none") { code } }`);
    expect(r.headers.get("x-request-id")).toBeTruthy();
    expect(r.errors![0].extensions!.requestId).toBe(r.headers.get("x-request-id"));
  });

  it("reports validation errors with their code and no stack trace", async () => {
    const r = await gw.gql(`{ resources { nodes { secret } } }`);
    expect(r.errors![0].extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(JSON.stringify(r.body)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
  });

  it("masks an unexpected database error: no SQL, no parameters, a request id", async () => {
    await gw.testDb.database.db.execute(sql`alter table data_items rename to data_items_gone`);
    try {
      const r = await gw.gql(`{ resources(first: 3) { nodes { code items { code } } } }`, {}, { as: "police" });
      const text = JSON.stringify(r.body);
      expect(r.errors?.[0].extensions?.code).toBe("INTERNAL_SERVER_ERROR");
      expect(r.errors?.[0].extensions?.requestId).toBeTruthy();
      expect(text).not.toMatch(/select|data_items|relation|Failed query|params/i);
      expect(text).not.toMatch(/stacktrace/);
    } finally {
      await gw.testDb.database.db.execute(sql`alter table data_items_gone rename to data_items`);
    }
  });

  it("exposes Prometheus metrics: requests by operation and outcome, errors by code, audit writes, the search cache", async () => {
    await gw.gql(`query CatalogPage { resources(first: 1) { totalCount } }`);
    await gw.gql(`query CatalogPage { resources(first: 1) { totalCount } }`);
    await gw.gql(`query Missing { resource(code: "none") { code } }`);
    const pop = await gw.gql(`{ resources(filter: { search: "人口基本信息" }, first: 1) { nodes { code } } }`, {}, { as: "health" });
    await gw.gql(`query Read($c: String!) { records(resourceCode: $c, purpose: WORK_REFERENCE, purposeDetail: "metrics-0001", first: 1) { totalCount } }`, { c: pop.data.resources.nodes[0].code }, { as: "health" });
    const res = await fetch(`${gw.url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/catalog_gateway_graphql_requests_total\{operation="CatalogPage",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/catalog_gateway_graphql_requests_total\{operation="Missing",outcome="NOT_FOUND"\} 1/);
    expect(text).toMatch(/catalog_gateway_graphql_errors_total\{code="NOT_FOUND"\} [1-9]/);
    expect(text).toMatch(/catalog_gateway_audit_writes_total [1-9]/);
    expect(text).toMatch(/catalog_gateway_graphql_request_duration_seconds_bucket/);
    // The second CatalogPage took its ranked ids and total from the search cache.
    expect(text).toMatch(/catalog_gateway_search_cache_hits_total [1-9]/);
    expect(text).toMatch(/catalog_gateway_search_cache_misses_total [1-9]/);
    expect(text).toMatch(/catalog_gateway_search_cache_entries [1-9]/);
    // The test gateway compiles every document on its first run (test/support/gateway.ts).
    expect(text).toMatch(/catalog_gateway_graphql_compiled_documents [1-9]/);
    expect(text).toMatch(/catalog_gateway_graphql_executions_total\{executor="compiled"\} [1-9]/);
    if (engine === "postgres") expect(text).toMatch(/catalog_gateway_db_pool_connections\{state="total"\}/);
  });

  it("turns /readyz to 503 when the database stops answering", async () => {
    const other = await startTestGateway(engine, { demo: false });
    expect((await fetch(`${other.url}/readyz`)).status).toBe(200);
    await other.testDb.database.close().catch(() => {});
    const res = await fetch(`${other.url}/readyz`);
    expect(res.status).toBe(503);
    // Requests fail fast with SERVICE_UNAVAILABLE, signed in or not, and the process stays up.
    const anon = await other.gql(`{ departments { code } }`);
    expect(anon.errors?.[0].extensions?.code).toBe("SERVICE_UNAVAILABLE");
    expect(JSON.stringify(anon.body)).not.toMatch(/select|departments"\s*from/i);
    const signed = await other.gql(`{ me { login } }`, {}, { as: "health" });
    expect(signed.status).toBe(503);
    expect(signed.errors?.[0].extensions?.code).toBe("SERVICE_UNAVAILABLE");
    expect((await fetch(`${other.url}/healthz`)).status).toBe(200);
    await other.gateway.stop();
    if (engine === "postgres") await other.testDb.drop().catch(() => {});
  });
});
