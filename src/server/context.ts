// The request context: who asks, the database, the per-request loaders and access decisions,
// the request id and client address, and the provenance of what was served (R15).
import type { Database, Db } from "../db/client.js";
import type { Viewer } from "../auth/viewer.js";
import { createCatalogLoaders, type CatalogLoaders } from "../catalog/catalog.loaders.js";
import { createAccessMemo, type PreparedAccess } from "../policy/access.context.js";
import type { Purpose } from "../policy/access.js";
import type { Provenance } from "../records/record.type.js";
import { databaseBuckets, type BucketStore } from "./rate-limit.js";

export interface Context {
  requestId: string;
  clientAddress: string | null;
  viewer: Viewer;
  db: Db;
  database: Database;
  loaders: CatalogLoaders;
  /** The access decision for a resource and purpose, once per request (invariant 1). */
  access: (resourceCode: string, purpose: Purpose) => Promise<PreparedAccess>;
  /** Secret of the keyed-hash masking strategy. */
  maskingSecret: string;
  /** Verification calls a minute per account (a stricter bucket than reads). */
  verifyPerMinute: number;
  /** Where rate-limit buckets are counted (the database, or Redis). */
  buckets: BucketStore;
  /** Working days a provider has to decide a share request (R12). */
  shareDecisionWorkingDays: number;
  /** Sources of the data served in this response, echoed in the response extensions. */
  provenance: Provenance[];
}

export interface ContextOptions {
  requestId: string;
  clientAddress?: string | null;
  maskingSecret: string;
  shareDecisionWorkingDays?: number;
  verifyPerMinute?: number;
  buckets?: BucketStore;
}

export function createContext(database: Database, viewer: Viewer, opts: ContextOptions): Context {
  return {
    requestId: opts.requestId,
    clientAddress: opts.clientAddress ?? null,
    viewer,
    db: database.db,
    database,
    loaders: createCatalogLoaders(database.db, viewer, database.entryCache),
    access: createAccessMemo(database.db, viewer, database.accessCache),
    maskingSecret: opts.maskingSecret,
    shareDecisionWorkingDays: opts.shareDecisionWorkingDays ?? 3,
    verifyPerMinute: opts.verifyPerMinute ?? 60,
    buckets: opts.buckets ?? databaseBuckets(database.db),
    provenance: [],
  };
}
