/// <reference lib="dom" />
// The catalog explorer at /explorer: search with facets, resource detail, statistics. Talks to the
// gateway only through POST /graphql. Routes: /explorer, /explorer/resource/<code>, /explorer/stats
// (History API; the server answers all three with the same page).
import "./catalog.css";
import { barChart, legend, type Row, type Series } from "./charts.js";
import { fill, h, type Child } from "./dom.js";
import {
  CATEGORY,
  DATA_TYPE,
  FORMAT,
  label,
  MASKING,
  OPEN_TYPE,
  ROLE,
  SENSITIVITY,
  SHARE_METHOD,
  SHARE_TYPE,
  UPDATE_CYCLE,
  VERSION_KIND,
} from "./labels.js";
import { CATALOG_STATS_QUERY, DETAIL_QUERY, ME_QUERY, SEARCH_QUERY, SHARING_REPORT_QUERY } from "./queries.js";
import { postGraphQL, readToken, writeToken, type GraphQLResponse } from "./token.js";

const PAGE_SIZE = 20;

interface Facet {
  value: string;
  label: string;
  count: number;
}

interface ResourceNode {
  code: string;
  name: string;
  summary: string;
  category: string;
  theme: string | null;
  shareType: string;
  openType: string;
  updateCycle: string;
  updatedAt: string;
  provider: { code: string; name: string };
}

interface SearchData {
  resources: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    facets: Record<FacetKey, Facet[]>;
    nodes: ResourceNode[];
  };
}

type FacetKey = "shareType" | "openType" | "department" | "category";

/** Facet → the filter field it sets. */
const FACETS: Array<{ key: FacetKey; filter: string; title: string }> = [
  { key: "shareType", filter: "shareType", title: "共享类型" },
  { key: "openType", filter: "openType", title: "开放类型" },
  { key: "department", filter: "departmentCode", title: "提供部门" },
  { key: "category", filter: "category", title: "资源分类" },
];

const main = document.getElementById("main") as HTMLElement;
const statusEl = document.getElementById("status") as HTMLElement;

// ---------------------------------------------------------------- helpers

const dateFmt = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" });
const dateTimeFmt = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

function date(v: string | null | undefined, withTime = false): string {
  if (!v) return "—";
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? v : (withTime ? dateTimeFmt : dateFmt).format(d);
}

function num(n: number): string {
  return n.toLocaleString("zh-CN");
}

function errorText(r: GraphQLResponse): string {
  const e = r.errors?.[0];
  if (!e) return `请求失败 (HTTP ${r.status})`;
  return e.extensions?.code ? `${e.message}（${e.extensions.code}）` : e.message;
}

function errorBox(text: string): HTMLElement {
  return h("p", { class: "error", role: "alert" }, text);
}

function setStatus(text: string): void {
  statusEl.textContent = text;
}

/** Links inside the page navigate without reloading. */
function navLink(href: string, attrs: Record<string, string>, ...children: Child[]): HTMLAnchorElement {
  return h("a", { href, "data-nav": "", ...attrs }, ...children);
}

function navigate(href: string, replace = false): void {
  if (replace) history.replaceState(null, "", href);
  else history.pushState(null, "", href);
  void route(true);
}

document.addEventListener("click", (e) => {
  const me = e as MouseEvent;
  if (me.defaultPrevented || me.button !== 0 || me.metaKey || me.ctrlKey || me.shiftKey || me.altKey) return;
  const a = (e.target as Element | null)?.closest?.("a[data-nav]");
  if (!a) return;
  const href = a.getAttribute("href");
  if (!href || !href.startsWith("/explorer")) return;
  e.preventDefault();
  navigate(href);
});
window.addEventListener("popstate", () => void route(true));

function badge(kind: string, value: string, text: string): HTMLElement {
  return h("span", { class: `badge ${kind}-${value}` }, text);
}

/** Ignores answers to requests that a newer one has replaced. */
let generation = 0;

// ---------------------------------------------------------------- viewer and token

let viewerLabel = "社会公众";
let signedIn = false;

