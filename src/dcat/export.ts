// GET /dcat/catalog.jsonld: the open catalog as DCAT-AP 3 JSON-LD. Exactly what the anonymous
// public may see (policy/catalog.ts catalogVisibility, the same condition as the `resources`
// query), in two SQL statements whatever the catalog's size. Catalog metadata only: no data item
// (信息项), no share condition or legal basis, no row.
import { createHash } from "node:crypto";
import type http from "node:http";
import { asc, eq } from "drizzle-orm";
import type { Database, Db } from "../db/client.js";
import { isDatabaseUnavailable } from "../db/client.js";
import { departments, resources } from "../db/schema.js";
import { ANONYMOUS } from "../auth/viewer.js";
import { catalogVisibility } from "../policy/catalog.js";
import { resourceLabels } from "../catalog/labels.js";
import { baseUrlFor, dcatSettings, type DcatSettings } from "./settings.js";
import {
  ACCESS_RIGHT,
  CONCEPT_PATH,
  CONDITIONAL_LICENCE_PATH,
  CONDITIONAL_LICENCE_TEXT,
  CONDITIONAL_LICENCE_TITLE,
  CYCLE_TO_FREQUENCY,
  EU,
  FILE_TYPE_JSON,
  FORMAT_LABELS,
  LANGUAGE_ZH,
  MEDIA_TYPE_GRAPHQL_RESPONSE,
  NS,
  OPEN_LICENCE,
  OPEN_LICENCE_TITLE,
  PUBLISHER_TYPE_LOCAL_AUTHORITY,
  THEME_SCHEME_PATH,
  euThemesOf,
  type ResourceFormat,
  type UpdateCycle,
} from "./vocab.js";

export const DCAT_PATH = "/dcat/catalog.jsonld";
export const DCAT_CONTENT_TYPE = "application/ld+json; charset=utf-8";

/** The @context of the export: the DCAT-AP 3 prefixes with their full namespace IRIs. */
export const DCAT_CONTEXT = { ...NS };

type JsonLd = Record<string, unknown>;

const zh = (value: string) => ({ "@value": value, "@language": "zh" });
const en = (value: string) => ({ "@value": value, "@language": "en" });
const ref = (id: string) => ({ "@id": id });
const dateTime = (d: Date) => ({ "@value": d.toISOString(), "@type": "xsd:dateTime" });

interface OpenEntry {
  code: string;
  name: string;
  summary: string;
  category: "BASE" | "THEME" | "DEPARTMENT";
  theme: string | null;
  format: ResourceFormat;
  updateCycle: UpdateCycle;
  openType: "UNCONDITIONAL" | "CONDITIONAL" | "NOT_OPEN";
  openCondition: string | null;
  publishedAt: Date | null;
  updatedAt: Date;
  dataUpdatedAt: Date | null;
  deptCode: string;
  deptName: string;
  deptShortName: string;
}

/** The open catalog: one statement for the entries with their departments, one for the publisher. */
export async function loadOpenCatalog(db: Db): Promise<{ entries: OpenEntry[]; coordinator: { code: string; name: string } | null }> {
  const entries = await db
    .select({
      code: resources.code,
      name: resources.name,
      summary: resources.summary,
      category: resources.category,
      theme: resources.theme,
      format: resources.format,
      updateCycle: resources.updateCycle,
      openType: resources.openType,
      openCondition: resources.openCondition,
      publishedAt: resources.publishedAt,
      updatedAt: resources.updatedAt,
      dataUpdatedAt: resources.dataUpdatedAt,
      deptCode: departments.code,
      deptName: departments.name,
      deptShortName: departments.shortName,
    })
    .from(resources)
    .innerJoin(departments, eq(departments.id, resources.departmentId))
    // The anonymous public's view of the catalog, the same condition every catalog query uses.
    .where(catalogVisibility(ANONYMOUS))
    .orderBy(asc(resources.code));
  const [coordinator] = await db
    .select({ code: departments.code, name: departments.name })
    .from(departments)
    .where(eq(departments.kind, "COORDINATOR"))
    .orderBy(asc(departments.seq))
    .limit(1);
  return { entries: entries as OpenEntry[], coordinator: coordinator ?? null };
}

export interface CatalogOptions {
  base: string;
  publisherName: string | null;
}

const latest = (...ds: Array<Date | null>) =>
  ds.filter((d): d is Date => d instanceof Date).reduce<Date | null>((a, b) => (a === null || b > a ? b : a), null);

