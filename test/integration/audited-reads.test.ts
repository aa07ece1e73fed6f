// A records page and a verification are read and audited in one statement (invariant 5, R13,
// R30): the event carries the count of rows the statement read, its digest is the one the chain
// check recomputes, concurrent reads keep one chain, pages keep their order, and when the event
// cannot be written no row leaves the gateway.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { verifyAuditChain } from "../../src/audit/audit.service.js";
import { engines } from "../support/db.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

const RECORDS = `query R($code: String!, $detail: String!, $filter: [RecordFilter!], $orderBy: [RecordOrder!], $first: Int, $after: String) {
  records(resourceCode: $code, purpose: WORK_REFERENCE, purposeDetail: $detail, filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { key values }
  }
}`;
const VERIFY = `query V($code: String!, $detail: String!, $match: JSONObject!) {
  verify(resourceCode: $code, purpose: WORK_REFERENCE, purposeDetail: $detail, match: $match) { matched count }
}`;

const WOMEN_OF_THE_1980S = [
  { item: "gender", op: "EQ", value: "女" },
  { item: "birth_date", op: "RANGE", from: "1980-01-01", to: "1989-12-31" },
];

interface EventRow {
  id: number;
  operation: string;
  row_count: number;
  request_id: string;
  outcome: string;
  items_clear: string[];
  items_masked: string[];
}

