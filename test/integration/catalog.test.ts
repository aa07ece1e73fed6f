// The catalog read API as front-end teams use it, on both engines: paging, filters, Chinese
// search, facets, who sees what (R3, R7), and the fixed statement count of nested lookups.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engines } from "../support/db.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

const PAGE = `query Page($filter: ResourceFilter, $first: Int, $after: String, $orderBy: [ResourceOrder!]) {
  resources(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    nodes { code name shareType openType category theme updateCycle updatedAt legalBasis provider { code name } }
  }
}`;

const FACETS = `query F($filter: ResourceFilter) {
  resources(filter: $filter, first: 0) {
    totalCount
    facets {
      shareType { value label count }
      openType { value label count }
      category { value label count }
      department { value label count }
    }
  }
}`;

const DETAIL = `query D($code: String!) {
  resource(code: $code) {
    code name summary category theme format updateCycle shareType shareCondition shareMethods
    legalBasis openType openCondition publishedAt updatedAt dataUpdatedAt sourceSystem
    provider { code name kind }
    items { code name dataType length sensitivity maskingStrategy description }
    relatedResources { code name openType }
  }
}`;

describe.each(engines)("catalog API on %s", (engine) => {
  let gw: TestGateway;
  const codeOf = new Map<string, string>();
  const all: any[] = [];

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    let after: string | null = null;
    for (;;) {
      const r: any = await gw.gql(PAGE, { first: 100, after, orderBy: [{ field: "CODE", direction: "ASC" }] }, { as: "coordinator" });
      expect(r.errors).toBeUndefined();
      all.push(...r.data.resources.nodes);
      if (!r.data.resources.pageInfo.hasNextPage) break;
      after = r.data.resources.pageInfo.endCursor;
    }
    for (const n of all) codeOf.set(n.name, n.code);
  });
  afterAll(async () => {
    await gw?.close();
  });

  describe("paging", () => {
    it("serves 20 by default and says there is more", async () => {
      const r = await gw.gql(PAGE, {}, { as: "health" });
      expect(r.errors).toBeUndefined();
      expect(r.data.resources.nodes).toHaveLength(20);
      expect(r.data.resources.pageInfo.hasNextPage).toBe(true);
      expect(r.data.resources.pageInfo.hasPreviousPage).toBe(false);
      expect(r.data.resources.totalCount).toBe(all.length);
    });

    it("walks every page once with `after`, no resource twice, none missed", async () => {
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const r: any = await gw.gql(PAGE, { first: 7, after, orderBy: [{ field: "NAME", direction: "DESC" }] }, { as: "police" });
        expect(r.errors).toBeUndefined();
        seen.push(...r.data.resources.nodes.map((n: any) => n.code));
        after = r.data.resources.pageInfo.hasNextPage ? r.data.resources.pageInfo.endCursor : null;
        pages++;
      } while (after);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBe(all.length);
      expect(pages).toBe(Math.ceil(all.length / 7));
    });

    it("refuses more than 100 a page, and negative sizes, as BAD_USER_INPUT", async () => {
      for (const first of [101, 1000, -1]) {
        const r = await gw.gql(PAGE, { first });
        expect(r.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
        expect(r.data).toBeNull();
      }
    });

    it("refuses a forged cursor as BAD_USER_INPUT", async () => {
      const r = await gw.gql(PAGE, { after: "not-a-cursor" });
      expect(r.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    });

    it("orders by update time, newest first", async () => {
      const r = await gw.gql(PAGE, { first: 100, orderBy: [{ field: "UPDATED_AT", direction: "DESC" }] }, { as: "analyst" });
      const times = r.data.resources.nodes.map((n: any) => Date.parse(n.updatedAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });
  });

  describe("Chinese search", () => {
    it("finds the population register by the two-character word 人口, best match first", async () => {
      const r = await gw.gql(PAGE, { filter: { search: "人口" } }, { as: "health" });
      expect(r.errors).toBeUndefined();
      const names = r.data.resources.nodes.map((n: any) => n.name);
      expect(names[0]).toBe("人口基本信息");
      for (const n of r.data.resources.nodes) expect(all.find((a) => a.code === n.code)).toBeTruthy();
    });

    it("finds resources by the name of a data item (统一社会信用代码)", async () => {
      const r = await gw.gql(PAGE, { filter: { search: "统一社会信用代码" } }, { as: "health" });
      expect(r.data.resources.nodes.map((n: any) => n.name)).toContain("法人单位基本信息");
    });

    it("finds a substring inside a word (参保 in 社会保险参保信息)", async () => {
      const r = await gw.gql(PAGE, { filter: { search: "参保" } }, { as: "health" });
      expect(r.data.resources.nodes.map((n: any) => n.name)).toContain("社会保险参保信息");
    });

    it("matches a longer phrase word by word (户籍人口信息)", async () => {
      const r = await gw.gql(PAGE, { filter: { search: "户籍人口信息" } }, { as: "health" });
      expect(r.data.resources.nodes.map((n: any) => n.name)).toContain("人口基本信息");
    });

    it("requires every space-separated part", async () => {
      const both = await gw.gql(PAGE, { filter: { search: "人口 婚姻" }, first: 100 }, { as: "health" });
      const one = await gw.gql(PAGE, { filter: { search: "人口" }, first: 100 }, { as: "health" });
      expect(both.data.resources.totalCount).toBeLessThan(one.data.resources.totalCount);
    });

    it("treats % and _ as plain characters, not wildcards", async () => {
      for (const q of ["%", "_", "%%", "人%口"]) {
        const r = await gw.gql(PAGE, { filter: { search: q } }, { as: "health" });
        expect(r.errors).toBeUndefined();
        expect(r.data.resources.totalCount).toBe(0);
      }
    });

    it("finds nothing for a word that is nowhere, and refuses an over-long query", async () => {
      const r = await gw.gql(PAGE, { filter: { search: "量子纠缠" } }, { as: "health" });
      expect(r.data.resources.totalCount).toBe(0);
      const long = await gw.gql(PAGE, { filter: { search: "人".repeat(101) } }, { as: "health" });
      expect(long.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    });

    it("searches only what the viewer may see: the public does not find 人口基本信息", async () => {
      const r = await gw.gql(PAGE, { filter: { search: "人口" }, first: 100 });
      expect(r.data.resources.nodes.map((n: any) => n.name)).not.toContain("人口基本信息");
      for (const n of r.data.resources.nodes) expect(n.openType).not.toBe("NOT_OPEN");
    });
  });

  describe("filters and facets", () => {
    it("filters by each attribute, and every result has it", async () => {
      const police = all.find((n) => n.name === "人口基本信息").provider.code;
      const cases: Array<[Record<string, unknown>, (n: any) => boolean]> = [
        [{ shareType: "CONDITIONAL" }, (n) => n.shareType === "CONDITIONAL"],
        [{ openType: "UNCONDITIONAL" }, (n) => n.openType === "UNCONDITIONAL"],
        [{ category: "BASE" }, (n) => n.category === "BASE"],
        [{ theme: "社会保障" }, (n) => n.theme === "社会保障"],
        [{ updateCycle: "DAILY" }, (n) => n.updateCycle === "DAILY"],
        [{ departmentCode: police }, (n) => n.provider.code === police],
        [{ updatedSince: "2026-01-01T00:00:00Z" }, (n) => Date.parse(n.updatedAt) >= Date.parse("2026-01-01T00:00:00Z")],
      ];
      for (const [filter, holds] of cases) {
        const r = await gw.gql(PAGE, { filter, first: 100 }, { as: "analyst" });
        expect(r.errors, JSON.stringify(filter)).toBeUndefined();
        const expected = all.filter(holds).length;
        expect(expected, JSON.stringify(filter)).toBeGreaterThan(0);
        expect(r.data.resources.totalCount, JSON.stringify(filter)).toBe(expected);
        expect(r.data.resources.nodes.every(holds), JSON.stringify(filter)).toBe(true);
      }
    });

    it("combines filters (all must hold)", async () => {
      const r = await gw.gql(PAGE, { filter: { category: "BASE", openType: "NOT_OPEN" }, first: 100 }, { as: "analyst" });
      const expected = all.filter((n) => n.category === "BASE" && n.openType === "NOT_OPEN").length;
      expect(r.data.resources.totalCount).toBe(expected);
      expect(r.data.resources.nodes.map((n: any) => n.name)).toContain("人口基本信息");
    });

    it("an unknown department code matches nothing", async () => {
      const r = await gw.gql(PAGE, { filter: { departmentCode: "000000000000000000" } }, { as: "analyst" });
      expect(r.data.resources.totalCount).toBe(0);
    });

    it("counts facets over the filter; each facet adds up to the total", async () => {
      const r = await gw.gql(FACETS, { filter: { search: "信息" } }, { as: "analyst" });
      const { totalCount, facets } = r.data.resources;
      expect(totalCount).toBeGreaterThan(0);
      for (const key of ["shareType", "openType", "category", "department"]) {
        const sum = facets[key].reduce((s: number, f: any) => s + f.count, 0);
        expect(sum, key).toBe(totalCount);
      }
      const notShared = all.filter((n) => n.shareType === "NOT_SHARED").length;
      const full = await gw.gql(FACETS, {}, { as: "analyst" });
      expect(full.data.resources.facets.shareType.find((f: any) => f.value === "NOT_SHARED")).toEqual({
        value: "NOT_SHARED",
        label: "不予共享",
        count: notShared,
      });
      const depts = full.data.resources.facets.department;
      expect(depts.find((d: any) => d.label === "市公安局").count).toBe(all.filter((n) => n.provider.name === "市公安局").length);
    });

    it("gives the public facets without any not-open resource", async () => {
      const r = await gw.gql(FACETS, {});
      expect(r.data.resources.facets.openType.map((f: any) => f.value)).not.toContain("NOT_OPEN");
      expect(r.data.resources.facets.shareType.map((f: any) => f.value)).not.toContain("NOT_SHARED");
    });
  });

  describe("who sees what (R3, R7)", () => {
    it("shows government accounts the whole published catalog, not-shared entries with their legal basis", async () => {
      const notShared = all.filter((n) => n.shareType === "NOT_SHARED");
      expect(notShared.length).toBeGreaterThan(0);
      for (const n of notShared) expect(n.legalBasis).toMatch(/\S{4,}/);
      expect(notShared.some((n) => n.provider.name === "市公安局")).toBe(true);
      for (const login of ["health", "police", "analyst", "auditor"]) {
        const r = await gw.gql(PAGE, { first: 0 }, { as: login });
        expect(r.data.resources.totalCount, login).toBe(all.length);
      }
    });

    it("shows the anonymous public and citizens open resources only", async () => {
      const open = all.filter((n) => n.openType !== "NOT_OPEN");
      for (const as of [undefined, "citizen"]) {
        const r = await gw.gql(PAGE, { first: 100 }, { as });
        expect(r.data.resources.totalCount).toBe(open.length);
        expect(r.data.resources.nodes.every((n: any) => n.openType !== "NOT_OPEN")).toBe(true);
      }
      expect(open.length).toBeLessThan(all.length);
    });

    it("answers a hidden code exactly as a code that does not exist", async () => {
      const hidden = await gw.gql(DETAIL, { code: codeOf.get("人口基本信息") });
      const missing = await gw.gql(DETAIL, { code: "J99-999-9999" });
      expect(hidden.errors?.[0].extensions?.code).toBe("NOT_FOUND");
      expect(missing.errors?.[0].extensions?.code).toBe("NOT_FOUND");
      const strip = (s: string) => s.replace(/J\d\d-\d{3}-\d{4}/, "CODE");
      expect(strip(hidden.errors![0].message)).toBe(strip(missing.errors![0].message));
      expect(hidden.status).toBe(missing.status);
      const citizen = await gw.gql(DETAIL, { code: codeOf.get("人口基本信息") }, { as: "citizen" });
      expect(citizen.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    });

    it("serves the public an open resource in full", async () => {
      const r = await gw.gql(DETAIL, { code: codeOf.get("法人单位基本信息") });
      expect(r.errors).toBeUndefined();
      expect(r.data.resource).toMatchObject({ name: "法人单位基本信息", category: "BASE", shareType: "UNCONDITIONAL", openType: "UNCONDITIONAL" });
      expect(r.data.resource.provider.name).toBe("市市场监督管理局");
      expect(r.data.resource.items.map((i: any) => i.name)).toEqual(expect.arrayContaining(["统一社会信用代码", "法定代表人"]));
      for (const rel of r.data.resource.relatedResources) expect(rel.openType).not.toBe("NOT_OPEN");
    });

    it("shows every catalog field of the population register to a department", async () => {
      const r = await gw.gql(DETAIL, { code: codeOf.get("人口基本信息") }, { as: "health" });
      expect(r.errors).toBeUndefined();
      const res = r.data.resource;
      expect(res).toMatchObject({ category: "BASE", shareType: "UNCONDITIONAL", openType: "NOT_OPEN" });
      expect(res.provider.name).toBe("市公安局");
      const items = Object.fromEntries(res.items.map((i: any) => [i.name, i]));
      for (const name of ["姓名", "公民身份号码", "手机号码", "住址", "出生日期"]) expect(items[name], name).toBeTruthy();
      expect(items["公民身份号码"]).toMatchObject({ sensitivity: "L3", maskingStrategy: "ID_CARD" });
      expect(res.summary.length).toBeGreaterThan(10);
      expect(res.publishedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    });

    it("counts each department's resources as the viewer sees them", async () => {
      const q = `{ departments { code name kind resourceCount } }`;
      const gov = await gw.gql(q, {}, { as: "health" });
      const pub = await gw.gql(q, {});
      expect(gov.data.departments.length).toBeGreaterThanOrEqual(8);
      const police = (d: any) => d.name === "市公安局";
      expect(gov.data.departments.find(police).resourceCount).toBe(all.filter((n) => n.provider.name === "市公安局").length);
      expect(pub.data.departments.find(police).resourceCount).toBe(
        all.filter((n) => n.provider.name === "市公安局" && n.openType !== "NOT_OPEN").length,
      );
      expect(gov.data.departments.find((d: any) => d.name === "市政务服务和大数据管理局").kind).toBe("COORDINATOR");
      const one = await gw.gql(`query($c: String!) { department(code: $c) { name } }`, { c: gov.data.departments[0].code });
      expect(one.data.department.name).toBe(gov.data.departments[0].name);
      const none = await gw.gql(`{ department(code: "nope") { name } }`);
      expect(none.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    });
  });

  describe("nested lookups", () => {
    const NESTED = `query($first: Int) {
      resources(first: $first, orderBy: [{ field: CODE, direction: ASC }]) {
        nodes { code provider { code name resourceCount } items { code name } relatedResources { code provider { name } } }
      }
    }`;

    it("takes the same number of SQL statements for a page of 2 and a page of 100", async () => {
      // Give the catalog more than 100 resources, with items and related codes.
      await gw.testDb.database.db.execute(
        (await import("drizzle-orm")).sql.raw(`
          insert into resources (code, name, summary, category, theme, format, update_cycle, share_type, open_type,
                                 department_id, status, related_codes, published_at)
          select 'T' || lpad(g::text, 2, '0') || '-' || r.code, r.name || ' 副本' || g, r.summary, r.category, r.theme,
                 r.format, r.update_cycle, r.share_type, r.open_type, r.department_id, r.status, r.related_codes, r.published_at
            from resources r, generate_series(1, 2) g
           where r.code not like 'T%'`),
      );
      await gw.testDb.database.db.execute(
        (await import("drizzle-orm")).sql.raw(`
          insert into data_items (resource_id, position, code, name, data_type, length, sensitivity, masking_strategy)
          select c.id, i.position, i.code, i.name, i.data_type, i.length, i.sensitivity, i.masking_strategy
            from resources c join resources o on c.code = 'T01-' || o.code or c.code = 'T02-' || o.code
            join data_items i on i.resource_id = o.id`),
      );
      // Both pages read cold: the second would otherwise take its order from the first's cached ids.
      gw.testDb.database.searchCache.invalidate();
      const small = await gw.countStatements(() => gw.gql(NESTED, { first: 2 }, { as: "analyst" }));
      gw.testDb.database.searchCache.invalidate();
      const large = await gw.countStatements(() => gw.gql(NESTED, { first: 100 }, { as: "analyst" }));
      expect(small.result.errors).toBeUndefined();
      expect(large.result.errors).toBeUndefined();
      expect(large.result.data.resources.nodes).toHaveLength(100);
      expect(large.result.data.resources.nodes.some((n: any) => n.items.length > 0)).toBe(true);
      expect(large.statements.length).toBe(small.statements.length);
      // account, page, providers, items, related resources, counts per department
      expect(large.statements.length).toBeLessThanOrEqual(7);
    });
  });
});