async function refreshViewer(): Promise<void> {
  const out = document.getElementById("viewer") as HTMLElement;
  signedIn = false;
  if (!readToken()) {
    viewerLabel = "社会公众";
    out.textContent = "当前身份：社会公众（开放目录）";
    return;
  }
  out.textContent = "正在验证令牌…";
  try {
    const r = await postGraphQL<{ me: { login: string; name: string; roles: string[]; department: { name: string } | null } | null }>(ME_QUERY);
    const me = r.data?.me;
    if (me) {
      signedIn = true;
      viewerLabel = me.name;
      const roles = me.roles.map((x) => label(ROLE, x)).join("、");
      out.textContent = `当前身份：${me.name}（${me.login}${me.department ? "，" + me.department.name : ""}${roles ? "，" + roles : ""}）`;
    } else {
      out.textContent = `令牌无效：${errorText(r)}`;
    }
  } catch (e) {
    out.textContent = `无法连接网关：${(e as Error).message}`;
  }
}

function setupTokenForm(): void {
  const form = document.getElementById("token-form") as HTMLFormElement;
  const input = document.getElementById("token") as HTMLInputElement;
  const clear = document.getElementById("token-clear") as HTMLButtonElement;
  input.value = readToken();
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    input.value = writeToken(input.value);
    void refreshViewer().then(() => route(false));
  });
  clear.addEventListener("click", () => {
    input.value = writeToken("");
    void refreshViewer().then(() => route(false));
  });
}

// ---------------------------------------------------------------- search

interface SearchState {
  search: string;
  shareType: string;
  openType: string;
  departmentCode: string;
  category: string;
}

function readSearchState(): SearchState {
  const p = new URLSearchParams(location.search);
  return {
    search: p.get("q") ?? "",
    shareType: p.get("shareType") ?? "",
    openType: p.get("openType") ?? "",
    departmentCode: p.get("departmentCode") ?? "",
    category: p.get("category") ?? "",
  };
}

function searchHref(st: SearchState): string {
  const p = new URLSearchParams();
  if (st.search) p.set("q", st.search);
  for (const k of ["shareType", "openType", "departmentCode", "category"] as const) if (st[k]) p.set(k, st[k]);
  const qs = p.toString();
  return qs ? `/explorer?${qs}` : "/explorer";
}

function filterOf(st: SearchState): Record<string, string> {
  const f: Record<string, string> = {};
  if (st.search.trim()) f.search = st.search.trim();
  for (const k of ["shareType", "openType", "departmentCode", "category"] as const) if (st[k]) f[k] = st[k];
  return f;
}

function resultItem(n: ResourceNode): HTMLElement {
  return h(
    "li",
    { class: "result", "data-code": n.code },
    h("h3", {}, navLink(`/explorer/resource/${encodeURIComponent(n.code)}`, {}, n.name)),
    h(
      "p",
      { class: "meta" },
      h("span", { class: "code" }, n.code),
      " · ",
      n.provider.name,
      " · 更新周期：",
      label(UPDATE_CYCLE, n.updateCycle),
      " · 目录更新：",
      date(n.updatedAt),
    ),
    h(
      "p",
      { class: "badges" },
      badge("share", n.shareType, label(SHARE_TYPE, n.shareType)),
      badge("open", n.openType, label(OPEN_TYPE, n.openType)),
      h("span", { class: "badge" }, label(CATEGORY, n.category)),
      n.theme ? h("span", { class: "badge" }, n.theme) : null,
    ),
    h("p", { class: "summary" }, n.summary),
  );
}

