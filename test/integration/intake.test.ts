import "reflect-metadata";
// Data intake through the API on both engines (R1, R5): the provider department writes the rows of
// its own resource, all or nothing, and every call — refused ones too — is in the audit trail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { idCardCheckDigit } from "../../src/records/identifiers.js";
import { engines } from "../support/db.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

const UPSERT = `mutation($c: String!, $rows: [JSONObject!]!) { upsertRecords(resourceCode: $c, rows: $rows) { inserted updated } }`;
const READ = `query($c: String!, $id: String!) {
  records(resourceCode: $c, purpose: ADMINISTRATIVE_BASIS, purposeDetail: "户籍数据入库核对-001", filter: [{ item: "id_number", op: EQ, value: $id }]) {
    totalCount items { code treatment } nodes { key values } provenance { dataUpdatedAt } } }`;

/** A valid identity number of a region the demo city does not use, so none collides with its people. */
function idNumber(n: number): string {
  const body = `369901${1970 + (n % 30)}0${1 + (n % 9)}1${n % 10}${String(n % 1000).padStart(3, "0")}`;
  return body + idCardCheckDigit(body);
}

function person(n: number, extra: Record<string, unknown> = {}) {
  return {
    id_number: idNumber(n),
    name: "测试" + "甲乙丙丁戊"[n % 5],
    mobile: `1380000${String(n).padStart(4, "0")}`,
    address: `江州市东湖区测试路${n}号`,
    birth_date: `${1970 + (n % 30)}-0${1 + (n % 9)}-1${n % 10}`,
    gender: n % 2 ? "男" : "女",
    ethnicity: "汉族",
    household_district: "东湖区",
    photo: `photos/2025/${n}.jpg`,
    ...extra,
  };
}

