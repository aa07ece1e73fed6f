// The committed summary of the performance bench: bench/results/results.md (tables: scenario ×
// system, the issue's targets, diagnostics, profiles; machine and versions) and
// bench/results/chart.svg (throughput, grouped bars per scenario), both made from every
// bench/results/perf-<scale>.json present, so a province run adds to a city run.
import fs from "node:fs";
import path from "node:path";
import type { MachineInfo } from "../../lib/report.js";
import { RESULTS_DIR } from "../../lib/report.js";
import type { CopyResult } from "./copy.js";
import type { ScenarioResult } from "./measure.js";
import type { ProfileSummary } from "./profile.js";
import { SCENARIO_TITLES, SYSTEM_LABELS, type ScenarioId } from "./scenarios.js";
import type { ScaleSpec } from "./synth.js";

export interface TargetResult {
  name: string;
  /** null: not measured in this run. */
  pass: boolean | null;
  detail: string;
}

export interface PerfSummary {
  kind: "perf";
  scale: string;
  at: string;
  quick: boolean;
  spec: ScaleSpec;
  machine: MachineInfo;
  loadAverage: { before: number[]; after: Record<string, number[]> };
  versions: { gateway: Record<string, string>; postgraphile: Record<string, string> | null };
  settings: { runs: number; seconds: number; connections: number; warmup: number; poolMax: number; reader: string };
  data: { counts: Record<string, number>; loadedNow: boolean; loadedAt?: string | null; tables: CopyResult[]; populationRowsPerSecond: number | null };
  results: Array<Pick<ScenarioResult, "scenario" | "system" | "connections" | "median"> & { runs: number; errors: Record<string, number> }>;
  extra: {
    rss100: Array<{ scenario: string; connections: number; rps: number; p95: number; p99: number; rssPeakMiB: number }>;
    /** A patched gateway beside a plain one (baseline*), runs interleaved. */
    whatIf: Array<{ scenario: string; variant: string; rps: number; p95: number; statementsPerRequest: number; baselineRps?: number; baselineP95?: number }>;
    statementsByPageSize: Array<{ scenario: string; pageSize: number; statementsPerRequest: number; rps?: number; p95?: number }>;
  };
  equality: Record<string, string>;
  profiles: Record<string, ProfileSummary>;
  targets: TargetResult[];
}

const fmt = (n: number | null | undefined, d = 1) => (n === null || n === undefined || !Number.isFinite(n) ? "–" : n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(d));
/** a / b, or null when either is missing. Targets compare it as it is; it is shown to two decimals. */
const exactRatio = (a?: number, b?: number) => (a !== undefined && b ? a / b : null);
const ratio = (a?: number, b?: number) => {
  const r = exactRatio(a, b);
  return r === null ? null : Math.round(r * 100) / 100;
};
/** A ratio as shown: two decimals, three when two would round a miss up to its target. */
const shown = (r: number, min: number) => (r < min && Math.round(r * 100) / 100 >= min ? r.toFixed(3) : String(Math.round(r * 100) / 100));
/** How far a ratio falls short of its target, in per cent (one decimal below 1 %). */
const short = (r: number, min: number) => {
  const pct = (1 - r / min) * 100;
  return `, ${pct < 1 ? pct.toFixed(1) : Math.round(pct)} % short`;
};

function find(s: PerfSummary, scenario: string, system: string) {
  return s.results.find((r) => r.scenario === scenario && r.system === system);
}

/** What-ifs that are the gateway's own settings, not patches: the variant's name and its environment. */
export const SETTING_WHAT_IF: Record<string, Record<string, string>> = {
  "no-search-cache": { SEARCH_CACHE_ENTRIES: "0" },
  "no-entry-cache": { ENTRY_CACHE_ENTRIES: "0" },
  "graphql-js": { GRAPHQL_COMPILE_AFTER: "0" },
  "no-access-cache": { ACCESS_CACHE_ENTRIES: "0" },
  // Every request loads its account and charges its rate-limit buckets (src/server/authenticate.ts).
  "per-request-charges": { RATE_LIMIT_LEASE_PERCENT: "0", ACCOUNT_CACHE_ENTRIES: "0" },
};

