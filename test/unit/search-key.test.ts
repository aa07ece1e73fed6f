// The search cache keys a search by what its statements are built from (catalog.service.ts
// CompiledFilter.key, rankedKey), not by their rendered text. That is safe only if two searches
// with the same key get the same condition: the same visibility (R3, R7: the public never gets a
// government search's ranked ids or facets) and the same filter. Checked here over viewers of
// every kind and filters with every field, given in different orders.
import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import type { Viewer } from "../../src/auth/viewer.js";
import { testViewer } from "../support/viewers.js";
import { ANONYMOUS } from "../../src/auth/viewer.js";
import { buildFilter, compileFilter, rankedKey, type ResourceFilterInput } from "../../src/catalog/catalog.service.js";

const dialect = new PgDialect();
const viewer = testViewer;

const VIEWERS: Viewer[] = [
  ANONYMOUS,
  viewer(1, ["PUBLIC_USER"], null),
  viewer(3, ["CONSUMER"], 3),
  viewer(5, ["PROVIDER"], 4),
  viewer(7, ["COORDINATOR"], 1),
  viewer(9, ["ANALYST"], null),
  viewer(10, ["PUBLIC_USER"], 3),
];

const FILTERS: ResourceFilterInput[] = [
  {},
  { search: null },
  { search: "人口" },
  { search: "人口 " },
  { search: "人口 户籍" },
  { search: "%_" },
  { search: "人口", openType: "UNCONDITIONAL" },
  { openType: "UNCONDITIONAL", search: "人口" },
  { shareType: "CONDITIONAL" },
  { departmentCode: "11330100MB0000001X" },
  { category: "BASE" },
  { theme: "社会保障" },
  { updateCycle: "DAILY" },
  { updatedSince: new Date("2026-01-01T00:00:00Z") },
  { updatedSince: new Date("2026-01-02T00:00:00Z") },
  { search: "企业", departmentCode: "11330100MB0000001X", category: "THEME", theme: "市场监管", shareType: "UNCONDITIONAL", openType: "CONDITIONAL", updateCycle: "MONTHLY", updatedSince: new Date("2025-06-01T00:00:00Z") },
];

const rendered = (v: Viewer, f: ResourceFilterInput, compile = buildFilter) => {
  const c = compile(v, f);
  return { key: c.key, sql: JSON.stringify([dialect.sqlToQuery(c.where), c.search]) };
};

describe("the search cache's keys", () => {
  it("are equal only for searches whose statements are the same", () => {
    const all = VIEWERS.flatMap((v) => FILTERS.map((f) => rendered(v, f)));
    let sharedKeys = 0;
    for (const a of all) {
      for (const b of all) {
        if (a.key === b.key) {
          sharedKeys++;
          expect(b.sql).toBe(a.sql);
        }
      }
    }
    // Viewers of the same visibility do share keys (the cache is of use).
    expect(sharedKeys).toBeGreaterThan(all.length);
  });

  it("never give the public a government search's key", () => {
    for (const f of FILTERS) {
      expect(rendered(ANONYMOUS, f).key).not.toBe(rendered(viewer(3, ["CONSUMER"], 3), f).key);
      expect(rendered(viewer(10, ["PUBLIC_USER"], 3), f).key).not.toBe(rendered(viewer(7, ["COORDINATOR"], 1), f).key);
    }
  });

  it("do not depend on the order the filter's fields were given in", () => {
    expect(rendered(ANONYMOUS, { search: "人口", openType: "UNCONDITIONAL" }).key).toBe(
      rendered(ANONYMOUS, { openType: "UNCONDITIONAL", search: "人口" }).key,
    );
  });

  it("give back, from the compiled filters kept, the condition a fresh compilation gives this viewer and filter", () => {
    // Interleaved so that every key is looked up after other viewers' and filters' searches.
    for (let round = 0; round < 3; round++) {
      for (const f of FILTERS) {
        for (const v of round % 2 ? [...VIEWERS].reverse() : VIEWERS) {
          expect(rendered(v, f, compileFilter)).toEqual(rendered(v, f));
        }
      }
    }
    expect(Object.isFrozen(compileFilter(ANONYMOUS, { search: "人口" }))).toBe(true);
  });

  it("still refuse an over-long search when the filter was compiled before", () => {
    expect(() => compileFilter(ANONYMOUS, { search: "人".repeat(101) })).toThrow();
    expect(() => compileFilter(ANONYMOUS, { search: "人".repeat(101) })).toThrow();
  });

  it("tell ranked ids of different orders apart", () => {
    const c = compileFilter(ANONYMOUS, { search: "人口" });
    const keys = new Set([
      rankedKey(c, null),
      rankedKey(c, [{ field: "NAME", direction: "ASC" }]),
      rankedKey(c, [{ field: "NAME", direction: "DESC" }]),
      rankedKey(c, [{ field: "CODE", direction: "ASC" }, { field: "NAME", direction: "ASC" }]),
    ]);
    expect(keys.size).toBe(4);
    expect(rankedKey(c, null)).toBe(rankedKey(compileFilter(viewer(1, ["PUBLIC_USER"], null), { search: "人口" }), undefined));
  });
});
