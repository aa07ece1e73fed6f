// The search cache's rules (src/catalog/search-cache.ts): nothing cached unless on and live,
// identical searches computed once, nothing kept that was computed across a catalog change,
// nothing used while this process writes the catalog, failures never kept, least recently used
// dropped first.
import { afterEach, describe, expect, it, vi } from "vitest";
import { FeedCache, WRITE_HOLD_MS } from "../../src/db/feed-cache.js";

function counter() {
  let n = 0;
  return { compute: async () => ++n, get count() { return n; } };
}

describe("FeedCache", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("computes every time while the change feed is not connected, or when sized 0", async () => {
    for (const cache of [new FeedCache(10), new FeedCache(0)]) {
      if (cache.maxEntries === 0) cache.setLive(true);
      const c = counter();
      await cache.get("k", c.compute);
      await cache.get("k", c.compute);
      expect(c.count).toBe(2);
      expect(cache.enabled).toBe(false);
    }
  });

  it("answers from the cache once live, and computes a search that many ask for at once only once", async () => {
    const cache = new FeedCache(10);
    cache.setLive(true);
    let calls = 0;
    let release!: (v: number) => void;
    const slow = () => { calls++; return new Promise<number>((r) => (release = r)); };
    const waiting = [cache.get("k", slow), cache.get("k", slow), cache.get("k", slow)];
    release(42);
    expect(await Promise.all(waiting)).toEqual([42, 42, 42]);
    expect(await cache.get("k", slow)).toBe(42);
    expect(calls).toBe(1);
    expect(cache.hits).toBe(3);
    expect(cache.misses).toBe(1);
  });

  it("does not keep a result computed while the catalog changed", async () => {
    const cache = new FeedCache(10);
    cache.setLive(true);
    let release!: (v: string) => void;
    const p = cache.get("k", () => new Promise<string>((r) => (release = r)));
    cache.invalidate();
    release("old");
    expect(await p).toBe("old");
    expect(await cache.get("k", async () => "new")).toBe("new");
  });

  it("turns off while this process writes the catalog, until the feed reports the commit", async () => {
    const cache = new FeedCache(10);
    cache.setLive(true);
    await cache.get("k", async () => "before");
    cache.writing();
    expect(cache.enabled).toBe(false);
    expect(await cache.get("k", async () => "during")).toBe("during");
    expect(await cache.get("k", async () => "during again")).toBe("during again");
    cache.invalidate(); // the commit's notification
    expect(cache.enabled).toBe(true);
    expect(await cache.get("k", async () => "after")).toBe("after");
    expect(await cache.get("k", async () => "not computed")).toBe("after");
  });

  it("turns back on by itself when a write is followed by no notification (rolled back)", async () => {
    vi.useFakeTimers();
    const cache = new FeedCache(10);
    cache.setLive(true);
    cache.writing();
    vi.advanceTimersByTime(WRITE_HOLD_MS - 1);
    expect(cache.enabled).toBe(false);
    vi.advanceTimersByTime(2);
    expect(cache.enabled).toBe(true);
  });

  it("drops everything when the feed is lost, and keeps nothing until it is back", async () => {
    const cache = new FeedCache(10);
    cache.setLive(true);
    await cache.get("k", async () => 1);
    cache.setLive(false);
    expect(await cache.get("k", async () => 2)).toBe(2);
    cache.setLive(true);
    expect(cache.size).toBe(0);
    expect(await cache.get("k", async () => 3)).toBe(3);
  });

  it("never keeps a failure", async () => {
    const cache = new FeedCache(10);
    cache.setLive(true);
    await expect(cache.get("k", async () => { throw new Error("statement timeout"); })).rejects.toThrow("statement timeout");
    expect(await cache.get("k", async () => "ok")).toBe("ok");
  });

  it("drops the least recently used search beyond its size", async () => {
    const cache = new FeedCache(2);
    cache.setLive(true);
    await cache.get("a", async () => "a1");
    await cache.get("b", async () => "b1");
    await cache.get("a", async () => "a2"); // a is now the most recent
    await cache.get("c", async () => "c1"); // b goes
    expect(cache.size).toBe(2);
    expect(await cache.get("a", async () => "a3")).toBe("a1");
    expect(await cache.get("b", async () => "b2")).toBe("b2");
  });
});

describe("the change feed's notices (dropOnChange)", () => {
  it("drops the caches that read the changed table, and all of them for a notice it does not know", async () => {
    const { dropOnChange } = await import("../../src/db/client.js");
    const search = new FeedCache(10);
    const access = new FeedCache(10);
    const account = new FeedCache(10);
    const entry = new FeedCache(10);
    for (const c of [search, access, account, entry]) c.setLive(true);
    // [search, access, account, entry] entries left after a change to the table (1 kept, 0 dropped).
    const expected: Array<[string | undefined, number[]]> = [
      ["resources", [0, 0, 1, 0]],
      ["data_items", [0, 0, 1, 0]],
      ["departments", [0, 0, 0, 0]], // a renamed department changes a signed-in viewer too
      ["grants", [1, 0, 1, 1]],
      ["open_applications", [1, 0, 1, 1]],
      ["accounts", [1, 1, 0, 0]], // a deactivated account is refused once the feed reports it (R31); a version names its author
      ["resource_versions", [1, 1, 1, 0]], // an entry's detail shows its versions (drizzle/0017)
      [undefined, [0, 0, 0, 0]],
      ["something_else", [0, 0, 0, 0]],
    ];
    for (const [table, sizes] of expected) {
      await search.get("s", async () => 1);
      await access.get("a", async () => 1);
      account.put("login", { id: 1 }, account.ticket());
      await entry.get("e", async () => 1);
      dropOnChange({ search, access, account, entry }, table);
      expect([search.size, access.size, account.size, entry.size], String(table)).toEqual(sizes);
    }
  });
});
