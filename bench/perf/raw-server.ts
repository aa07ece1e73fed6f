// The raw ceiling of the side-by-side bench: a minimal node:http + pg server that runs, for W1
// (catalog search), W2 (resource detail), W3 and W4 (records of 人口基本信息), exactly the SQL statements the gateway
// runs for the same request, in the same order and with the same concurrency, and answers the
// same JSON. What it does not have is every layer of the gateway: Apollo Server, GraphQL parsing,
// validation and execution, the operation limits, type-graphql, graphql-shield, drizzle,
// DataLoader, pino, the metrics. Gateway throughput ÷ this server's = what those layers cost.
//
// The statements, as pg_stat_statements records them for one gateway request (city scale,
// captured with `npm run bench -- --only W1,W3 --runs 1 --quick`; bench/results/raw/*.json
// keeps every run's list):
//
//   every request (src/auth/viewer.ts loadAccount, src/server/rate-limit.ts checkRequestRate)
//     select accounts.… left join departments … where accounts.login = $1 limit $2
//     insert into rate_buckets … values (acct:<id>), (dept:<id>) … on conflict (key) do update … returning key, tokens
//   W1 (src/catalog/catalog.service.ts, search.ts, catalog.loaders.ts)
//     select <resource columns> from resources where status = $1 and (search_grams @> $2::text[]
//       and strpos(search_doc, $3) > 0) order by <searchRank> desc, code asc limit $10
//     then together: select count(*)::int … (same where) · select share_type, open_type,
//       category, departments.code, departments.name, count(*)::int … group by grouping sets …
//       · select <items> from data_items where resource_id in (…) order by resource_id, position
//       · select <department> from departments where id in (…)
//   W2 (catalog.service.ts resourceByCode, then the loaders of provider, items, versions, related)
//     select <resource columns> from resources where (code = $1 and (status = $2 or department_id = $3)) limit $4
//     then together: select <department> from departments where id in ($1)
//       · select <items> from data_items where resource_id in ($1) order by resource_id, position
//       · select resource_versions.…, accounts.login, accounts.name from resource_versions left join
//         accounts … where resource_id in ($1) order by version desc
//       · select <resource columns> from resources where (code in (…) and status = $n)   (if any related)
//   W3, W4 (src/policy/access.context.ts, src/records/records.service.ts, src/audit/audit.service.ts)
//     select resources.…, departments.code, departments.name … where resources.code = $1 limit $2
//     select code, name, sensitivity, masking_strategy, data_type, length from data_items where resource_id = $1 order by position
//     select id, department_id, resource_id, purpose, items, clear_items, valid_from, valid_until, revoked_at from grants where …
//     select key, data from records where resource_id = $1 order by row_id asc limit $2
//       (no count(*): the page does not ask for totalCount)
//     select audit_append($1::jsonb, $2) as id   (drizzle/0011_audit_append.sql: lock, last hash, insert)
//
// The access decision (src/policy/access.ts decideAccess), the masking strategies
// (src/masking/strategies.ts) and the audit event's digest (contentDigest) are the gateway's own
// pure functions: they are the work, not a layer. The bearer token is decoded, not verified (an
// HMAC of a few hundred bytes).
//
// POST /w1, /w2, /w3, /w4 with the gateway's request body ({ query, variables }); only the variables
// are read. DATABASE_URL, PORT, MASKING_SECRET, DB_POOL_MAX (default 10).
import http from "node:http";
import pg from "pg";
import { decideAccess, type AccessGrant, type ItemDecision, type Purpose } from "../../src/policy/access.js";
import { applyMask, keyedHash, scopeKey, type MaskingKeys, type MaskingStrategy } from "../../src/masking/strategies.js";
import { contentDigest } from "../../src/audit/audit.service.js";
import { resourceLabels } from "../../src/catalog/labels.js";
import type { Role, Viewer } from "../../src/auth/viewer.js";

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_MAX || 10),
  statement_timeout: 10_000,
  application_name: "catalog-gateway-bench-raw",
});
pool.on("error", () => {});
const maskingSecret = process.env.MASKING_SECRET ?? "";
const RATE = { account: 1_000_000, department: 10_000_000 };

