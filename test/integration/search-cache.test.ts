// The search cache (src/catalog/search-cache.ts): a repeated search takes its ranked ids, facets
// and total from the cache, but never an entry the viewer may not see now (R8, R9: the public
// sees the open catalog only; a retired entry leaves the catalog at once), and any change to the
// catalog (through the gateway, or written by anything else and reported by the change feed,
// drizzle/0012) is seen by the next search.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cutCatalogFeed, engines } from "../support/db.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { until } from "../support/wait.js";
import { ANONYMOUS } from "../../src/auth/viewer.js";
import { compileFilter, listResources } from "../../src/catalog/catalog.service.js";
import { FeedCache } from "../../src/db/feed-cache.js";

const SEARCH = `query($s: String!, $first: Int) { resources(filter: { search: $s }, first: $first) {
  totalCount facets { openType { value count } } nodes { code name openType provider { name } } } }`;

describe.each(engines)("search cache on %s", (engine) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway(engine);
    // On PostgreSQL the change feed connects beside the pool, just after start.
    await until("the change feed listens", () => gw.testDb.database.searchCache.enabled);
  });
  afterAll(async () => {
    await gw?.close();
  });

  const cache = () => gw.testDb.database.searchCache;
  const search = (s: string, as?: string, first = 100) => gw.gql(SEARCH, { s, first }, as ? { as } : {});

  it("answers a repeated search from the cache with the same result", async () => {
    cache().invalidate();
    const first = await search("人口", "analyst");
    const hits = cache().hits;
    const again = await gw.countStatements(() => search("人口", "analyst"));
    expect(again.result.errors).toBeUndefined();
    expect(again.result.data).toEqual(first.data);
    expect(cache().hits).toBe(hits + 2); // the ranked ids and the facets
    expect(again.statements.join("\n")).not.toMatch(/grouping sets/i);
  });

  it("keeps the public's and the government's searches apart: the public never sees NOT_OPEN entries, cached or not", async () => {
    cache().invalidate();
    const gov = await search("信息", "analyst");
    const pub = await search("信息");
    const govNotOpen = gov.data.resources.nodes.filter((n: any) => n.openType === "NOT_OPEN");
    expect(govNotOpen.length).toBeGreaterThan(0);
    expect(pub.data.resources.totalCount).toBeLessThan(gov.data.resources.totalCount);
    // Now both are cached: each viewer still gets its own.
    for (let i = 0; i < 2; i++) {
      const pubAgain = await search("信息");
      const citizen = await search("信息", "citizen");
      expect(pubAgain.data).toEqual(pub.data);
      expect(citizen.data).toEqual(pub.data);
      expect(pubAgain.data.resources.nodes.some((n: any) => n.openType === "NOT_OPEN")).toBe(false);
      expect((await search("信息", "analyst")).data).toEqual(gov.data);
    }
  });

  it("shows a change made through the gateway on the next search: a retired entry leaves the results and the counts", async () => {
    const before = await search("人口", "analyst");
    await search("人口", "analyst"); // cached now
    const police = before.data.resources.nodes.find((n: any) => n.provider.name === "市公安局");
    expect(police, "an entry of the city's public security bureau matches 人口").toBeTruthy();
    const retired = await gw.gql(
      `mutation($c: String!) { retireResource(code: $c, reason: "检索缓存测试：停用") { code status } }`,
      { c: police.code },
      { as: "police" },
    );
    expect(retired.errors).toBeUndefined();
    const after = await search("人口", "analyst");
    expect(after.data.resources.nodes.map((n: any) => n.code)).not.toContain(police.code);
    expect(after.data.resources.totalCount).toBe(before.data.resources.totalCount - 1);
  });

  it("reads a cached page's entries live: an entry that stopped matching is not shown even before the cache is told", async () => {
    // A cache of its own, not connected to the change feed, stands for one whose notification
    // has not arrived yet.
    const own = new FeedCache(10);
    own.setLive(true);
    const db = gw.testDb.database.db;
    const compiled = compileFilter(ANONYMOUS, { search: "信息" });
    const first = await listResources(db, compiled, null, 20, 0, {}, own);
    expect(first.rows.length).toBe(20);
    const gone = first.rows[3];
    await db.execute((await import("drizzle-orm")).sql`update resources set open_type = 'NOT_OPEN' where id = ${gone.id}`);
    const hits = own.hits;
    const second = await listResources(db, compiled, null, 20, 0, {}, own);
    expect(own.hits).toBe(hits + 1);
    expect(second.rows.map((r) => r.code)).not.toContain(gone.code);
    expect(second.rows.map((r) => r.code)).toEqual(first.rows.map((r) => r.code).filter((c) => c !== gone.code));
    // The gateway's own cache was told: the public's search no longer finds it at all.
    const pub = await search("信息");
    expect(pub.data.resources.nodes.map((n: any) => n.code)).not.toContain(gone.code);
  });

  it("pages through cached ranked ids exactly as through the database", async () => {
    const q = `query($after: String) { resources(filter: { search: "信息" }, first: 7, after: $after) {
      pageInfo { hasNextPage endCursor } nodes { code } } }`;
    const walk = async () => {
      const codes: string[] = [];
      let after: string | null = null;
      for (;;) {
        const r: any = await gw.gql(q, { after }, { as: "analyst" });
        codes.push(...r.data.resources.nodes.map((n: any) => n.code));
        if (!r.data.resources.pageInfo.hasNextPage) return codes;
        after = r.data.resources.pageInfo.endCursor;
      }
    };
    cache().invalidate();
    const cached = await walk();
    await walk(); // now every page within the window comes from the cached ids
    const total = (await search("信息", "analyst")).data.resources.totalCount;
    expect(cached).toHaveLength(total);
    expect(new Set(cached).size).toBe(total);
    const off = new FeedCache(0);
    const direct = await listResources(gw.testDb.database.db, compileFilter({ ...ANONYMOUS, roles: ["ANALYST"], accountId: 1, login: "analyst", name: "x", department: { id: 1, code: "x", name: "x" } }, { search: "信息" }), null, 1000, 0, {}, off);
    expect(cached).toEqual(direct.rows.map((r) => r.code));
  });

  if (engine === "postgres") {
    it("drops cached searches when another process changes the catalog (the change feed)", async () => {
      const before = await search("人口", "analyst");
      await search("人口", "analyst");
      const victim = before.data.resources.nodes[0].code;
      const invalidations = cache().invalidations;
      const other = new pg.Client({ connectionString: gw.testDb.url });
      await other.connect();
      try {
        await other.query(`update resources set status = 'RETIRED' where code = $1`, [victim]);
      } finally {
        await other.end();
      }
      await until("the feed reports the change", () => cache().invalidations > invalidations);
      const after = await search("人口", "analyst");
      expect(after.data.resources.nodes.map((n: any) => n.code)).not.toContain(victim);
      expect(after.data.resources.totalCount).toBe(before.data.resources.totalCount - 1);
    });

    it("stops caching while the feed is lost and starts again when it is back", async () => {
      await cutCatalogFeed(gw.testDb.url!);
      await until("the cache turns off", () => !cache().enabled);
      const hits = cache().hits;
      const a = await search("人口", "analyst");
      const b = await search("人口", "analyst");
      expect(b.data).toEqual(a.data);
      expect(cache().hits).toBe(hits);
      await until("the feed listens again", () => cache().enabled);
      await search("人口", "analyst");
      await search("人口", "analyst");
      expect(cache().hits).toBeGreaterThan(hits);
    });
  }
});

