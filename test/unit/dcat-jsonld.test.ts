// The small JSON-LD reader behind importDcat (src/dcat/jsonld.ts): the forms other platforms write
// DCAT in, read into one flat graph.
import { describe, expect, it } from "vitest";
import { JsonLdError, readJsonLd, refsOf, textsOf } from "../../src/dcat/jsonld.js";
import { iri } from "../../src/dcat/vocab.js";

const DCAT = "http://www.w3.org/ns/dcat#";
const DCT = "http://purl.org/dc/terms/";

describe("reading JSON-LD", () => {
  it("expands declared prefixes, nested nodes, value objects and language preference", () => {
    const g = readJsonLd({
      "@context": { d: DCAT, t: DCT, xsd: "http://www.w3.org/2001/XMLSchema#" },
      "@id": "https://example.org/catalog",
      "@type": "d:Catalog",
      "d:dataset": [
        {
          "@id": "https://example.org/ds/1",
          "@type": "d:Dataset",
          "t:title": [{ "@value": "Bus stops", "@language": "en" }, { "@value": "公交站点", "@language": "zh-CN" }],
          "t:modified": { "@value": "2026-01-02T03:04:05Z", "@type": "xsd:dateTime" },
        },
      ],
    });
    const cat = g.nodes.get("https://example.org/catalog")!;
    expect(cat.types).toEqual([DCAT + "Catalog"]);
    expect(refsOf(cat, DCAT + "dataset")).toEqual(["https://example.org/ds/1"]);
    const ds = g.nodes.get("https://example.org/ds/1")!;
    expect(textsOf(ds, DCT + "title")).toEqual(["公交站点", "Bus stops"]);
    expect(ds.props.get(DCT + "modified")![0]).toEqual({ kind: "literal", value: "2026-01-02T03:04:05Z", datatype: "http://www.w3.org/2001/XMLSchema#dateTime" });
  });

  it("reads @vocab, term definitions with @id coercion, language maps and @graph", () => {
    const g = readJsonLd({
      "@context": [
        { "@vocab": DCAT, dcterms: DCT },
        {
          title: { "@id": "dcterms:title", "@container": "@language" },
          publisher: { "@id": "dcterms:publisher", "@type": "@id" },
          keyword: { "@id": "dcat:keyword", "@language": "zh" },
          "@language": "en",
        },
      ],
      "@graph": [
        { "@id": "urn:cat", "@type": "Catalog", dataset: { "@id": "urn:ds" } },
        { "@id": "urn:ds", "@type": "Dataset", title: { zh: "路况", en: ["Traffic"] }, publisher: "urn:agency", keyword: "交通", landingPage: "x" },
      ],
    });
    const ds = g.nodes.get("urn:ds")!;
    expect(ds.types).toEqual([DCAT + "Dataset"]);
    expect(textsOf(ds, DCT + "title")).toEqual(["路况", "Traffic"]);
    expect(refsOf(ds, DCT + "publisher")).toEqual(["urn:agency"]);
    expect(ds.props.get(DCAT + "keyword")![0]).toMatchObject({ value: "交通", language: "zh" });
    // @vocab makes landingPage a DCAT term; its string value is a literal in the default language.
    expect(ds.props.get(DCAT + "landingPage")![0]).toMatchObject({ kind: "literal", value: "x", language: "en" });
    expect(refsOf(g.nodes.get("urn:cat"), DCAT + "dataset")).toEqual(["urn:ds"]);
  });

  it("falls back to well-known prefixes, records remote contexts and undefined terms", () => {
    const g = readJsonLd({
      "@context": "https://example.org/remote-context.jsonld",
      "@type": "dcat:Catalog",
      "dct:title": "无前缀声明",
      extras: "ckan extra",
    });
    const cat = [...g.nodes.values()][0];
    expect(cat.id).toMatch(/^_:b/);
    expect(cat.types).toEqual([iri("dcat:Catalog")]);
    expect(textsOf(cat, iri("dct:title"))).toEqual(["无前缀声明"]);
    expect(g.remoteContexts).toEqual(["https://example.org/remote-context.jsonld"]);
    expect([...g.unknownTerms.keys()]).toEqual(["extras"]);
  });

  it("merges a node described in two places and reads rdf:type and @list", () => {
    const g = readJsonLd([
      { "@id": "urn:a", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": { "@id": DCAT + "Dataset" } },
      { "@id": "urn:a", [DCAT + "keyword"]: { "@list": ["a", "b"] }, [DCT + "issued"]: 2024 },
    ]);
    const a = g.nodes.get("urn:a")!;
    expect(a.types).toEqual([DCAT + "Dataset"]);
    expect(textsOf(a, DCAT + "keyword")).toEqual(["a", "b"]);
    expect(a.props.get(DCT + "issued")![0]).toMatchObject({ value: "2024", datatype: "http://www.w3.org/2001/XMLSchema#integer" });
  });

  it("refuses what is not JSON-LD, nesting beyond the limit and too many nodes", () => {
    expect(() => readJsonLd("just a string")).toThrow(JsonLdError);
    expect(() => readJsonLd([1, 2])).toThrow(JsonLdError);
    expect(() => readJsonLd({ "@context": 5, "dct:title": "x" })).toThrow(JsonLdError);
    let deep: Record<string, unknown> = { "dct:title": "leaf" };
    for (let i = 0; i < 100; i++) deep = { "dct:hasPart": deep };
    expect(() => readJsonLd(deep)).toThrow(/嵌套/);
    const many = Array.from({ length: 20 }, (_, i) => ({ "@id": `urn:n${i}`, "dct:title": "x" }));
    expect(() => readJsonLd(many, { maxDepth: 64, maxNodes: 10, maxValues: 1000 })).toThrow(/节点/);
  });
});
