// The command line: serve | migrate | seed | token <login>.
// A bad setting or an unreachable database ends the command with one clear line, not a stack.
import "reflect-metadata";
import path from "node:path";
import v8 from "node:v8";
import { fileURLToPath } from "node:url";
import { destination, pino, type Logger } from "pino";
import { eq } from "drizzle-orm";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { openDatabase, type Database } from "./db/client.js";
import { migrate, withStartupLock } from "./db/migrate.js";
import { accounts } from "./db/schema.js";
import { resolveJwtSecret } from "./auth/secret.js";
import { signToken } from "./auth/token.js";
import { isDatabaseEmpty, loadDemoCity } from "./demo/load.js";
import { createGateway } from "./server/http.js";
import { appendAuditEvent, verifyAuditChain } from "./audit/audit.service.js";
import { sweepDeadlines } from "./access/requests.service.js";
import { IngestError, ingestFile } from "./records/intake.service.js";

const USAGE = `usage: catalog-gateway <command>
  serve            start the gateway (default)
  migrate          apply database migrations and exit
  seed             load the demo city into an empty database and exit
  token <login>    print a bearer token for an account of the database
  audit verify     check the audit trail's hash chain; exits 1 at the first broken link
  ingest <resourceCode> <file.csv|file.jsonl>
                   write the rows of a file into a resource, all or nothing; exits 1 at bad rows`;

/** The server logs to stdout; one-shot commands log to stderr, so their output stays clean
 * (`TOKEN=$(npm run --silent token -- health)`). */
function logger(config: Config, to: "stdout" | "stderr" = "stderr"): Logger {
  return pino(
    { level: process.env.LOG_LEVEL || (config.nodeEnv === "test" ? "warn" : "info"), base: { service: "catalog-gateway" } },
    destination(to === "stdout" ? 1 : 2),
  );
}

/** Opens the database, applies migrations and (when asked and empty) loads the demo city. */
export async function prepareDatabase(config: Config, log: Logger, opts: { demo: boolean }): Promise<Database> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
    poolMax: config.poolMax,
    statementTimeoutMs: config.statementTimeoutMs,
    preparedStatements: config.preparedStatements,
    searchCacheEntries: config.searchCacheEntries,
    accessCacheEntries: config.accessCacheEntries,
    accountCacheEntries: config.accountCacheEntries,
    entryCacheEntries: config.entryCacheEntries,
  });
  try {
    await withStartupLock(database, async () => {
      await migrate(database);
      if (opts.demo && (await isDatabaseEmpty(database.db))) {
        const t0 = Date.now();
        const summary = await loadDemoCity(database.db);
        log.info({ ...summary, ms: Date.now() - t0 }, "loaded the demo city");
      }
    });
  } catch (e) {
    await database.close().catch(() => {});
    throw e;
  }
  return database;
}

/**
 * Under many connections, what a request allocates outlives two young-generation collections
 * while it waits and runs, so it dies in the old generation, which V8 lets grow to up to four
 * times what its last full collection kept before collecting again: at 100 connections the
 * process held about 270 MiB for a live heap of about 30. A fixed factor (1 + percent/100) keeps
 * the garbage in proportion. V8 reads this flag whenever it sets the next limit, so it takes
 * effect when set at start-up; the young generation's size cannot be changed once the heap exists
 * and is set on the command line instead (package.json `start`: --max-semi-space-size).
 */
function applyHeapGrowing(percent: number): void {
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}

