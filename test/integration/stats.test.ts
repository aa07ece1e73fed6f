// The statistics API on both engines (R22, R34, R40, R41): figures checked against activity the
// test creates through the API — requests submitted, decided late and on time, rows read,
// objections raised, demand registered, catalog changes — and against the catalog itself.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { addWorkingDays, workingDaysBetween } from "../../src/access/calendar.js";
import { loadCalendar } from "../../src/access/requests.service.js";
import { STALE_AFTER_DAYS } from "../../src/stats/stats.service.js";
import { workingDayCalendarSql } from "../../src/stats/working-days.js";
import { engines } from "../support/db.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

const CATALOG = `{ catalogStats { resourceCount itemCount
  resources { departmentCode departmentName shareType openType category count }
  itemsBySensitivity { sensitivity count }
  stale { code name departmentCode departmentName updateCycle dataUpdatedAt maxAgeDays daysOverdue } } }`;
const DEPT = `departmentCode departmentName resourcesByShareType { shareType count } rowsServed requestsReceived approved rejected
  overdue medianDecisionWorkingDays requestsMade grantsHeld readsByPurpose { purpose count } objectionsRaised objectionsReceived objectionsResolved`;
const REPORT = `query($y: Int!) { sharingReport(year: $y) { year departments { ${DEPT} } csv } }`;
const SLA = `query($f: DateTimeISO!, $t: DateTimeISO!) { slaCompliance(from: $f, to: $t) { departmentCode departmentName requests decided onTime late pendingOverdue escalatedUndecided onTimeRate } }`;
const DEMAND = `{ openingDemandStats { resourceCode resourceName departmentCode departmentName demand askers lastDemandAt answer answeredAt } }`;
const NEGATIVE = `{ negativeList { code name departmentCode departmentName category openType legalBasis itemCount publishedAt } }`;
const VIOLATIONS = `{ violations {
  lateCatalogUpdates { dutyChangeId departmentCode departmentName description recordedAt dueAt updatedAt outstanding daysLate }
  lateDecisions { requestId resourceCode providerCode providerName requesterCode requesterName submittedAt deadline decidedAt state daysLate }
  typeChanges { resourceCode departmentCode state via fromShareType toShareType fromOpenType toOpenType requestedAt decidedAt }
  deniedReads { departmentCode departmentName reason count } } }`;
const SUBMIT = `mutation($input: SubmitShareRequestInput!) { submitShareRequest(input: $input) { id kind state deadline } }`;
const DECIDE = `mutation($id: ID!, $d: Decision!, $reason: String) { decideShareRequest(id: $id, decision: $d, reason: $reason) { id state } }`;
const READ = `query($c: String!, $p: UsePurpose!, $n: Int!) { records(resourceCode: $c, purpose: $p, purposeDetail: "年度统计核对-2026-01", first: $n) { nodes { key } } }`;
const UPDATE = `mutation($code: String!, $input: ResourceInput!) { updateResource(code: $code, input: $input) { code shareType openType pendingChange } }`;

const DAY = 86_400_000;
const H8 = 8 * 3600_000;
/** An instant given as China local time "YYYY-MM-DDTHH:mm". */
const china = (local: string) => new Date(Date.parse(`${local}:00+08:00`));
const chinaYear = (d: Date) => new Date(d.getTime() + H8).getUTCFullYear();

