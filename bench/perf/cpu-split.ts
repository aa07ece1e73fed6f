// `npm run bench:cpu [-- --rate R] [--seconds S] [--rounds N] [--what-if no-audit]` (600 req/s, 15 s, 5 rounds, no-audit)
//
// CPU per W3 request by process, at a fixed pace below saturation: the gateway as it is and the
// gateway with a what-if switch (bench/perf/lib/what-if.mjs), rounds interleaved, on the city
// bench cluster (loaded first when it is not there, as for `npm run bench`). Throughput pairs at saturation move
// ±15 % from run to run on two cores; the CPU each request costs at a pace both can hold moves
// much less, and says where an added step's cost lands (the gateway or PostgreSQL).
// CPU from /proc (bench/lib/cpu.ts): the gateway's process, and every `postgres` process together.
import fs from "node:fs";
import os from "node:os";
import autocannon from "autocannon";
import { cpuSnapshot, cpuUse, processCpuSeconds } from "../lib/cpu.js";
import { randomSecret } from "../lib/gateway.js";
import { runMain } from "../lib/cleanup.js";
import { parseFlags, SettingsError } from "../lib/settings.js";
import { ensureClusterData } from "./lib/prepare.js";
import { loadFixtures, planFor } from "./lib/scenarios.js";
import { startGatewaySystem, type RunningSystem } from "./lib/servers.js";

/** The postgres processes (backends, walwriter, checkpointer…) and their CPU seconds now. */
function postgresProcesses(): Map<number, number> {
  const out = new Map<number, number>();
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (fs.readFileSync(`/proc/${d}/comm`, "utf8").trim() !== "postgres") continue;
      const seconds = processCpuSeconds(Number(d));
      if (seconds !== null) out.set(Number(d), seconds);
    } catch {
      /* gone */
    }
  }
  return out;
}

/**
 * CPU seconds of the postgres processes from construction to stop(), sampled every 100 ms so that
 * a backend that ends (a pool closing an idle connection) loses at most its last 100 ms, instead
 * of taking all its earlier time out of the sum.
 */
class PostgresCpu {
  private last = postgresProcesses();
  private sum = 0;
  private timer = setInterval(() => this.sample(), 100);
  private sample() {
    const now = postgresProcesses();
    for (const [pid, t] of now) this.sum += t - (this.last.get(pid) ?? 0);
    this.last = now;
  }
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.sum;
  }
}

interface Split {
  label: string;
  rps: number;
  gatewayUs: number;
  postgresUs: number;
  machineIdlePct: number;
  p975: number;
}

async function paced(
  sys: RunningSystem,
  label: string,
  path: string,
  next: () => { query: string; variables?: Record<string, unknown>; token?: string },
  rate: number,
  seconds: number,
  holdPace = true,
): Promise<Split> {
  const before = cpuSnapshot(sys.pid);
  const pg = new PostgresCpu();
  let failed = 0;
  const result = await autocannon({
    url: sys.baseUrl + path,
    connections: 10,
    overallRate: rate,
    duration: seconds,
    requests: [
      {
        method: "POST",
        setupRequest: (req) => {
          const p = next();
          return { ...req, headers: { "content-type": "application/json", authorization: `Bearer ${p.token}` }, body: JSON.stringify({ query: p.query, variables: p.variables }) };
        },
        onResponse: (status, body) => {
          if (status !== 200 || body.includes('"errors"')) failed++;
        },
      },
    ],
  });
  const after = cpuSnapshot(sys.pid);
  const postgresSeconds = pg.stop();
  if (before.process === null || after.process === null) throw new Error(`${label}: the gateway's process ended during the run`);
  const n = result.requests.total;
  if (failed || result.errors) throw new Error(`${label}: ${failed} answers with an error, ${result.errors} transport errors`);
  if (holdPace && n / seconds < 0.97 * rate) throw new Error(`${label}: ${(n / seconds).toFixed(0)} req/s, short of the pace of ${rate}: choose a lower --rate`);
  return {
    label,
    rps: n / seconds,
    gatewayUs: ((after.process - before.process) * 1e6) / n,
    postgresUs: (postgresSeconds * 1e6) / n,
    machineIdlePct: 100 - (cpuUse(before, after).machineBusyPercent ?? NaN),
    p975: result.latency.p97_5,
  };
}