async function renderSearch(focusHeading: boolean): Promise<void> {
  const gen = ++generation;
  const st = readSearchState();
  const input = h("input", { id: "q", type: "search", name: "q", placeholder: "如：人口、社会保险、营业执照", autocomplete: "off" });
  input.value = st.search;
  const form = h(
    "form",
    { role: "search", class: "search", "aria-label": "目录检索" },
    h("label", { for: "q" }, "检索资源"),
    input,
    h("button", { type: "submit" }, "检索"),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    navigate(searchHref({ ...st, search: input.value.trim() }));
  });
  const heading = h("h2", { tabindex: "-1", class: "visually-hidden" }, "目录检索");
  const facetsEl = h("aside", { class: "facets", "aria-label": "分面筛选" });
  const results = h("section", { class: "results", "aria-label": "检索结果", "aria-busy": "true" }, h("p", {}, "正在检索…"));
  fill(main, heading, form, h("div", { class: "search-layout" }, facetsEl, results));
  if (focusHeading) heading.focus();

  const first = await postGraphQL<SearchData>(SEARCH_QUERY, { filter: filterOf(st), first: PAGE_SIZE });
  if (gen !== generation) return;
  results.setAttribute("aria-busy", "false");
  if (!first.data?.resources) {
    fill(results, errorBox(`检索失败：${errorText(first)}`));
    return;
  }
  const conn = first.data.resources;

  // Facets: each value is a toggle that sets (or clears) its filter.
  const groups = FACETS.map(({ key, filter, title }) => {
    const active = st[filter as keyof SearchState];
    const values = conn.facets[key] ?? [];
    return h(
      "section",
      { class: "facet", "data-facet": key },
      h("h3", { id: `facet-${key}` }, title),
      values.length
        ? h(
            "ul",
            { "aria-labelledby": `facet-${key}` },
            values.map((f) => {
              const pressed = active === f.value;
              return h(
                "li",
                {},
                h(
                  "button",
                  {
                    type: "button",
                    class: "facet-value",
                    "aria-pressed": pressed ? "true" : "false",
                    "data-value": f.value,
                    onclick: () => navigate(searchHref({ ...st, [filter]: pressed ? "" : f.value })),
                  },
                  h("span", { class: "facet-label" }, f.label),
                  h("span", { class: "count" }, num(f.count)),
                ),
              );
            }),
          )
        : h("p", { class: "muted" }, "无"),
    );
  });
  fill(facetsEl, groups);

  const active: Child[] = [];
  for (const { key, filter, title } of FACETS) {
    const v = st[filter as keyof SearchState];
    if (!v) continue;
    const text = conn.facets[key]?.find((f) => f.value === v)?.label ?? v;
    active.push(
      h(
        "button",
        {
          type: "button",
          class: "chip",
          "aria-label": `取消筛选：${title} ${text}`,
          onclick: () => navigate(searchHref({ ...st, [filter]: "" })),
        },
        `${title}：${text} ×`,
      ),
    );
  }

  const list = h("ol", { class: "result-list" }, conn.nodes.map(resultItem));
  const more = h("button", { type: "button", class: "more" }, "加载更多");
  let cursor = conn.pageInfo.endCursor;
  more.hidden = !conn.pageInfo.hasNextPage;
  more.addEventListener("click", async () => {
    more.disabled = true;
    const r = await postGraphQL<SearchData>(SEARCH_QUERY, { filter: filterOf(st), first: PAGE_SIZE, after: cursor });
    if (gen !== generation) return;
    more.disabled = false;
    if (!r.data?.resources) {
      more.after(errorBox(`加载失败：${errorText(r)}`));
      return;
    }
    for (const n of r.data.resources.nodes) list.appendChild(resultItem(n));
    cursor = r.data.resources.pageInfo.endCursor;
    more.hidden = !r.data.resources.pageInfo.hasNextPage;
  });

  fill(
    results,
    h(
      "p",
      { class: "total", id: "result-count", "aria-live": "polite" },
      st.search ? `“${st.search}”` : "全部资源",
      "：共 ",
      h("strong", { "data-total": conn.totalCount }, num(conn.totalCount)),
      " 条",
      signedIn ? "" : "（开放目录）",
    ),
    active.length ? h("div", { class: "chips" }, active) : null,
    conn.nodes.length ? list : h("p", { class: "muted" }, "没有找到匹配的资源。可以换一个词，或取消部分筛选。"),
    more,
  );
  setStatus(`共 ${conn.totalCount} 条结果`);
}

// ---------------------------------------------------------------- resource detail

interface ResourceDetail extends ResourceNode {
  format: string;
  status: string;
  shareCondition: string | null;
  shareMethods: string[];
  legalBasis: string | null;
  openCondition: string | null;
  sourceSystem: string | null;
  useRequirements: string | null;
  publishedAt: string | null;
  dataUpdatedAt: string | null;
  items: Array<{
    code: string;
    name: string;
    dataType: string;
    length: number | null;
    sensitivity: string;
    maskingStrategy: string;
    description: string | null;
  }>;
  relatedResources: Array<{ code: string; name: string }>;
  versions: Array<{ version: number; kind: string; name: string | null; changedAt: string; note: string | null; diff: unknown }>;
}

