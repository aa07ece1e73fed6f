// The vocabularies of the DCAT exchange (DCAT-AP 3): namespaces, the EU controlled vocabularies we
// emit (frequency, data theme, access right, licence, language, file type) and how the catalog's
// own coded values map to and from them. Pure data and functions, no I/O.
import { BASE_THEMES } from "../catalog/rules.js";

/** Full namespace IRIs of DCAT-AP 3 (the JSON-LD @context of the export uses exactly these). */
export const NS = {
  dcat: "http://www.w3.org/ns/dcat#",
  dct: "http://purl.org/dc/terms/",
  foaf: "http://xmlns.com/foaf/0.1/",
  skos: "http://www.w3.org/2004/02/skos/core#",
  vcard: "http://www.w3.org/2006/vcard/ns#",
  xsd: "http://www.w3.org/2001/XMLSchema#",
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  rdfs: "http://www.w3.org/2000/01/rdf-schema#",
  adms: "http://www.w3.org/ns/adms#",
  dcatap: "http://data.europa.eu/r5r/",
} as const;

export type Prefix = keyof typeof NS;

/** Prefixes an imported document may use without declaring them (widespread in CKAN exports). */
export const WELL_KNOWN_PREFIXES: Record<string, string> = {
  ...NS,
  dcterms: NS.dct,
  schema: "http://schema.org/",
  owl: "http://www.w3.org/2002/07/owl#",
  locn: "http://www.w3.org/ns/locn#",
  prov: "http://www.w3.org/ns/prov#",
  odrl: "http://www.w3.org/ns/odrl/2/",
  spdx: "http://spdx.org/rdf/terms#",
};

/** `dct:title` → its full IRI. */
export function iri(curie: `${Prefix}:${string}`): string {
  const i = curie.indexOf(":");
  return NS[curie.slice(0, i) as Prefix] + curie.slice(i + 1);
}

/** A full IRI in the export's prefixes where one fits (for messages): dct:title. */
export function compact(full: string): string {
  for (const [p, ns] of Object.entries(NS)) if (full.startsWith(ns) && full.length > ns.length) return `${p}:${full.slice(ns.length)}`;
  return full;
}

export const EU = {
  frequency: "http://publications.europa.eu/resource/authority/frequency/",
  dataTheme: "http://publications.europa.eu/resource/authority/data-theme/",
  accessRight: "http://publications.europa.eu/resource/authority/access-right/",
  licence: "http://publications.europa.eu/resource/authority/licence/",
  language: "http://publications.europa.eu/resource/authority/language/",
  fileType: "http://publications.europa.eu/resource/authority/file-type/",
} as const;

/** The EU Publications Office frequency authority table (codes as of its 2023 releases). */
export const EU_FREQUENCY_CODES = [
  "1MIN", "5MIN", "10MIN", "15MIN", "30MIN", "HOURLY", "BIHOURLY", "TRIHOURLY", "12HRS", "CONT", "UPDATE_CONT",
  "DAILY", "DAILY_2", "WEEKLY", "WEEKLY_2", "WEEKLY_3", "BIWEEKLY", "MONTHLY", "MONTHLY_2", "MONTHLY_3", "BIMONTHLY",
  "QUARTERLY", "ANNUAL", "ANNUAL_2", "ANNUAL_3", "BIENNIAL", "TRIENNIAL", "QUADRENNIAL", "QUINQUENNIAL", "DECENNIAL",
  "BIDECENNIAL", "TRIDECENNIAL", "IRREG", "AS_NEEDED", "NOT_PLANNED", "NEVER", "OTHER", "UNKNOWN", "OP_DATPRO",
] as const;
export const EU_FREQUENCIES: ReadonlySet<string> = new Set(EU_FREQUENCY_CODES.map((c) => EU.frequency + c));

/** The EU data-theme authority table. */
export const EU_DATA_THEME_CODES = [
  "AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTR", "JUST", "REGI", "SOCI", "TECH", "TRAN", "OP_DATPRO",
] as const;
export const EU_DATA_THEMES: ReadonlySet<string> = new Set(EU_DATA_THEME_CODES.map((c) => EU.dataTheme + c));

export type UpdateCycle = "REALTIME" | "DAILY" | "WEEKLY" | "MONTHLY" | "QUARTERLY" | "HALF_YEARLY" | "YEARLY" | "IRREGULAR";