runMain(async (cleanup) => {
  const flags = parseFlags(process.argv.slice(2));
  for (const f of flags.keys()) if (!["rate", "seconds", "rounds", "what-if"].includes(f)) throw new SettingsError(`unknown flag --${f}`);
  const whole = (flag: string, def: number, min: number, max: number) => {
    const v = Number(flags.get(flag) ?? def);
    if (!Number.isInteger(v) || v < min || v > max) throw new SettingsError(`--${flag} must be a whole number from ${min} to ${max}, not "${flags.get(flag)}"`);
    return v;
  };
  const rate = whole("rate", 600, 10, 100_000);
  const seconds = whole("seconds", 15, 1, 600);
  const rounds = whole("rounds", 5, 1, 50);
  const sw = flags.get("what-if") ?? "no-audit";
  const { cluster, url } = await ensureClusterData("city", { log: () => {} });
  cleanup.add("stop the bench cluster", () => cluster.stop());
  const secret = randomSecret();
  const maskingSecret = randomSecret();
  const fx = await loadFixtures(url, secret);
  const plan = planFor("gateway", "W3", fx)!;
  const base = await startGatewaySystem({ databaseUrl: url, secret, maskingSecret, fromSource: true });
  cleanup.add("stop gateway", () => base.stop());
  const alt = await startGatewaySystem({ databaseUrl: url, secret, maskingSecret, fromSource: true, nodeArgs: ["--import", "./bench/perf/lib/what-if.mjs"], env: { BENCH_WHAT_IF: sw } });
  cleanup.add(`stop gateway (${sw})`, () => alt.stop());
  console.log(`W3 at ${rate} req/s, 10 connections, ${seconds} s a run, ${rounds} rounds; ${os.cpus().length} cores (${os.cpus()[0]?.model})`);
  for (const [sys, label] of [[base, "gateway"], [alt, `gateway (${sw})`]] as const) await paced(sys, label, plan.path, plan.next, rate, 5, false); // warm-up: a cold cache or JIT may not hold the pace yet
  const all: Split[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const [sys, label] of [[base, "gateway"], [alt, `gateway (${sw})`]] as const) {
      const s = await paced(sys, label, plan.path, plan.next, rate, seconds);
      all.push(s);
      console.log(
        `  ${label.padEnd(22)} ${s.rps.toFixed(0)} req/s: gateway ${s.gatewayUs.toFixed(0)} µs, postgres ${s.postgresUs.toFixed(0)} µs, together ${(s.gatewayUs + s.postgresUs).toFixed(0)} µs a request; machine idle ${s.machineIdlePct.toFixed(0)} %, p97.5 ${s.p975} ms`,
      );
    }
  }
  const med = (xs: number[]) => {
    const o = [...xs].sort((a, b) => a - b);
    return o.length % 2 ? o[(o.length - 1) / 2] : (o[o.length / 2 - 1] + o[o.length / 2]) / 2;
  };
  const medians = (label: string) => {
    const xs = all.filter((s) => s.label === label);
    return { gateway: med(xs.map((s) => s.gatewayUs)), postgres: med(xs.map((s) => s.postgresUs)), together: med(xs.map((s) => s.gatewayUs + s.postgresUs)) };
  };
  const a = medians("gateway");
  const b = medians(`gateway (${sw})`);
  for (const [label, m] of [["gateway", a], [`gateway (${sw})`, b]] as const) {
    console.log(`median ${label}: gateway ${m.gateway.toFixed(0)} µs, postgres ${m.postgres.toFixed(0)} µs, together ${m.together.toFixed(0)} µs a request`);
  }
  console.log(
    `the difference: gateway ${(a.gateway - b.gateway).toFixed(0)} µs, postgres ${(a.postgres - b.postgres).toFixed(0)} µs, ` +
      `together ${(a.together - b.together).toFixed(0)} µs a request (${((100 * (a.together - b.together)) / a.together).toFixed(1)} % of the plain gateway's)`,
  );
  return 0;
});
