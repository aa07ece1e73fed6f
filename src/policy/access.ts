// The one access decision (ARCHITECTURE.md invariant 1). For a viewer, a resource and a declared
// purpose it says whether the rows may be read and, item by item, whether each value is served
// clear, masked (with which strategy) or withheld. Every path that touches rows uses it: the
// records query, its filters and sort, verification, and later exports and statistics.
// Pure: no I/O. The caller loads the resource, its items and the viewer's active grants.
import type { Viewer } from "../auth/viewer.js";
import { isPublicViewer } from "../auth/viewer.js";
import type { MaskingStrategy } from "../masking/strategies.js";

export type Purpose = "ADMINISTRATIVE_BASIS" | "WORK_REFERENCE" | "DATA_VERIFICATION" | "BUSINESS_COLLABORATION";
export type Treatment = "CLEAR" | "MASKED" | "WITHHELD";

export const PURPOSE_LABELS: Record<Purpose, string> = {
  ADMINISTRATIVE_BASIS: "行政依据",
  WORK_REFERENCE: "工作参考",
  DATA_VERIFICATION: "数据校核",
  BUSINESS_COLLABORATION: "业务协同",
};

export interface AccessResource {
  id: number;
  code: string;
  name: string;
  departmentId: number;
  shareType: "UNCONDITIONAL" | "CONDITIONAL" | "NOT_SHARED";
  openType: "UNCONDITIONAL" | "CONDITIONAL" | "NOT_OPEN";
  status: string;
  legalBasis: string | null;
}

export interface AccessItem {
  code: string;
  name: string;
  sensitivity: "L1" | "L2" | "L3" | "L4";
  maskingStrategy: MaskingStrategy;
}

export interface AccessGrant {
  id: number;
  departmentId: number;
  resourceId: number;
  purpose: Purpose;
  items: string[];
  clearItems: string[];
  validFrom: Date;
  validUntil: Date;
  revokedAt: Date | null;
}

export interface ItemDecision {
  code: string;
  name: string;
  sensitivity: AccessItem["sensitivity"];
  treatment: Treatment;
  /** The strategy applied when MASKED (never NONE); the item's own strategy otherwise. */
  strategy: MaskingStrategy;
}

export type AccessBasis = "OWN_DEPARTMENT" | "UNCONDITIONAL_SHARE" | "GRANT" | "OPEN_DATA" | "OPEN_APPLICATION";

/** An approved, unspent open-data application of the viewer for the resource (R21). */
export interface AccessApplication {
  id: number;
  resourceId: number;
  items: string[];
}

export type AccessDecision =
  | { allowed: true; basis: AccessBasis; grantIds: number[]; items: ItemDecision[]; applicationId?: number }
  | { allowed: false; code: "FORBIDDEN" | "NOT_FOUND"; reason: string; items: [] };

/** A grant counts only between validFrom and validUntil, and not from the instant it is revoked. */
export function isGrantActive(g: AccessGrant, now: Date): boolean {
  if (g.revokedAt && g.revokedAt.getTime() <= now.getTime()) return false;
  return g.validFrom.getTime() <= now.getTime() && now.getTime() < g.validUntil.getTime();
}

const deny = (code: "FORBIDDEN" | "NOT_FOUND", reason: string): AccessDecision => ({
  allowed: false,
  code,
  reason,
  items: [],
});

/** What the public is told for a resource that is not open or does not exist: the same words. */
export const NOT_OPEN_REASON = "该资源不存在或不予开放 (no such open resource)";

function masked(item: AccessItem): ItemDecision {
  // A masked item whose strategy is NONE would leak: suppress it instead.
  const strategy = item.maskingStrategy === "NONE" ? "REDACT" : item.maskingStrategy;
  return { code: item.code, name: item.name, sensitivity: item.sensitivity, treatment: "MASKED", strategy };
}
const clear = (item: AccessItem): ItemDecision => ({
  code: item.code,
  name: item.name,
  sensitivity: item.sensitivity,
  treatment: "CLEAR",
  strategy: item.maskingStrategy,
});
const withheld = (item: AccessItem): ItemDecision => ({
  code: item.code,
  name: item.name,
  sensitivity: item.sensitivity,
  treatment: "WITHHELD",
  strategy: item.maskingStrategy,
});

/** Roles that read rows for a department's work; COORDINATOR, AUDITOR and ANALYST read metadata. */
function readsRowsByRole(viewer: Viewer): boolean {
  return viewer.roles.includes("PROVIDER") || viewer.roles.includes("CONSUMER");
}