export function evaluateTargets(s: PerfSummary): TargetResult[] {
  const out: TargetResult[] = [];
  const rps = (sc: string, sys: string) => find(s, sc, sys)?.median.rps;
  const vs = (sc: string, sys: string, min: number) => {
    const r = exactRatio(rps(sc, "gateway"), rps(sc, sys));
    out.push({
      name: `${sc} ≥ ${min.toFixed(1)}× ${SYSTEM_LABELS[sys as "raw"]}`,
      pass: r === null ? null : r >= min,
      detail: r === null ? "not measured" : `${shown(r, min)}× (${fmt(rps(sc, "gateway"))} vs ${fmt(rps(sc, sys))} req/s)${r < min ? short(r, min) : ""}`,
    });
  };
  // A scenario with a cache of the gateway off (its what-if setting): the gateway then runs every
  // statement the raw ceiling runs, which is what the ratio is meant to compare.
  const cacheOff = (sc: string, variant: string, cache: string) => {
    const off = s.extra.whatIf.find((w) => w.scenario === sc && w.variant === variant);
    const raw = rps(sc, "raw");
    if (!off || !raw) return;
    const r = exactRatio(off.rps, raw)!;
    out.push({
      name: `${sc} ≥ 0.6× raw ceiling, ${cache} off (the same statements as the raw ceiling)`,
      pass: r >= 0.6,
      detail: `${shown(r, 0.6)}× (${fmt(off.rps)} vs ${fmt(raw)} req/s)${r < 0.6 ? short(r, 0.6) : ""}`,
    });
  };
  vs("W1", "postgraphile", 1.0);
  vs("W1", "raw", 0.6);
  cacheOff("W1", "no-search-cache", "search cache"); // the ranking and the facets on each request
  vs("W2", "postgraphile", 1.0);
  vs("W2", "raw", 0.6);
  cacheOff("W2", "no-entry-cache", "entry cache"); // the entry and its related entries on each request
  vs("W3", "postgraphile", 0.8);
  const noAudit = s.extra.whatIf.find((w) => w.scenario === "W3" && w.variant === "no-audit");
  const w3 = noAudit?.baselineRps ?? rps("W3", "gateway");
  if (noAudit && w3) {
    const cost = Math.round((1 - w3 / noAudit.rps) * 1000) / 10;
    out.push({ name: "audit write ≤ 10 % of W3's throughput", pass: cost <= 10, detail: `${cost} % (${fmt(w3)} req/s with, ${fmt(noAudit.rps)} without)` });
  } else out.push({ name: "audit write ≤ 10 % of W3's throughput", pass: null, detail: "not measured" });
  // The same once the count(*) that dominates W3 is gone (what the audit costs a fast W3).
  const nc = s.extra.whatIf.find((w) => w.scenario === "W3" && w.variant === "no-count");
  const ncna = s.extra.whatIf.find((w) => w.scenario === "W3" && w.variant === "no-count,no-audit");
  if (nc && ncna) {
    const cost = Math.round((1 - nc.rps / ncna.rps) * 1000) / 10;
    out.push({ name: "audit write ≤ 10 % of W3's throughput, W3 without its count(*)", pass: cost <= 10, detail: `${cost} % (${fmt(nc.rps)} req/s with, ${fmt(ncna.rps)} without)` });
  }
  const w1 = find(s, "W1", "gateway")?.median.statementsPerRequest;
  const w1b = s.extra.statementsByPageSize.find((x) => x.scenario === "W1" && x.pageSize === 100)?.statementsPerRequest;
  const w3s = find(s, "W3", "gateway")?.median.statementsPerRequest;
  const w4s = find(s, "W4", "gateway")?.median.statementsPerRequest;
  const same = (a?: number, b?: number) => a !== undefined && b !== undefined && Math.abs(a - b) < 0.5;
  const pairs = [[w1, w1b], [w3s, w4s]].filter(([a, b]) => a !== undefined && b !== undefined);
  out.push({
    name: "statements per request constant in the page size (W1, W3, W4)",
    pass: pairs.length ? pairs.every(([a, b]) => same(a, b)) : null,
    detail: `W1 ${fmt(w1, 2)} at 20 rows, ${fmt(w1b, 2)} at 100; W3 ${fmt(w3s, 2)} at 100 rows, W4 ${fmt(w4s, 2)} at 1,000`,
  });
  const w1p95 = find(s, "W1", "gateway");
  if (s.scale === "province") {
    out.push({
      name: "W1 at province scale: p95 < 50 ms at 10 connections",
      pass: w1p95 && w1p95.connections === 10 ? w1p95.median.p95 < 50 : null,
      detail: w1p95 ? `p95 ${fmt(w1p95.median.p95)} ms at ${w1p95.connections} connections` : "not measured",
    });
  }
  const rss = s.extra.rss100;
  out.push({
    name: "peak RSS < 300 MB at 100 connections",
    pass: rss.length ? rss.every((r) => r.rssPeakMiB * 1.048576 < 300) : null,
    detail: rss.length ? rss.map((r) => `${r.scenario} ${fmt(r.rssPeakMiB)} MiB (${fmt(r.rssPeakMiB * 1.048576)} MB)`).join(", ") : "not measured",
  });
  return out;
}

