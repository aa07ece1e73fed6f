// Objections and corrections (R14), the supply-demand list (R41), demand for opening (R22), on
// both engines.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { engines } from "../support/db.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

const READ = `query($c: String!, $f: [RecordFilter!]) { records(resourceCode: $c, purpose: WORK_REFERENCE, purposeDetail: "异议核查-0001", first: 1, filter: $f) { nodes { key values } } }`;
const RAISE = `mutation($c: String!, $k: String!, $i: String!) { raiseObjection(resourceCode: $c, purpose: WORK_REFERENCE, recordKey: $k, item: $i, description: "住址与实际居住地不符") { id state recordKey itemCode } }`;
const RESOLVE = `mutation($id: ID!, $correct: Boolean!, $v: JSON) { resolveObjection(id: $id, correct: $correct, note: "已核实", value: $v) { id state resolutionNote } }`;

describe.each(engines)("objections, needs and opening demand on %s", (engine) => {
  let gw: TestGateway;
  let pop = "";
  let civilResource = "";
  let policeResource = "";

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    const r = await gw.gql(`{ resources(first: 100) { nodes { code name provider { name } } } }`, {}, { as: "coordinator" });
    pop = r.data.resources.nodes.find((n: any) => n.name === "人口基本信息").code;
    civilResource = r.data.resources.nodes.find((n: any) => n.provider.name === "市民政局").code;
    policeResource = pop;
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("carries an objection from the reader to a correction by the provider, keeping the history", async () => {
    const read = await gw.gql(READ, { c: pop }, { as: "health" });
    const { key } = read.data.records.nodes[0];
    expect(key).toMatch(/^h_/);
    const raised = await gw.gql(RAISE, { c: pop, k: key, i: "address" }, { as: "health" });
    expect(raised.errors).toBeUndefined();
    expect(raised.data.raiseObjection).toMatchObject({ state: "OPEN", recordKey: key, itemCode: "address" });
    const id = raised.data.raiseObjection.id;

    // The provider sees the stored key; the raiser keeps seeing its token.
    const providerView = await gw.gql(`{ objections { id recordKey } }`, {}, { as: "police" });
    const rawKey = providerView.data.objections.find((o: any) => o.id === id).recordKey;
    expect(rawKey).toMatch(/^\d{17}[\dX]$/);
    const raiserView = await gw.gql(`{ objections { id recordKey } }`, {}, { as: "health" });
    expect(raiserView.data.objections.find((o: any) => o.id === id).recordKey).toBe(key);
    const coord = await gw.gql(`{ notifications(unreadOnly: true) { kind } }`, {}, { as: "coordinator" });
    expect(coord.data.notifications.map((n: any) => n.kind)).toContain("OBJECTION_RAISED");

    expect((await gw.gql(RESOLVE, { id, correct: true, v: "x" }, { as: "market" })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const fixed = await gw.gql(RESOLVE, { id, correct: true, v: "江州市云湖区新华路1号" }, { as: "police" });
    expect(fixed.data.resolveObjection.state).toBe("CORRECTED");
    const after = await gw.gql(READ, { c: pop, f: [{ item: "id_number", op: "EQ", value: rawKey }] }, { as: "police" });
    expect(after.data.records.nodes[0].values.address).toBe("江州市云湖区新华路1号");
    const history = ((await gw.testDb.database.db.execute(sql`select count(*)::int as n from record_history where key = ${rawKey}`)) as any).rows;
    expect(Number(history[0].n)).toBe(1);
    const notes = await gw.gql(`{ notifications(unreadOnly: true) { kind } }`, {}, { as: "health" });
    expect(notes.data.notifications.map((n: any) => n.kind)).toContain("OBJECTION_CORRECTED");
    expect((await gw.gql(RESOLVE, { id, correct: false }, { as: "police" })).errors?.[0].extensions?.code).toBe("CONFLICT");
  });

  it("lets the provider confirm a value with a note", async () => {
    const read = await gw.gql(READ, { c: pop }, { as: "health" });
    const raised = await gw.gql(RAISE, { c: pop, k: read.data.records.nodes[0].key, i: "gender" }, { as: "health" });
    const ok = await gw.gql(RESOLVE, { id: raised.data.raiseObjection.id, correct: false }, { as: "police" });
    expect(ok.data.resolveObjection).toMatchObject({ state: "CONFIRMED", resolutionNote: "已核实" });
  });

  it("refuses objections on what the reader was not served", async () => {
    const read = await gw.gql(READ, { c: pop }, { as: "health" });
    const key = read.data.records.nodes[0].key;
    expect((await gw.gql(RAISE, { c: pop, k: key, i: "photo" }, { as: "health" })).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect((await gw.gql(RAISE, { c: pop, k: "h_nope", i: "address" }, { as: "health" })).errors?.[0].extensions?.code).toBe("NOT_FOUND");
    expect((await gw.gql(RAISE, { c: pop, k: key, i: "address" }, { as: "analyst" })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });

  it("keeps the supply-demand list (R41)", async () => {
    const post = await gw.gql(`mutation { postDataNeed(title: "婚姻状况核验", reason: "医疗救助对象家庭情况核查", items: ["婚姻状况", "登记日期"]) { id state } }`, {}, { as: "health" });
    const id = post.data.postDataNeed.id;
    const wrong = await gw.gql(`mutation($id: ID!, $c: String) { answerDataNeed(id: $id, note: "可用", resourceCode: $c) { state } }`, { id, c: policeResource }, { as: "civil" });
    expect(wrong.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const ans = await gw.gql(`mutation($id: ID!, $c: String) { answerDataNeed(id: $id, note: "婚姻登记信息可满足", resourceCode: $c) { state } }`, { id, c: civilResource }, { as: "civil" });
    expect(ans.data.answerDataNeed.state).toBe("ANSWERED");
    const list = await gw.gql(`{ dataNeeds { id state departmentName answers { departmentName resourceCode note } } }`, {}, { as: "coordinator" });
    const need = list.data.dataNeeds.find((n: any) => n.id === id);
    expect(need).toMatchObject({ departmentName: "市卫生健康委员会", answers: [{ departmentName: "市民政局", resourceCode: civilResource, note: "婚姻登记信息可满足" }] });
    const open = await gw.gql(`{ dataNeeds(openOnly: true) { id } }`, {}, { as: "coordinator" });
    expect(open.data.dataNeeds.map((n: any) => n.id)).not.toContain(id);
  });

  it("counts demand for opening without telling the public whether a code exists (R22)", async () => {
    const Q = `mutation($c: String!) { requestOpening(resourceCode: $c, reason: "希望开放用于人口研究") }`;
    expect((await gw.gql(Q, { c: pop }, { as: "citizen" })).data.requestOpening).toBe(true);
    expect((await gw.gql(Q, { c: "J99-999-9999" }, { as: "citizen" })).data.requestOpening).toBe(true);
    expect((await gw.gql(Q, { c: pop })).errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    const demand = await gw.gql(`{ openingDemand { resourceCode demand answer } }`, {}, { as: "coordinator" });
    expect(demand.data.openingDemand).toEqual([{ resourceCode: pop, demand: 1, answer: null }]);
    const ans = await gw.gql(`mutation($c: String!) { answerOpeningDemand(resourceCode: $c, answer: "含大量个人信息，依法不予开放") { demand answer } }`, { c: pop }, { as: "police" });
    expect(ans.data.answerOpeningDemand).toMatchObject({ demand: 1, answer: "含大量个人信息，依法不予开放" });
  });
});
