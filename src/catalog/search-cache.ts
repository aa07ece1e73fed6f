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

/** How many ranked ids of a search are kept: pages within them are served from one entry. */
export const RANKED_WINDOW = 200;
/** Longest the cache stays off after a write of this process that no notification follows (a rollback). */
export const WRITE_HOLD_MS = 2000;

export class SearchCache {
  private readonly entries = new Map<string, unknown>();
  private readonly pending = new Map<string, Promise<unknown>>();
  private generation = 0;
  private live = false;
  /** Until when (Date.now()) this process's own catalog write keeps the cache off. */
  private heldUntil = 0;
  /** Answers from the cache, including those that joined a computation already under way. */
  hits = 0;
  misses = 0;
  invalidations = 0;

  /** `maxEntries` 0 turns the cache off. */
  constructor(readonly maxEntries: number) {}

  /** Whether answers come from the cache now (on, and the change feed connected). */
  get enabled(): boolean {
    return this.maxEntries > 0 && this.live && (this.heldUntil === 0 || this.release());
  }

  private release(): boolean {
    if (Date.now() < this.heldUntil) return false;
    this.heldUntil = 0;
    return true;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The value cached under `key`, else `compute()`'s, kept when no catalog change arrived while it
   * ran. Identical requests that arrive while one computes share its result.
   */
  async get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    if (!this.enabled) return compute();
    if (this.entries.has(key)) {
      const value = this.entries.get(key) as T;
      // Least recently used goes first: move this one to the end.
      this.entries.delete(key);
      this.entries.set(key, value);
      this.hits++;
      return value;
    }
    const under = this.pending.get(key);
    if (under) {
      this.hits++;
      return under as Promise<T>;
    }
    this.misses++;
    const generation = this.generation;
    const p = compute().then(
      (value) => {
        if (this.pending.get(key) === p) this.pending.delete(key);
        if (generation === this.generation && this.enabled) {
          this.entries.set(key, value);
          if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
        }
        return value;
      },
      (err: unknown) => {
        if (this.pending.get(key) === p) this.pending.delete(key);
        throw err;
      },
    );
    this.pending.set(key, p);
    return p;
  }

  /**
   * What is cached under `key` now, without computing anything (undefined when nothing is, or the
   * cache is off). For values read together with something that must not be cached (an account
   * read in the statement that charges its rate-limit buckets): `ticket` before the read, `put`
   * after it.
   */
  peek<T>(key: string): T | undefined {
    if (!this.enabled || !this.entries.has(key)) {
      this.misses++;
      return undefined;
    }
    const value = this.entries.get(key) as T;
    this.entries.delete(key);
    this.entries.set(key, value);
    this.hits++;
    return value;
  }

  /** Taken before reading a value for `put`: a value read while the catalog changed is not kept. */
  ticket(): number {
    return this.generation;
  }

  /** Keeps `value` under `key` if nothing was dropped since `ticket` was taken and the cache is on. */
  put(key: string, value: unknown, ticket: number): void {
    if (ticket !== this.generation || !this.enabled) return;
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  /** The catalog changed (a commit reported by the feed): forget everything, including results being computed now. */
  invalidate(): void {
    this.heldUntil = 0;
    this.generation++;
    this.invalidations++;
    this.entries.clear();
    this.pending.clear();
  }

  /**
   * This process is writing the catalog: forget everything and stop caching until the feed
   * reports a commit (invalidate), or WRITE_HOLD_MS pass without one.
   */
  writing(): void {
    this.invalidate();
    this.heldUntil = Date.now() + WRITE_HOLD_MS;
  }

  /** The change feed connected (true) or was lost (false); either way what is cached is dropped. */
  setLive(live: boolean): void {
    if (live === this.live) return;
    this.invalidate();
    this.live = live;
  }
}
