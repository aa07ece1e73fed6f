// The browser side of the gateway, served by the gateway itself (no CDN, no external fonts or
// scripts — government networks often have no internet):
//   GET /graphql (Accept: text/html)    the GraphQL IDE (GraphiQL) with the example operations
//   GET /explorer, /explorer/resource/<code>, /explorer/stats   the catalog explorer (Chinese)
//   GET /explorer/assets/<name>?v=…     the bundles built by ./bundle.ts
// Pages carry no inline script, so the gateway's CSP (script-src 'self') applies unchanged.
import type http from "node:http";
import { promises as fs } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "pino";
import { ASSET_NAMES, getBundle, type AssetName, type Bundle } from "./bundle.js";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const operationsDir = path.join(projectRoot, "schema", "operations");

/** The IDE's tabs in this order; other operation files follow alphabetically. */
const TAB_ORDER = ["search-catalog", "resource-detail", "departments", "stats", "me", "records", "share-requests", "audit"];

/** Variables that make an example runnable as it is, by operation name. */
function exampleVariables(now = new Date()): Record<string, Record<string, unknown>> {
  const year = Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Shanghai", year: "numeric" }).format(now));
  return {
    SearchCatalog: { filter: { search: "企业" }, first: 5 },
    ResourceDetail: { code: "J01-002-0001" },
    DepartmentCatalog: { first: 10 },
    ReadRecords: { resourceCode: "J01-002-0001", purpose: "WORK_REFERENCE", purposeDetail: "（2026）江卫字第12号", first: 2 },
    AuditTrail: { first: 20 },
    Notifications: { unreadOnly: false },
    SharingReport: { year },
    SlaCompliance: { from: `${year}-01-01T00:00:00+08:00`, to: `${year + 1}-01-01T00:00:00+08:00` },
  };
}

export interface Tab {
  query: string;
  variables?: string;
}

/** One tab per file of schema/operations/, read on every page load (they are small). */
export async function operationTabs(dir = operationsDir): Promise<Tab[]> {
  let files: string[];
  try {
    files = (await fs.readdir(dir)).filter((f) => f.endsWith(".graphql"));
  } catch {
    return [];
  }
  const rank = (f: string) => {
    const i = TAB_ORDER.indexOf(f.replace(/\.graphql$/, ""));
    return i === -1 ? TAB_ORDER.length : i;
  };
  files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const examples = exampleVariables();
  const tabs: Tab[] = [];
  for (const f of files) {
    const query = (await fs.readFile(path.join(dir, f), "utf8")).trim();
    const vars: Record<string, unknown> = {};
    for (const m of query.matchAll(/^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/gm)) {
      Object.assign(vars, examples[m[1]] ?? {});
    }
    tabs.push(Object.keys(vars).length ? { query, variables: JSON.stringify(vars, null, 2) } : { query });
  }
  return tabs;
}

/** JSON for a <script type="application/json"> data block: nothing in it can close the element. */
function jsonBlock(v: unknown): string {
  return JSON.stringify(v)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

export function graphiqlPage(bundle: Bundle, tabs: Tab[]): string {
  const v = bundle.version;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>政务信息资源目录网关 · GraphQL</title>
<link rel="stylesheet" href="/explorer/assets/graphiql.css?v=${v}">
</head>
<body>
<div class="cg-bar">
  <h1>政务信息资源目录网关 · GraphQL</h1>
  <a href="/explorer">目录浏览</a>
  <form id="token-form" autocomplete="off">
    <label for="token">身份令牌</label>
    <input id="token" type="password" spellcheck="false" placeholder="粘贴 Bearer 令牌；不填为社会公众" aria-describedby="viewer">
    <button type="submit">使用</button>
    <button type="button" id="token-clear">清除</button>
  </form>
  <span id="viewer" aria-live="polite"></span>
</div>
<div id="graphiql"><p class="cg-loading">正在加载 GraphiQL…</p></div>
<noscript>此页面需要启用 JavaScript；也可直接 POST /graphql（application/json）。</noscript>
<script type="application/json" id="explorer-operations">${jsonBlock(tabs)}</script>
<script src="/explorer/assets/graphiql.js?v=${v}" defer></script>
</body>
</html>
`;
}

export function catalogPage(bundle: Bundle): string {
  const v = bundle.version;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>政务信息资源目录</title>
<link rel="stylesheet" href="/explorer/assets/catalog.css?v=${v}">
</head>
<body>
<a class="skip" href="#main">跳到主要内容</a>
<header class="site-header">
  <h1>政务信息资源目录</h1>
  <nav aria-label="主导航">
    <a href="/explorer" data-nav>目录检索</a>
    <a href="/explorer/stats" data-nav>统计</a>
    <a href="/graphql">GraphQL 接口</a>
  </nav>
  <form class="token" id="token-form" autocomplete="off">
    <label for="token">身份令牌</label>
    <input id="token" type="password" spellcheck="false" placeholder="粘贴令牌；不填为社会公众" aria-describedby="viewer">
    <button type="submit">使用</button>
    <button type="button" id="token-clear">退出</button>
    <span class="viewer" id="viewer" aria-live="polite"></span>
  </form>
</header>
<main id="main" tabindex="-1"><p>正在加载…</p></main>
<div id="status" class="visually-hidden" role="status" aria-live="polite"></div>
<noscript>此页面需要启用 JavaScript。</noscript>
<script src="/explorer/assets/catalog.js?v=${v}" defer></script>
</body>
</html>
`;
}

function sendText(res: http.ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}) {
  const buf = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  res.writeHead(status, {
    "content-type": type,
    "content-length": buf.length,
    "x-content-type-options": "nosniff",
    ...extra,
  });
  res.end(res.req?.method === "HEAD" ? undefined : buf);
}