// ------------------------------------------------------------------------------ every request

const ACCOUNT_SQL = `select "accounts"."id", "accounts"."login", "accounts"."name", "accounts"."roles", "accounts"."active", "departments"."id", "departments"."code", "departments"."name" from "accounts" left join "departments" on "departments"."id" = "accounts"."department_id" where "accounts"."login" = $1 limit $2`;

const BUCKET_SQL = `
    insert into rate_buckets (key, tokens, updated_at)
    select k, cap - 1, now() from (values ($1, $2::float8), ($3, $4::float8)) as v(k, cap)
    on conflict (key) do update set
      -- Refill, then take one; a refused request leaves the bucket below zero (at most -1), so
      -- hammering a full bucket keeps it empty. The capacity comes from the row being inserted.
      tokens = greatest(-1::float8, least(excluded.tokens + 1,
                 rate_buckets.tokens + extract(epoch from (now() - rate_buckets.updated_at)) * (excluded.tokens + 1) / 60) - 1),
      updated_at = now()
    returning key, tokens`;

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function viewerOf(authorization: string | undefined): Promise<Viewer> {
  const token = authorization?.replace(/^Bearer\s+/i, "") ?? "";
  const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8") || "{}") as { sub?: string };
  if (!payload.sub) throw new HttpError(401, "UNAUTHENTICATED");
  const r = await pool.query({ text: ACCOUNT_SQL, values: [payload.sub, 1], rowMode: "array" });
  const a = r.rows[0];
  if (!a || !a[4]) throw new HttpError(401, "UNAUTHENTICATED");
  return {
    accountId: a[0],
    login: a[1],
    name: a[2],
    roles: parseArray(a[3]) as Role[],
    department: a[5] !== null ? { id: a[5], code: a[6], name: a[7] } : null,
  };
}

/** role[] comes back as "{PROVIDER,CONSUMER}" (an enum array pg does not parse). */
function parseArray(v: unknown): string[] {
  if (Array.isArray(v)) return v as string[];
  const s = String(v ?? "{}");
  return s.length <= 2 ? [] : s.slice(1, -1).split(",");
}

async function takeBuckets(v: Viewer): Promise<void> {
  // The account's and the department's bucket in one statement (src/server/rate-limit.ts takeTokens).
  const r = await pool.query(BUCKET_SQL, [`acct:${v.accountId}`, RATE.account, `dept:${v.department?.id}`, RATE.department]);
  if (r.rows.some((x) => Number(x.tokens) < 0)) throw new HttpError(429, "RATE_LIMITED");
}

// ------------------------------------------------------------------------------ W1

const RESOURCE_COLUMNS = `"id", "code", "name", "summary", "category", "theme", "format", "update_cycle", "share_type", "share_condition", "share_methods", "legal_basis", "open_type", "open_condition", "department_id", "status", "source_system", "use_requirements", "related_codes", "published_at", "updated_at", "data_updated_at", "pending_change", "review_note"`;
const SEARCH_WHERE = `("resources"."status" = $1 and ("resources"."search_grams" @> $2::text[] and strpos("resources"."search_doc", $3) > 0))`;
const LIST_SQL = `select ${RESOURCE_COLUMNS} from "resources" where ${SEARCH_WHERE} order by (
    (case when lower("resources"."name") = $4 then 20 else 0 end)
    + (case when strpos(lower("resources"."name"), $5) = 1 then 5 else 0 end)
    + (case when strpos(lower("resources"."name"), $6) > 0 then 4 else 0 end)
             + (case when strpos("resources"."search_doc", $7) > 0 then 1 else 0 end)
    + (case when strpos(lower("resources"."summary"), $8) > 0 then 1 else 0 end)
    + similarity(lower("resources"."name"), $9)
  ) desc, "resources"."code" asc limit $10`;
