// What one request may cost and what every response carries: depth, alias, directive, cost and
// token limits refused before any database work; field suggestions hidden in production;
// security headers; CORS closed unless allowed. One engine is enough: nothing here reaches SQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

describe("request limits and headers", () => {
  let gw: TestGateway;
  let prod: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway("pglite", { env: { CORS_ORIGINS: "https://portal.jiangzhou.gov.cn" } });
    prod = await startTestGateway("pglite", { demo: false, env: { NODE_ENV: "production" } });
  });
  afterAll(async () => {
    await gw?.close();
    await prod?.close();
  });

  const refused = async (query: string, limit: string) => {
    const { result, statements } = await gw.countStatements(() => gw.gql(query));
    expect(result.errors?.[0].extensions?.code, query.slice(0, 80)).toBe("QUERY_LIMIT");
    expect(result.errors?.[0].extensions?.limit).toBe(limit);
    expect(result.data).toBeUndefined();
    expect(statements).toEqual([]); // refused before any database work
  };

  it("refuses a query nested too deep", async () => {
    let q = "code";
    for (let i = 0; i < 12; i++) q = `relatedResources { ${q} }`;
    await refused(`{ resources { nodes { ${q} } } }`, "depth");
  });

  it("refuses an alias bomb", async () => {
    await refused(`{ ${Array.from({ length: 40 }, (_, i) => `a${i}: me { login }`).join(" ")} }`, "aliases");
  });

  it("refuses a directive bomb", async () => {
    await refused(`{ me { ${Array.from({ length: 25 }, () => "login @include(if: true)").join(" ")} } }`, "directives");
  });

  it("refuses an operation over the cost budget", async () => {
    const page = (i: number) => `r${i}: records(resourceCode: "x", purpose: WORK_REFERENCE, purposeDetail: "abcd", first: 1000) { nodes { key values } }`;
    await refused(`{ ${Array.from({ length: 28 }, (_, i) => page(i)).join(" ")} }`, "cost");
  });

  it("counts nested fragments into the depth", async () => {
    const frags = Array.from({ length: 14 }, (_, i) =>
      i === 13 ? `fragment F${i} on Resource { code }` : `fragment F${i} on Resource { relatedResources { ...F${i + 1} } }`,
    ).join("\n");
    await refused(`{ resources { nodes { ...F0 } } }\n${frags}`, "depth");
  });

  it("refuses a document with too many tokens before parsing it", async () => {
    const r = await gw.gql(`{ ${Array.from({ length: 6000 }, () => "__typename").join(" ")} }`);
    expect(r.errors?.[0].extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
    expect(r.errors?.[0].message).toMatch(/tokens/);
  });

  it("serves an ordinary catalog page well inside the limits", async () => {
    const r = await gw.gql(`{ resources(first: 100) { nodes { code items { code } provider { name } relatedResources { code } } } }`);
    expect(r.errors).toBeUndefined();
  });

  it("hides field suggestions and introspection in production", async () => {
    const dev = await gw.gql(`{ resourcs { totalCount } }`);
    expect(dev.errors?.[0].message).toMatch(/Did you mean/);
    const p = await prod.gql(`{ resourcs { totalCount } }`);
    expect(p.errors?.[0].message).not.toMatch(/Did you mean/);
    const intro = await prod.gql(`{ __schema { types { name } } }`);
    expect(intro.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("sends security headers, and a content policy with no inline script", async () => {
    for (const res of [
      await fetch(`${gw.url}/graphql`, { headers: { accept: "text/html" } }),
      await fetch(`${gw.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{ me { login } }"}' }),
    ]) {
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      const csp = res.headers.get("content-security-policy")!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    }
    const html = await (await fetch(`${gw.url}/graphql`, { headers: { accept: "text/html" } })).text();
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    // Every script of the IDE page is a file of the gateway's own, or a JSON data block.
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/\ssrc="\/|type="application\/json"/);
    const src = html.match(/<script[^>]*\ssrc="([^"]+)"/)![1];
    const js = await fetch(`${gw.url}${src}`);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toMatch(/javascript/);
  });

  it("keeps CORS closed except for the allowed origins", async () => {
    const allowed = "https://portal.jiangzhou.gov.cn";
    const pre = await fetch(`${gw.url}/graphql`, { method: "OPTIONS", headers: { origin: allowed, "access-control-request-method": "POST" } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe(allowed);
    const evil = await fetch(`${gw.url}/graphql`, { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "POST" } });
    expect(evil.status).toBe(403);
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
    const post = await fetch(`${gw.url}/graphql`, { method: "POST", headers: { origin: "https://evil.example", "content-type": "application/json" }, body: '{"query":"{ me { login } }"}' });
    expect(post.headers.get("access-control-allow-origin")).toBeNull();
    const closed = await fetch(`${prod.url}/graphql`, { method: "OPTIONS", headers: { origin: allowed, "access-control-request-method": "POST" } });
    expect(closed.status).toBe(403);
  });
});
