// importDcat: a DCAT catalog (JSON-LD) from another platform, or from another gateway's
// /dcat/catalog.jsonld, becomes DRAFT catalog entries of the departments that publish them. Each
// draft is made by the catalog editing service (createDraft), so every catalog rule applies
// (R3, R4, R5, R7, R20 …) and it is versioned; nothing is published: the department reviews the
// draft and submits it, the coordinator publishes it (R1). COORDINATOR only.
import { eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { departments, meta, notifications, resources } from "../db/schema.js";
import { hasRole, type Viewer } from "../auth/viewer.js";
import { badInput, codedError } from "../server/errors.js";
import { createDraft, type EntryInput } from "../catalog/editing.service.js";
import { resourceLabels } from "../catalog/labels.js";
import { BASE_THEMES } from "../catalog/rules.js";
import { JsonLdError, readJsonLd, refsOf, textsOf, valuesOf, type Graph, type GraphNode } from "./jsonld.js";
import { MAX_DOCUMENT_BYTES, fetchDocument } from "./fetch.js";
import { dcatSettings, type DcatSettings } from "./settings.js";
import {
  ACCESS_RIGHT,
  CATALOG_THEMES,
  CONCEPT_PATH,
  CONDITIONAL_LICENCE_PATH,
  CYCLE_LABELS,
  EU,
  EU_TO_THEME,
  FORMAT_LABELS,
  KNOWN_THEMES,
  compact,
  cycleFromFrequency,
  formatFromMediaType,
  iri,
  isOpenLicence,
  type ResourceFormat,
  type UpdateCycle,
} from "./vocab.js";

export const MAX_IMPORT_DATASETS = 500;
const MAX_TITLE = 200;
const MAX_DESCRIPTION = 10_000;
const MAX_IDENTIFIER = 400;
const CLAIM_PREFIX = "dcat-import:";

export interface ImportIssueRow {
  datasetId: string;
  title: string | null;
  property: string | null;
  reason: string;
}

export interface ImportReportRow {
  datasetCount: number;
  created: string[];
  skipped: ImportIssueRow[];
  unmapped: ImportIssueRow[];
}

const P = {
  type: "@type",
  identifier: iri("dct:identifier"),
  title: iri("dct:title"),
  description: iri("dct:description"),
  publisher: iri("dct:publisher"),
  accrualPeriodicity: iri("dct:accrualPeriodicity"),
  theme: iri("dcat:theme"),
  keyword: iri("dcat:keyword"),
  dctType: iri("dct:type"),
  distribution: iri("dcat:distribution"),
  accessRights: iri("dct:accessRights"),
  license: iri("dct:license"),
  rights: iri("dct:rights"),
  issued: iri("dct:issued"),
  modified: iri("dct:modified"),
  language: iri("dct:language"),
  contactPoint: iri("dcat:contactPoint"),
  dataset: iri("dcat:dataset"),
  downloadURL: iri("dcat:downloadURL"),
  accessURL: iri("dcat:accessURL"),
  accessService: iri("dcat:accessService"),
  mediaType: iri("dcat:mediaType"),
  format: iri("dct:format"),
  foafName: iri("foaf:name"),
  vcardFn: iri("vcard:fn"),
  prefLabel: iri("skos:prefLabel"),
  notation: iri("skos:notation"),
  admsIdentifier: iri("adms:identifier"),
  rdfsLabel: iri("rdfs:label"),
} as const;
const T = {
  catalog: iri("dcat:Catalog"),
  dataset: iri("dcat:Dataset"),
};

/** Dataset properties the import reads (or deliberately leaves: dates, language, contact point). */
const HANDLED = new Set<string>([
  P.identifier, P.title, P.description, P.publisher, P.accrualPeriodicity, P.theme, P.keyword, P.distribution,
  P.accessRights, P.license, P.issued, P.modified, P.language, P.contactPoint,
]);

const issue = (datasetId: string, title: string | null, property: string | null, reason: string): ImportIssueRow => ({
  datasetId: datasetId.slice(0, 500),
  title: title ? title.slice(0, MAX_TITLE) : null,
  property,
  reason,
});

function short(v: string, n = 80): string {
  return v.length > n ? `${v.slice(0, n)}…` : v;
}

function describeValue(graph: Graph, node: GraphNode, prop: string): string {
  const v = valuesOf(node, prop)[0];
  if (!v) return "";
  if (v.kind === "literal") return short(v.value);
  const target = graph.nodes.get(v.id);
  const label = textsOf(target, P.prefLabel)[0] ?? textsOf(target, P.title)[0] ?? textsOf(target, P.foafName)[0];
  return short(v.id.startsWith("_:") ? label ?? "(blank node)" : label ? `${v.id} ${label}` : v.id);
}

interface DepartmentRef {
  id: number;
  code: string;
  name: string;
  shortName: string;
}

/** A credit code: 18 characters of digits and upper-case letters (GB 32100). */
const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

function matchPublisher(graph: Graph, refs: string[], literals: string[], byCode: Map<string, DepartmentRef>, byName: Map<string, DepartmentRef>) {
  const codes: string[] = [];
  const names: string[] = [...literals];
  for (const id of refs) {
    const n = graph.nodes.get(id);
    codes.push(...textsOf(n, P.identifier), ...textsOf(n, P.notation));
    for (const adms of refsOf(n, P.admsIdentifier)) codes.push(...textsOf(graph.nodes.get(adms), P.notation));
    names.push(...textsOf(n, P.foafName), ...textsOf(n, P.vcardFn), ...textsOf(n, P.prefLabel));
    const last = decodeURIComponent(id.split(/[/#]/).pop() ?? "");
    if (CREDIT_CODE.test(last.toUpperCase())) codes.push(last);
  }
  for (const c of codes) {
    const d = byCode.get(c.trim().toUpperCase());
    if (d) return { department: d, label: c };
  }
  for (const n of names) {
    const d = byName.get(n.trim());
    if (d) return { department: d, label: n };
  }
  return { department: null, label: names[0] ?? codes[0] ?? refs[0] ?? null };
}

const localConcept = (id: string, kind: "theme" | "category" | "format"): string | null => {
  const m = new RegExp(`${CONCEPT_PATH}/${kind}/([^/?#]+)$`).exec(id);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
};

type Category = "BASE" | "THEME" | "DEPARTMENT";
const CATEGORY_BY_LABEL = new Map<string, Category>(Object.entries(resourceLabels.category).map(([k, v]) => [v, k as Category]));

interface Mapped {
  input: EntryInput;
  unmapped: Array<{ property: string; reason: string }>;
}

function mapDataset(graph: Graph, ds: GraphNode, name: string, summary: string, department: DepartmentRef): Mapped {
  const unmapped: Mapped["unmapped"] = [];
  const note = (prop: string, reason: string) => unmapped.push({ property: compact(prop), reason });

  // 更新周期 from dct:accrualPeriodicity (EU frequency, cld:freq, or a bare code).
  let updateCycle: UpdateCycle = "IRREGULAR";
  const freq = valuesOf(ds, P.accrualPeriodicity)[0];
  if (freq) {
    const value = freq.kind === "iri" ? freq.id : freq.value;
    const m = cycleFromFrequency(value);
    if (!m) note(P.accrualPeriodicity, `未知的更新频率 ${short(value)}，记为不定期 (unknown frequency: IRREGULAR)`);
    else {
      updateCycle = m.cycle;
      if (!m.exact) note(P.accrualPeriodicity, `更新频率 ${short(value)} 无完全对应的更新周期，记为${CYCLE_LABELS[m.cycle]} (approximated as ${m.cycle})`);
    }
  }

  // 主题 and 资源分类 from dcat:theme: our own concepts, labels naming a theme, EU themes naming exactly one.
  let theme: string | null = null;
  let category: Category | null = null;
  const ambiguous: string[] = [];
  for (const t of valuesOf(ds, P.theme)) {
    if (t.kind === "literal") {
      if (KNOWN_THEMES.has(t.value.trim())) theme ??= t.value.trim();
      else ambiguous.push(short(t.value));
      continue;
    }
    const ownTheme = localConcept(t.id, "theme");
    const ownCategory = localConcept(t.id, "category");
    const labels = textsOf(graph.nodes.get(t.id), P.prefLabel);
    if (ownTheme && ownTheme.length <= 50) theme = ownTheme;
    else if (ownCategory && ownCategory in resourceLabels.category) category = ownCategory as Category;
    else if (labels.some((l) => KNOWN_THEMES.has(l))) theme ??= labels.find((l) => KNOWN_THEMES.has(l))!;
    else if (labels.some((l) => CATEGORY_BY_LABEL.has(l))) category ??= CATEGORY_BY_LABEL.get(labels.find((l) => CATEGORY_BY_LABEL.has(l))!)!;
    else if (t.id.startsWith(EU.dataTheme) && EU_TO_THEME[t.id.slice(EU.dataTheme.length)]) theme ??= EU_TO_THEME[t.id.slice(EU.dataTheme.length)];
    else ambiguous.push(describeValue(graph, { ...ds, props: new Map([[P.theme, [t]]]) }, P.theme));
  }
  // An EU theme that names several of ours (SOCI, ECON, GOVE …) only matters when nothing else did.
  if (ambiguous.length && theme === null && category === null) {
    for (const a of ambiguous) note(P.theme, `主题 ${a} 无法对应到本目录的主题 (no matching theme)`);
  } else if (ambiguous.length) {
    for (const a of ambiguous.filter((x) => !x.startsWith(EU.dataTheme))) note(P.theme, `主题 ${a} 无法对应到本目录的主题 (no matching theme)`);
  }
  if (category === null) {
    category = theme && (BASE_THEMES as readonly string[]).includes(theme) ? "BASE" : theme && (CATALOG_THEMES as readonly string[]).includes(theme) ? "THEME" : "DEPARTMENT";
  }

  // 资源格式: our own format concept (dct:type), else the distributions' formats.
  let format: ResourceFormat | null = null;
  for (const t of valuesOf(ds, P.dctType)) {
    const own = t.kind === "iri" ? localConcept(t.id, "format") : null;
    if (own && own in FORMAT_LABELS) format = own as ResourceFormat;
    else note(P.dctType, `类型 ${describeValue(graph, { ...ds, props: new Map([[P.dctType, [t]]]) }, P.dctType)} 未导入 (not imported)`);
  }
  const distributions = refsOf(ds, P.distribution).map((id) => graph.nodes.get(id)).filter((n): n is GraphNode => !!n);
  for (const d of distributions) {
    if (!format) {
      for (const prop of [P.mediaType, P.format]) {
        for (const v of valuesOf(d, prop)) {
          const label = v.kind === "iri" ? v.id : v.value;
          const f = formatFromMediaType(label) ?? (v.kind === "iri" ? formatFromMediaType(textsOf(graph.nodes.get(v.id), P.prefLabel)[0] ?? "") : null);
          if (f && !format) format = f;
        }
      }
      if (!format && valuesOf(d, P.accessService).length && !valuesOf(d, P.downloadURL).length) format = "SERVICE_API";
    }
    const downloads = refsOf(d, P.downloadURL);
    if (downloads.length) {
      note(P.downloadURL, `下载地址 ${short(downloads[0])} 未导入：草稿不保存外部下载地址 (download URLs are not imported)`);
    }
  }
  format ??= "ELECTRONIC_FILE";

  // 开放类型 from dct:accessRights, else from the licence.
  let openType: "UNCONDITIONAL" | "CONDITIONAL" | "NOT_OPEN" = "NOT_OPEN";
  let openCondition: string | null = null;
  const access = refsOf(ds, P.accessRights)[0] ?? textsOf(ds, P.accessRights)[0];
  const licences = [...refsOf(ds, P.license), ...textsOf(ds, P.license), ...distributions.flatMap((d) => refsOf(d, P.license))];
  if (access === ACCESS_RIGHT.PUBLIC || access?.toUpperCase() === "PUBLIC") openType = "UNCONDITIONAL";
  else if (access === ACCESS_RIGHT.RESTRICTED || access?.toUpperCase() === "RESTRICTED") {
    openType = "CONDITIONAL";
    const stated = [
      ...distributions.flatMap((d) => refsOf(d, P.rights).flatMap((r) => textsOf(graph.nodes.get(r), P.description))),
      ...textsOf(graph.nodes.get(access), P.description),
      ...textsOf(graph.nodes.get(access), P.rdfsLabel),
    ].map((s) => s.replace(/^开放条件[:：]\s*/, "").trim());
    openCondition = stated.find((s) => s.length >= 2) ?? "按来源目录的访问限制，申请并经提供部门同意后使用 (restricted at the source)";
  } else if (access === ACCESS_RIGHT.NON_PUBLIC || access?.toUpperCase() === "NON_PUBLIC") openType = "NOT_OPEN";
  else {
    if (access) note(P.accessRights, `访问权限 ${short(access)} 无法识别，按不予开放导入 (unknown access right: NOT_OPEN)`);
    if (licences.some(isOpenLicence)) openType = "UNCONDITIONAL";
    else {
      const own = licences.find((l) => l.endsWith(CONDITIONAL_LICENCE_PATH));
      if (own) {
        openType = "CONDITIONAL";
        openCondition = "按来源目录的有条件开放条款申请使用 (conditionally open at the source)";
      } else if (licences.length) note(P.license, `许可 ${short(licences[0])} 不是公认的开放许可，按不予开放导入 (not a recognised open licence: NOT_OPEN)`);
    }
  }

  // 关键词: those the structured fields already say are dropped; the rest stay searchable in the summary.
  const derived = new Set([theme, resourceLabels.category[category], department.name, department.shortName, FORMAT_LABELS[format], resourceLabels.openType[openType]]);
  const keywords = [...new Set(textsOf(ds, P.keyword).map((k) => k.slice(0, 50)))].filter((k) => !derived.has(k)).slice(0, 30);
  const fullSummary = keywords.length ? `${summary}\n关键词：${keywords.join("、")}` : summary;

  for (const prop of ds.props.keys()) {
    if (HANDLED.has(prop) || prop === P.dctType) continue;
    note(prop, `未能映射 ${compact(prop)}（${describeValue(graph, ds, prop)}） (could not map ${compact(prop)})`);
  }
  return {
    input: {
      name,
      summary: fullSummary,
      category,
      theme,
      format,
      updateCycle,
      // An open dataset is shareable among departments without conditions; the department may
      // narrow it while the entry is a draft.
      shareType: "UNCONDITIONAL",
      openType,
      openCondition,
      items: [],
    },
    unmapped,
  };
}

function parseDocument(text: string): Graph {
  if (Buffer.byteLength(text, "utf8") > MAX_DOCUMENT_BYTES) {
    throw badInput(`文档超过 ${MAX_DOCUMENT_BYTES} 字节 (document too large)`, { argument: "document" });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw badInput(`文档不是有效的 JSON：${short((e as Error).message, 120)} (malformed JSON)`, { argument: "document" });
  }
  // JSON escapes can carry what PostgreSQL text cannot hold (U+0000, lone surrogates).
  const stack: unknown[] = [json];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(v)) {
        throw badInput("文档含有 NUL 或无效的 Unicode 字符 (U+0000 or a lone surrogate)", { argument: "document" });
      }
    } else if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) stack.push(k, x);
  }
  try {
    return readJsonLd(json);
  } catch (e) {
    if (e instanceof JsonLdError) throw badInput(`文档不是有效的 JSON-LD：${e.message}`, { argument: "document" });
    throw e;
  }
}

