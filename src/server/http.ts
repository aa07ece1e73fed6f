// The HTTP side: /graphql through Apollo Server, /healthz, /readyz, and the browser pages (src/explorer).
// Plain node:http; Apollo is driven through executeHTTPGraphQLRequest.
import http from "node:http";
import net, { type Socket } from "node:net";
import { randomUUID } from "node:crypto";
import { ApolloServer, HeaderMap, type ApolloServerPlugin, type HTTPGraphQLRequest } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from "@apollo/server/plugin/disabled";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import { ConfigError } from "../config.js";
import { isDatabaseUnavailable, type Database } from "../db/client.js";
import { codedError } from "./errors.js";
import { resolveMaskingSecret } from "../auth/secret.js";
import { createContext, type Context } from "./context.js";
import { serveExplorer, serveGraphiQL } from "../explorer/serve.js";
import { buildGatewaySchema } from "./schema.js";
import { Abandoned, Admission } from "./admission.js";
import { compilingGateway, type ExecutorStats } from "./executor.js";
import { sendDcat } from "../dcat/export.js";
import { queryLimitRule } from "./limits.js";
import { knownOperationTypes } from "./input-hygiene.js";
import { createMetrics } from "./metrics.js";
import { databaseBuckets, redisBuckets } from "./rate-limit.js";
import { authenticateRequest } from "./authenticate.js";
import { TokenLeases } from "./rate-lease.js";

/** Codes a client may see as they are; anything else is an unexpected error and is masked. */
const CLIENT_CODES = new Set([
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "BAD_USER_INPUT",
  "NOT_FOUND",
  "CONFLICT",
  "DEADLINE_PASSED",
  "SERVICE_UNAVAILABLE",
  "RATE_LIMITED",
  "QUERY_LIMIT",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
]);

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * An error as the log may hold it: drizzle puts the query's parameters (clear values of masked
 * items among them) into its message; the log keeps the SQL and the cause, never the parameters.
 */
export function loggableError(e: unknown): Record<string, unknown> {
  if (!(e instanceof Error)) return { message: String(e) };
  const strip = (m: string) => m.split("\nparams:")[0];
  const cause = (e as { cause?: unknown }).cause;
  return {
    type: e.name,
    message: strip(e.message),
    ...(cause instanceof Error ? { cause: strip(cause.message), code: (cause as { code?: string }).code } : {}),
    stack: e.stack ? strip(e.stack).split("\n").slice(0, 8).join("\n") : undefined,
  };
}

/** Masks unexpected errors: their message may carry SQL and parameters (drizzle does). */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  // Apollo reports every validation error as GRAPHQL_VALIDATION_FAILED; a refused limit says so.
  if (formatted.extensions?.limit !== undefined) {
    formatted = { ...formatted, extensions: { ...formatted.extensions, code: "QUERY_LIMIT" } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === "string" && CLIENT_CODES.has(code)) {
    const { http: _http, stacktrace: _st, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      message: "数据库暂时不可用，请稍后重试 (database unavailable, retry later)",
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: "SERVICE_UNAVAILABLE" },
    };
  }
  return {
    message: "服务器内部错误，请凭请求编号联系管理员 (internal error)",
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: "INTERNAL_SERVER_ERROR" },
  };
}