const COUNT_SQL = `select count(*)::int from "resources" where ${SEARCH_WHERE}`;
const FACETS_SQL = `select "resources"."share_type", "resources"."open_type", "resources"."category", "departments"."code", "departments"."name", count(*)::int from "resources" inner join "departments" on "departments"."id" = "resources"."department_id" where ${SEARCH_WHERE} group by grouping sets (("resources"."share_type"), ("resources"."open_type"), ("resources"."category"), ("departments"."code", "departments"."name"))`;
const placeholders = (n: number) => Array.from({ length: n }, (_, i) => `$${i + 1}`).join(", ");
const ITEMS_SQL = (n: number) =>
  `select "id", "resource_id", "position", "code", "name", "data_type", "length", "sensitivity", "masking_strategy", "description", "element", "is_source" from "data_items" where "data_items"."resource_id" in (${placeholders(n)}) order by "data_items"."resource_id" asc, "data_items"."position" asc`;
const DEPARTMENTS_SQL = (n: number) =>
  `select "id", "code", "seq", "name", "short_name", "kind", "created_at" from "departments" where "departments"."id" in (${placeholders(n)})`;

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
  const list = await pool.query(LIST_SQL, [...where, term, term, term, term, term, term, limit + 1]);
  const rows = list.rows.slice(0, limit);
  const ids = rows.map((r) => r.id as number);
  const deptIds = [...new Set(rows.map((r) => r.department_id as number))];
  const [count, facets, items, depts] = await Promise.all([
    pool.query(COUNT_SQL, where),
    pool.query({ text: FACETS_SQL, values: where, rowMode: "array" }),
    ids.length ? pool.query(ITEMS_SQL(ids.length), ids) : Promise.resolve({ rows: [] as Array<Record<string, unknown>> }),
    deptIds.length ? pool.query(DEPARTMENTS_SQL(deptIds.length), deptIds) : Promise.resolve({ rows: [] as Array<Record<string, unknown>> }),
  ]);
  const itemsOf = new Map<number, Array<Record<string, unknown>>>();
  for (const i of items.rows) {
    const list = itemsOf.get(i.resource_id as number) ?? itemsOf.set(i.resource_id as number, []).get(i.resource_id as number)!;
    list.push({ code: i.code, name: i.name, dataType: i.data_type, sensitivity: i.sensitivity, maskingStrategy: i.masking_strategy });
  }
  const deptOf = new Map(depts.rows.map((d) => [d.id as number, { code: d.code, name: d.name }]));
  const f = { shareType: [] as FacetRow[], openType: [] as FacetRow[], category: [] as FacetRow[], department: [] as FacetRow[] };
  for (const [share, open, category, deptCode, deptName, n] of facets.rows as Array<[string | null, string | null, string | null, string | null, string | null, number]>) {
    if (share) f.shareType.push({ value: share, label: (resourceLabels.shareType as Record<string, string>)[share], count: n });
    else if (open) f.openType.push({ value: open, label: (resourceLabels.openType as Record<string, string>)[open], count: n });
    else if (category) f.category.push({ value: category, label: (resourceLabels.category as Record<string, string>)[category], count: n });
    else if (deptCode) f.department.push({ value: deptCode, label: deptName ?? deptCode, count: n });
  }
  const byCount = (a: FacetRow, b: FacetRow) => b.count - a.count || (a.value < b.value ? -1 : 1);
  for (const k of Object.keys(f) as Array<keyof typeof f>) f[k].sort(byCount);
  return {
    data: {
      resources: {
        totalCount: count.rows[0].count,
        pageInfo: { hasNextPage: list.rows.length > limit, endCursor: rows.length ? cursor(rows.length - 1) : null },
        facets: f,
        nodes: rows.map((r) => ({
          code: r.code,
          name: r.name,
          summary: r.summary,
          category: r.category,
          theme: r.theme,
          shareType: r.share_type,
          openType: r.open_type,
          updateCycle: r.update_cycle,
          updatedAt: (r.updated_at as Date).toISOString(),
          provider: deptOf.get(r.department_id) ?? null,
          items: itemsOf.get(r.id) ?? [],
        })),
      },
    },
  };
}