describe.each(engines)("data intake on %s", (engine) => {
  let gw: TestGateway;
  let pop: string;
  let marriage: string;

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    const r = await gw.gql(`{ resources(first: 100) { nodes { code name } } }`, {}, { as: "coordinator" });
    const byName = new Map<string, string>(r.data.resources.nodes.map((n: any) => [n.name, n.code]));
    pop = byName.get("人口基本信息")!;
    marriage = byName.get("婚姻登记信息")!;
  });
  afterAll(async () => {
    await gw?.close();
  });

  const count = async (code: string) => {
    const res = (await gw.testDb.database.db.execute(
      sql`select count(*)::int as n from records r join resources s on s.id = r.resource_id where s.code = ${code}`,
    )) as any;
    return Number(res.rows[0].n);
  };

  it("lets the police write valid rows into 人口基本信息 and read them back in clear", async () => {
    const before = await count(pop);
    const rows = [person(1), person(2), person(3, { mobile: "" })];
    const r = await gw.gql(UPSERT, { c: pop, rows }, { as: "police" });
    expect(r.errors).toBeUndefined();
    expect(r.data.upsertRecords).toEqual({ inserted: 3, updated: 0 });
    expect(await count(pop)).toBe(before + 3);

    const read = await gw.gql(READ, { c: pop, id: idNumber(2) }, { as: "police" });
    expect(read.errors).toBeUndefined();
    expect(read.data.records.totalCount).toBe(1);
    expect(read.data.records.items.every((i: any) => i.treatment === "CLEAR")).toBe(true);
    expect(read.data.records.nodes[0]).toEqual({ key: idNumber(2), values: person(2) });
    // R15: the resource's data date moves with the write.
    expect(Date.now() - new Date(read.data.records.provenance.dataUpdatedAt).getTime()).toBeLessThan(60_000);
  });

  it("writes nothing when one row of the batch is bad, and names that row", async () => {
    const before = await count(pop);
    const rows = [person(10), person(11), person(12, { birth_date: "1990-02-30" }), person(13, { nickname: "小明" })];
    const r = await gw.gql(UPSERT, { c: pop, rows }, { as: "police" });
    expect(r.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0].message).toMatch(/未写入任何数据/);
    const bad = r.errors![0].extensions!.rows;
    expect(bad.map((b: any) => b.index)).toEqual([2, 3]);
    expect(bad[0].reason).toMatch(/birth_date/);
    expect(bad[1].reason).toMatch(/nickname/);
    expect(await count(pop)).toBe(before);
    const read = await gw.gql(READ, { c: pop, id: idNumber(10) }, { as: "police" });
    expect(read.data.records.totalCount).toBe(0);
  });

  it("refuses invalid identifiers and keys repeated in one call", async () => {
    const wrongCheck = idNumber(20).slice(0, 17) + (idNumber(20)[17] === "1" ? "2" : "1");
    const r = await gw.gql(UPSERT, { c: pop, rows: [person(20, { id_number: wrongCheck }), person(21, { mobile: "0791-8612345" }), person(22), person(22)] }, { as: "police" });
    expect(r.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const bad = r.errors![0].extensions!.rows;
    expect(bad.map((b: any) => b.index)).toEqual([0, 1, 3]);
    expect(bad[0].reason).toMatch(/公民身份号码/);
    expect(bad[1].reason).toMatch(/手机号码/);
    expect(bad[2].reason).toMatch(/rows\[2\]/);
    expect(JSON.stringify(r.errors)).not.toContain("0791-8612345");
  });

  it("updates a row in place: the same row count, the new value", async () => {
    const before = await count(pop);
    const r = await gw.gql(UPSERT, { c: pop, rows: [person(1, { address: "江州市西湖区新址路8号" })] }, { as: "police" });
    expect(r.data.upsertRecords).toEqual({ inserted: 0, updated: 1 });
    expect(await count(pop)).toBe(before);
    const read = await gw.gql(READ, { c: pop, id: idNumber(1) }, { as: "police" });
    expect(read.data.records.nodes[0].values.address).toBe("江州市西湖区新址路8号");
  });

  it("refuses every department but the provider's, and anyone but its providers", async () => {
    const rows = [person(30)];
    const before = await count(pop);
    expect((await gw.gql(UPSERT, { c: pop, rows }, { as: "market" })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await gw.gql(UPSERT, { c: pop, rows }, { as: "health" })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await gw.gql(UPSERT, { c: pop, rows }, { as: "coordinator" })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await gw.gql(UPSERT, { c: pop, rows }, { as: "citizen" })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await gw.gql(UPSERT, { c: pop, rows })).errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    // 婚姻登记信息 belongs to 市民政局.
    expect((await gw.gql(UPSERT, { c: marriage, rows: [{ _key: "x" }] }, { as: "police" })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await gw.gql(UPSERT, { c: "NO-SUCH-CODE", rows }, { as: "police" })).errors?.[0].extensions?.code).toBe("NOT_FOUND");
    expect(await count(pop)).toBe(before);
  });

  it("takes at most 5,000 rows per call", async () => {
    const rows = Array.from({ length: 5001 }, () => ({}));
    const r = await gw.gql(UPSERT, { c: pop, rows }, { as: "police" });
    expect(r.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0].message).toMatch(/5000/);
  });

  it("records every call in the audit trail, refused ones with their reason", async () => {
    const r = await gw.gql(
      `{ auditEvents(filter: { resourceCode: "${pop}" }, first: 500) { nodes { operation outcome login rowCount reason } } }`,
      {},
      { as: "auditor" },
    );
    const events = r.data.auditEvents.nodes.filter((e: any) => e.operation === "upsertRecords");
    expect(events.some((e: any) => e.outcome === "ALLOWED" && e.login === "police" && e.rowCount === 3)).toBe(true);
    expect(events.some((e: any) => e.outcome === "ALLOWED" && e.login === "police" && e.rowCount === 1)).toBe(true);
    expect(events.some((e: any) => e.outcome === "DENIED" && e.login === "police" && /未写入任何数据/.test(e.reason))).toBe(true);
    expect(events.some((e: any) => e.outcome === "DENIED" && e.login === "market" && /提供方/.test(e.reason))).toBe(true);
    const chain = await gw.gql(`{ verifyAuditChain { ok } }`, {}, { as: "auditor" });
    expect(chain.data.verifyAuditChain.ok).toBe(true);
  });
});
