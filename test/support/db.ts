// Test databases: every integration suite runs on the embedded PGlite and on PostgreSQL
// (TEST_DATABASE_URL, default the local server). Each PostgreSQL run creates its own database
// and drops it afterwards; nothing depends on state left by an earlier run.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";

export type Engine = "pglite" | "postgres";

const adminUrl = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";

/** The engines integration suites run on. TEST_ENGINES=pglite (or postgres) narrows the list. */
export const engines: Engine[] = (process.env.TEST_ENGINES || "pglite,postgres")
  .split(",")
  .map((s) => s.trim())
  .filter((s): s is Engine => s === "pglite" || s === "postgres");

export interface TestDatabase {
  database: Database;
  url?: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database on the given engine. */
export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === "pglite") {
    const database = await openDatabase({});
    await migrate(database);
    return { database, drop: () => database.close() };
  }
  const name = `cg_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // Generous connect timeout: suites share two cores with child processes and other suites.
  const database = await openDatabase({ databaseUrl: url.toString(), poolMax: 4, connectTimeoutMs: 30_000 });
  await migrate(database);
  return {
    database,
    url: url.toString(),
    async drop() {
      await database.close().catch(() => {}); // may already be closed by the test
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      try {
        await a.query(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}

/**
 * Ends the gateway's change-feed connection to this database from outside (as a database restart
 * or a network cut would); the gateway reconnects by itself within a second.
 */
export async function cutCatalogFeed(url: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'catalog-gateway catalog feed' and datname = current_database()`,
    );
  } finally {
    await admin.end();
  }
}
