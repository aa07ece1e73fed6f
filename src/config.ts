// Every setting, read once from the environment and validated, with defaults.
// A bad setting ends start-up with one clear line (ConfigError), never a stack trace.
import path from "node:path";
import { DEFAULT_LIMITS, type QueryLimits } from "./server/limits.js";
import { DEFAULT_RATE_LIMITS, type RateLimits } from "./server/rate-limit.js";
import { dcatSettings, type DcatSettings } from "./dcat/settings.js";

export class ConfigError extends Error {
  override name = "ConfigError";
}

export interface Config {
  /** postgres://… when running on PostgreSQL; undefined for the embedded PGlite database. */
  databaseUrl?: string;
  /** Where the embedded database and its generated secret live. */
  dataDir: string;
  port: number;
  host: string;
  /** Load the demo city into an empty database. */
  demo: boolean;
  /** HS256 secret for bearer tokens; for the embedded database generated once into dataDir. */
  jwtSecret?: string;
  /** Secret of the KEYED_HASH masking strategy; derived from the token secret when unset. */
  maskingSecret?: string;
  /** Token lifetime in seconds (default 8 h). */
  tokenTtlSeconds: number;
  nodeEnv: string;
  /** Whether introspection is served. On unless NODE_ENV=production (then INTROSPECTION=true). */
  introspection: boolean;
  /** R12: working days a provider has to decide a share request (000: 3, 002: 5; the stricter). */
  shareDecisionWorkingDays: number;
  /** Limits on one operation (src/server/limits.ts). */
  limits: QueryLimits;
  /** Token-bucket rate limits per minute (0 turns one off). */
  rateLimits: RateLimits;
  /** Origins allowed to call the API from a browser (CORS); none by default. */
  corsOrigins: string[];
  /** Longest a statement may run on PostgreSQL, in ms. */
  statementTimeoutMs: number;
  /** Size of the pg pool on PostgreSQL. */
  poolMax: number;
  /** GraphQL operations executing at once; the others wait their turn in arrival order. */
  maxConcurrentOperations: number;
  /** Requests that may wait for a turn; beyond it a request is refused at once with 503. */
  operationQueueMax: number;
  /**
   * How far V8 lets the old generation grow past what the last full collection kept, in per cent
   * (0: V8's own factor, up to 4×). Applied by `serve` (src/main.ts).
   */
  heapGrowingPercent: number;
  /** Distinct statements each PostgreSQL connection keeps prepared (0: none, every statement is parsed and planned each time). */
  preparedStatements: number;
  /** Searches whose ranked ids, facets and totals are cached (0: none). */
  searchCacheEntries: number;
  /** Access-decision inputs (a resource, its items, a department's grants for a purpose) cached (0: none). */
  accessCacheEntries: number;
  /** Accounts (with their department) cached by login (0: none, every request loads its account). */
  accountCacheEntries: number;
  /** Catalog entries kept as their detail page reads them (src/catalog/entry-cache.ts); 0 turns the cache off. */
  entryCacheEntries: number;
  /** Runs of one operation document after which it is compiled (graphql-jit); 0: never, graphql-js runs everything. */
  graphqlCompileAfter: number;
  /** redis://… to keep rate-limit buckets in Redis; unset keeps them in the database. */
  redisUrl?: string;
  /** Prefix of the gateway's Redis keys, so several deployments can share one Redis. */
  redisKeyPrefix: string;
  /** How long SIGTERM waits for in-flight requests before cutting their connections, in ms. */
  shutdownTimeoutMs: number;
  /** The DCAT exchange (DCAT_*), checked at start-up like every other setting. */
  dcat: DcatSettings;
}

function checkRedisUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`REDIS_URL is not a valid URL (expected redis://host:6379)`);
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") {
    throw new ConfigError(`REDIS_URL must start with redis:// or rediss://, not ${url.protocol}//`);
  }
  if (!url.hostname) throw new ConfigError(`REDIS_URL names no host (expected redis://host:6379)`);
  return raw;
}

function bool(name: string, raw: string | undefined, dflt: boolean): boolean {
  if (raw === undefined || raw === "") return dflt;
  const v = raw.trim().toLowerCase();
  if (["1", "true", "yes", "on"].includes(v)) return true;
  if (["0", "false", "no", "off"].includes(v)) return false;
  throw new ConfigError(`${name} must be true or false, not "${raw}"`);
}

function int(name: string, raw: string | undefined, dflt: number, min: number, max: number): number {
  if (raw === undefined || raw === "") return dflt;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number, not "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, not ${n}`);
  return n;
}

/** Durations as seconds or with a unit: 3600, 90m, 8h, 1d. */
export function parseDuration(name: string, raw: string | undefined, dfltSeconds: number): number {
  if (raw === undefined || raw === "") return dfltSeconds;
  const m = /^(\d+)\s*(s|m|h|d)?$/.exec(raw.trim());
  if (!m) throw new ConfigError(`${name} must be a duration such as 3600, 90m, 8h or 1d, not "${raw}"`);
  const n = Number(m[1]) * ({ s: 1, m: 60, h: 3600, d: 86400 } as const)[(m[2] ?? "s") as "s"];
  if (n <= 0) throw new ConfigError(`${name} must be longer than zero`);
  return n;
}

