// The sharing workflow on both engines (R11–R13): a conditional request carried from submission
// to a working grant, through rejection, escalation and revocation; deadlines on the real
// calendar; concurrent decisions; every refusal.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { addWorkingDays } from "../../src/access/calendar.js";
import { engines } from "../support/db.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

const REQ = `id kind state resourceCode requesterDepartment purpose items clearItems deadline deadlineProvisional decisionReason escalationReason resolutionReason grantId`;
const SUBMIT = `mutation($input: SubmitShareRequestInput!) { submitShareRequest(input: $input) { ${REQ} } }`;
const DECIDE = `mutation($id: ID!, $d: Decision!, $reason: String, $items: [String!]) { decideShareRequest(id: $id, decision: $d, reason: $reason, items: $items) { ${REQ} } }`;
const ESCALATE = `mutation($id: ID!, $reason: String!) { escalateShareRequest(id: $id, reason: $reason) { ${REQ} } }`;
const RESOLVE = `mutation($id: ID!, $d: Decision!, $reason: String) { resolveShareRequest(id: $id, decision: $d, reason: $reason) { ${REQ} } }`;
const REVOKE = `mutation($id: ID!, $reason: String!) { revokeGrant(id: $id, reason: $reason) { id active revokedReason } }`;
const READ = `query($c: String!, $p: UsePurpose!) { records(resourceCode: $c, purpose: $p, purposeDetail: "婚姻登记核查-2026-001", first: 5) { items { code treatment } nodes { values } } }`;
const NOTES = `query($u: Boolean!) { notifications(unreadOnly: $u) { id kind message requestId } }`;

