// One scenario on one system: a warm-up, then N bounded autocannon runs (bench/lib/driver.ts),
// each with pg_stat_statements reset before and read after, and the server's RSS sampled
// (bench/lib/rss.ts). Reports every run and the median of each figure.
import os from "node:os";
import { drive, Recorder, type PlannedRequest } from "../../lib/driver.js";
import { errorCodes, gql } from "../../lib/graphql.js";
import { percentile } from "../../lib/report.js";
import { RssSampler } from "../../lib/rss.js";
import { isTransactionControl, sumCalls, type StatementCount, type StatementStats } from "./stats.js";

export interface RunFigures {
  answers: number;
  ok: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /**
   * Statements in the bench database per request, BEGIN/COMMIT included: from a probe of
   * PROBE_REQUESTS sequential requests on an idle server before the runs (under load, requests
   * in flight at a run's edges would blur the count).
   */
  statementsPerRequest: number;
  /** Without BEGIN / COMMIT / ROLLBACK. */
  statementsPerRequestNoTx: number;
  rssPeakMiB: number;
  lost: number;
  /** GraphQL error codes and HTTP statuses other than 200, counted. */
  errors: Record<string, number>;
  byOp: Record<string, number>;
  loadAverage: number[];
}

export interface ScenarioResult {
  scenario: string;
  system: string;
  connections: number;
  runs: RunFigures[];
  median: Omit<RunFigures, "errors" | "byOp" | "loadAverage">;
  /** The statements of the first run, most called first (for the record). */
  statements: StatementCount[];
}

