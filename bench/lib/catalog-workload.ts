// The catalog workload on the demo city (江州市): what departments and the public do all day —
// search the catalog in Chinese, open a resource, read rows for a stated purpose (masked and
// audited), verify a person (核验), and the sharing workflow (a consumer asks, the provider
// decides). Fixtures are discovered through the API at the start, so the workload follows the
// demo city instead of hard-coding it. Operations are those of schema/operations/.
import { randomBytes } from "node:crypto";
import { gqlOk, makeTokens, operation } from "./graphql.js";
import type { PlannedRequest, RequestResult, WeightedOp } from "./driver.js";

/** 人口基本信息: the resource read and verified. */
export const POPULATION_RESOURCE = "J01-002-0001";

export const SEARCH_TERMS = [
  "人口", "企业", "社保", "医疗", "户籍", "婚姻", "教育", "交通", "不动产", "信用",
  "医保", "登记", "许可", "公交", "空气质量", "养老", "人口 信息", "户籍人口信息", "营业执照", "证照",
];

const PURPOSES = ["ADMINISTRATIVE_BASIS", "WORK_REFERENCE", "DATA_VERIFICATION", "BUSINESS_COLLABORATION"] as const;

/** The demo logins the workload signs in as (retired is deactivated and left out). */
export const DEMO_LOGINS = [
  "coordinator", "auditor", "analyst", "police", "market", "hrss", "health", "civil", "citizen",
  "natres", "edu", "transport", "ecology", "housing", "medins",
];

interface Account {
  login: string;
  roles: string[];
  departmentCode: string | null;
}

interface ResourceInfo {
  code: string;
  name: string;
  shareType: string;
  providerCode: string;
  items: Array<{ code: string; sensitivity: string }>;
}

/** One (consumer department, resource, purpose): at most one open request at a time (R12). */
interface Slot {
  consumer: string;
  decider: string;
  resourceCode: string;
  purpose: string;
  items: string[];
  clearItems: string[];
}

export interface CatalogFixtures {
  tokens: Record<string, string>;
  accounts: Account[];
  /** Every published resource the coordinator sees. */
  resources: ResourceInfo[];
  /** Rows of 人口基本信息 in clear (read by its provider) for verify. */
  verifyRows: Array<Record<string, string>>;
  /** Items verify matches on (not withheld from the verifying department). */
  verifyItems: string[];
  slots: Slot[];
  /** The department reading rows and verifying. */
  reader: string;
}

/** Signs tokens for the demo logins and reads what the workload needs through the API. */
export async function loadCatalogFixtures(graphqlUrl: string, secret: string, reader = "health"): Promise<CatalogFixtures> {
  const tokens = await makeTokens(DEMO_LOGINS, secret);
  const accounts: Account[] = [];
  for (const login of DEMO_LOGINS) {
    const d = await gqlOk<{ me: { login: string; roles: string[]; department: { code: string } | null } }>(
      graphqlUrl, "{ me { login roles department { code } } }", {}, { token: tokens[login] });
    accounts.push({ login, roles: d.me.roles, departmentCode: d.me.department?.code ?? null });
  }
  const r = await gqlOk<{ resources: { nodes: Array<{ code: string; name: string; shareType: string; provider: { code: string }; items: ResourceInfo["items"] }> } }>(
    graphqlUrl,
    "{ resources(first: 100) { nodes { code name shareType provider { code } items { code sensitivity } } } }",
    {},
    { token: tokens.coordinator },
  );
  const resources = r.resources.nodes.map((n) => ({ code: n.code, name: n.name, shareType: n.shareType, providerCode: n.provider.code, items: n.items }));
  const population = resources.find((x) => x.code === POPULATION_RESOURCE);
  if (!population) throw new Error(`the demo city has no ${POPULATION_RESOURCE} (人口基本信息)`);

  // Clear values for verify come from the provider's own read.
  const provider = accounts.find((a) => a.departmentCode === population.providerCode && a.roles.includes("PROVIDER"));
  if (!provider) throw new Error(`no demo login provides ${POPULATION_RESOURCE}`);
  const own = await gqlOk<{ records: { nodes: Array<{ values: Record<string, string> }> } }>(
    graphqlUrl, operation("ReadRecords"),
    { resourceCode: POPULATION_RESOURCE, purpose: "ADMINISTRATIVE_BASIS", purposeDetail: "压测准备：核验样本", first: 100 },
    { token: tokens[provider.login] });
  // What the reader is given decides what it may match on: masked items may be matched, withheld ones not.
  const seen = await gqlOk<{ records: { items: Array<{ code: string; treatment: string }> } }>(
    graphqlUrl, operation("ReadRecords"),
    { resourceCode: POPULATION_RESOURCE, purpose: "DATA_VERIFICATION", purposeDetail: "压测准备：核验项目", first: 1 },
    { token: tokens[reader] });
  const allowed = new Set(seen.records.items.filter((i) => i.treatment !== "WITHHELD").map((i) => i.code));
  const verifyItems = ["id_number", "name"].filter((c) => allowed.has(c));
  if (verifyItems.length === 0) throw new Error(`${reader} may not match on id_number or name of ${POPULATION_RESOURCE}`);

  // Workflow slots: a consumer department asks for a conditionally shared resource of another
  // department that has a PROVIDER login to decide. 人口基本信息 stays out, so grants made during
  // the run never change what the row reads see.
  const slots: Slot[] = [];
  for (const res of resources) {
    if (res.shareType !== "CONDITIONAL" || res.code === POPULATION_RESOURCE) continue;
    const decider = accounts.find((a) => a.departmentCode === res.providerCode && a.roles.includes("PROVIDER"));
    if (!decider) continue;
    const items = res.items.slice(0, 3).map((i) => i.code);
    for (const consumer of accounts) {
      if (!consumer.roles.includes("CONSUMER") || !consumer.departmentCode || consumer.departmentCode === res.providerCode) continue;
      for (const purpose of PURPOSES) {
        slots.push({ consumer: consumer.login, decider: decider.login, resourceCode: res.code, purpose, items, clearItems: [] });
      }
    }
  }
  // Requests already open in the demo city would answer CONFLICT: leave their slots out.
  const open = new Set<string>();
  for (const consumer of new Set(slots.map((s) => s.consumer))) {
    const mine = await gqlOk<{ myRequests: Array<{ state: string; resourceCode: string; purpose: string }> }>(
      graphqlUrl, operation("MyRequests"), {}, { token: tokens[consumer] });
    for (const q of mine.myRequests) {
      if (["PENDING", "OVERDUE", "ESCALATED"].includes(q.state)) open.add(`${consumer}|${q.resourceCode}|${q.purpose}`);
    }
  }
  return {
    tokens,
    accounts,
    resources,
    verifyRows: own.records.nodes.map((n) => n.values),
    verifyItems,
    slots: slots.filter((s) => !open.has(`${s.consumer}|${s.resourceCode}|${s.purpose}`)),
    reader,
  };
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)];

