// A small JSON-LD reader: enough of JSON-LD 1.1 expansion and flattening to read DCAT catalogs as
// other platforms write them (CKAN's ckanext-dcat, rdflib, hand-written documents), with no
// network: inline @context (prefixes, term definitions with @id / @type coercion / @language /
// @container @language, @vocab, @base, @language), compact IRIs, @graph / @included, nested and
// referenced node objects, value objects, @list / @set, language maps. Remote contexts are not
// fetched; their terms fall back to well-known prefixes (dct:, dcterms:, dcat: …) and anything
// still unknown is reported. Not a conformant processor (see the report: `jsonld` from npm would be).
import { WELL_KNOWN_PREFIXES } from "./vocab.js";

export type Term =
  | { kind: "iri"; id: string }
  | { kind: "literal"; value: string; language?: string; datatype?: string };

export interface GraphNode {
  id: string;
  types: string[];
  props: Map<string, Term[]>;
}

export interface Graph {
  nodes: Map<string, GraphNode>;
  /** Keys that expanded to no IRI (no @vocab, no prefix): term → how often. */
  unknownTerms: Map<string, number>;
  /** Remote @context references that were not fetched. */
  remoteContexts: string[];
}

export class JsonLdError extends Error {
  override name = "JsonLdError";
}

interface TermDef {
  id: string | null;
  type?: string;
  language?: string | null;
  container?: string;
}

interface ActiveContext {
  terms: Map<string, TermDef>;
  vocab: string | null;
  base: string | null;
  language: string | null;
}

export interface Limits {
  maxDepth: number;
  maxNodes: number;
  maxValues: number;
}
export const DEFAULT_LIMITS: Limits = { maxDepth: 64, maxNodes: 50_000, maxValues: 500_000 };

const XSD = "http://www.w3.org/2001/XMLSchema#";
const RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const isAbsoluteIri = (s: string) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s);

const EMPTY: ActiveContext = { terms: new Map(), vocab: null, base: null, language: null };

/** Expands a compact IRI, term or keyword. `vocab`: keys and @type values use @vocab; @id values use @base. */
function expandIri(ctx: ActiveContext, value: string, vocab: boolean, seen: Set<string> = new Set()): string | null {
  if (value.startsWith("@")) return value;
  if (vocab && ctx.terms.has(value)) return ctx.terms.get(value)!.id;
  const colon = value.indexOf(":");
  if (colon > 0) {
    const prefix = value.slice(0, colon);
    const suffix = value.slice(colon + 1);
    if (prefix === "_") return value;
    if (!suffix.startsWith("//")) {
      const def = ctx.terms.get(prefix);
      if (def && def.id && !seen.has(prefix)) return def.id + suffix;
      const known = WELL_KNOWN_PREFIXES[prefix];
      if (known) return known + suffix;
    }
    if (isAbsoluteIri(value)) return value;
  }
  if (vocab) return ctx.vocab !== null ? ctx.vocab + value : null;
  if (ctx.base) {
    try {
      return new URL(value, ctx.base).toString();
    } catch {
      return value;
    }
  }
  return value;
}

function processContext(active: ActiveContext, local: unknown, graph: Graph): ActiveContext {
  let result: ActiveContext = { ...active, terms: new Map(active.terms) };
  for (const c of asArray(local)) {
    if (c === null) {
      result = { ...EMPTY, terms: new Map(), base: active.base };
      continue;
    }
    if (typeof c === "string") {
      graph.remoteContexts.push(c.slice(0, 200));
      continue;
    }
    if (!isObject(c)) throw new JsonLdError("@context 必须是对象、字符串或数组 (invalid @context)");
    if ("@base" in c) result.base = typeof c["@base"] === "string" ? (c["@base"] as string) : null;
    if ("@vocab" in c) {
      const v = c["@vocab"];
      result.vocab = typeof v === "string" ? expandIri(result, v, true) ?? v : null;
    }
    if ("@language" in c) result.language = typeof c["@language"] === "string" ? (c["@language"] as string).toLowerCase() : null;
    // Definitions may use each other's prefixes: define in order, then resolve what was deferred.
    const pending = Object.entries(c).filter(([k]) => !k.startsWith("@"));
    for (let pass = 0; pass < 3 && pending.length; pass++) {
      for (let i = pending.length - 1; i >= 0; i--) {
        const [term, def] = pending[i];
        const parsed = defineTerm(result, term, def);
        if (parsed !== undefined) {
          if (parsed === null) result.terms.delete(term);
          else result.terms.set(term, parsed);
          pending.splice(i, 1);
        }
      }
    }
    for (const [term, def] of pending) {
      const parsed = defineTerm(result, term, def, true);
      if (parsed) result.terms.set(term, parsed);
    }
  }
  return result;
}

