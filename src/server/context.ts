// The request context: who asks, the database, the per-request loaders, the request id.
import type { Database, Db } from "../db/client.js";
import type { Viewer } from "../auth/viewer.js";
import { createCatalogLoaders, type CatalogLoaders } from "../catalog/catalog.loaders.js";

export interface Context {
  requestId: string;
  viewer: Viewer;
  db: Db;
  database: Database;
  loaders: CatalogLoaders;
}

export function createContext(database: Database, viewer: Viewer, requestId: string): Context {
  return {
    requestId,
    viewer,
    db: database.db,
    database,
    loaders: createCatalogLoaders(database.db, viewer),
  };
}
