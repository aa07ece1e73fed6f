// Prometheus metrics at GET /metrics: requests by operation and outcome, latency, errors by code,
// database pool use, audit writes. One registry per gateway (no process-global state).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { ApolloServerPlugin } from "@apollo/server";
import type { Database } from "../db/client.js";
import { auditWriteListeners } from "../audit/audit.service.js";
import type { Context } from "./context.js";
import { rateLimitListeners } from "./rate-limit.js";
import type { ExecutorStats } from "./executor.js";
import type { Admission } from "./admission.js";
import type { TokenLeases } from "./rate-lease.js";

export function createMetrics(database: Database, executor: ExecutorStats, admission: Admission, leases: TokenLeases) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "catalog_gateway_" });
  /** A counter of a running total kept elsewhere (`source[key]`), read when scraped. */
  const totalCounter = <S extends object>(name: string, help: string, source: S, key: { [K in keyof S]: S[K] extends number ? K : never }[keyof S]) => {
    let seen = 0;
    return new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        const now = source[key] as number;
        this.inc(now - seen);
        seen = now;
      },
    });
  };
  const requests = new Counter({
    name: "catalog_gateway_graphql_requests_total",
    help: "GraphQL requests by operation and outcome (ok or the first error code)",
    labelNames: ["operation", "outcome"],
    registers: [registry],
  });
  const latency = new Histogram({
    name: "catalog_gateway_graphql_request_duration_seconds",
    help: "GraphQL request latency",
    labelNames: ["operation"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const errors = new Counter({
    name: "catalog_gateway_graphql_errors_total",
    help: "GraphQL errors by code",
    labelNames: ["code"],
    registers: [registry],
  });
  const audits = new Counter({
    name: "catalog_gateway_audit_writes_total",
    help: "Events written to the audit trail",
    registers: [registry],
  });
  new Gauge({
    name: "catalog_gateway_db_pool_connections",
    help: "Database pool connections by state (PostgreSQL)",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      const s = database.poolStats();
      if (!s) return;
      this.set({ state: "total" }, s.total);
      this.set({ state: "idle" }, s.idle);
      this.set({ state: "waiting" }, s.waiting);
    },
  });
  // The search, access, account and entry caches' own counters, read when scraped.
  const cacheMetrics = (cache: Database["searchCache"], name: string, what: string, entriesHelp: string) => {
    const prefix = `catalog_gateway_${name.replace(/ /g, "_")}`;
    const counter = (key: "hits" | "misses" | "invalidations", help: string) => totalCounter(`${prefix}_${key}_total`, help, cache, key);
    counter("hits", `${what} answered from the cache`);
    counter("misses", `${what} computed by the database while the cache was on`);
    counter("invalidations", `Times the ${name} was dropped (changes reported by the feed, this process's own writes, feed lost or back)`);
    new Gauge({
      name: `${prefix}_entries`,
      help: entriesHelp,
      registers: [registry],
      collect() {
        this.set(cache.enabled ? cache.size : 0);
      },
    });
  };
  cacheMetrics(
    database.searchCache,
    "search cache",
    "Searches (ranked ids, facets or totals)",
    "Searches held in the search cache; 0 while it is off (feed not connected, or a catalog write of this process under way)",
  );
  cacheMetrics(
    database.accessCache,
    "access cache",
    "Access-decision inputs (resource, items, grants, applications)",
    "Access-decision inputs held in the access cache; 0 while it is off (feed not connected, or a write of this process to them under way)",
  );
  cacheMetrics(
    database.accountCache,
    "account cache",
    "Signed-in requests' accounts",
    "Accounts held in the account cache; 0 while it is off (feed not connected, or a write of this process to accounts or departments under way)",
  );
  cacheMetrics(
    database.entryCache,
    "entry cache",
    "Catalog entries (a detail page's entry, or a batch of related entries)",
    "Catalog entries held in the entry cache; 0 while it is off (feed not connected, or a catalog write of this process under way)",
  );
  // Leased rate-limit tokens (src/server/rate-lease.ts): charges of the shared buckets, and
  // tokens spent, from a lease or from a charge of their own.
  totalCounter("catalog_gateway_rate_limit_charges_total", "Charges of the shared rate-limit buckets (one per lease, or per request where a bucket is not leased)", leases, "charges");
  totalCounter("catalog_gateway_rate_limit_tokens_spent_total", "Rate-limit tokens spent by requests from leased tokens", leases, "spentFromLease");
  // The executor's (src/server/executor.ts): documents compiled, and runs each way.
  new Gauge({
    name: "catalog_gateway_graphql_compiled_documents",
    help: "Operations compiled (graphql-jit) since the start",
    registers: [registry],
    collect() {
      this.set(executor.compiled);
    },
  });
  const seenRuns = { compiled: 0, interpreted: 0 };
  new Counter({
    name: "catalog_gateway_graphql_executions_total",
    help: "Operations executed, by executor: compiled, or graphql-js (documents not run often enough yet, or declined)",
    labelNames: ["executor"],
    registers: [registry],
    collect() {
      this.inc({ executor: "compiled" }, executor.compiledRuns - seenRuns.compiled);
      this.inc({ executor: "graphql-js" }, executor.interpretedRuns - seenRuns.interpreted);
      seenRuns.compiled = executor.compiledRuns;
      seenRuns.interpreted = executor.interpretedRuns;
    },
  });
  // Admission (src/server/admission.ts): operations running and waiting, refusals of a full
  // queue, requests whose client left while waiting, and the time spent waiting.
  new Gauge({
    name: "catalog_gateway_operations",
    help: "GraphQL operations by state: running (at most MAX_CONCURRENT_OPERATIONS) or queued for a turn",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      this.set({ state: "running" }, admission.inFlight);
      this.set({ state: "queued" }, admission.queued);
    },
  });
  totalCounter("catalog_gateway_operations_admitted_total", "GraphQL operations given a turn", admission, "admitted");
  totalCounter("catalog_gateway_operation_queue_seconds_total", "Seconds operations waited for their turn, in all (divide by admitted for the mean wait)", admission, "waitedSeconds");
  totalCounter("catalog_gateway_operations_refused_total", "Requests refused with 503 because OPERATION_QUEUE_MAX were already waiting", admission, "refused");
  totalCounter("catalog_gateway_operations_abandoned_total", "Requests dropped from the queue because their client left before their turn", admission, "abandoned");
  const onAudit = () => audits.inc();
  const refusals = new Counter({
    name: "catalog_gateway_rate_limit_refusals_total",
    help: "Requests refused by a rate limit, by bucket",
    labelNames: ["bucket"],
    registers: [registry],
  });
  const onRefusal = (bucket: string) => refusals.inc({ bucket });
  rateLimitListeners.add(onRefusal);
  // Operation names come from clients: bound the label values so metrics cannot be flooded.
  const seen = new Set<string>();
  const label = (name: string | null | undefined) => {
    if (!name || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return "anonymous";
    if (seen.has(name)) return name;
    if (seen.size >= 200) return "other";
    seen.add(name);
    return name;
  };
  auditWriteListeners.add(onAudit);

  const plugin: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ request, operationName, response, errors: errs }) {
          const operation = label(operationName ?? request.operationName);
          const codes = (response.body.kind === "single" ? response.body.singleResult.errors : errs)?.map(
            (e) => String(e.extensions?.code ?? "INTERNAL_SERVER_ERROR"),
          );
          for (const c of codes ?? []) errors.inc({ code: c });
          requests.inc({ operation, outcome: codes?.length ? codes[0] : "ok" });
          latency.observe({ operation }, Number(process.hrtime.bigint() - started) / 1e9);
        },
      };
    },
  };
  return {
    registry,
    plugin,
    close() {
      auditWriteListeners.delete(onAudit);
      rateLimitListeners.delete(onRefusal);
    },
  };
}
