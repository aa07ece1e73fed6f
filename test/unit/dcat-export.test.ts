// The DCAT-AP 3 document (src/dcat/export.ts) checked by the structural validator
// (src/dcat/validate.ts), and the validator itself shown to catch what it checks.
import { describe, expect, it } from "vitest";
import { buildCatalogDocument } from "../../src/dcat/export.js";
import { nodesOfType, refsOf, textsOf, validateDcatAp } from "../../src/dcat/validate.js";
import { ACCESS_RIGHT, EU, OPEN_LICENCE, iri } from "../../src/dcat/vocab.js";

const entry = (over: Record<string, unknown> = {}) => ({
  code: "Z09-009-0001",
  name: "公交线路信息",
  summary: "全市公交线路、站点和首末班时间。",
  category: "THEME" as const,
  theme: "交通出行",
  format: "DATABASE" as const,
  updateCycle: "WEEKLY" as const,
  openType: "UNCONDITIONAL" as const,
  openCondition: null,
  publishedAt: new Date("2024-03-01T00:00:00Z"),
  updatedAt: new Date("2026-02-01T08:00:00Z"),
  dataUpdatedAt: new Date("2026-03-01T08:00:00Z"),
  deptCode: "11360100MB1234567X",
  deptName: "市交通运输局",
  deptShortName: "交通局",
  ...over,
});

const data = {
  entries: [
    entry(),
    entry({ code: "B02-005-0003", name: "养老机构名录", category: "DEPARTMENT", theme: null, updateCycle: "HALF_YEARLY", openType: "CONDITIONAL", openCondition: "仅限养老服务研究", deptCode: "11360100MB7654321Y", deptName: "市民政局", deptShortName: "民政局", publishedAt: null, dataUpdatedAt: null }),
  ],
  coordinator: { code: "11360100MB0000001A", name: "市政务服务和大数据管理局" },
};

describe("the DCAT-AP 3 document", () => {
  const doc = buildCatalogDocument(data, { base: "https://data.example.gov.cn", publisherName: null });

  it("passes the structural check, recommended properties included", () => {
    const { errors, warnings } = validateDcatAp(doc, { recommendedAsErrors: true });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("says what the catalog holds in DCAT terms", () => {
    const { graph } = validateDcatAp(doc);
    const [catalog] = nodesOfType(graph, iri("dcat:Catalog"));
    expect(catalog.id).toBe("https://data.example.gov.cn/dcat/catalog");
    expect(refsOf(catalog, iri("foaf:homepage"))).toEqual(["https://data.example.gov.cn/"]);
    const publisher = graph.nodes.get(refsOf(catalog, iri("dct:publisher"))[0])!;
    expect(textsOf(publisher, iri("foaf:name"))).toEqual(["市政务服务和大数据管理局"]);
    const [bus, care] = refsOf(catalog, iri("dcat:dataset")).map((id) => graph.nodes.get(id)!);
    expect(bus.id).toBe("https://data.example.gov.cn/dcat/dataset/Z09-009-0001");
    expect(refsOf(bus, iri("dct:accrualPeriodicity"))).toEqual([EU.frequency + "WEEKLY"]);
    expect(refsOf(care, iri("dct:accrualPeriodicity"))).toEqual([EU.frequency + "ANNUAL_2"]);
    expect(refsOf(bus, iri("dcat:theme"))).toContain(EU.dataTheme + "TRAN");
    expect(refsOf(care, iri("dcat:theme"))).toContain(EU.dataTheme + "GOVE");
    expect(refsOf(bus, iri("dct:license"))).toEqual([OPEN_LICENCE]);
    expect(refsOf(bus, iri("dct:accessRights"))).toEqual([ACCESS_RIGHT.PUBLIC]);
    expect(refsOf(care, iri("dct:accessRights"))).toEqual([ACCESS_RIGHT.RESTRICTED]);
    expect(refsOf(care, iri("dct:license"))).toEqual(["https://data.example.gov.cn/dcat/licence/conditional-open"]);
    // dct:modified is the later of the catalog entry's and the data's update.
    expect(textsOf(bus, iri("dct:modified"))).toEqual(["2026-03-01T08:00:00.000Z"]);
    const agent = graph.nodes.get(refsOf(care, iri("dct:publisher"))[0])!;
    expect(textsOf(agent, iri("dct:identifier"))).toEqual(["11360100MB7654321Y"]);
    const dist = graph.nodes.get(refsOf(care, iri("dcat:distribution"))[0])!;
    expect(refsOf(dist, iri("dcat:accessURL"))).toEqual(["https://data.example.gov.cn/graphql"]);
    expect(textsOf(dist, iri("dct:description"))[0]).toContain('records(resourceCode: "B02-005-0003"');
    expect(textsOf(graph.nodes.get(refsOf(dist, iri("dct:rights"))[0]), iri("dct:description"))).toEqual(["开放条件：仅限养老服务研究"]);
  });

  it("names a configured publisher instead of the coordinator", () => {
    const named = buildCatalogDocument(data, { base: "http://x", publisherName: "江州市大数据中心" });
    const { graph, errors } = validateDcatAp(named);
    expect(errors).toEqual([]);
    const [catalog] = nodesOfType(graph, iri("dcat:Catalog"));
    expect(textsOf(graph.nodes.get(refsOf(catalog, iri("dct:publisher"))[0]), iri("foaf:name"))).toEqual(["江州市大数据中心"]);
  });

  it("catches a missing mandatory property, a foreign frequency, a dangling reference and a wrong namespace", () => {
    const broken = JSON.parse(JSON.stringify(doc));
    const catalog = broken["@graph"][0];
    delete catalog["dcat:dataset"][0]["dct:title"];
    catalog["dcat:dataset"][1]["dct:accrualPeriodicity"] = { "@id": EU.frequency + "FORTNIGHTLY" };
    catalog["dcat:dataset"][1]["dct:publisher"] = { "@id": "https://elsewhere.example/agent/1" };
    catalog["dcat:dataset"][0]["dcat:distribution"][0]["dcat:accessURL"] = "not-an-iri";
    const messages = validateDcatAp(broken).errors.map((e) => e.message).join("\n");
    expect(messages).toMatch(/Dataset: missing dct:title/);
    expect(messages).toMatch(/FORTNIGHTLY is not in the EU frequency vocabulary/);
    expect(messages).toMatch(/elsewhere.example\/agent\/1 is not described/);
    expect(messages).toMatch(/Distribution: dcat:accessURL is not an IRI/);
    const wrongNs = JSON.parse(JSON.stringify(doc));
    wrongNs["@context"].dcat = "http://www.w3.org/ns/dcat";
    const nsMessages = validateDcatAp(wrongNs).errors.map((e) => e.message).join("\n");
    expect(nsMessages).toMatch(/dcat is http:\/\/www.w3.org\/ns\/dcat, not/);
    expect(nsMessages).toMatch(/no dcat:Catalog/);
  });
});
