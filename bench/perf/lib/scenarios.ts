// The scenarios W1–W6 of the performance bench, as GraphQL requests for the gateway, the same
// requests for the raw ceiling (bench/perf/raw-server.ts), and the equivalent PostGraphile 5
// queries (no masking, no audit: PostGraphile has neither). Fixtures come from the loaded
// database: the reader department 市卫生健康委员会 (login health, CONSUMER) as in the demo, sample
// resource codes, sample people for verify, and share-request slots for W6.
import pg from "pg";
import { Random } from "../../../src/demo/random.js";
import type { CatalogFixtures } from "../../lib/catalog-workload.js";
import { ShareWorkflow } from "../../lib/catalog-workload.js";
import type { PlannedRequest } from "../../lib/driver.js";
import { makeTokens, operation } from "../../lib/graphql.js";
import { POPULATION_CODE, SEARCH_TERMS } from "./synth.js";

export type SystemId = "gateway" | "raw" | "postgraphile";
export const SYSTEM_LABELS: Record<SystemId, string> = { gateway: "catalog-gateway", raw: "raw ceiling", postgraphile: "PostGraphile 5" };

export type ScenarioId = "W1" | "W2" | "W3" | "W4" | "W5" | "W6";

export const SCENARIO_TITLES: Record<ScenarioId, string> = {
  W1: "catalog search: a two-character Chinese query, first 20, provider, items, facets, totalCount",
  W2: "resource detail: every field, provider, items, related resources, versions",
  W3: "records: 100 rows of 人口基本信息 as 市卫生健康委员会 (WORK_REFERENCE; masked, audited)",
  W4: "records: 1,000 rows, same",
  W5: "verify: one exact match (id_number + name) on 人口基本信息",
  W6: "share request: a consumer submits, the provider decides (two requests per workflow)",
};

/** Who reads: the demo's consumer department, as in the README. */
export const READER = "health";

// ------------------------------------------------------------------------------ documents

/** W1 on the gateway: SearchCatalog's page with the items of each resource. */
export const W1_GATEWAY = `query W1($search: String!, $first: Int) {
  resources(filter: { search: $search }, first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    facets {
      shareType { value label count }
      openType { value label count }
      category { value label count }
      department { value label count }
    }
    nodes {
      code name summary category theme shareType openType updateCycle updatedAt
      provider { code name }
      items { code name dataType sensitivity maskingStrategy }
    }
  }
}`;

/** W1 on PostGraphile: the same search (pgl_bench functions, bench/postgraphile/setup.sql). */
export const W1_POSTGRAPHILE = `query W1($search: String!, $first: Int) {
  pglBenchSearchResources(q: $search, first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      code name summary category theme shareType openType updateCycle updatedAt
      departmentByDepartmentId { code name }
      dataItemsByResourceId(orderBy: POSITION_ASC) { nodes { code name dataType sensitivity maskingStrategy } }
    }
  }
  pglBenchSearchFacets(q: $search) { nodes { dimension value label count } }
}`;

