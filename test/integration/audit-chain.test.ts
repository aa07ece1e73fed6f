// The audit chain under concurrency (R13, R30): appends from many requests at once form one
// chain with no fork, each event linked to the one before; events written in the chain's first
// form (before drizzle/0011) still verify.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAuditEvent, eventHash, GENESIS_HASH, verifyAuditChain, type AuditInput } from "../../src/audit/audit.service.js";
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

  it("stores text PostgreSQL cannot hold as U+FFFD, keeps surrogate pairs whole, and the chain verifies", async () => {
    // A parser's message about a broken emoji can carry a lone surrogate; text cannot hold U+0000.
    const id = await appendAuditEvent(t.database.db, {
      ...event(200),
      reason: "坏字符 \ud83d 与 \u0000，好字符 𠀀😀",
      purposeDetail: "（2026）测试第200号 \udc00",
      filters: { filter: [{ item: "name\ud800", op: "EQ" }], orderBy: [], ["k\udfff"]: ["v\u0000"] },
    });
    const plain = await appendAuditEvent(t.database.db, { ...event(201), reason: "无异常字符 𠀀😀" });
    const rows = (await t.database.db.execute(
      sql`select id, reason, purpose_detail, filters from audit_events where id in (${id}, ${plain}) order by id`,
    )) as unknown as { rows: Array<{ reason: string; purpose_detail: string; filters: Record<string, unknown> }> };
    expect(rows.rows[0].reason).toBe("坏字符 \ufffd 与 \ufffd，好字符 𠀀😀");
    expect(rows.rows[0].purpose_detail).toBe("（2026）测试第200号 \ufffd");
    expect(rows.rows[0].filters).toEqual({ filter: [{ item: "name\ufffd", op: "EQ" }], orderBy: [], ["k\ufffd"]: ["v\ufffd"] });
    expect(rows.rows[1].reason).toBe("无异常字符 𠀀😀");
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true });
  });

  it("is analyzed only on the columns queries filter or group on (drizzle/0016)", async () => {
    // ANALYZE of the fastest-growing table sorts a sample of every column it keeps statistics
    // for; the hashes, request ids and arrays are never filtered on, so they are left out.
    await t.database.db.execute(sql`analyze audit_events`);
    const r = (await t.database.db.execute(
      sql`select attname from pg_stats where schemaname = 'public' and tablename = 'audit_events' order by attname`,
    )) as unknown as { rows: Array<{ attname: string }> };
    const kept = r.rows.map((x) => x.attname);
    expect(kept).toEqual(expect.arrayContaining(["at", "login", "department_code", "resource_code", "purpose", "operation", "outcome", "row_count"]));
    for (const col of ["hash", "prev_hash", "request_id", "client_address", "purpose_detail", "roles", "items_clear", "items_masked", "items_withheld", "filters", "grant_ids"]) {
      expect(kept).not.toContain(col);
    }
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
