// Preparing a scale for a bench run: the bench cluster started, its database loaded (only when
// it does not hold the scale yet), and the load's rows-per-second table.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { SettingsError } from "../../lib/settings.js";
import { migrationsFolder } from "../../../src/db/migrate.js";
import { query } from "../../lib/postgres.js";
import { table } from "../../lib/report.js";
import { BenchCluster, freeGiB, benchDir } from "./cluster.js";
import { loadScale, type LoadSummary } from "./dataset.js";
import { SCALES, type Scale } from "./synth.js";

export const BENCH_DATABASE = "catalog";

/** Rough disk a loaded scale takes (data, indexes, WAL), in GiB. */
export const DISK_NEEDED_GIB: Record<Scale, number> = { city: 3, province: 20 };

export function parseScale(v: string | undefined): Scale {
  const s = v ?? "city";
  if (!(s in SCALES)) throw new SettingsError(`--scale must be city or province, not "${s}"`);
  return s as Scale;
}

/**
 * The bench cluster of a scale, started, with its `catalog` database loaded (generated when it is
 * missing or holds something else). Returns the cluster and what the load did.
 */
export async function ensureClusterData(scale: Scale, opts: { fresh?: boolean; log?: (l: string) => void } = {}) {
  const log = opts.log ?? console.log;
  const cluster = BenchCluster.forScale(scale);
  if (!cluster.exists()) {
    const free = await freeGiB(benchDir());
    if (free < DISK_NEEDED_GIB[scale]) {
      throw new Error(`${benchDir()} has ${free} GiB free; the ${scale} scale needs about ${DISK_NEEDED_GIB[scale]} GiB (set BENCH_DIR to a roomier place)`);
    }
    log(`initdb ${cluster.dir} (pg_stat_statements preloaded)…`);
    await cluster.init();
  }
  await cluster.start();
  const url = cluster.url(BENCH_DATABASE);
  const exists = (await query(cluster.url(), "select 1 from pg_database where datname = $1", [BENCH_DATABASE])).length > 0;
  if (exists && opts.fresh) await query(cluster.url(), `drop database ${BENCH_DATABASE} with (force)`);
  if (!exists || opts.fresh) await query(cluster.url(), `create database ${BENCH_DATABASE}`);
  // A migration edited after this database applied it (it happens while a migration is being
  // written) leaves the database unlike a fresh one: load it again.
  if (exists && !opts.fresh) {
    const drift = await migrationDrift(url);
    if (drift.length) {
      log(`the database applied other versions of ${drift.join(", ")}: recreating it`);
      await query(cluster.url(), `drop database ${BENCH_DATABASE} with (force)`);
      await query(cluster.url(), `create database ${BENCH_DATABASE}`);
    }
  }
  let summary: LoadSummary;
  try {
    summary = await loadScale(url, scale, log);
  } catch (e) {
    if (/other bench data|expected the demo city/.test((e as Error).message)) {
      log(`${(e as Error).message}: recreating the database`);
      await query(cluster.url(), `drop database ${BENCH_DATABASE} with (force)`);
      await query(cluster.url(), `create database ${BENCH_DATABASE}`);
      summary = await loadScale(url, scale, log);
    } else throw e;
  }
  return { cluster, url, summary };
}

export function printLoad(summary: LoadSummary): void {
  if (summary.skipped) {
    if (summary.loadedAt) console.log(`(loaded ${summary.loadedAt}: ${populationRate(summary)?.toLocaleString("en-US") ?? "?"} population rows/s)`);
    return;
  }
  console.log(
    "\n" +
      table(
        ["table", "rows", "seconds", "rows/s"],
        summary.tables.map((t) => [t.table, t.rows, Math.round(t.seconds * 10) / 10, t.rows && t.seconds ? Math.round(t.rows / t.seconds) : null]),
      ),
  );
  console.log(`\ntotal ${summary.totalSeconds.toFixed(1)} s; the database now holds ${Object.entries(summary.counts).map(([k, v]) => `${k} ${v.toLocaleString("en-US")}`).join(", ")}`);
  const rate = populationRate(summary);
  if (rate !== null) {
    console.log(`population rows: ${rate.toLocaleString("en-US")} rows/s, COPY and the rebuilt keys together (target ≥ 50,000): ${rate >= 50_000 ? "PASS" : "FAIL"}`);
  }
}


/** Rows of 人口基本信息 per second: the COPY and the rebuilding of the table's keys together. */
export function populationRate(summary: LoadSummary): number | null {
  const copy = summary.tables.find((t) => t.table.startsWith("records ("));
  if (!copy) return null;
  const rebuild = summary.tables.find((t) => t.table.startsWith("records:"))?.seconds ?? 0;
  return Math.round(copy.rows / (copy.seconds + rebuild));
}

/** Migrations the database applied with other contents than drizzle/ has now (drizzle's sha256 of the file). */
export async function migrationDrift(url: string): Promise<string[]> {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: Array<{ tag: string; when: number }> };
  let applied: Array<{ hash: string; created_at: string }>;
  try {
    applied = await query<{ hash: string; created_at: string }>(url, "select hash, created_at::text from drizzle.__drizzle_migrations");
  } catch {
    return [];
  }
  const byWhen = new Map(applied.map((a) => [String(a.created_at), a.hash]));
  const out: string[] = [];
  for (const e of journal.entries) {
    const stored = byWhen.get(String(e.when));
    if (stored === undefined) continue;
    const sql = fs.readFileSync(path.join(migrationsFolder, `${e.tag}.sql`), "utf8");
    if (createHash("sha256").update(sql).digest("hex") !== stored) out.push(e.tag);
  }
  return out;
}
