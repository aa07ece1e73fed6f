// `npm run faults`: PostgreSQL crashes and comes back under load. A private cluster (never the
// system server) with the demo city, the gateway on it, a steady load of searches, row reads and
// share-request writes; then `pg_ctl stop -m immediate` (a crash) for a few seconds, a restart, and
// more load. Measures how requests fail during the outage (503 / SERVICE_UNAVAILABLE, fast, never
// 500), /readyz, that the process stays up, the time from PostgreSQL accepting connections to the
// first successful request, and afterwards that every acknowledged write is in the database and
// the audit chain is intact. Exit 1 when a target is missed.
import { execFile } from "node:child_process";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { runMain } from "./lib/cleanup.js";
import { drive, Recorder, weightedMix, type TimelineEntry } from "./lib/driver.js";
import { HIGH_RATE_LIMITS, REPO_ROOT, randomSecret, startGateway } from "./lib/gateway.js";
import { catalogOps, loadCatalogFixtures, runTag, ShareWorkflow, type CatalogMixWeights } from "./lib/catalog-workload.js";
import { PrivateCluster, query, serverVersion, waitUntilAccepting } from "./lib/postgres.js";
import { describeMachine, heading, machineInfo, printTargets, summarizeLatency, table, target, writeResults } from "./lib/report.js";
import { readSettings } from "./lib/settings.js";

const RECOVERY_TARGET_MS = 5000;
/** Failed requests must fail fast: well under the 30 s request cut-off and the pool's 5 s connect timeout. */
const FAST_FAILURE_P99_MS = 1000;

/** Reads and writes: searches, row reads (each audited), and the share-request workflow. */
const FAULTS_MIX: CatalogMixWeights = { searchAnonymous: 15, searchSignedIn: 15, detail: 0, records: 30, verify: 0, workflow: 40 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const exec = promisify(execFile);

interface ReadyPoll {
  /** ms since the recorder started, when the poll was sent. */
  t: number;
  status: number | "error";
  ms: number;
}

function countBy<T>(xs: T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1]));
}

const fmt = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => `${k}×${v}`).join(", ") || "none";