/** A term definition, or undefined when it names a prefix not defined yet (retried). */
function defineTerm(ctx: ActiveContext, term: string, def: unknown, last = false): TermDef | null | undefined {
  if (def === null) return null;
  const target = typeof def === "string" ? def : isObject(def) ? ((def["@id"] as string | undefined) ?? term) : null;
  if (target === null || typeof target !== "string") throw new JsonLdError(`@context 中 ${term.slice(0, 50)} 的定义无效 (invalid term definition)`);
  const colon = target.indexOf(":");
  if (!last && colon > 0 && !target.slice(colon + 1).startsWith("//")) {
    const p = target.slice(0, colon);
    if (p !== term && p !== "_" && !ctx.terms.has(p) && !WELL_KNOWN_PREFIXES[p] && !isAbsoluteIri(target)) return undefined;
  }
  const id = target === "@type" ? "@type" : expandIri(ctx, target, true, new Set([term]));
  const out: TermDef = { id };
  if (isObject(def)) {
    const t = def["@type"];
    if (typeof t === "string") out.type = t === "@id" || t === "@vocab" ? t : expandIri(ctx, t, true) ?? t;
    if ("@language" in def) out.language = typeof def["@language"] === "string" ? (def["@language"] as string).toLowerCase() : null;
    const container = asArray(def["@container"]).find((x) => typeof x === "string" && x !== "@set");
    if (typeof container === "string") out.container = container;
  }
  return out;
}

