// Catalog editing and review on both engines (R1–R5, R34): a provider's change goes through
// review with its history visible; every catalog rule refuses what it should.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { engines } from "../support/db.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

const R = `code name status shareType openType shareCondition pendingChange reviewNote summary
  versions { version kind login name diff note }`;
const CREATE = `mutation($input: ResourceInput!) { createResourceDraft(input: $input) { ${R} } }`;
const UPDATE = `mutation($code: String!, $input: ResourceInput!) { updateResource(code: $code, input: $input) { ${R} } }`;
const SUBMIT = `mutation($code: String!) { submitResourceForReview(code: $code) { ${R} } }`;
const REVIEW = `mutation($code: String!, $d: ReviewDecision!, $r: String) { reviewResource(code: $code, decision: $d, reason: $r) { ${R} } }`;
const TYPE = `mutation($code: String!, $d: Decision!, $r: String) { decideTypeChange(code: $code, decision: $d, reason: $r) { ${R} } }`;
const DETAIL = `query($code: String!) { resource(code: $code) { ${R} items { code element isSource } } }`;

const draft = (over: Record<string, unknown> = {}) => ({
  name: "流动人口居住登记信息",
  summary: "全市流动人口居住登记、居住证办理信息，按日更新。",
  category: "THEME",
  theme: "公共安全",
  format: "DATABASE",
  updateCycle: "DAILY",
  shareType: "UNCONDITIONAL",
  shareMethods: ["API"],
  openType: "NOT_OPEN",
  items: [
    { code: "name", name: "姓名", dataType: "C", length: 50, sensitivity: "L3", maskingStrategy: "NAME" },
    { code: "permit_no", name: "居住证编号", dataType: "C", length: 30, sensitivity: "L2", maskingStrategy: "REDACT", element: "DE_TEST_PERMIT", isSource: true },
    { code: "district", name: "居住区县", dataType: "C", length: 20, sensitivity: "L1", maskingStrategy: "NONE" },
  ],
  ...over,
});

