// The audit chain under concurrency (R13, R30): appends from many requests at once form one
// chain with no fork, each event linked to the one before; events written in the chain's first
// form (before drizzle/0011) still verify.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAuditEvent, enableAuditBatching, eventHash, GENESIS_HASH, verifyAuditChain, type AuditInput } from "../../src/audit/audit.service.js";
import { auditEvents } from "../../src/db/schema.js";
import { createTestDatabase, engines, type TestDatabase } from "../support/db.js";

const event = (i: number): AuditInput => ({
  accountId: null,
  login: `tester${i}`,
  departmentCode: null,
  roles: ["CONSUMER"],
  operation: "records",
  resourceCode: "J01-002-0001",
  purpose: "WORK_REFERENCE",
  purposeDetail: `（2026）测试第${i}号`,
  itemsClear: ["gender"],
  itemsMasked: ["name", "id_number"],
  itemsWithheld: ["photo"],
  filters: { filter: [{ item: "gender", op: "EQ" }], orderBy: [] },
  rowCount: i,
  grantIds: [],
  outcome: "ALLOWED",
  reason: null,
  requestId: `req-${i}`,
  clientAddress: "127.0.0.1",
});

describe.each(engines)("the audit chain on %s", (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("verifies events of the chain's first form, then appends to them", async () => {
    const at = new Date("2026-01-05T08:00:00.000Z");
    const base = { ...event(0), at, prevHash: GENESIS_HASH };
    await t.database.db.insert(auditEvents).values({ ...base, hash: eventHash(base) });
    await appendAuditEvent(t.database.db, event(1));
    const check = await verifyAuditChain(t.database.db);
    expect(check).toMatchObject({ ok: true, checked: 2 });
  });

  it("keeps one chain when 40 appends race", async () => {
    const ids = await Promise.all(Array.from({ length: 40 }, (_, i) => appendAuditEvent(t.database.db, event(100 + i))));
    expect(new Set(ids).size).toBe(40);
    const check = await verifyAuditChain(t.database.db);
    expect(check).toMatchObject({ ok: true, checked: 42 });
    const forks = (await t.database.db.execute(
      sql`select count(*)::int as n from (select prev_hash from audit_events group by prev_hash having count(*) > 1) f`,
    )) as unknown as { rows: Array<{ n: number }> };
    expect(Number(forks.rows[0].n)).toBe(0);
  });

  it("groups appends that arrive together into one statement, chained in the order they came", async () => {
    enableAuditBatching(t.database.db);
    const statements: string[] = [];
    const listen = (q: string) => statements.push(q);
    t.database.onStatement.add(listen);
    let ids: number[];
    try {
      ids = await Promise.all(Array.from({ length: 30 }, (_, i) => appendAuditEvent(t.database.db, event(200 + i))));
    } finally {
      t.database.onStatement.delete(listen);
    }
    // The first goes alone at once; the 29 that arrive while it is in flight go together.
    expect(statements).toHaveLength(2);
    expect(statements[1]).toMatch(/audit_append_many/);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
    const rows = (await t.database.db.execute(
      sql`select login from audit_events where id = any(${`{${ids.join(",")}}`}::bigint[]) order by id`,
    )) as unknown as { rows: Array<{ login: string }> };
    expect(rows.rows.map((r) => r.login)).toEqual(Array.from({ length: 30 }, (_, i) => `tester${200 + i}`));
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true, checked: 72 });
  });

  it("fails only the event that cannot be written when its batch fails", async () => {
    enableAuditBatching(t.database.db);
    const inputs = Array.from({ length: 12 }, (_, i) => (i === 7 ? { ...event(300 + i), rowCount: "many" as never } : event(300 + i)));
    const results = await Promise.allSettled(inputs.map((e) => appendAuditEvent(t.database.db, e)));
    expect(results.map((r) => r.status)).toEqual(inputs.map((_, i) => (i === 7 ? "rejected" : "fulfilled")));
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true, checked: 83 });
  });

  it("finds an event whose content no longer matches its hash", async () => {
    // The trigger refuses UPDATE; a tamperer with the table owner's rights drops it first.
    await t.database.db.execute(sql`alter table audit_events disable trigger audit_events_no_update`);
    await t.database.db.execute(sql`update audit_events set row_count = row_count + 1 where id = (select max(id) - 5 from audit_events)`);
    await t.database.db.execute(sql`alter table audit_events enable trigger audit_events_no_update`);
    const check = await verifyAuditChain(t.database.db);
    expect(check.ok).toBe(false);
    expect(check.reason).toMatch(/content does not match/);
  });
});