// ------------------------------------------------------------------------------ W2

const BY_CODE_SQL = `select ${RESOURCE_COLUMNS} from "resources" where ("resources"."code" = $1 and ("resources"."status" = $2 or "resources"."department_id" = $3)) limit $4`;
const VERSIONS_SQL = (n: number) =>
  `select "resource_versions"."version", "resource_versions"."kind", "resource_versions"."changed_at", "resource_versions"."diff", "resource_versions"."note", "accounts"."login", "accounts"."name", "resource_versions"."resource_id" from "resource_versions" left join "accounts" on "accounts"."id" = "resource_versions"."changed_by_account_id" where "resource_versions"."resource_id" in (${placeholders(n)}) order by "resource_versions"."version" desc`;
const RELATED_SQL = (n: number) => `select ${RESOURCE_COLUMNS} from "resources" where ("resources"."code" in (${placeholders(n)}) and "resources"."status" = $${n + 1})`;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function w2(viewer: Viewer, vars: { code?: string }) {
  const code = String(vars.code ?? "");
  // entryVisibility for a department account that is not the coordinator: published, or its own.
  const r = (await pool.query(BY_CODE_SQL, [code, "PUBLISHED", viewer.department?.id ?? -1, 1])).rows[0];
  if (!r) throw new HttpError(404, "NOT_FOUND");
  const related = (r.related_codes as string[]) ?? [];
  const [dept, items, versions, rel] = await Promise.all([
    pool.query(DEPARTMENTS_SQL(1), [r.department_id]),
    pool.query(ITEMS_SQL(1), [r.id]),
    pool.query(VERSIONS_SQL(1), [r.id]),
    related.length ? pool.query(RELATED_SQL(related.length), [...related, "PUBLISHED"]) : Promise.resolve({ rows: [] as Array<Record<string, unknown>> }),
  ]);
  const relByCode = new Map(rel.rows.map((x) => [x.code as string, x]));
  const d = dept.rows[0];
  return {
    data: {
      resource: {
        code: r.code, name: r.name, summary: r.summary, category: r.category, theme: r.theme, format: r.format,
        updateCycle: r.update_cycle, shareType: r.share_type, shareCondition: r.share_condition, shareMethods: r.share_methods,
        legalBasis: r.legal_basis, openType: r.open_type, openCondition: r.open_condition, sourceSystem: r.source_system,
        useRequirements: r.use_requirements, publishedAt: iso(r.published_at), updatedAt: iso(r.updated_at), dataUpdatedAt: iso(r.data_updated_at),
        provider: d ? { code: d.code, name: d.name, kind: d.kind } : null,
        items: items.rows.map((i) => ({ code: i.code, name: i.name, dataType: i.data_type, length: i.length, sensitivity: i.sensitivity, maskingStrategy: i.masking_strategy, description: i.description })),
        versions: versions.rows.map((v) => ({ version: v.version, kind: v.kind, login: v.login, name: v.name, changedAt: iso(v.changed_at), diff: v.diff, note: v.note })),
        relatedResources: related.map((c) => relByCode.get(c)).filter((x) => x).map((x) => ({ code: x!.code, name: x!.name })),
      },
    },
  };
}

// ------------------------------------------------------------------------------ W3, W4

const ACCESS_RESOURCE_SQL = `select "resources"."id", "resources"."code", "resources"."name", "resources"."department_id", "resources"."share_type", "resources"."open_type", "resources"."status", "resources"."legal_basis", "resources"."data_updated_at", "departments"."code", "departments"."name" from "resources" inner join "departments" on "departments"."id" = "resources"."department_id" where "resources"."code" = $1 limit $2`;
const ACCESS_ITEMS_SQL = `select "code", "name", "sensitivity", "masking_strategy", "data_type", "length" from "data_items" where "data_items"."resource_id" = $1 order by "data_items"."position" asc`;
const ACCESS_GRANTS_SQL = `select "id", "department_id", "resource_id", "purpose", "items", "clear_items", "valid_from", "valid_until", "revoked_at" from "grants" where ("grants"."department_id" = $1 and "grants"."resource_id" = $2 and "grants"."purpose" = $3)`;
const ROWS_SQL = `select "key", "data" from "records" where "records"."resource_id" = $1 order by "records"."row_id" asc limit $2`;
const AUDIT_SQL = `select audit_append($1::jsonb, $2) as id`;

