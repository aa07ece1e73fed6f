// `npm run bench [-- --scale city|province] [--quick] [--runs N] [--seconds S] [--connections C]
//                 [--only W1,W3] [--systems gateway,raw,postgraphile] [--no-profile] [--no-what-if]
//                 [--what-if no-audit,per-request-charges] [--fresh] [--keep-running]`
//
// The performance bench, side by side in one run: the gateway, the raw ceiling
// (bench/perf/raw-server.ts) and PostGraphile 5 (bench/postgraphile) over the same data on the
// bench's own PostgreSQL cluster (pg_stat_statements preloaded), scenarios W1–W6 (issue 7), each
// as N autocannon runs (median), then diagnostic gateway runs (what the audit write and the
// records count cost, RSS at 100 connections) and CPU profiles of the gateway. Writes
// bench/results/perf-<scale>.json (summary), bench/results/raw/perf-<scale>-<time>.json (all of
// it), and bench/results/results.md and chart.svg (from every perf-*.json present).
//
// BENCH_RUNS (3), BENCH_SECONDS (10), BENCH_CONNECTIONS (10), BENCH_WARMUP_SECONDS (3), BENCH_DIR.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomSecret } from "../lib/gateway.js";
import { runMain } from "../lib/cleanup.js";
import { gql } from "../lib/graphql.js";
import { heading, machineInfo, RESULTS_DIR, fileStamp } from "../lib/report.js";
import { parseFlags, SettingsError } from "../lib/settings.js";
import { serverVersion } from "../lib/postgres.js";
import { ensureClusterData, parseScale, populationRate, printLoad, BENCH_DATABASE } from "./lib/prepare.js";
import { measureScenario, measureSideBySide, type ScenarioResult } from "./lib/measure.js";
import { summarizeProfile, type ProfileSummary } from "./lib/profile.js";
import { StatementStats } from "./lib/stats.js";
import { loadFixtures, planFor, READER, SYSTEM_LABELS, type BenchFixtures, type ScenarioId, type SystemId } from "./lib/scenarios.js";
import {
  gatewayVersions,
  installPostGraphile,
  postgraphileVersions,
  setupPostGraphileSql,
  startGatewaySystem,
  startPostGraphileSystem,
  startRawSystem,
  POOL_MAX,
  type RunningSystem,
} from "./lib/servers.js";
import { evaluateTargets, SETTING_WHAT_IF, writeReport, type PerfSummary } from "./lib/results.js";
import { POPULATION_CODE, SCALES } from "./lib/synth.js";

const ALL_SCENARIOS: ScenarioId[] = ["W1", "W2", "W3", "W4", "W5", "W6"];
const ALL_SYSTEMS: SystemId[] = ["gateway", "raw", "postgraphile"];
const FLAGS = ["what-if", "scale", "quick", "runs", "seconds", "connections", "only", "systems", "no-profile", "no-what-if", "fresh", "keep-running", "warmup", "help"];

function num(flags: Map<string, string>, flag: string, env: string, def: number, min: number, max: number): number {
  const raw = flags.get(flag) ?? process.env[env];
  if (raw === undefined || raw === "") return def;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new SettingsError(`--${flag} / ${env} must be between ${min} and ${max}, not "${raw}"`);
  return n;
}

// What single layers and steps cost: the same gateway with one of them patched out at load
// time (bench/perf/lib/what-if.mjs), never a production switch: the audit write (W3) and the
// graphql-shield middleware (W1, W2, W3); and with its search cache turned off by its setting
// (W1), and its entry cache off by its setting (W2), so that it runs every statement the raw
// ceiling runs; and with every operation executed
// by graphql-js instead of compiled (W1, W2), to show what the compiled executor gains; and with
// its access cache off (W3), so that it runs the access statement on every page as the raw
// ceiling does; and with every request loading its account and charging its rate buckets
// (W1, W3), to show what the account cache and leased tokens save. `--what-if a,b` runs only those.
const ALL_WHAT_IF: Array<[ScenarioId, string]> = [
  ["W3", "no-audit"], ["W1", "no-shield"], ["W2", "no-shield"], ["W3", "no-shield"], ["W1", "no-search-cache"], ["W2", "no-entry-cache"],
  ["W1", "graphql-js"], ["W2", "graphql-js"], ["W3", "no-access-cache"], ["W1", "per-request-charges"], ["W3", "per-request-charges"],
];

