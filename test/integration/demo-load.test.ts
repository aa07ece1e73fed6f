// Loading the demo city into an empty database, on both engines: one transaction, counts as
// summarised, the search index built, and the load recorded in gateway_meta.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { buildDemoCity, DEMO_VERSION } from "../../src/demo/city.js";
import { isDatabaseEmpty, loadDemoCity, type DemoSummary } from "../../src/demo/load.js";
import { meta, resources } from "../../src/db/schema.js";
import { createTestDatabase, engines, type TestDatabase } from "../support/db.js";

/** Rows of a raw query (the result's shape differs by driver; both have `rows`). */
async function query(testDb: TestDatabase, q: ReturnType<typeof sql>): Promise<any[]> {
  const r = (await testDb.database.db.execute(q)) as unknown as { rows: any[] };
  return r.rows;
}

describe.each(engines)("loading the demo city on %s", (engine) => {
  let testDb: TestDatabase;
  let summary: DemoSummary;
  let wasEmpty: boolean;
  let ms = 0;

  beforeAll(async () => {
    testDb = await createTestDatabase(engine);
    wasEmpty = await isDatabaseEmpty(testDb.database.db);
    buildDemoCity(); // build outside the timing: the load itself is measured
    const t0 = performance.now();
    summary = await loadDemoCity(testDb.database.db);
    ms = performance.now() - t0;
  }, 120_000);
  afterAll(async () => {
    await testDb?.drop();
  }, 120_000);

  it("starts from an empty database and is no longer empty afterwards", async () => {
    expect(wasEmpty).toBe(true);
    expect(await isDatabaseEmpty(testDb.database.db)).toBe(false);
  });

  it("writes what its summary says", async () => {
    const city = buildDemoCity();
    expect(summary).toEqual({
      departments: city.departments.length,
      accounts: city.accounts.length,
      resources: city.resources.length,
      items: city.resources.reduce((n, r) => n + r.items.length, 0),
      rows: Object.values(city.rows).reduce((n, rows) => n + rows.length, 0),
    });
    const count = async (table: string) => (await query(testDb, sql.raw(`select count(*)::int as n from ${table}`)))[0].n as number;
    expect({
      departments: await count("departments"),
      accounts: await count("accounts"),
      resources: await count("resources"),
      items: await count("data_items"),
      rows: await count("records"),
    }).toEqual(summary);
  });

  it("loads in under 10 seconds", () => {
    console.log(`demo city loaded on ${engine} in ${Math.round(ms)} ms: ${JSON.stringify(summary)}`);
    expect(ms).toBeLessThan(10_000);
  });

  it("builds the search index: 人口基本信息 is found by its item 姓名", async () => {
    const [r] = await testDb.database.db
      .select({ doc: resources.searchDoc, grams: resources.searchGrams, status: resources.status })
      .from(resources)
      .where(eq(resources.name, "人口基本信息"));
    expect(r.status).toBe("PUBLISHED");
    expect(r.doc).toContain("姓名");
    expect(r.grams).toContain("姓名");
  });

  it("keeps item positions and row data as built", async () => {
    const city = buildDemoCity();
    const population = city.resources.find((r) => r.name === "人口基本信息")!;
    const items = await query(
      testDb,
      sql`select i.code, i.position from data_items i join resources r on r.id = i.resource_id where r.code = ${population.code} order by i.position`,
    );
    expect(items.map((i) => i.code)).toEqual(population.items.map((i) => i.code));
    expect(items.map((i) => i.position)).toEqual(population.items.map((_, n) => n + 1));
    const first = city.rows[population.code][0];
    const rec = await query(
      testDb,
      sql`select data from records c join resources r on r.id = c.resource_id where r.code = ${population.code} and c.key = ${first.key}`,
    );
    expect(rec[0].data).toEqual(first.data);
  });

  it("records the load in gateway_meta", async () => {
    const [m] = await testDb.database.db.select().from(meta).where(eq(meta.key, "demo_loaded"));
    expect(m.value).toBe(DEMO_VERSION);
  });
});