/** A short unique tag for one run: request ids and purpose details carry it. */
export function runTag(): string {
  return `b${Date.now().toString(36)}${randomBytes(2).toString("hex")}`;
}

export interface AcknowledgedSubmit {
  requestId: string;
  id: number;
  purposeDetail: string;
  resourceCode: string;
}

export interface AcknowledgedDecision {
  requestId: string;
  id: number;
  state: "APPROVED" | "REJECTED";
  grantId: number | null;
}

/**
 * The sharing workflow as a stream of requests: decide a submitted request when one waits,
 * otherwise submit a new one on a free slot (one open request per department, resource and
 * purpose), otherwise list one's requests. Keeps every write the gateway acknowledged (HTTP 200,
 * no errors).
 */
export class ShareWorkflow {
  private free: Slot[];
  private waiting: Array<{ slot: Slot; id: number }> = [];
  private seq = 0;
  /** Slots given up because an unacknowledged submit had committed (CONFLICT on the next one). */
  retiredSlots = 0;
  readonly submits: AcknowledgedSubmit[] = [];
  readonly decisions: AcknowledgedDecision[] = [];

  constructor(
    private readonly fx: CatalogFixtures,
    private readonly tag: string,
  ) {
    this.free = [...fx.slots].sort(() => Math.random() - 0.5);
  }

  private requestId(kind: string): string {
    return `${this.tag}-${kind}-${++this.seq}`;
  }

  next(): PlannedRequest {
    const w = this.waiting.shift();
    if (w) return this.decide(w.slot, w.id);
    const slot = this.free.shift();
    if (slot) return this.submit(slot);
    return { op: "workflow: list", query: operation("MyRequests"), token: this.fx.tokens[pick(this.fx.slots).consumer], requestId: this.requestId("l") };
  }

  private submit(slot: Slot): PlannedRequest {
    const requestId = this.requestId("s");
    const purposeDetail = `压测申请 ${requestId}`;
    return {
      op: "workflow: submit",
      query: operation("SubmitShareRequest"),
      variables: { input: { resourceCode: slot.resourceCode, purpose: slot.purpose, purposeDetail, items: slot.items, clearItems: slot.clearItems } },
      token: this.fx.tokens[slot.consumer],
      requestId,
      wantData: true,
      onResult: (r: RequestResult) => {
        const id = Number((r.data?.submitShareRequest as { id?: string } | undefined)?.id);
        if (r.ok && Number.isInteger(id)) {
          this.submits.push({ requestId, id, purposeDetail, resourceCode: slot.resourceCode });
          this.waiting.push({ slot, id });
        } else if (r.codes.includes("CONFLICT")) {
          // An earlier unacknowledged submit on this slot committed after all: its id is unknown,
          // so the slot is retired.
          this.retiredSlots++;
        } else {
          this.free.push(slot); // not acknowledged: try the slot again later
        }
      },
    };
  }

