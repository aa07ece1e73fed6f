// Loading a bench scale into a PostgreSQL database: the gateway's migrations and demo city
// (through the gateway's own code), then the synthetic departments, accounts, resources, items,
// versions and population rows through COPY in one transaction, the search index rebuilt by the
// gateway's own refreshSearchIndex, and VACUUM ANALYZE. The database records what it holds in
// gateway_meta (bench_data = "<scale>:<version>"), so a second load of the same scale is a no-op.
import pg from "pg";
import { drizzle } from "drizzle-orm/node-postgres";
import { sql } from "drizzle-orm";
import { openDatabase, type Db } from "../../../src/db/client.js";
import * as schema from "../../../src/db/schema.js";
import { migrate } from "../../../src/db/migrate.js";
import { isDatabaseEmpty, loadDemoCity } from "../../../src/demo/load.js";
import { refreshSearchIndex } from "../../../src/catalog/search.js";
import { copyRows, pgArray, type CopyResult } from "./copy.js";
import {
  DATA_VERSION,
  POPULATION_CODE,
  SCALES,
  accountsFor,
  generatePopulation,
  generateResources,
  moreDepartments,
  versionsOf,
  type ResourcePlan,
  type Scale,
} from "./synth.js";

export interface LoadSummary {
  scale: Scale;
  /** True when the database already held this scale. */
  skipped: boolean;
  tables: CopyResult[];
  totalSeconds: number;
  /** When the load whose tables these are ran (set when it was an earlier run's). */
  loadedAt?: string;
  counts: Record<string, number>;
}

const META_KEY = "bench_data";
/** How the data was loaded (tables, rows, seconds), kept for the reports of later runs. */
const LOAD_KEY = "bench_data_load";

async function one<T = Record<string, unknown>>(c: pg.ClientBase, text: string, params: unknown[] = []): Promise<T> {
  return (await c.query(text, params)).rows[0] as T;
}

/** What a database holds: the bench scale it was loaded with, or null. */
export async function loadedScale(url: string): Promise<string | null> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const t = await one<{ t: string | null }>(c, "select to_regclass('gateway_meta')::text as t");
    if (!t.t) return null;
    const r = await c.query("select value from gateway_meta where key = $1", [META_KEY]);
    return r.rows[0]?.value ?? null;
  } finally {
    await c.end();
  }
}

export async function counts(url: string): Promise<Record<string, number>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const out: Record<string, number> = {};
    for (const t of ["departments", "accounts", "resources", "data_items", "resource_versions", "records"]) {
      out[t] = Number((await one<{ n: string }>(c, `select count(*) as n from ${t}`)).n);
    }
    out.population = Number(
      (await one<{ n: string }>(c, "select count(*) as n from records where resource_id = (select id from resources where code = $1)", [POPULATION_CODE])).n,
    );
    return out;
  } finally {
    await c.end();
  }
}

