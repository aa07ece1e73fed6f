// The DCAT export read by a real JSON-LD 1.1 processor (jsonld.js): it expands and converts to RDF
// in safe mode — every term maps to an IRI, nothing is dropped, no remote context is needed — and
// the RDF graph holds the DCAT-AP 3 classes and mandatory properties with their full IRIs.
import jsonld from "jsonld";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engines } from "../support/db.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

const DCAT = "http://www.w3.org/ns/dcat#";
const DCT = "http://purl.org/dc/terms/";
const FOAF = "http://xmlns.com/foaf/0.1/";
const RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/";

/** No network: a remote @context would be a failure here, not a fetch. */
const offline = async (url: string): Promise<never> => {
  throw new Error(`the export needs a remote context: ${url}`);
};

describe.each(engines)("the DCAT export as JSON-LD on %s", (engine) => {
  let gw: TestGateway;
  let doc: Record<string, unknown>;
  let quads: Array<[string, string, string]>;
  beforeAll(async () => {
    gw = await startTestGateway(engine);
    const res = await fetch(`${gw.url}/dcat/catalog.jsonld`);
    expect(res.headers.get("content-type")).toMatch(/^application\/ld\+json/);
    doc = (await res.json()) as Record<string, unknown>;
    const nq = await jsonld.toRDF(doc, { format: "application/n-quads", safe: true, documentLoader: offline });
    // subject predicate object (IRIs, blank nodes or literals) per line.
    quads = nq
      .trim()
      .split("\n")
      .map((l) => {
        const m = l.match(/^(\S+) (\S+) (.+) \.$/)!;
        return [m[1].replace(/^<|>$/g, ""), m[2].replace(/^<|>$/g, ""), m[3].replace(/^<|>$/g, "")];
      });
  });
  afterAll(async () => {
    await gw?.close();
  });

  const subjectsOf = (type: string) => quads.filter(([, p, o]) => p === RDF_TYPE && o === type).map(([s]) => s);
  const values = (s: string, p: string) => quads.filter(([qs, qp]) => qs === s && qp === p).map(([, , o]) => o);

  it("expands and converts to RDF in safe mode without any remote context", async () => {
    const expanded = await jsonld.expand(doc, { safe: true, documentLoader: offline });
    expect(expanded.length).toBeGreaterThan(0);
    expect(quads.length).toBeGreaterThan(500);
  });

  it("has one catalog with its mandatory properties, listing every open dataset", async () => {
    const catalogs = subjectsOf(`${DCAT}Catalog`);
    expect(catalogs).toHaveLength(1);
    for (const p of [`${DCT}title`, `${DCT}description`, `${DCT}publisher`]) expect(values(catalogs[0], p).length).toBeGreaterThan(0);
    const open = await gw.gql(`{ resources(first: 100) { totalCount nodes { code } } }`);
    const datasets = subjectsOf(`${DCAT}Dataset`);
    expect(datasets).toHaveLength(open.data.resources.totalCount);
    expect(new Set(values(catalogs[0], `${DCAT}dataset`))).toEqual(new Set(datasets));
  });

  it("gives every dataset a title, description, identifier, publisher and an EU frequency", async () => {
    const open = await gw.gql(`{ resources(first: 100) { nodes { code } } }`);
    const codes = new Set(open.data.resources.nodes.map((n: { code: string }) => n.code));
    for (const d of subjectsOf(`${DCAT}Dataset`)) {
      expect(values(d, `${DCT}title`).some((t) => /@zh$/.test(t))).toBe(true);
      expect(values(d, `${DCT}description`).length).toBeGreaterThan(0);
      const id = values(d, `${DCT}identifier`)[0];
      expect(codes.has(JSON.parse(id.replace(/(\^\^.*|@\w+)$/, "")))).toBe(true);
      const publisher = values(d, `${DCT}publisher`)[0];
      expect(values(publisher, `${FOAF}name`).length).toBeGreaterThan(0);
      for (const f of values(d, `${DCT}accrualPeriodicity`)) expect(f.startsWith(FREQUENCY)).toBe(true);
      const dist = values(d, `${DCAT}distribution`);
      expect(dist.length).toBeGreaterThan(0);
      for (const x of dist) expect(values(x, `${DCAT}accessURL`).length).toBeGreaterThan(0);
    }
  });
});
