// Cached catalog entries, as the detail page reads them: `resource(code)` with the fields,
// items and versions its operation selects, and the related entries' loader
// (catalog.loaders.ts). A catalog changes a few times a day and its detail pages are read all day
// long, so each entry is read once and then served from memory until anything it shows changes.
//
// Each entry is kept under everything its statement is built from: the viewer's entry visibility
// (entryVisibilityKey: the public, government, or a department, which also sees its own drafts),
// the parts asked for (catalog.service partsKey) and the code; the related entries under the
// catalog visibility (public or government) and their codes. So an entry kept for one viewer is
// served only to viewers for whom the same statement would return it. What depends on the viewer
// beyond that is decided after the cache, as for an entry read live: the public sees versions
// without who made them or the reviewers' notes (resource.resolver.ts versions).
//
// The cache is a FeedCache (src/db/feed-cache.ts), as are the search, access and account caches:
// on only while the change feed is connected; dropped whole on every change to resources, data
// items, departments, accounts (a version names who made it) or resource versions (drizzle/0012,
// 0014, 0017), reported at commit by whoever wrote it; off while this process is writing them
// until the feed reports the commit, so whoever edits an entry sees the edit on the next read;
// never used inside a transaction, which may see its own writes. Entries are shared between
// requests and never changed after they are read. `ENTRY_CACHE_ENTRIES` (default 2,000; 0: off).
import type { Viewer } from "../auth/viewer.js";
import { catalogVisibilityKey, entryVisibilityKey } from "../policy/catalog.js";

/** The key of an entry read by code for this viewer with these parts (catalog.service partsKey). */
export function entryKey(viewer: Viewer, parts: string, code: string): string {
  return JSON.stringify(["entry", entryVisibilityKey(viewer), parts, code]);
}

/** The key of a batch of entries read by code within the viewer's catalog visibility. */
export function entriesKey(viewer: Viewer, codes: readonly string[]): string {
  return JSON.stringify(["entries", catalogVisibilityKey(viewer), [...codes].sort()]);
}
