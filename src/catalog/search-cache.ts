// Cached catalog search results, as a search server keeps its query-result and facet caches: for
// a search, the ids of its first RANKED_WINDOW matches in rank order, its facets and its total,
// each keyed by what its statement is built from: the viewer's catalog visibility, every field of
// the filter, and the order (catalog.service.ts CompiledFilter.key, rankedKey).
//
// What is never cached: the rows. A page reads its resources live by id and re-checks them
// against the same filter (visibility included), so a cached list cannot show an entry the viewer
// may not see now, nor an old name or item. What can lag is which entries match and the counts,
// and only until the catalog's change feed (drizzle/0012: every write to resources, data items or
// departments notifies `catalog_changed` at commit) reaches this process, which then drops
// everything. While the feed is not connected, nothing is cached or served from the cache; nor
// while this process itself is writing the catalog (from its write until the feed reports a
// commit), so whoever changes the catalog sees the change on their next search.
//
// The cache itself is a FeedCache (src/db/feed-cache.ts), as are the access and account caches.

/** How many ranked ids of a search are kept: pages within them are served from one entry. */
export const RANKED_WINDOW = 200;
