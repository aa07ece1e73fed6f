// Queries built once (src/db/statement.ts builtQuery): the workflow's statements are drizzle
// builders with placeholders, turned into SQL the first time they run and then only bound. They
// must answer exactly as the builder would, run in whichever transaction they are given, and bind
// dates and arrays through the columns' encoders.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { builtQuery } from "../../src/db/statement.js";
import { accounts, calendarYears, departments, notifications } from "../../src/db/schema.js";
import type { Db } from "../../src/db/client.js";
import { createTestDatabase, engines, type TestDatabase } from "../support/db.js";

describe.each(engines)("built-once queries on %s", (engine) => {
  let t: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    db = t.database.db;
    await db.insert(departments).values([
      { code: "D1", name: "市甲局", shortName: "甲局", kind: "CONSTITUENT", seq: 1 },
      { code: "D2", name: "市乙局", shortName: "乙局", kind: "COORDINATOR", seq: 2 },
    ]);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("builds its SQL once and maps rows as the builder does, on the database and in a transaction", async () => {
    let builds = 0;
    const byKind = builtQuery(["kind"], (d, p) => {
      builds++;
      return d.select({ id: departments.id, name: departments.name, kind: departments.kind }).from(departments).where(eq(departments.kind, p.kind));
    });
    const direct = await db.select({ id: departments.id, name: departments.name, kind: departments.kind }).from(departments).where(eq(departments.kind, "COORDINATOR"));
    expect(await byKind.run(db, { kind: "COORDINATOR" })).toEqual(direct);
    expect(await byKind.run(db, { kind: "CONSTITUENT" })).toEqual([expect.objectContaining({ name: "市甲局", kind: "CONSTITUENT" })]);
    const inTx = await db.transaction(async (tx) => byKind.run(tx as unknown as Db, { kind: "COORDINATOR" }));
    expect(inTx).toEqual(direct);
    expect(builds).toBe(1);
  });

  it("binds arrays and dates through the columns, maps them back, and writes inside the transaction it is given", async () => {
    const [d1] = await db.select({ id: departments.id }).from(departments).where(eq(departments.code, "D1"));
    const insertYear = builtQuery(["year", "by"], (d, p) => d.insert(calendarYears).values({ year: p.year, setByAccountId: p.by }).returning());
    // A write in a transaction that then fails is rolled back: the query ran on the transaction.
    await expect(
      db.transaction(async (tx) => {
        const [row] = await insertYear.run(tx as unknown as Db, { year: 2031, by: null });
        expect(row.year).toBe(2031);
        expect(row.setAt).toBeInstanceOf(Date);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await db.select().from(calendarYears).where(eq(calendarYears.year, 2031))).toEqual([]);

    // text[] and timestamptz values go through the encoders; the row comes back typed.
    const when = new Date("2027-03-04T05:06:07.000Z");
    const lookup = builtQuery(["dept", "kind"], (d, p) =>
      d
        .select({ id: notifications.id, message: notifications.message, createdAt: notifications.createdAt, dept: departments.name })
        .from(notifications)
        .innerJoin(departments, eq(departments.id, notifications.departmentId))
        .where(and(eq(notifications.departmentId, p.dept), eq(notifications.kind, p.kind))),
    );
    const insertNote = builtQuery(["dept", "kind", "message", "at"], (d, p) =>
      d.insert(notifications).values({ departmentId: p.dept, kind: p.kind, message: p.message, createdAt: p.at }).returning({ id: notifications.id }),
    );
    const [note] = await insertNote.run(db, { dept: d1.id, kind: "TEST", message: "“引号”, {braces} 与 'quotes'", at: when });
    expect(await lookup.run(db, { dept: d1.id, kind: "TEST" })).toEqual([
      { id: note.id, message: "“引号”, {braces} 与 'quotes'", createdAt: when, dept: "市甲局" },
    ]);

    // An update through the same mechanism (set takes placeholders at run time).
    const markRead = builtQuery(["id", "at"], (d, p) => d.update(notifications).set({ readAt: p.at } as never).where(eq(notifications.id, p.id)).returning({ readAt: notifications.readAt }));
    expect(await markRead.run(db, { id: note.id, at: when })).toEqual([{ readAt: when }]);
    expect(await markRead.run(db, { id: note.id + 1000, at: when })).toEqual([]);
  });

  it("sends arrays as arrays: an account's roles, and text with commas, braces and quotes", async () => {
    const insertAccount = builtQuery(["login", "name", "roles"], (d, p) =>
      d.insert(accounts).values({ login: p.login, name: p.name, roles: p.roles }).returning({ login: accounts.login, name: accounts.name, roles: accounts.roles }),
    );
    const name = '王"小,明 {x}';
    expect(await insertAccount.run(db, { login: "wang", name, roles: ["CONSUMER", "ANALYST"] })).toEqual([{ login: "wang", name, roles: ["CONSUMER", "ANALYST"] }]);
    const stored = await db.select({ roles: accounts.roles, name: accounts.name }).from(accounts).where(eq(accounts.login, "wang"));
    expect(stored).toEqual([{ roles: ["CONSUMER", "ANALYST"], name }]);
  });
});
