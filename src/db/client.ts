// Opening the database: the embedded PGlite (default, one connection, kept in DATA_DIR) or
// PostgreSQL through a pg Pool (DATABASE_URL). Both give the same drizzle API and run the same SQL.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { Logger } from "drizzle-orm/logger";
import pg from "pg";
import { ConfigError } from "../config.js";
import { keptOrBuilt } from "../server/kept.js";
import { Semaphore } from "../server/semaphore.js";
import { MAX_RECORDS_PAGE } from "../records/records.service.js";
import { FeedCache } from "./feed-cache.js";
import * as schema from "./schema.js";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  engine: "pglite" | "postgres";
  /** Every SQL statement drizzle sends goes through these listeners (tests count them). */
  onStatement: Set<(sql: string) => void>;
  /** Connections of the pg pool; null on the embedded database. */
  poolStats(): { total: number; idle: number; waiting: number } | null;
  /** Resolves when the database answers a trivial query within the timeout. */
  ping(timeoutMs?: number): Promise<boolean>;
  /**
   * The rows that records pages may hold in memory at once, a largest page (MAX_RECORDS_PAGE)
   * per pool connection. A page is fetched, audited and masked while its request holds as many
   * units as the rows it asked for, so memory is bounded by rows in flight, not by the clients
   * waiting: ten 1,000-row pages or a hundred 100-row pages.
   */
  rowReads: Semaphore;
  /**
   * Cached search results (src/catalog/search-cache.ts), live while this process listens to the
   * catalog's change feed: on PostgreSQL over a connection of its own besides the pool.
   */
  searchCache: FeedCache;
  /**
   * Cached access-decision inputs (src/policy/access.context.ts): live, like the search cache,
   * while the change feed is connected, and dropped on every change to resources, data items,
   * departments, grants or open-data applications.
   */
  accessCache: FeedCache;
  /**
   * Cached accounts by login (src/server/authenticate.ts): live, like the others, while the change
   * feed is connected, and dropped on every change to accounts or departments.
   */
  accountCache: FeedCache;
  /**
   * Cached catalog entries as the detail page reads them (src/catalog/entry-cache.ts): live, like
   * the others, while the change feed is connected, and dropped on every change to resources,
   * data items, departments, accounts or resource versions.
   */
  entryCache: FeedCache;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** Directory of the embedded database; omit for an in-memory one (tests). */
  dataDir?: string;
  poolMax?: number;
  /** Longest a statement may run on PostgreSQL (default 10 s). */
  statementTimeoutMs?: number;
  /** How long to wait for a new PostgreSQL connection (default 5 s). */
  connectTimeoutMs?: number;
  /** Distinct statements kept prepared on each PostgreSQL connection (default 300; 0: none). */
  preparedStatements?: number;
  /** Searches whose ranked ids, facets and totals are kept (default 1000; 0: no cache). */
  searchCacheEntries?: number;
  /** Access-decision inputs kept (default 2000; 0: no cache). */
  accessCacheEntries?: number;
  /** Accounts kept by login (default 5000; 0: no cache). */
  accountCacheEntries?: number;
  /** Catalog entries kept as read by `resource(code)` and related entries (default 2000; 0: no cache). */
  entryCacheEntries?: number;
}

/** The channel the catalog's change feed notifies (drizzle/0012_catalog_changes.sql). */
export const CATALOG_CHANNEL = "catalog_changed";

/** The caches the change feed keeps live. */
export interface FeedCaches {
  search: FeedCache;
  access: FeedCache;
  account: FeedCache;
  entry: FeedCache;
}

/**
 * Which caches a change to a table concerns (drizzle/0012–0014, 0017). Searches read resources,
 * data items and departments; access decisions those and grants and open-data applications; a
 * signed-in viewer its account and its department; a catalog entry as its detail page shows it
 * its resource, items and provider, and its versions with the accounts that made them.
 */
const FEEDS: Record<string, Array<keyof FeedCaches>> = {
  resources: ["search", "access", "entry"],
  data_items: ["search", "access", "entry"],
  departments: ["search", "access", "account", "entry"],
  grants: ["access"],
  open_applications: ["access"],
  accounts: ["account", "entry"],
  resource_versions: ["entry"],
};
const ALL_FEEDS: Array<keyof FeedCaches> = ["search", "access", "account", "entry"];

/** What a notification of the feed drops: its payload is the changed table's name (any other: everything). */
export function dropOnChange(caches: FeedCaches, table: string | undefined): void {
  for (const k of (table && FEEDS[table]) || ALL_FEEDS) caches[k].invalidate();
}

function feedWanted(caches: FeedCaches): boolean {
  return ALL_FEEDS.some((k) => caches[k].maxEntries > 0);
}

/**
 * Keeps a connection of its own listening to the catalog's change feed, and the caches live only
 * while it listens: every notification drops what it concerns; a lost connection turns both
 * caches off (and drops them) until a new one listens again, retried every `retryMs`.
 */