describe.each(engines)("sharing workflow on %s", (engine) => {
  let gw: TestGateway;
  const code: Record<string, string> = {};
  const items: Record<string, Array<{ code: string; sensitivity: string }>> = {};

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    const r = await gw.gql(`{ resources(first: 100) { nodes { code name shareType provider { name } items { code sensitivity } } } }`, {}, { as: "coordinator" });
    for (const n of r.data.resources.nodes) {
      code[n.name] = n.code;
      items[n.name] = n.items;
    }
    const notShared = r.data.resources.nodes.find((n: any) => n.shareType === "NOT_SHARED" && n.provider.name === "市公安局");
    code["公安不予共享"] = notShared.code;
    items["公安不予共享"] = notShared.items;
  });
  afterAll(async () => {
    await gw?.close();
  });

  const marriage = () => ({
    resourceCode: code["婚姻登记信息"],
    purpose: "WORK_REFERENCE",
    purposeDetail: "婚姻登记核查-2026-001",
    items: items["婚姻登记信息"].slice(0, 4).map((i) => i.code),
  });

  it("carries a conditional request through rejection, escalation, a grant and its revocation", async () => {
    const before = Date.now();
    const sub = await gw.gql(SUBMIT, { input: marriage() }, { as: "health" });
    expect(sub.errors).toBeUndefined();
    const req = sub.data.submitShareRequest;
    expect(req).toMatchObject({ kind: "SHARE", state: "PENDING", requesterDepartment: "市卫生健康委员会", deadlineProvisional: false });
    // The deadline is 3 working days on the real calendar.
    const expected = addWorkingDays(new Date(before), 3).deadline.toISOString();
    expect([expected, addWorkingDays(new Date(), 3).deadline.toISOString()]).toContain(req.deadline);

    const civilNotes = await gw.gql(NOTES, { u: true }, { as: "civil" });
    expect(civilNotes.data.notifications.some((n: any) => n.kind === "SUBMITTED" && Number(n.requestId) === Number(req.id))).toBe(true);
    const toDecide = await gw.gql(`{ requestsToDecide { id state } }`, {}, { as: "civil" });
    expect(toDecide.data.requestsToDecide.map((r: any) => r.id)).toContain(req.id);

    expect((await gw.gql(READ, { c: code["婚姻登记信息"], p: "WORK_REFERENCE" }, { as: "health" })).errors?.[0].extensions?.code).toBe("FORBIDDEN");

    const noReason = await gw.gql(DECIDE, { id: req.id, d: "REJECT" }, { as: "civil" });
    expect(noReason.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const rejected = await gw.gql(DECIDE, { id: req.id, d: "REJECT", reason: "用途与本部门职责关联不足" }, { as: "civil" });
    expect(rejected.data.decideShareRequest).toMatchObject({ state: "REJECTED", decisionReason: "用途与本部门职责关联不足" });
    const again = await gw.gql(DECIDE, { id: req.id, d: "APPROVE" }, { as: "civil" });
    expect(again.errors?.[0].extensions?.code).toBe("CONFLICT");

    const esc = await gw.gql(ESCALATE, { id: req.id, reason: "疫情流调需要核对婚姻关系" }, { as: "health" });
    expect(esc.data.escalateShareRequest.state).toBe("ESCALATED");
    const coord = await gw.gql(`{ requestsToDecide { id state } }`, {}, { as: "coordinator" });
    expect(coord.data.requestsToDecide.map((r: any) => r.id)).toContain(req.id);
    expect((await gw.gql(RESOLVE, { id: req.id, d: "APPROVE" }, { as: "civil" })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const resolved = await gw.gql(RESOLVE, { id: req.id, d: "APPROVE", reason: "协调同意" }, { as: "coordinator" });
    expect(resolved.data.resolveShareRequest).toMatchObject({ state: "APPROVED", resolutionReason: "协调同意" });
    const grantId = resolved.data.resolveShareRequest.grantId;
    expect(grantId).toBeTruthy();

    const read = await gw.gql(READ, { c: code["婚姻登记信息"], p: "WORK_REFERENCE" }, { as: "health" });
    expect(read.errors).toBeUndefined();
    const served = read.data.records.items.filter((i: any) => i.treatment !== "WITHHELD").map((i: any) => i.code).sort();
    expect(served).toEqual([...marriage().items].sort());
    // The grant is for this purpose only.
    expect((await gw.gql(READ, { c: code["婚姻登记信息"], p: "ADMINISTRATIVE_BASIS" }, { as: "health" })).errors?.[0].extensions?.code).toBe("FORBIDDEN");

    expect((await gw.gql(REVOKE, { id: grantId, reason: "x" }, { as: "health" })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const revoked = await gw.gql(REVOKE, { id: grantId, reason: "核查工作已结束" }, { as: "civil" });
    expect(revoked.data.revokeGrant).toMatchObject({ active: false, revokedReason: "核查工作已结束" });
    expect((await gw.gql(READ, { c: code["婚姻登记信息"], p: "WORK_REFERENCE" }, { as: "health" })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const kinds = (await gw.gql(NOTES, { u: false }, { as: "health" })).data.notifications.map((n: any) => n.kind);
    expect(kinds).toEqual(expect.arrayContaining(["REJECTED", "RESOLVED_APPROVED", "REVOKED"]));
  });

  it("lets the provider approve directly, narrowing the items", async () => {
    const input = { ...marriage(), purpose: "ADMINISTRATIVE_BASIS" };
    const sub = await gw.gql(SUBMIT, { input }, { as: "health" });
    const id = sub.data.submitShareRequest.id;
    const wider = await gw.gql(DECIDE, { id, d: "APPROVE", items: [...input.items, "nope"] }, { as: "civil" });
    expect(wider.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const ok = await gw.gql(DECIDE, { id, d: "APPROVE", items: input.items.slice(0, 2) }, { as: "civil" });
    expect(ok.data.decideShareRequest.state).toBe("APPROVED");
    const read = await gw.gql(READ, { c: code["婚姻登记信息"], p: "ADMINISTRATIVE_BASIS" }, { as: "health" });
    const served = read.data.records.items.filter((i: any) => i.treatment !== "WITHHELD").map((i: any) => i.code);
    expect(served.sort()).toEqual(input.items.slice(0, 2).sort());
    const grants = await gw.gql(`{ grants(activeOnly: true) { id resourceCode purpose active } }`, {}, { as: "health" });
    expect(grants.data.grants.some((g: any) => g.resourceCode === code["婚姻登记信息"] && g.purpose === "ADMINISTRATIVE_BASIS")).toBe(true);
  });

  it("lets exactly one of many concurrent decisions win", async () => {
    const sub = await gw.gql(SUBMIT, { input: { ...marriage(), purpose: "DATA_VERIFICATION" } }, { as: "health" });
    const id = sub.data.submitShareRequest.id;
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        gw.gql(DECIDE, i % 2 ? { id, d: "REJECT", reason: "并发拒绝" } : { id, d: "APPROVE" }, { as: "civil" }),
      ),
    );
    const wins = results.filter((r) => !r.errors);
    expect(wins).toHaveLength(1);
    for (const r of results.filter((r) => r.errors)) expect(r.errors![0].extensions?.code).toBe("CONFLICT");
    const [{ n }] = ((await gw.testDb.database.db.execute(sql`select count(*)::int as n from grants where request_id = ${Number(id)}`)) as any).rows;
    expect(Number(n)).toBe(wins[0].data.decideShareRequest.state === "APPROVED" ? 1 : 0);
  });

  it("marks a request past its deadline OVERDUE, notifies both sides, and lets the requester escalate", async () => {
    const sub = await gw.gql(SUBMIT, { input: { ...marriage(), purpose: "BUSINESS_COLLABORATION" } }, { as: "health" });
    const id = sub.data.submitShareRequest.id;
    expect((await gw.gql(ESCALATE, { id, reason: "尚未逾期" }, { as: "health" })).errors?.[0].extensions?.code).toBe("CONFLICT");
    await gw.testDb.database.db.execute(sql`update share_requests set deadline = now() - interval '1 hour' where id = ${Number(id)}`);
    const mine = await gw.gql(`{ myRequests { id state } }`, {}, { as: "health" });
    expect(mine.data.myRequests.find((r: any) => r.id === id).state).toBe("OVERDUE");
    const civil = await gw.gql(NOTES, { u: true }, { as: "civil" });
    expect(civil.data.notifications.some((n: any) => n.kind === "OVERDUE" && n.requestId === Number(id))).toBe(true);
    await gw.gql(NOTES, { u: true }, { as: "civil" }); // a second sweep adds nothing
    const civil2 = await gw.gql(NOTES, { u: false }, { as: "civil" });
    expect(civil2.data.notifications.filter((n: any) => n.kind === "OVERDUE" && n.requestId === Number(id))).toHaveLength(1);
    const esc = await gw.gql(ESCALATE, { id, reason: "逾期未答复" }, { as: "health" });
    expect(esc.data.escalateShareRequest.state).toBe("ESCALATED");
    const read = await gw.gql(`mutation { markNotificationsRead }`, {}, { as: "civil" });
    expect(read.data.markNotificationsRead).toBeGreaterThan(0);
    expect((await gw.gql(NOTES, { u: true }, { as: "civil" })).data.notifications).toHaveLength(0);
  });

  it("refuses what the rules refuse", async () => {
    const pop = items["人口基本信息"];
    const noNeed = await gw.gql(SUBMIT, { input: { resourceCode: code["人口基本信息"], purpose: "WORK_REFERENCE", purposeDetail: "日常工作参考", items: pop.filter((i) => i.sensitivity === "L1").map((i) => i.code) } }, { as: "health" });
    expect(noNeed.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(noNeed.errors?.[0].message).toMatch(/无需申请/);
    const l3 = pop.find((i) => i.sensitivity === "L3")!.code;
    const clearAsk = await gw.gql(SUBMIT, { input: { resourceCode: code["人口基本信息"], purpose: "WORK_REFERENCE", purposeDetail: "传染病流调-0001", items: [l3], clearItems: [l3] } }, { as: "health" });
    expect(clearAsk.data.submitShareRequest.kind).toBe("SHARE");

    const reclass = await gw.gql(SUBMIT, { input: { resourceCode: code["公安不予共享"], purpose: "ADMINISTRATIVE_BASIS", purposeDetail: "重大案件协查-0001", items: [items["公安不予共享"][0].code] } }, { as: "health" });
    expect(reclass.data.submitShareRequest.kind).toBe("RECLASSIFICATION");
    const coord = await gw.gql(`{ requestsToDecide { id kind } }`, {}, { as: "coordinator" });
    expect(coord.data.requestsToDecide.map((r: any) => r.id)).toContain(reclass.data.submitShareRequest.id);
    expect((await gw.gql(DECIDE, { id: reclass.data.submitShareRequest.id, d: "APPROVE" }, { as: "police" })).errors?.[0].extensions?.code).toBe("NOT_FOUND");

    const dup = await gw.gql(SUBMIT, { input: { resourceCode: code["人口基本信息"], purpose: "WORK_REFERENCE", purposeDetail: "传染病流调-0002", items: [l3], clearItems: [l3] } }, { as: "health" });
    expect(dup.errors?.[0].extensions?.code).toBe("CONFLICT");
    const other = await gw.gql(DECIDE, { id: clearAsk.data.submitShareRequest.id, d: "APPROVE" }, { as: "civil" });
    expect(other.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const tooLong = await gw.gql(SUBMIT, { input: { ...marriage(), purpose: "WORK_REFERENCE", purposeDetail: "长期需要-0001", validUntil: new Date(Date.now() + 400 * 86400_000).toISOString() } }, { as: "health" });
    expect(tooLong.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect((await gw.gql(SUBMIT, { input: marriage() }, { as: "police" })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await gw.gql(SUBMIT, { input: marriage() }, { as: "citizen" })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await gw.gql(SUBMIT, { input: marriage() })).errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    const own = await gw.gql(SUBMIT, { input: marriage() }, { as: "civil" });
    expect(own.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("lets the coordinator set a year's holidays, and nobody else", async () => {
    const q = `mutation { setHolidays(year: 2027, holidays: [{ date: "2027-02-06", name: "春节" }], workdays: ["2027-02-14"]) { year holidays workdays } }`;
    expect((await gw.gql(q, {}, { as: "civil" })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await gw.gql(q, {}, { as: "coordinator" })).data.setHolidays).toEqual({ year: 2027, holidays: 1, workdays: 1 });
    const bad = await gw.gql(`mutation { setHolidays(year: 2027, holidays: [{ date: "2028-01-01" }]) { year } }`, {}, { as: "coordinator" });
    expect(bad.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("records mutations, refused ones too, in the audit trail", async () => {
    const r = await gw.gql(`{ auditEvents(first: 500) { nodes { operation outcome login reason } } }`, {}, { as: "auditor" });
    const ops = r.data.auditEvents.nodes;
    expect(ops.some((e: any) => e.operation === "submitShareRequest" && e.outcome === "ALLOWED" && e.login === "health")).toBe(true);
    expect(ops.some((e: any) => e.operation === "decideShareRequest" && e.outcome === "DENIED" && e.login === "civil")).toBe(true);
    expect(ops.some((e: any) => e.operation === "revokeGrant" && e.outcome === "ALLOWED")).toBe(true);
    const chain = await gw.gql(`{ verifyAuditChain { ok } }`, {}, { as: "auditor" });
    expect(chain.data.verifyAuditChain.ok).toBe(true);
  });
});