export async function loadScale(url: string, scale: Scale, log: (line: string) => void = console.log): Promise<LoadSummary> {
  const spec = SCALES[scale];
  const started = performance.now();
  const tables: CopyResult[] = [];

  // 1. Migrations and the demo city, exactly as a gateway start does them.
  const database = await openDatabase({ databaseUrl: url, poolMax: 2, statementTimeoutMs: 0 });
  try {
    await migrate(database);
    const marker = await database.db.execute(sql`select value from gateway_meta where key = ${META_KEY}`);
    const have = (marker as unknown as { rows: Array<{ value: string }> }).rows[0]?.value;
    if (have === `${scale}:${DATA_VERSION}`) {
      log(`the database already holds the ${scale} data (version ${DATA_VERSION}); nothing to do`);
      const last = await database.db.execute(sql`select value from gateway_meta where key = ${LOAD_KEY}`);
      const previous = (last as unknown as { rows: Array<{ value: string }> }).rows[0]?.value;
      const earlier = previous ? (JSON.parse(previous) as { tables: CopyResult[]; totalSeconds: number; at: string }) : null;
      return { scale, skipped: true, tables: earlier?.tables ?? [], totalSeconds: earlier?.totalSeconds ?? 0, loadedAt: earlier?.at, counts: await counts(url) };
    }
    if (have) throw new Error(`the database holds other bench data (${have}); load ${scale} into an empty database`);
    if (await isDatabaseEmpty(database.db)) {
      const t0 = performance.now();
      const s = await loadDemoCity(database.db);
      tables.push({ table: "demo city (INSERT, src/demo)", rows: s.departments + s.accounts + s.resources + s.items + s.rows, seconds: (performance.now() - t0) / 1000 });
      log(`demo city 江州市 loaded: ${s.departments} departments, ${s.resources} resources, ${s.items} items, ${s.rows} rows`);
    }
  } finally {
    await database.close();
  }

  // 2. Everything else in one transaction: all of it or nothing.
  const client = new pg.Client({ connectionString: url, application_name: "catalog-gateway-bench-data" });
  await client.connect();
  try {
    await client.query("begin");
    await client.query("set local synchronous_commit = off");
    const state = await one<{ departments: string; maxdept: string; maxseq: string; accounts: string; resources: string; items: string; coordinator: string }>(
      client,
      `select (select count(*) from departments) as departments, (select max(id) from departments) as maxdept,
              (select max(seq) from departments) as maxseq, (select max(id) from accounts) as accounts,
              (select max(id) from resources) as resources, (select max(id) from data_items) as items,
              (select id from accounts where 'COORDINATOR' = any(roles) order by id limit 1) as coordinator`,
    );
    if (Number(state.departments) !== 12) throw new Error(`expected the demo city's 12 departments, found ${state.departments}: load into an empty database`);
    const demo = await one<{ resources: string; items: string; population: string }>(
      client,
      `select (select count(*) from resources) as resources, (select count(*) from data_items) as items,
              (select count(*) from records where resource_id = (select id from resources where code = $1)) as population`,
      [POPULATION_CODE],
    );

    // Departments and their accounts.
    const depts = moreDepartments(spec.departments, Number(state.maxseq) + 1, Number(state.maxdept) + 1);
    tables.push(
      await copyRows(client, "departments", ["id", "code", "seq", "name", "short_name", "kind"], depts.map((d) => [d.id, d.code, d.seq, d.name, d.shortName, d.kind])),
    );
    const accts = accountsFor(depts, Number(state.accounts) + 1);
    tables.push(
      await copyRows(client, "accounts", ["id", "login", "name", "department_id", "roles", "active"], accts.map((a) => [a.id, a.login, a.name, a.departmentId, pgArray(a.roles), "t"])),
    );

    // Resources, items and versions: three passes over the same deterministic stream (items
    // and versions reference resources, so each table is complete before the next).
    const providers = (
      await client.query<{ id: number; seq: number; short_name: string }>(
        "select id, seq, short_name from departments where kind <> 'COORDINATOR' order by seq",
      )
    ).rows;
    const usedOrders = new Map<string, number>();
    for (const { code } of (await client.query<{ code: string }>("select code from resources")).rows) {
      const m = /^(.+)-(\d{4})$/.exec(code);
      if (m) usedOrders.set(m[1], Math.max(usedOrders.get(m[1]) ?? 0, Number(m[2])));
    }
    const plan: ResourcePlan = {
      count: spec.resources - Number(demo.resources),
      items: spec.items - Number(demo.items),
      firstResourceId: Number(state.resources) + 1,
      firstItemId: Number(state.items) + 1,
      departments: providers.map((p) => ({ id: p.id, seq: p.seq, shortName: p.short_name })),
      usedOrders,
    };
    const progress = (what: string) => (n: number, s: number) => log(`  ${what}: ${n.toLocaleString("en-US")} rows, ${Math.round(n / s).toLocaleString("en-US")} rows/s`);
    log(`resources: ${plan.count.toLocaleString("en-US")} with ${plan.items.toLocaleString("en-US")} items…`);
    tables.push(
      await copyRows(
        client,
        "resources",
        ["id", "code", "name", "summary", "category", "theme", "format", "update_cycle", "share_type", "share_condition", "share_methods",
          "legal_basis", "open_type", "open_condition", "department_id", "status", "source_system", "use_requirements", "related_codes",
          "published_at", "updated_at", "data_updated_at"],
        (function* () {
          for (const r of generateResources(plan)) {
            yield [r.id, r.code, r.name, r.summary, r.category, r.theme, r.format, r.updateCycle, r.shareType, r.shareCondition, pgArray(r.shareMethods),
              r.legalBasis, r.openType, r.openCondition, r.departmentId, "PUBLISHED", r.sourceSystem, r.useRequirements, pgArray(r.relatedCodes),
              r.publishedAt, r.updatedAt, r.dataUpdatedAt];
          }
        })(),
        progress("resources"),
      ),
    );
    tables.push(
      await copyRows(
        client,
        "data_items",
        ["id", "resource_id", "position", "code", "name", "data_type", "length", "sensitivity", "masking_strategy", "description"],
        (function* () {
          for (const r of generateResources(plan)) {
            for (const i of r.items) yield [i.id, i.resourceId, i.position, i.code, i.name, i.dataType, i.length, i.sensitivity, i.maskingStrategy, i.description];
          }
        })(),
        progress("data_items"),
      ),
    );
    const providerAccount = new Map<number, number>();
    for (const a of (await client.query<{ id: number; department_id: number }>(
      "select min(id) as id, department_id from accounts where 'PROVIDER' = any(roles) and department_id is not null group by department_id",
    )).rows) providerAccount.set(a.department_id, a.id);
    const coordinator = Number(state.coordinator);
    tables.push(
      await copyRows(
        client,
        "resource_versions",
        ["resource_id", "version", "kind", "changed_by_account_id", "changed_at", "diff", "snapshot", "note"],
        (function* () {
          for (const r of generateResources(plan)) {
            for (const v of versionsOf(r, providerAccount.get(r.departmentId) ?? coordinator, coordinator)) {
              yield [v.resourceId, v.version, v.kind, v.changedByAccountId, v.changedAt, v.diff, v.snapshot, v.note];
            }
          }
        })(),
        progress("resource_versions"),
      ),
    );

    // The population register.
    const pop = await one<{ id: number; data_updated_at: Date }>(client, "select id, data_updated_at from resources where code = $1", [POPULATION_CODE]);
    const people = spec.population - Number(demo.population);
    log(`人口基本信息 (${POPULATION_CODE}): ${people.toLocaleString("en-US")} more rows…`);
    const updatedAt = pop.data_updated_at.toISOString();
    // A bulk load builds the indexes once at the end instead of row by row: the keys, the unique
    // row_id and the foreign key of records are dropped here and added back below, with the very
    // definitions the migrations gave them (pg_get_constraintdef), inside the same transaction.
    const constraints = (
      await client.query<{ conname: string; def: string }>(
        "select conname, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'records'::regclass and contype in ('p', 'u', 'f') order by contype desc",
      )
    ).rows;
    const indexes = (
      await client.query<{ name: string; def: string }>(
        `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def from pg_index i
          where i.indrelid = 'records'::regclass and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
      )
    ).rows;
    for (const c of constraints) await client.query(`alter table records drop constraint "${c.conname}"`);
    for (const i of indexes) await client.query(`drop index ${i.name}`);
    tables.push({
      ...(await copyRows(
        client,
        "records",
        ["resource_id", "key", "data", "updated_at"],
        (function* () {
          for (const p of generatePopulation(people)) yield [pop.id, p.key, p.data, updatedAt];
        })(),
        progress("人口基本信息"),
      )),
      table: "records (人口基本信息)",
    });
    const t2 = performance.now();
    for (const c of [...constraints].reverse()) await client.query(`alter table records add constraint "${c.conname}" ${c.def}`);
    for (const i of indexes) await client.query(i.def);
    tables.push({ table: `records: ${constraints.length} constraints and ${indexes.length} index(es) rebuilt`, rows: 0, seconds: (performance.now() - t2) / 1000 });

    for (const t of ["departments", "accounts", "resources", "data_items", "resource_versions"]) {
      await client.query(`select setval(pg_get_serial_sequence('${t}', 'id'), (select max(id) from ${t}))`);
    }

    // Search documents and grams of the new entries, by the gateway's own code.
    const t0 = performance.now();
    const db = drizzle(client, { schema }) as unknown as Db;
    const ids = Array.from({ length: plan.count }, (_, i) => plan.firstResourceId + i);
    for (let i = 0; i < ids.length; i += 5000) await refreshSearchIndex(db, ids.slice(i, i + 5000));
    tables.push({ table: "search index (refreshSearchIndex)", rows: ids.length, seconds: (performance.now() - t0) / 1000 });

    await client.query("insert into gateway_meta (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value, updated_at = now()", [
      META_KEY,
      `${scale}:${DATA_VERSION}`,
    ]);
    await client.query("commit");

    const t1 = performance.now();
    log("vacuum analyze…");
    await client.query("vacuum (analyze) records, resources, data_items, resource_versions, departments, accounts");
    tables.push({ table: "vacuum analyze", rows: 0, seconds: (performance.now() - t1) / 1000 });
    const totalSeconds = (performance.now() - started) / 1000;
    await client.query("insert into gateway_meta (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value, updated_at = now()", [
      LOAD_KEY,
      JSON.stringify({ tables, totalSeconds, at: new Date().toISOString() }),
    ]);
  } catch (e) {
    await client.query("rollback").catch(() => {});
    throw e;
  } finally {
    await client.end().catch(() => {});
  }
  return { scale, skipped: false, tables, totalSeconds: (performance.now() - started) / 1000, counts: await counts(url) };
}