  private decide(slot: Slot, id: number): PlannedRequest {
    const requestId = this.requestId("d");
    const approve = id % 2 === 0;
    return {
      op: "workflow: decide",
      query: operation("DecideShareRequest"),
      variables: approve ? { id: String(id), decision: "APPROVE" } : { id: String(id), decision: "REJECT", reason: "压测：材料不全，不予批准" },
      token: this.fx.tokens[slot.decider],
      requestId,
      wantData: true,
      onResult: (r: RequestResult) => {
        const d = r.data?.decideShareRequest as { state?: string; grantId?: string | null } | undefined;
        if (r.ok && d?.state) {
          this.decisions.push({ requestId, id, state: d.state as "APPROVED" | "REJECTED", grantId: d.grantId ? Number(d.grantId) : null });
          this.free.push(slot);
        } else if (r.codes.includes("CONFLICT")) {
          this.free.push(slot); // decided already (an earlier unacknowledged attempt committed)
        } else {
          this.waiting.push({ slot, id }); // try again later
        }
      },
    };
  }
}

export interface CatalogMixWeights {
  searchAnonymous: number;
  searchSignedIn: number;
  detail: number;
  records: number;
  verify: number;
  workflow: number;
}

/** The load run's mix: 40 % search (half anonymous), 20 % detail, 25 % records, 5 % verify, 10 % workflow. */
export const LOAD_MIX: CatalogMixWeights = { searchAnonymous: 20, searchSignedIn: 20, detail: 20, records: 25, verify: 5, workflow: 10 };

export interface CatalogOpsOptions {
  tag: string;
  workflow: ShareWorkflow;
  /** Called with the request id of every acknowledged (200, no errors) records read. */
  onRecordsAcknowledged?: (requestId: string) => void;
  /** Rows per records read (default 100). */
  recordsPageSize?: number;
}

/** The weighted operations of the catalog workload. */
export function catalogOps(fx: CatalogFixtures, weights: CatalogMixWeights, opts: CatalogOpsOptions): WeightedOp[] {
  let seq = 0;
  const rid = (kind: string) => `${opts.tag}-${kind}-${++seq}`;
  const signedIn = DEMO_LOGINS;
  const government = fx.accounts.filter((a) => a.departmentCode).map((a) => a.login);
  const search = (login: string | null, op: string): PlannedRequest => ({
    op,
    query: operation("SearchCatalog"),
    variables: { filter: { search: pick(SEARCH_TERMS) }, first: 20 },
    token: login ? fx.tokens[login] : undefined,
    requestId: rid("q"),
  });
  return [
    { name: "search (anonymous)", weight: weights.searchAnonymous, plan: () => search(null, "search (anonymous)") },
    { name: "search (signed in)", weight: weights.searchSignedIn, plan: () => search(pick(signedIn), "search (signed in)") },
    {
      name: "resource detail",
      weight: weights.detail,
      plan: () => ({ op: "resource detail", query: operation("ResourceDetail"), variables: { code: pick(fx.resources).code }, token: fx.tokens[pick(government)], requestId: rid("r") }),
    },
    {
      name: "records",
      weight: weights.records,
      plan: () => {
        const requestId = rid("rec");
        return {
          op: "records",
          query: operation("ReadRecords"),
          variables: {
            resourceCode: POPULATION_RESOURCE,
            purpose: "WORK_REFERENCE",
            purposeDetail: `（2026）江卫字第${1 + Math.floor(Math.random() * 999)}号`,
            first: opts.recordsPageSize ?? 100,
          },
          token: fx.tokens[fx.reader],
          requestId,
          onResult: opts.onRecordsAcknowledged ? (r) => r.ok && opts.onRecordsAcknowledged!(requestId) : undefined,
        };
      },
    },
    {
      name: "verify",
      weight: weights.verify,
      plan: () => {
        const row = pick(fx.verifyRows);
        const match: Record<string, string> = {};
        for (const c of fx.verifyItems) match[c] = row[c];
        // One in five asks about a person who is not there (a changed name).
        if (Math.random() < 0.2 && match.name) match.name = `${match.name}甲`;
        return {
          op: "verify",
          query: operation("VerifyMatch"),
          variables: { resourceCode: POPULATION_RESOURCE, purpose: "DATA_VERIFICATION", purposeDetail: `核验-${opts.tag}-${seq}`, match },
          token: fx.tokens[fx.reader],
          requestId: rid("v"),
        };
      },
    },
    { name: "workflow", weight: weights.workflow, plan: () => opts.workflow.next() },
  ];
}