export async function importDcat(
  db: Db,
  viewer: Viewer,
  args: { document?: string | null; url?: string | null },
  now: Date,
  settings: DcatSettings = dcatSettings(),
): Promise<ImportReportRow> {
  if (!hasRole(viewer, "COORDINATOR") || !viewer.department) {
    throw codedError("FORBIDDEN", "只有主管部门可以导入 DCAT 目录 (COORDINATOR only, R1)");
  }
  const hasDoc = typeof args.document === "string";
  const hasUrl = typeof args.url === "string";
  if (hasDoc === hasUrl) throw badInput("document 和 url 须且只能给出一个 (give exactly one of document and url)");
  const text = hasDoc ? args.document! : await fetchDocument(args.url!.trim(), settings);
  const graph = parseDocument(text);

  const catalogs = [...graph.nodes.values()].filter((n) => n.types.includes(T.catalog));
  if (!catalogs.length) {
    throw badInput("不是 DCAT 目录：文档中没有 dcat:Catalog (not a DCAT catalog: no dcat:Catalog node)", { argument: hasDoc ? "document" : "url" });
  }
  const catalog = catalogs[0];
  const datasetIds = [
    ...new Set([
      ...catalogs.flatMap((c) => refsOf(c, P.dataset)),
      ...[...graph.nodes.values()].filter((n) => n.types.includes(T.dataset)).map((n) => n.id),
    ]),
  ];
  if (datasetIds.length > MAX_IMPORT_DATASETS) {
    throw badInput(`一次最多导入 ${MAX_IMPORT_DATASETS} 个数据集，文档中有 ${datasetIds.length} 个 (too many datasets)`);
  }

  const report: ImportReportRow = { datasetCount: datasetIds.length, created: [], skipped: [], unmapped: [] };
  const docId = catalog.id;
  for (const [term, n] of graph.unknownTerms) {
    report.unmapped.push(issue(docId, null, term, `术语 ${short(term, 50)} 没有定义（@context 中无此术语或前缀），${n} 处未导入 (undefined term)`));
  }
  for (const c of graph.remoteContexts) {
    report.unmapped.push(issue(docId, null, "@context", `未抓取远程 @context ${short(c)}，按常用前缀解读 (remote context not fetched)`));
  }

  const depts = await db.select({ id: departments.id, code: departments.code, name: departments.name, shortName: departments.shortName }).from(departments);
  const byCode = new Map(depts.map((d) => [d.code.toUpperCase(), d]));
  const byName = new Map(depts.flatMap((d) => [[d.name, d] as const, [d.shortName, d] as const]));

  // Identifiers first, so that codes already in the catalog are found in one statement.
  const identified = datasetIds.map((id) => {
    const node = graph.nodes.get(id);
    const identifier = textsOf(node, P.identifier)[0] ?? (id.startsWith("_:") ? null : id);
    return { id, node, identifier };
  });
  const candidates = identified.map((d) => d.identifier).filter((x): x is string => !!x && x.length <= MAX_IDENTIFIER);
  const existing = new Set(
    candidates.length
      ? (await db.select({ code: resources.code }).from(resources).where(inArray(resources.code, candidates))).map((r) => r.code)
      : [],
  );

  const catalogPublisher = { refs: refsOf(catalog, P.publisher), literals: textsOf(catalog, P.publisher) };
  const createdBy = new Map<number, { department: DepartmentRef; names: string[] }>();

  for (const { id, node, identifier } of identified) {
    const title = textsOf(node, P.title)[0] ?? null;
    const skip = (reason: string) => report.skipped.push(issue(identifier ?? id, title, null, reason));
    if (!node || node.props.size === 0) {
      skip("数据集只被引用，文档中没有它的描述 (the dataset is referenced but not described)");
      continue;
    }
    if (!identifier) {
      skip("缺少 dct:identifier，且数据集没有 IRI，无法判断是否重复导入 (no dct:identifier)");
      continue;
    }
    if (identifier.length > MAX_IDENTIFIER) {
      skip(`dct:identifier 超过 ${MAX_IDENTIFIER} 个字符 (identifier too long)`);
      continue;
    }
    if (!title) {
      skip("缺少 dct:title (no title)");
      continue;
    }
    if (title.length > MAX_TITLE) {
      skip(`dct:title 超过 ${MAX_TITLE} 个字符 (title too long)`);
      continue;
    }
    const description = textsOf(node, P.description)[0];
    if (!description) {
      skip("缺少 dct:description，资源摘要必填 (no description: the summary is required)");
      continue;
    }
    if (description.length > MAX_DESCRIPTION) {
      skip(`dct:description 超过 ${MAX_DESCRIPTION} 个字符 (description too long)`);
      continue;
    }
    if (existing.has(identifier)) {
      skip(`重复：目录中已有代码为 ${identifier} 的资源 (duplicate: a resource with this code exists)`);
      continue;
    }
    const own = { refs: refsOf(node, P.publisher), literals: textsOf(node, P.publisher) };
    const pub = own.refs.length || own.literals.length ? own : catalogPublisher;
    const { department, label } = matchPublisher(graph, pub.refs, pub.literals, byCode, byName);
    if (!department) {
      skip(`发布者 ${label ? short(label) : "（未给出）"} 不是本目录的部门：按统一社会信用代码或名称都未找到 (publisher matches no department by credit code or name)`);
      continue;
    }
    const mapped = mapDataset(graph, node, title, description, department);

    // Claim the identifier before creating the draft: of two imports of the same dataset one
    // creates it, the other finds it claimed (a duplicate).
    const key = CLAIM_PREFIX + identifier;
    const claimed = await db.insert(meta).values({ key, value: "", updatedAt: now }).onConflictDoNothing().returning({ key: meta.key });
    if (!claimed.length) {
      skip("重复：该数据集标识已导入过 (duplicate: this dataset identifier was imported before)");
      continue;
    }
    // The draft is the department's (R1): made as its provider would make it, recorded as the coordinator's change.
    const acting: Viewer = { ...viewer, department: { id: department.id, code: department.code, name: department.name }, roles: ["PROVIDER"] };
    let code: string;
    try {
      code = (await createDraft(db, acting, mapped.input, now)).code;
    } catch (e) {
      await db.delete(meta).where(eq(meta.key, key));
      if ((e as { extensions?: { code?: string } }).extensions?.code) {
        skip(`目录规则不允许：${(e as Error).message}`);
        continue;
      }
      throw e;
    }
    await db.update(meta).set({ value: code, updatedAt: now }).where(eq(meta.key, key));
    report.created.push(code);
    for (const u of mapped.unmapped) report.unmapped.push(issue(identifier, title, u.property, u.reason));
    const entry = createdBy.get(department.id) ?? { department, names: [] };
    entry.names.push(title);
    createdBy.set(department.id, entry);
  }

  for (const { department, names } of createdBy.values()) {
    const list = names.slice(0, 5).map((n) => `“${n}”`).join("、") + (names.length > 5 ? ` 等 ${names.length} 项` : "");
    await db.insert(notifications).values({
      departmentId: department.id,
      kind: "CATALOG_IMPORTED",
      message: `主管部门从 DCAT 目录导入了本部门的目录草稿 ${list}，请核对后提交审核 (R1)`,
    });
  }
  return report;
}
