// A structural check of a DCAT-AP 3 JSON-LD document, standing in for SHACL validation (the
// DCAT-AP shapes need a JSON-LD processor and an RDF validator, neither installed; no network).
// Checks the @context namespaces, the mandatory properties of each class, the recommended ones the
// export emits, that references resolve, that dates are xsd:dateTime, that frequencies and data
// themes are in the EU vocabularies, and that literals carry well-formed language tags.
import { readJsonLd, refsOf, textsOf, valuesOf, type Graph, type GraphNode } from "./jsonld.js";
import { EU, EU_DATA_THEMES, EU_FREQUENCIES, NS, compact, iri } from "./vocab.js";

export interface Finding {
  node: string;
  message: string;
}

type Rule = { prop: string; kind: "literal" | "iri" | "any"; min?: number };

const CLASSES: Record<string, { mandatory: Rule[]; recommended: Rule[] }> = {
  [iri("dcat:Catalog")]: {
    mandatory: [
      { prop: iri("dct:title"), kind: "literal" },
      { prop: iri("dct:description"), kind: "literal" },
      { prop: iri("dct:publisher"), kind: "iri" },
      { prop: iri("dcat:dataset"), kind: "iri" },
    ],
    recommended: [
      { prop: iri("foaf:homepage"), kind: "iri" },
      { prop: iri("dct:language"), kind: "iri" },
      { prop: iri("dct:license"), kind: "iri" },
      { prop: iri("dct:modified"), kind: "literal" },
      { prop: iri("dcat:themeTaxonomy"), kind: "iri" },
    ],
  },
  [iri("dcat:Dataset")]: {
    mandatory: [
      { prop: iri("dct:title"), kind: "literal" },
      { prop: iri("dct:description"), kind: "literal" },
      { prop: iri("dct:identifier"), kind: "literal" },
    ],
    recommended: [
      { prop: iri("dcat:distribution"), kind: "iri" },
      { prop: iri("dcat:keyword"), kind: "literal" },
      { prop: iri("dct:publisher"), kind: "iri" },
      { prop: iri("dcat:theme"), kind: "iri" },
      { prop: iri("dcat:contactPoint"), kind: "iri" },
      { prop: iri("dct:accrualPeriodicity"), kind: "iri" },
      { prop: iri("dct:accessRights"), kind: "iri" },
      { prop: iri("dct:license"), kind: "iri" },
      { prop: iri("dct:modified"), kind: "literal" },
    ],
  },
  [iri("dcat:Distribution")]: {
    mandatory: [{ prop: iri("dcat:accessURL"), kind: "iri" }],
    recommended: [
      { prop: iri("dct:description"), kind: "literal" },
      { prop: iri("dct:format"), kind: "iri" },
      { prop: iri("dct:license"), kind: "iri" },
      { prop: iri("dcat:accessService"), kind: "iri" },
    ],
  },
  [iri("dcat:DataService")]: {
    mandatory: [
      { prop: iri("dcat:endpointURL"), kind: "iri" },
      { prop: iri("dct:title"), kind: "literal" },
    ],
    recommended: [{ prop: iri("dcat:servesDataset"), kind: "iri" }],
  },
  [iri("foaf:Agent")]: {
    mandatory: [{ prop: iri("foaf:name"), kind: "literal" }],
    recommended: [{ prop: iri("dct:type"), kind: "iri" }],
  },
  [iri("vcard:Organization")]: { mandatory: [{ prop: iri("vcard:fn"), kind: "literal" }], recommended: [] },
  [iri("skos:Concept")]: { mandatory: [{ prop: iri("skos:prefLabel"), kind: "literal" }], recommended: [] },
  [iri("skos:ConceptScheme")]: { mandatory: [{ prop: iri("dct:title"), kind: "literal" }], recommended: [] },
};

/** Properties whose objects must be described in the document (closed world for the catalog's own nodes). */
const MUST_RESOLVE: Array<[string, string]> = [
  [iri("dcat:dataset"), iri("dcat:Dataset")],
  [iri("dcat:distribution"), iri("dcat:Distribution")],
  [iri("dct:publisher"), iri("foaf:Agent")],
  [iri("dcat:accessService"), iri("dcat:DataService")],
  [iri("dcat:service"), iri("dcat:DataService")],
  [iri("dcat:contactPoint"), iri("vcard:Organization")],
];

const DATE_PROPS = [iri("dct:issued"), iri("dct:modified")];
const XSD_DATETIME = NS.xsd + "dateTime";
const LANGUAGE_TAG = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export interface ValidationResult {
  errors: Finding[];
  /** Recommended properties missing (not errors in DCAT-AP). */
  warnings: Finding[];
  graph: Graph;
}

