// Per-request DataLoaders (invariant 6): created with the request context, keyed by what changes
// the answer (the viewer is fixed for a request), never shared between requests. A page of
// resources with their provider, items and related resources costs one statement per loader.
import DataLoader from "dataloader";
import type { Db } from "../db/client.js";
import type { Viewer } from "../auth/viewer.js";
import type { FeedCache } from "../db/feed-cache.js";
import {
  departmentsByIds,
  itemsOfResources,
  resourceCountsByDepartment,
  resourcesByCodes,
  type DataItemRow,
  type DepartmentRow,
  type ResourceRow,
} from "./catalog.service.js";
import { listVersions } from "./editing.service.js";

/**
 * `entryCache`, when given, serves the related entries' batches (src/catalog/entry-cache.ts); the
 * loaders read through `db`, the database itself and never a transaction, so the cache applies.
 */
export function createCatalogLoaders(db: Db, viewer: Viewer, entryCache?: FeedCache) {
  return {
    departmentById: new DataLoader<number, DepartmentRow | null>(async (ids) => {
      const rows = await departmentsByIds(db, ids);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    itemsByResourceId: new DataLoader<number, DataItemRow[]>(async (ids) => {
      const rows = await itemsOfResources(db, ids);
      const byId = new Map<number, DataItemRow[]>(ids.map((id) => [id, []]));
      for (const r of rows) byId.get(r.resourceId)?.push(r);
      return ids.map((id) => byId.get(id) ?? []);
    }),
    visibleResourceByCode: new DataLoader<string, ResourceRow | null>(async (codes) => {
      const rows = await resourcesByCodes(db, viewer, codes, entryCache);
      const byCode = new Map(rows.map((r) => [r.code, r]));
      return codes.map((c) => byCode.get(c) ?? null);
    }),
    versionsByResourceId: new DataLoader<number, Awaited<ReturnType<typeof listVersions>>>(async (ids) => {
      const rows = await listVersions(db, ids);
      return ids.map((id) => rows.filter((r) => r.resourceId === id));
    }),
    resourceCountByDepartmentId: new DataLoader<number, number>(async (ids) => {
      const counts = await resourceCountsByDepartment(db, viewer, ids);
      return ids.map((id) => counts.get(id) ?? 0);
    }),
  };
}

export type CatalogLoaders = ReturnType<typeof createCatalogLoaders>;