/** W2 on the gateway: ResourceDetail (schema/operations) with the versions. */
export const W2_GATEWAY = operation("ResourceDetail").replace(
  /relatedResources \{/,
  "versions { version kind login name changedAt diff note }\n    relatedResources {",
);

export const W2_POSTGRAPHILE = `query W2($code: String!) {
  resourceByCode(code: $code) {
    code name summary category theme format updateCycle shareType shareCondition shareMethods legalBasis
    openType openCondition sourceSystem useRequirements publishedAt updatedAt dataUpdatedAt
    departmentByDepartmentId { code name kind }
    dataItemsByResourceId(orderBy: POSITION_ASC) { nodes { code name dataType length sensitivity maskingStrategy description } }
    resourceVersionsByResourceId(orderBy: VERSION_DESC) {
      nodes { version kind changedAt diff note accountByChangedByAccountId { login name } }
    }
    related { nodes { code name } }
  }
}`;

/**
 * W3/W4 on the gateway: a page of rows with its items and provenance. totalCount is not asked
 * for (a reader paging through rows does not need it on every page), so the gateway runs no
 * count(*) (records.resolver.ts counts only when totalCount is selected).
 */
export const W3_GATEWAY = `query W3($resourceCode: String!, $purpose: UsePurpose!, $purposeDetail: String!, $first: Int) {
  records(resourceCode: $resourceCode, purpose: $purpose, purposeDetail: $purposeDetail, first: $first) {
    pageInfo { hasNextPage endCursor }
    items { code name treatment strategy }
    nodes { key values }
    provenance { providerCode providerName resourceCode dataUpdatedAt retrievedAt }
  }
}`;

export const W3_POSTGRAPHILE = `query W3($code: String!, $first: Int) {
  resourceByCode(code: $code) {
    code name dataUpdatedAt
    departmentByDepartmentId { code name }
    dataItemsByResourceId(orderBy: POSITION_ASC) { nodes { code name sensitivity maskingStrategy } }
    recordsByResourceId(first: $first, orderBy: ROW_ID_ASC) { pageInfo { hasNextPage endCursor } nodes { key data } }
  }
}`;

// ------------------------------------------------------------------------------ fixtures

export interface BenchFixtures {
  secret: string;
  tokens: Record<string, string>;
  /** Published resource codes for W2. */
  detailCodes: string[];
  /** Clear values of sample people for W5. */
  people: Array<{ id_number: string; name: string }>;
  /** The W6 stream (kept across warm-up and runs, so a submit of one run is decided in the next). */
  workflow: ShareWorkflow;
}

export async function loadFixtures(url: string, secret: string): Promise<BenchFixtures> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const rng = Random.stream("bench:fixtures");
    const codes = (await c.query<{ code: string }>("select code from resources where status = 'PUBLISHED' order by id")).rows.map((r) => r.code);
    const detailCodes = rng.sample(codes, 500);
    const people = (
      await c.query<{ id_number: string; name: string }>(
        `select data->>'id_number' as id_number, data->>'name' as name from records
          where resource_id = (select id from resources where code = $1) and row_id % 997 = 0 limit 1000`,
        [POPULATION_CODE],
      )
    ).rows;

    // W6: consumers ask for conditionally shared resources of other departments that have a
    // PROVIDER login to decide.
    const accounts = (
      await c.query<{ login: string; department_id: number; roles: string }>(
        "select login, department_id, roles::text from accounts where active and department_id is not null order by id",
      )
    ).rows;
    const providerOf = new Map<number, string>();
    for (const a of accounts) if (a.roles.includes("PROVIDER") && !providerOf.has(a.department_id)) providerOf.set(a.department_id, a.login);
    const consumers = accounts.filter((a) => a.roles.includes("CONSUMER"));
    const conditional = (
      await c.query<{ code: string; department_id: number; items: string[] }>(
        `select r.code, r.department_id, array(select i.code from data_items i where i.resource_id = r.id order by i.position limit 3) as items
           from resources r where r.status = 'PUBLISHED' and r.share_type = 'CONDITIONAL' order by r.id`,
      )
    ).rows.filter((r) => providerOf.has(r.department_id));
    // Requests still open from an earlier bench run would answer CONFLICT: their slots are left out.
    const open = new Set(
      (
        await c.query<{ k: string }>(
          `select a.login || '|' || r.code || '|' || q.purpose as k from share_requests q
             join accounts a on a.id = q.requester_account_id join resources r on r.id = q.resource_id
            where q.state in ('PENDING', 'ESCALATED')`,
        )
      ).rows.map((r) => r.k),
    );
    const purposes = ["ADMINISTRATIVE_BASIS", "WORK_REFERENCE", "DATA_VERIFICATION", "BUSINESS_COLLABORATION"];
    const slots: CatalogFixtures["slots"] = [];
    for (const res of rng.sample(conditional, 400)) {
      for (const consumer of rng.sample(consumers.filter((a) => a.department_id !== res.department_id), 6)) {
        const purpose = rng.pick(purposes);
        if (open.has(`${consumer.login}|${res.code}|${purpose}`)) continue;
        slots.push({ consumer: consumer.login, decider: providerOf.get(res.department_id)!, resourceCode: res.code, purpose, items: res.items, clearItems: [] });
      }
    }
    const logins = [...new Set([READER, ...slots.flatMap((s) => [s.consumer, s.decider])])];
    const tokens = await makeTokens(logins, secret);
    const fx = { tokens, slots } as unknown as CatalogFixtures;
    return { secret, tokens, detailCodes, people, workflow: new ShareWorkflow(fx, `perf${Date.now().toString(36)}`) };
  } finally {
    await c.end();
  }
}

// ------------------------------------------------------------------------------ requests

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)];

export interface ScenarioPlan {
  /** Path on the system's base URL. */
  path: string;
  next: () => PlannedRequest;
}

/** What a system is asked for a scenario, or null when the system does not take part. */
export function planFor(system: SystemId, id: ScenarioId, fx: BenchFixtures, opts: { firstW1?: number } = {}): ScenarioPlan | null {
  const token = fx.tokens[READER];
  const purposeDetail = () => `（2026）江卫字第${1 + Math.floor(Math.random() * 999)}号`;
  const first1 = opts.firstW1 ?? 20;
  const records = (first: number) =>
    system === "postgraphile"
      ? { path: "/graphql", next: () => ({ op: id, query: W3_POSTGRAPHILE, variables: { code: POPULATION_CODE, first } }) }
      : {
          path: system === "raw" ? `/${id.toLowerCase()}` : "/graphql",
          next: () => ({
            op: id,
            query: W3_GATEWAY,
            variables: { resourceCode: POPULATION_CODE, purpose: "WORK_REFERENCE", purposeDetail: purposeDetail(), first },
            token,
          }),
        };
  switch (id) {
    case "W1":
      if (system === "postgraphile") return { path: "/graphql", next: () => ({ op: id, query: W1_POSTGRAPHILE, variables: { search: pick(SEARCH_TERMS), first: first1 } }) };
      return {
        path: system === "raw" ? "/w1" : "/graphql",
        next: () => ({ op: id, query: W1_GATEWAY, variables: { search: pick(SEARCH_TERMS), first: first1 }, token }),
      };
    case "W2":
      if (system === "postgraphile") return { path: "/graphql", next: () => ({ op: id, query: W2_POSTGRAPHILE, variables: { code: pick(fx.detailCodes) } }) };
      return { path: system === "raw" ? "/w2" : "/graphql", next: () => ({ op: id, query: W2_GATEWAY, variables: { code: pick(fx.detailCodes) }, token }) };
    case "W3":
      return system === "postgraphile" || system === "raw" || system === "gateway" ? records(100) : null;
    case "W4":
      return system === "postgraphile" ? null : records(1000);
    case "W5":
      if (system !== "gateway") return null;
      return {
        path: "/graphql",
        next: () => {
          const p = pick(fx.people);
          return {
            op: id,
            query: operation("VerifyMatch"),
            variables: { resourceCode: POPULATION_CODE, purpose: "DATA_VERIFICATION", purposeDetail: `核验-${purposeDetail()}`, match: { id_number: p.id_number, name: p.name } },
            token,
          };
        },
      };
    case "W6":
      if (system !== "gateway") return null;
      return { path: "/graphql", next: () => fx.workflow.next() };
  }
}
