// The raw ceiling of the side-by-side bench: a minimal node:http + pg server that runs, for W1
// (catalog search), W2 (resource detail), W3 and W4 (records of 人口基本信息), exactly the SQL statements the gateway
// runs for the same request, in the same order and with the same concurrency, and answers the
// same JSON. What it does not have is every layer of the gateway: Apollo Server, GraphQL parsing,
// validation and execution, the operation limits, type-graphql, graphql-shield, drizzle,
// DataLoader, pino, the metrics. Gateway throughput ÷ this server's = what those layers cost.
// Like the gateway's pool, its pool sends parameterised statements as named (prepared) ones.
//
// The statements the gateway sends for one request (city scale, read from the PostgreSQL log with
// log_statement = all; pg_stat_statements counts them per request in `npm run bench`, and
// bench/results/raw/*.json keeps every run's list):
//
//   a login's first request (src/server/authenticate.ts, src/server/rate-limit.ts loadAccountAndCharge)
//     with a as (select a.id, a.login, a.name, to_json(a.roles) as roles, a.active, d.… from accounts a
//       left join departments d … where a.login = $1 limit 1), v as (acct:<id>, dept:<id> with their
//       capacities), b as (insert into rate_buckets … select … from v on conflict (key) do update …
//       returning key, tokens, granted) select a.*, (select coalesce(json_agg(…), '[]') from b) as buckets from a
//     (one statement: the account and the charge of its two buckets; the account is then cached,
//     and nothing in a bench run changes it)
//   after that, once per lease (src/server/rate-lease.ts, rate-limit.ts leaseStatements): insert
//     into rate_buckets … (values ($1, $2, $3), ($4, $5, $6)) … returning key, tokens, granted,
//     through the gateway's own TokenLeases. (Requests without a token charge ip:<address>
//     instead; the bench always signs in, and so does this server.)
//   W1 (src/catalog/catalog.service.ts, search.ts, resource.resolver.ts), two statements together:
//     select <the resource columns of the fields asked for>, <department columns>, coalesce((select json_agg(<the item fields
//       asked for> order by position) from data_items i where i.resource_id = resources.id), '[]') from resources inner
//       join departments … where status = $1 and (search_grams @> $2::text[] and strpos(search_doc, $3) > 0)
//       order by <searchRank> desc, code asc limit $10   (provider and items come with the page)
//     · select share_type, open_type, category, departments.code, departments.name,
//       count(*)::int, grouping(…) … group by grouping sets ((), …)   (its () row is totalCount:
//       no count(*) when facets are asked for too)
//   W2 (catalog.service.ts resourceByCode, then the related entries' loader)
//     select <resource columns>, <department columns>, <items as json_agg>, coalesce((select
//       json_agg(<version with accounts.login, accounts.name> order by version desc) from
//       resource_versions v left join accounts a …), '[]') from resources inner join departments …
//       where (code = $1 and (status = $2 or department_id = $3)) limit $4
//     then: select <resource columns>, <department columns> from resources inner join departments …
//       where (code in (…) and status = $n)   (if any related)
//   W3, W4 (src/policy/access.context.ts prepareAccess, src/records/records.service.ts, src/audit/audit.service.ts)
//     select r.…, d.code, d.name, (json_agg of the items in order), (json_agg of the department's
//       grants for the purpose), (json_agg of the viewer's approved applications) from resources r
//       join departments d … where r.code = $4 limit 1   (one statement: what the decision needs)
//     with page as (select key, data from records where resource_id = $1 order by row_id asc
//       limit $2 offset $3), ev as (select audit_append(<event with the count read>, <its digest>))
//       (select key, data … from page) union all (select … id from ev)   (the page and its audit
//       event in one statement; no count(*): the page does not ask for totalCount)
//
// The access decision (src/policy/access.ts decideAccess), the masking strategies
// (src/masking/strategies.ts) and the audit event (prepareAuditEvent) are the gateway's own
// pure functions: they are the work, not a layer. The bearer token is decoded, not verified (an
// HMAC of a few hundred bytes).
//
// POST /w1, /w2, /w3, /w4 with the gateway's request body ({ query, variables }); only the variables
// are read. DATABASE_URL, PORT, MASKING_SECRET, DB_POOL_MAX (default 10).
import http from "node:http";
import pg from "pg";
import { decideAccess, type AccessGrant, type AccessItem, type ItemDecision, type Purpose } from "../../src/policy/access.js";
import { applyMask, keyedHash, scopeHmacKey, type MaskingKeys, type MaskingStrategy } from "../../src/masking/strategies.js";
import { prepareAuditEvent } from "../../src/audit/audit.service.js";
import { resourceLabels } from "../../src/catalog/labels.js";
import { isPublicViewer, type Role, type Viewer } from "../../src/auth/viewer.js";
import { preparingClient } from "../../src/db/client.js";
import { accountAndCharge, grantsOf, leaseStatements, leaseValues, type LeaseRequest } from "../../src/server/rate-limit.js";
import { TokenLeases } from "../../src/server/rate-lease.js";

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_MAX || 10),
  statement_timeout: 10_000,
  application_name: "catalog-gateway-bench-raw",
  // Named statements, as the gateway's pool sends them (src/db/client.ts preparingClient).
  Client: preparingClient(Number(process.env.DB_PREPARED_STATEMENTS ?? 300)),
});
pool.on("error", () => {});
const maskingSecret = process.env.MASKING_SECRET ?? "";
const RATE = { account: 1_000_000, department: 10_000_000 };