// ------------------------------------------------------------------------------ markdown

function loadSummaries(): Array<{ file: string; summary: PerfSummary }> {
  return ["city", "province"]
    .map((scale) => path.join(RESULTS_DIR, `perf-${scale}.json`))
    .filter((f) => fs.existsSync(f))
    .map((file) => ({ file, summary: JSON.parse(fs.readFileSync(file, "utf8")) as PerfSummary }));
}

const SYSTEM_ORDER = ["gateway", "raw", "postgraphile"];

function scaleSection(s: PerfSummary): string {
  const lines: string[] = [];
  const spec = s.spec;
  lines.push(`## ${s.scale === "city" ? "City" : "Province"} scale${s.quick ? " (quick run: not for figures)" : ""}`);
  lines.push("");
  lines.push(
    `Data: ${spec.departments} departments, ${spec.resources.toLocaleString("en-US")} resources, ${spec.items.toLocaleString("en-US")} data items, ` +
      `${spec.population.toLocaleString("en-US")} rows of 人口基本信息 (J01-002-0001), on top of the demo city 江州市 ` +
      `(\`npm run bench:data -- --scale ${s.scale}\`, deterministic).` +
      (s.data.populationRowsPerSecond
        ? ` Loaded ${s.data.loadedNow ? "in this run" : `by an earlier run (${s.data.loadedAt ?? "?"})`}: ${s.data.populationRowsPerSecond.toLocaleString("en-US")} population rows/s through COPY, the rebuilding of the table's keys included (target ≥ 50,000: ${s.data.populationRowsPerSecond >= 50_000 ? "met" : "**missed**"}).`
        : ""),
  );
  if (s.data.tables.length) {
    lines.push("", "| table | rows | seconds | rows/s |", "|---|--:|--:|--:|");
    for (const t of s.data.tables) lines.push(`| ${t.table} | ${t.rows.toLocaleString("en-US")} | ${t.seconds.toFixed(1)} | ${t.rows && t.seconds ? Math.round(t.rows / t.seconds).toLocaleString("en-US") : "–"} |`);
  }
  lines.push("");
  lines.push(
    `Runs: ${s.settings.runs} × ${s.settings.seconds} s per scenario and system after ${s.settings.warmup} s of warm-up, ${s.settings.connections} connections, ` +
      `medians; pool of ${s.settings.poolMax} connections per server; load average ${s.loadAverage.before.join(" / ")} (1/5/15 min) before, ` +
      Object.entries(s.loadAverage.after).map(([k, v]) => `${v[0]} after ${k}`).join(", ") + ".",
  );
  lines.push("");
  lines.push("| scenario | system | req/s | p50 ms | p95 ms | p99 ms | statements/request | peak RSS MiB | not OK |");
  lines.push("|---|---|--:|--:|--:|--:|--:|--:|--:|");
  const scenarios = [...new Set(s.results.map((r) => r.scenario))].sort();
  for (const sc of scenarios) {
    for (const sys of SYSTEM_ORDER) {
      const r = find(s, sc, sys);
      if (!r) continue;
      const m = r.median;
      const bad = Object.values(r.errors).reduce((a, b) => a + b, 0);
      lines.push(
        `| ${sc} | ${SYSTEM_LABELS[sys as "raw"]} | ${fmt(m.rps)} | ${fmt(m.p50)} | ${fmt(m.p95)} | ${fmt(m.p99)} | ${fmt(m.statementsPerRequest, 2)} | ${fmt(m.rssPeakMiB)} | ${bad ? `${bad}: ${Object.entries(r.errors).map(([k, v]) => `${k}×${v}`).join(" ")}` : "0"} |`,
      );
    }
  }
  lines.push("");
  lines.push("Scenarios: " + scenarios.filter((x) => x in SCENARIO_TITLES).map((x) => `**${x}** ${SCENARIO_TITLES[x as ScenarioId]}`).join("; ") + ".");
  lines.push("");
  lines.push("### Targets", "", "| target | result | measured |", "|---|---|---|");
  for (const t of s.targets.filter((x) => x.pass !== null)) lines.push(`| ${t.name} | ${t.pass ? "met" : "**missed**"} | ${t.detail} |`);
  const unmeasured = s.targets.filter((x) => x.pass === null).map((x) => x.name);
  if (unmeasured.length) lines.push("", `Not measured at this scale: ${unmeasured.join("; ")}.`);
  lines.push("");
  if (s.extra.whatIf.length || s.extra.rss100.length || Object.keys(s.equality).length) {
    lines.push("### Diagnostics", "");
    for (const w of s.extra.whatIf) {
      const base = w.baselineRps ?? find(s, w.scenario, "gateway")?.median.rps;
      const setting = SETTING_WHAT_IF[w.variant];
      const how = setting
        ? `with its setting ${Object.entries(setting).map(([k, v]) => `\`${k}=${v}\``).join(" ")} (\`${w.variant}\`)`
        : `with the gateway's \`${w.variant}\` what-if (bench/perf/lib/what-if.mjs, patched at load time, never a production switch)`;
      lines.push(
        `- ${w.scenario} ${how}, ` +
          `runs interleaved with a plain gateway: ${fmt(w.rps)} req/s, p95 ${fmt(w.p95)} ms, ${fmt(w.statementsPerRequest, 2)} statements/request` +
          (base ? `; the plain gateway beside it ${fmt(base)} req/s${w.baselineP95 !== undefined ? `, p95 ${fmt(w.baselineP95)} ms` : ""} (×${ratio(w.rps, base)})` : "") + ".",
      );
    }
    for (const r of s.extra.statementsByPageSize) {
      if (r.rps !== undefined) lines.push(`- ${r.scenario} with first ${r.pageSize} (one run): ${fmt(r.rps)} req/s, p95 ${fmt(r.p95)} ms, ${fmt(r.statementsPerRequest, 2)} statements/request.`);
    }
    for (const r of s.extra.rss100) lines.push(`- ${r.scenario} at ${r.connections} connections: ${fmt(r.rps)} req/s, p95 ${fmt(r.p95)} ms, p99 ${fmt(r.p99)} ms, peak RSS ${fmt(r.rssPeakMiB)} MiB.`);
    for (const [k, v] of Object.entries(s.equality)) lines.push(`- ${k}: the raw ceiling's answer ${v === "equal" ? "is the gateway's, byte for byte once parsed (retrievedAt aside)" : `differs from the gateway's: ${v}`}.`);
    lines.push("");
  }
  const profiles = Object.entries(s.profiles);
  if (profiles.length) {
    lines.push(
      "### Where the gateway's time goes",
      "",
      "The V8 CPU profiler (what `node --cpu-prof` runs), started and stopped around one measured run of a fresh gateway",
      "(bench/perf/lib/cpu-profile.mjs), so start-up and warm-up are left out. Self time; `writev` is almost all pg sending",
      "a statement (Writable.uncork in pg's query submit), a little the HTTP response; `run` is jose's HMAC check of the",
      "bearer token on WebCrypto's job queue. Files under bench/results/ (open them in Chrome DevTools).",
      "",
    );
    for (const [id, p] of profiles) {
      lines.push(`**${id}**: ${p.busyMs.toLocaleString("en-US")} ms busy of ${p.totalMs.toLocaleString("en-US")} ms sampled (${p.file}). Self time by area: ` +
        p.areas.slice(0, 10).map((a) => `${a.area} ${a.share} %`).join(", ") + ".");
      lines.push("", "| self % | self ms | function | where |", "|--:|--:|---|---|");
      for (const f of p.functions.slice(0, 12)) lines.push(`| ${f.share} | ${f.selfMs} | \`${f.name}\` | ${f.where} |`);
      lines.push("");
    }
  }
  return lines.join("\n");
}