describe.each(engines)("reads audited in the statement that reads them, on %s", (engine) => {
  let gw: TestGateway;
  let population = "";
  const DETAIL = "（2026）江卫协字第0456号";

  const lastEvent = async (): Promise<EventRow> => {
    const r = (await gw.testDb.database.db.execute(
      sql`select id, operation, row_count, request_id, outcome, items_clear, items_masked from audit_events order by id desc limit 1`,
    )) as unknown as { rows: EventRow[] };
    return { ...r.rows[0], id: Number(r.rows[0].id) };
  };
  const eventCount = async () =>
    Number(((await gw.testDb.database.db.execute(sql`select count(*)::int as n from audit_events`)) as unknown as { rows: Array<{ n: number }> }).rows[0].n);

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    const r = await gw.gql(`{ resources(filter: { search: "人口基本信息" }, first: 5) { nodes { code name } } }`, {}, { as: "coordinator" });
    population = r.data.resources.nodes.find((n: { name: string }) => n.name === "人口基本信息").code;
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("writes one event per page with the count of rows served, and the chain verifies", async () => {
    const before = await eventCount();
    const r = await gw.gql(RECORDS, { code: population, detail: DETAIL, first: 7 }, { as: "health" });
    expect(r.errors).toBeUndefined();
    expect(r.data.records.nodes).toHaveLength(7);
    expect(r.data.records.pageInfo.hasNextPage).toBe(true);
    expect(await eventCount()).toBe(before + 1);
    const e = await lastEvent();
    expect(e).toMatchObject({ operation: "records", row_count: 7, outcome: "ALLOWED", request_id: r.headers.get("x-request-id") });
    expect(e.items_clear.length + e.items_masked.length).toBeGreaterThan(0);
    expect(await verifyAuditChain(gw.testDb.database.db)).toMatchObject({ ok: true });
  });

  it("audits a page that reads nothing with a count of 0", async () => {
    const r = await gw.gql(
      RECORDS,
      { code: population, detail: DETAIL, filter: [{ item: "gender", op: "EQ", value: "不存在的性别" }], first: 10 },
      { as: "health" },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.records.nodes).toEqual([]);
    expect(r.data.records.pageInfo.hasNextPage).toBe(false);
    expect(await lastEvent()).toMatchObject({ operation: "records", row_count: 0, request_id: r.headers.get("x-request-id") });
    const zero = await gw.gql(RECORDS, { code: population, detail: DETAIL, first: 0 }, { as: "health" });
    expect(zero.errors).toBeUndefined();
    expect(zero.data.records.nodes).toEqual([]);
    expect(await lastEvent()).toMatchObject({ row_count: 0, request_id: zero.headers.get("x-request-id") });
    expect(await verifyAuditChain(gw.testDb.database.db)).toMatchObject({ ok: true });
  });

  it("counts only the rows served on the last page, not the one read to see if there is more", async () => {
    const all = await gw.gql(RECORDS, { code: population, detail: DETAIL, filter: WOMEN_OF_THE_1980S, first: 1000 }, { as: "health" });
    const n = all.data.records.nodes.length;
    expect(n).toBeGreaterThan(3);
    expect(all.data.records.pageInfo.hasNextPage).toBe(false);
    expect((await lastEvent()).row_count).toBe(n);
    const tail = await gw.gql(
      RECORDS,
      { code: population, detail: DETAIL, filter: WOMEN_OF_THE_1980S, first: 3, after: Buffer.from(`o:${n - 3}`).toString("base64url") },
      { as: "health" },
    );
    // The page after the (n-3)th row serves the last two; the extra row read to see whether there
    // is more is not served, and not counted.
    expect(tail.errors).toBeUndefined();
    expect(tail.data.records.nodes).toHaveLength(2);
    expect(tail.data.records.pageInfo.hasNextPage).toBe(false);
    expect((await lastEvent()).row_count).toBe(2);
    const middle = await gw.gql(
      RECORDS,
      { code: population, detail: DETAIL, filter: WOMEN_OF_THE_1980S, first: 2 },
      { as: "health" },
    );
    expect(middle.data.records.pageInfo.hasNextPage).toBe(true);
    expect((await lastEvent()).row_count).toBe(2);
  });

  it("counts the rows served on a whole resource's last page, and 0 past its end (records_page_audited, drizzle/0018)", async () => {
    const counted = await gw.gql(
      `query T($code: String!, $detail: String!) { records(resourceCode: $code, purpose: WORK_REFERENCE, purposeDetail: $detail, first: 1) { totalCount } }`,
      { code: population, detail: DETAIL },
      { as: "health" },
    );
    const total: number = counted.data.records.totalCount;
    expect(total).toBeGreaterThan(10);
    const at = (n: number) => Buffer.from(`o:${n}`).toString("base64url");
    const tail = await gw.gql(RECORDS, { code: population, detail: DETAIL, first: 3, after: at(total - 3) }, { as: "health" });
    expect(tail.errors).toBeUndefined();
    expect(tail.data.records.nodes).toHaveLength(2);
    expect(tail.data.records.pageInfo.hasNextPage).toBe(false);
    expect(await lastEvent()).toMatchObject({ row_count: 2, request_id: tail.headers.get("x-request-id") });
    const past = await gw.gql(RECORDS, { code: population, detail: DETAIL, first: 5, after: at(total + 10) }, { as: "health" });
    expect(past.errors).toBeUndefined();
    expect(past.data.records.nodes).toEqual([]);
    expect(await lastEvent()).toMatchObject({ row_count: 0, request_id: past.headers.get("x-request-id") });
    // Two pages in a row are the first twenty rows in row order, as one page of twenty is.
    const twenty = await gw.gql(RECORDS, { code: population, detail: DETAIL, first: 20 }, { as: "health" });
    const one = await gw.gql(RECORDS, { code: population, detail: DETAIL, first: 10 }, { as: "health" });
    const two = await gw.gql(RECORDS, { code: population, detail: DETAIL, first: 10, after: one.data.records.pageInfo.endCursor }, { as: "health" });
    const keys = (r: { data?: any }): string[] => r.data.records.nodes.map((n: { key: string }) => n.key);
    expect([...keys(one), ...keys(two)]).toEqual(keys(twenty));
    expect(new Set(keys(twenty)).size).toBe(20);
    expect(await verifyAuditChain(gw.testDb.database.db)).toMatchObject({ ok: true });
  });

  it("keeps the page in the order asked for", async () => {
    const r = await gw.gql(
      RECORDS,
      { code: population, detail: DETAIL, orderBy: [{ item: "birth_date", direction: "DESC" }], first: 50 },
      { as: "health" },
    );
    expect(r.errors).toBeUndefined();
    const dates: string[] = r.data.records.nodes.map((n: { values: { birth_date: string } }) => n.values.birth_date);
    expect(dates).toHaveLength(50);
    expect(dates).toEqual([...dates].sort().reverse());
    const next = await gw.gql(
      RECORDS,
      { code: population, detail: DETAIL, orderBy: [{ item: "birth_date", direction: "DESC" }], first: 50, after: r.data.records.pageInfo.endCursor },
      { as: "health" },
    );
    const nextDates: string[] = next.data.records.nodes.map((n: { values: { birth_date: string } }) => n.values.birth_date);
    expect(nextDates[0] <= dates[dates.length - 1]).toBe(true);
  });

  it("writes a verification's event with the count it found", async () => {
    const page = await gw.gql(RECORDS, { code: population, detail: DETAIL, first: 1 }, { as: "police" });
    const id = page.data.records.nodes[0].values.id_number;
    const r = await gw.gql(VERIFY, { code: population, detail: DETAIL, match: { id_number: id } }, { as: "health" });
    expect(r.errors).toBeUndefined();
    expect(r.data.verify).toEqual({ matched: true, count: 1 });
    expect(await lastEvent()).toMatchObject({ operation: "verify", row_count: 1, request_id: r.headers.get("x-request-id") });
  });

  it("keeps one chain when pages, verifications and other events are written at once", async () => {
    const before = await eventCount();
    const pages = Array.from({ length: 16 }, (_, i) => gw.gql(RECORDS, { code: population, detail: DETAIL, first: 1 + i }, { as: i % 2 ? "health" : "police" }));
    const checks = Array.from({ length: 6 }, () => gw.gql(VERIFY, { code: population, detail: DETAIL, match: { gender: "男" } }, { as: "health" }));
    const refusals = Array.from({ length: 4 }, () => gw.gql(RECORDS, { code: population, detail: DETAIL, orderBy: [{ item: "id_number", direction: "ASC" }] }, { as: "health" }));
    const answers = await Promise.all([...pages, ...checks, ...refusals]);
    for (const a of answers.slice(0, 22)) expect(a.errors).toBeUndefined();
    for (const a of answers.slice(22)) expect(a.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect(await eventCount()).toBe(before + 26);
    expect(await verifyAuditChain(gw.testDb.database.db)).toMatchObject({ ok: true });
    const forks = (await gw.testDb.database.db.execute(
      sql`select count(*)::int as n from (select prev_hash from audit_events group by prev_hash having count(*) > 1) f`,
    )) as unknown as { rows: Array<{ n: number }> };
    expect(Number(forks.rows[0].n)).toBe(0);
  });

  it("serves no row and no count when the event cannot be written", async () => {
    const db = gw.testDb.database.db;
    const original = (await db.execute(sql`select pg_get_functiondef('audit_append(jsonb, text)'::regprocedure) as def`)) as unknown as {
      rows: Array<{ def: string }>;
    };
    await db.execute(sql`create or replace function audit_append(p_event jsonb, p_digest text) returns bigint language plpgsql as $$
      begin raise exception 'audit store unavailable'; end $$`);
    try {
      const before = await eventCount();
      const page = await gw.gql(RECORDS, { code: population, detail: DETAIL, first: 5 }, { as: "health" });
      expect(page.data?.records ?? null).toBeNull();
      expect(page.errors?.[0].extensions?.code).toBe("INTERNAL_SERVER_ERROR");
      expect(JSON.stringify(page.body)).not.toMatch(/audit store|id_number|birth_date/);
      const check = await gw.gql(VERIFY, { code: population, detail: DETAIL, match: { gender: "男" } }, { as: "health" });
      expect(check.data?.verify ?? null).toBeNull();
      expect(check.errors?.[0].extensions?.code).toBe("INTERNAL_SERVER_ERROR");
      expect(await eventCount()).toBe(before);
    } finally {
      await db.execute(sql.raw(original.rows[0].def));
    }
    const again = await gw.gql(RECORDS, { code: population, detail: DETAIL, first: 2 }, { as: "health" });
    expect(again.data.records.nodes).toHaveLength(2);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });
});
