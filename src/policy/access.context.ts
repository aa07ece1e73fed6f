// Loads what the access decision needs (the resource, its items, the viewer department's grants)
// and memoises the decision per request, so the shield rule at the root and the data layer use
// the very same answer for a resource and purpose.
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { statement } from "../db/statement.js";
import type { FeedCache } from "../db/feed-cache.js";
import { dataItems, departments, grants, openApplications, resources } from "../db/schema.js";
import { isPublicViewer, type Viewer } from "../auth/viewer.js";
import {
  decideAccess,
  type AccessDecision,
  type AccessGrant,
  type AccessItem,
  type AccessResource,
  type Purpose,
} from "./access.js";

export interface PreparedAccess {
  resource: (AccessResource & { dataUpdatedAt: Date | null; providerCode: string; providerName: string }) | null;
  items: Array<AccessItem & { dataType: string; length: number | null }>;
  decision: AccessDecision;
  decidedAt: Date;
}

interface AccessRow {
  id: number;
  code: string;
  name: string;
  department_id: number;
  share_type: AccessResource["shareType"];
  open_type: AccessResource["openType"];
  status: AccessResource["status"];
  legal_basis: string | null;
  data_updated_at_ms: number | string | null;
  provider_code: string;
  provider_name: string;
  items: Array<{ code: string; name: string; sensitivity: AccessItem["sensitivity"]; maskingStrategy: AccessItem["maskingStrategy"]; dataType: string; length: number | null }>;
  grants: Array<Omit<AccessGrant, "validFrom" | "validUntil" | "revokedAt"> & { validFrom: number; validUntil: number; revokedAt: number | null }>;
  applications: Array<{ id: number; resourceId: number; items: string[] }>;
}

const epochMs = (column: SQL) => sql`(extract(epoch from ${column}) * 1000)::float8`;

/**
 * Everything the decision needs in one statement: the resource and its provider, its items in
 * order, the viewer department's grants for the purpose, and the viewer's approved applications
 * to open it (R22). One round trip instead of four on every records, verify and export call.
 */
const accessStatement = statement<"departmentId" | "purpose" | "applicant" | "resourceCode", AccessRow>(
  ["departmentId", "purpose", "applicant", "resourceCode"],
  (p) => sql`
    select r.id, r.code, r.name, r.department_id, r.share_type, r.open_type, r.status, r.legal_basis,
           ${epochMs(sql`r.data_updated_at`)} as data_updated_at_ms,
           d.code as provider_code, d.name as provider_name,
           coalesce((select json_agg(json_build_object(
                       'code', i.code, 'name', i.name, 'sensitivity', i.sensitivity,
                       'maskingStrategy', i.masking_strategy, 'dataType', i.data_type, 'length', i.length)
                     order by i.position)
                     from ${dataItems} i where i.resource_id = r.id), '[]') as items,
           coalesce((select json_agg(json_build_object(
                       'id', g.id, 'departmentId', g.department_id, 'resourceId', g.resource_id, 'purpose', g.purpose,
                       'items', g.items, 'clearItems', g.clear_items,
                       'validFrom', ${epochMs(sql`g.valid_from`)}, 'validUntil', ${epochMs(sql`g.valid_until`)},
                       'revokedAt', ${epochMs(sql`g.revoked_at`)})
                     order by g.id)
                     from ${grants} g
                     where g.department_id = ${p.departmentId}::int and g.resource_id = r.id and g.purpose = ${p.purpose}), '[]') as grants,
           coalesce((select json_agg(json_build_object('id', a.id, 'resourceId', a.resource_id, 'items', a.items) order by a.id)
                     from ${openApplications} a
                     where r.open_type = 'CONDITIONAL' and a.applicant_account_id = ${p.applicant}::int
                       and a.resource_id = r.id and a.state = 'APPROVED'), '[]') as applications
      from ${resources} r
      join ${departments} d on d.id = r.department_id
     where r.code = ${p.resourceCode}
     limit 1`,
);

function deepFreeze<T>(v: T): T {
  if (v && typeof v === "object" && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/**
 * What the decision needs, from the access cache when it holds it (keyed by exactly the
 * statement's parameters) or from the statement. The cache holds the rows as read, never a
 * decision: each request decides anew with its own viewer and clock, so a grant that expires is
 * refused at its expiry whatever is cached, and a revoked one as soon as the change feed reports
 * the revocation (this process's own writes bypass the cache until then). Frozen, because every
 * request of the department shares them.
 */
async function accessRow(
  db: Db,
  values: { departmentId: number | null; purpose: Purpose; applicant: number | null; resourceCode: string },
  cache?: FeedCache,
): Promise<AccessRow | null> {
  const load = async () => deepFreeze((await accessStatement.run(db, values))[0] ?? null);
  if (!cache) return load();
  return cache.get(JSON.stringify([values.departmentId, values.purpose, values.applicant, values.resourceCode]), load);
}

/** The access decision for a viewer, a resource and a purpose, from one statement (or the access cache). */
export async function prepareAccess(
  db: Db,
  viewer: Viewer,
  resourceCode: string,
  purpose: Purpose,
  now = new Date(),
  cache?: FeedCache,
): Promise<PreparedAccess> {
  const departmentId = viewer.department?.id ?? null;
  // Applications count only for a signed-in public account (R22); others get none.
  const applicant = viewer.accountId !== null && isPublicViewer(viewer) ? viewer.accountId : null;
  const row = await accessRow(db, { departmentId, purpose, applicant, resourceCode }, cache);
  const resource = row
    ? {
        id: row.id,
        code: row.code,
        name: row.name,
        departmentId: row.department_id,
        shareType: row.share_type,
        openType: row.open_type,
        status: row.status,
        legalBasis: row.legal_basis,
        dataUpdatedAt: row.data_updated_at_ms === null ? null : new Date(Number(row.data_updated_at_ms)),
        providerCode: row.provider_code,
        providerName: row.provider_name,
      }
    : null;
  const items = row ? row.items : [];
  const grantRows: AccessGrant[] = row
    ? row.grants.map((g) => ({
        ...g,
        validFrom: new Date(g.validFrom),
        validUntil: new Date(g.validUntil),
        revokedAt: g.revokedAt === null ? null : new Date(g.revokedAt),
      }))
    : [];
  const applications = row ? row.applications : [];
  const decision = decideAccess({ viewer, resource, items, purpose, grants: grantRows, applications, now });
  return { resource, items, decision, decidedAt: now };
}

/** One decision per resource and purpose per request. */
export function createAccessMemo(db: Db, viewer: Viewer, cache?: FeedCache) {
  const memo = new Map<string, Promise<PreparedAccess>>();
  return (resourceCode: string, purpose: Purpose): Promise<PreparedAccess> => {
    const key = `${purpose}\u0000${resourceCode}`;
    let p = memo.get(key);
    if (!p) {
      p = prepareAccess(db, viewer, resourceCode, purpose, new Date(), cache);
      memo.set(key, p);
    }
    return p;
  };
}