/** RFC 4180, enough for the filing: quoted fields with doubled quotes, commas and line ends. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  if (cell !== "" || row.length) rows.push([...row, cell]);
  return rows;
}

describe.each(engines)("statistics on %s", (engine) => {
  let gw: TestGateway;
  const code: Record<string, string> = {};
  const items: Record<string, string[]> = {};
  const dept: Record<string, string> = {};
  const year = chinaYear(new Date());
  /** Statements each query runs on the fresh demo city, before any activity. */
  const baseline: Record<string, number> = {};
  const queries: Record<string, [string, Record<string, unknown>?]> = {
    catalogStats: [CATALOG],
    sharingReport: [REPORT, { y: year }],
    slaCompliance: [SLA, { f: `${year}-01-01T00:00:00+08:00`, t: `${year + 1}-01-01T00:00:00+08:00` }],
    openingDemandStats: [DEMAND],
    negativeList: [NEGATIVE],
    violations: [VIOLATIONS],
  };
  const statementsOf = async (name: string) => {
    const [q, v] = queries[name];
    const { result, statements } = await gw.countStatements(() => gw.gql(q, v ?? {}, { as: "analyst" }));
    expect(result.errors).toBeUndefined();
    // The statistics' own statements: not the one that loads the account when it is not cached
    // (with the charge of its rate-limit buckets; test/integration/rate-lease.test.ts).
    return statements.filter((s) => !/rate_buckets/.test(s)).length;
  };
  const report = async (as: string) => {
    const r = await gw.gql(REPORT, { y: year }, { as });
    expect(r.errors).toBeUndefined();
    return r.data.sharingReport as { year: number; csv: string; departments: any[] };
  };
  const reads = (d: any, purpose: string) => d.readsByPurpose.find((p: any) => p.purpose === purpose).count;

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    const r = await gw.gql(`{ resources(first: 100) { nodes { code name items { code } } } departments { code name } }`, {}, { as: "coordinator" });
    for (const n of r.data.resources.nodes) {
      code[n.name] = n.code;
      items[n.name] = n.items.map((i: any) => i.code);
    }
    for (const d of r.data.departments) dept[d.name] = d.code;
    for (const name of Object.keys(queries)) baseline[name] = await statementsOf(name);
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("refuses the public everything but catalogStats, which counts only the open catalog", async () => {
    for (const as of [undefined, "citizen"]) {
      for (const [name, [q, v]] of Object.entries(queries)) {
        const r = await gw.gql(q, v ?? {}, as ? { as } : {});
        if (name === "catalogStats") {
          expect(r.errors).toBeUndefined();
          continue;
        }
        expect(r.errors?.[0].extensions?.code, `${name} as ${as ?? "anonymous"}`).toBe("FORBIDDEN");
        expect(r.data).toBeNull();
      }
    }
    const pub = (await gw.gql(CATALOG)).data.catalogStats;
    const open = async (openType: string) =>
      (await gw.gql(`query($o: OpenType!) { resources(filter: { openType: $o }) { totalCount } }`, { o: openType })).data.resources.totalCount;
    const unconditional = await open("UNCONDITIONAL");
    const conditional = await open("CONDITIONAL");
    expect(unconditional).toBeGreaterThan(0);
    expect(pub.resourceCount).toBe(unconditional + conditional);
    expect(pub.resources.every((c: any) => c.openType !== "NOT_OPEN")).toBe(true);
    // Same as what the signed-in analyst counts among open entries.
    const all = (await gw.gql(CATALOG, {}, { as: "analyst" })).data.catalogStats;
    expect(all.resourceCount).toBe(53);
    expect(all.resources.filter((c: any) => c.openType !== "NOT_OPEN").reduce((n: number, c: any) => n + c.count, 0)).toBe(pub.resourceCount);
    expect(pub.resourceCount).toBeLessThan(all.resourceCount);
    // The public's stale list names open entries only.
    const visible = new Set(
      (await gw.gql(`{ resources(first: 100) { nodes { code } } }`)).data.resources.nodes.map((n: any) => n.code),
    );
    expect(pub.stale.length).toBeGreaterThan(0);
    for (const s of pub.stale) expect(visible.has(s.code), s.code).toBe(true);
    expect(pub.stale.some((s: any) => s.code === code["人口基本信息"])).toBe(false);
  });

  it("counts what a government account sees of the catalog: cells, items by sensitivity, stale entries", async () => {
    const stats = (await gw.gql(CATALOG, {}, { as: "health" })).data.catalogStats;
    const cat = await gw.gql(
      `{ resources(first: 100) { totalCount facets { department { value count } shareType { value count } }
         nodes { code updateCycle dataUpdatedAt publishedAt items { sensitivity } } } }`,
      {},
      { as: "health" },
    );
    const nodes = cat.data.resources.nodes;
    expect(stats.resourceCount).toBe(cat.data.resources.totalCount);
    expect(stats.resources.reduce((n: number, c: any) => n + c.count, 0)).toBe(stats.resourceCount);
    // The cross-tab adds up to the catalog's own facets.
    for (const f of cat.data.resources.facets.department) {
      expect(stats.resources.filter((c: any) => c.departmentCode === f.value).reduce((n: number, c: any) => n + c.count, 0)).toBe(f.count);
    }
    for (const f of cat.data.resources.facets.shareType) {
      expect(stats.resources.filter((c: any) => c.shareType === f.value).reduce((n: number, c: any) => n + c.count, 0)).toBe(f.count);
    }
    const allItems = nodes.flatMap((n: any) => n.items);
    expect(stats.itemCount).toBe(441);
    expect(stats.itemCount).toBe(allItems.length);
    expect(stats.itemsBySensitivity).toEqual(
      ["L1", "L2", "L3", "L4"].map((s) => ({ sensitivity: s, count: allItems.filter((i: any) => i.sensitivity === s).length })),
    );

    // Stale: data older than its cycle allows, by the published table of ages.
    const now = Date.now();
    const expected = nodes
      .filter((n: any) => {
        const max = STALE_AFTER_DAYS[n.updateCycle as keyof typeof STALE_AFTER_DAYS];
        return max !== null && now - Date.parse(n.dataUpdatedAt ?? n.publishedAt) > max * DAY;
      })
      .map((n: any) => n.code)
      .sort();
    expect(stats.stale.map((s: any) => s.code).sort()).toEqual(expected);
    expect(expected.length).toBeGreaterThan(3);
    const pop = stats.stale.find((s: any) => s.code === code["人口基本信息"]);
    expect(pop).toMatchObject({ departmentName: "市公安局", updateCycle: "DAILY", maxAgeDays: 2 });
    expect(pop.daysOverdue).toBe(Math.floor((now - Date.parse(pop.dataUpdatedAt)) / DAY) - 2);
    const overdue = stats.stale.map((s: any) => s.daysOverdue);
    expect(overdue).toEqual([...overdue].sort((a, b) => b - a));

    // A write by the provider refreshes the data: the entry is no longer stale.
    const up = await gw.gql(
      `mutation { upsertRecords(resourceCode: "${code["人口基本信息"]}", rows: [{ id_number: "11010519491231002X", name: "张三" }]) { inserted updated } }`,
      {},
      { as: "police" },
    );
    expect(up.errors).toBeUndefined();
    const after = (await gw.gql(CATALOG, {}, { as: "analyst" })).data.catalogStats;
    expect(after.stale.map((s: any) => s.code)).not.toContain(code["人口基本信息"]);
    expect(after.stale).toHaveLength(stats.stale.length - 1);
  });

  it("reports a year of sharing: requests decided late and on time, rows read, grants, objections (R40)", async () => {
    const before = await report("analyst");
    expect(before.year).toBe(year);
    expect(before.departments).toHaveLength(12);
    const civil0 = before.departments.find((d) => d.departmentName === "市民政局");
    expect(civil0).toMatchObject({ requestsReceived: 0, approved: 0, rejected: 0, overdue: 0, medianDecisionWorkingDays: null, rowsServed: 0 });
    const health0 = before.departments.find((d) => d.departmentName === "市卫生健康委员会");
    expect(health0).toMatchObject({ requestsMade: 0, grantsHeld: 1 }); // the demo city's one grant
    const police0 = before.departments.find((d) => d.departmentName === "市公安局");
    expect(police0.resourcesByShareType).toEqual([
      { shareType: "UNCONDITIONAL", count: 3 },
      { shareType: "CONDITIONAL", count: 3 },
      { shareType: "NOT_SHARED", count: 2 },
    ]);

    // Three requests of 市卫生健康委员会 for 婚姻登记信息 (市民政局), one per purpose.
    const marriage = code["婚姻登记信息"];
    const submit = async (purpose: string) => {
      const r = await gw.gql(SUBMIT, { input: { resourceCode: marriage, purpose, purposeDetail: "医疗救助对象核查-2026", items: items["婚姻登记信息"].slice(0, 4) } }, { as: "health" });
      expect(r.errors).toBeUndefined();
      return Number(r.data.submitShareRequest.id);
    };
    const approvedId = await submit("WORK_REFERENCE");
    const rejectedId = await submit("DATA_VERIFICATION");
    const pendingId = await submit("ADMINISTRATIVE_BASIS");
    expect((await gw.gql(DECIDE, { id: approvedId, d: "APPROVE" }, { as: "civil" })).errors).toBeUndefined();
    expect((await gw.gql(DECIDE, { id: rejectedId, d: "REJECT", reason: "用途与职责关联不足" }, { as: "civil" })).errors).toBeUndefined();

    // Dated as a year would have them: the approval came after 国庆 (late), the refusal within
    // its 3 working days; the third is past its deadline, unanswered.
    const calendar = await loadCalendar(gw.testDb.database.db);
    const dated = [
      { id: approvedId, submitted: china(`${year}-09-24T10:00`), decided: china(`${year}-10-10T10:00`) },
      { id: rejectedId, submitted: china(`${year}-10-09T10:00`), decided: china(`${year}-10-12T10:00`) },
    ].map((d) => ({ ...d, deadline: addWorkingDays(d.submitted, 3, calendar).deadline }));
    for (const d of dated) {
      await gw.testDb.database.db.execute(
        sql`update share_requests set submitted_at = ${d.submitted.toISOString()}::timestamptz, decided_at = ${d.decided.toISOString()}::timestamptz,
            deadline = ${d.deadline.toISOString()}::timestamptz where id = ${d.id}`,
      );
    }
    await gw.testDb.database.db.execute(sql`update share_requests set deadline = now() - interval '1 hour' where id = ${pendingId}`);
    const [approvedWd, rejectedWd] = dated.map((d) => workingDaysBetween(d.submitted, d.decided, calendar));
    const late = dated.filter((d) => d.decided > d.deadline).length;

    // 市卫生健康委员会 reads what it was granted and what is unconditionally shared; 市公安局 reads its
    // own resource (not sharing, not counted).
    const read = async (as: string, name: string, purpose: string, n: number) => {
      const r = await gw.gql(READ, { c: code[name], p: purpose, n }, { as });
      expect(r.errors).toBeUndefined();
      return r.data.records.nodes as Array<{ key: string }>;
    };
    const marriageRows = (await read("health", "婚姻登记信息", "WORK_REFERENCE", 5)).length;
    const popRows = await read("health", "人口基本信息", "WORK_REFERENCE", 3);
    await read("police", "人口基本信息", "WORK_REFERENCE", 4);
    expect(marriageRows).toBe(5);
    expect(popRows).toHaveLength(3);

    // An objection on a row it read, confirmed by the provider (R14).
    const raised = await gw.gql(
      `mutation($c: String!, $k: String!) { raiseObjection(resourceCode: $c, purpose: WORK_REFERENCE, recordKey: $k, item: "address", description: "住址与实际居住地不符") { id } }`,
      { c: code["人口基本信息"], k: popRows[0].key },
      { as: "health" },
    );
    expect(raised.errors).toBeUndefined();
    const resolved = await gw.gql(`mutation($id: ID!) { resolveObjection(id: $id, correct: false, note: "已核实无误") { state } }`, { id: raised.data.raiseObjection.id }, { as: "police" });
    expect(resolved.data.resolveObjection.state).toBe("CONFIRMED");

    const after = await report("analyst");
    const civil = after.departments.find((d) => d.departmentName === "市民政局");
    expect(approvedWd).toBeGreaterThan(0);
    expect(civil).toMatchObject({
      requestsReceived: 3,
      approved: 1,
      rejected: 1,
      overdue: late + 1,
      medianDecisionWorkingDays: (approvedWd + rejectedWd) / 2,
      rowsServed: marriageRows,
      requestsMade: 0,
    });
    const health = after.departments.find((d) => d.departmentName === "市卫生健康委员会");
    expect(health).toMatchObject({ requestsMade: 3, grantsHeld: 2, objectionsRaised: 1, objectionsReceived: 0, objectionsResolved: 0, requestsReceived: 0, rowsServed: 0 });
    expect(reads(health, "WORK_REFERENCE")).toBe(2);
    expect(reads(health, "BUSINESS_COLLABORATION")).toBe(0);
    const police = after.departments.find((d) => d.departmentName === "市公安局");
    expect(police).toMatchObject({ rowsServed: 3, objectionsReceived: 1, objectionsResolved: 1, objectionsRaised: 0 });
    expect(reads(police, "WORK_REFERENCE")).toBe(0); // its own resource is not sharing
    // Departments with no activity are unchanged.
    const edu0 = before.departments.find((d) => d.departmentName === "市教育局");
    expect(after.departments.find((d) => d.departmentName === "市教育局")).toEqual(edu0);
  });

  it("counts decision times in working days of the Chinese calendar, in SQL", async () => {
    // The calendar the report counts with: cum(b) − cum(a) working days after date a up to b.
    const calendarSql = async (first: string, last: string) => {
      const res = (await gw.testDb.database.db.execute(
        sql`select to_char(c.d, 'YYYY-MM-DD') as day, c.cum from (${workingDayCalendarSql(sql`${first}::date`, sql`${last}::date`)}) c`,
      )) as unknown as { rows: Array<{ day: string; cum: number }> };
      const cum = new Map(res.rows.map((r) => [r.day, Number(r.cum)]));
      const chinaDay = (x: Date) => new Date(x.getTime() + H8).toISOString().slice(0, 10);
      return (from: Date, to: Date) => Math.max(0, cum.get(chinaDay(to))! - cum.get(chinaDay(from))!);
    };
    // 2026: 中秋 9/25–27 and 国庆 10/1–7 off, Saturday 10/10 a make-up working day.
    let wd = await calendarSql("2026-09-01", "2026-10-31");
    expect(wd(china("2026-09-24T10:00"), china("2026-10-10T10:00"))).toBe(6);
    expect(wd(china("2026-10-09T10:00"), china("2026-10-12T10:00"))).toBe(2);
    expect(wd(china("2026-10-09T23:30"), china("2026-10-09T23:50"))).toBe(0);
    // The China date, not the UTC one: 10/09 23:30 China time is 10/09 15:30 UTC, 10/10 00:30 is 10/09 16:30 UTC.
    expect(wd(china("2026-10-09T23:30"), china("2026-10-10T00:30"))).toBe(1);

    // The coordinator sets 2027 (beyond the published calendar); SQL and the calendar agree on
    // every pair of days, published years, set years and unset years alike.
    const set = await gw.gql(
      `mutation { setHolidays(year: 2027, holidays: [{ date: "2027-02-05", name: "春节" }, { date: "2027-02-08" }, { date: "2027-10-01" }, { date: "2027-10-04" }], workdays: ["2027-02-06"]) { year } }`,
      {},
      { as: "coordinator" },
    );
    expect(set.errors).toBeUndefined();
    const calendar = await loadCalendar(gw.testDb.database.db);
    wd = await calendarSql("2025-12-01", "2028-07-01");
    const starts = ["2025-12-29T09:00", "2026-02-12T18:00", "2026-04-30T08:00", "2026-09-18T23:59", "2026-12-31T16:30", "2027-02-03T10:00", "2027-09-29T00:10", "2028-04-28T10:00"];
    const spans = [0, 1, 3, 6, 9, 17, 40];
    const pairs = starts.flatMap((s) => spans.map((n) => [china(s), new Date(china(s).getTime() + n * DAY + 3600_000)] as const));
    expect(pairs.map(([a, b]) => wd(a, b))).toEqual(pairs.map(([a, b]) => workingDaysBetween(a, b, calendar)));
    expect(new Set(pairs.map(([a, b]) => wd(a, b))).size).toBeGreaterThan(8);
  });

  it("gives a department its own row only, and the CSV the same figures as the table", async () => {
    const civil = await report("civil");
    expect(civil.departments.map((d) => d.departmentName)).toEqual(["市民政局"]);
    const all = await report("coordinator");
    expect(civil.departments[0]).toEqual(all.departments.find((d) => d.departmentName === "市民政局"));
    expect((await report("auditor")).departments).toHaveLength(12);

    expect(all.csv.startsWith("\uFEFF部门代码,部门名称,")).toBe(true);
    const rows = parseCsv(all.csv.slice(1));
    expect(rows).toHaveLength(13);
    const [header, ...body] = rows;
    expect(header).toEqual([
      "部门代码", "部门名称", "无条件共享资源数", "有条件共享资源数", "不予共享资源数", "被其他部门读取行数", "收到共享申请数", "批准数", "拒绝数",
      "逾期数", "答复用时中位数（工作日）", "提出申请数", "持有授权数", "行政依据读取次数", "工作参考读取次数", "数据校核读取次数", "业务协同读取次数",
      "提出异议数", "收到异议数", "处理异议数",
    ]);
    const purposes = ["ADMINISTRATIVE_BASIS", "WORK_REFERENCE", "DATA_VERIFICATION", "BUSINESS_COLLABORATION"];
    const asCsv = (d: any) => [
      d.departmentCode, d.departmentName, ...d.resourcesByShareType.map((s: any) => String(s.count)), String(d.rowsServed),
      String(d.requestsReceived), String(d.approved), String(d.rejected), String(d.overdue),
      d.medianDecisionWorkingDays === null ? "" : String(d.medianDecisionWorkingDays), String(d.requestsMade), String(d.grantsHeld),
      ...purposes.map((p) => String(reads(d, p))), String(d.objectionsRaised), String(d.objectionsReceived), String(d.objectionsResolved),
    ];
    expect(body).toEqual(all.departments.map(asCsv));
    expect(body.find((r) => r[1] === "市民政局")![7]).toBe("1"); // approved
    expect(parseCsv(civil.csv.slice(1))).toEqual([header, asCsv(civil.departments[0])]);
  });

  it("neutralises formulas and quotes names in the CSV", async () => {
    const db = gw.testDb.database.db;
    const evil = '=HYPERLINK("http://x.example","点击"),备注';
    await db.execute(sql`update departments set name = ${evil} where code = ${dept["市教育局"]}`);
    try {
      const csv = (await report("analyst")).csv;
      const line = csv.split("\r\n").find((l) => l.startsWith(`${dept["市教育局"]},`))!;
      expect(line.startsWith(`${dept["市教育局"]},"'=HYPERLINK(""http://x.example"",""点击""),备注",`)).toBe(true);
      const parsed = parseCsv(csv.slice(1)).find((r) => r[0] === dept["市教育局"])!;
      expect(parsed[1]).toBe(`'${evil}`);
      expect(parsed).toHaveLength(20);
    } finally {
      await db.execute(sql`update departments set name = '市教育局' where code = ${dept["市教育局"]}`);
    }
  });

  it("measures the providers' answers against their deadlines (slaCompliance, R12)", async () => {
    const [q, v] = queries.slaCompliance;
    const all = (await gw.gql(q, v, { as: "analyst" })).data.slaCompliance;
    const civil = all.find((d: any) => d.departmentName === "市民政局");
    expect(civil).toMatchObject({ requests: 3, decided: 2, onTime: 1, late: 1, pendingOverdue: 1, escalatedUndecided: 0 });
    expect(civil.onTimeRate).toBeCloseTo(1 / 3, 10);
    expect(all.find((d: any) => d.departmentName === "市公安局")).toMatchObject({ requests: 0, decided: 0, onTimeRate: null });
    expect(all.some((d: any) => d.departmentName === "市卫生健康委员会")).toBe(true);

    // The requester escalates the unanswered request: no longer pending, still not answered in time.
    const mine = (await gw.gql(`{ myRequests { id state } }`, {}, { as: "health" })).data.myRequests;
    const overdue = mine.find((r: any) => r.state === "OVERDUE");
    const esc = await gw.gql(`mutation($id: ID!) { escalateShareRequest(id: $id, reason: "逾期未答复") { state } }`, { id: overdue.id }, { as: "health" });
    expect(esc.data.escalateShareRequest.state).toBe("ESCALATED");
    const own = (await gw.gql(q, v, { as: "civil" })).data.slaCompliance;
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({ departmentName: "市民政局", pendingOverdue: 0, escalatedUndecided: 1, onTime: 1 });
    expect(own[0].onTimeRate).toBeCloseTo(1 / 3, 10);
    // A period before any request counts nothing.
    const empty = (await gw.gql(q, { f: "2001-01-01T00:00:00Z", t: "2002-01-01T00:00:00Z" }, { as: "civil" })).data.slaCompliance;
    expect(empty).toEqual([{ ...own[0], requests: 0, decided: 0, onTime: 0, late: 0, pendingOverdue: 0, escalatedUndecided: 0, onTimeRate: null }]);
  });

  it("refuses a year or a period out of range with BAD_USER_INPUT", async () => {
    for (const y of [1999, 2101]) expect((await gw.gql(REPORT, { y }, { as: "analyst" })).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const bad = [
      { f: "2026-02-01T00:00:00Z", t: "2026-01-01T00:00:00Z" },
      { f: "2020-01-01T00:00:00Z", t: "2025-01-01T00:00:01Z" },
    ];
    for (const v of bad) expect((await gw.gql(SLA, v, { as: "analyst" })).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect((await gw.gql(SLA, { f: "2020-01-01T00:00:00Z", t: "2025-01-01T00:00:00Z" }, { as: "analyst" })).errors).toBeUndefined();
  });

  it("ranks demand for opening not-open resources, with the provider's answer (R22)", async () => {
    const ask = (as: string, name: string) =>
      gw.gql(`mutation($c: String!) { requestOpening(resourceCode: $c, reason: "研究需要该数据的开放版本") }`, { c: code[name] }, { as });
    for (const [as, name] of [["citizen", "人口基本信息"], ["citizen", "人口基本信息"], ["health", "人口基本信息"], ["citizen", "机动车登记信息"], ["citizen", "法人单位基本信息"]]) {
      expect((await ask(as, name)).data.requestOpening).toBe(true);
    }
    const answer = await gw.gql(`mutation($c: String!) { answerOpeningDemand(resourceCode: $c, answer: "涉及个人信息，依法不予开放") { demand } }`, { c: code["人口基本信息"] }, { as: "police" });
    expect(answer.errors).toBeUndefined();
    const all = (await gw.gql(DEMAND, {}, { as: "analyst" })).data.openingDemandStats;
    // 法人单位基本信息 is open already: demand for it does not count.
    expect(all.map((d: any) => [d.resourceName, d.demand, d.askers])).toEqual([
      ["人口基本信息", 3, 2],
      ["机动车登记信息", 1, 1],
    ]);
    expect(all[0]).toMatchObject({ departmentName: "市公安局", answer: "涉及个人信息，依法不予开放" });
    expect(all[1].answer).toBeNull();
    // The same demand as the existing list shows.
    const existing = (await gw.gql(`{ openingDemand { resourceCode demand } }`, {}, { as: "analyst" })).data.openingDemand;
    expect(existing.find((d: any) => d.resourceCode === code["人口基本信息"]).demand).toBe(3);
    // A department sees the demand for its own resources only.
    expect((await gw.gql(DEMAND, {}, { as: "police" })).data.openingDemandStats).toEqual(all);
    expect((await gw.gql(DEMAND, {}, { as: "civil" })).data.openingDemandStats).toEqual([]);
  });

  it("lists the whole negative list to every government account, with the legal basis (R3, R41)", async () => {
    const expected = (await gw.gql(`{ resources(first: 100, filter: { shareType: NOT_SHARED }) { nodes { code legalBasis provider { name } } } }`, {}, { as: "analyst" }))
      .data.resources.nodes;
    const list = (await gw.gql(NEGATIVE, {}, { as: "analyst" })).data.negativeList;
    expect(list).toHaveLength(3);
    expect(list.map((e: any) => e.code).sort()).toEqual(expected.map((e: any) => e.code).sort());
    for (const e of list) {
      const r = expected.find((x: any) => x.code === e.code);
      expect(e).toMatchObject({ legalBasis: r.legalBasis, departmentName: r.provider.name });
      expect(e.legalBasis.length).toBeGreaterThan(5);
      expect(e.itemCount).toBeGreaterThan(0);
    }
    for (const as of ["health", "civil", "coordinator"]) expect((await gw.gql(NEGATIVE, {}, { as })).data.negativeList).toEqual(list);
  });

  it("shows the R34 violations: late catalog updates, late decisions, type changes, denied reads", async () => {
    const db = gw.testDb.database.db;
    // A duty change of 市教育局, 15 days gone by with no catalog update.
    const duty = await gw.gql(`mutation($d: String!) { recordDutyChange(departmentCode: $d, description: "学籍管理职责调整") { id } }`, { d: dept["市教育局"] }, { as: "coordinator" });
    expect(duty.errors).toBeUndefined();
    await db.execute(sql`update duty_changes set recorded_at = now() - interval '20 days 1 hour', due_at = now() - interval '5 days 1 hour'`);
    let v = (await gw.gql(VIOLATIONS, {}, { as: "analyst" })).data.violations;
    expect(v.lateCatalogUpdates).toHaveLength(1);
    expect(v.lateCatalogUpdates[0]).toMatchObject({ departmentName: "市教育局", outstanding: true, updatedAt: null, daysLate: 5, description: "学籍管理职责调整" });
    const overdue = (await gw.gql(`{ overdueCatalogUpdates { id departmentName } }`, {}, { as: "coordinator" })).data.overdueCatalogUpdates;
    expect(overdue.map((d: any) => String(d.id))).toEqual(v.lateCatalogUpdates.filter((u: any) => u.outstanding).map((u: any) => u.dutyChangeId));
    // Updated now, five days late: no longer outstanding, still a late update.
    const upd = await gw.gql(UPDATE, { code: code["学生学籍信息"], input: { summary: "全市中小学学生学籍信息，按学期更新；职责调整后修订。" } }, { as: "edu" });
    expect(upd.errors).toBeUndefined();
    v = (await gw.gql(VIOLATIONS, {}, { as: "edu" })).data.violations;
    expect(v.lateCatalogUpdates).toHaveLength(1);
    expect(v.lateCatalogUpdates[0]).toMatchObject({ outstanding: false, daysLate: 5 });
    expect(v.lateCatalogUpdates[0].updatedAt).not.toBeNull();
    expect((await gw.gql(`{ overdueCatalogUpdates { id } }`, {}, { as: "coordinator" })).data.overdueCatalogUpdates).toEqual([]);

    // Late decisions: the approval after the deadline and the escalated request never answered.
    v = (await gw.gql(VIOLATIONS, {}, { as: "analyst" })).data.violations;
    expect(v.lateDecisions.map((d: any) => [d.providerName, d.requesterName, d.state, d.decidedAt === null])).toEqual([
      ["市民政局", "市卫生健康委员会", "ESCALATED", true],
      ["市民政局", "市卫生健康委员会", "APPROVED", false],
    ]);
    const lateApproval = v.lateDecisions[1];
    expect(lateApproval.daysLate).toBe(Math.floor((Date.parse(lateApproval.decidedAt) - Date.parse(lateApproval.deadline)) / DAY));
    expect((await gw.gql(VIOLATIONS, {}, { as: "health" })).data.violations.lateDecisions).toHaveLength(2);
    expect((await gw.gql(VIOLATIONS, {}, { as: "police" })).data.violations.lateDecisions).toEqual([]);

    // Type changes: one approved by the coordinator, one waiting; and a reclassification (002 art.21).
    const place = code["地名信息"];
    expect((await gw.gql(UPDATE, { code: place, input: { openType: "NOT_OPEN" } }, { as: "civil" })).data.updateResource.pendingChange).toMatchObject({ openType: "NOT_OPEN" });
    const ok = await gw.gql(`mutation($c: String!) { decideTypeChange(code: $c, decision: APPROVE, reason: "同意") { openType } }`, { c: place }, { as: "coordinator" });
    expect(ok.data.decideTypeChange.openType).toBe("NOT_OPEN");
    const pend = await gw.gql(UPDATE, { code: place, input: { shareType: "CONDITIONAL", shareCondition: "仅限民政、公安部门业务协同" } }, { as: "civil" });
    expect(pend.data.updateResource).toMatchObject({ shareType: "UNCONDITIONAL", pendingChange: { shareType: "CONDITIONAL" } });

    // Denied reads before the reclassification: 刑事案件立案信息 is not shared.
    const crime = code["刑事案件立案信息"];
    for (let i = 0; i < 2; i++) {
      expect((await gw.gql(READ, { c: crime, p: "WORK_REFERENCE", n: 1 }, { as: "health" })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    }
    expect((await gw.gql(READ, { c: crime, p: "WORK_REFERENCE", n: 1 }, { as: "civil" })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const recl = await gw.gql(SUBMIT, { input: { resourceCode: crime, purpose: "ADMINISTRATIVE_BASIS", purposeDetail: "医疗纠纷案件协查-01", items: items["刑事案件立案信息"].slice(0, 2) } }, { as: "health" });
    expect(recl.data.submitShareRequest.kind).toBe("RECLASSIFICATION");
    const res = await gw.gql(`mutation($id: ID!) { resolveShareRequest(id: $id, decision: APPROVE, reason: "经复核可有条件共享") { state } }`, { id: recl.data.submitShareRequest.id }, { as: "coordinator" });
    expect(res.data.resolveShareRequest.state).toBe("APPROVED");

    v = (await gw.gql(VIOLATIONS, {}, { as: "analyst" })).data.violations;
    expect(v.typeChanges.map((t: any) => [t.resourceCode, t.state, t.via, t.fromShareType, t.toShareType, t.fromOpenType, t.toOpenType])).toEqual([
      [crime, "APPROVED", "RECLASSIFICATION", "NOT_SHARED", "CONDITIONAL", "NOT_OPEN", "NOT_OPEN"],
      [place, "PENDING", "CATALOG_REVIEW", "UNCONDITIONAL", "CONDITIONAL", "NOT_OPEN", "NOT_OPEN"],
      [place, "APPROVED", "CATALOG_REVIEW", "UNCONDITIONAL", "UNCONDITIONAL", "UNCONDITIONAL", "NOT_OPEN"],
    ]);
    expect(v.typeChanges[2].requestedAt).not.toBeNull();
    expect(v.typeChanges[2].decidedAt).not.toBeNull();
    expect((await gw.gql(VIOLATIONS, {}, { as: "civil" })).data.violations.typeChanges.map((t: any) => t.resourceCode)).toEqual([place, place]);
    // The negative list follows the reclassification.
    expect((await gw.gql(NEGATIVE, {}, { as: "analyst" })).data.negativeList.map((e: any) => e.code)).not.toContain(crime);

    const healthDenied = v.deniedReads.filter((d: any) => d.departmentName === "市卫生健康委员会");
    expect(healthDenied).toHaveLength(1);
    expect(healthDenied[0]).toMatchObject({ departmentCode: dept["市卫生健康委员会"], count: 2 });
    expect(healthDenied[0].reason).toContain("不予共享");
    expect(v.deniedReads.find((d: any) => d.departmentName === "市民政局")?.count).toBe(1);
    const own = (await gw.gql(VIOLATIONS, {}, { as: "health" })).data.violations;
    expect(own.deniedReads).toEqual(healthDenied);
    expect(own.typeChanges).toEqual([]);
    expect(own.lateCatalogUpdates).toEqual([]);
    expect((await gw.gql(VIOLATIONS, {}, { as: "police" })).data.violations.deniedReads).toEqual([]);
  });

  it("runs the same small number of statements whatever the activity", async () => {
    for (const name of Object.keys(queries)) {
      const n = await statementsOf(name);
      expect(n, name).toBe(baseline[name]);
      expect(n, name).toBeLessThanOrEqual(4);
    }
    expect(baseline).toEqual({ catalogStats: 3, sharingReport: 2, slaCompliance: 1, openingDemandStats: 1, negativeList: 1, violations: 4 });
  });
});
