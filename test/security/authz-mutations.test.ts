// The authorisation matrix over every root field, on both engines: each Mutation and Query field
// of the schema × each kind of viewer, against a table written from DOMAIN.md (the actors, R1–R41)
// and the README — not from src/policy. Allowed means the call gets past authorisation (it may
// still end in a business answer the table names); refused means UNAUTHENTICATED (no valid
// token where one is needed), FORBIDDEN, or NOT_FOUND where the rules hide someone else's
// item. Every refused mutation leaves every table as it was and, where the viewer is known, is
// in the audit trail. test/integration/access-matrix.test.ts covers what `records` serves item
// by item; here `records` is only checked for who gets in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { UnsecuredJWT } from "jose";
import { signToken, TOKEN_AUDIENCE, TOKEN_ISSUER } from "../../src/auth/token.js";
import { idCardCheckDigit } from "../../src/records/identifiers.js";
import { buildBareSchema } from "../../src/server/schema.js";
import { engines } from "../support/db.js";
import { startTestGateway, TEST_SECRET, type GqlResult, type TestGateway } from "../support/gateway.js";

/** The kinds of viewer. police and market are PROVIDER departments; health is a CONSUMER. */
const SIGNED_IN = ["citizen", "police", "market", "health", "coordinator", "auditor", "analyst"] as const;
const BAD_TOKENS = ["retired", "forged", "expired", "algNone"] as const;
const KINDS = ["anonymous", ...SIGNED_IN, ...BAD_TOKENS] as const;
type Kind = (typeof KINDS)[number];
type Valid = "anonymous" | (typeof SIGNED_IN)[number];
type Outcome = "ok" | "BAD_USER_INPUT" | "NOT_FOUND" | "CONFLICT";
type Refusal = "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND";

const EVERYONE: Valid[] = ["anonymous", ...SIGNED_IN];
const GOVERNMENT: Valid[] = ["police", "market", "health", "coordinator", "auditor", "analyst"];

interface Row {
  /** Who gets past authorisation; every other valid viewer is refused. */
  allowed: Valid[];
  /** Why, from the rules. */
  rule: string;
  /** How a refusal reads when it is not the default (anonymous: UNAUTHENTICATED, others FORBIDDEN). */
  refusedAs?: Partial<Record<Valid, Refusal>>;
  /** What an allowed call ends in when it is not a plain success (the arguments are chosen so). */
  allowedGets?: Partial<Record<Valid, Outcome>>;
}

/**
 * THE TABLE: field → who may. The arguments each field is called with are in OPS below, chosen so
 * that the owner of the target is police (share workflow, catalog) or market (open data).
 */