export function renderMarkdown(summaries: PerfSummary[]): string {
  const first = summaries[0];
  const m = first.machine;
  const lines = [
    "# Performance: catalog-gateway, the raw ceiling and PostGraphile 5",
    "",
    "Made by `npm run bench` (bench/perf/run.ts) from scratch: deterministic data on a PostgreSQL cluster of the bench's own",
    "(pg_stat_statements preloaded), each system a child process on localhost, autocannon for the load; for each scenario the",
    "systems' runs are interleaved (run 1 of each, then run 2 of each, …), so load from elsewhere weighs on all of them alike.",
    "Statements per request: the calls pg_stat_statements counts in the bench database over 20 sequential requests on an idle",
    "server after 20 priming ones, divided by 20: the steady state (BEGIN and COMMIT would count; none is left on these paths).",
    "Peak RSS: the server process's VmRSS sampled every 100 ms, the median of the runs' peaks. The raw ceiling",
    "(bench/perf/raw-server.ts) runs the gateway's SQL with node:http and pg, without a cache: for W1 that is the gateway with",
    "its search cache off (`SEARCH_CACHE_ENTRIES=0`, measured beside it below), while the gateway as shipped takes a repeated",
    "search's ranked ids and facets from its cache and reads only the page's entries; for W2 it is the gateway with its entry",
    "cache off (`ENTRY_CACHE_ENTRIES=0`, beside it below), while the gateway as shipped serves a detail page read before from",
    "its entry cache (W2's probe picks 20 of 500 codes at random, mostly not cached yet, so its statements per request are",
    "those of an entry read the first time; a cached one runs none). PostGraphile 5 runs the equivalent",
    "queries without masking, audit, authentication, rate limits or a cache (bench/postgraphile). The gateway runs as",
    "`npm start` runs it (dist/, transpiled), with NODE_ENV=production, rate limits on but set very high, and the reader",
    "市卫生健康委员会 (health, CONSUMER).",
    "",
    `Machine: ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, ${m.platform}, kernel ${m.kernel}; Node ${m.node}; PostgreSQL ${m.postgres ?? "?"}. ` +
      "Other work ran on the same machine during the runs (load averages below): figures are noisy, ratios within one run are the meaningful part.",
    "",
    `Gateway stack: ${Object.entries(first.versions.gateway).map(([k, v]) => `${k} ${v}`).join(", ")}.`,
    first.versions.postgraphile ? `PostGraphile stack: ${Object.entries(first.versions.postgraphile).map(([k, v]) => `${k} ${v}`).join(", ")} (Amber preset; its engines field asks for Node ≥ 22, it ran on ${m.node}).` : "",
    "",
    "![throughput per scenario and system](chart.svg)",
    "",
  ];
  for (const s of summaries) lines.push(scaleSection(s), "");
  return lines.filter((l, i, a) => !(l === "" && a[i - 1] === "")).join("\n") + "\n";
}