runMain(async (cleanup) => {
  const s = readSettings(
    {
      connections: { env: "FAULTS_CONNECTIONS", flag: "connections", default: 20, min: 1, max: 1000, help: "concurrent connections" },
      before: { env: "FAULTS_BEFORE_SECONDS", flag: "before", default: 10, min: 1, max: 600, help: "seconds of load before the crash" },
      outage: { env: "FAULTS_OUTAGE_SECONDS", flag: "outage", default: 5, min: 1, max: 600, help: "seconds PostgreSQL stays down" },
      after: { env: "FAULTS_AFTER_SECONDS", flag: "after", default: 10, min: 1, max: 600, help: "seconds of load after PostgreSQL is back" },
    },
    { usage: "npm run faults -- [--connections N] [--before N] [--outage N] [--after N]" },
  );

  const machine = machineInfo();
  process.stdout.write("creating a private PostgreSQL cluster… ");
  const cluster = await PrivateCluster.create();
  cleanup.add(`remove the private cluster in ${cluster.dir}`, () => cluster.remove());
  await cluster.start();
  machine.postgres = await serverVersion(cluster.url());
  await query(cluster.url(), "create database catalog");
  const dbUrl = cluster.url("catalog");
  console.log(`port ${cluster.port}, ${cluster.dir}`);

  const secret = randomSecret();
  const env = { DATABASE_URL: dbUrl, AUTH_JWT_SECRET: secret, DEMO: "true", NODE_ENV: "production", LOG_LEVEL: "warn", ...HIGH_RATE_LIMITS };
  const gw = await startGateway({ env });
  cleanup.add("stop the gateway", () => gw.stop());
  const pid = gw.pid;

  console.log(heading("catalog-gateway fault run: PostgreSQL crashes under load"));
  console.log(describeMachine(machine));
  console.log(`postgresql  private cluster (initdb) on 127.0.0.1:${cluster.port}; the system server is not touched`);
  console.log(`gateway     pid ${pid}, ${gw.baseUrl}, NODE_ENV=production, demo city, rate limits on but high`);
  console.log(`load        ${s.connections} connections: search 30 %, records 30 % (人口基本信息, 20 rows, each audited),`);
  console.log(`            workflow 40 % (submit share requests, providers decide them)`);
  console.log(`plan        ${s.before} s load → pg_ctl stop -m immediate → ${s.outage} s down → pg_ctl start → ${s.after} s more load`);

  const fx = await loadCatalogFixtures(gw.graphqlUrl, secret);
  const tag = runTag();
  const workflow = new ShareWorkflow(fx, tag);
  const recordsAcked: string[] = [];
  const next = weightedMix(catalogOps(fx, FAULTS_MIX, { tag, workflow, recordsPageSize: 20, onRecordsAcknowledged: (id) => recordsAcked.push(id) }));

  const recorder = new Recorder(true);
  const now = () => performance.now() - recorder.startedAt;

  // /readyz every 200 ms for the whole run.
  const polls: ReadyPoll[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const t = now();
      let status: number | "error" = "error";
      try {
        status = (await fetch(`${gw.baseUrl}/readyz`, { signal: AbortSignal.timeout(5000) })).status;
      } catch {
        /* counted as error */
      }
      const ms = now() - t;
      polls.push({ t: Math.round(t), status, ms: Math.round(ms) });
      await sleep(Math.max(0, 200 - ms));
    }
  })();

  const run = drive({ url: gw.graphqlUrl, connections: s.connections, durationSec: s.before + s.outage + s.after + 120, next, recorder, timeoutSec: 35 });
  cleanup.add("stop the load", () => run.stop());

  await sleep(s.before * 1000);
  console.log(`\n${(now() / 1000).toFixed(1)} s  ${recorder.count} answers; crashing PostgreSQL (pg_ctl stop -m immediate)`);
  const tStop = now();
  await cluster.stop("immediate");
  const tStopped = now();
  await sleep(s.outage * 1000);

  console.log(`${(now() / 1000).toFixed(1)} s  ${recorder.count} answers; starting PostgreSQL again`);
  const tStart = now();
  const starting = cluster.start();
  await waitUntilAccepting(dbUrl, { intervalMs: 25, timeoutMs: 120_000 });
  const tAccepting = now();
  await starting;
  console.log(`${(tAccepting / 1000).toFixed(1)} s  PostgreSQL accepts connections (${Math.round(tAccepting - tStart)} ms after pg_ctl start)`);

  // The first successful answer completed after PostgreSQL accepts connections again.
  let firstSuccess: TimelineEntry | undefined;
  for (let i = 0, deadline = tAccepting + 60_000; !firstSuccess && now() < deadline; ) {
    for (; i < recorder.timeline.length; i++) {
      const e = recorder.timeline[i];
      if (e.ok && e.t >= tAccepting) {
        firstSuccess = e;
        break;
      }
    }
    if (!firstSuccess) await sleep(10);
  }
  const recoveryMs = firstSuccess ? Math.round(firstSuccess.t - tAccepting) : null;
  console.log(`${(now() / 1000).toFixed(1)} s  ${firstSuccess ? `first successful request ${recoveryMs} ms after that` : "NO successful request within 60 s"}`);

  await sleep(Math.max(0, tAccepting + s.after * 1000 - now()));
  run.stop();
  const ac = await run.done;
  polling = false;
  await poller;
  const alive = gw.alive();
  let healthz: number | "error" = "error";
  try {
    healthz = (await fetch(`${gw.baseUrl}/healthz`, { signal: AbortSignal.timeout(5000) })).status;
  } catch {
    /* stays "error" */
  }
  console.log(`${(now() / 1000).toFixed(1)} s  load stopped: ${recorder.count} answers, ${recorder.transportErrors} lost`);

  // ------------------------------------------------------------ how requests failed
  const tl = recorder.timeline;
  const started = (e: TimelineEntry) => e.t - e.latencyMs;
  const during = tl.filter((e) => e.t >= tStop && e.t <= tAccepting);
  const failedDuring = during.filter((e) => !e.ok);
  const failedLatency = summarizeLatency(failedDuring.map((e) => e.latencyMs));
  const all5xx = tl.filter((e) => e.status >= 500);
  const bad5xx = all5xx.filter((e) => e.status !== 503);
  const internal = tl.filter((e) => e.code === "INTERNAL_SERVER_ERROR");
  const recoveredAt = firstSuccess ? firstSuccess.t : Infinity;
  const afterRecovery = tl.filter((e) => started(e) >= recoveredAt + 1000);
  const dbErrorsAfter = afterRecovery.filter((e) => e.status >= 500 || e.code === "SERVICE_UNAVAILABLE" || e.code === "INTERNAL_SERVER_ERROR");
  const before = tl.filter((e) => e.t < tStop);

  // /readyz: 503 while the server is certainly down, 200 again after it is back.
  const pollsDown = polls.filter((p) => p.t >= tStopped && p.t + p.ms <= tStart);
  const firstReady = polls.find((p) => p.t >= tAccepting && p.status === 200);
  const lastPoll = polls[polls.length - 1];
  const notReadyAfter = firstReady ? polls.filter((p) => p.t > firstReady.t && p.status !== 200).length : null;

  console.log(heading("during the outage"));
  console.log(`window      ${((tAccepting - tStop) / 1000).toFixed(1)} s from the crash to PostgreSQL accepting connections again`);
  console.log(`answers     ${during.length} (${during.length - failedDuring.length} ok); failed: ${failedDuring.length}`);
  console.log(`failed by   HTTP status: ${fmt(countBy(failedDuring, (e) => String(e.status)))}`);
  console.log(`            error code:  ${fmt(countBy(failedDuring, (e) => e.code ?? "none"))}`);
  console.log(`failed in   p50 ${failedLatency.p50} ms, p90 ${failedLatency.p90} ms, p99 ${failedLatency.p99} ms, max ${failedLatency.max} ms`);
  console.log(`/readyz     while down: ${fmt(countBy(pollsDown, (p) => String(p.status)))}; first 200 ${firstReady ? `${Math.round(firstReady.t + firstReady.ms - tAccepting)} ms after PostgreSQL was back` : "never"}; last poll ${lastPoll?.status}`);
  console.log(`process     pid ${pid} ${alive ? "still running" : "GONE"}; /healthz ${healthz}; gateway log lines ${JSON.stringify(gw.logCounts)}`);

  console.log(heading("by phase"));
  const phaseRow = (name: string, xs: TimelineEntry[]) => {
    const l = summarizeLatency(xs.map((e) => e.latencyMs));
    return [name, xs.length, xs.filter((e) => e.ok).length, l.p50, l.p99, fmt(countBy(xs, (e) => String(e.status))), fmt(countBy(xs.filter((e) => e.code), (e) => e.code!))];
  };
  console.log(
    table(
      ["phase", "answers", "ok", "p50 ms", "p99 ms", "HTTP status", "error codes"],
      [
        phaseRow("before the crash", before),
        phaseRow("outage (crash → accepting)", during),
        phaseRow("recovering (→ first success)", tl.filter((e) => e.t > tAccepting && e.t <= recoveredAt)),
        phaseRow("after (started ≥ 1 s after)", afterRecovery),
      ],
    ),
  );

  // ------------------------------------------------------------ what the database kept
  const submits = workflow.submits;
  const decisions = workflow.decisions;
  const subRows = await query<{ id: number; purpose_detail: string }>(dbUrl, "select id, purpose_detail from share_requests where id = any($1::int[])", [submits.map((x) => x.id)]);
  const subById = new Map(subRows.map((r) => [r.id, r.purpose_detail]));
  const missingSubmits = submits.filter((x) => subById.get(x.id) !== x.purposeDetail);
  const decRows = await query<{ id: number; state: string; grant_id: number | null; grant_exists: boolean }>(
    dbUrl,
    "select r.id, r.state::text as state, r.grant_id, (g.id is not null) as grant_exists from share_requests r left join grants g on g.id = r.grant_id where r.id = any($1::int[])",
    [decisions.map((x) => x.id)],
  );
  const decById = new Map(decRows.map((r) => [r.id, r]));
  const missingDecisions = decisions.filter((x) => {
    const r = decById.get(x.id);
    return !r || r.state !== x.state || (x.state === "APPROVED" && (!r.grant_exists || r.grant_id !== x.grantId));
  });
  const ackedIds = [...recordsAcked, ...submits.map((x) => x.requestId), ...decisions.map((x) => x.requestId)];
  const audited = new Set(
    (await query<{ request_id: string }>(dbUrl, "select request_id from audit_events where request_id = any($1::text[]) and outcome = 'ALLOWED'", [ackedIds])).map((r) => r.request_id),
  );
  const unauditedAcks = ackedIds.filter((id) => !audited.has(id));
  // Half-written: an approval without its grant (one transaction, so never), and — informational —
  // share requests of this run without their ALLOWED submit event (the mutation commits first and
  // its audit event is written after, in a transaction of its own).
  const [approvalsWithoutGrant] = await query<{ n: number }>(
    dbUrl,
    "select count(*)::int as n from share_requests r left join grants g on g.id = r.grant_id where r.state = 'APPROVED' and g.id is null",
  );
  const [grantsWithoutApproval] = await query<{ n: number }>(
    dbUrl,
    "select count(*)::int as n from grants g join share_requests r on r.id = g.request_id where r.state <> 'APPROVED'",
  );
  const [requestsWithoutEvent] = await query<{ n: number; total: number }>(
    dbUrl,
    `select count(*) filter (where not exists (
        select 1 from audit_events a where a.operation = 'submitShareRequest' and a.outcome = 'ALLOWED' and a.purpose_detail = r.purpose_detail))::int as n,
        count(*)::int as total
       from share_requests r where r.purpose_detail like $1`,
    [`压测申请 ${tag}-%`],
  );
  const verify = await exec(process.execPath, ["--import", "tsx", "src/main.ts", "audit", "verify"], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: dbUrl, AUTH_JWT_SECRET: secret, LOG_LEVEL: "warn" },
  }).then(
    (r) => ({ ok: true, out: r.stdout.trim() }),
    (e: { stdout?: string; stderr?: string }) => ({ ok: false, out: `${e.stdout ?? ""}${e.stderr ?? ""}`.trim() }),
  );

  console.log(heading("after the run: what the database kept"));
  console.log(`acknowledged  ${submits.length} submits, ${decisions.length} decisions, ${recordsAcked.length} records reads (HTTP 200, no errors)`);
  console.log(`missing       ${missingSubmits.length} submits, ${missingDecisions.length} decisions not (or not as acknowledged) in the database`);
  console.log(`audit events  ${unauditedAcks.length} of ${ackedIds.length} acknowledged requests without their ALLOWED event (by request id)`);
  console.log(`half-written  ${approvalsWithoutGrant.n} approvals without a grant, ${grantsWithoutApproval.n} grants of requests not approved`);
  console.log(`info          ${requestsWithoutEvent.n} of ${requestsWithoutEvent.total} share requests of this run committed without their submit audit event`);
  console.log(`              (a submit commits with its audit event in one transaction; ${workflow.retiredSlots} slots answered CONFLICT after an unacknowledged submit)`);
  console.log(`audit chain   ${verify.out.split("\n").pop()}`);

  console.log(heading("targets"));
  const targets = [
    target("no HTTP 500 (only 503 as 5xx)", bad5xx.length === 0 && internal.length === 0, `${bad5xx.length} 5xx other than 503 (${all5xx.length} 5xx in all), ${internal.length} INTERNAL_SERVER_ERROR`),
    target("outage failures are SERVICE_UNAVAILABLE", failedDuring.length > 0 && failedDuring.every((e) => e.code === "SERVICE_UNAVAILABLE"), `${failedDuring.length} failed: ${fmt(countBy(failedDuring, (e) => e.code ?? `HTTP ${e.status}`))}`),
    target(`outage failures fast (p99 < ${FAST_FAILURE_P99_MS} ms)`, failedLatency.count > 0 && failedLatency.p99 < FAST_FAILURE_P99_MS, `p99 ${failedLatency.p99} ms, max ${failedLatency.max} ms`),
    target("/readyz 503 while down, 200 after", pollsDown.length > 0 && pollsDown.every((p) => p.status === 503) && !!firstReady && notReadyAfter === 0 && lastPoll?.status === 200,
      `${pollsDown.length} polls while down: ${fmt(countBy(pollsDown, (p) => String(p.status)))}; ${notReadyAfter ?? "–"} not ready after the first 200`),
    target("process stayed up (same pid)", alive && healthz === 200, `pid ${pid} ${alive ? "running" : "gone"}, /healthz ${healthz}`),
    target(`recovery ≤ ${RECOVERY_TARGET_MS / 1000} s`, recoveryMs !== null && recoveryMs <= RECOVERY_TARGET_MS, recoveryMs === null ? "no success" : `${recoveryMs} ms from accepting connections to the first successful request`),
    target("no database errors after recovery", dbErrorsAfter.length === 0, `${dbErrorsAfter.length} of ${afterRecovery.length} answers started ≥ 1 s after the first success`),
    target("every acknowledged write kept", missingSubmits.length === 0 && missingDecisions.length === 0 && unauditedAcks.length === 0,
      `${submits.length + decisions.length} writes, ${recordsAcked.length} audited reads; ${missingSubmits.length + missingDecisions.length} missing, ${unauditedAcks.length} without audit event`),
    target("nothing half-written", approvalsWithoutGrant.n === 0 && grantsWithoutApproval.n === 0, `${approvalsWithoutGrant.n} approvals without grant, ${grantsWithoutApproval.n} orphan grants`),
    target("audit chain intact", verify.ok, verify.out.split("\n").pop() ?? ""),
  ];
  const pass = printTargets(targets);

  const summary = {
    kind: "faults",
    at: new Date(Date.now() - now()).toISOString(),
    pass,
    machine,
    settings: { ...s, mix: FAULTS_MIX, rateLimits: HIGH_RATE_LIMITS },
    timelineMs: {
      crash: Math.round(tStop), stopped: Math.round(tStopped), startInvoked: Math.round(tStart), accepting: Math.round(tAccepting),
      firstSuccess: firstSuccess ? Math.round(firstSuccess.t) : null,
    },
    recoveryMs,
    outage: {
      answers: during.length,
      failed: failedDuring.length,
      failedByStatus: countBy(failedDuring, (e) => String(e.status)),
      failedByCode: countBy(failedDuring, (e) => e.code ?? "none"),
      failedLatencyMs: failedLatency,
    },
    readyz: {
      pollsWhileDown: countBy(pollsDown, (p) => String(p.status)),
      firstReadyAfterAcceptingMs: firstReady ? Math.round(firstReady.t + firstReady.ms - tAccepting) : null,
      notReadyAfterFirstReady: notReadyAfter,
      last: lastPoll?.status ?? null,
    },
    process: { pid, alive, healthz, logLines: gw.logCounts },
    answers: { total: tl.length, lost: recorder.transportErrors, all5xx: all5xx.length, non503: bad5xx.length, internal: internal.length, dbErrorsAfterRecovery: dbErrorsAfter.length },
    writes: {
      submits: submits.length, decisions: decisions.length, recordsReads: recordsAcked.length,
      missingSubmits: missingSubmits.length, missingDecisions: missingDecisions.length, unauditedAcknowledged: unauditedAcks.length,
      approvalsWithoutGrant: approvalsWithoutGrant.n, grantsWithoutApproval: grantsWithoutApproval.n,
      requestsWithoutSubmitEvent: requestsWithoutEvent.n, requestsOfRun: requestsWithoutEvent.total, retiredSlots: workflow.retiredSlots,
    },
    auditChain: verify.out,
    targets,
  };
  const files = writeResults("faults", summary, {
    ...summary,
    autocannon: ac,
    readyzPolls: polls,
    timeline: tl,
    gatewayErrorLines: gw.errorLines.slice(0, 100),
    postgresLog: cluster.logTail(60),
  });
  console.log(`\nwrote ${files.summary} and ${files.raw}`);
  return pass ? 0 : 1;
});
