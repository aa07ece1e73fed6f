// What of the catalog a viewer may see. Government accounts see the whole published catalog,
// not-shared entries included with their legal basis (R3, R41). The anonymous public and
// PUBLIC_USER accounts see only entries that are open in some way (R7); for them any other code
// does not exist (NOT_FOUND, never a hint).
import { and, eq, ne, or, type SQL } from "drizzle-orm";
import { resources } from "../db/schema.js";
import { hasRole, isPublicViewer, type Viewer } from "../auth/viewer.js";

export function catalogVisibility(viewer: Viewer): SQL {
  // Every input read here is named in catalogVisibilityKey below.
  const published = eq(resources.status, "PUBLISHED");
  if (isPublicViewer(viewer)) return and(published, ne(resources.openType, "NOT_OPEN"))!;
  return published;
}

export function canSeeCatalogEntry(
  viewer: Viewer,
  entry: { status: string; openType: string },
): boolean {
  if (entry.status !== "PUBLISHED") return false;
  return !isPublicViewer(viewer) || entry.openType !== "NOT_OPEN";
}

/**
 * One entry by its code: the published catalog as above, plus a department's own drafts,
 * submitted and retired entries, and for the coordinator the entries submitted for review.
 */
export function entryVisibility(viewer: Viewer): SQL {
  // Every input read here is named in entryVisibilityKey below.
  const published = catalogVisibility(viewer);
  if (isPublicViewer(viewer) || !viewer.department) return published;
  const conds = [published, eq(resources.departmentId, viewer.department.id)];
  if (hasRole(viewer, "COORDINATOR")) conds.push(eq(resources.status, "SUBMITTED"));
  return or(...conds)!;
}

/**
 * What entryVisibility depends on, as a string: viewers with the same key get the same condition,
 * so a statement built with it can be reused for them (catalog.service resourceByCode). It must
 * name every property of the viewer that entryVisibility reads.
 */
export function entryVisibilityKey(viewer: Viewer): string {
  if (isPublicViewer(viewer)) return "public";
  if (!viewer.department) return "government";
  return `department:${viewer.department.id}${hasRole(viewer, "COORDINATOR") ? ":coordinator" : ""}`;
}

/**
 * What catalogVisibility depends on, as a string (as entryVisibilityKey is for entryVisibility):
 * a statement built with the condition for one viewer is reused for every viewer with the key.
 */
export function catalogVisibilityKey(viewer: Viewer): string {
  return isPublicViewer(viewer) ? "public" : "government";
}