// ------------------------------------------------------------------------------ every request
// The account with the charge of its buckets, and the charge of leased tokens: the gateway's own
// statements (src/server/rate-limit.ts), their text built once by drizzle at start-up and sent
// here through pg.
const leases = new TokenLeases(Number(process.env.RATE_LIMIT_LEASE_PERCENT ?? 5));
const accounts = new Map<string, Viewer>();
async function charge(requests: LeaseRequest[]) {
  const live = requests.filter((r) => r.perMinute > 0);
  const st = leaseStatements[live.length - 1];
  const r = await pool.query(st.text, st.params(leaseValues(live)));
  return grantsOf(requests, r.rows);
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** The viewer of the bearer token's login, its buckets charged (src/server/authenticate.ts). */
async function viewerOf(authorization: string | undefined): Promise<Viewer> {
  const token = authorization?.replace(/^Bearer\s+/i, "") ?? "";
  const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8") || "{}") as { sub?: string };
  if (!payload.sub) throw new HttpError(401, "UNAUTHENTICATED");
  const cached = accounts.get(payload.sub);
  if (cached) {
    const waits = await leases.take(
      [
        { key: `acct:${cached.accountId}`, perMinute: RATE.account },
        { key: `dept:${cached.department?.id ?? "none"}`, perMinute: cached.department ? RATE.department : 0 },
      ],
      charge,
    );
    if (waits.some((w) => w > 0)) throw new HttpError(429, "RATE_LIMITED");
    return cached;
  }
  const values = { login: payload.sub, accountCap: RATE.account, departmentCap: RATE.department };
  const r = await pool.query(accountAndCharge.text, accountAndCharge.params(values));
  const a = r.rows[0];
  if (!a || !a.active) throw new HttpError(401, "UNAUTHENTICATED");
  if ((a.buckets as Array<{ key: string; granted: number }>).some((b) => Number(b.granted) < 1)) throw new HttpError(429, "RATE_LIMITED");
  const viewer: Viewer = {
    accountId: a.id,
    login: a.login,
    name: a.name,
    roles: a.roles as Role[],
    department: a.dept_id !== null ? { id: a.dept_id, code: a.dept_code, name: a.dept_name } : null,
  };
  accounts.set(payload.sub, viewer);
  return viewer;
}

// ------------------------------------------------------------------------------ W1

const RESOURCE_FIELDS = ["id", "code", "name", "summary", "category", "theme", "format", "update_cycle", "share_type", "share_condition", "share_methods", "legal_basis", "open_type", "open_condition", "department_id", "status", "source_system", "use_requirements", "related_codes", "published_at", "updated_at", "data_updated_at", "pending_change", "review_note"];
const DEPARTMENT_FIELDS = ["id", "code", "seq", "name", "short_name", "kind", "created_at"];
// An entry with its provider (catalog.service.ts withProvider): drizzle qualifies every column
// once there is a join, and reads the rows as arrays (the two tables share column names).
const WITH_PROVIDER = `${[...RESOURCE_FIELDS.map((f) => `"resources"."${f}"`), ...DEPARTMENT_FIELDS.map((f) => `"departments"."${f}"`)].join(", ")} from "resources" inner join "departments" on "departments"."id" = "resources"."department_id"`;
type Row = Record<string, any>;
/** An array row of WITH_PROVIDER (or of `fields` and the provider) as the resource's columns and its provider's. */
function withProvider(a: unknown[], fields: readonly string[] = RESOURCE_FIELDS): { r: Row; d: Row } {
  const r: Row = {};
  const d: Row = {};
  fields.forEach((f, i) => (r[f] = a[i]));
  DEPARTMENT_FIELDS.forEach((f, i) => (d[f] = a[fields.length + i]));
  return { r, d };
}
// The columns a page or an entry reads for the fields the operation selects (catalog.service.ts
// resourceColumnsFor): always id, code, department_id, status, share_type, open_type, then the
// selected fields' columns in the order the operation names them.
const ALWAYS_READ = ["id", "code", "department_id", "status", "share_type", "open_type"];
const W1_FIELDS = [...ALWAYS_READ, "name", "summary", "category", "theme", "update_cycle", "updated_at"];
const W2_FIELDS = [...ALWAYS_READ, "name", "summary", "category", "theme", "format", "update_cycle", "share_condition", "share_methods",
  "legal_basis", "open_condition", "source_system", "use_requirements", "published_at", "updated_at", "data_updated_at", "related_codes"];
const selectWithProvider = (fields: readonly string[], extra: string[]) =>
  `${[...fields.map((f) => `"resources"."${f}"`), ...DEPARTMENT_FIELDS.map((f) => `"departments"."${f}"`), ...extra].join(", ")} from "resources" inner join "departments" on "departments"."id" = "resources"."department_id"`;
// An entry's items in order as one JSON value with the fields the operation asks for
// (catalog.service.ts itemsJson, in ITEM_COLUMNS order), and its versions.
const ITEMS_JSON = (pairs: string) => `coalesce((select json_agg(json_build_object(${pairs}) order by i.position)
    from "data_items" i where i.resource_id = "resources"."id"), '[]'::json)`;
const W1_ITEMS = ITEMS_JSON("'code', i.code, 'name', i.name, 'dataType', i.data_type, 'sensitivity', i.sensitivity, 'maskingStrategy', i.masking_strategy");
const W2_ITEMS = ITEMS_JSON("'code', i.code, 'name', i.name, 'dataType', i.data_type, 'length', i.length, 'sensitivity', i.sensitivity, 'maskingStrategy', i.masking_strategy, 'description', i.description");
const VERSIONS_JSON = `coalesce((
  select json_agg(json_build_object(
           'version', v.version, 'kind', v.kind, 'changedAtMs', (extract(epoch from v.changed_at) * 1000)::float8,
           'diff', v.diff, 'note', v.note, 'login', a.login, 'name', a.name, 'resourceId', v.resource_id)
         order by v.version desc)
    from "resource_versions" v left join "accounts" a on a.id = v.changed_by_account_id
   where v.resource_id = "resources"."id"), '[]'::json)`;
/** The index of the first JSON column after an entry's columns and its provider's. */
const after = (fields: readonly string[]) => fields.length + DEPARTMENT_FIELDS.length;
const SEARCH_WHERE = `("resources"."status" = $1 and ("resources"."search_grams" @> $2::text[] and strpos("resources"."search_doc", $3) > 0))`;
const LIST_SQL = `select ${selectWithProvider(W1_FIELDS, [W1_ITEMS])} where ${SEARCH_WHERE} order by (
    (case when lower("resources"."name") = $4 then 20 else 0 end)
    + (case when strpos(lower("resources"."name"), $5) = 1 then 5 else 0 end)
    + (case when strpos(lower("resources"."name"), $6) > 0 then 4 else 0 end)
             + (case when strpos("resources"."search_doc", $7) > 0 then 1 else 0 end)
    + (case when strpos(lower("resources"."summary"), $8) > 0 then 1 else 0 end)
    + similarity(lower("resources"."name"), $9)
  ) desc, "resources"."code" asc limit $10`;
// The four facets and, in the empty grouping set (grouping(…) = 15), the total.
const FACETS_SQL = `select "resources"."share_type", "resources"."open_type", "resources"."category", "departments"."code", "departments"."name", count(*)::int, grouping("resources"."share_type", "resources"."open_type", "resources"."category", "departments"."code") from "resources" inner join "departments" on "departments"."id" = "resources"."department_id" where ${SEARCH_WHERE} group by grouping sets ((), ("resources"."share_type"), ("resources"."open_type"), ("resources"."category"), ("departments"."code", "departments"."name"))`;
const placeholders = (n: number) => Array.from({ length: n }, (_, i) => `$${i + 1}`).join(", ");

const cursor = (offset: number) => Buffer.from(`o:${offset}`, "utf8").toString("base64url");

interface FacetRow {
  value: string;
  label: string;
  count: number;
}

async function w1(vars: { search?: string; first?: number }) {
  const term = String(vars.search ?? "").normalize("NFKC").toLowerCase().trim();
  if (!term || /\s/.test(term) || Array.from(term).length > 3) throw new HttpError(400, "W1 takes one search part of at most three characters");
  const chars = Array.from(term);
  const grams = chars.length === 1 ? chars : [...new Set(chars.slice(0, -1).map((c, i) => c + chars[i + 1]))];
  const gramsLiteral = `{${grams.map((g) => `"${g.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
  const limit = Math.min(Math.max(vars.first ?? 20, 0), 100);
  const where = ["PUBLISHED", gramsLiteral, term];
  // listResources sends nothing for a page of 0.
  // The facets' statement (its () row is totalCount) goes out beside the page (resource.resolver.ts).
  const [list, facets] = await Promise.all([
    limit === 0
      ? Promise.resolve({ rows: [] as unknown[][] }) // listResources sends nothing for a page of 0
      : pool.query({ text: LIST_SQL, values: [...where, term, term, term, term, term, term, limit + 1], rowMode: "array" }),
    pool.query({ text: FACETS_SQL, values: where, rowMode: "array" }),
  ]);
  const page = list.rows.slice(0, limit);
  const rows = page.map((a) => withProvider(a, W1_FIELDS));
  const itemsOf = new Map<number, Array<Record<string, unknown>>>();
  page.forEach((a, n) => {
    const items = a[after(W1_FIELDS)] as Row[];
    itemsOf.set(rows[n].r.id as number, items);
  });
  const f = { shareType: [] as FacetRow[], openType: [] as FacetRow[], category: [] as FacetRow[], department: [] as FacetRow[] };
  let total = 0;
  for (const [share, open, category, deptCode, deptName, n, g] of facets.rows as Array<[string | null, string | null, string | null, string | null, string | null, number, number]>) {
    if (Number(g) === 15) total = n;
    else if (share) f.shareType.push({ value: share, label: (resourceLabels.shareType as Record<string, string>)[share], count: n });
    else if (open) f.openType.push({ value: open, label: (resourceLabels.openType as Record<string, string>)[open], count: n });
    else if (category) f.category.push({ value: category, label: (resourceLabels.category as Record<string, string>)[category], count: n });
    else if (deptCode) f.department.push({ value: deptCode, label: deptName ?? deptCode, count: n });
  }
  const byCount = (a: FacetRow, b: FacetRow) => b.count - a.count || (a.value < b.value ? -1 : 1);
  for (const k of Object.keys(f) as Array<keyof typeof f>) f[k].sort(byCount);
  return {
    data: {
      resources: {
        totalCount: total,
        pageInfo: { hasNextPage: list.rows.length > limit, endCursor: rows.length ? cursor(rows.length - 1) : null },
        facets: f,
        nodes: rows.map(({ r, d }) => ({
          code: r.code,
          name: r.name,
          summary: r.summary,
          category: r.category,
          theme: r.theme,
          shareType: r.share_type,
          openType: r.open_type,
          updateCycle: r.update_cycle,
          updatedAt: (r.updated_at as Date).toISOString(),
          provider: { code: d.code, name: d.name },
          items: itemsOf.get(r.id) ?? [],
        })),
      },
    },
  };
}

// ------------------------------------------------------------------------------ W2

const BY_CODE_SQL = `select ${selectWithProvider(W2_FIELDS, [W2_ITEMS, VERSIONS_JSON])} where ("resources"."code" = $1 and ("resources"."status" = $2 or "resources"."department_id" = $3)) limit $4`;
const RELATED_SQL = (n: number) => `select ${WITH_PROVIDER} where ("resources"."code" in (${placeholders(n)}) and "resources"."status" = $${n + 1})`;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function w2(viewer: Viewer, vars: { code?: string }) {
  const code = String(vars.code ?? "");
  // entryVisibility for a department account that is not the coordinator: published, or its own.
  const found = (await pool.query({ text: BY_CODE_SQL, values: [code, "PUBLISHED", viewer.department?.id ?? -1, 1], rowMode: "array" })).rows[0];
  if (!found) throw new HttpError(404, "NOT_FOUND");
  // Provider, items and versions came with the entry; then the related entries' loader.
  const { r, d } = withProvider(found, W2_FIELDS);
  const items = { rows: found[after(W2_FIELDS)] as Row[] };
  const versions = { rows: (found[after(W2_FIELDS) + 1] as Row[]).map((v): Row => ({ ...v, changed_at: new Date(v.changedAtMs) })) };
  const related = (r.related_codes as string[]) ?? [];
  const rel = related.length
    ? await pool.query({ text: RELATED_SQL(related.length), values: [...related, "PUBLISHED"], rowMode: "array" })
    : { rows: [] as unknown[][] };
  const relByCode = new Map(rel.rows.map((a) => withProvider(a)).map(({ r: x }) => [x.code as string, x]));
  return {
    data: {
      resource: {
        code: r.code, name: r.name, summary: r.summary, category: r.category, theme: r.theme, format: r.format,
        updateCycle: r.update_cycle, shareType: r.share_type, shareCondition: r.share_condition, shareMethods: r.share_methods,
        legalBasis: r.legal_basis, openType: r.open_type, openCondition: r.open_condition, sourceSystem: r.source_system,
        useRequirements: r.use_requirements, publishedAt: iso(r.published_at), updatedAt: iso(r.updated_at), dataUpdatedAt: iso(r.data_updated_at),
        provider: { code: d.code, name: d.name, kind: d.kind },
        items: items.rows,
        versions: versions.rows.map((v) => ({ version: v.version, kind: v.kind, login: v.login, name: v.name, changedAt: iso(v.changed_at), diff: v.diff, note: v.note })),
        relatedResources: related.map((c) => relByCode.get(c)).filter((x) => x).map((x) => ({ code: x!.code, name: x!.name })),
      },
    },
  };
}

// ------------------------------------------------------------------------------ W3, W4

// What the decision needs in one statement (src/policy/access.context.ts prepareAccess): the
// resource and its provider, its items in order, the viewer department's grants for the purpose,
// the viewer's approved applications; times as epoch milliseconds.
const ACCESS_SQL = `
    select r.id, r.code, r.name, r.department_id, r.share_type, r.open_type, r.status, r.legal_basis,
           (extract(epoch from r.data_updated_at) * 1000)::float8 as data_updated_at_ms,
           d.code as provider_code, d.name as provider_name,
           coalesce((select json_agg(json_build_object(
                       'code', i.code, 'name', i.name, 'sensitivity', i.sensitivity,
                       'maskingStrategy', i.masking_strategy, 'dataType', i.data_type, 'length', i.length)
                     order by i.position)
                     from "data_items" i where i.resource_id = r.id), '[]') as items,
           coalesce((select json_agg(json_build_object(
                       'id', g.id, 'departmentId', g.department_id, 'resourceId', g.resource_id, 'purpose', g.purpose,
                       'items', g.items, 'clearItems', g.clear_items,
                       'validFrom', (extract(epoch from g.valid_from) * 1000)::float8, 'validUntil', (extract(epoch from g.valid_until) * 1000)::float8,
                       'revokedAt', (extract(epoch from g.revoked_at) * 1000)::float8)
                     order by g.id)
                     from "grants" g
                     where g.department_id = $1::int and g.resource_id = r.id and g.purpose = $2), '[]') as grants,
           coalesce((select json_agg(json_build_object('id', a.id, 'resourceId', a.resource_id, 'items', a.items) order by a.id)
                     from "open_applications" a
                     where r.open_type = 'CONDITIONAL' and a.applicant_account_id = $3::int
                       and a.resource_id = r.id and a.state = 'APPROVED'), '[]') as applications
      from "resources" r
      join "departments" d on d.id = r.department_id
     where r.code = $4
     limit 1`;
// The page and its audit event in one call, as src/records/records.service.ts fetchRecordsAudited
// sends a page of a whole resource in row order (drizzle/0018): the rows, then the event with the
// count of rows read, its row last.
const ROWS_AUDITED_SQL = `select key, data, audit_id from records_page_audited($1::int, $2::bigint, $3::bigint, $4::jsonb, $5::text, $6::text)`;

async function records(
  viewer: Viewer,
  vars: { resourceCode?: string; purpose?: Purpose; purposeDetail?: string; first?: number },
  requestId: string,
  clientAddress: string | null,
) {
  const now = new Date();
  const code = String(vars.resourceCode ?? "");
  const purpose = vars.purpose as Purpose;
  // Applications count only for a signed-in public account (R22).
  const applicant = viewer.accountId !== null && isPublicViewer(viewer) ? viewer.accountId : null;
  const row = (await pool.query(ACCESS_SQL, [viewer.department?.id ?? null, purpose, applicant, code])).rows[0];
  const resource = row
    ? {
        id: row.id, code: row.code, name: row.name, departmentId: row.department_id, shareType: row.share_type, openType: row.open_type, status: row.status, legalBasis: row.legal_basis,
        dataUpdatedAt: row.data_updated_at_ms === null ? null : new Date(Number(row.data_updated_at_ms)), providerCode: row.provider_code as string, providerName: row.provider_name as string,
      }
    : null;
  const items = row ? (row.items as AccessItem[]) : [];
  const grants: AccessGrant[] = row
    ? (row.grants as Array<Omit<AccessGrant, "validFrom" | "validUntil" | "revokedAt"> & { validFrom: number; validUntil: number; revokedAt: number | null }>).map((g) => ({
        ...g, validFrom: new Date(g.validFrom), validUntil: new Date(g.validUntil), revokedAt: g.revokedAt === null ? null : new Date(g.revokedAt),
      }))
    : [];
  const applications = row ? (row.applications as Array<{ id: number; resourceId: number; items: string[] }>) : [];
  const decision = decideAccess({ viewer, resource, items, purpose, grants, applications, now });
  if (!decision.allowed || !resource) throw new HttpError(403, "FORBIDDEN");
  const decisions: ItemDecision[] = decision.items;
  const served = decisions.filter((d) => d.treatment !== "WITHHELD");
  const keys: MaskingKeys = { secret: maskingSecret, scope: viewer.department?.code ?? "public" };
  const hashKey = scopeHmacKey(keys);
  const limit = Math.min(Math.max(vars.first ?? 100, 0), 1000);

  // The audit event (the gateway's own pure function builds it), appended by the statement that
  // reads the page, with the count of rows it read, before the answer leaves.
  const servedCodes = new Set(served.map((d) => d.code));
  const clear: string[] = [];
  const masked: string[] = [];
  const withheld: string[] = [];
  for (const d of decisions) {
    if (!servedCodes.has(d.code) || d.treatment === "WITHHELD") withheld.push(d.code);
    else if (d.treatment === "CLEAR") clear.push(d.code);
    else masked.push(d.code);
  }
  const event = prepareAuditEvent(
    {
      accountId: viewer.accountId,
      login: viewer.login,
      departmentCode: viewer.department?.code ?? null,
      roles: [...viewer.roles],
      operation: "records",
      resourceCode: code,
      purpose,
      purposeDetail: vars.purposeDetail ?? null,
      itemsClear: clear,
      itemsMasked: masked,
      itemsWithheld: withheld,
      filters: { filter: [], orderBy: [] },
      rowCount: 0,
      grantIds: decision.grantIds,
      outcome: "ALLOWED",
      reason: null,
      requestId,
      clientAddress,
    },
    new Date(),
  );
  const result = await pool.query(ROWS_AUDITED_SQL, [resource.id, limit, 0, event.event, event.before, event.after]);
  const fetched = { rows: result.rows.slice(0, -1) };
  const own = decision.basis === "OWN_DEPARTMENT";
  const nodes = fetched.rows.slice(0, limit).map((x) => {
    const data = x.data as Record<string, unknown>;
    const values: Record<string, unknown> = {};
    for (const d of served) {
      const v = data[d.code] ?? null;
      if (d.treatment === "CLEAR") values[d.code] = v;
      else if (d.strategy === "KEYED_HASH") values[d.code] = keyedHash(v, keys, hashKey);
      else values[d.code] = applyMask(d.strategy as MaskingStrategy, v, keys);
    }
    return { key: own ? x.key : keyedHash(x.key, keys, hashKey), values };
  });

  const provenance = {
    providerCode: resource.providerCode,
    providerName: resource.providerName,
    resourceCode: resource.code,
    dataUpdatedAt: resource.dataUpdatedAt ? resource.dataUpdatedAt.toISOString() : null,
    retrievedAt: now.toISOString(),
  };
  return {
    data: {
      records: {
        pageInfo: { hasNextPage: fetched.rows.length > limit, endCursor: nodes.length ? cursor(nodes.length - 1) : null },
        items: decisions.map((d) => ({ code: d.code, name: d.name, treatment: d.treatment, strategy: d.strategy })),
        nodes,
        provenance,
      },
    },
    extensions: { provenance: [provenance] },
  };
}

// ------------------------------------------------------------------------------ HTTP

let seq = 0;
const server = http.createServer(async (req, res) => {
  const requestId = (req.headers["x-request-id"] as string | undefined) ?? `raw-${process.pid}-${++seq}`;
  try {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as { variables?: Record<string, unknown> };
    const vars = body.variables ?? {};
    const viewer = await viewerOf(req.headers.authorization);
    let out: unknown;
    if (req.url === "/w1") out = await w1(vars);
    else if (req.url === "/w2") out = await w2(viewer, vars);
    else if (req.url === "/w3" || req.url === "/w4") out = await records(viewer, vars, requestId, req.socket.remoteAddress ?? null);
    else throw new HttpError(404, "NOT_FOUND");
    res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(out));
  } catch (e) {
    const status = e instanceof HttpError ? e.status : 500;
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify({ errors: [{ message: (e as Error).message, extensions: { code: status === 500 ? "INTERNAL_SERVER_ERROR" : (e as Error).message } }] }));
  }
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT || 4100), "127.0.0.1", () => console.log(`raw ceiling listening on ${process.env.PORT || 4100}`));
const stop = () => server.close(() => void pool.end().then(() => process.exit(0)));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
