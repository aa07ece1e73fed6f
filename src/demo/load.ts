// Loading the demo city into an empty database: everything in one transaction, so a failed load
// leaves the database empty and the next start tries again.
import { sql } from "drizzle-orm";
import { refreshSearchIndex } from "../catalog/search.js";
import { insertDemoGrants } from "./grants.js";
import type { Db } from "../db/client.js";
import { accounts, dataItems, departments, meta, records, resources } from "../db/schema.js";
import { DEMO_VERSION, buildDemoCity } from "./city.js";

export interface DemoSummary {
  departments: number;
  accounts: number;
  resources: number;
  items: number;
  rows: number;
}

/** The most rows one INSERT statement carries. */
const BATCH_SIZE = 500;

function batches<T>(items: T[], size = BATCH_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** True when the database holds no department yet (a fresh database). */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const found = await db.select({ id: departments.id }).from(departments).limit(1);
  return found.length === 0;
}

/** Writes the demo city into an empty database and records it in gateway_meta (demo_loaded). */
export async function loadDemoCity(db: Db): Promise<DemoSummary> {
  const city = buildDemoCity();
  const summary = await writeDemoCity(db, city);
  // Statistics for the planner and the visibility map right away, not when autovacuum next passes
  // (a server may run without it): without statistics a records page read and sorted every row of
  // its resource instead of reading its page from the (resource_id, row_id) key, and without the
  // map a records count visited every row instead of the key alone (0.40 ms against 0.15 ms for
  // the demo register). Outside the load's transaction: VACUUM cannot run inside one.
  await db.execute(sql`vacuum (analyze) departments, accounts, resources, data_items, records, grants`);
  return summary;
}

function writeDemoCity(db: Db, city: ReturnType<typeof buildDemoCity>): Promise<DemoSummary> {
  return db.transaction(async (tx) => {
    const departmentId = new Map<string, number>();
    for (const batch of batches(city.departments)) {
      const inserted = await tx
        .insert(departments)
        .values(batch.map((d) => ({ code: d.code, seq: d.seq, name: d.name, shortName: d.shortName, kind: d.kind })))
        .returning({ id: departments.id, name: departments.name });
      for (const d of inserted) departmentId.set(d.name, d.id);
    }
    const idOf = (name: string): number => {
      const id = departmentId.get(name);
      if (id === undefined) throw new Error(`demo city: no department ${name}`);
      return id;
    };

    for (const batch of batches(city.accounts)) {
      await tx.insert(accounts).values(
        batch.map((a) => ({
          login: a.login,
          name: a.name,
          departmentId: a.department === null ? null : idOf(a.department),
          roles: a.roles,
          active: a.active,
        })),
      );
    }

    const resourceId = new Map<string, number>();
    for (const batch of batches(city.resources)) {
      const inserted = await tx
        .insert(resources)
        .values(
          batch.map((r) => ({
            code: r.code,
            name: r.name,
            summary: r.summary,
            category: r.category,
            theme: r.theme,
            format: r.format,
            updateCycle: r.updateCycle,
            shareType: r.shareType,
            shareCondition: r.shareCondition,
            shareMethods: r.shareMethods,
            legalBasis: r.legalBasis,
            openType: r.openType,
            openCondition: r.openCondition,
            departmentId: idOf(r.department),
            status: "PUBLISHED" as const,
            sourceSystem: r.sourceSystem,
            useRequirements: r.useRequirements,
            relatedCodes: r.relatedCodes,
            publishedAt: new Date(r.publishedAt),
            updatedAt: new Date(r.updatedAt),
            dataUpdatedAt: new Date(r.dataUpdatedAt),
          })),
        )
        .returning({ id: resources.id, code: resources.code });
      for (const r of inserted) resourceId.set(r.code, r.id);
    }

    const items = city.resources.flatMap((r) =>
      r.items.map((item, i) => ({ resourceId: resourceId.get(r.code)!, position: i + 1, ...item })),
    );
    for (const batch of batches(items)) await tx.insert(dataItems).values(batch);

    const rows = city.resources.flatMap((r) => {
      const updatedAt = new Date(r.dataUpdatedAt);
      return (city.rows[r.code] ?? []).map((row) => ({ resourceId: resourceId.get(r.code)!, key: row.key, data: row.data, updatedAt }));
    });
    for (const batch of batches(rows)) await tx.insert(records).values(batch);

    await refreshSearchIndex(tx as unknown as Db);
    await insertDemoGrants(tx as unknown as Db);
    await tx
      .insert(meta)
      .values({ key: "demo_loaded", value: DEMO_VERSION })
      .onConflictDoUpdate({ target: meta.key, set: { value: DEMO_VERSION, updatedAt: sql`now()` } });

    return {
      departments: city.departments.length,
      accounts: city.accounts.length,
      resources: city.resources.length,
      items: items.length,
      rows: rows.length,
    };
  });
}