async function serve(config: Config) {
  applyHeapGrowing(config.heapGrowingPercent);
  const log = logger(config, "stdout");
  const database = await prepareDatabase(config, log, { demo: config.demo });
  const jwtSecret = resolveJwtSecret(config);
  const gateway = await createGateway({ config, database, jwtSecret, log });
  let port: number;
  try {
    port = await gateway.listen(config.port);
  } catch (e) {
    await gateway.stop().catch(() => {});
    await database.close().catch(() => {});
    throw e;
  }
  const where = config.databaseUrl ? "PostgreSQL" : `embedded database in ${config.dataDir}`;
  log.info({ port, engine: database.engine }, `catalog-gateway ready at http://localhost:${port}/graphql (${where})`);

  // Due-tomorrow and overdue notifications come from the clock (idempotent on every replica).
  const sweep = setInterval(() => {
    sweepDeadlines(database.db, new Date()).catch((err) => log.warn({ err }, "deadline sweep failed"));
  }, 60_000);
  sweep.unref();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, timeoutMs: config.shutdownTimeoutMs }, "shutting down: refusing new requests, finishing in-flight ones");
    // A last resort if closing the pool itself hangs; draining has its own timeout.
    const timer = setTimeout(() => {
      log.error("shutdown took too long; exiting");
      process.exit(1);
    }, config.shutdownTimeoutMs + 10_000);
    timer.unref();
    clearInterval(sweep);
    try {
      await gateway.stop(config.shutdownTimeoutMs);
      await database.close();
      log.info("stopped");
      process.exit(0);
    } catch (e) {
      log.error({ err: e }, "error while shutting down");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

async function token(config: Config, login: string | undefined) {
  if (!login) throw new ConfigError("token needs a login: npm run --silent token -- <login>");
  const log = logger(config);
  const database = await prepareDatabase(config, log, { demo: config.demo });
  try {
    const rows = await database.db
      .select({ active: accounts.active })
      .from(accounts)
      .where(eq(accounts.login, login))
      .limit(1);
    if (!rows[0]) throw new ConfigError(`no account with login "${login}"`);
    if (!rows[0].active) throw new ConfigError(`the account "${login}" is deactivated`);
    const secret = resolveJwtSecret(config);
    process.stdout.write((await signToken(login, secret, config.tokenTtlSeconds)) + "\n");
  } finally {
    await database.close();
  }
}

/** `ingest <resourceCode> <file>`: progress on stderr, the summary on stdout, bad rows on stderr (exit 1). */
async function ingest(config: Config, resourceCode: string | undefined, file: string | undefined) {
  if (!resourceCode || !file) throw new ConfigError("ingest needs a resource code and a file: npm run ingest -- <resourceCode> <file.csv|file.jsonl>");
  const database = await prepareDatabase(config, logger(config), { demo: config.demo });
  try {
    const result = await ingestFile(database, {
      resourceCode,
      file,
      databaseUrl: config.databaseUrl,
      onProgress: ({ rows, seconds }) => process.stderr.write(`read ${rows} rows (${Math.round(rows / seconds)} rows/s)\n`),
    });
    if (!result.ok) {
      process.stderr.write(`${result.badRowCount} bad row(s) in ${file}; nothing was written to ${result.resourceCode}\n`);
      for (const b of result.badRows) process.stderr.write(`  line ${b.line}: ${b.reason}\n`);
      const more = result.badRowCount - result.badRows.length;
      if (more > 0) process.stderr.write(`  … and ${more} more\n`);
      process.exitCode = 1;
      return;
    }
    // The trail records operator loads too: no account, the operating-system user as the actor.
    await appendAuditEvent(database.db, {
      accountId: null,
      login: `cli:${process.env.USER ?? "operator"}`,
      departmentCode: null,
      roles: [],
      operation: "ingest",
      resourceCode: result.resourceCode,
      purpose: null,
      purposeDetail: path.basename(file).slice(0, 200),
      itemsClear: [],
      itemsMasked: [],
      itemsWithheld: [],
      filters: { inserted: result.inserted, updated: result.updated },
      rowCount: result.rows,
      grantIds: [],
      outcome: "ALLOWED",
      reason: null,
      requestId: null,
      clientAddress: null,
    });
    console.log(
      `ingested ${result.rows} rows into ${result.resourceCode} (${result.inserted} inserted, ${result.updated} updated) in ${result.seconds.toFixed(1)} s`,
    );
  } catch (e) {
    throw e instanceof IngestError ? new ConfigError(e.message) : e;
  } finally {
    await database.close();
  }
}

export async function main(argv: string[]): Promise<void> {
  const [command = "serve", ...rest] = argv;
  const config = loadConfig();
  switch (command) {
    case "serve":
      return serve(config);
    case "migrate": {
      const database = await prepareDatabase(config, logger(config), { demo: false });
      await database.close();
      console.log("migrations applied");
      return;
    }
    case "seed": {
      const log = logger(config);
      const database = await prepareDatabase(config, log, { demo: false });
      try {
        if (!(await isDatabaseEmpty(database.db))) throw new ConfigError("the database is not empty; the demo city is loaded only into an empty one");
        const summary = await loadDemoCity(database.db);
        console.log(`demo city loaded: ${JSON.stringify(summary)}`);
      } finally {
        await database.close();
      }
      return;
    }
    case "token":
      return token(config, rest[0]);
    case "audit": {
      if (rest[0] !== "verify") throw new ConfigError(`unknown audit command "${rest[0] ?? ""}"; use: audit verify`);
      const database = await prepareDatabase(config, logger(config), { demo: false });
      try {
        const r = await verifyAuditChain(database.db);
        if (r.ok) console.log(`audit chain intact: ${r.checked} events checked`);
        else {
          console.log(`audit chain broken at event ${r.firstBrokenId} (${r.checked} events intact before it): ${r.reason}`);
          process.exitCode = 1;
        }
      } finally {
        await database.close();
      }
      return;
    }
    case "ingest":
      return ingest(config, rest[0], rest[1]);
    case "help":
    case "--help":
    case "-h":
      console.log(USAGE);
      return;
    default:
      throw new ConfigError(`unknown command "${command}"\n${USAGE}`);
  }
}

/** Runs a command as the command line does: a failure is one clear line on stderr and exit 1. */
export function runCommandLine(argv: string[]): void {
  main(argv).catch((e) => {
    const msg = e instanceof ConfigError ? e.message : `start-up failed: ${(e as Error)?.message ?? String(e)}`;
    process.stderr.write(`catalog-gateway: ${msg.split("\n")[0]}\n`);
    if (!(e instanceof ConfigError) && process.env.LOG_LEVEL === "debug") console.error(e);
    process.exit(1);
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) runCommandLine(process.argv.slice(2));