const BUILD_FAILED = "浏览器页面暂时无法生成，请查看网关日志 (explorer bundle build failed; see the gateway log)";

let bundleLogged = false;

/** The bundle, or null after answering 500 and logging why (a build error never throws on). */
async function bundleOr500(res: http.ServerResponse, log: Logger): Promise<Bundle | null> {
  try {
    const bundle = await getBundle((e) => log.warn({ err: errorInfo(e) }, "explorer: cannot write the bundle cache (serving the fresh build)"));
    if (!bundleLogged) {
      bundleLogged = true;
      log.info({ source: bundle.source, ms: bundle.ms, version: bundle.version }, "explorer: browser bundle ready");
    }
    return bundle;
  } catch (e) {
    log.error({ err: errorInfo(e) }, "explorer: building the browser bundle (GraphiQL, catalog page) with esbuild failed");
    sendText(res, 500, BUILD_FAILED, "text/plain; charset=utf-8", { "cache-control": "no-store" });
    return null;
  }
}

function errorInfo(e: unknown): Record<string, unknown> {
  if (!(e instanceof Error)) return { message: String(e) };
  const errors = (e as { errors?: Array<{ text: string; location?: { file: string; line: number } }> }).errors;
  return {
    message: e.message.split("\n").slice(0, 6).join("\n"),
    ...(errors?.length ? { errors: errors.slice(0, 5).map((x) => (x.location ? `${x.location.file}:${x.location.line}: ${x.text}` : x.text)) } : {}),
  };
}

/** GET /graphql from a browser: the GraphQL IDE. */
export async function serveGraphiQL(req: http.IncomingMessage, res: http.ServerResponse, log: Logger): Promise<void> {
  const bundle = await bundleOr500(res, log);
  if (!bundle) return;
  const tabs = await operationTabs();
  sendText(res, 200, graphiqlPage(bundle, tabs), "text/html; charset=utf-8", { "cache-control": "no-cache" });
}

function serveAsset(req: http.IncomingMessage, res: http.ServerResponse, url: URL, bundle: Bundle, name: AssetName) {
  const asset = bundle.assets.get(name)!;
  const cache = url.searchParams.get("v") === bundle.version ? "public, max-age=31536000, immutable" : "no-cache";
  const headers: Record<string, string> = { etag: asset.etag, "cache-control": cache, vary: "accept-encoding" };
  if (req.headers["if-none-match"] === asset.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
  if (gzip) headers["content-encoding"] = "gzip";
  sendText(res, 200, gzip ? asset.gzip : asset.body, asset.type, headers);
}

/** Everything under /explorer. */
export async function serveExplorer(req: http.IncomingMessage, res: http.ServerResponse, url: URL, log: Logger): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    return sendText(res, 405, "只支持 GET (method not allowed)", "text/plain; charset=utf-8", { allow: "GET, HEAD" });
  }
  const p = url.pathname;
  const assetName = p.startsWith("/explorer/assets/") ? p.slice("/explorer/assets/".length) : null;
  const isPage = p === "/explorer" || p === "/explorer/" || p === "/explorer/stats" || /^\/explorer\/resource\/[^/]+$/.test(p);
  if (assetName !== null && !(ASSET_NAMES as readonly string[]).includes(assetName)) {
    return sendText(res, 404, "没有这个文件 (not found)", "text/plain; charset=utf-8");
  }
  if (assetName === null && !isPage) return sendText(res, 404, "没有这个页面 (not found)", "text/plain; charset=utf-8");
  const bundle = await bundleOr500(res, log);
  if (!bundle) return;
  if (assetName !== null) return serveAsset(req, res, url, bundle, assetName as AssetName);
  sendText(res, 200, catalogPage(bundle), "text/html; charset=utf-8", { "cache-control": "no-cache" });
}