export interface MeasureOptions {
  url: string;
  next: () => PlannedRequest;
  connections: number;
  seconds: number;
  runs: number;
  warmupSeconds: number;
  pid: number;
  stats: StatementStats;
  label: { scenario: string; system: string };
  log: (line: string) => void;
  /** Called just before and after each measured run (not the warm-up): a CPU profile's window. */
  around?: { before(): Promise<void>; after(): Promise<void> };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Sequential requests on an idle server, statements counted exactly. */
export const PROBE_REQUESTS = 20;

/**
 * Statements per request in the steady state: PROBE_REQUESTS sequential requests prime the
 * system (the gateway's search cache fills; the references have nothing to fill), then as many
 * again are counted. A cold search's statements are the cache's miss path, tested on their own
 * (test/integration/request-cost.test.ts).
 */
export async function probeStatements(o: MeasureOptions): Promise<{ perRequest: number; perRequestNoTx: number; statements: StatementCount[] }> {
  const send = async () => {
    const p = o.next();
    const t0 = performance.now();
    const r = await gql(o.url, p.query, p.variables ?? {}, { token: p.token, requestId: p.requestId });
    const codes = errorCodes(r.errors);
    p.onResult?.({ op: p.op, status: r.status, codes, ok: r.status === 200 && !codes.length, latencyMs: performance.now() - t0, endedAt: performance.now(), requestId: p.requestId, data: r.data });
  };
  await o.stats.waitIdle();
  for (let i = 0; i < PROBE_REQUESTS; i++) await send();
  await o.stats.waitIdle();
  await o.stats.reset();
  for (let i = 0; i < PROBE_REQUESTS; i++) await send();
  const statements = await o.stats.read();
  return {
    perRequest: Math.round((sumCalls(statements) / PROBE_REQUESTS) * 100) / 100,
    perRequestNoTx: Math.round((sumCalls(statements, (q) => !isTransactionControl(q)) / PROBE_REQUESTS) * 100) / 100,
    statements,
  };
}

export async function oneRun(o: MeasureOptions, seconds: number, probe: { perRequest: number; perRequestNoTx: number }): Promise<{ figures: RunFigures }> {
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  const byOp: Record<string, number> = {};
  const next = () => {
    const p = o.next();
    const inner = p.onResult;
    return {
      ...p,
      onResult: (r: Parameters<NonNullable<PlannedRequest["onResult"]>>[0]) => {
        latencies.push(r.latencyMs);
        byOp[r.op] = (byOp[r.op] ?? 0) + 1;
        if (!r.ok) {
          const k = r.codes.length ? r.codes.join("+") : `HTTP ${r.status}`;
          errors[k] = (errors[k] ?? 0) + 1;
        }
        inner?.(r);
      },
    };
  };
  await o.stats.waitIdle();
  const sampler = new RssSampler(o.pid, 100).start();
  const recorder = new Recorder();
  const ac = await drive({ url: o.url, connections: o.connections, durationSec: seconds, next, recorder, timeoutSec: 60 }).done;
  const rss = sampler.stop();
  const all = recorder.overall();
  const sorted = Float64Array.from(latencies).sort();
  const answers = all.count;
  return {
    figures: {
      answers,
      ok: all.ok,
      seconds: ac.duration,
      rps: round1(answers / ac.duration),
      p50: round1(percentile(sorted, 50)),
      p95: round1(percentile(sorted, 95)),
      p99: round1(percentile(sorted, 99)),
      statementsPerRequest: probe.perRequest,
      statementsPerRequestNoTx: probe.perRequestNoTx,
      rssPeakMiB: rss.peakMiB,
      lost: recorder.transportErrors,
      errors,
      byOp,
      loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    },
  };
}

export async function measureScenario(o: MeasureOptions): Promise<ScenarioResult> {
  const tag = `${o.label.scenario} · ${o.label.system} · ${o.connections} conn`;
  const probe = await probeStatements(o);
  const statements = probe.statements.slice(0, 40);
  if (o.warmupSeconds > 0) await oneRun(o, o.warmupSeconds, probe);
  const runs: RunFigures[] = [];
  for (let i = 0; i < o.runs; i++) {
    await o.stats.waitIdle();
    await o.around?.before();
    const { figures } = await oneRun(o, o.seconds, probe);
    await o.around?.after();
    runs.push(figures);
    const errs = Object.entries(figures.errors).map(([k, v]) => `${k}×${v}`).join(" ");
    o.log(
      `  ${tag} run ${i + 1}/${o.runs}: ${figures.rps} req/s, p50 ${figures.p50} ms, p95 ${figures.p95} ms, p99 ${figures.p99} ms, ` +
        `${figures.statementsPerRequest} statements/req, RSS ${figures.rssPeakMiB} MiB` +
        (errs ? `, NOT OK: ${errs}` : "") +
        (figures.lost ? `, ${figures.lost} lost` : ""),
    );
  }
  const m = (k: keyof RunFigures) => median(runs.map((r) => r[k] as number));
  return {
    scenario: o.label.scenario,
    system: o.label.system,
    connections: o.connections,
    runs,
    median: {
      answers: m("answers"),
      ok: m("ok"),
      seconds: m("seconds"),
      rps: round1(m("rps")),
      p50: round1(m("p50")),
      p95: round1(m("p95")),
      p99: round1(m("p99")),
      statementsPerRequest: m("statementsPerRequest"),
      statementsPerRequestNoTx: m("statementsPerRequestNoTx"),
      rssPeakMiB: round1(m("rssPeakMiB")),
      lost: m("lost"),
    },
    statements,
  };
}

function summarize(o: MeasureOptions, runs: RunFigures[], statements: StatementCount[]): ScenarioResult {
  const m = (k: keyof RunFigures) => median(runs.map((r) => r[k] as number));
  return {
    scenario: o.label.scenario,
    system: o.label.system,
    connections: o.connections,
    runs,
    median: {
      answers: m("answers"),
      ok: m("ok"),
      seconds: m("seconds"),
      rps: round1(m("rps")),
      p50: round1(m("p50")),
      p95: round1(m("p95")),
      p99: round1(m("p99")),
      statementsPerRequest: m("statementsPerRequest"),
      statementsPerRequestNoTx: m("statementsPerRequestNoTx"),
      rssPeakMiB: round1(m("rssPeakMiB")),
      lost: m("lost"),
    },
    statements,
  };
}

/**
 * One scenario on several systems, their runs interleaved (run 1 of each system, then run 2 of
 * each, …), so that other work on the machine weighs on all of them alike and the ratios hold
 * even when the absolute figures drift.
 */
export async function measureSideBySide(participants: MeasureOptions[]): Promise<ScenarioResult[]> {
  const probes: Array<Awaited<ReturnType<typeof probeStatements>>> = [];
  for (const o of participants) probes.push(await probeStatements(o));
  for (const [i, o] of participants.entries()) if (o.warmupSeconds > 0) await oneRun(o, o.warmupSeconds, probes[i]);
  const runs: RunFigures[][] = participants.map(() => []);
  const n = Math.max(...participants.map((o) => o.runs));
  for (let r = 0; r < n; r++) {
    for (const [i, o] of participants.entries()) {
      await o.stats.waitIdle();
      const { figures } = await oneRun(o, o.seconds, probes[i]);
      runs[i].push(figures);
      const errs = Object.entries(figures.errors).map(([k, v]) => `${k}×${v}`).join(" ");
      o.log(
        `  ${o.label.scenario} · ${o.label.system} · run ${r + 1}/${n}: ${figures.rps} req/s, p50 ${figures.p50} ms, p95 ${figures.p95} ms, ` +
          `p99 ${figures.p99} ms, ${figures.statementsPerRequest} statements/req, RSS ${figures.rssPeakMiB} MiB, load ${figures.loadAverage[0]}` +
          (errs ? `, NOT OK: ${errs}` : "") +
          (figures.lost ? `, ${figures.lost} lost` : ""),
      );
    }
  }
  return participants.map((o, i) => summarize(o, runs[i], probes[i].statements.slice(0, 40)));
}
