// `npm run load`: capacity of one real gateway process on PostgreSQL under the catalog workload.
// A fresh database with the demo city, the gateway as a child process (production settings, rate
// limits on but set high), 100 connections for 60 s of search / detail / records / verify /
// workflow, then throughput, latency, answers by HTTP status and GraphQL error code, the gateway's
// peak memory, and PASS/FAIL against the targets (no 5xx, p99 < 250 ms). Exit 1 when a target is missed.
import os from "node:os";
import { runMain } from "./lib/cleanup.js";
import { drive, Recorder, weightedMix, type BucketSummary } from "./lib/driver.js";
import path from "node:path";
import { HIGH_RATE_LIMITS, REPO_ROOT, randomSecret, startGateway } from "./lib/gateway.js";
import { busiestProfile } from "./lib/profile.js";
import { summarizeProfile } from "./perf/lib/profile.js";
import { catalogOps, loadCatalogFixtures, LOAD_MIX, runTag, ShareWorkflow } from "./lib/catalog-workload.js";
import { ADMIN_URL, createDatabase, serverVersion } from "./lib/postgres.js";
import { describeMachine, heading, machineInfo, printTargets, table, target, writeResults } from "./lib/report.js";
import { RssSampler } from "./lib/rss.js";
import { cpuSnapshot, cpuUse } from "./lib/cpu.js";
import { readSettings } from "./lib/settings.js";

const P99_TARGET_MS = 250;