/** Builds the DCAT-AP 3 document from the open entries. */
export function buildCatalogDocument(
  data: Awaited<ReturnType<typeof loadOpenCatalog>>,
  opts: CatalogOptions,
): JsonLd {
  const { base } = opts;
  const { entries, coordinator } = data;
  const catalogId = `${base}/dcat/catalog`;
  const serviceId = `${base}/dcat/service/graphql`;
  const endpoint = `${base}/graphql`;
  const conditionalLicence = `${base}${CONDITIONAL_LICENCE_PATH}`;
  const schemeId = `${base}${THEME_SCHEME_PATH}`;
  const agentId = (code: string) => `${base}/dcat/agent/${encodeURIComponent(code)}`;
  const conceptId = (kind: "theme" | "category" | "format", value: string) => `${base}${CONCEPT_PATH}/${kind}/${encodeURIComponent(value)}`;
  const datasetId = (code: string) => `${base}/dcat/dataset/${encodeURIComponent(code)}`;

  const agents = new Map<string, JsonLd>();
  const agent = (code: string, name: string) => {
    if (!agents.has(code)) {
      agents.set(code, {
        "@id": agentId(code),
        "@type": ["foaf:Agent", "foaf:Organization"],
        "foaf:name": zh(name),
        // 统一社会信用代码 of the department (GB 32100).
        "dct:identifier": code,
        "dct:type": ref(PUBLISHER_TYPE_LOCAL_AUTHORITY),
      });
    }
    return ref(agentId(code));
  };

  const concepts = new Map<string, JsonLd>();
  const concept = (kind: "theme" | "category" | "format", value: string, label: string) => {
    const id = conceptId(kind, value);
    if (!concepts.has(id)) {
      concepts.set(id, {
        "@id": id,
        "@type": "skos:Concept",
        "skos:prefLabel": zh(label),
        "skos:notation": value,
        "skos:inScheme": ref(schemeId),
      });
    }
    return ref(id);
  };

  const publisherName = opts.publisherName ?? coordinator?.name ?? "政务信息资源共享主管部门";
  const catalogPublisher =
    coordinator && (opts.publisherName === null || opts.publisherName === coordinator.name)
      ? agent(coordinator.code, coordinator.name)
      : (() => {
          const id = `${base}/dcat/agent/publisher`;
          agents.set("\u0000publisher", { "@id": id, "@type": ["foaf:Agent", "foaf:Organization"], "foaf:name": zh(publisherName), "dct:type": ref(PUBLISHER_TYPE_LOCAL_AUTHORITY) });
          return ref(id);
        })();

  let usesConditional = false;
  const datasets = entries.map((r) => {
    const id = datasetId(r.code);
    const open = r.openType === "UNCONDITIONAL";
    if (!open) usesConditional = true;
    const licence = open ? OPEN_LICENCE : conditionalLicence;
    const themes = [
      ...(r.theme ? [concept("theme", r.theme, r.theme)] : []),
      concept("category", r.category, resourceLabels.category[r.category]),
      ...euThemesOf(r.category, r.theme).map(ref),
    ];
    const keywords = [...new Set([r.theme, resourceLabels.category[r.category], r.deptShortName, resourceLabels.openType[r.openType], FORMAT_LABELS[r.format]])]
      .filter((k): k is string => !!k)
      .map(zh);
    const readHow = open
      ? "无条件开放：公众可直接查询，L1 信息项明文，L2/L3 脱敏，L4 不提供。"
      : `有条件开放：须以公众账号提出开放申请（applyForOpenData），经提供部门同意后一次申请限一次读取 (R21)。开放条件：${r.openCondition ?? ""}`;
    const distribution: JsonLd = {
      "@id": `${id}/distribution/graphql`,
      "@type": "dcat:Distribution",
      "dct:title": [zh(`${r.name}（GraphQL 接口）`), en("GraphQL API")],
      "dct:description": [
        zh(
          `通过 GraphQL 接口 POST ${endpoint} 的 records 查询读取数据行：records(resourceCode: "${r.code}", purpose: WORK_REFERENCE, purposeDetail: "<具体事项>", first: 100) { items { code treatment } nodes { key values } provenance { providerName dataUpdatedAt retrievedAt } }。${readHow}`,
        ),
        en(
          `Read the rows with the records query of the GraphQL API at ${endpoint}: records(resourceCode: "${r.code}", purpose, purposeDetail, first). ` +
            (open ? "Unconditionally open: served directly, personal data masked." : "Conditionally open: apply first (applyForOpenData); one approval covers one read."),
        ),
      ],
      "dcat:accessURL": ref(endpoint),
      "dcat:accessService": ref(serviceId),
      "dct:format": ref(FILE_TYPE_JSON),
      "dcat:mediaType": ref(MEDIA_TYPE_GRAPHQL_RESPONSE),
      "dct:license": ref(licence),
      ...(open ? {} : { "dct:rights": { "@type": "dct:RightsStatement", "dct:description": zh(`开放条件：${r.openCondition ?? ""}`) } }),
    };
    const modified = latest(r.updatedAt, r.dataUpdatedAt) ?? r.updatedAt;
    return {
      "@id": id,
      "@type": "dcat:Dataset",
      "dct:identifier": r.code,
      "dct:title": zh(r.name),
      "dct:description": zh(r.summary),
      "dct:publisher": agent(r.deptCode, r.deptName),
      "dcat:contactPoint": { "@type": "vcard:Organization", "vcard:fn": zh(r.deptName) },
      "dcat:theme": themes,
      "dct:type": concept("format", r.format, FORMAT_LABELS[r.format]),
      "dct:accrualPeriodicity": ref(CYCLE_TO_FREQUENCY[r.updateCycle]),
      "dct:accessRights": ref(open ? ACCESS_RIGHT.PUBLIC : ACCESS_RIGHT.RESTRICTED),
      "dct:license": ref(licence),
      "dct:language": ref(LANGUAGE_ZH),
      ...(r.publishedAt ? { "dct:issued": dateTime(r.publishedAt) } : {}),
      "dct:modified": dateTime(modified),
      "dcat:keyword": keywords,
      "dcat:distribution": [distribution],
    };
  });

  const modified = latest(...entries.flatMap((r) => [r.updatedAt, r.dataUpdatedAt]));
  const issued = entries
    .map((r) => r.publishedAt)
    .filter((d): d is Date => d instanceof Date)
    .reduce<Date | null>((a, b) => (a === null || b < a ? b : a), null);
  const catalog: JsonLd = {
    "@id": catalogId,
    "@type": "dcat:Catalog",
    "dct:title": [zh("政务信息资源开放目录"), en("Open government information resource catalog")],
    "dct:description": [
      zh(
        `${publisherName}汇总发布的政务信息资源开放目录：无条件开放和有条件开放的资源共 ${entries.length} 项。数据通过 GraphQL 接口（${endpoint}）的 records 查询读取；个人信息按规定脱敏。`,
      ),
      en(`The open part of the government information-resource catalog: ${entries.length} resources, read through the records query of the GraphQL API at ${endpoint}.`),
    ],
    "dct:publisher": catalogPublisher,
    "foaf:homepage": ref(`${base}/`),
    "dct:language": ref(LANGUAGE_ZH),
    "dct:license": ref(OPEN_LICENCE),
    ...(issued ? { "dct:issued": dateTime(issued) } : {}),
    ...(modified ? { "dct:modified": dateTime(modified) } : {}),
    "dcat:themeTaxonomy": [ref(schemeId), ref(EU.dataTheme.replace(/\/$/, ""))],
    "dcat:service": [ref(serviceId)],
    "dcat:dataset": datasets,
  };
  const service: JsonLd = {
    "@id": serviceId,
    "@type": "dcat:DataService",
    "dct:title": [zh("政务信息资源目录 GraphQL 接口"), en("Catalog gateway GraphQL API")],
    "dct:description": zh("GraphQL over HTTP：resources 检索目录，records 读取数据行（按用户、用途和授权逐项明文、脱敏或不提供），verify 核验。"),
    "dcat:endpointURL": ref(endpoint),
    "dct:publisher": catalogPublisher,
    "dct:license": ref(OPEN_LICENCE),
    "dcat:servesDataset": entries.map((r) => ref(datasetId(r.code))),
  };
  const licences: JsonLd[] = [{ "@id": OPEN_LICENCE, "@type": "dct:LicenseDocument", "dct:title": en(OPEN_LICENCE_TITLE) }];
  if (usesConditional) {
    licences.push({
      "@id": conditionalLicence,
      "@type": "dct:LicenseDocument",
      "dct:title": zh(CONDITIONAL_LICENCE_TITLE),
      "dct:description": zh(CONDITIONAL_LICENCE_TEXT),
    });
  }
  const scheme: JsonLd = {
    "@id": schemeId,
    "@type": "skos:ConceptScheme",
    "dct:title": zh("政务信息资源分类、主题与资源格式"),
  };
  return {
    "@context": DCAT_CONTEXT,
    "@graph": [catalog, service, ...agents.values(), scheme, ...concepts.values(), ...licences],
  };
}

