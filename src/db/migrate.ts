// Applies the drizzle-kit migrations of drizzle/ from code, on start-up, on both engines.
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { Database } from "./client.js";

export const migrationsFolder = fileURLToPath(new URL("../../drizzle", import.meta.url));

/** A fixed advisory-lock key so that replicas starting together migrate and seed one at a time. */
const STARTUP_LOCK = 727_001;

export async function migrate(database: Database): Promise<void> {
  if (database.engine === "pglite") {
    // Loaded only for the embedded engine (see openDatabase).
    const { migrate: migratePglite } = await import("drizzle-orm/pglite/migrator");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migratePglite(database.db as any, { migrationsFolder });
  } else {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migratePg(database.db as any, { migrationsFolder });
  }
}

/**
 * Runs `fn` while holding the start-up lock on PostgreSQL (several replicas may start at once).
 * PGlite has one connection and one process, so it needs none.
 */
export async function withStartupLock<T>(database: Database, fn: () => Promise<T>): Promise<T> {
  if (database.engine === "pglite") return fn();
  // Session-level advisory locks belong to one connection: hold one client for the duration.
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${STARTUP_LOCK})`);
    return fn();
  });
}