runMain(async (cleanup) => {
  const s = readSettings(
    {
      connections: { env: "LOAD_CONNECTIONS", flag: "connections", default: 100, min: 1, max: 10_000, help: "concurrent connections" },
      seconds: { env: "LOAD_SECONDS", flag: "seconds", default: 60, min: 1, max: 3600, help: "measured seconds" },
      warmup: { env: "LOAD_WARMUP_SECONDS", flag: "warmup", default: 5, min: 0, max: 600, help: "unmeasured warm-up seconds (10 connections)" },
      poolMax: { env: "LOAD_DB_POOL_MAX", flag: "pool", default: 10, min: 2, max: 1000, help: "DB_POOL_MAX of the gateway" },
      profile: { env: "LOAD_PROFILE", flag: "profile", default: 0, min: 0, max: 1, help: "1: record a CPU profile of the gateway (node --cpu-prof) and print where its time went" },
    },
    { usage: "npm run load -- [--seconds N] [--connections N] [--warmup N] [--pool N]" },
  );

  // LOAD_ONLY=records (a key of LOAD_MIX): that operation alone, to see what one kind costs.
  // Checked before anything starts, so a misspelt name costs no database and no gateway.
  const only = process.env.LOAD_ONLY;
  if (only && !(only in LOAD_MIX)) throw new Error(`LOAD_ONLY must be one of ${Object.keys(LOAD_MIX).join(", ")}`);

  const machine = machineInfo();
  machine.postgres = await serverVersion(ADMIN_URL);
  const db = await createDatabase(ADMIN_URL, "cg_load");
  cleanup.add(`drop database ${db.name}`, () => db.drop());

  const secret = randomSecret();
  const env = {
    DATABASE_URL: db.url,
    AUTH_JWT_SECRET: secret,
    DEMO: "true",
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    DB_POOL_MAX: String(s.poolMax),
    ...HIGH_RATE_LIMITS,
  };
  const t0 = Date.now();
  const profileDir = path.join(REPO_ROOT, "bench/results/raw", `profile-${new Date().toISOString().replace(/[:.]/g, "-")}`);
  const gw = await startGateway({ env, nodeArgs: s.profile ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [] });
  cleanup.add("stop the gateway", () => gw.stop());
  const startupMs = Date.now() - t0;

  console.log(heading("catalog-gateway load run"));
  console.log(describeMachine(machine));
  console.log(`gateway     pid ${gw.pid} (node dist/main.js serve, as npm start runs it), ${gw.baseUrl}, NODE_ENV=production, LOG_LEVEL=warn,`);
  console.log(`            DB_POOL_MAX=${s.poolMax}, database ${db.name} with the demo city (ready in ${(startupMs / 1000).toFixed(1)} s)`);
  console.log(`rate limits ON but set high, so the run measures capacity, not limiting: every request still`);
  console.log(`            takes its bucket tokens (${process.env.REDIS_URL ? "in Redis" : "in the database"}); anonymous ${HIGH_RATE_LIMITS.RATE_LIMIT_ANONYMOUS}/min,`);
  console.log(`            account ${HIGH_RATE_LIMITS.RATE_LIMIT_ACCOUNT}/min, department ${HIGH_RATE_LIMITS.RATE_LIMIT_DEPARTMENT}/min, verify ${HIGH_RATE_LIMITS.RATE_LIMIT_VERIFY}/min`);
  console.log(`workload    ${s.connections} connections for ${s.seconds} s (after ${s.warmup} s warm-up): search 40 % (half anonymous),`);
  console.log(`            resource detail 20 %, records 25 % (人口基本信息, 100 rows, health, WORK_REFERENCE),`);
  console.log(`            verify 5 % (health), workflow 10 % (submit share requests, providers decide them)`);

  const fx = await loadCatalogFixtures(gw.graphqlUrl, secret);
  const tag = runTag();
  const workflow = new ShareWorkflow(fx, tag);
  const mix = only ? (Object.fromEntries(Object.keys(LOAD_MIX).map((k) => [k, k === only ? 1 : 0])) as unknown as typeof LOAD_MIX) : LOAD_MIX;
  if (only) console.log(`            LOAD_ONLY=${only}: that operation alone, not the mix above`);
  const next = weightedMix(catalogOps(fx, mix, { tag, workflow }));

  if (s.warmup > 0) {
    process.stdout.write(`\nwarm-up: ${s.warmup} s at 10 connections… `);
    const warm = new Recorder();
    await drive({ url: gw.graphqlUrl, connections: Math.min(10, s.connections), durationSec: s.warmup, next, recorder: warm }).done;
    console.log(`${warm.count} answers`);
  }

  const sampler = new RssSampler(gw.pid, 100).start();
  const cpuBefore = cpuSnapshot(gw.pid);
  const recorder = new Recorder();
  const submitsBefore = workflow.submits.length;
  const decisionsBefore = workflow.decisions.length;
  console.log(`measuring: ${s.seconds} s at ${s.connections} connections…`);
  const run = drive({ url: gw.graphqlUrl, connections: s.connections, durationSec: s.seconds, next, recorder });
  const started = Date.now();
  const progress = setInterval(() => {
    const sec = Math.round((Date.now() - started) / 1000);
    console.log(`  ${String(sec).padStart(4)} s  ${recorder.count.toLocaleString("en-US")} answers, gateway RSS peak ${sampler.peakMiB()} MiB`);
  }, 10_000);
  const ac = await run.done;
  clearInterval(progress);
  const rss = sampler.stop();
  const cpu = cpuUse(cpuBefore, cpuSnapshot(gw.pid));
  const alive = gw.alive();
  const loadAfter = os.loadavg().map((l) => Math.round(l * 100) / 100);

  const all = recorder.overall();
  const byOp = recorder.byOp();
  const seconds = ac.duration;
  const throughput = Math.round((all.count / seconds) * 10) / 10;
  const count5xx = Object.entries(all.byStatus).filter(([st]) => Number(st) >= 500).reduce((n, [, c]) => n + c, 0);
  const unexpected = (all.byCode.INTERNAL_SERVER_ERROR ?? 0) + (all.byCode.RATE_LIMITED ?? 0);

  console.log(heading("results"));
  console.log(`throughput  ${throughput.toLocaleString("en-US")} answers/s (${all.count.toLocaleString("en-US")} in ${seconds} s; ${all.ok.toLocaleString("en-US")} ok)`);
  console.log(
    `latency     p50 ${all.latency.p50} ms, p90 ${all.latency.p90} ms, p99 ${all.latency.p99} ms, max ${all.latency.max} ms (mean ${all.latency.mean} ms)`,
  );
  console.log(`lost        ${recorder.transportErrors} requests without an answer (${recorder.timeouts} timeouts)`);
  console.log(`gateway     RSS peak ${rss.peakMiB} MiB sampled every ${rss.intervalMs} ms (start ${rss.startMiB}, end ${rss.endMiB}), VmHWM ${rss.hwmMiB} MiB;`);
  console.log(`            process ${alive ? "still running" : "GONE"}; log lines: ${JSON.stringify(gw.logCounts)}`);
  console.log(
    `cpu         gateway ${cpu.processPercentOfCore} % of one core (one Node.js thread), load generator ${cpu.loadGeneratorPercentOfCore} %,`,
  );
  console.log(`            machine ${cpu.machineBusyPercent} % busy over ${cpu.cores} cores (PostgreSQL and other work included)`);
  console.log(`workflow    ${workflow.submits.length - submitsBefore} submits and ${workflow.decisions.length - decisionsBefore} decisions acknowledged`);
  console.log(`load avg    ${loadAfter.join(" / ")} after the run`);

  const row = (name: string, b: BucketSummary) => [
    name, b.count, Math.round((b.count / seconds) * 10) / 10, b.latency.p50, b.latency.p90, b.latency.p99, b.latency.max,
    Object.entries(b.byStatus).map(([k, v]) => `${k}×${v}`).join(" "),
    Object.entries(b.byCode).map(([k, v]) => `${k}×${v}`).join(" ") || "",
  ];
  console.log(
    "\n" +
      table(
        ["operation", "answers", "per s", "p50 ms", "p90 ms", "p99 ms", "max ms", "HTTP status", "GraphQL error codes"],
        [...Object.entries(byOp).map(([k, b]) => row(k, b)), row("all", all)],
      ),
  );

  if (s.profile) {
    // The profile is written when the process exits: stop it now (it drains and exits 0).
    await gw.stop();
    const file = busiestProfile(profileDir);
    if (file) {
      const p = summarizeProfile(file, 25);
      console.log(heading(`CPU profile of the gateway (${path.relative(REPO_ROOT, file)})`));
      console.log(`${p.totalMs} ms profiled, ${p.busyMs} ms busy, ${p.idleMs} ms idle`);
      console.log(table(["self ms", "% of busy", "area"], p.areas.slice(0, 25).map((a) => [a.selfMs, a.share, a.area])));
      console.log(table(["self ms", "% of busy", "function", "where"], p.functions.map((l) => [l.selfMs, l.share, l.name, l.where])));
    } else console.log("no CPU profile was written");
  }

  console.log(heading("targets"));
  const targets = [
    target("no 5xx answers", count5xx === 0, `${count5xx} answers with HTTP 5xx`),
    target(`p99 latency < ${P99_TARGET_MS} ms`, all.latency.p99 < P99_TARGET_MS, `p99 ${all.latency.p99} ms`),
    target("every request answered", recorder.transportErrors === 0, `${recorder.transportErrors} lost (${recorder.timeouts} timeouts)`),
    target("no unexpected errors", unexpected === 0, `${all.byCode.INTERNAL_SERVER_ERROR ?? 0} INTERNAL_SERVER_ERROR, ${all.byCode.RATE_LIMITED ?? 0} RATE_LIMITED`),
    target("gateway still running", alive, alive ? `pid ${gw.pid}` : `exited`),
  ];
  const pass = printTargets(targets);

  const at = new Date(started);
  const summary = {
    kind: "load",
    at: at.toISOString(),
    pass,
    machine,
    loadAverageAfter: loadAfter,
    settings: { connections: s.connections, seconds: s.seconds, warmupSeconds: s.warmup, dbPoolMax: s.poolMax, rateLimits: HIGH_RATE_LIMITS, mix: LOAD_MIX },
    gateway: { startupMs, rss, cpu, logLines: gw.logCounts, alive },
    throughputPerSecond: throughput,
    answers: all.count,
    ok: all.ok,
    lost: recorder.transportErrors,
    timeouts: recorder.timeouts,
    latencyMs: all.latency,
    byStatus: all.byStatus,
    byCode: all.byCode,
    byOperation: Object.fromEntries(Object.entries(byOp).map(([k, b]) => [k, { count: b.count, ok: b.ok, latencyMs: b.latency, byStatus: b.byStatus, byCode: b.byCode }])),
    workflow: { submits: workflow.submits.length - submitsBefore, decisions: workflow.decisions.length - decisionsBefore },
    targets,
  };
  const files = writeResults("load", summary, { ...summary, autocannon: ac, gatewayErrorLines: gw.errorLines.slice(0, 50) }, at);
  console.log(`\nwrote ${files.summary} and ${files.raw}`);
  return pass ? 0 : 1;
});