describe.each(engines)("catalog editing on %s", (engine) => {
  let gw: TestGateway;
  let code = "";

  beforeAll(async () => {
    gw = await startTestGateway(engine);
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("creates a draft that only its department sees", async () => {
    const r = await gw.gql(CREATE, { input: draft() }, { as: "police" });
    expect(r.errors).toBeUndefined();
    code = r.data.createResourceDraft.code;
    expect(code).toMatch(/^Z\d{2}-\d{3}-\d{4}$/);
    expect(r.data.createResourceDraft).toMatchObject({ status: "DRAFT" });
    expect(r.data.createResourceDraft.versions[0]).toMatchObject({ version: 1, kind: "CREATED", login: "police" });
    expect((await gw.gql(DETAIL, { code }, { as: "police" })).data.resource.status).toBe("DRAFT");
    for (const as of ["health", "coordinator", undefined]) {
      expect((await gw.gql(DETAIL, { code }, { as })).errors?.[0].extensions?.code, String(as)).toBe("NOT_FOUND");
    }
    const list = await gw.gql(`{ resources(filter: { search: "流动人口" }, first: 100) { nodes { code } } }`, {}, { as: "police" });
    expect(list.data.resources.nodes.map((n: any) => n.code)).not.toContain(code);
    const drafts = await gw.gql(`{ catalogDrafts { code status } }`, {}, { as: "police" });
    expect(drafts.data.catalogDrafts.map((d: any) => d.code)).toContain(code);
  });

  it.each([
    [{ shareType: "NOT_SHARED", legalBasis: null }, "R3"],
    [{ category: "BASE", theme: "人口", shareType: "CONDITIONAL", shareCondition: "须申请" }, "R4"],
    [{ shareType: "CONDITIONAL", shareCondition: null }, "R3"],
    [{ openType: "CONDITIONAL", openCondition: null }, "R7"],
    [{ shareType: "CONDITIONAL", shareCondition: "须申请", openType: "UNCONDITIONAL" }, "R7"],
  ])("refuses %j, naming rule %s", async (over, rule) => {
    const r = await gw.gql(CREATE, { input: draft({ name: "规则测试", ...over }) }, { as: "police" });
    expect(r.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0].extensions?.rule).toBe(rule);
  });

  it("refuses a masked-level item without a masking strategy, and duplicate codes", async () => {
    const items = [{ code: "x", name: "敏感", dataType: "C", length: 5, sensitivity: "L3", maskingStrategy: "NONE" }];
    expect((await gw.gql(CREATE, { input: draft({ items }) }, { as: "police" })).errors?.[0].extensions?.rule).toBe("R20");
    const dup = await gw.gql(CREATE, { input: draft({ code }) }, { as: "police" });
    expect(dup.errors?.[0].extensions?.code).toBe("CONFLICT");
  });

  it("keeps one source per data element (R5), naming the holder", async () => {
    const r = await gw.gql(CREATE, { input: draft({ name: "市场主体居住证信息" }) }, { as: "market" });
    expect(r.errors?.[0].extensions?.code).toBe("CONFLICT");
    expect(r.errors?.[0].extensions?.rule).toBe("R5");
    expect(r.errors?.[0].message).toContain("流动人口居住登记信息");
  });

  it("lets nobody edit another department's catalog", async () => {
    expect((await gw.gql(UPDATE, { code, input: { summary: "篡改" } }, { as: "market" })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await gw.gql(CREATE, { input: draft({ name: "使用部门不能编目" }) }, { as: "health" })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });

  it("goes through review: returned with a reason, then published", async () => {
    const sub = await gw.gql(SUBMIT, { code }, { as: "police" });
    expect(sub.data.submitResourceForReview.status).toBe("SUBMITTED");
    expect((await gw.gql(UPDATE, { code, input: { summary: "审核中修改" } }, { as: "police" })).errors?.[0].extensions?.code).toBe("CONFLICT");
    expect((await gw.gql(REVIEW, { code, d: "PUBLISH" }, { as: "police" })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await gw.gql(DETAIL, { code }, { as: "coordinator" })).data.resource.status).toBe("SUBMITTED");
    expect((await gw.gql(REVIEW, { code, d: "RETURN" }, { as: "coordinator" })).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const ret = await gw.gql(REVIEW, { code, d: "RETURN", r: "摘要须说明数据范围" }, { as: "coordinator" });
    expect(ret.data.reviewResource).toMatchObject({ status: "DRAFT", reviewNote: "摘要须说明数据范围" });
    await gw.gql(UPDATE, { code, input: { summary: "全市登记在册的流动人口居住登记、居住证办理信息，按日更新。" } }, { as: "police" });
    await gw.gql(SUBMIT, { code }, { as: "police" });
    const pub = await gw.gql(REVIEW, { code, d: "PUBLISH" }, { as: "coordinator" });
    expect(pub.data.reviewResource.status).toBe("PUBLISHED");
    const found = await gw.gql(`{ resources(filter: { search: "流动人口" }, first: 100) { nodes { code } } }`, {}, { as: "health" });
    expect(found.data.resources.nodes.map((n: any) => n.code)).toContain(code);
    const kinds = pub.data.reviewResource.versions.map((v: any) => v.kind);
    expect(kinds).toEqual(["PUBLISHED", "SUBMITTED", "UPDATED", "RETURNED", "SUBMITTED", "CREATED"]);
  });

  it("shows the public what changed in an open entry, never which official changed it (R31)", async () => {
    // An open entry of 市市场监督管理局 (the public sees only open entries), edited by its account.
    const market = (await gw.gql(`{ me { department { code } } }`, {}, { as: "market" })).data.me.department.code;
    const open = await gw.gql(`query($d: String) { resources(filter: { departmentCode: $d }, first: 1) { nodes { code } } }`, { d: market });
    const openCode = open.data.resources.nodes[0].code;
    const Q = `query($code: String!) { resource(code: $code) { versions { kind login name note diff } } }`;
    const edit = await gw.gql(UPDATE, { code: openCode, input: { summary: "本市市场主体登记信息的公开部分，按日更新，供社会公众查询。" } }, { as: "market" });
    expect(edit.errors, JSON.stringify(edit.errors)).toBeUndefined();
    const gov = await gw.gql(Q, { code: openCode }, { as: "coordinator" });
    const pub = await gw.gql(Q, { code: openCode });
    expect(pub.data.resource.versions.length).toBe(gov.data.resource.versions.length);
    expect(gov.data.resource.versions.some((v: any) => v.login !== null)).toBe(true);
    for (const v of pub.data.resource.versions) expect(v).toMatchObject({ login: null, name: null, note: null });
    expect(pub.data.resource.versions.map((v: any) => v.kind)).toEqual(gov.data.resource.versions.map((v: any) => v.kind));
  });

  it("applies a published change at once, files it with the coordinator, and records the difference", async () => {
    const r = await gw.gql(UPDATE, { code, input: { updateCycle: "WEEKLY" } }, { as: "police" });
    const v = r.data.updateResource.versions[0];
    expect(v).toMatchObject({ kind: "UPDATED", login: "police" });
    expect(v.diff).toEqual([{ field: "updateCycle", from: "DAILY", to: "WEEKLY" }]);
    const notes = await gw.gql(`{ notifications(unreadOnly: true) { kind message } }`, {}, { as: "coordinator" });
    expect(notes.data.notifications.some((n: any) => n.kind === "CATALOG_FILED")).toBe(true);
  });

  it("waits for the coordinator before a share type change takes effect (R34)", async () => {
    const r = await gw.gql(UPDATE, { code, input: { shareType: "CONDITIONAL", shareCondition: "仅限公安、民政部门业务协同" } }, { as: "police" });
    expect(r.data.updateResource.shareType).toBe("UNCONDITIONAL");
    expect(r.data.updateResource.pendingChange).toMatchObject({ shareType: "CONDITIONAL", requestedBy: "police" });
    expect((await gw.gql(TYPE, { code, d: "APPROVE" }, { as: "police" })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const ok = await gw.gql(TYPE, { code, d: "APPROVE", r: "同意" }, { as: "coordinator" });
    expect(ok.data.decideTypeChange).toMatchObject({ shareType: "CONDITIONAL", shareCondition: "仅限公安、民政部门业务协同", pendingChange: null });
    expect(ok.data.decideTypeChange.versions.slice(0, 2).map((v: any) => v.kind)).toEqual(["TYPE_CHANGE_APPROVED", "TYPE_CHANGE_REQUESTED"]);
    expect((await gw.gql(TYPE, { code, d: "APPROVE" }, { as: "coordinator" })).errors?.[0].extensions?.code).toBe("CONFLICT");
  });

  it("retires an entry out of the catalog", async () => {
    const r = await gw.gql(`mutation($code: String!) { retireResource(code: $code, reason: "业务已划转") { status } }`, { code }, { as: "police" });
    expect(r.data.retireResource.status).toBe("RETIRED");
    expect((await gw.gql(DETAIL, { code }, { as: "health" })).errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });

  it("lists departments that have not updated their catalog 15 days after a duty change (R2)", async () => {
    const depts = await gw.gql(`{ departments { code name } }`);
    const civil = depts.data.departments.find((d: any) => d.name === "市民政局").code;
    const rec = await gw.gql(`mutation($c: String!) { recordDutyChange(departmentCode: $c, description: "新增养老服务监管职责") { dueAt } }`, { c: civil }, { as: "coordinator" });
    expect(rec.errors).toBeUndefined();
    const Q = `{ overdueCatalogUpdates { departmentName } }`;
    expect((await gw.gql(Q, {}, { as: "coordinator" })).data.overdueCatalogUpdates).toEqual([]);
    await gw.testDb.database.db.execute(sql`update duty_changes set recorded_at = now() - interval '20 days', due_at = now() - interval '5 days'`);
    expect((await gw.gql(Q, {}, { as: "coordinator" })).data.overdueCatalogUpdates.map((d: any) => d.departmentName)).toEqual(["市民政局"]);
    const own = await gw.gql(`{ resources(filter: { departmentCode: "${civil}" }, first: 1) { nodes { code } } }`, {}, { as: "civil" });
    await gw.gql(UPDATE, { code: own.data.resources.nodes[0].code, input: { useRequirements: "按新增养老服务监管职责更新" } }, { as: "civil" });
    expect((await gw.gql(Q, {}, { as: "coordinator" })).data.overdueCatalogUpdates).toEqual([]);
  });
});