export function decideAccess(input: {
  viewer: Viewer;
  resource: AccessResource | null;
  items: AccessItem[];
  purpose: Purpose;
  /** The grants of the viewer's department for this resource (any state; filtered here). */
  grants: AccessGrant[];
  /** Approved, unspent open-data applications of the viewer (public viewers only). */
  applications?: AccessApplication[];
  now: Date;
}): AccessDecision {
  const { viewer, resource, items, purpose, now } = input;

  // The public: unconditionally open resources only (R7, R20, R21). L1 clear, L2/L3 masked,
  // L4 withheld. Anything else gets the same answer as a code that does not exist.
  if (isPublicViewer(viewer)) {
    if (!resource || resource.status !== "PUBLISHED" || resource.openType === "NOT_OPEN") {
      return deny("FORBIDDEN", NOT_OPEN_REASON);
    }
    const publicTreatment = (i: AccessItem) => (i.sensitivity === "L1" ? clear(i) : i.sensitivity === "L4" ? withheld(i) : masked(i));
    if (resource.openType === "CONDITIONAL") {
      // R21: one approved application, one use; only the items applied for.
      const app = (input.applications ?? []).find((a) => a.resourceId === resource.id);
      if (!app) {
        return deny(
          "FORBIDDEN",
          `“${resource.name}”为有条件开放资源，须经申请并获提供部门同意后使用，每次批准只可使用一次 (conditionally open: an approved, unused application is needed, R21)`,
        );
      }
      const applied = new Set(app.items);
      return {
        allowed: true,
        basis: "OPEN_APPLICATION",
        grantIds: [],
        applicationId: app.id,
        items: items.map((i) => (applied.has(i.code) ? publicTreatment(i) : withheld(i))),
      };
    }
    return { allowed: true, basis: "OPEN_DATA", grantIds: [], items: items.map(publicTreatment) };
  }

  if (!resource || resource.status !== "PUBLISHED") {
    return deny("NOT_FOUND", "未找到资源 (resource not found)");
  }
  const department = viewer.department!;

  // The provider's own department reads its resources in clear.
  if (department.id === resource.departmentId && readsRowsByRole(viewer)) {
    return { allowed: true, basis: "OWN_DEPARTMENT", grantIds: [], items: items.map(clear) };
  }

  // R3: not shared, whatever is asked, with its legal basis.
  if (resource.shareType === "NOT_SHARED") {
    return deny(
      "FORBIDDEN",
      `“${resource.name}”不予共享，依据：${resource.legalBasis ?? "未注明"} (not shared, R3)`,
    );
  }

  const active = input.grants.filter(
    (g) =>
      g.departmentId === department.id &&
      g.resourceId === resource.id &&
      g.purpose === purpose &&
      isGrantActive(g, now),
  );
  const granted = new Set(active.flatMap((g) => g.items));
  const grantedClear = new Set(active.flatMap((g) => g.clearItems).filter((c) => granted.has(c)));
  const grantIds = active.map((g) => g.id);

  // Coordinator, auditors and analysts read metadata, not rows, unless their department holds a
  // grant like any other (then the grant alone decides, as for a conditional share).
  const byGrantOnly = !readsRowsByRole(viewer) || resource.shareType === "CONDITIONAL";

  if (byGrantOnly) {
    if (active.length === 0) {
      const why =
        resource.shareType === "CONDITIONAL"
          ? `“${resource.name}”为有条件共享资源，本部门没有用于“${PURPOSE_LABELS[purpose]}”的有效授权，请先提交共享申请 (conditional share: no active grant for this purpose, R12)`
          : `本账号角色只能查看目录元数据；读取数据须本部门持有有效授权 (this role reads metadata, not rows)`;
      return deny("FORBIDDEN", why);
    }
    // Only the grant's items are served; L3/L4 clear only where the grant says so.
    return {
      allowed: true,
      basis: "GRANT",
      grantIds,
      items: items.map((i) => {
        if (!granted.has(i.code)) return withheld(i);
        if (i.sensitivity === "L1" || i.sensitivity === "L2" || grantedClear.has(i.code)) return clear(i);
        return masked(i);
      }),
    };
  }

  // Unconditional share (R12): any purpose, no request. L1/L2 clear, L3 masked, L4 withheld,
  // unless an active grant of this department for this purpose lists the item as clear.
  return {
    allowed: true,
    basis: grantIds.length ? "GRANT" : "UNCONDITIONAL_SHARE",
    grantIds,
    items: items.map((i) => {
      if (grantedClear.has(i.code)) return clear(i);
      if (i.sensitivity === "L1" || i.sensitivity === "L2") return clear(i);
      if (i.sensitivity === "L3") return masked(i);
      return withheld(i);
    }),
  };
}