/** 更新周期 → EU frequency. 实时 is "continuously updated"; 每半年 is ANNUAL_2 (semi-annual). */
export const CYCLE_TO_FREQUENCY: Record<UpdateCycle, string> = {
  REALTIME: EU.frequency + "UPDATE_CONT",
  DAILY: EU.frequency + "DAILY",
  WEEKLY: EU.frequency + "WEEKLY",
  MONTHLY: EU.frequency + "MONTHLY",
  QUARTERLY: EU.frequency + "QUARTERLY",
  HALF_YEARLY: EU.frequency + "ANNUAL_2",
  YEARLY: EU.frequency + "ANNUAL",
  IRREGULAR: EU.frequency + "IRREG",
};

/**
 * EU frequency code → 更新周期 on import: the finest cycle of ours whose period is at least the
 * source's, so the draft never promises fresher data than the source does (hourly is 实时, twice a
 * week is 每周, every two weeks is 每月). `exact` false: the mapping is an approximation, reported.
 */
const FREQUENCY_FROM_EU: Record<string, { cycle: UpdateCycle; exact: boolean }> = {
  "1MIN": { cycle: "REALTIME", exact: true },
  "5MIN": { cycle: "REALTIME", exact: true },
  "10MIN": { cycle: "REALTIME", exact: true },
  "15MIN": { cycle: "REALTIME", exact: true },
  "30MIN": { cycle: "REALTIME", exact: true },
  HOURLY: { cycle: "REALTIME", exact: true },
  BIHOURLY: { cycle: "REALTIME", exact: true },
  TRIHOURLY: { cycle: "REALTIME", exact: true },
  "12HRS": { cycle: "REALTIME", exact: false },
  CONT: { cycle: "REALTIME", exact: true },
  UPDATE_CONT: { cycle: "REALTIME", exact: true },
  DAILY: { cycle: "DAILY", exact: true },
  DAILY_2: { cycle: "DAILY", exact: false },
  WEEKLY: { cycle: "WEEKLY", exact: true },
  WEEKLY_2: { cycle: "WEEKLY", exact: false },
  WEEKLY_3: { cycle: "WEEKLY", exact: false },
  BIWEEKLY: { cycle: "MONTHLY", exact: false },
  MONTHLY: { cycle: "MONTHLY", exact: true },
  MONTHLY_2: { cycle: "MONTHLY", exact: false },
  MONTHLY_3: { cycle: "MONTHLY", exact: false },
  BIMONTHLY: { cycle: "QUARTERLY", exact: false },
  QUARTERLY: { cycle: "QUARTERLY", exact: true },
  ANNUAL_3: { cycle: "HALF_YEARLY", exact: false },
  ANNUAL_2: { cycle: "HALF_YEARLY", exact: true },
  ANNUAL: { cycle: "YEARLY", exact: true },
  IRREG: { cycle: "IRREGULAR", exact: true },
  AS_NEEDED: { cycle: "IRREGULAR", exact: true },
};

/** The Dublin Core Collection Description frequency vocabulary, used by many CKAN sites. */
const CLD_FREQ = "http://purl.org/cld/freq/";
const FREQUENCY_FROM_CLD: Record<string, string> = {
  continuous: "UPDATE_CONT", daily: "DAILY", threeTimesAWeek: "WEEKLY_3", semiweekly: "WEEKLY_2", weekly: "WEEKLY",
  biweekly: "BIWEEKLY", threeTimesAMonth: "MONTHLY_3", semimonthly: "MONTHLY_2", monthly: "MONTHLY", bimonthly: "BIMONTHLY",
  quarterly: "QUARTERLY", threeTimesAYear: "ANNUAL_3", semiannual: "ANNUAL_2", annual: "ANNUAL", biennial: "BIENNIAL",
  triennial: "TRIENNIAL", irregular: "IRREG",
};

export interface FrequencyMatch {
  cycle: UpdateCycle;
  /** false: no cycle of ours fits (biennial, never, unknown …) and IRREGULAR stands in, or an approximation. */
  exact: boolean;
}