export function listenForCatalogChanges(databaseUrl: string, caches: FeedCaches, retryMs = 1000): { stop(): Promise<void> } {
  let stopped = false;
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  const setLive = (live: boolean) => {
    for (const k of ALL_FEEDS) caches[k].setLive(live);
  };
  const retry = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, retryMs);
    timer.unref();
  };
  // The current connection is gone (ended, or never got as far as listening): caches off, and try
  // again. A connection that is no longer the current one changes nothing.
  const lost = (c: pg.Client) => {
    if (client !== c) return;
    client = null;
    setLive(false);
    retry();
  };
  const connect = async () => {
    const c = new pg.Client({
      connectionString: databaseUrl,
      application_name: "catalog-gateway catalog feed",
      connectionTimeoutMillis: 5000,
      keepAlive: true,
    });
    client = c;
    c.on("error", () => {}); // followed by "end", or by the failure below
    c.on("notification", (n) => dropOnChange(caches, n.payload));
    c.on("end", () => lost(c));
    try {
      await c.connect();
      await c.query(`listen ${CATALOG_CHANNEL}`);
      if (!stopped && client === c) setLive(true);
    } catch {
      lost(c);
      await c.end().catch(() => {});
    }
  };
  if (feedWanted(caches)) void connect();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      setLive(false);
      await client?.end().catch(() => {});
    },
  };
}

/**
 * Names parameterised statements by their text, so that each pooled connection parses and plans
 * a statement once and then only binds and executes it (PostgreSQL caches the plan of a named
 * statement, and after five runs keeps a generic plan when it costs no more than the custom ones).
 * The gateway's statements have a few hundred shapes at most (a list of n ids is one shape per n);
 * past `limit` distinct texts, new ones go unnamed as before, which bounds what each connection
 * holds. Statements without parameters (migrations, `select 1`, several statements in one text)
 * go unnamed: the simple protocol runs them as they are.
 */
export function preparingClient(limit: number): typeof pg.Client {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < limit) {
      name = `cg_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`;
      names.set(text, name);
    }
    return name;
  };
  return class PreparingClient extends pg.Client {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override query(config: any, values?: any, callback?: any): any {
      if (limit > 0 && typeof config === "string" && Array.isArray(values) && values.length > 0) {
        const name = nameOf(config);
        if (name) config = { text: config, name };
      } else if (config && typeof config === "object" && typeof config.text === "string" && typeof config.submit !== "function") {
        // Names come from here only, also for statements drizzle prepares under a name of its
        // own: the same text always gets the same name, a different text never does, and with
        // the cap reached or at 0 the statement goes unnamed.
        const params = Array.isArray(values) ? values : config.values;
        const name = limit > 0 && Array.isArray(params) && params.length > 0 ? nameOf(config.text) : undefined;
        if (name !== config.name) {
          config = { ...config, name };
          if (name === undefined) delete config.name;
        }
      }
      return super.query(config, values, callback);
    }
  } as typeof pg.Client;
}