// ------------------------------------------------------------------------------ chart

const COLORS: Record<string, string> = { gateway: "#2b6cb0", raw: "#718096", postgraphile: "#c05621" };
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

/** Grouped bars: one panel per scenario (each with its own scale), one bar per system. */
export function renderChart(s: PerfSummary): string {
  const scenarios = [...new Set(s.results.map((r) => r.scenario))].filter((x) => /^W\d$/.test(x)).sort();
  const W = 960;
  const H = 380;
  const top = 78;
  const bottom = 52;
  const left = 20;
  const panelW = (W - left * 2) / Math.max(scenarios.length, 1);
  const plotH = H - top - bottom;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">Throughput, requests per second (median of ${s.settings.runs}, ${s.settings.connections} connections, ${s.scale} scale)</text>`,
    `<text x="${W / 2}" y="40" text-anchor="middle" fill="#555">each panel has its own scale; higher is better; ${esc(s.machine.cores + " cores, Node " + s.machine.node + ", PostgreSQL " + (s.machine.postgres ?? "?"))}</text>`,
  ];
  let lx = W / 2 - 215;
  for (const sys of SYSTEM_ORDER) {
    out.push(`<rect x="${lx}" y="50" width="12" height="12" fill="${COLORS[sys]}"/><text x="${lx + 16}" y="60">${esc(SYSTEM_LABELS[sys as "raw"])}</text>`);
    lx += 150;
  }
  scenarios.forEach((sc, i) => {
    const x0 = left + i * panelW;
    const bars = SYSTEM_ORDER.map((sys) => ({ sys, r: find(s, sc, sys) })).filter((b) => b.r);
    const max = Math.max(...bars.map((b) => b.r!.median.rps), 1);
    const bw = Math.min(44, (panelW - 30) / Math.max(bars.length, 1));
    const gx = x0 + (panelW - bw * bars.length) / 2;
    out.push(`<line x1="${x0 + 8}" y1="${top + plotH}" x2="${x0 + panelW - 8}" y2="${top + plotH}" stroke="#999"/>`);
    bars.forEach((b, j) => {
      const v = b.r!.median.rps;
      const h = Math.max(1, (v / max) * (plotH - 18));
      const x = gx + j * bw;
      out.push(`<rect x="${x + 3}" y="${top + plotH - h}" width="${bw - 6}" height="${h}" fill="${COLORS[b.sys]}"><title>${esc(`${sc} ${SYSTEM_LABELS[b.sys as "raw"]}: ${v} req/s, p95 ${b.r!.median.p95} ms`)}</title></rect>`);
      out.push(`<text x="${x + bw / 2}" y="${top + plotH - h - 4}" text-anchor="middle" font-size="11">${fmt(v)}</text>`);
    });
    out.push(`<text x="${x0 + panelW / 2}" y="${top + plotH + 18}" text-anchor="middle" font-weight="bold">${sc}</text>`);
    const sub: Record<string, string> = { W1: "search", W2: "detail", W3: "100 rows", W4: "1,000 rows", W5: "verify", W6: "share request" };
    out.push(`<text x="${x0 + panelW / 2}" y="${top + plotH + 34}" text-anchor="middle" fill="#555">${sub[sc] ?? ""}</text>`);
  });
  out.push("</svg>");
  return out.join("\n") + "\n";
}

/**
 * Writes results.md and chart.svg from every perf-*.json present and returns their paths
 * (relative). Each summary's targets are evaluated again from its figures by the rules above, and
 * written back when that changes them, so neither the report nor a summary shows a verdict that
 * the current rules would not give.
 */
export function writeReport(): string[] {
  const loaded = loadSummaries();
  if (!loaded.length) return [];
  for (const { file, summary } of loaded) {
    const targets = evaluateTargets(summary);
    if (JSON.stringify(targets) === JSON.stringify(summary.targets)) continue;
    summary.targets = targets;
    fs.writeFileSync(file, JSON.stringify(summary, null, 2) + "\n");
  }
  const summaries = loaded.map((l) => l.summary);
  fs.writeFileSync(path.join(RESULTS_DIR, "results.md"), renderMarkdown(summaries));
  const chartFrom = summaries.find((s) => s.scale === "city") ?? summaries[0];
  fs.writeFileSync(path.join(RESULTS_DIR, "chart.svg"), renderChart(chartFrom));
  return ["bench/results/results.md", "bench/results/chart.svg"];
}