/** Reads a JSON-LD document (already parsed JSON) into a flat graph of nodes. */
export function readJsonLd(doc: unknown, limits: Limits = DEFAULT_LIMITS): Graph {
  const graph: Graph = { nodes: new Map(), unknownTerms: new Map(), remoteContexts: [] };
  let blank = 0;
  let values = 0;

  const nodeOf = (id: string): GraphNode => {
    let n = graph.nodes.get(id);
    if (!n) {
      if (graph.nodes.size >= limits.maxNodes) throw new JsonLdError(`文档中的节点超过 ${limits.maxNodes} 个 (too many nodes)`);
      n = { id, types: [], props: new Map() };
      graph.nodes.set(id, n);
    }
    return n;
  };
  const addValue = (node: GraphNode, prop: string, t: Term) => {
    if (++values > limits.maxValues) throw new JsonLdError(`文档中的取值超过 ${limits.maxValues} 个 (too many values)`);
    const list = node.props.get(prop);
    if (list) list.push(t);
    else node.props.set(prop, [t]);
  };

  /** A node object: registers it and returns its id. */
  const readNode = (obj: Record<string, unknown>, outer: ActiveContext, depth: number): string => {
    if (depth > limits.maxDepth) throw new JsonLdError(`文档嵌套超过 ${limits.maxDepth} 层 (nested too deeply)`);
    const ctx = "@context" in obj ? processContext(outer, obj["@context"], graph) : outer;
    const rawId = obj["@id"];
    const id = typeof rawId === "string" ? expandIri(ctx, rawId, false) ?? rawId : `_:b${++blank}`;
    const node = nodeOf(id);
    for (const t of asArray(obj["@type"])) {
      if (typeof t !== "string") continue;
      const full = expandIri(ctx, t, true);
      if (full && !node.types.includes(full)) node.types.push(full);
    }
    for (const [key, raw] of Object.entries(obj)) {
      if (key === "@context" || key === "@id" || key === "@type" || key === "@index") continue;
      if (key === "@graph" || key === "@included") {
        readTop(raw, ctx, depth + 1);
        continue;
      }
      if (key.startsWith("@")) continue; // @reverse, @nest: not needed for DCAT catalogs
      const def = ctx.terms.get(key);
      const prop = expandIri(ctx, key, true);
      if (prop === "@type") {
        for (const t of asArray(raw)) if (typeof t === "string") node.types.push(expandIri(ctx, t, true) ?? t);
        continue;
      }
      if (!prop || !isAbsoluteIri(prop)) {
        graph.unknownTerms.set(key, (graph.unknownTerms.get(key) ?? 0) + 1);
        continue;
      }
      if (prop === RDF_TYPE) {
        for (const v of asArray(raw)) {
          const t = typeof v === "string" ? expandIri(ctx, v, true) : isObject(v) && typeof v["@id"] === "string" ? expandIri(ctx, v["@id"] as string, true) : null;
          if (t && !node.types.includes(t)) node.types.push(t);
        }
        continue;
      }
      if (def?.container === "@language" && isObject(raw)) {
        for (const [lang, texts] of Object.entries(raw)) {
          for (const text of asArray(texts)) {
            if (typeof text === "string") addValue(node, prop, { kind: "literal", value: text, language: lang === "@none" ? undefined : lang.toLowerCase() });
          }
        }
        continue;
      }
      for (const v of asArray(raw)) for (const t of readValue(v, def, ctx, depth + 1)) addValue(node, prop, t);
    }
    return id;
  };

  const readValue = (v: unknown, def: TermDef | undefined, ctx: ActiveContext, depth: number): Term[] => {
    if (depth > limits.maxDepth) throw new JsonLdError(`文档嵌套超过 ${limits.maxDepth} 层 (nested too deeply)`);
    if (v === null || v === undefined) return [];
    if (Array.isArray(v)) return v.flatMap((x) => readValue(x, def, ctx, depth + 1));
    if (typeof v === "string") {
      if (def?.type === "@id") return [{ kind: "iri", id: expandIri(ctx, v, false) ?? v }];
      if (def?.type === "@vocab") return [{ kind: "iri", id: expandIri(ctx, v, true) ?? v }];
      const language = def?.language !== undefined ? def.language : ctx.language;
      if (def?.type) return [{ kind: "literal", value: v, datatype: def.type }];
      return [{ kind: "literal", value: v, ...(language ? { language } : {}) }];
    }
    if (typeof v === "number") return [{ kind: "literal", value: String(v), datatype: XSD + (Number.isInteger(v) ? "integer" : "double") }];
    if (typeof v === "boolean") return [{ kind: "literal", value: String(v), datatype: XSD + "boolean" }];
    if (!isObject(v)) return [];
    if ("@value" in v) {
      const raw = v["@value"];
      if (raw === null) return [];
      const lang = typeof v["@language"] === "string" ? (v["@language"] as string).toLowerCase() : undefined;
      const type = typeof v["@type"] === "string" ? expandIri(ctx, v["@type"] as string, true) ?? undefined : undefined;
      return [{ kind: "literal", value: String(raw), ...(lang ? { language: lang } : {}), ...(type ? { datatype: type } : {}) }];
    }
    if ("@list" in v) return readValue(v["@list"], def, ctx, depth + 1);
    if ("@set" in v) return readValue(v["@set"], def, ctx, depth + 1);
    const keys = Object.keys(v);
    if (keys.length === 1 && typeof v["@id"] === "string") return [{ kind: "iri", id: expandIri(ctx, v["@id"], false) ?? v["@id"] }];
    return [{ kind: "iri", id: readNode(v, ctx, depth + 1) }];
  };

  const readTop = (v: unknown, ctx: ActiveContext, depth: number): void => {
    for (const item of asArray(v)) {
      if (!isObject(item)) {
        if (item !== null) throw new JsonLdError("顶层只能是节点对象 (top-level items must be JSON objects)");
        continue;
      }
      const keys = Object.keys(item).filter((k) => k !== "@context");
      if (keys.length === 1 && keys[0] === "@graph") {
        const inner = "@context" in item ? processContext(ctx, item["@context"], graph) : ctx;
        readTop(item["@graph"], inner, depth + 1);
      } else if (keys.length > 0) {
        readNode(item, ctx, depth + 1);
      }
    }
  };

  if (!isObject(doc) && !Array.isArray(doc)) throw new JsonLdError("JSON-LD 文档必须是对象或数组 (a JSON-LD document is an object or an array)");
  readTop(doc, EMPTY, 0);
  return graph;
}

/** The values of a property of a node. */
export function valuesOf(node: GraphNode | undefined, prop: string): Term[] {
  return node?.props.get(prop) ?? [];
}

/** Literal texts of a property, the preferred languages first (zh, zh-cn, zh-hans …, untagged, en, the rest). */
export function textsOf(node: GraphNode | undefined, prop: string): string[] {
  const rank = (t: Term) => {
    if (t.kind !== "literal") return 9;
    const l = t.language ?? "";
    if (l === "zh" || l.startsWith("zh-")) return 0;
    if (l === "") return 1;
    if (l === "en" || l.startsWith("en-")) return 2;
    return 3;
  };
  return valuesOf(node, prop)
    .filter((t): t is Extract<Term, { kind: "literal" }> => t.kind === "literal")
    .sort((a, b) => rank(a) - rank(b))
    .map((t) => t.value.trim())
    .filter(Boolean);
}

/** IRIs a property points to (nodes or plain IRIs). */
export function refsOf(node: GraphNode | undefined, prop: string): string[] {
  return valuesOf(node, prop)
    .filter((t): t is Extract<Term, { kind: "iri" }> => t.kind === "iri")
    .map((t) => t.id);
}