const TABLE: Record<string, Row> = {
  // ---- Queries -------------------------------------------------------------------------------
  "Query.me": { allowed: EVERYONE, rule: "anyone; null for the anonymous public" },
  "Query.departments": { allowed: EVERYONE, rule: "the catalog is public (R7)" },
  "Query.department": { allowed: EVERYONE, rule: "the catalog is public (R7)" },
  "Query.resources": { allowed: EVERYONE, rule: "the catalog is public; visibility narrows it (R3, R7)" },
  "Query.resource": { allowed: EVERYONE, rule: "an unconditionally open entry is public (R7)" },
  "Query.records": {
    allowed: ["police", "market", "health"],
    rule: "人口基本信息 (base, unconditionally shared, not open): its provider and other departments read rows (R4, R12); the coordinator, auditor and analyst read metadata; the public sees no not-open data (R7)",
    refusedAs: { anonymous: "FORBIDDEN" },
  },
  "Query.verify": {
    allowed: ["police", "market", "health"],
    rule: "verification follows the same decision as reading (R6)",
    refusedAs: { anonymous: "FORBIDDEN" },
  },
  "Query.auditEvents": {
    allowed: ["police", "market", "coordinator", "auditor"],
    rule: "auditors and the coordinator read the trail; a provider its own resources' events (R30)",
    // The code answers the anonymous public FORBIDDEN here (records.test.ts asserts it), where
    // isGovernment answers UNAUTHENTICATED: an inconsistency reported, not a leak.
    refusedAs: { anonymous: "FORBIDDEN" },
  },
  "Query.verifyAuditChain": {
    allowed: ["coordinator", "auditor"],
    rule: "auditors and the coordinator check the chain (R32)",
    refusedAs: { anonymous: "FORBIDDEN" },
  },
  "Query.myRequests": { allowed: GOVERNMENT, rule: "a department's own requests (R11)" },
  "Query.requestsToDecide": { allowed: GOVERNMENT, rule: "a department's queue (R12)" },
  "Query.grants": { allowed: GOVERNMENT, rule: "a department's grants (R13)" },
  "Query.notifications": { allowed: GOVERNMENT, rule: "a department's notifications" },
  "Query.openApplications": { allowed: SIGNED_IN.slice(), rule: "the public its own; providers theirs; the coordinator all (R21)" },
  "Query.catalogDrafts": { allowed: GOVERNMENT, rule: "a department's own unpublished entries (R1)" },
  "Query.overdueCatalogUpdates": { allowed: GOVERNMENT, rule: "catalogs not updated in 15 days (R2, R34)" },
  "Query.objections": { allowed: GOVERNMENT, rule: "a department's objections (R14)" },
  "Query.dataNeeds": { allowed: GOVERNMENT, rule: "the supply-demand list (R41)" },
  "Query.openingDemand": { allowed: GOVERNMENT, rule: "demand for opening, for providers to answer (R22)" },
  // Statistics (src/stats): the public is refused with FORBIDDEN, not UNAUTHENTICATED, by design
  // (src/stats/stats.rules.ts: signing in as a member of the public would not help).
  "Query.catalogStats": { allowed: EVERYONE, rule: "counts of what the viewer sees in the catalog (R7)" },
  "Query.sharingReport": { allowed: GOVERNMENT, rule: "the yearly sharing report, a department its own row (R40)", refusedAs: { anonymous: "FORBIDDEN" } },
  "Query.slaCompliance": { allowed: GOVERNMENT, rule: "providers' answer times (R12, R40)", refusedAs: { anonymous: "FORBIDDEN" } },
  "Query.openingDemandStats": { allowed: GOVERNMENT, rule: "opening demand and answers (R22)", refusedAs: { anonymous: "FORBIDDEN" } },
  "Query.negativeList": { allowed: GOVERNMENT, rule: "the negative list of not-shared entries (R41)", refusedAs: { anonymous: "FORBIDDEN" } },
  "Query.violations": { allowed: GOVERNMENT, rule: "violation signals (R34)", refusedAs: { anonymous: "FORBIDDEN" } },

  // ---- Mutations: data and sharing -------------------------------------------------------------
  "Mutation.upsertRecords": { allowed: ["police"], rule: "the provider's own department writes its rows (R1, R5)" },
  "Mutation.submitShareRequest": { allowed: ["health"], rule: "a consumer department applies with a purpose (R11, R12)" },
  "Mutation.decideShareRequest": { allowed: ["police"], rule: "the resource's provider answers (R12)" },
  "Mutation.escalateShareRequest": { allowed: ["health"], rule: "the requester escalates a refusal (R12)" },
  "Mutation.resolveShareRequest": { allowed: ["coordinator"], rule: "the coordinator decides escalations (R12)" },
  "Mutation.revokeGrant": {
    allowed: ["police", "coordinator"],
    rule: "the provider or the coordinator ends a grant (R13)",
    allowedGets: { coordinator: "CONFLICT" }, // police revoked it a moment before
  },
  "Mutation.setHolidays": { allowed: ["coordinator"], rule: "the coordinator keeps the calendar of deadlines (R12)" },
  "Mutation.markNotificationsRead": {
    allowed: ["police", "market", "health", "coordinator", "auditor"],
    rule: "a department's own notifications; the analyst is read-only (actors)",
  },
  // ---- Mutations: open data --------------------------------------------------------------------
  "Mutation.applyForOpenData": { allowed: ["citizen"], rule: "the public applies for conditionally open data (R7, R21)" },
  "Mutation.decideOpenApplication": { allowed: ["market"], rule: "the provider approves (R7)" },
  "Mutation.requestOpenDataRecheck": {
    allowed: ["citizen"],
    rule: "the rejected applicant asks for a re-check (R22); another's application does not exist for the caller",
    refusedAs: { police: "NOT_FOUND", market: "NOT_FOUND", health: "NOT_FOUND", coordinator: "NOT_FOUND", auditor: "NOT_FOUND" },
  },
  "Mutation.resolveOpenDataRecheck": { allowed: ["coordinator"], rule: "the coordinator re-checks (R22)" },
  "Mutation.requestOpening": {
    allowed: ["citizen", "police", "market", "health", "coordinator", "auditor"],
    rule: "demand for opening, from anyone signed in (R22); the analyst is read-only",
  },
  "Mutation.answerOpeningDemand": { allowed: ["police"], rule: "the provider explains why not (R22)" },
  // ---- Mutations: the catalog ------------------------------------------------------------------
  "Mutation.createResourceDraft": { allowed: ["police", "market"], rule: "each department compiles its own catalog (R1)" },
  "Mutation.updateResource": { allowed: ["police"], rule: "only the owning department edits an entry (R1, R2)" },
  "Mutation.submitResourceForReview": { allowed: ["police"], rule: "the owning department submits (R1)" },
  "Mutation.reviewResource": { allowed: ["coordinator"], rule: "the coordinator reviews and files (R1)" },
  "Mutation.retireResource": { allowed: ["police"], rule: "the owning department retires its entry (R1)" },
  "Mutation.decideTypeChange": { allowed: ["coordinator"], rule: "share/open type changes need the coordinator (R34)" },
  "Mutation.recordDutyChange": { allowed: ["coordinator"], rule: "the coordinator records changed duties (R2)" },
  "Mutation.importDcat": { allowed: ["coordinator"], rule: "the coordinator aggregates catalogs (R1); imports become drafts" },
  // ---- Mutations: objections and supply-demand ---------------------------------------------------
  "Mutation.raiseObjection": {
    allowed: ["police", "market", "health"],
    rule: "a department that reads the row doubts a value (R14); metadata-only roles read no rows",
  },
  "Mutation.resolveObjection": { allowed: ["police"], rule: "the provider verifies and corrects (R14)" },
  "Mutation.postDataNeed": { allowed: ["police", "market", "health"], rule: "departments post data needs (R41)" },
  "Mutation.answerDataNeed": { allowed: ["police", "market"], rule: "providers answer data needs (R41)" },
};