function dl(pairs: Array<[string, Child]>): HTMLElement {
  return h(
    "dl",
    { class: "fields" },
    pairs.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v === null || v === undefined || v === "" ? "—" : v)]),
  );
}

function shortValue(v: unknown): string {
  if (v === null || v === undefined) return "—";
  const t = typeof v === "string" ? v : JSON.stringify(v);
  return t.length > 60 ? `${t.slice(0, 60)}…` : t;
}

function diffText(diff: unknown): Child {
  if (!Array.isArray(diff) || diff.length === 0) return "—";
  return h(
    "ul",
    { class: "diff" },
    diff.slice(0, 8).map((d: { field?: string; from?: unknown; to?: unknown }) =>
      h("li", {}, h("code", {}, String(d.field ?? "?")), "：", shortValue(d.from), " → ", shortValue(d.to)),
    ),
    diff.length > 8 ? h("li", {}, `……共 ${diff.length} 处`) : null,
  );
}

async function renderDetail(code: string, focusHeading: boolean): Promise<void> {
  const gen = ++generation;
  fill(main, h("p", { "aria-busy": "true" }, "正在加载…"));
  const r = await postGraphQL<{ resource: ResourceDetail }>(DETAIL_QUERY, { code });
  if (gen !== generation) return;
  const back = h("nav", { class: "crumbs", "aria-label": "位置" }, navLink("/explorer", {}, "目录检索"), " › ", code);
  const res = r.data?.resource;
  if (!res) {
    const notFound = r.errors?.[0]?.extensions?.code === "NOT_FOUND";
    const heading = h("h2", { tabindex: "-1" }, notFound ? "未找到该资源" : "无法加载资源");
    fill(
      main,
      back,
      heading,
      errorBox(notFound ? `没有代码为 ${code} 的资源，或当前身份无权查看。` : errorText(r)),
    );
    if (focusHeading) heading.focus();
    return;
  }
  document.title = `${res.name} · 政务信息资源目录`;
  const heading = h("h2", { tabindex: "-1", id: "detail-title" }, res.name);
  const items = h(
    "table",
    { class: "items", "aria-labelledby": "sec-items" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["代码", "名称", "数据类型", "长度", "敏感级别", "脱敏方式", "说明"].map((t) => h("th", { scope: "col" }, t)),
      ),
    ),
    h(
      "tbody",
      {},
      res.items.map((it) =>
        h(
          "tr",
          { "data-item": it.code },
          h("td", {}, h("code", {}, it.code)),
          h("th", { scope: "row" }, it.name),
          h("td", {}, label(DATA_TYPE, it.dataType)),
          h("td", { class: "num" }, it.length ?? "—"),
          h("td", { class: "sensitivity" }, badge("level", it.sensitivity, `${it.sensitivity} ${label(SENSITIVITY, it.sensitivity)}`)),
          h("td", { class: "masking" }, it.maskingStrategy === "NONE" ? "不脱敏" : `${label(MASKING, it.maskingStrategy)}（${it.maskingStrategy}）`),
          h("td", {}, it.description ?? ""),
        ),
      ),
    ),
  );

  const versions = res.versions.length
    ? h(
        "table",
        { class: "versions", "aria-labelledby": "sec-versions" },
        h("thead", {}, h("tr", {}, ["版本", "变更", "修改人", "时间", "说明", "差异"].map((t) => h("th", { scope: "col" }, t)))),
        h(
          "tbody",
          {},
          res.versions.map((v) =>
            h(
              "tr",
              {},
              h("td", { class: "num" }, `v${v.version}`),
              h("td", {}, label(VERSION_KIND, v.kind)),
              h("td", {}, v.name ?? "—"),
              h("td", {}, date(v.changedAt, true)),
              h("td", {}, v.note ?? ""),
              h("td", {}, diffText(v.diff)),
            ),
          ),
        ),
      )
    : h("p", { class: "muted" }, "暂无版本记录。");

  fill(
    main,
    back,
    h(
      "article",
      { class: "detail", "aria-labelledby": "detail-title" },
      h(
        "header",
        {},
        heading,
        h(
          "p",
          { class: "meta" },
          h("span", { class: "code" }, res.code),
          " · 提供部门：",
          navLink(`/explorer?departmentCode=${encodeURIComponent(res.provider.code)}`, {}, res.provider.name),
        ),
        h(
          "p",
          { class: "badges" },
          badge("share", res.shareType, label(SHARE_TYPE, res.shareType)),
          badge("open", res.openType, label(OPEN_TYPE, res.openType)),
          h("span", { class: "badge" }, label(CATEGORY, res.category)),
        ),
      ),
      h("p", { class: "summary" }, res.summary),
      h(
        "div",
        { class: "columns" },
        h(
          "section",
          { "aria-labelledby": "sec-basic" },
          h("h3", { id: "sec-basic" }, "基本信息"),
          dl([
            ["资源分类", label(CATEGORY, res.category)],
            ["主题", res.theme],
            ["资源格式", label(FORMAT, res.format)],
            ["更新周期", label(UPDATE_CYCLE, res.updateCycle)],
            ["发布日期", date(res.publishedAt)],
            ["目录更新", date(res.updatedAt)],
            ["数据更新", date(res.dataUpdatedAt, true)],
            ["来源系统", res.sourceSystem],
            ["使用要求", res.useRequirements],
          ]),
        ),
        h(
          "section",
          { "aria-labelledby": "sec-share", class: "share" },
          h("h3", { id: "sec-share" }, "共享属性"),
          dl([
            ["共享类型", label(SHARE_TYPE, res.shareType)],
            ["共享条件", res.shareCondition],
            ["共享方式", res.shareMethods.map((m) => label(SHARE_METHOD, m)).join("、")],
            ["不予共享依据", res.legalBasis],
          ]),
          h("h3", { id: "sec-open" }, "开放属性"),
          dl([
            ["开放类型", label(OPEN_TYPE, res.openType)],
            ["开放条件", res.openCondition],
          ]),
        ),
      ),
      h("section", { "aria-labelledby": "sec-items" }, h("h3", { id: "sec-items" }, `信息项（${res.items.length} 项）`), h("div", { class: "table-wrap" }, items)),
      res.relatedResources.length
        ? h(
            "section",
            { "aria-labelledby": "sec-related" },
            h("h3", { id: "sec-related" }, "关联资源"),
            h(
              "ul",
              {},
              res.relatedResources.map((x) => h("li", {}, navLink(`/explorer/resource/${encodeURIComponent(x.code)}`, {}, x.name), " ", h("span", { class: "code" }, x.code))),
            ),
          )
        : null,
      h("section", { "aria-labelledby": "sec-versions" }, h("h3", { id: "sec-versions" }, "版本历史（最新在前）"), h("div", { class: "table-wrap" }, versions)),
    ),
  );
  if (focusHeading) heading.focus();
  setStatus(`已打开资源：${res.name}`);
}

