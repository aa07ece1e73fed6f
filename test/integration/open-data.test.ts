// Open-data applications on both engines (R21, R22): apply, decide, read once and only once,
// concurrent uses, re-check by the coordinator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAccounts } from "../../src/demo/departments.js";
import { engines } from "../support/db.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

const APP = `id state resourceCode items scope purpose deadline decisionReason recheckReason usedAt`;
const APPLY = `mutation($c: String!, $items: [String!]!) { applyForOpenData(resourceCode: $c, scope: "江州市范围内的学术研究", purpose: "研究医疗资源分布", items: $items) { ${APP} } }`;
const DECIDE = `mutation($id: ID!, $d: Decision!, $r: String) { decideOpenApplication(id: $id, decision: $d, reason: $r) { ${APP} } }`;
const READ = `query($c: String!) { records(resourceCode: $c, purpose: WORK_REFERENCE, purposeDetail: "学术研究-0001", first: 10) { items { code treatment } nodes { values } } }`;

describe.each(engines)("open-data applications on %s", (engine) => {
  let gw: TestGateway;
  let res: { code: string; provider: { name: string }; items: Array<{ code: string; sensitivity: string }> };
  let provider = "";
  let otherProvider = "";
  let openCode = "";
  let closedCode = "";

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    const r = await gw.gql(`{ resources(first: 100) { nodes { code openType provider { name } items { code sensitivity } } } }`, {}, { as: "coordinator" });
    const nodes = r.data.resources.nodes;
    res = nodes.find((n: any) => n.openType === "CONDITIONAL");
    openCode = nodes.find((n: any) => n.openType === "UNCONDITIONAL").code;
    closedCode = nodes.find((n: any) => n.openType === "NOT_OPEN").code;
    const accounts = buildAccounts().filter((a) => a.active && a.roles.includes("PROVIDER"));
    provider = accounts.find((a) => a.department === res.provider.name)!.login;
    otherProvider = accounts.find((a) => a.department !== res.provider.name)!.login;
  });
  afterAll(async () => {
    await gw?.close();
  });

  const apply = async (items = res.items.slice(0, 3).map((i) => i.code)) => {
    const r = await gw.gql(APPLY, { c: res.code, items }, { as: "citizen" });
    expect(r.errors).toBeUndefined();
    return r.data.applyForOpenData;
  };

  it("refuses a conditionally open resource without an approved application", async () => {
    const r = await gw.gql(READ, { c: res.code }, { as: "citizen" });
    expect(r.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect(r.errors?.[0].message).toMatch(/申请/);
  });

  it("takes applications from signed-in members of the public only, for conditionally open resources", async () => {
    expect((await gw.gql(APPLY, { c: res.code, items: [res.items[0].code] })).errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    expect((await gw.gql(APPLY, { c: res.code, items: [res.items[0].code] }, { as: "health" })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await gw.gql(APPLY, { c: closedCode, items: ["x"] }, { as: "citizen" })).errors?.[0].extensions?.code).toBe("NOT_FOUND");
    expect((await gw.gql(APPLY, { c: openCode, items: ["x"] }, { as: "citizen" })).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect((await gw.gql(APPLY, { c: res.code, items: ["nope"] }, { as: "citizen" })).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("serves an approved application once and only once, with only the items applied for", async () => {
    const items = res.items.slice(0, 2).map((i) => i.code);
    const app = await apply(items);
    expect(app.state).toBe("PENDING");
    expect((await gw.gql(DECIDE, { id: app.id, d: "APPROVE" }, { as: otherProvider })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await gw.gql(DECIDE, { id: app.id, d: "REJECT" }, { as: provider })).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const ok = await gw.gql(DECIDE, { id: app.id, d: "APPROVE" }, { as: provider });
    expect(ok.data.decideOpenApplication.state).toBe("APPROVED");

    const first = await gw.gql(READ, { c: res.code }, { as: "citizen" });
    expect(first.errors).toBeUndefined();
    const served = first.data.records.items.filter((i: any) => i.treatment !== "WITHHELD").map((i: any) => i.code);
    expect(served.every((c: string) => items.includes(c))).toBe(true);
    for (const i of first.data.records.items) {
      const sens = res.items.find((x) => x.code === i.code)!.sensitivity;
      if (items.includes(i.code)) expect(i.treatment).toBe(sens === "L1" ? "CLEAR" : sens === "L4" ? "WITHHELD" : "MASKED");
    }
    const second = await gw.gql(READ, { c: res.code }, { as: "citizen" });
    expect(second.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const mine = await gw.gql(`{ openApplications { id state usedAt } }`, {}, { as: "citizen" });
    expect(mine.data.openApplications.find((a: any) => a.id === app.id)).toMatchObject({ state: "USED" });
  });

  it("lets one of many concurrent uses succeed", async () => {
    const app = await apply();
    await gw.gql(DECIDE, { id: app.id, d: "APPROVE" }, { as: provider });
    const results = await Promise.all(Array.from({ length: 6 }, () => gw.gql(READ, { c: res.code }, { as: "citizen" })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((r) => r.errors)) expect(r.errors![0].extensions?.code).toBe("FORBIDDEN");
  });

  it("lets a rejected applicant ask the coordinator for a re-check (R22)", async () => {
    const app = await apply();
    const rej = await gw.gql(DECIDE, { id: app.id, d: "REJECT", r: "涉及个人信息，需进一步脱敏" }, { as: provider });
    expect(rej.data.decideOpenApplication).toMatchObject({ state: "REJECTED", decisionReason: "涉及个人信息，需进一步脱敏" });
    expect((await gw.gql(READ, { c: res.code }, { as: "citizen" })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const recheck = await gw.gql(`mutation($id: ID!) { requestOpenDataRecheck(id: $id, reason: "仅用于统计研究") { state recheckReason } }`, { id: app.id }, { as: "citizen" });
    expect(recheck.data.requestOpenDataRecheck.state).toBe("RECHECK_REQUESTED");
    const RESOLVE = `mutation($id: ID!) { resolveOpenDataRecheck(id: $id, decision: APPROVE, reason: "复核同意") { state } }`;
    expect((await gw.gql(RESOLVE, { id: app.id }, { as: provider })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await gw.gql(RESOLVE, { id: app.id }, { as: "coordinator" })).data.resolveOpenDataRecheck.state).toBe("APPROVED");
    expect((await gw.gql(READ, { c: res.code }, { as: "citizen" })).errors).toBeUndefined();
    expect((await gw.gql(READ, { c: res.code }, { as: "citizen" })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });

  it("shows the provider the applications for its resources", async () => {
    const r = await gw.gql(`{ openApplications { id resourceCode state } }`, {}, { as: provider });
    expect(r.data.openApplications.length).toBeGreaterThanOrEqual(3);
    for (const a of r.data.openApplications) expect(a.resourceCode).toBe(res.code);
    const other = await gw.gql(`{ openApplications { id resourceCode } }`, {}, { as: otherProvider });
    expect(other.errors).toBeUndefined();
    expect(other.data.openApplications.every((a: any) => a.resourceCode !== res.code)).toBe(true);
  });
});