// ---- the arguments ---------------------------------------------------------------------------

/** Demo codes (src/demo): the owner of each is named. */
const POP = "J01-002-0001"; // 人口基本信息, 市公安局, base, unconditionally shared, not open
const POLICE_COND = "B04-002-0001"; // 机动车登记信息, 市公安局, conditionally shared
const POLICE_COND_2 = "B04-002-0002"; // 流动人口居住登记信息, 市公安局, conditionally shared
const POLICE_EDIT = "J01-002-0002"; // 户籍迁移登记信息, 市公安局, published
const POLICE_TYPE = "Z04-002-0002"; // 道路交通事故信息, 市公安局: a type change waits for the coordinator
const MARKET_OPEN_COND = "B04-003-0001"; // 特种设备使用登记信息, 市市场监督管理局, conditionally open
const OPEN = "Z08-010-0001"; // 空气质量监测数据, unconditionally open

interface Fixtures {
  policeDept: string;
  pendingRequest: string;
  rejectedRequest: string;
  escalatedRequest: string;
  grant: string;
  pendingApplication: string;
  rejectedApplication: string;
  recheckApplication: string;
  draftToSubmit: string;
  draftSubmitted: string;
  draftToRetire: string;
  objection: string;
  dataNeed: string;
  keys: Partial<Record<Valid, string>>;
  newPerson: string;
}

type Op = { query: string; variables?: Record<string, unknown> };
const DETAIL = "安全测试-授权矩阵-0001";
const draftInput = (name: string) => ({
  name,
  summary: "授权矩阵测试用的目录草稿",
  category: "DEPARTMENT",
  format: "DATABASE",
  updateCycle: "MONTHLY",
  shareType: "UNCONDITIONAL",
  openType: "NOT_OPEN",
  items: [{ code: "plate", name: "号牌", dataType: "C", length: 20, sensitivity: "L1", maskingStrategy: "NONE" }],
});

