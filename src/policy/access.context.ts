// Loads what the access decision needs (the resource, its items, the viewer department's grants)
// and memoises the decision per request, so the shield rule at the root and the data layer use
// the very same answer for a resource and purpose.
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
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

export async function prepareAccess(db: Db, viewer: Viewer, resourceCode: string, purpose: Purpose, now = new Date()): Promise<PreparedAccess> {
  const [resource] = await db
    .select({
      id: resources.id,
      code: resources.code,
      name: resources.name,
      departmentId: resources.departmentId,
      shareType: resources.shareType,
      openType: resources.openType,
      status: resources.status,
      legalBasis: resources.legalBasis,
      dataUpdatedAt: resources.dataUpdatedAt,
      providerCode: departments.code,
      providerName: departments.name,
    })
    .from(resources)
    .innerJoin(departments, eq(departments.id, resources.departmentId))
    .where(eq(resources.code, resourceCode))
    .limit(1);
  const items = resource
    ? await db
        .select({
          code: dataItems.code,
          name: dataItems.name,
          sensitivity: dataItems.sensitivity,
          maskingStrategy: dataItems.maskingStrategy,
          dataType: dataItems.dataType,
          length: dataItems.length,
        })
        .from(dataItems)
        .where(eq(dataItems.resourceId, resource.id))
        .orderBy(asc(dataItems.position))
    : [];
  const grantRows: AccessGrant[] =
    resource && viewer.department
      ? await db
          .select({
            id: grants.id,
            departmentId: grants.departmentId,
            resourceId: grants.resourceId,
            purpose: grants.purpose,
            items: grants.items,
            clearItems: grants.clearItems,
            validFrom: grants.validFrom,
            validUntil: grants.validUntil,
            revokedAt: grants.revokedAt,
          })
          .from(grants)
          .where(
            and(
              eq(grants.departmentId, viewer.department.id),
              eq(grants.resourceId, resource.id),
              eq(grants.purpose, purpose),
            ),
          )
      : [];
  const applications =
    resource && resource.openType === "CONDITIONAL" && viewer.accountId !== null && isPublicViewer(viewer)
      ? await db
          .select({ id: openApplications.id, resourceId: openApplications.resourceId, items: openApplications.items })
          .from(openApplications)
          .where(
            and(
              eq(openApplications.applicantAccountId, viewer.accountId),
              eq(openApplications.resourceId, resource.id),
              eq(openApplications.state, "APPROVED"),
            ),
          )
          .orderBy(asc(openApplications.id))
      : [];
  const decision = decideAccess({ viewer, resource: resource ?? null, items, purpose, grants: grantRows, applications, now });
  return { resource: resource ?? null, items, decision, decidedAt: now };
}

/** One decision per resource and purpose per request. */
export function createAccessMemo(db: Db, viewer: Viewer) {
  const memo = new Map<string, Promise<PreparedAccess>>();
  return (resourceCode: string, purpose: Purpose): Promise<PreparedAccess> => {
    const key = `${purpose}\u0000${resourceCode}`;
    let p = memo.get(key);
    if (!p) {
      p = prepareAccess(db, viewer, resourceCode, purpose);
      memo.set(key, p);
    }
    return p;
  };
}
