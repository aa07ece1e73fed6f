// The bench's synthetic data (bench/perf/lib/synth.ts) must be the same on every load and obey
// the catalog's rules, or the figures of two runs would not be comparable and the gateway would
// serve data it could never have accepted.
import { describe, expect, it } from "vitest";
import { generatePopulation, generateResources, type ResourcePlan } from "../../bench/perf/lib/synth.js";
import { field, pgArray } from "../../bench/perf/lib/copy.js";
import { areaOf } from "../../bench/perf/lib/profile.js";
import { isValidIdCard } from "../../src/records/identifiers.js";
import { isAllowedShareOpenPair } from "../../src/catalog/rules.js";
import { buildPeople } from "../../src/demo/people.js";

const plan = (): ResourcePlan => ({
  count: 400,
  items: 8_000,
  firstResourceId: 100,
  firstItemId: 1_000,
  departments: [
    { id: 2, seq: 2, shortName: "公安局" },
    { id: 13, seq: 13, shortName: "发改委" },
  ],
  usedOrders: new Map([["J01-002", 3]]),
});

describe("bench data", () => {
  it("gives every person a valid identity number no one else (nor the demo city) has, the same on every load", () => {
    const a = [...generatePopulation(20_000)];
    const b = [...generatePopulation(20_000)];
    expect(b).toEqual(a);
    const ids = a.map((p) => p.key);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => isValidIdCard(id))).toBe(true);
    const demo = new Set(buildPeople().map((p) => p.idNumber));
    expect(ids.some((id) => demo.has(id))).toBe(false);
    // The items of 人口基本信息 (J01-002-0001), so masking meets the same values as on the demo.
    expect(Object.keys(a[0].data).sort()).toEqual(
      ["address", "birth_date", "ethnicity", "gender", "household_district", "id_number", "mobile", "name", "photo"].sort(),
    );
  });

  it("makes resources the catalog's rules allow, with unique codes and the planned number of items", () => {
    const rs = [...generateResources(plan())];
    expect(rs).toHaveLength(400);
    expect(rs.reduce((n, r) => n + r.items.length, 0)).toBe(8_000);
    expect(new Set(rs.map((r) => r.code)).size).toBe(400);
    // Order numbers continue after the ones already taken (J01-002-0001…0003 exist).
    expect(rs.some((r) => /^J01-002-000[123]$/.test(r.code))).toBe(false);
    for (const r of rs) {
      expect(isAllowedShareOpenPair(r.shareType, r.openType)).toBe(true);
      if (r.category === "BASE") expect(r.shareType).toBe("UNCONDITIONAL"); // R4
      expect(r.shareType === "NOT_SHARED").toBe(Boolean(r.legalBasis)); // R3
      expect(r.shareType === "CONDITIONAL").toBe(Boolean(r.shareCondition));
      expect(new Set(r.items.map((i) => i.code)).size).toBe(r.items.length);
      for (const i of r.items) if (i.sensitivity !== "L1") expect(i.maskingStrategy).not.toBe("NONE"); // R20
    }
    expect([...generateResources(plan())]).toEqual(rs);
  });

  it("escapes COPY text fields and array literals", () => {
    expect(field(null)).toBe("\\N");
    expect(field("a\tb\nc\\d")).toBe("a\\tb\\nc\\\\d");
    expect(field({ k: "v" })).toBe('{"k":"v"}');
    expect(pgArray(['a"b', "c\\d"])).toBe('{"a\\"b","c\\\\d"}');
  });

  it("sorts profile samples into areas: packages, source directories, Node, the collector", () => {
    expect(areaOf("file:///w/node_modules/@apollo/server/dist/esm/x.js", "f")).toBe("@apollo/server");
    expect(areaOf("file:///w/node_modules/graphql/execution/execute.js", "f")).toBe("graphql");
    expect(areaOf("file:///w/src/records/records.service.ts", "f")).toBe("src/records");
    expect(areaOf("node:internal/streams/writable", "f")).toBe("Node.js internals");
    expect(areaOf("", "(garbage collector)")).toBe("garbage collection");
  });
});