// ---------------------------------------------------------------- statistics

interface StatRow {
  departmentCode: string;
  departmentName: string;
  shareType: string;
  openType: string;
  category: string;
  count: number;
}

interface ReportRow {
  departmentCode: string;
  departmentName: string;
  requestsReceived: number;
  approved: number;
  rejected: number;
  overdue: number;
  medianDecisionWorkingDays: number | null;
}

const SHARE_SERIES: Series[] = [
  { key: "UNCONDITIONAL", label: "无条件共享", color: "#2e7d32" },
  { key: "CONDITIONAL", label: "有条件共享", color: "#e39b17" },
  { key: "NOT_SHARED", label: "不予共享", color: "#8c8c8c" },
];

const REQUEST_SERIES: Series[] = [
  { key: "requestsReceived", label: "收到申请", color: "#1f4e8c" },
  { key: "approved", label: "批准", color: "#2e7d32" },
  { key: "rejected", label: "驳回", color: "#c0392b" },
  { key: "overdue", label: "逾期", color: "#e39b17" },
];

function dataTable(caption: string, columns: string[], rows: Child[][]): HTMLElement {
  return h(
    "details",
    { class: "data-table" },
    h("summary", {}, "查看数据表"),
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        {},
        h("caption", {}, caption),
        h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", {}, rows.map((r) => h("tr", {}, r.map((c, i) => (i === 0 ? h("th", { scope: "row" }, c) : h("td", { class: "num" }, c)))))),
      ),
    ),
  );
}