/** A statement's writes to tables the change feed watches; each match's group is the table's name. */
const FEED_WRITE = /\b(?:insert\s+into|update|delete\s+from|truncate)\s+"?(resources|data_items|departments|grants|open_applications|accounts|resource_versions)"?(?=[\s(]|$)/gi;

/**
 * The feeds a statement's text writes to. Statements built once repeat their text, so the answer
 * is kept by text (at most 1,000, none longer than 16,000 characters) instead of scanning it again
 * on every run.
 */
const writesOf = new Map<string, Array<keyof FeedCaches>>();
const NO_WRITES: Array<keyof FeedCaches> = [];

export function feedsWritten(query: string): Array<keyof FeedCaches> {
  const scan = () => {
    const feeds = [...query.matchAll(FEED_WRITE)].flatMap((m) => FEEDS[m[1].toLowerCase()]);
    return feeds.length ? feeds : NO_WRITES;
  };
  return query.length > 16_000 ? scan() : keptOrBuilt(writesOf, query, 1000, scan);
}

function statementLogger(listeners: Set<(sql: string) => void>, caches: FeedCaches): Logger {
  return {
    logQuery(query: string) {
      // This process is about to change the catalog, a grant or an account: stop using what is
      // cached about it until the change feed reports a commit (or the write is long over), so
      // that whoever made the change sees it on their next request, however late the feed's
      // notice arrives.
      for (const k of feedsWritten(query)) caches[k].writing();
      for (const l of listeners) l(query);
    },
  };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("timeout")), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

// PGlite keeps its files in one directory that only one process may open. A lock file with the
// owner's pid turns a second opener's corruption risk into a clear message.
function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, "gateway.lock");
  try {
    const pid = Number(fs.readFileSync(lockFile, "utf8").trim());
    if (pid && pid !== process.pid) {
      let alive = false;
      try {
        process.kill(pid, 0);
        alive = true;
      } catch (e) {
        alive = (e as NodeJS.ErrnoException).code === "EPERM";
      }
      if (alive) {
        throw new ConfigError(
          `the embedded database in ${dataDir} is in use by process ${pid}; stop it first, or set DATA_DIR to another directory`,
        );
      }
    }
  } catch (e) {
    if (e instanceof ConfigError) throw e;
  }
  fs.writeFileSync(lockFile, String(process.pid));
  return () => {
    try {
      if (fs.readFileSync(lockFile, "utf8").trim() === String(process.pid)) fs.unlinkSync(lockFile);
    } catch {
      /* already gone */
    }
  };
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const onStatement = new Set<(sql: string) => void>();
  const searchCache = new FeedCache(opts.searchCacheEntries ?? 1000);
  const accessCache = new FeedCache(opts.accessCacheEntries ?? 2000);
  const accountCache = new FeedCache(opts.accountCacheEntries ?? 5000);
  const entryCache = new FeedCache(opts.entryCacheEntries ?? 2000);
  const caches: FeedCaches = { search: searchCache, access: accessCache, account: accountCache, entry: entryCache };
  const logger = statementLogger(onStatement, caches);

  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      // No statement runs longer than this; a stuck query frees its connection.
      statement_timeout: opts.statementTimeoutMs ?? 10_000,
      max: opts.poolMax ?? 10,
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
      application_name: "catalog-gateway",
      Client: preparingClient(opts.preparedStatements ?? 300),
    });
    // An idle client that loses its connection must not crash the process.
    pool.on("error", () => {});
    // A client checked out for a transaction has no pool error listener: a connection lost in the
    // middle (the server crashed or restarted) would be an unhandled 'error' event and end the
    // process. The statement in flight fails by itself (SERVICE_UNAVAILABLE) and the pool drops
    // the dead client when it is released.
    pool.on("connect", (client) => client.on("error", () => {}));
    const db = drizzlePg(pool, { schema, logger }) as unknown as Db;
    try {
      await withTimeout(pool.query("select 1"), 6000);
    } catch (e) {
      await pool.end().catch(() => {});
      const url = new URL(opts.databaseUrl);
      const why = (e as Error).message || String(e);
      throw new ConfigError(`cannot reach PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}: ${why}`);
    }
    const feed = listenForCatalogChanges(opts.databaseUrl, caches);
    return {
      db,
      engine: "postgres",
      onStatement,
      rowReads: new Semaphore((opts.poolMax ?? 10) * MAX_RECORDS_PAGE),
      searchCache,
      accessCache,
      accountCache,
      entryCache,
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      async ping(timeoutMs = 2000) {
        try {
          await withTimeout(pool.query("select 1"), timeoutMs);
          return true;
        } catch {
          return false;
        }
      },
      async close() {
        await feed.stop();
        await pool.end();
      },
    };
  }

  // The embedded engine (a WebAssembly PostgreSQL, some 40 MiB resident) is loaded only when it
  // is used: a gateway on PostgreSQL never holds it.
  const [{ PGlite }, { pg_trgm }, { pgcrypto }, { drizzle: drizzlePglite }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("@electric-sql/pglite/contrib/pg_trgm"),
    import("@electric-sql/pglite/contrib/pgcrypto"),
    import("drizzle-orm/pglite"),
  ]);
  const unlock = opts.dataDir ? lockDataDir(opts.dataDir) : () => {};
  let client: PGlite;
  try {
    client = await PGlite.create(opts.dataDir ?? "memory://", { extensions: { pg_trgm, pgcrypto } });
  } catch (e) {
    unlock();
    throw new ConfigError(`cannot open the embedded database in ${opts.dataDir}: ${(e as Error).message}`);
  }
  const db = drizzlePglite(client, { schema, logger }) as unknown as Db;
  // One process owns the embedded database: its notifications arrive with the statement that
  // caused them, so the cache is live as soon as the channel is listened to.
  let unlisten: (() => Promise<void>) | null = null;
  if (feedWanted(caches)) {
    unlisten = await client.listen(CATALOG_CHANNEL, (payload) => dropOnChange(caches, payload));
    for (const k of ALL_FEEDS) caches[k].setLive(true);
  }
  return {
    db,
    engine: "pglite",
    onStatement,
    rowReads: new Semaphore(MAX_RECORDS_PAGE),
    searchCache,
    accessCache,
    accountCache,
    entryCache,
    poolStats: () => null,
    async ping(timeoutMs = 2000) {
      try {
        await withTimeout(client.query("select 1"), timeoutMs);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      for (const k of ALL_FEEDS) caches[k].setLive(false);
      await unlisten?.().catch(() => {});
      await client.close();
      unlock();
    },
  };
}

const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH",
  "57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006",
]);

/** Whether an error means the database cannot be reached (as opposed to a bad query). */
export function isDatabaseUnavailable(e: unknown): boolean {
  const next = (x: unknown) => (x as { originalError?: unknown }).originalError ?? (x as { cause?: unknown }).cause;
  for (let cur: unknown = e, n = 0; cur && n < 8; cur = next(cur), n++) {
    const code = (cur as { code?: string }).code;
    if (code && UNAVAILABLE_CODES.has(code)) return true;
    const msg = (cur as { message?: string }).message ?? "";
    if (/Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Client has encountered a connection error|PGlite is closed|Cannot use a pool after calling end/i.test(msg)) return true;
    if ((cur as { errors?: unknown[] }).errors?.some((x) => isDatabaseUnavailable(x))) return true;
  }
  return false;
}