export async function renderCatalog(db: Db, base: string, settings: DcatSettings): Promise<string> {
  const data = await loadOpenCatalog(db);
  return JSON.stringify(buildCatalogDocument(data, { base, publisherName: settings.publisherName }));
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((t) => {
    const v = t.trim().replace(/^W\//, "");
    return v === etag || v === "*";
  });
}

/** The route: the document with an ETag, 304 when the client has it, cacheable for 5 minutes. */
export async function sendDcat(req: http.IncomingMessage, res: http.ServerResponse, database: Database): Promise<void> {
  const settings = dcatSettings();
  let body: string;
  try {
    body = await renderCatalog(database.db, baseUrlFor(req.headers.host, settings), settings);
  } catch (e) {
    if (!isDatabaseUnavailable(e)) throw e;
    const msg = JSON.stringify({ errors: [{ message: "数据库暂时不可用，请稍后重试 (database unavailable, retry later)", extensions: { code: "SERVICE_UNAVAILABLE" } }] });
    res.writeHead(503, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", "retry-after": "5" });
    res.end(msg);
    return;
  }
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 32)}"`;
  const headers = { etag, "cache-control": "public, max-age=300" };
  if (etagMatches(req.headers["if-none-match"], etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, "content-type": DCAT_CONTENT_TYPE, "content-length": Buffer.byteLength(body) });
  res.end(body);
}
