// DCAT exchange on both engines: GET /dcat/catalog.jsonld serves the open catalog as DCAT-AP 3
// JSON-LD (exactly what the anonymous public sees, R7), and importDcat turns a DCAT catalog into
// draft entries of the publishing departments through the catalog editing service (R1, R3–R5).
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { engines } from "../support/db.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { accounts, departments } from "../../src/db/schema.js";
import { buildAccounts, buildDepartments } from "../../src/demo/departments.js";
import { loadAccount } from "../../src/auth/viewer.js";
import { importDcat } from "../../src/dcat/import.js";
import { nodesOfType, refsOf, textsOf, validateDcatAp } from "../../src/dcat/validate.js";
import { ACCESS_RIGHT, CYCLE_TO_FREQUENCY, EU, iri, type UpdateCycle } from "../../src/dcat/vocab.js";

interface Got {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A GET with headers fetch() will not send (Host). */
function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
  });
}

const IMPORT = `mutation($d: String, $u: String) { importDcat(document: $d, url: $u) {
  datasetCount created skipped { datasetId title property reason } unmapped { datasetId title property reason } } }`;

const rows = async (gw: TestGateway, q: ReturnType<typeof sql>) => ((await gw.testDb.database.db.execute(q)) as any).rows as any[];

async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe.each(engines)("DCAT exchange on %s", (engine) => {
  let gw: TestGateway;
  /** A second city: the same departments and accounts, no catalog yet. */
  let fresh: TestGateway;
  let publicView: Array<{ code: string; name: string; updateCycle: UpdateCycle; openType: string; provider: { code: string } }>;
  let exported = "";

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    fresh = await startTestGateway(engine, { demo: false });
    const db = fresh.testDb.database.db;
    const inserted = await db
      .insert(departments)
      .values(buildDepartments().map((d) => ({ code: d.code, seq: d.seq, name: d.name, shortName: d.shortName, kind: d.kind })))
      .returning({ id: departments.id, name: departments.name });
    const idOf = new Map(inserted.map((d) => [d.name, d.id]));
    await db.insert(accounts).values(
      buildAccounts().map((a) => ({ login: a.login, name: a.name, departmentId: a.department ? idOf.get(a.department)! : null, roles: a.roles, active: a.active })),
    );
    const r = await gw.gql(`{ resources(first: 100) { totalCount nodes { code name updateCycle openType provider { code } } } }`);
    publicView = r.data.resources.nodes;
    expect(r.data.resources.totalCount).toBe(publicView.length);
    exported = (await get(gw.url, "/dcat/catalog.jsonld")).body;
  });
  afterAll(async () => {
    await gw?.close();
    await fresh?.close();
  });

  it("serves the open catalog as DCAT-AP 3 JSON-LD with caching and the usual security headers", async () => {
    const res = await get(gw.url, "/dcat/catalog.jsonld");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/ld+json; charset=utf-8");
    expect(res.headers["cache-control"]).toBe("public, max-age=300");
    expect(res.headers["x-frame-options"]).toBe("DENY");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    const again = await get(gw.url, "/dcat/catalog.jsonld", { "if-none-match": res.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body).toBe("");

    const doc = JSON.parse(res.body);
    expect(doc["@context"]).toMatchObject({
      dcat: "http://www.w3.org/ns/dcat#",
      dct: "http://purl.org/dc/terms/",
      foaf: "http://xmlns.com/foaf/0.1/",
      skos: "http://www.w3.org/2004/02/skos/core#",
      vcard: "http://www.w3.org/2006/vcard/ns#",
      xsd: "http://www.w3.org/2001/XMLSchema#",
    });
    const { errors, warnings, graph } = validateDcatAp(doc, { recommendedAsErrors: true });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    const [catalog] = nodesOfType(graph, iri("dcat:Catalog"));
    expect(textsOf(catalog, iri("dct:title"))[0]).toBe("政务信息资源开放目录");
    expect(textsOf(graph.nodes.get(refsOf(catalog, iri("dct:publisher"))[0]), iri("foaf:name"))).toEqual(["市政务服务和大数据管理局"]);
  });

  it("lists exactly the resources the anonymous public sees, with their frequency and publisher", async () => {
    const { graph } = validateDcatAp(JSON.parse(exported));
    const datasets = nodesOfType(graph, iri("dcat:Dataset"));
    expect(datasets.map((d) => textsOf(d, iri("dct:identifier"))[0]).sort()).toEqual(publicView.map((r) => r.code).sort());
    expect(publicView.length).toBeGreaterThan(20);
    for (const r of publicView) {
      const d = graph.nodes.get(`http://127.0.0.1:${new URL(gw.url).port}/dcat/dataset/${r.code}`)!;
      expect(textsOf(d, iri("dct:title")), r.code).toEqual([r.name]);
      expect(refsOf(d, iri("dct:accrualPeriodicity")), r.code).toEqual([CYCLE_TO_FREQUENCY[r.updateCycle]]);
      expect(refsOf(d, iri("dct:accessRights"))).toEqual([r.openType === "UNCONDITIONAL" ? ACCESS_RIGHT.PUBLIC : ACCESS_RIGHT.RESTRICTED]);
      const agent = graph.nodes.get(refsOf(d, iri("dct:publisher"))[0]);
      expect(textsOf(agent, iri("dct:identifier"))).toEqual([r.provider.code]);
      expect(refsOf(d, iri("dcat:theme")).some((t) => t.startsWith(EU.dataTheme))).toBe(true);
    }
  });

  it("shows nothing the public may not see: no not-open entry, no draft, no item, no share condition", async () => {
    const all = await gw.gql(
      `{ resources(first: 100) { nodes { code name openType shareCondition legalBasis items { code } } } }`,
      {},
      { as: "coordinator" },
    );
    const notOpen = all.data.resources.nodes.filter((r: any) => r.openType === "NOT_OPEN");
    expect(notOpen.length).toBeGreaterThan(10);
    for (const r of notOpen) {
      expect(exported).not.toContain(r.code);
      expect(exported).not.toContain(`"${r.name}"`);
    }
    for (const r of all.data.resources.nodes) {
      if (r.shareCondition) expect(exported).not.toContain(r.shareCondition);
      if (r.legalBasis) expect(exported).not.toContain(r.legalBasis);
    }
    for (const code of ["id_number", "bank_card", "mobile", "credit_code"]) expect(exported).not.toContain(`"${code}"`);
    expect(exported).not.toMatch(/"L[1-4]"|maskingStrategy|sensitivity/);

    const draft = await gw.gql(
      `mutation { createResourceDraft(input: { name: "案件线索草稿", summary: "尚未发布的内部目录草稿", category: DEPARTMENT, format: DATABASE, updateCycle: DAILY, shareType: UNCONDITIONAL, openType: UNCONDITIONAL }) { code } }`,
      {},
      { as: "police" },
    );
    expect(draft.errors).toBeUndefined();
    const after = await get(gw.url, "/dcat/catalog.jsonld");
    expect(after.body).not.toContain(draft.data.createResourceDraft.code);
    expect(after.body).not.toContain("案件线索草稿");
  });

  it("builds the catalog in a constant number of statements and takes its base from the Host header", async () => {
    const { result, statements } = await gw.countStatements(() => get(gw.url, "/dcat/catalog.jsonld", { host: "catalog.jiangzhou.gov.cn" }));
    expect(statements.length).toBeLessThanOrEqual(2);
    const doc = JSON.parse(result.body);
    expect(doc["@graph"][0]["@id"]).toBe("http://catalog.jiangzhou.gov.cn/dcat/catalog");
    expect(doc["@graph"][0]["foaf:homepage"]).toEqual({ "@id": "http://catalog.jiangzhou.gov.cn/" });
    const bad = JSON.parse((await get(gw.url, "/dcat/catalog.jsonld", { host: 'x"y' })).body);
    expect(bad["@graph"][0]["@id"]).toBe("http://localhost/dcat/catalog");
  });

  it("lets only the coordinator import, refusing bad arguments and documents clearly", async () => {
    const doc = JSON.stringify({ "@context": { dcat: "http://www.w3.org/ns/dcat#" }, "@type": "dcat:Catalog" });
    const asPolice = await gw.gql(IMPORT, { d: doc }, { as: "police" });
    expect(asPolice.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await gw.gql(IMPORT, { d: doc })).errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    const audited = await rows(gw, sql`select login, outcome from audit_events where operation = 'importDcat' order by id`);
    expect(audited).toContainEqual({ login: "police", outcome: "DENIED" });

    const both = await gw.gql(IMPORT, { d: doc, u: "https://example.org/catalog" }, { as: "coordinator" });
    expect(both.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
    expect(both.errors?.[0].message).toContain("只能给出一个");
    expect((await gw.gql(IMPORT, {}, { as: "coordinator" })).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const malformed = await gw.gql(IMPORT, { d: "{ not json" }, { as: "coordinator" });
    expect(malformed.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
    expect(malformed.errors?.[0].message).toMatch(/不是有效的 JSON.*malformed JSON/);
    const notCatalog = await gw.gql(IMPORT, { d: JSON.stringify({ "@type": "http://www.w3.org/ns/dcat#Dataset", "http://purl.org/dc/terms/title": "x" }) }, { as: "coordinator" });
    expect(notCatalog.errors?.[0].message).toContain("不是 DCAT 目录");
    const nul = await gw.gql(IMPORT, { d: JSON.stringify({ "@type": "dcat:Catalog", "dct:title": "a\u0000b" }) }, { as: "coordinator" });
    expect(nul.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");

    // The size cap holds below the HTTP body limit too (the service is also called by other code).
    const coordinator = (await loadAccount(gw.testDb.database.db, "coordinator"))!;
    const big = JSON.stringify({ "@type": "dcat:Catalog", "dct:description": "长".repeat(400_000) });
    await expect(importDcat(gw.testDb.database.db, coordinator, { document: big }, new Date())).rejects.toThrow(/文档超过 1048576 字节/);
  });

  it("finds every dataset of its own export a duplicate", async () => {
    const res = await gw.gql(IMPORT, { d: exported }, { as: "coordinator" });
    expect(res.errors).toBeUndefined();
    const report = res.data.importDcat;
    expect(report.created).toEqual([]);
    expect(report.datasetCount).toBe(publicView.length);
    expect(report.skipped).toHaveLength(publicView.length);
    for (const s of report.skipped) expect(s.reason).toMatch(/^重复.*duplicate/);
  });

  it("round-trips: another city's export becomes drafts of the same departments, mapped exactly", async () => {
    const res = await fresh.gql(IMPORT, { d: exported }, { as: "coordinator" });
    expect(res.errors).toBeUndefined();
    const report = res.data.importDcat;
    expect(report.skipped).toEqual([]);
    expect(report.unmapped).toEqual([]);
    expect(report.created).toHaveLength(publicView.length);

    const source = await gw.gql(
      `{ resources(first: 100) { nodes { name summary category theme format updateCycle openType openCondition provider { code } } } }`,
    );
    const drafts = await rows(
      fresh,
      sql`select r.code, r.name, r.summary, r.category, r.theme, r.format, r.update_cycle, r.share_type, r.open_type, r.open_condition, r.status, d.code as dept
          from resources r join departments d on d.id = r.department_id order by r.name`,
    );
    expect(drafts.map((d) => d.code).sort()).toEqual([...report.created].sort());
    const byName = new Map(drafts.map((d) => [d.name, d]));
    for (const s of source.data.resources.nodes) {
      const d = byName.get(s.name)!;
      expect(d, s.name).toBeDefined();
      expect({ ...d, code: undefined }).toEqual({
        code: undefined,
        name: s.name,
        summary: s.summary,
        category: s.category,
        theme: s.theme,
        format: s.format,
        update_cycle: s.updateCycle,
        share_type: "UNCONDITIONAL",
        open_type: s.openType,
        open_condition: s.openCondition,
        status: "DRAFT",
        dept: s.provider.code,
      });
    }
    // Made by the editing service: a CREATED version by the coordinator, the department told.
    const versions = await rows(
      fresh,
      sql`select count(*)::int as n from resource_versions v join accounts a on a.id = v.changed_by_account_id where v.kind = 'CREATED' and a.login = 'coordinator'`,
    );
    expect(Number(versions[0].n)).toBe(publicView.length);
    const transportDrafts = await fresh.gql(`{ catalogDrafts { code status } notifications(unreadOnly: true) { kind message } }`, {}, { as: "transport" });
    expect(transportDrafts.data.catalogDrafts.length).toBeGreaterThan(0);
    expect(transportDrafts.data.catalogDrafts.every((d: any) => d.status === "DRAFT")).toBe(true);
    expect(transportDrafts.data.notifications.map((n: any) => n.kind)).toContain("CATALOG_IMPORTED");
    // Nothing is published: the public catalog of the second city is still empty.
    expect((await fresh.gql(`{ resources { totalCount } }`)).data.resources.totalCount).toBe(0);
  });

  it("fetches a url only when allowed, never from a private address unless allowed, and stays idempotent", async () => {
    const url = `${gw.url}/dcat/catalog.jsonld`;
    const off = await fresh.gql(IMPORT, { u: url }, { as: "coordinator" });
    expect(off.errors?.[0]).toMatchObject({ extensions: { code: "FORBIDDEN" } });
    expect(off.errors?.[0].message).toContain("DCAT_IMPORT_ALLOW_URL");
    const privateRefused = await withEnv({ DCAT_IMPORT_ALLOW_URL: "true" }, () => fresh.gql(IMPORT, { u: url }, { as: "coordinator" }));
    expect(privateRefused.errors?.[0].message).toContain("内网");
    const scheme = await withEnv({ DCAT_IMPORT_ALLOW_URL: "true" }, () => fresh.gql(IMPORT, { u: "file:///etc/passwd" }, { as: "coordinator" }));
    expect(scheme.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");

    const fetched = await withEnv({ DCAT_IMPORT_ALLOW_URL: "true", DCAT_IMPORT_ALLOW_PRIVATE: "true" }, () =>
      fresh.gql(IMPORT, { u: url }, { as: "coordinator" }),
    );
    expect(fetched.errors).toBeUndefined();
    expect(fetched.data.importDcat.datasetCount).toBe(publicView.length);
    expect(fetched.data.importDcat.created).toEqual([]);
    expect(fetched.data.importDcat.skipped.every((s: any) => /^重复/.test(s.reason))).toBe(true);
    const count = await rows(fresh, sql`select count(*)::int as n from resources`);
    expect(Number(count[0].n)).toBe(publicView.length);
    const audited = await rows(fresh, sql`select outcome, purpose_detail from audit_events where operation = 'importDcat' and outcome = 'ALLOWED' order by id`);
    expect(audited.at(-1).purpose_detail).toBe(`url ${url}`);
  });

  it("imports a CKAN-like catalog from another platform and reports what it could not map", async () => {
    const deps = (await gw.gql(`{ departments { code name } }`)).data.departments as Array<{ code: string; name: string }>;
    const ecology = deps.find((d) => d.name === "市生态环境局")!;
    const ck = "https://ckan.example.org";
    const catalog = {
      "@context": {
        dcat: "http://www.w3.org/ns/dcat#",
        dcterms: "http://purl.org/dc/terms/",
        foaf: "http://xmlns.com/foaf/0.1/",
        ckan: "http://ckan.org/ns#",
      },
      "@graph": [
        {
          "@id": `${ck}/catalog`,
          "@type": "dcat:Catalog",
          "dcterms:title": "Example open data portal",
          "dcterms:description": "Datasets harvested from an example CKAN site",
          "dcterms:publisher": { "@id": `${ck}/organization/transport` },
          "dcat:dataset": ["bus-stops", "air-quality", "weather", "no-description", "tiny", "referenced-only"].map((n) => ({ "@id": `${ck}/dataset/${n}` })),
        },
        { "@id": `${ck}/organization/transport`, "@type": "foaf:Organization", "foaf:name": "市交通运输局" },
        {
          "@id": `${ck}/dataset/bus-stops`,
          "@type": "dcat:Dataset",
          "dcterms:identifier": "5f1c0a2e-bus-stops",
          "dcterms:title": { "@value": "公交站点位置", "@language": "zh" },
          "dcterms:description": "全市公交站点的名称、经纬度和途经线路，每周更新。",
          "dcat:keyword": ["公交", "站点", "交通出行"],
          "dcat:theme": { "@id": "http://publications.europa.eu/resource/authority/data-theme/TRAN" },
          "dcterms:accrualPeriodicity": { "@id": "http://purl.org/cld/freq/weekly" },
          "dcterms:license": { "@id": "https://creativecommons.org/licenses/by/4.0/" },
          "dcterms:spatial": { "@id": "http://sws.geonames.org/1806696/" },
          "dcat:landingPage": { "@id": `${ck}/dataset/bus-stops` },
          "ckan:extra_source": "GTFS",
          "dcat:distribution": {
            "@id": `${ck}/dataset/bus-stops/resource/1`,
            "@type": "dcat:Distribution",
            "dcat:downloadURL": { "@id": `${ck}/download/bus-stops.csv` },
            "dcat:mediaType": "text/csv",
          },
        },
        {
          "@id": `${ck}/dataset/air-quality`,
          "@type": "dcat:Dataset",
          "dcterms:identifier": "air-quality-hourly",
          "dcterms:title": "空气质量小时数据",
          "dcterms:description": "各监测站点逐小时的空气质量指数和主要污染物浓度。",
          "dcterms:publisher": { "@type": "foaf:Agent", "foaf:name": "Ecology bureau", "dcterms:identifier": ecology.code },
          "dcterms:accrualPeriodicity": { "@id": "http://publications.europa.eu/resource/authority/frequency/HOURLY" },
          "dcat:theme": { "@id": "http://publications.europa.eu/resource/authority/data-theme/ENVI" },
          "dcterms:accessRights": { "@id": "http://publications.europa.eu/resource/authority/access-right/RESTRICTED", "dcterms:description": "仅限科研机构申请使用" },
          "dcterms:temporal": { "@type": "dcterms:PeriodOfTime", "dcat:startDate": "2020-01-01" },
        },
        {
          "@id": `${ck}/dataset/weather`,
          "@type": "dcat:Dataset",
          "dcterms:identifier": "weather-obs",
          "dcterms:title": "气象观测",
          "dcterms:description": "地面气象观测站的逐时观测数据。",
          "dcterms:publisher": { "@type": "foaf:Agent", "foaf:name": "市气象局" },
        },
        { "@id": `${ck}/dataset/no-description`, "@type": "dcat:Dataset", "dcterms:identifier": "no-desc", "dcterms:title": "无摘要的数据集" },
        { "@id": `${ck}/dataset/tiny`, "@type": "dcat:Dataset", "dcterms:identifier": "tiny", "dcterms:title": "极简数据", "dcterms:description": "短" },
      ],
    };
    const res = await gw.gql(IMPORT, { d: JSON.stringify(catalog) }, { as: "coordinator" });
    expect(res.errors).toBeUndefined();
    const report = res.data.importDcat;
    expect(report.datasetCount).toBe(6);
    expect(report.created).toHaveLength(2);

    const skipped = Object.fromEntries(report.skipped.map((s: any) => [s.datasetId, s.reason]));
    expect(Object.keys(skipped).sort()).toEqual([`${ck}/dataset/referenced-only`, "no-desc", "tiny", "weather-obs"].sort());
    expect(skipped["weather-obs"]).toMatch(/发布者 市气象局 不是本目录的部门.*publisher matches no department/);
    expect(skipped["no-desc"]).toMatch(/缺少 dct:description/);
    expect(skipped["tiny"]).toMatch(/目录规则不允许：资源摘要必填/);
    expect(skipped[`${ck}/dataset/referenced-only`]).toMatch(/只被引用/);

    const unmapped = report.unmapped.map((u: any) => `${u.datasetId} ${u.property}`).sort();
    expect(unmapped).toEqual(
      [
        "5f1c0a2e-bus-stops dct:spatial",
        "5f1c0a2e-bus-stops dcat:landingPage",
        "5f1c0a2e-bus-stops http://ckan.org/ns#extra_source",
        "5f1c0a2e-bus-stops dcat:downloadURL",
        "air-quality-hourly dct:temporal",
      ].sort(),
    );
    for (const u of report.unmapped) expect(u.reason).toMatch(/\(.+\)$/);

    const drafts = await rows(
      gw,
      sql`select r.name, r.summary, r.category, r.theme, r.format, r.update_cycle, r.open_type, r.open_condition, r.status, d.name as dept
          from resources r join departments d on d.id = r.department_id where r.code in ${sql.raw(`('${report.created.join("','")}')`)} order by r.name`,
    );
    expect(drafts).toEqual([
      {
        name: "公交站点位置",
        summary: "全市公交站点的名称、经纬度和途经线路，每周更新。\n关键词：公交、站点",
        category: "THEME",
        theme: "交通出行",
        format: "SPREADSHEET",
        update_cycle: "WEEKLY",
        open_type: "UNCONDITIONAL",
        open_condition: null,
        status: "DRAFT",
        dept: "市交通运输局",
      },
      {
        name: "空气质量小时数据",
        summary: "各监测站点逐小时的空气质量指数和主要污染物浓度。",
        category: "THEME",
        theme: "生态环境",
        format: "ELECTRONIC_FILE",
        update_cycle: "REALTIME",
        open_type: "CONDITIONAL",
        open_condition: "仅限科研机构申请使用",
        status: "DRAFT",
        dept: "市生态环境局",
      },
    ]);

    // Again: the two imported datasets are duplicates now; the refused ones are refused for the same reasons.
    const again = (await gw.gql(IMPORT, { d: JSON.stringify(catalog) }, { as: "coordinator" })).data.importDcat;
    expect(again.created).toEqual([]);
    const againReasons = Object.fromEntries(again.skipped.map((s: any) => [s.datasetId, s.reason]));
    expect(againReasons["5f1c0a2e-bus-stops"]).toMatch(/^重复.*imported before/);
    expect(againReasons["air-quality-hourly"]).toMatch(/^重复/);
    expect(againReasons["tiny"]).toMatch(/目录规则不允许/);
    // Drafts stay out of the open catalog.
    expect((await get(gw.url, "/dcat/catalog.jsonld")).body).not.toContain("公交站点位置");
  });
});