function catalogChart(rows: StatRow[]): HTMLElement {
  const byDept = new Map<string, Row>();
  for (const r of rows) {
    let row = byDept.get(r.departmentCode);
    if (!row) {
      row = {
        key: r.departmentCode,
        label: r.departmentName,
        href: `/explorer?departmentCode=${encodeURIComponent(r.departmentCode)}`,
        values: {},
      };
      byDept.set(r.departmentCode, row);
    }
    row.values[r.shareType] = (row.values[r.shareType] ?? 0) + r.count;
  }
  const total = (r: Row) => SHARE_SERIES.reduce((s, x) => s + (r.values[x.key] ?? 0), 0);
  const list = [...byDept.values()].sort((a, b) => total(b) - total(a) || a.label.localeCompare(b.label, "zh-CN"));
  if (list.length === 0) return h("p", { class: "muted" }, "当前身份可见的目录中没有资源。");
  const title = "各部门信息资源数（按共享类型）";
  return h(
    "figure",
    { class: "figure", id: "chart-catalog" },
    h("figcaption", {}, title),
    legend(SHARE_SERIES),
    barChart({ title, series: SHARE_SERIES, rows: list, mode: "stacked", unit: " 条", labelWidth: 230 }),
    dataTable(
      title,
      ["部门", ...SHARE_SERIES.map((x) => x.label), "合计"],
      list.map((r) => [r.label, ...SHARE_SERIES.map((x) => num(r.values[x.key] ?? 0)), num(total(r))]),
    ),
  );
}

function reportCharts(rows: ReportRow[], year: number): HTMLElement {
  if (rows.every((r) => r.requestsReceived === 0)) return h("p", { class: "muted" }, `${year} 年尚无共享申请。`);
  const list = [...rows].sort((a, b) => b.requestsReceived - a.requestsReceived || a.departmentName.localeCompare(b.departmentName, "zh-CN"));
  const title = `${year} 年各部门收到的共享申请`;
  const countRows: Row[] = list.map((r) => ({
    key: r.departmentCode,
    label: r.departmentName,
    values: { requestsReceived: r.requestsReceived, approved: r.approved, rejected: r.rejected, overdue: r.overdue },
    note: `${num(r.requestsReceived)} 件`,
  }));
  const medianTitle = `${year} 年各部门审批用时中位数（工作日）`;
  const medianSeries: Series[] = [{ key: "median", label: "审批用时中位数", color: "#5b6bbf" }];
  const medianRows: Row[] = list.map((r) => ({
    key: r.departmentCode,
    label: r.departmentName,
    values: { median: r.medianDecisionWorkingDays ?? 0 },
    note: r.medianDecisionWorkingDays === null ? "无已决申请" : `${r.medianDecisionWorkingDays.toLocaleString("zh-CN", { maximumFractionDigits: 1 })} 个工作日`,
  }));
  return h(
    "div",
    {},
    h(
      "figure",
      { class: "figure", id: "chart-requests" },
      h("figcaption", {}, title),
      legend(REQUEST_SERIES),
      barChart({ title, series: REQUEST_SERIES, rows: countRows, mode: "grouped", unit: " 件", labelWidth: 230 }),
    ),
    list.some((r) => r.medianDecisionWorkingDays !== null)
      ? h(
          "figure",
          { class: "figure", id: "chart-decision-time" },
          h("figcaption", {}, medianTitle),
          barChart({ title: medianTitle, series: medianSeries, rows: medianRows, mode: "grouped", decimals: 1, unit: " 个工作日", labelWidth: 230 }),
        )
      : h("p", { class: "muted" }, `${year} 年尚无已决定的申请，没有审批用时。`),
    dataTable(
      title,
      ["部门", "收到申请", "批准", "驳回", "逾期", "审批用时中位数（工作日）"],
      list.map((r) => [
        r.departmentName,
        num(r.requestsReceived),
        num(r.approved),
        num(r.rejected),
        num(r.overdue),
        r.medianDecisionWorkingDays === null ? "—" : r.medianDecisionWorkingDays.toLocaleString("zh-CN", { maximumFractionDigits: 1 }),
      ]),
    ),
  );
}

