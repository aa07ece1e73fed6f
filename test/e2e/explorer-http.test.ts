// The explorer's HTTP side without a browser: the pages, the bundled assets (cached, compressed,
// revalidated), routes that do not exist, the example tabs, the page's queries against the
// schema, the bundle cache across restarts, and a failed build answered with 500 and a log line
// instead of a crash. One engine (PGlite): none of this touches the database.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildSchema, parse, validate, type GraphQLEnumType } from "graphql";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { getBundle, resetBundleForTests, stripFontFaces } from "../../src/explorer/bundle.js";
import { operationTabs } from "../../src/explorer/serve.js";
import * as labels from "../../src/explorer/web/labels.js";
import * as queries from "../../src/explorer/web/queries.js";

const EXTERNAL = /(src|href)\s*=\s*["']?(https?:)?\/\//i;

describe("explorer over HTTP", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway("pglite");
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("serves the catalog page on its three routes, in Chinese, with nothing from the internet", async () => {
    for (const p of ["/explorer", "/explorer/", "/explorer/stats", "/explorer/resource/J01-002-0001"]) {
      const res = await fetch(`${gw.url}${p}`);
      expect(res.status, p).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
      const html = await res.text();
      expect(html).toContain('<html lang="zh-CN">');
      expect(html).toContain('<label for="token">身份令牌</label>');
      expect(html).not.toMatch(EXTERNAL);
      // No inline script: the only script is the gateway's own file.
      expect(html.match(/<script\b[^>]*>/g)).toEqual([expect.stringMatching(/^<script src="\/explorer\/assets\/catalog\.js\?v=\w+" defer>$/)]);
    }
    for (const p of ["/explorer/nope", "/explorer/resource/", "/explorer/resource/a/b", "/explorer/assets/app.js", "/explorer/assets/../serve.ts"]) {
      expect((await fetch(`${gw.url}${p}`)).status, p).toBe(404);
    }
    const post = await fetch(`${gw.url}/explorer`, { method: "POST", body: "{}" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });

  it("serves the bundles minified and compressed, cacheable under their version, revalidated by ETag", async () => {
    const html = await (await fetch(`${gw.url}/explorer`)).text();
    const js = html.match(/src="(\/explorer\/assets\/catalog\.js\?v=\w+)"/)![1];
    const res = await fetch(`${gw.url}${js}`, { headers: { "accept-encoding": "gzip" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/javascript; charset=utf-8");
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(res.headers.get("cache-control")).toContain("immutable");
    const body = await res.text(); // fetch decompresses
    expect(body).toContain("POST");
    // Minified: no comments, local names shortened.
    expect(body).not.toContain("Ignores answers to requests");
    expect(body).not.toContain("renderSearch");
    expect(body).not.toMatch(/process\.env\.NODE_ENV/);
    const again = await fetch(`${gw.url}${js}`, { headers: { "if-none-match": res.headers.get("etag")! } });
    expect(again.status).toBe(304);
    // Without the current version the browser must revalidate.
    const unversioned = await fetch(`${gw.url}/explorer/assets/catalog.js`);
    expect(unversioned.headers.get("cache-control")).toBe("no-cache");

    const css = await (await fetch(`${gw.url}/explorer/assets/graphiql.css`)).text();
    expect(css).toContain(".graphiql-container");
    // GraphiQL's embedded fonts would be refused by the CSP (no font-src): they are left out.
    expect(css).not.toContain("@font-face");
    const ide = await (await fetch(`${gw.url}/explorer/assets/graphiql.js`)).text();
    expect(ide.length).toBeGreaterThan(500_000);
    expect(ide).not.toMatch(/\bnew Function\(|\beval\(/);
  });

  it("puts the example operations into the IDE page as tabs, in a data block that cannot be closed", async () => {
    const html = await (await fetch(`${gw.url}/graphql`, { headers: { accept: "text/html" } })).text();
    const block = html.match(/<script type="application\/json" id="explorer-operations">([^<]*)<\/script>/)![1];
    const tabs = JSON.parse(block) as Array<{ query: string; variables?: string }>;
    expect(tabs[0].query).toContain("query SearchCatalog");
    expect(JSON.parse(tabs[0].variables!)).toEqual({ filter: { search: "企业" }, first: 5 });
    expect(tabs.find((t) => t.query.includes("query ResourceDetail"))?.variables).toContain("J01-002-0001");
    expect(html).toContain('<script src="/explorer/assets/graphiql.js?v=');
    expect(html).not.toMatch(EXTERNAL);

    const dir = mkdtempSync(path.join(os.tmpdir(), "cg-ops-"));
    try {
      writeFileSync(path.join(dir, "b.graphql"), "# </script><script>alert(1)</script>\nquery B { me { login } }\n");
      writeFileSync(path.join(dir, "a.graphql"), "query A { me { login } }\n");
      writeFileSync(path.join(dir, "notes.txt"), "not an operation");
      const t = await operationTabs(dir);
      expect(t.map((x) => x.query.split("\n").pop())).toEqual(["query A { me { login } }", "query B { me { login } }"]);
      const { graphiqlPage } = await import("../../src/explorer/serve.js");
      const page = graphiqlPage({ version: "x", assets: new Map(), source: "cache", ms: 0 }, t);
      expect(page.match(/<\/script>/g)).toHaveLength(2); // the data block's and the bundle's own
      expect(page).toContain("\\u003c/script\\u003e");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("builds once, then reuses the bundle from the disk cache after a restart", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "cg-bundle-cache-"));
    const saved = process.env.EXPLORER_CACHE_DIR;
    process.env.EXPLORER_CACHE_DIR = dir;
    try {
      resetBundleForTests();
      const built = await getBundle();
      expect(built.source).toBe("build");
      expect(getBundle()).toBe(getBundle()); // one promise per process
      resetBundleForTests(); // a restart
      const cached = await getBundle();
      expect(cached.source).toBe("cache");
      expect(cached.version).toBe(built.version);
    } finally {
      if (saved === undefined) delete process.env.EXPLORER_CACHE_DIR;
      else process.env.EXPLORER_CACHE_DIR = saved;
      resetBundleForTests();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("asks only what the schema has, and names every enum value it shows in Chinese", async () => {
    const schema = buildSchema(readFileSync("schema/schema.graphql", "utf8"));
    for (const [name, q] of Object.entries(queries)) {
      expect(validate(schema, parse(q)).map((e) => e.message), name).toEqual([]);
    }
    const enumValues = (type: string) => (schema.getType(type) as GraphQLEnumType).getValues().map((v) => v.name).sort();
    for (const [type, map] of [
      ["ShareType", labels.SHARE_TYPE],
      ["OpenType", labels.OPEN_TYPE],
      ["ResourceCategory", labels.CATEGORY],
      ["ResourceFormat", labels.FORMAT],
      ["UpdateCycle", labels.UPDATE_CYCLE],
      ["ShareMethod", labels.SHARE_METHOD],
      ["DataType", labels.DATA_TYPE],
      ["Sensitivity", labels.SENSITIVITY],
      ["MaskingStrategy", labels.MASKING],
      ["Role", labels.ROLE],
    ] as const) {
      expect(enumValues(type).filter((v) => !(v in map)), type).toEqual([]);
    }
  });

  it("drops only the @font-face rules from a stylesheet", () => {
    expect(stripFontFaces("a{color:red}@font-face{font-family:X;src:url(data:font/woff2;base64,AAA)}b{x:y}")).toBe("a{color:red}b{x:y}");
  });
});

describe("explorer when the bundle cannot be built", () => {
  it("answers 500 with a clear log line instead of throwing", async () => {
    vi.resetModules();
    vi.doMock("../../src/explorer/bundle.js", async (orig) => ({
      ...(await orig<typeof import("../../src/explorer/bundle.js")>()),
      getBundle: () => Promise.reject(new Error('Build failed with 1 error:\nsrc/explorer/web/catalog.ts:1:7: ERROR: Could not resolve "./missing"')),
    }));
    try {
      const { serveExplorer, serveGraphiQL } = await import("../../src/explorer/serve.js");
      const lines: Array<{ obj: Record<string, unknown>; msg: string }> = [];
      const log = { error: (obj: Record<string, unknown>, msg: string) => lines.push({ obj, msg }), info() {}, warn() {} } as any;
      const res = fakeResponse();
      await serveExplorer({ method: "GET", headers: {} } as any, res as any, new URL("http://x/explorer"), log);
      expect(res.status).toBe(500);
      expect(res.body).toContain("浏览器页面暂时无法生成");
      expect(lines[0].msg).toMatch(/building the browser bundle .* failed/);
      expect(String(lines[0].obj.err && (lines[0].obj.err as any).message)).toContain("Could not resolve");
      const ide = fakeResponse();
      await serveGraphiQL({ method: "GET", headers: {} } as any, ide as any, log);
      expect(ide.status).toBe(500);
      expect(lines).toHaveLength(2);
    } finally {
      vi.doUnmock("../../src/explorer/bundle.js");
      vi.resetModules();
    }
  });
});

function fakeResponse() {
  const r = {
    status: 0,
    headers: {} as Record<string, unknown>,
    body: "",
    req: { method: "GET" },
    writeHead(status: number, headers: Record<string, unknown>) {
      r.status = status;
      r.headers = headers;
    },
    end(b?: Buffer | string) {
      if (b) r.body += b.toString();
    },
  };
  return r;
}
