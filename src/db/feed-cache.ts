// A cache kept live by the database's change feed (src/db/client.ts listenForCatalogChanges,
// drizzle/0012–0014): an LRU of at most `maxEntries` values, with identical computations under way
// shared, used only while the feed is connected, dropped on every notice that concerns it, and
// held off while this process writes what it caches, until the feed reports the commit. The
// catalog search cache (src/catalog/search-cache.ts), the access cache
// (src/policy/access.context.ts) and the account cache (src/server/authenticate.ts) are three.

/** Longest the cache stays off after a write of this process that no notification follows (a rollback). */
export const WRITE_HOLD_MS = 2000;

export class FeedCache {
  private readonly entries = new Map<string, unknown>();
  private readonly pending = new Map<string, Promise<unknown>>();
  private generation = 0;
  private live = false;
  /** Until when (Date.now()) this process's own write keeps the cache off. */
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
   * The value cached under `key`, else `compute()`'s, kept when no change arrived while it
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
    if (!this.enabled) return undefined;
    if (!this.entries.has(key)) {
      this.misses++;
      return undefined;
    }
    const value = this.entries.get(key) as T;
    this.entries.delete(key);
    this.entries.set(key, value);
    this.hits++;
    return value;
  }

  /** Taken before reading a value for `put`: a value read while a change arrived is not kept. */
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

  /** A change was committed (reported by the feed): forget everything, including values being computed now. */
  invalidate(): void {
    this.heldUntil = 0;
    this.generation++;
    this.invalidations++;
    this.entries.clear();
    this.pending.clear();
  }

  /**
   * This process is writing what is cached: forget everything and stop caching until the feed
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