export function checkDatabaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`DATABASE_URL is not a valid URL (expected postgres://user@host:5432/database)`);
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql://, not ${url.protocol}//`);
  }
  if (!url.hostname) throw new ConfigError(`DATABASE_URL names no host (expected postgres://user@host:5432/database)`);
  if (url.pathname.length <= 1) throw new ConfigError(`DATABASE_URL names no database (expected postgres://user@host:5432/database)`);
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV || "development";
  const databaseUrl = env.DATABASE_URL ? checkDatabaseUrl(env.DATABASE_URL) : undefined;
  const jwtSecret = env.AUTH_JWT_SECRET || undefined;
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    throw new ConfigError("AUTH_JWT_SECRET must be at least 32 characters");
  }
  if (databaseUrl && !jwtSecret) {
    throw new ConfigError(
      "AUTH_JWT_SECRET is required with DATABASE_URL (every replica must sign and check tokens with the same secret)",
    );
  }
  const maskingSecret = env.MASKING_SECRET || undefined;
  if (maskingSecret !== undefined && maskingSecret.length < 32) {
    throw new ConfigError("MASKING_SECRET must be at least 32 characters");
  }
  const production = nodeEnv === "production";
  return {
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR || "./.data"),
    port: int("PORT", env.PORT, 4000, 0, 65535),
    host: env.HOST || "0.0.0.0",
    demo: bool("DEMO", env.DEMO, true),
    jwtSecret,
    maskingSecret,
    tokenTtlSeconds: parseDuration("AUTH_TOKEN_TTL", env.AUTH_TOKEN_TTL, 8 * 3600),
    nodeEnv,
    introspection: bool("INTROSPECTION", env.INTROSPECTION, !production),
    shareDecisionWorkingDays: int("SHARE_DECISION_WORKING_DAYS", env.SHARE_DECISION_WORKING_DAYS, 3, 1, 30),
    limits: {
      maxDepth: int("QUERY_MAX_DEPTH", env.QUERY_MAX_DEPTH, DEFAULT_LIMITS.maxDepth, 2, 100),
      maxAliases: int("QUERY_MAX_ALIASES", env.QUERY_MAX_ALIASES, DEFAULT_LIMITS.maxAliases, 0, 1000),
      maxDirectives: int("QUERY_MAX_DIRECTIVES", env.QUERY_MAX_DIRECTIVES, DEFAULT_LIMITS.maxDirectives, 0, 1000),
      maxCost: int("QUERY_MAX_COST", env.QUERY_MAX_COST, DEFAULT_LIMITS.maxCost, 10, 10_000_000),
      maxTokens: int("QUERY_MAX_TOKENS", env.QUERY_MAX_TOKENS, DEFAULT_LIMITS.maxTokens, 100, 1_000_000),
    },
    rateLimits: {
      anonymousPerMinute: int("RATE_LIMIT_ANONYMOUS", env.RATE_LIMIT_ANONYMOUS, DEFAULT_RATE_LIMITS.anonymousPerMinute, 0, 1_000_000),
      accountPerMinute: int("RATE_LIMIT_ACCOUNT", env.RATE_LIMIT_ACCOUNT, DEFAULT_RATE_LIMITS.accountPerMinute, 0, 1_000_000),
      departmentPerMinute: int("RATE_LIMIT_DEPARTMENT", env.RATE_LIMIT_DEPARTMENT, DEFAULT_RATE_LIMITS.departmentPerMinute, 0, 10_000_000),
      verifyPerMinute: int("RATE_LIMIT_VERIFY", env.RATE_LIMIT_VERIFY, DEFAULT_RATE_LIMITS.verifyPerMinute, 0, 1_000_000),
      leasePercent: int("RATE_LIMIT_LEASE_PERCENT", env.RATE_LIMIT_LEASE_PERCENT, DEFAULT_RATE_LIMITS.leasePercent, 0, 50),
    },
    corsOrigins: (env.CORS_ORIGINS ?? "")
      .split(",")
      .map((o) => o.trim().replace(/\/$/, ""))
      .filter(Boolean),
    statementTimeoutMs: int("DB_STATEMENT_TIMEOUT_MS", env.DB_STATEMENT_TIMEOUT_MS, 10_000, 100, 600_000),
    poolMax: int("DB_POOL_MAX", env.DB_POOL_MAX, 10, 2, 1000),
    maxConcurrentOperations: int("MAX_CONCURRENT_OPERATIONS", env.MAX_CONCURRENT_OPERATIONS, 16, 1, 10_000),
    operationQueueMax: int("OPERATION_QUEUE_MAX", env.OPERATION_QUEUE_MAX, 2000, 0, 1_000_000),
    heapGrowingPercent: int("HEAP_GROWING_PERCENT", env.HEAP_GROWING_PERCENT, 50, 0, 300),
    preparedStatements: int("DB_PREPARED_STATEMENTS", env.DB_PREPARED_STATEMENTS, 300, 0, 10_000),
    searchCacheEntries: int("SEARCH_CACHE_ENTRIES", env.SEARCH_CACHE_ENTRIES, 1000, 0, 100_000),
    accessCacheEntries: int("ACCESS_CACHE_ENTRIES", env.ACCESS_CACHE_ENTRIES, 2000, 0, 100_000),
    accountCacheEntries: int("ACCOUNT_CACHE_ENTRIES", env.ACCOUNT_CACHE_ENTRIES, 5000, 0, 1_000_000),
    entryCacheEntries: int("ENTRY_CACHE_ENTRIES", env.ENTRY_CACHE_ENTRIES, 2000, 0, 100_000),
    graphqlCompileAfter: int("GRAPHQL_COMPILE_AFTER", env.GRAPHQL_COMPILE_AFTER, 10, 0, 1_000_000),
    redisUrl: env.REDIS_URL ? checkRedisUrl(env.REDIS_URL) : undefined,
    redisKeyPrefix: env.REDIS_KEY_PREFIX || "catalog-gateway:",
    shutdownTimeoutMs: int("SHUTDOWN_TIMEOUT_MS", env.SHUTDOWN_TIMEOUT_MS, 10_000, 0, 600_000),
    dcat: dcatSettings(env),
  };
}