const OPS: Record<string, (fx: Fixtures, as: Valid) => Op> = {
  "Query.me": () => ({ query: `{ me { login } }` }),
  "Query.departments": () => ({ query: `{ departments { code } }` }),
  "Query.department": (fx) => ({ query: `query($c: String!) { department(code: $c) { name } }`, variables: { c: fx.policeDept } }),
  "Query.resources": () => ({ query: `{ resources(first: 2) { totalCount } }` }),
  "Query.resource": () => ({ query: `query($c: String!) { resource(code: $c) { code } }`, variables: { c: OPEN } }),
  "Query.records": () => ({
    query: `query($c: String!, $d: String!) { records(resourceCode: $c, purpose: WORK_REFERENCE, purposeDetail: $d, first: 1) { totalCount } }`,
    variables: { c: POP, d: DETAIL },
  }),
  "Query.verify": () => ({
    query: `query($c: String!, $d: String!) { verify(resourceCode: $c, purpose: DATA_VERIFICATION, purposeDetail: $d, match: { gender: "男" }) { matched } }`,
    variables: { c: POP, d: DETAIL },
  }),
  "Query.auditEvents": () => ({ query: `{ auditEvents(first: 1) { totalCount } }` }),
  "Query.verifyAuditChain": () => ({ query: `{ verifyAuditChain { ok } }` }),
  "Query.myRequests": () => ({ query: `{ myRequests { id } }` }),
  "Query.requestsToDecide": () => ({ query: `{ requestsToDecide { id } }` }),
  "Query.grants": () => ({ query: `{ grants { id } }` }),
  "Query.notifications": () => ({ query: `{ notifications { id } }` }),
  "Query.openApplications": () => ({ query: `{ openApplications { id } }` }),
  "Query.catalogDrafts": () => ({ query: `{ catalogDrafts { code } }` }),
  "Query.overdueCatalogUpdates": () => ({ query: `{ overdueCatalogUpdates { id } }` }),
  "Query.objections": () => ({ query: `{ objections { id } }` }),
  "Query.dataNeeds": () => ({ query: `{ dataNeeds { id } }` }),
  "Query.openingDemand": () => ({ query: `{ openingDemand { resourceCode } }` }),
  "Query.catalogStats": () => ({ query: `{ catalogStats { __typename } }` }),
  "Query.sharingReport": () => ({ query: `{ sharingReport(year: 2026) { year } }` }),
  "Query.slaCompliance": () => ({ query: `{ slaCompliance(from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z") { __typename } }` }),
  "Query.openingDemandStats": () => ({ query: `{ openingDemandStats { __typename } }` }),
  "Query.negativeList": () => ({ query: `{ negativeList { __typename } }` }),
  "Query.violations": () => ({ query: `{ violations { __typename } }` }),

  "Mutation.upsertRecords": (fx) => ({
    query: `mutation($c: String!, $rows: [JSONObject!]!) { upsertRecords(resourceCode: $c, rows: $rows) { inserted updated } }`,
    variables: { c: POLICE_COND, rows: [{ owner_id_number: fx.newPerson, vehicle_type: "小型轿车", brand: "测试" }] },
  }),
  "Mutation.submitShareRequest": () => ({
    query: `mutation($i: SubmitShareRequestInput!) { submitShareRequest(input: $i) { id state } }`,
    variables: { i: { resourceCode: POLICE_COND_2, purpose: "WORK_REFERENCE", purposeDetail: DETAIL, items: ["gender", "registered_on"] } },
  }),
  "Mutation.decideShareRequest": (fx) => ({
    query: `mutation($id: ID!) { decideShareRequest(id: $id, decision: REJECT, reason: "用途与申请事项不符") { id state } }`,
    variables: { id: fx.pendingRequest },
  }),
  "Mutation.escalateShareRequest": (fx) => ({
    query: `mutation($id: ID!) { escalateShareRequest(id: $id, reason: "业务确需，请求协调") { id state } }`,
    variables: { id: fx.rejectedRequest },
  }),
  "Mutation.resolveShareRequest": (fx) => ({
    query: `mutation($id: ID!) { resolveShareRequest(id: $id, decision: REJECT, reason: "维持提供部门意见") { id state } }`,
    variables: { id: fx.escalatedRequest },
  }),
  "Mutation.revokeGrant": (fx) => ({
    query: `mutation($id: ID!) { revokeGrant(id: $id, reason: "授权事项已办结") { id active } }`,
    variables: { id: fx.grant },
  }),
  "Mutation.setHolidays": () => ({
    query: `mutation { setHolidays(year: 2099, holidays: [{ date: "2099-01-01", name: "元旦" }]) { year holidays } }`,
  }),
  "Mutation.markNotificationsRead": () => ({ query: `mutation { markNotificationsRead(ids: ["999999"]) }` }),
  "Mutation.applyForOpenData": () => ({
    query: `mutation($c: String!) { applyForOpenData(resourceCode: $c, scope: "江州市范围内的研究", purpose: "特种设备安全研究", items: ["registration_no"]) { id state } }`,
    variables: { c: MARKET_OPEN_COND },
  }),
  "Mutation.decideOpenApplication": (fx) => ({
    query: `mutation($id: ID!) { decideOpenApplication(id: $id, decision: REJECT, reason: "申请范围过宽") { id state } }`,
    variables: { id: fx.pendingApplication },
  }),
  "Mutation.requestOpenDataRecheck": (fx) => ({
    query: `mutation($id: ID!) { requestOpenDataRecheck(id: $id, reason: "研究确需，请求复核") { id state } }`,
    variables: { id: fx.rejectedApplication },
  }),
  "Mutation.resolveOpenDataRecheck": (fx) => ({
    query: `mutation($id: ID!) { resolveOpenDataRecheck(id: $id, decision: REJECT, reason: "维持原决定") { id state } }`,
    variables: { id: fx.recheckApplication },
  }),
  "Mutation.requestOpening": () => ({
    query: `mutation($c: String!) { requestOpening(resourceCode: $c, reason: "希望开放用于人口研究") }`,
    variables: { c: POP },
  }),
  "Mutation.answerOpeningDemand": () => ({
    query: `mutation($c: String!) { answerOpeningDemand(resourceCode: $c, answer: "涉及个人信息，依法不予开放") { resourceCode } }`,
    variables: { c: POP },
  }),
  "Mutation.createResourceDraft": (_fx, as) => ({
    query: `mutation($i: ResourceInput!) { createResourceDraft(input: $i) { code status } }`,
    variables: { i: draftInput(`授权矩阵草稿-${as}`) },
  }),
  "Mutation.updateResource": () => ({
    query: `mutation($c: String!) { updateResource(code: $c, input: { useRequirements: "仅限办理本部门职责事项使用" }) { code } }`,
    variables: { c: POLICE_EDIT },
  }),
  "Mutation.submitResourceForReview": (fx) => ({
    query: `mutation($c: String!) { submitResourceForReview(code: $c) { code status } }`,
    variables: { c: fx.draftToSubmit },
  }),
  "Mutation.reviewResource": (fx) => ({
    query: `mutation($c: String!) { reviewResource(code: $c, decision: RETURN, reason: "信息项不完整") { code status } }`,
    variables: { c: fx.draftSubmitted },
  }),
  "Mutation.retireResource": (fx) => ({
    query: `mutation($c: String!) { retireResource(code: $c, reason: "重复编目") { code status } }`,
    variables: { c: fx.draftToRetire },
  }),
  "Mutation.decideTypeChange": () => ({
    query: `mutation($c: String!) { decideTypeChange(code: $c, decision: REJECT, reason: "依据不足") { code } }`,
    variables: { c: POLICE_TYPE },
  }),
  "Mutation.recordDutyChange": (fx) => ({
    query: `mutation($d: String!) { recordDutyChange(departmentCode: $d, description: "新增道路交通安全管理职责") { id } }`,
    variables: { d: fx.policeDept },
  }),
  "Mutation.importDcat": () => ({
    // An empty DCAT catalog: nothing to import, so the allowed call changes nothing either.
    query: `mutation($d: String!) { importDcat(document: $d) { __typename } }`,
    variables: { d: JSON.stringify({ "@context": { dcat: "http://www.w3.org/ns/dcat#" }, "@type": "dcat:Catalog", "dcat:dataset": [] }) },
  }),
  "Mutation.raiseObjection": (fx, as) => ({
    query: `mutation($c: String!, $k: String!) { raiseObjection(resourceCode: $c, purpose: WORK_REFERENCE, recordKey: $k, item: "gender", description: "性别登记与证件不符") { id } }`,
    variables: { c: POP, k: fx.keys[as] ?? fx.keys.health },
  }),
  "Mutation.resolveObjection": (fx) => ({
    query: `mutation($id: ID!) { resolveObjection(id: $id, correct: false, note: "经核实登记无误") { id state } }`,
    variables: { id: fx.objection },
  }),
  "Mutation.postDataNeed": () => ({
    query: `mutation { postDataNeed(title: "车辆登记核验", reason: "办理车辆相关事项需核验", items: ["号牌号码"]) { id } }`,
  }),
  "Mutation.answerDataNeed": (fx) => ({
    query: `mutation($id: ID!) { answerDataNeed(id: $id, note: "可通过共享申请获取") { id } }`,
    variables: { id: fx.dataNeed },
  }),
};