/** dct:accrualPeriodicity (an EU or cld IRI, or a bare code such as "monthly") → 更新周期, or null. */
export function cycleFromFrequency(value: string): FrequencyMatch | null {
  let code: string | undefined;
  const v = value.trim();
  if (v.startsWith(EU.frequency)) code = v.slice(EU.frequency.length);
  else if (v.startsWith(CLD_FREQ)) code = FREQUENCY_FROM_CLD[v.slice(CLD_FREQ.length)];
  else {
    const bare = v.toUpperCase();
    code = (EU_FREQUENCY_CODES as readonly string[]).includes(bare)
      ? bare
      : Object.entries(FREQUENCY_FROM_CLD).find(([k]) => k.toLowerCase() === v.toLowerCase())?.[1];
  }
  if (!code) return null;
  const hit = FREQUENCY_FROM_EU[code];
  if (hit) return hit;
  // A known EU code with no cycle of ours (longer than a year, never, unknown): 不定期.
  return (EU_FREQUENCY_CODES as readonly string[]).includes(code) ? { cycle: "IRREGULAR", exact: false } : null;
}

/** Themes of the catalog (主题) and the base libraries (R4). Other themes are exported as local concepts only. */
export const CATALOG_THEMES = [
  "健康保障", "社会保障", "信用体系", "公共安全", "市场监管", "民生服务", "城乡建设", "生态环境", "交通出行", "教育文化",
] as const;
export const KNOWN_THEMES: ReadonlySet<string> = new Set<string>([...BASE_THEMES, ...CATALOG_THEMES]);

/** 主题 / 基础库 → EU data themes, where one fits. */
export const THEME_TO_EU: Record<string, string[]> = {
  人口: ["SOCI"],
  法人单位: ["ECON"],
  自然资源和空间地理: ["ENVI", "REGI"],
  电子证照: ["GOVE"],
  社会信用: ["ECON"],
  健康保障: ["HEAL"],
  社会保障: ["SOCI"],
  信用体系: ["ECON"],
  公共安全: ["JUST"],
  市场监管: ["ECON"],
  民生服务: ["SOCI"],
  城乡建设: ["REGI"],
  生态环境: ["ENVI"],
  交通出行: ["TRAN"],
  教育文化: ["EDUC"],
};
/** 部门信息资源 without a theme: the department's own business data. */
export const DEPARTMENT_EU_THEME = "GOVE";

/** EU data themes that name exactly one theme of ours (import). The others are ambiguous. */
export const EU_TO_THEME: Record<string, string> = {
  HEAL: "健康保障",
  EDUC: "教育文化",
  ENVI: "生态环境",
  TRAN: "交通出行",
  JUST: "公共安全",
};

export function euThemesOf(category: string, theme: string | null): string[] {
  const codes = theme && THEME_TO_EU[theme] ? THEME_TO_EU[theme] : category === "DEPARTMENT" ? [DEPARTMENT_EU_THEME] : [];
  return codes.map((c) => EU.dataTheme + c);
}

/**
 * Licences. Unconditionally open data (无条件开放) is published under CC BY 4.0, named by its EU
 * licence-authority IRI: reuse for any purpose, with attribution — the attribution is what R15
 * asks of a data product (name the source and the date). Conditionally open data (有条件开放)
 * carries no open licence: a licence document of the gateway states the terms (apply, the
 * provider approves, one matter one application, R21), and each dataset's own condition is in
 * its distribution's dct:rights.
 */
export const OPEN_LICENCE = EU.licence + "CC_BY_4_0";
export const OPEN_LICENCE_TITLE = "Creative Commons Attribution 4.0 International (CC BY 4.0)";
export const CONDITIONAL_LICENCE_PATH = "/dcat/licence/conditional-open";
export const CONDITIONAL_LICENCE_TITLE = "有条件开放数据使用条件 (terms of conditionally open data)";
export const CONDITIONAL_LICENCE_TEXT =
  "有条件开放的数据须由公众账号提出开放申请（applyForOpenData），写明使用范围和用途，经提供部门同意后使用；一事一申请、一次一申请，一次批准限一次读取，仅提供申请的信息项，个人信息按规定脱敏（R20、R21）。" +
  " (Conditionally open data: apply stating scope and purpose; the provider approves; one approval covers one read of the items applied for; personal data is masked.)";

export const ACCESS_RIGHT = {
  PUBLIC: EU.accessRight + "PUBLIC",
  RESTRICTED: EU.accessRight + "RESTRICTED",
  NON_PUBLIC: EU.accessRight + "NON_PUBLIC",
} as const;

