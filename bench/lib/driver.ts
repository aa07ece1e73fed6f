// Driving a gateway with autocannon: every connection loops over one request whose content is
// planned just before it is sent (setupRequest), so a run can mix operations by weight and chain
// them (a submitted request is later decided). Each answer is classified — HTTP status, GraphQL
// error codes from the body — and recorded per operation with its latency.
import autocannon from "autocannon";
import { performance } from "node:perf_hooks";
import { summarizeLatency, type LatencySummary } from "./report.js";

/** One GraphQL request to send. */
export interface PlannedRequest {
  /** Label for the statistics, e.g. "search (anonymous)". */
  op: string;
  query: string;
  variables?: Record<string, unknown>;
  token?: string;
  /** Sent as x-request-id (the gateway keeps ids of 8–64 characters of [A-Za-z0-9._-]). */
  requestId?: string;
  /** Parse the body even when it has no errors (to read data in onResult). */
  wantData?: boolean;
  /** Called with the classified answer (not for requests lost to a timeout or a broken connection). */
  onResult?: (r: RequestResult) => void;
}

export interface RequestResult {
  op: string;
  status: number;
  /** extensions.code of every error in the body ([] when none). */
  codes: string[];
  /** HTTP 200 and no errors. */
  ok: boolean;
  latencyMs: number;
  /** performance.now() when the answer was complete. */
  endedAt: number;
  requestId?: string;
  /** `data` of the body when wantData was set and the body parsed. */
  data?: Record<string, unknown> | null;
}

export interface WeightedOp {
  name: string;
  weight: number;
  plan(): PlannedRequest;
}

/** Picks an operation at random in proportion to the weights and plans it. */
export function weightedMix(ops: WeightedOp[]): () => PlannedRequest {
  const live = ops.filter((o) => o.weight > 0);
  const total = live.reduce((s, o) => s + o.weight, 0);
  if (total <= 0) throw new Error("a mix needs at least one operation with a positive weight");
  return () => {
    let x = Math.random() * total;
    for (const o of live) {
      x -= o.weight;
      if (x < 0) return o.plan();
    }
    return live[live.length - 1].plan();
  };
}

interface Bucket {
  count: number;
  ok: number;
  latencies: number[];
  byStatus: Map<number, number>;
  byCode: Map<string, number>;
}

const bucket = (): Bucket => ({ count: 0, ok: 0, latencies: [], byStatus: new Map(), byCode: new Map() });
const inc = <K>(m: Map<K, number>, k: K, n = 1) => m.set(k, (m.get(k) ?? 0) + n);

export interface BucketSummary {
  count: number;
  ok: number;
  latency: LatencySummary;
  byStatus: Record<string, number>;
  byCode: Record<string, number>;
}

export interface TimelineEntry {
  /** ms since the recorder started, when the answer was complete. */
  t: number;
  latencyMs: number;
  op: string;
  status: number;
  ok: boolean;
  code: string | null;
}

/** Counts and latencies per operation and overall; optionally every answer in time order. */
export class Recorder {
  readonly startedAt = performance.now();
  private all = bucket();
  private ops = new Map<string, Bucket>();
  readonly timeline: TimelineEntry[] = [];
  /** Requests lost to a timeout or a broken connection (no answer to classify). */
  transportErrors = 0;
  timeouts = 0;

  constructor(private readonly keepTimeline = false) {}

  /** Answers recorded so far. */
  get count(): number {
    return this.all.count;
  }

  add(r: RequestResult): void {
    for (const b of [this.all, this.ops.get(r.op) ?? this.ops.set(r.op, bucket()).get(r.op)!]) {
      b.count++;
      if (r.ok) b.ok++;
      b.latencies.push(r.latencyMs);
      inc(b.byStatus, r.status);
      // A response counts once per distinct code (a partial answer may carry several errors).
      for (const c of new Set(r.codes)) inc(b.byCode, c);
    }
    if (this.keepTimeline) {
      this.timeline.push({
        t: Math.round((r.endedAt - this.startedAt) * 10) / 10,
        latencyMs: Math.round(r.latencyMs * 10) / 10,
        op: r.op,
        status: r.status,
        ok: r.ok,
        code: r.codes[0] ?? null,
      });
    }
  }