async function records(
  viewer: Viewer,
  vars: { resourceCode?: string; purpose?: Purpose; purposeDetail?: string; first?: number },
  requestId: string,
  clientAddress: string | null,
) {
  const now = new Date();
  const code = String(vars.resourceCode ?? "");
  const purpose = vars.purpose as Purpose;
  const r = await pool.query({ text: ACCESS_RESOURCE_SQL, values: [code, 1], rowMode: "array" });
  const row = r.rows[0];
  const resource = row
    ? { id: row[0], code: row[1], name: row[2], departmentId: row[3], shareType: row[4], openType: row[5], status: row[6], legalBasis: row[7], dataUpdatedAt: row[8] as Date | null, providerCode: row[9], providerName: row[10] }
    : null;
  const items = resource
    ? (await pool.query(ACCESS_ITEMS_SQL, [resource.id])).rows.map((i) => ({ code: i.code, name: i.name, sensitivity: i.sensitivity, maskingStrategy: i.masking_strategy, dataType: i.data_type, length: i.length }))
    : [];
  const grants: AccessGrant[] =
    resource && viewer.department
      ? (await pool.query(ACCESS_GRANTS_SQL, [viewer.department.id, resource.id, purpose])).rows.map((g) => ({
          id: g.id, departmentId: g.department_id, resourceId: g.resource_id, purpose: g.purpose, items: parseArray(g.items), clearItems: parseArray(g.clear_items),
          validFrom: g.valid_from, validUntil: g.valid_until, revokedAt: g.revoked_at,
        }))
      : [];
  const decision = decideAccess({ viewer, resource, items, purpose, grants, applications: [], now });
  if (!decision.allowed || !resource) throw new HttpError(403, "FORBIDDEN");
  const decisions: ItemDecision[] = decision.items;
  const served = decisions.filter((d) => d.treatment !== "WITHHELD");
  const keys: MaskingKeys = { secret: maskingSecret, scope: viewer.department?.code ?? "public" };
  const hashKey = scopeKey(keys);
  const limit = Math.min(Math.max(vars.first ?? 100, 0), 1000);

  const fetched = await pool.query(ROWS_SQL, [resource.id, limit + 1]);
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

  // The audit event, chained on the server in one statement, before the answer leaves.
  const servedCodes = new Set(served.map((d) => d.code));
  const clear: string[] = [];
  const masked: string[] = [];
  const withheld: string[] = [];
  for (const d of decisions) {
    if (!servedCodes.has(d.code) || d.treatment === "WITHHELD") withheld.push(d.code);
    else if (d.treatment === "CLEAR") clear.push(d.code);
    else masked.push(d.code);
  }
  const at = new Date();
  const content = {
    at,
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
    filters: { filter: [], orderBy: [] } as unknown,
    rowCount: nodes.length,
    grantIds: decision.grantIds,
    outcome: "ALLOWED",
    reason: null,
    requestId,
    clientAddress,
  };
  const event = {
    at: at.toISOString(), account_id: content.accountId, login: content.login, department_code: content.departmentCode,
    roles: content.roles, operation: content.operation, resource_code: content.resourceCode, purpose: content.purpose,
    purpose_detail: content.purposeDetail, items_clear: clear, items_masked: masked, items_withheld: withheld,
    filters: content.filters, row_count: content.rowCount, grant_ids: content.grantIds, outcome: content.outcome,
    reason: content.reason, request_id: requestId, client_address: clientAddress,
  };
  await pool.query(AUDIT_SQL, [JSON.stringify(event), contentDigest(content)]);

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
    await takeBuckets(viewer);
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