// The feed's own reconnecting, against a PostgreSQL that refuses connections for a while (a proxy
// that hangs up, then forwards): the search cache must come back on by itself, however many
// attempts fail before the database accepts again.
describe.runIf(engines.includes("postgres"))("catalog change feed reconnecting", () => {
  it("keeps trying while the database refuses, and turns the cache on once it listens", async () => {
    const net = await import("node:net");
    const { listenForCatalogChanges } = await import("../../src/db/client.js");
    const { createTestDatabase } = await import("../support/db.js");
    const t = await createTestDatabase("postgres");
    const target = new URL(t.url!);
    let forwarding = false;
    let refused = 0;
    const sockets = new Set<import("node:net").Socket>();
    const proxy = net.createServer((inbound) => {
      sockets.add(inbound);
      if (!forwarding) {
        refused++;
        inbound.destroy();
        return;
      }
      const outbound = net.connect(Number(target.port || 5432), target.hostname);
      sockets.add(outbound);
      inbound.pipe(outbound).pipe(inbound);
      const close = () => { inbound.destroy(); outbound.destroy(); };
      inbound.on("error", close).on("close", close);
      outbound.on("error", close).on("close", close);
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    const via = new URL(t.url!);
    via.hostname = "127.0.0.1";
    via.port = String((proxy.address() as import("node:net").AddressInfo).port);
    const cache = new FeedCache(10);
    const access = new FeedCache(10);
    const feed = listenForCatalogChanges(via.toString(), { search: cache, access, account: new FeedCache(10), entry: new FeedCache(10) }, 50);
    try {
      await until("several attempts were refused", () => refused >= 3);
      expect(cache.enabled).toBe(false);
      expect(access.enabled).toBe(false);
      forwarding = true;
      await until("the feed listens again", () => cache.enabled && access.enabled);
    } finally {
      await feed.stop();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => proxy.close(() => r()));
      await t.drop();
    }
  });
});