function requestPlugin(log: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async didEncounterErrors({ contextValue, errors }) {
          for (const e of errors) {
            const code = (e.extensions?.code as string | undefined) ?? "INTERNAL_SERVER_ERROR";
            if (!CLIENT_CODES.has(code)) {
              const original = (e as GraphQLError).originalError ?? e;
              log.error(
                { requestId: contextValue?.requestId, path: e.path, err: loggableError(original) },
                "unexpected error in a GraphQL request",
              );
            }
          }
        },
        async willSendResponse({ contextValue, response, operationName }) {
          const rid = contextValue?.requestId;
          // One access line per request: who, which operation, how it ended. Never a value.
          const errs = response.body.kind === "single" ? response.body.singleResult.errors : undefined;
          log.info(
            {
              requestId: rid,
              login: contextValue?.viewer?.login ?? null,
              operation: operationName ?? null,
              outcome: errs?.length ? String(errs[0].extensions?.code ?? "ERROR") : "ok",
              ms: Number(process.hrtime.bigint() - started) / 1e6,
            },
            "graphql request",
          );
          if (rid) response.http.headers.set("x-request-id", rid);
          // R15: the data product names its source and when it was taken.
          if (response.body.kind === "single" && contextValue?.provenance?.length) {
            response.body.singleResult.extensions = {
              ...response.body.singleResult.extensions,
              provenance: contextValue.provenance,
            };
          }
          if (response.body.kind === "single" && response.body.singleResult.errors && rid) {
            response.body.singleResult.errors = response.body.singleResult.errors.map((e) => ({
              ...e,
              extensions: { ...e.extensions, requestId: rid },
            }));
          }
        },
      };
    },
  };
}

function send(res: http.ServerResponse, status: number, body: string, type = "application/json; charset=utf-8") {
  res.writeHead(status, {
    "content-type": type,
    "content-length": Buffer.byteLength(body),
    "x-content-type-options": "nosniff",
    "cache-control": "no-store",
  });
  res.end(body);
}

function sendError(res: http.ServerResponse, status: number, code: string, message: string, requestId: string) {
  if (!res.headersSent) res.setHeader("x-request-id", requestId);
  send(res, status, JSON.stringify({ errors: [{ message, extensions: { code, requestId } }] }));
}

class BodyTooLarge extends Error {}

/** Headers on every response: no sniffing, no framing, no referrer, a strict content policy. */
const SECURITY_HEADERS: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

/**
 * CORS is an allow-list (CORS_ORIGINS), closed by default. Answers a preflight itself; returns
 * true when the response is complete.
 */
function applyCors(req: http.IncomingMessage, res: http.ServerResponse, allowed: string[]): boolean {
  const origin = req.headers.origin;
  const ok = typeof origin === "string" && allowed.includes(origin);
  if (ok) {
    res.setHeader("access-control-allow-origin", origin);
    res.setHeader("vary", "Origin");
    res.setHeader("access-control-expose-headers", "x-request-id");
  }
  if (req.method === "OPTIONS") {
    if (ok) {
      res.setHeader("access-control-allow-methods", "GET, POST");
      res.setHeader("access-control-allow-headers", "content-type, authorization, apollo-require-preflight, x-request-id");
      res.setHeader("access-control-max-age", "600");
    }
    res.writeHead(ok ? 204 : 403);
    res.end();
    return true;
  }
  return false;
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > limit) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        // Keep nothing more and drain the rest, so that the 413 reaches the client: destroying
        // the socket here reset the connection before the answer was sent. The request timeout
        // still ends a body that never stops.
        chunks.length = 0;
        req.removeAllListeners("data");
        req.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export interface Gateway {
  server: http.Server;
  apollo: ApolloServer<Context>;
  /** Operations compiled, and runs compiled and through graphql-js (src/server/executor.ts). */
  executorStats: ExecutorStats;
  /** Operations running and waiting for a turn (src/server/admission.ts). */
  admission: Admission;
  /** Starts listening; resolves with the bound port. */
  listen(port: number, host?: string): Promise<number>;
  /**
   * Drains and stops: /readyz turns 503, the listener closes (new connections are refused),
   * requests already received finish (up to `timeoutMs`, then their connections are cut), then
   * Apollo and the rate-limit store close.
   */
  stop(timeoutMs?: number): Promise<void>;
}