function list<T extends string>(raw: string | undefined, all: T[], what: string): T[] {
  if (!raw) return all;
  const out = raw.split(",").map((s) => s.trim()).filter(Boolean) as T[];
  for (const x of out) if (!all.includes(x)) throw new SettingsError(`unknown ${what} ${x} (one of ${all.join(", ")})`);
  return out;
}

runMain(async (cleanup) => {
  const flags = parseFlags(process.argv.slice(2));
  if (flags.has("help")) {
    console.log(fs.readFileSync(new URL(import.meta.url), "utf8").split("\n").slice(0, 13).join("\n"));
    return 0;
  }
  for (const f of flags.keys()) if (!FLAGS.includes(f)) throw new SettingsError(`unknown flag --${f} (try --help)`);
  const quick = flags.has("quick");
  const scale = parseScale(flags.get("scale"));
  const s = {
    runs: num(flags, "runs", "BENCH_RUNS", quick ? 1 : 3, 1, 50),
    seconds: num(flags, "seconds", "BENCH_SECONDS", quick ? 3 : 10, 1, 600),
    connections: num(flags, "connections", "BENCH_CONNECTIONS", 10, 1, 1000),
    warmup: num(flags, "warmup", "BENCH_WARMUP_SECONDS", quick ? 1 : 3, 0, 120),
  };
  const scenarios = list(flags.get("only"), ALL_SCENARIOS, "scenario");
  const systems = list(flags.get("systems"), ALL_SYSTEMS, "system");
  const profile = !flags.has("no-profile");
  const whatIf = !flags.has("no-what-if");
  const chosenWhatIf = list(flags.get("what-if"), [...new Set(ALL_WHAT_IF.map(([, x]) => x))], "what-if");
  const WHAT_IF = ALL_WHAT_IF.filter(([, sw]) => chosenWhatIf.includes(sw));
  const log = (l: string) => console.log(l);

  const machine = machineInfo();
  const loadBefore = os.loadavg().map((l) => Math.round(l * 100) / 100);
  console.log(heading(`catalog-gateway performance bench, ${scale} scale${quick ? " (quick)" : ""}`));
  console.log(`machine     ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, node ${machine.node}`);
  console.log(`load avg    ${loadBefore.join(" / ")} before the run (other work on the machine makes figures noisy)`);
  console.log(`settings    ${s.connections} connections, ${s.runs} run(s) of ${s.seconds} s after ${s.warmup} s warm-up; pool ${POOL_MAX} per server`);

  // Data.
  const { cluster, url, summary: load } = await ensureClusterData(scale, { fresh: flags.has("fresh") });
  if (!flags.has("keep-running")) cleanup.add("stop the bench cluster", () => cluster.stop());
  printLoad(load);
  machine.postgres = await serverVersion(url);
  const stats = new StatementStats(cluster.url(), BENCH_DATABASE);
  cleanup.add("close the statistics connection", () => stats.close());
  console.log(`postgresql  ${machine.postgres}, ${cluster.dir} (${await cluster.diskUsage()})`);

  let pglVersion: string | null = null;
  if (systems.includes("postgraphile")) {
    pglVersion = await installPostGraphile(log);
    await setupPostGraphileSql(url);
  }

  const secret = randomSecret();
  const maskingSecret = randomSecret();
  const fx: BenchFixtures = await loadFixtures(url, secret);
  const results: ScenarioResult[] = [];
  const extra: PerfSummary["extra"] = { rss100: [], whatIf: [], statementsByPageSize: [] };
  const reference: Record<string, unknown> = {};
  const equality: Record<string, string> = {};
  const loadAfter: Record<string, number[]> = {};

  const measure = async (sys: RunningSystem, id: string, plan: NonNullable<ReturnType<typeof planFor>>, opts: { connections?: number; runs?: number; seconds?: number; system?: string } = {}) => {
    const r = await measureScenario({
      url: sys.baseUrl + plan.path,
      next: plan.next,
      connections: opts.connections ?? s.connections,
      seconds: opts.seconds ?? s.seconds,
      runs: opts.runs ?? s.runs,
      warmupSeconds: s.warmup,
      pid: sys.pid,
      stats,
      label: { scenario: id, system: opts.system ?? sys.system },
      log,
    });
    return r;
  };

  /** Fixed requests whose answers the raw ceiling must reproduce. */
  const probes = (sys: SystemId): Array<[string, string, Record<string, unknown>]> => [
    ["W1", sys === "raw" ? "/w1" : "/graphql", { search: "人口", first: 20 }],
    ["W2", sys === "raw" ? "/w2" : "/graphql", { code: fx.detailCodes[0] }],
    ["W3", sys === "raw" ? "/w3" : "/graphql", { resourceCode: POPULATION_CODE, purpose: "WORK_REFERENCE", purposeDetail: "（2026）江卫字第1号", first: 100 }],
  ];
  const probe = async (sys: RunningSystem) => {
    const out: Record<string, unknown> = {};
    for (const [id, p, vars] of probes(sys.system)) {
      const plan = planFor(sys.system, id as ScenarioId, fx)!;
      const res = await fetch(sys.baseUrl + p, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${fx.tokens[READER]}` },
        body: JSON.stringify({ query: plan.next().query, variables: vars }),
      });
      out[id] = stripVolatile(await res.json());
    }
    return out;
  };

  // All systems up at once; each scenario's runs interleave them (measureSideBySide).
  const running: Partial<Record<SystemId, RunningSystem>> = {};
  const stops: Array<() => Promise<void>> = [];
  try {
    for (const system of systems) {
      if (!scenarios.some((id) => planFor(system, id, fx))) continue;
      const sys =
        system === "gateway"
          ? await startGatewaySystem({ databaseUrl: url, secret, maskingSecret })
          : system === "raw"
            ? await startRawSystem(url, maskingSecret)
            : await startPostGraphileSystem(url);
      running[system] = sys;
      stops.push(cleanup.add(`stop ${system}`, () => sys.stop()));
      console.log(`${SYSTEM_LABELS[system]} pid ${sys.pid} at ${sys.baseUrl}`);
      // Every answer must be a success: a scenario that answers errors measures nothing.
      for (const id of scenarios) {
        const plan = planFor(system, id, fx);
        if (!plan || id === "W6") continue;
        const p = plan.next();
        const r = await gql(sys.baseUrl + plan.path, p.query, p.variables ?? {}, { token: p.token });
        if (r.status !== 200 || r.errors.length) {
          console.log(sys.errors().slice(-15).join("\n"));
          throw new Error(`${system} ${id}: HTTP ${r.status} ${JSON.stringify(r.errors).slice(0, 400)}`);
        }
      }
    }
    if (running.gateway) Object.assign(reference, await probe(running.gateway));
    if (running.raw) {
      const mine = await probe(running.raw);
      for (const id of Object.keys(mine)) {
        equality[id] = reference[id] === undefined ? "not compared (gateway not run)" : firstDifference(reference[id], mine[id]) ?? "equal";
        console.log(`${id}: the raw ceiling's answer ${equality[id] === "equal" ? "equals the gateway's" : `differs from the gateway's: ${equality[id]}`}`);
      }
    }

    for (const id of scenarios) {
      const parts = ALL_SYSTEMS.filter((sys) => running[sys] && planFor(sys, id, fx));
      if (!parts.length) continue;
      console.log(heading(`${id}: ${parts.map((p) => SYSTEM_LABELS[p]).join(", ")}`));
      const rs = await measureSideBySide(
        parts.map((sys) => {
          const plan = planFor(sys, id, fx)!;
          return {
            url: running[sys]!.baseUrl + plan.path, next: plan.next, connections: s.connections, seconds: s.seconds, runs: s.runs,
            warmupSeconds: s.warmup, pid: running[sys]!.pid, stats, label: { scenario: id, system: sys }, log,
          };
        }),
      );
      results.push(...rs);
      for (const sys of parts) loadAfter[sys] = os.loadavg().map((l) => Math.round(l * 100) / 100);
    }

    const gw = running.gateway;
    if (gw) {
      console.log(heading("gateway: statements against the page size, memory at 100 connections"));
      // Statements per request against the page size: W1 with first 100 (W3 vs W4 are measured above).
      if (scenarios.includes("W1")) {
        const r = await measure(gw, "W1 (first 100)", planFor("gateway", "W1", fx, { firstW1: 100 })!, { runs: 1, seconds: Math.min(s.seconds, 5) });
        extra.statementsByPageSize.push({ scenario: "W1", pageSize: 100, statementsPerRequest: r.median.statementsPerRequest, rps: r.median.rps, p95: r.median.p95 });
      }
      // Memory at 100 connections.
      for (const id of (["W1", "W4"] as ScenarioId[]).filter((x) => scenarios.includes(x))) {
        const r = await measure(gw, id, planFor("gateway", id, fx)!, { connections: 100 });
        extra.rss100.push({ scenario: id, connections: 100, rps: r.median.rps, p95: r.median.p95, p99: r.median.p99, rssPeakMiB: Math.max(...r.runs.map((x) => x.rssPeakMiB)) });
      }
    }
  } finally {
    for (const stop of stops.reverse()) await stop();
  }

  if (whatIf && systems.includes("gateway")) {
    // Paired: a plain gateway runs beside each patched one, runs interleaved, so the ratio is
    // not the drift of the machine's load between two phases.
    // Both run from the TypeScript sources, as the patches need (bench/perf/lib/what-if.mjs).
    const base = await startGatewaySystem({ databaseUrl: url, secret, maskingSecret, fromSource: true });
    const stopBase = cleanup.add("stop gateway (what-if baseline)", () => base.stop());
    try {
      for (const sw of [...new Set(WHAT_IF.filter(([id]) => scenarios.includes(id)).map(([, sw]) => sw))]) {
        console.log(heading(`what if (diagnostic): gateway with ${sw}, beside the gateway as it is`));
        const setting = SETTING_WHAT_IF[sw];
        const sys = await startGatewaySystem(
          setting
            ? { databaseUrl: url, secret, maskingSecret, env: setting, fromSource: true }
            : { databaseUrl: url, secret, maskingSecret, nodeArgs: ["--import", "./bench/perf/lib/what-if.mjs"], env: { BENCH_WHAT_IF: sw }, fromSource: true },
        );
        const stop = cleanup.add(`stop gateway (${sw})`, () => sys.stop());
        try {
          for (const [id] of WHAT_IF.filter(([id, x]) => x === sw && scenarios.includes(id))) {
            const plan = planFor("gateway", id, fx)!;
            const common = { next: plan.next, connections: s.connections, seconds: s.seconds, runs: s.runs, warmupSeconds: s.warmup, stats, log };
            const [b, w] = await measureSideBySide([
              { ...common, url: base.baseUrl + plan.path, pid: base.pid, label: { scenario: id, system: "gateway" } },
              { ...common, url: sys.baseUrl + plan.path, pid: sys.pid, label: { scenario: id, system: `gateway (${sw})` } },
            ]);
            extra.whatIf.push({ scenario: id, variant: sw, rps: w.median.rps, p95: w.median.p95, statementsPerRequest: w.median.statementsPerRequest, baselineRps: b.median.rps, baselineP95: b.median.p95 });
          }
        } finally {
          await stop();
        }
      }
    } finally {
      await stopBase();
    }
  }

  // Where the gateway's time goes: the V8 CPU profiler (as node --cpu-prof) over one measured
  // run per scenario, warm-up and start-up left out (bench/perf/lib/cpu-profile.mjs).
  const profiles: Record<string, ProfileSummary> = {};
  if (profile && systems.includes("gateway")) {
    const dir = path.join(RESULTS_DIR, "raw", `profiles-${scale}-${fileStamp()}`);
    const targets: Array<[string, ScenarioId, string | null]> = [["W1", "W1", null], ["W2", "W2", null], ["W3", "W3", null]];
    for (const [name, id, sw] of targets.filter(([, id]) => scenarios.includes(id))) {
      console.log(heading(`CPU profile of the gateway: ${name}`));
      const sub = path.join(dir, name.replace(/\W+/g, "-").replace(/-$/, ""));
      const sys = await startGatewaySystem({
        databaseUrl: url, secret, maskingSecret,
        nodeArgs: [...(sw ? ["--import", "./bench/perf/lib/what-if.mjs"] : []), "--import", "./bench/perf/lib/cpu-profile.mjs"],
        env: { BENCH_PROFILE_DIR: sub, ...(sw ? { BENCH_WHAT_IF: sw } : {}) },
        fromSource: !!sw,
      });
      const stop = cleanup.add(`stop gateway (profile ${name})`, () => sys.stop());
      const signal = async () => {
        process.kill(sys.pid, "SIGUSR2");
        await new Promise((r) => setTimeout(r, 200));
      };
      try {
        await measureScenario({
          url: sys.baseUrl + planFor("gateway", id, fx)!.path, next: planFor("gateway", id, fx)!.next,
          connections: s.connections, seconds: s.seconds, runs: 1, warmupSeconds: s.warmup, pid: sys.pid, stats,
          label: { scenario: name, system: "gateway (profiled)" }, log,
          around: { before: signal, after: signal },
        });
        const file = path.join(sub, "window-1.cpuprofile");
        for (let i = 0; i < 100 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
        if (fs.existsSync(file)) {
          profiles[name] = summarizeProfile(file, 15);
          profiles[name].file = path.relative(RESULTS_DIR, file);
          console.log(`  busy ${profiles[name].busyMs} ms of ${profiles[name].totalMs} ms; by area: ${profiles[name].areas.slice(0, 8).map((a) => `${a.area} ${a.share} %`).join(", ")}`);
        }
      } finally {
        await stop();
      }
    }
  }

  const summary: PerfSummary = {
    kind: "perf",
    scale,
    at: new Date().toISOString(),
    quick,
    spec: SCALES[scale],
    machine,
    loadAverage: { before: loadBefore, after: loadAfter },
    versions: { gateway: gatewayVersions(), postgraphile: pglVersion ? postgraphileVersions() : null },
    settings: { ...s, poolMax: POOL_MAX, reader: READER },
    data: { counts: load.counts, loadedNow: !load.skipped, loadedAt: load.loadedAt ?? null, tables: load.tables, populationRowsPerSecond: populationRate(load) },
    results: results.map((r) => ({ scenario: r.scenario, system: r.system, connections: r.connections, runs: r.runs.length, median: r.median, errors: mergeErrors(r) })),
    extra,
    equality,
    profiles,
    targets: [],
  };
  summary.targets = evaluateTargets(summary);

  const stamp = fileStamp();
  fs.mkdirSync(path.join(RESULTS_DIR, "raw"), { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, "raw", `perf-${scale}-${stamp}.json`), JSON.stringify({ ...summary, runs: results }, null, 2) + "\n");
  fs.writeFileSync(path.join(RESULTS_DIR, `perf-${scale}.json`), JSON.stringify(summary, null, 2) + "\n");
  const files = writeReport();
  console.log(heading("targets"));
  for (const t of summary.targets) console.log(`${t.pass === null ? "n/a " : t.pass ? "PASS" : "MISS"}  ${t.name}: ${t.detail}`);
  console.log(`\nwrote bench/results/perf-${scale}.json, bench/results/raw/perf-${scale}-${stamp}.json, ${files.join(", ")}`);
  return 0;
});

function mergeErrors(r: ScenarioResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const run of r.runs) for (const [k, v] of Object.entries(run.errors)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** Removes what differs on every call: the time a read was served. */
function stripVolatile(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripVolatile);
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).filter(([k]) => k !== "retrievedAt").map(([k, x]) => [k, stripVolatile(x)]));
  }
  return v;
}

/** The path of the first difference between two JSON values, or null when equal. */
function firstDifference(a: unknown, b: unknown, at = "$"): string | null {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || (a === null) !== (b === null)) return `${at}: ${JSON.stringify(a)?.slice(0, 80)} vs ${JSON.stringify(b)?.slice(0, 80)}`;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return `${at}: ${a.length} vs ${bb.length} elements`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], bb[i], `${at}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (a && typeof a === "object") {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b as object).sort();
    if (ka.join() !== kb.join()) return `${at}: keys ${ka.join(",")} vs ${kb.join(",")}`;
    for (const k of ka) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : `${at}: ${JSON.stringify(a)?.slice(0, 80)} vs ${JSON.stringify(b)?.slice(0, 80)}`;
}
