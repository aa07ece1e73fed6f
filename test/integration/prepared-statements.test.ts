// Named statements on PostgreSQL (src/db/client.ts preparingClient): each pooled connection parses
// and plans a parameterised statement once, within a bound on how many it keeps, and the answers
// are the same as unnamed ones. PGlite has one connection and no pool; this is PostgreSQL only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openDatabase, type Database } from "../../src/db/client.js";
import { createTestDatabase, engines, type TestDatabase } from "../support/db.js";

const prepared = async (db: Database["db"]) =>
  ((await db.execute(sql`select name, statement from pg_prepared_statements order by name`)) as unknown as {
    rows: Array<{ name: string; statement: string }>;
  }).rows;

describe.runIf(engines.includes("postgres"))("prepared statements on postgres", () => {
  let t: TestDatabase;
  const opened: Database[] = [];
  const open = async (preparedStatements: number) => {
    const d = await openDatabase({ databaseUrl: t.url!, poolMax: 2, preparedStatements });
    opened.push(d);
    return d;
  };
  beforeAll(async () => {
    t = await createTestDatabase("postgres");
  });
  afterAll(async () => {
    for (const d of opened) await d.close().catch(() => {});
    await t?.drop();
  });

  it("prepares a parameterised statement once per connection and answers as before", async () => {
    const d = await open(300);
    const seen = await d.db.transaction(async (tx) => {
      const a = await tx.execute(sql`select ${41}::int + 1 as n`);
      const b = await tx.execute(sql`select ${1}::int + 1 as n`);
      return { a: (a as any).rows[0].n, b: (b as any).rows[0].n, list: await prepared(tx as unknown as Database["db"]) };
    });
    expect([seen.a, seen.b]).toEqual([42, 2]);
    const mine = seen.list.filter((p) => /\+ 1 as n/.test(p.statement));
    expect(mine).toHaveLength(1); // one statement, run twice
    expect(mine[0].name).toMatch(/^cg_[0-9a-f]{24}$/);
    // A statement without parameters runs as it is (the simple protocol, several statements allowed).
    await d.db.execute(sql.raw("select 1; select 2"));
  });

  it("keeps no more distinct statements than the setting, and none when it is 0", async () => {
    const two = await open(2);
    const list = await two.db.transaction(async (tx) => {
      for (const k of [1, 2, 3, 4]) await tx.execute(sql`select ${k}::int * ${sql.raw(String(k))} as n`);
      return prepared(tx as unknown as Database["db"]);
    });
    expect(list.filter((p) => /as n$/.test(p.statement.trim()))).toHaveLength(2);

    const none = await open(0);
    const empty = await none.db.transaction(async (tx) => {
      await tx.execute(sql`select ${5}::int as n`);
      // A statement drizzle prepares under a name of its own goes unnamed too (PgBouncer in
      // transaction mode cannot keep named statements).
      await tx.select({ n: sql<number>`${sql.placeholder("n")}::int` }).from(sql`(select 1) as one`).prepare("mine").execute({ n: 6 });
      return prepared(tx as unknown as Database["db"]);
    });
    expect(empty).toEqual([]);
  });

  it("names a statement drizzle prepares by its text, like every other", async () => {
    const d = await open(300);
    const list = await d.db.transaction(async (tx) => {
      const q = tx.select({ n: sql<number>`${sql.placeholder("n")}::int * 3` }).from(sql`(select 1) as one`).prepare("entry");
      const a = await q.execute({ n: 2 });
      const b = await q.execute({ n: 5 });
      expect([a[0].n, b[0].n]).toEqual([6, 15]);
      return prepared(tx as unknown as Database["db"]);
    });
    const mine = list.filter((p) => /\* 3/.test(p.statement));
    expect(mine).toHaveLength(1);
    expect(mine[0].name).toMatch(/^cg_[0-9a-f]{24}$/);
  });
});