/** Licences recognised as open on import (no access restriction follows from them). */
export function isOpenLicence(value: string): boolean {
  const v = value.trim();
  if (v.startsWith(EU.licence)) {
    const code = v.slice(EU.licence.length);
    return /^(CC0|CC_BY|CC_BYSA|PDM|ODC_BY|ODC_PDDL|ODC_ODBL|OGL|DL_DE_BY|DL_DE_ZERO|NLOD|ETALAB|IODL|APACHE|MIT|GPL|EUPL)/.test(code);
  }
  if (/^https?:\/\/creativecommons\.org\/(licenses\/(by|by-sa)\/|publicdomain\/)/i.test(v)) return true;
  if (/^https?:\/\/(www\.)?opendatacommons\.org\/licenses\/(by|odbl|pddl)/i.test(v)) return true;
  if (/^https?:\/\/(www\.)?nationalarchives\.gov\.uk\/doc\/open-government-licence/i.test(v)) return true;
  return /^(cc-?by|cc0|odc-?(by|odbl|pddl)|ogl|cc-by-sa)(\b|[-_ .0-9])/i.test(v);
}

export const LANGUAGE_ZH = EU.language + "ZHO";
export const FILE_TYPE_JSON = EU.fileType + "JSON";
export const MEDIA_TYPE_GRAPHQL_RESPONSE = "http://www.iana.org/assignments/media-types/application/graphql-response+json";
export const PUBLISHER_TYPE_LOCAL_AUTHORITY = "http://purl.org/adms/publishertype/LocalAuthority";

export type ResourceFormat = "ELECTRONIC_FILE" | "SPREADSHEET" | "DATABASE" | "IMAGE" | "STREAMING" | "SELF_DESCRIBING" | "SERVICE_API";
export const FORMAT_LABELS: Record<ResourceFormat, string> = {
  ELECTRONIC_FILE: "电子文件",
  SPREADSHEET: "电子表格",
  DATABASE: "数据库",
  IMAGE: "图形图像",
  STREAMING: "流媒体",
  SELF_DESCRIBING: "自描述格式",
  SERVICE_API: "服务接口",
};
export const CYCLE_LABELS: Record<UpdateCycle, string> = {
  REALTIME: "实时", DAILY: "每日", WEEKLY: "每周", MONTHLY: "每月", QUARTERLY: "每季度", HALF_YEARLY: "每半年", YEARLY: "每年", IRREGULAR: "不定期",
};

/** A distribution's file type or media type (IRI or literal) → 资源格式, or null. */
export function formatFromMediaType(value: string): ResourceFormat | null {
  const v = value.trim().toLowerCase();
  const last = v.replace(/[#?].*$/, "").split(/[/:]/).filter(Boolean).pop() ?? v;
  const token = last.replace(/^.*\+/, ""); // application/ld+json → json
  if (/graphql|sparql|wms|wfs|api|service/.test(v)) return "SERVICE_API";
  if (/^(csv|tsv|xls|xlsx|ods|vnd\.ms-excel|vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet|spreadsheet)$/.test(last)) return "SPREADSHEET";
  if (/^(json|jsonld|ld|xml|rdf|rdf_xml|ttl|turtle|n3|nt|geojson|gml|kml)$/.test(token) || /^(json|xml|rdf)/.test(last)) return "SELF_DESCRIBING";
  if (/^(pdf|doc|docx|txt|plain|html|htm|zip|rar|7z|odt|rtf|msword)$/.test(last)) return "ELECTRONIC_FILE";
  if (/^(png|jpeg|jpg|gif|tiff|tif|svg|bmp|webp|ecw|jp2|shp)$/.test(last)) return "IMAGE";
  if (/^(mp4|mpeg|mp3|avi|mov|webm|ogg|m3u8|rtsp|flv)$/.test(last)) return "STREAMING";
  if (/^(sql|db|sqlite|mdb|accdb|dbf)$/.test(last)) return "DATABASE";
  return null;
}

/** Paths of the local concepts (theme, category, format) under the gateway base. */
export const CONCEPT_PATH = "/dcat/concept";
export const THEME_SCHEME_PATH = "/dcat/concept/scheme";