/** Tables a mutation could change; audit_events and rate_buckets change on every call by design. */
const STATE_TABLES = [
  "accounts", "departments", "resources", "data_items", "resource_versions", "records", "record_history",
  "share_requests", "grants", "notifications", "calendar_days", "calendar_years", "open_applications",
  "objections", "data_needs", "need_answers", "opening_demands", "opening_answers", "duty_changes",
];

describe.each(engines)("authorisation of every root field on %s", (engine) => {
  let gw: TestGateway;
  let fx: Fixtures;
  const auth: Record<Kind, string | undefined> = {} as never;
  const rows = async (q: ReturnType<typeof sql>) => ((await gw.testDb.database.db.execute(q)) as unknown as { rows: any[] }).rows;

  async function fingerprint(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const t of STATE_TABLES) {
      const [r] = await rows(sql.raw(`select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from ${t} t`));
      out[t] = `${r.n}:${r.h}`;
    }
    return out;
  }

  const call = async (field: string, as: Kind): Promise<GqlResult> => {
    const { query, variables } = OPS[field](fx, (as === "anonymous" || SIGNED_IN.includes(as as never) ? as : "health") as Valid);
    return gw.gql(query, variables, { authorization: auth[as] });
  };
  const must = async (label: string, r: Promise<GqlResult>) => {
    const x = await r;
    expect(x.errors, `${label}: ${JSON.stringify(x.errors)}`).toBeUndefined();
    return x.data;
  };

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    for (const k of SIGNED_IN) auth[k] = `Bearer ${await gw.token(k)}`;
    auth.anonymous = undefined;
    auth.retired = `Bearer ${await gw.token("retired")}`;
    auth.forged = `Bearer ${await signToken("coordinator", "a-forged-secret-that-is-long-enough-0123", 3600)}`;
    auth.expired = `Bearer ${await signToken("coordinator", TEST_SECRET, 60, new Date(Date.now() - 7200_000))}`;
    auth.algNone = `Bearer ${new UnsecuredJWT({}).setSubject("coordinator").setIssuer(TOKEN_ISSUER).setAudience(TOKEN_AUDIENCE).setIssuedAt().setExpirationTime("1h").encode()}`;

    const as = (login: string) => ({ as: login });
    const depts = await must("departments", gw.gql(`{ departments { code name } }`));
    const policeDept = depts.departments.find((d: any) => d.name === "市公安局").code;
    const SUBMIT = `mutation($i: SubmitShareRequestInput!) { submitShareRequest(input: $i) { id } }`;
    const submit = async (resourceCode: string, purpose: string) =>
      (await must(`submit ${purpose}`, gw.gql(SUBMIT, { i: { resourceCode, purpose, purposeDetail: DETAIL, items: ["vehicle_type", "brand"] } }, as("health")))).submitShareRequest.id as string;
    const DECIDE = `mutation($id: ID!, $d: Decision!) { decideShareRequest(id: $id, decision: $d, reason: "不符合共享条件") { id grantId } }`;
    const pendingRequest = await submit(POLICE_COND, "WORK_REFERENCE");
    const rejectedRequest = await submit(POLICE_COND, "ADMINISTRATIVE_BASIS");
    await must("reject", gw.gql(DECIDE, { id: rejectedRequest, d: "REJECT" }, as("police")));
    const escalatedRequest = await submit(POLICE_COND, "DATA_VERIFICATION");
    await must("reject", gw.gql(DECIDE, { id: escalatedRequest, d: "REJECT" }, as("police")));
    await must("escalate", gw.gql(`mutation($id: ID!) { escalateShareRequest(id: $id, reason: "请求协调") { id } }`, { id: escalatedRequest }, as("health")));
    const granted = await submit(POLICE_COND, "BUSINESS_COLLABORATION");
    const grant = String((await must("approve", gw.gql(DECIDE, { id: granted, d: "APPROVE" }, as("police")))).decideShareRequest.grantId);

    const APPLY = `mutation($c: String!) { applyForOpenData(resourceCode: $c, scope: "江州市范围内的研究", purpose: "特种设备安全研究", items: ["registration_no"]) { id } }`;
    const apply = async () => (await must("apply", gw.gql(APPLY, { c: MARKET_OPEN_COND }, as("citizen")))).applyForOpenData.id as string;
    const REJECT_APP = `mutation($id: ID!) { decideOpenApplication(id: $id, decision: REJECT, reason: "范围过宽") { id } }`;
    const pendingApplication = await apply();
    const rejectedApplication = await apply();
    await must("reject app", gw.gql(REJECT_APP, { id: rejectedApplication }, as("market")));
    const recheckApplication = await apply();
    await must("reject app", gw.gql(REJECT_APP, { id: recheckApplication }, as("market")));
    await must("recheck", gw.gql(`mutation($id: ID!) { requestOpenDataRecheck(id: $id, reason: "请求复核") { id } }`, { id: recheckApplication }, as("citizen")));

    const CREATE = `mutation($i: ResourceInput!) { createResourceDraft(input: $i) { code } }`;
    const draft = async (name: string) => (await must("draft", gw.gql(CREATE, { i: draftInput(name) }, as("police")))).createResourceDraft.code as string;
    const draftToSubmit = await draft("待提交草稿");
    const draftSubmitted = await draft("已提交草稿");
    await must("submit draft", gw.gql(`mutation($c: String!) { submitResourceForReview(code: $c) { code } }`, { c: draftSubmitted }, as("police")));
    const draftToRetire = await draft("待停用草稿");
    await must("type change", gw.gql(`mutation($c: String!) { updateResource(code: $c, input: { shareType: UNCONDITIONAL }) { code } }`, { c: POLICE_TYPE }, as("police")));

    const keys: Partial<Record<Valid, string>> = {};
    for (const k of ["police", "market", "health"] as const) {
      const r = await must(`read ${k}`, gw.gql(`query($c: String!, $d: String!) { records(resourceCode: $c, purpose: WORK_REFERENCE, purposeDetail: $d, first: 1) { nodes { key } } }`, { c: POP, d: DETAIL }, as(k)));
      keys[k] = r.records.nodes[0].key;
    }
    const RAISE = `mutation($c: String!, $k: String!) { raiseObjection(resourceCode: $c, purpose: WORK_REFERENCE, recordKey: $k, item: "gender", description: "性别登记与证件不符") { id } }`;
    const objection = (await must("raise", gw.gql(RAISE, { c: POP, k: keys.health }, as("health")))).raiseObjection.id;
    const dataNeed = (await must("need", gw.gql(`mutation { postDataNeed(title: "婚姻状况核验", reason: "医疗救助家庭情况核查", items: ["婚姻状况"]) { id } }`, {}, as("health")))).postDataNeed.id;
    const body = `36120219850312${String(Date.now() % 1000).padStart(3, "0")}`;
    fx = {
      policeDept, pendingRequest, rejectedRequest, escalatedRequest, grant, pendingApplication, rejectedApplication,
      recheckApplication, draftToSubmit, draftSubmitted, draftToRetire, objection, dataNeed, keys,
      newPerson: body + idCardCheckDigit(body),
    };
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("classifies every Query and Mutation field of the schema, and nothing else", async () => {
    const schema = await buildBareSchema();
    const fields = [
      ...Object.keys(schema.getQueryType()!.getFields()).map((f) => `Query.${f}`),
      ...Object.keys(schema.getMutationType()!.getFields()).map((f) => `Mutation.${f}`),
    ].sort();
    // A new field must be added to TABLE (who may call it, and why) and to OPS (how to call it).
    expect(Object.keys(TABLE).sort(), "TABLE").toEqual(fields);
    expect(Object.keys(OPS).sort(), "OPS").toEqual(fields);
    for (const [f, row] of Object.entries(TABLE)) expect(row.rule.length, f).toBeGreaterThan(10);
  });

  const check = (field: string, as: Kind, r: GqlResult) => {
    const label = `${field} as ${as}`;
    const text = JSON.stringify(r.body);
    expect(r.status, `${label}: ${text.slice(0, 300)}`).toBeLessThan(500);
    expect(text, label).not.toMatch(/INTERNAL_SERVER_ERROR|stacktrace/);
    const code = r.errors?.[0]?.extensions?.code as string | undefined;
    if ((BAD_TOKENS as readonly string[]).includes(as)) {
      // A token that is not an active account's valid token is refused before anything runs.
      expect(code, `${label}: ${text.slice(0, 300)}`).toBe("UNAUTHENTICATED");
      expect(r.status, label).toBe(401);
      expect(r.data, label).toBeUndefined();
      return "refused";
    }
    const row = TABLE[field];
    const v = as as Valid;
    if (row.allowed.includes(v)) {
      const want = row.allowedGets?.[v] ?? "ok";
      expect(code ?? "ok", `${label}: ${text.slice(0, 300)}`).toBe(want);
      return "allowed";
    }
    const want = row.refusedAs?.[v] ?? (v === "anonymous" ? "UNAUTHENTICATED" : "FORBIDDEN");
    expect(code, `${label}: ${text.slice(0, 300)}`).toBe(want);
    expect(r.data?.[field.split(".")[1]] ?? null, label).toBeNull();
    return "refused";
  };

  it("answers every query field as the table says, for every kind of viewer", async () => {
    let n = 0;
    for (const field of Object.keys(TABLE).filter((f) => f.startsWith("Query."))) {
      for (const as of KINDS) {
        check(field, as, await call(field, as));
        n++;
      }
    }
    expect(n).toBe(Object.keys(TABLE).filter((f) => f.startsWith("Query.")).length * KINDS.length);
  }, 120_000);

  it("answers every mutation as the table says; a refused one changes nothing and is in the audit trail", async () => {
    const audited = async (rid: string) =>
      rows(sql`select operation, outcome, login, reason from audit_events where request_id = ${rid}`);
    for (const field of Object.keys(TABLE).filter((f) => f.startsWith("Mutation."))) {
      const op = field.split(".")[1];
      const row = TABLE[field];
      // Refused viewers first, against the state the allowed call needs; then the allowed ones.
      const refusedKinds = KINDS.filter((k) => !row.allowed.includes(k as Valid));
      const before = await fingerprint();
      for (const as of refusedKinds) {
        const r = await call(field, as);
        expect(check(field, as, r)).toBe("refused");
        if ((BAD_TOKENS as readonly string[]).includes(as)) continue; // no account to name
        const events = await audited(r.headers.get("x-request-id")!);
        expect(events, `${field} as ${as}: refusal audited`).toHaveLength(1);
        expect(events[0]).toMatchObject({ operation: op, outcome: "DENIED", login: as === "anonymous" ? null : as });
      }
      const after = await fingerprint();
      for (const t of STATE_TABLES) expect(after[t], `${field}: refused calls changed ${t}`).toBe(before[t]);

      for (const as of row.allowed) {
        const r = await call(field, as);
        expect(check(field, as, r)).toBe("allowed");
        const events = await audited(r.headers.get("x-request-id")!);
        expect(events, `${field} as ${as}: audited`).toHaveLength(1);
        expect(events[0]).toMatchObject({ operation: op, outcome: r.errors ? "DENIED" : "ALLOWED" });
      }
    }
  }, 240_000);

  it("lets the allowed calls do what they say (a sample, read back)", async () => {
    const [{ n }] = await rows(sql`select count(*)::int as n from records r join resources x on x.id = r.resource_id where x.code = ${POLICE_COND} and r.key = ${fx.newPerson}`);
    expect(n).toBe(1);
    const req = await gw.gql(`{ myRequests { id state } }`, {}, { as: "health" });
    const state = (id: string) => req.data.myRequests.find((x: any) => x.id === id)?.state;
    expect([state(fx.pendingRequest), state(fx.rejectedRequest), state(fx.escalatedRequest)]).toEqual(["REJECTED", "ESCALATED", "CLOSED"]);
    const g = await gw.gql(`{ grants { id active } }`, {}, { as: "health" });
    expect(g.data.grants.find((x: any) => x.id === fx.grant).active).toBe(false);
    const drafts = await gw.gql(`{ catalogDrafts { code status } }`, {}, { as: "police" });
    const status = (c: string) => drafts.data.catalogDrafts.find((d: any) => d.code === c)?.status;
    expect([status(fx.draftToSubmit), status(fx.draftSubmitted), status(fx.draftToRetire)]).toEqual(["SUBMITTED", "DRAFT", "RETIRED"]);
  });
});