  private summary(b: Bucket): BucketSummary {
    return {
      count: b.count,
      ok: b.ok,
      latency: summarizeLatency(b.latencies),
      byStatus: Object.fromEntries([...b.byStatus].sort((x, y) => x[0] - y[0])),
      byCode: Object.fromEntries([...b.byCode].sort((x, y) => y[1] - x[1])),
    };
  }

  overall(): BucketSummary {
    return this.summary(this.all);
  }

  byOp(): Record<string, BucketSummary> {
    return Object.fromEntries([...this.ops].sort((a, b) => a[0].localeCompare(b[0])).map(([k, b]) => [k, this.summary(b)]));
  }
}

/** Reads status codes and error codes; parses the body only when it has errors or data is wanted. */
function classify(plan: PlannedRequest, status: number, body: string, latencyMs: number): RequestResult {
  let codes: string[] = [];
  let data: Record<string, unknown> | null | undefined;
  const hasErrors = body.includes('"errors":[');
  if (hasErrors || plan.wantData || status !== 200) {
    try {
      const parsed = JSON.parse(body) as { data?: Record<string, unknown> | null; errors?: Array<{ extensions?: { code?: unknown } }> };
      codes = (parsed.errors ?? []).map((e) => String(e.extensions?.code ?? "NO_CODE"));
      data = parsed.data ?? null;
    } catch {
      codes = [status === 200 ? "UNPARSEABLE_BODY" : `HTTP_${status}`];
    }
  }
  return {
    op: plan.op,
    status,
    codes,
    ok: status === 200 && codes.length === 0,
    latencyMs,
    endedAt: performance.now(),
    requestId: plan.requestId,
    data,
  };
}

export interface DriveOptions {
  /** The gateway's /graphql URL. */
  url: string;
  connections: number;
  /** Seconds to run; stop() ends earlier. */
  durationSec: number;
  /** Seconds before a request counts as timed out (autocannon reconnects). */
  timeoutSec?: number;
  next: () => PlannedRequest;
  recorder: Recorder;
}

export interface Drive {
  instance: autocannon.Instance;
  /** Resolves with autocannon's own result when the run ends. */
  done: Promise<autocannon.Result>;
  /** Ends the run (within about a second). */
  stop(): void;
}

/** Starts the load; resolves at once (await `done` for the end). */
export function drive(opts: DriveOptions): Drive {
  const { recorder } = opts;
  // autocannon calls onResponse, then emits "response" with the latency, synchronously one after
  // the other: the classified answer waits here for its latency.
  let pending: { plan: PlannedRequest; status: number; body: string } | null = null;

  const instance = autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.durationSec,
    timeout: opts.timeoutSec ?? 30,
    requests: [
      {
        method: "POST",
        setupRequest(req, context) {
          const plan = opts.next();
          context.plan = plan;
          const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
          if (plan.token) headers.authorization = `Bearer ${plan.token}`;
          if (plan.requestId) headers["x-request-id"] = plan.requestId;
          return { ...req, method: "POST", path: new URL(opts.url).pathname, headers, body: JSON.stringify({ query: plan.query, variables: plan.variables ?? {} }) };
        },
        onResponse(status, body, context) {
          pending = { plan: context.plan as PlannedRequest, status, body };
        },
      },
    ],
  });
  instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    const p = pending;
    pending = null;
    if (!p) return;
    const r = classify(p.plan, p.status, p.body, responseTime);
    recorder.add(r);
    p.plan.onResult?.(r);
  });
  instance.on("reqError", (e: Error) => {
    recorder.transportErrors++;
    if (/timed out/.test(e?.message ?? "")) recorder.timeouts++;
  });
  const done = new Promise<autocannon.Result>((resolve, reject) => instance.then(resolve, reject));
  return { instance, done, stop: () => instance.stop() };
}
