// The landing page at GET /graphql in a browser: a small query console that needs no internet
// (no CDN, no external fonts or scripts), for users behind a government network.

const EXAMPLE = `# 检索目录：中文检索、分面统计
query SearchCatalog($search: String) {
  resources(filter: { search: $search }, first: 5) {
    totalCount
    facets { shareType { value label count } }
    nodes {
      code
      name
      shareType
      openType
      provider { name }
      items { code name sensitivity maskingStrategy }
    }
  }
}`;

export function landingPage(): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>政务信息资源目录网关 · GraphQL</title>
<style>
  body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; margin: 0; background: #f5f6f8; color: #1f2329; }
  header { background: #1f4e8c; color: #fff; padding: 12px 20px; }
  header h1 { font-size: 18px; margin: 0; }
  header p { margin: 4px 0 0; font-size: 13px; opacity: .85; }
  main { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; padding: 12px 20px; }
  label { font-size: 13px; display: block; margin: 8px 0 4px; }
  textarea, input { width: 100%; box-sizing: border-box; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; border: 1px solid #c9cdd4; border-radius: 4px; padding: 8px; }
  #query { height: 340px; }
  #variables { height: 80px; }
  pre { background: #fff; border: 1px solid #c9cdd4; border-radius: 4px; padding: 8px; min-height: 480px; overflow: auto; font-size: 13px; margin: 0; }
  button { background: #1f4e8c; color: #fff; border: 0; border-radius: 4px; padding: 8px 18px; font-size: 14px; cursor: pointer; margin-top: 8px; }
  .hint { font-size: 12px; color: #646a73; }
</style>
</head>
<body>
<header>
  <h1>政务信息资源目录网关</h1>
  <p>GraphQL 接口：POST /graphql（application/json）。此页面无需访问互联网。</p>
</header>
<main>
  <section>
    <label for="token">身份令牌（可选，Bearer 令牌；不填则以社会公众身份访问）</label>
    <input id="token" placeholder="npm run --silent token -- health">
    <label for="query">查询</label>
    <textarea id="query" spellcheck="false"></textarea>
    <label for="variables">变量（JSON）</label>
    <textarea id="variables" spellcheck="false">{ "search": "人口" }</textarea>
    <button id="run" type="button">执行 (Ctrl+Enter)</button>
    <p class="hint">示例操作见仓库 schema/operations/；完整模式见 schema/schema.graphql。</p>
  </section>
  <section>
    <label>结果</label>
    <pre id="result"></pre>
  </section>
</main>
<script src="/graphql/console.js"></script>
</body>
</html>`;
}

/** The console's script, served from the gateway itself so that the page's CSP allows no inline code. */
export function consoleScript(): string {
  return `(function () {
  var q = document.getElementById("query");
  var v = document.getElementById("variables");
  var t = document.getElementById("token");
  var out = document.getElementById("result");
  q.value = ${JSON.stringify(EXAMPLE)};
  try { t.value = sessionStorage.getItem("cg-token") || ""; } catch (e) {}
  function run() {
    var vars = {};
    if (v.value.trim()) {
      try { vars = JSON.parse(v.value); } catch (e) { out.textContent = "变量不是有效的 JSON: " + e.message; return; }
    }
    var headers = { "content-type": "application/json" };
    var tok = t.value.trim();
    try { sessionStorage.setItem("cg-token", tok); } catch (e) {}
    if (tok) headers.authorization = "Bearer " + tok.replace(/^Bearer\\s+/i, "");
    out.textContent = "…";
    fetch("/graphql", { method: "POST", headers: headers, body: JSON.stringify({ query: q.value, variables: vars }) })
      .then(function (r) { return r.text(); })
      .then(function (txt) {
        try { out.textContent = JSON.stringify(JSON.parse(txt), null, 2); } catch (e) { out.textContent = txt; }
      })
      .catch(function (e) { out.textContent = "请求失败: " + e.message; });
  }
  document.getElementById("run").addEventListener("click", run);
  document.addEventListener("keydown", function (e) { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) run(); });
})();
`;
}