async function loadReport(target: HTMLElement, year: number, gen: number): Promise<void> {
  target.setAttribute("aria-busy", "true");
  fill(target, h("p", {}, "正在加载…"));
  const r = await postGraphQL<{ sharingReport: { departments: ReportRow[] } }>(SHARING_REPORT_QUERY, { year });
  if (gen !== generation) return;
  target.setAttribute("aria-busy", "false");
  const code = r.errors?.[0]?.extensions?.code;
  if (r.data?.sharingReport) fill(target, reportCharts(r.data.sharingReport.departments, year));
  else if (code === "FORBIDDEN" || code === "UNAUTHENTICATED")
    fill(target, h("p", { class: "notice", role: "note" }, signedIn ? "当前账号无权查看共享统计。" : "登录后可查看共享统计"));
  else fill(target, errorBox(`无法加载共享统计：${errorText(r)}`));
}

async function renderStats(focusHeading: boolean): Promise<void> {
  const gen = ++generation;
  document.title = "统计 · 政务信息资源目录";
  const heading = h("h2", { tabindex: "-1" }, "统计");
  const catalogBox = h("div", { "aria-busy": "true" }, h("p", {}, "正在加载…"));
  const reportBox = h("div", { id: "report" });
  const thisYear = new Date().getFullYear();
  const yearSelect = h(
    "select",
    { id: "year" },
    [0, 1, 2, 3, 4].map((d) => h("option", { value: thisYear - d }, `${thisYear - d} 年`)),
  );
  yearSelect.addEventListener("change", () => void loadReport(reportBox, Number(yearSelect.value), generation));
  fill(
    main,
    heading,
    h(
      "section",
      { class: "stats", "aria-labelledby": "stats-catalog" },
      h("h3", { id: "stats-catalog" }, "目录资源"),
      h("p", { class: "muted" }, signedIn ? `按当前身份（${viewerLabel}）可见的目录统计。` : "按开放目录统计；登录后按当前身份可见的目录统计。"),
      catalogBox,
    ),
    h(
      "section",
      { class: "stats", "aria-labelledby": "stats-sharing" },
      h("h3", { id: "stats-sharing" }, "共享申请与审批用时"),
      h("p", { class: "controls" }, h("label", { for: "year" }, "年度"), yearSelect),
      reportBox,
    ),
  );
  if (focusHeading) heading.focus();
  const catalog = postGraphQL<{ catalogStats: { resources: StatRow[] } }>(CATALOG_STATS_QUERY);
  const report = loadReport(reportBox, thisYear, gen);
  const c = await catalog;
  if (gen !== generation) return;
  catalogBox.setAttribute("aria-busy", "false");
  fill(catalogBox, c.data?.catalogStats ? catalogChart(c.data.catalogStats.resources) : errorBox(`无法加载目录统计：${errorText(c)}`));
  await report;
  setStatus("统计已加载");
}

// ---------------------------------------------------------------- routing

function markNav(): void {
  const p = location.pathname;
  for (const a of Array.from(document.querySelectorAll<HTMLAnchorElement>("header nav a[data-nav]"))) {
    const href = a.getAttribute("href") ?? "";
    const current = href === "/explorer/stats" ? p === "/explorer/stats" : p !== "/explorer/stats";
    if (current) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

async function route(focusHeading: boolean): Promise<void> {
  markNav();
  const p = location.pathname.replace(/\/+$/, "");
  if (!p.startsWith("/explorer/resource/")) document.title = "政务信息资源目录";
  try {
    if (p === "/explorer/stats") await renderStats(focusHeading);
    else if (p.startsWith("/explorer/resource/")) await renderDetail(decodeURIComponent(p.slice("/explorer/resource/".length)), focusHeading);
    else await renderSearch(focusHeading);
  } catch (e) {
    fill(main, errorBox(`无法连接网关：${(e as Error).message}`));
  }
}

setupTokenForm();
void refreshViewer().then(() => route(false));