export function validateDcatAp(doc: unknown, opts: { recommendedAsErrors?: boolean } = {}): ValidationResult {
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  const err = (node: string, message: string) => errors.push({ node, message });

  const context = (doc as { "@context"?: unknown })?.["@context"];
  if (!context || typeof context !== "object" || Array.isArray(context)) err("@context", "the document has no inline @context object");
  else {
    for (const [prefix, ns] of Object.entries(NS)) {
      const declared = (context as Record<string, unknown>)[prefix];
      if (declared !== undefined && declared !== ns) err("@context", `${prefix} is ${String(declared)}, not ${ns}`);
    }
    for (const p of ["dcat", "dct", "foaf", "skos", "vcard", "xsd"]) {
      if ((context as Record<string, unknown>)[p] !== NS[p as keyof typeof NS]) err("@context", `prefix ${p} is not declared as ${NS[p as keyof typeof NS]}`);
    }
  }

  const graph = readJsonLd(doc);
  for (const [term] of graph.unknownTerms) err("@context", `term ${term} expands to no IRI`);
  const nodes = [...graph.nodes.values()];
  if (!nodes.some((n) => n.types.includes(iri("dcat:Catalog")))) err("@graph", "no dcat:Catalog");

  for (const n of nodes) {
    if (!n.id.startsWith("_:") && !/^https?:\/\/[^\s]+$/.test(n.id)) err(n.id, "a node IRI is not an absolute http(s) IRI");
    for (const type of n.types) {
      const shape = CLASSES[type];
      if (!shape) continue;
      for (const rule of shape.mandatory) checkRule(n, rule, (m) => err(n.id, `${compact(type)}: ${m}`));
      for (const rule of shape.recommended) {
        checkRule(n, rule, (m) => (opts.recommendedAsErrors ? err : (node: string, message: string) => warnings.push({ node, message }))(n.id, `${compact(type)} (recommended): ${m}`));
      }
    }
    for (const [prop, values] of n.props) {
      for (const v of values) {
        if (v.kind === "literal" && v.language !== undefined && !LANGUAGE_TAG.test(v.language)) err(n.id, `${compact(prop)}: bad language tag ${v.language}`);
        if (v.kind === "iri" && !v.id.startsWith("_:") && !/^(https?|urn|mailto):\S+$/.test(v.id)) err(n.id, `${compact(prop)}: ${v.id} is not an absolute IRI`);
      }
    }
    for (const prop of DATE_PROPS) {
      for (const v of valuesOf(n, prop)) {
        if (v.kind !== "literal" || v.datatype !== XSD_DATETIME) err(n.id, `${compact(prop)} is not typed xsd:dateTime`);
        else if (!ISO_DATETIME.test(v.value) || Number.isNaN(Date.parse(v.value))) err(n.id, `${compact(prop)} ${v.value} is not a valid date-time`);
      }
    }
    for (const f of refsOf(n, iri("dct:accrualPeriodicity"))) if (!EU_FREQUENCIES.has(f)) err(n.id, `frequency ${f} is not in the EU frequency vocabulary`);
    for (const t of refsOf(n, iri("dcat:theme"))) {
      if (t.startsWith(EU.dataTheme) && !EU_DATA_THEMES.has(t)) err(n.id, `data theme ${t} is not in the EU data-theme vocabulary`);
    }
    for (const [prop, type] of MUST_RESOLVE) {
      for (const target of refsOf(n, prop)) {
        const t = graph.nodes.get(target);
        if (!t || t.props.size === 0) err(n.id, `${compact(prop)} → ${target} is not described in the document`);
        else if (!t.types.includes(type)) err(n.id, `${compact(prop)} → ${target} is not a ${compact(type)}`);
      }
    }
  }
  return { errors, warnings, graph };
}

function checkRule(n: GraphNode, rule: Rule, report: (m: string) => void) {
  const values = valuesOf(n, rule.prop);
  if (values.length < (rule.min ?? 1)) return report(`missing ${compact(rule.prop)}`);
  if (rule.kind === "literal" && !values.some((v) => v.kind === "literal" && v.value.trim() !== "")) report(`${compact(rule.prop)} is not a non-empty literal`);
  if (rule.kind === "iri" && !values.some((v) => v.kind === "iri")) report(`${compact(rule.prop)} is not an IRI or node`);
}

/** The nodes of a type in a validated graph (for tests and tools). */
export function nodesOfType(graph: Graph, type: string): GraphNode[] {
  return [...graph.nodes.values()].filter((n) => n.types.includes(type));
}

export { textsOf, refsOf, valuesOf };