export async function createGateway(opts: {
  config: Config;
  database: Database;
  jwtSecret: string;
  log: Logger;
}): Promise<Gateway> {
  const { config, database, jwtSecret, log } = opts;
  const maskingSecret = resolveMaskingSecret(config, jwtSecret);
  const schema = await buildGatewaySchema();
  const buckets = config.redisUrl
    ? redisBuckets({ url: config.redisUrl, prefix: `${config.redisKeyPrefix}rl:`, fallback: databaseBuckets(database.db), log })
    : databaseBuckets(database.db);
  // This replica's share of busy buckets (src/server/rate-lease.ts).
  const leases = new TokenLeases(config.rateLimits.leasePercent);
  const server = http.createServer();
  // A request that takes longer than this is cut off; slow clients cannot hold sockets open.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  const executor = compilingGateway(schema, { compileAfter: config.graphqlCompileAfter });
  const admission = new Admission(config.maxConcurrentOperations, config.operationQueueMax);
  const metrics = createMetrics(database, executor.stats, admission, leases);
  const apollo = new ApolloServer<Context>({
    // The schema, with an executor that compiles operations run often (src/server/executor.ts).
    gateway: executor,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    persistedQueries: false,
    // The process drains and stops Apollo itself (main.ts); Apollo's own SIGTERM handler would
    // stop it at once and fail the operations still running.
    stopOnTerminationSignals: false,
    formatError,
    // Compact JSON: Apollo's default indents every answer, which for a page of rows is a third
    // more bytes to build and send.
    stringifyResult: (value) => JSON.stringify(value),
    validationRules: [queryLimitRule(config.limits), knownOperationTypes],
    parseOptions: { maxTokens: config.limits.maxTokens },
    // Field suggestions ("Did you mean …") describe the schema: off where introspection is off.
    hideSchemaDetailsFromClientErrors: !config.introspection,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // No HTTP caching of GraphQL answers (they depend on the viewer), no traces to Apollo's
      // cloud (no internet): off, so no plugin wraps every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      requestPlugin(log),
      metrics.plugin,
    ],
  });
  await apollo.start();

  // Draining (SIGTERM). The listener closes, so new connections are refused. A connection
  // already accepted may hold a request the client sent before the signal that this process has
  // not parsed yet (its event loop was busy): it is served, with `connection: close`, as is any
  // request already running. A kept-alive connection idle after its last response for
  // IDLE_GRACE_MS is closed; one that has not sent a request yet gets NEW_GRACE_MS (as Go's
  // http.Server.Shutdown does). http.Server.close() would close both at once: not used.
  const IDLE_GRACE_MS = 200;
  const NEW_GRACE_MS = 5000;
  const ACCEPT_DRAIN_MS = 2000;
  let draining = false;
  let accepted = 0;
  let inFlight = 0;
  const connections = new Map<Socket, { active: number; served: number; idleSince: number }>();
  server.on("connection", (socket: Socket) => {
    accepted++;
    connections.set(socket, { active: 0, served: 0, idleSince: Date.now() });
    socket.once("close", () => connections.delete(socket));
  });
  server.on("request", (req, res) => {
    const conn = connections.get(req.socket);
    if (conn) conn.active++;
    inFlight++;
    res.once("close", () => {
      inFlight--;
      if (conn) {
        conn.active--;
        conn.served++;
        conn.idleSince = Date.now();
      }
    });
    if (draining) res.setHeader("connection", "close");
  });

  server.on("request", async (req, res) => {
    const incomingId = req.headers["x-request-id"];
    const requestId =
      typeof incomingId === "string" && /^[A-Za-z0-9._-]{8,64}$/.test(incomingId) ? incomingId : randomUUID();
    try {
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
      if (applyCors(req, res, config.corsOrigins)) return;
      const url = new URL(req.url ?? "/", "http://localhost");
      if (url.pathname === "/metrics" && req.method === "GET") {
        return send(res, 200, await metrics.registry.metrics(), metrics.registry.contentType);
      }
      if (url.pathname === "/healthz") return send(res, 200, JSON.stringify({ status: "ok" }));
      if (url.pathname === "/dcat/catalog.jsonld" && req.method === "GET") return sendDcat(req, res, database);
      if (url.pathname === "/explorer" || url.pathname.startsWith("/explorer/")) return serveExplorer(req, res, url, log);
      if (url.pathname === "/readyz") {
        if (draining) return send(res, 503, JSON.stringify({ status: "shutting down" }));
        const ok = await database.ping(2000);
        return send(res, ok ? 200 : 503, JSON.stringify({ status: ok ? "ready" : "database unavailable" }));
      }
      if (url.pathname === "/" && req.method === "GET") {
        res.writeHead(302, { location: "/graphql" });
        return res.end();
      }
      if (url.pathname !== "/graphql") {
        return sendError(res, 404, "NOT_FOUND", "没有这个地址 (not found)", requestId);
      }
      const accept = req.headers.accept ?? "";
      if (req.method === "GET" && !url.searchParams.has("query") && accept.includes("text/html")) {
        return serveGraphiQL(req, res, log);
      }
      if (req.method !== "GET" && req.method !== "POST") {
        res.setHeader("allow", "GET, POST");
        return sendError(res, 405, "BAD_REQUEST", "只支持 GET 和 POST (method not allowed)", requestId);
      }

      let body: unknown = undefined;
      if (req.method === "POST") {
        let raw: string;
        try {
          raw = await readBody(req, MAX_BODY_BYTES);
        } catch (e) {
          if (e instanceof BodyTooLarge) {
            res.setHeader("connection", "close");
            return sendError(res, 413, "BAD_REQUEST", `请求体超过 ${MAX_BODY_BYTES} 字节 (request body too large)`, requestId);
          }
          throw e;
        }
        const type = (req.headers["content-type"] ?? "").toLowerCase();
        if (type.startsWith("application/json") || type.startsWith("application/graphql-response+json")) {
          try {
            body = JSON.parse(raw);
          } catch {
            return sendError(res, 400, "BAD_REQUEST", "请求体不是有效的 JSON (malformed JSON body)", requestId);
          }
        } else {
          body = raw;
        }
      }

      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) {
        if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
      }
      const httpGraphQLRequest: HTTPGraphQLRequest = {
        method: req.method.toUpperCase(),
        headers,
        search: url.search,
        body,
      };
      // One turn per operation (src/server/admission.ts): beyond the limit, requests wait in
      // arrival order; beyond the queue, they are refused at once with 503.
      const turn = admission.enter();
      if (turn === null) {
        res.setHeader("retry-after", "1");
        return sendError(res, 503, "SERVICE_UNAVAILABLE", "服务繁忙，请稍后重试 (too many requests waiting; retry shortly)", requestId);
      }
      // A client that leaves while its request waits gives its place up; once running, the
      // operation finishes and its turn ends with it.
      let running = false;
      const leave = () => {
        if (!running) turn.release();
      };
      res.once("close", leave);
      try {
        await turn.ready;
      } catch (e) {
        if (e instanceof Abandoned) return;
        throw e;
      }
      running = true;
      let result: Awaited<ReturnType<typeof apollo.executeHTTPGraphQLRequest>>;
      try {
        result = await apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest,
          context: async () => {
            // Two Authorization headers are ambiguous (Node keeps the first, a proxy may use the
            // last): refused, never one of them picked.
            if ((req.headersDistinct.authorization?.length ?? 0) > 1) {
              throw codedError("UNAUTHENTICATED", "只能有一个 Authorization 头 (one Authorization header only)");
            }
            // Without the database no account can be checked and no bucket counted: fail fast with
            // 503, not 500 (an error thrown here is answered with its own HTTP status).
            const unavailable = (e: unknown): never => {
              if (isDatabaseUnavailable(e)) throw codedError("SERVICE_UNAVAILABLE", "数据库暂时不可用，请稍后重试 (database unavailable)");
              throw e;
            };
            const viewer = await authenticateRequest(database.db, req.headers.authorization, jwtSecret, {
              buckets,
              leases,
              limits: config.rateLimits,
              clientAddress: req.socket.remoteAddress ?? null,
              accounts: database.accountCache,
            }).catch(unavailable);
            return createContext(database, viewer, {
              requestId,
              clientAddress: req.socket.remoteAddress ?? null,
              maskingSecret,
              shareDecisionWorkingDays: config.shareDecisionWorkingDays,
              verifyPerMinute: config.rateLimits.verifyPerMinute,
              buckets,
            });
          },
        });
      } finally {
        turn.release();
        res.off("close", leave);
      }
      for (const [k, v] of result.headers) res.setHeader(k, v);
      res.setHeader("x-request-id", requestId);
      res.setHeader("x-content-type-options", "nosniff");
      if (draining) res.setHeader("connection", "close");
      res.statusCode = result.status ?? 200;
      if (result.body.kind === "complete") {
        res.end(result.body.string);
      } else {
        for await (const chunk of result.body.asyncIterator) res.write(chunk);
        res.end();
      }
    } catch (e) {
      log.error({ requestId, err: loggableError(e) }, "unexpected error in the HTTP handler");
      if (!res.headersSent) sendError(res, 500, "INTERNAL_SERVER_ERROR", "服务器内部错误 (internal error)", requestId);
      else res.end();
    }
  });

  return {
    server,
    apollo,
    executorStats: executor.stats,
    admission,
    listen(port: number, host = config.host) {
      return new Promise<number>((resolve, reject) => {
        const onError = (e: NodeJS.ErrnoException) => {
          server.off("listening", onListening);
          if (e.code === "EADDRINUSE") reject(new ConfigError(`port ${port} is already in use; set PORT to a free port`));
          else if (e.code === "EACCES") reject(new ConfigError(`no permission to listen on port ${port}; set PORT to a port above 1024`));
          else reject(new ConfigError(`cannot listen on ${host}:${port}: ${e.message}`));
        };
        const onListening = () => {
          server.off("error", onError);
          const addr = server.address();
          resolve(typeof addr === "object" && addr ? addr.port : port);
        };
        server.once("error", onError);
        server.once("listening", onListening);
        server.listen(port, host);
      });
    },
    async stop(timeoutMs = 10_000) {
      if (!draining && server.listening) {
        draining = true;
        // Connections the kernel completed before the signal wait in the listen backlog, and a
        // busy Node accepts about one a turn of the event loop: keep accepting until a whole turn
        // (one poll phase between two check phases) brings none, for at most ACCEPT_DRAIN_MS.
        const acceptUntil = Date.now() + ACCEPT_DRAIN_MS;
        for (;;) {
          const seen = accepted;
          await new Promise((r) => setImmediate(r));
          await new Promise((r) => setImmediate(r));
          if (accepted === seen || Date.now() > acceptUntil) break;
        }
        // Stop listening without http.Server.close()'s immediate sweep of "idle" connections.
        const closed = new Promise<void>((r) => net.Server.prototype.close.call(server, () => r()));
        log.info({ inFlight, connections: connections.size }, "listener closed: new connections are refused");
        const sweep = setInterval(() => {
          const now = Date.now();
          for (const [socket, c] of connections) {
            if (c.active === 0 && now - c.idleSince >= (c.served ? IDLE_GRACE_MS : NEW_GRACE_MS)) socket.destroy();
          }
        }, 50);
        let timer: NodeJS.Timeout | undefined;
        const timedOut = await Promise.race([
          closed.then(() => false),
          new Promise<boolean>((r) => (timer = setTimeout(() => r(true), timeoutMs))),
        ]);
        clearTimeout(timer);
        clearInterval(sweep);
        if (timedOut) log.warn({ inFlight, timeoutMs }, "requests still running at the shutdown timeout; closing their connections");
        for (const socket of connections.keys()) socket.destroy();
        await closed;
      }
      metrics.close();
      await apollo.stop();
      await buckets.close();
    },
  };
}
