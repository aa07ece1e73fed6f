// The statistics of the catalog and of sharing (R22, R34, R40, R41), for analysts, the
// coordinator, auditors and — for their own department — every government account.
//
// Everything is counted in SQL (GROUP BY, grouping sets, FILTER, percentile_cont); Node only
// shapes the aggregated rows. Every query runs a small, fixed number of statements, whatever the
// size of the city. Nothing is broken down by the values of data items: the figures are counts
// of catalog metadata, requests, grants, objections and audit events.
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { hasRole, isGovernmentViewer, type Viewer } from "../auth/viewer.js";
import { catalogVisibility } from "../policy/catalog.js";
import { badInput } from "../server/errors.js";
import { CYCLE_MAX_AGE_DAYS } from "../demo/define.js";
import { OpenType, ResourceCategory, Sensitivity, ShareType, UpdateCycle } from "../catalog/enums.js";
import { UsePurpose } from "../records/records.input.js";
import { toCsv } from "./csv.js";
import { chinaDateSql, workingDayCalendarSql } from "./working-days.js";
import type {
  CatalogStats,
  DeniedReadCount,
  DepartmentSharing,
  LateCatalogUpdate,
  LateDecision,
  NegativeListEntry,
  OpeningDemandStat,
  ProviderSla,
  SharingReport,
  TypeChangeRecord,
  Violations,
} from "./stats.types.js";

/**
 * The longest a resource's data may go unrefreshed for its update cycle, in days: one period plus
 * a day's grace (实时 1, 每日 2, 每周 8, 每月 32, 每季度 93, 每半年 184, 每年 366); 不定期 is never
 * stale. The same table the demo city is dated by (src/demo/define.ts).
 */
export const STALE_AFTER_DAYS: Readonly<Record<UpdateCycle, number | null>> = CYCLE_MAX_AGE_DAYS;

/** Longest list a violations field returns (most recent first). */
export const VIOLATIONS_LIMIT = 500;
/** Widest period slaCompliance accepts. */
export const MAX_SLA_RANGE_YEARS = 5;

const SHARE_TYPES = [ShareType.UNCONDITIONAL, ShareType.CONDITIONAL, ShareType.NOT_SHARED];
const PURPOSES = [UsePurpose.ADMINISTRATIVE_BASIS, UsePurpose.WORK_REFERENCE, UsePurpose.DATA_VERIFICATION, UsePurpose.BUSINESS_COLLABORATION];
const SENSITIVITIES = [Sensitivity.L1, Sensitivity.L2, Sensitivity.L3, Sensitivity.L4];

const SHARE_LABELS: Record<ShareType, string> = { UNCONDITIONAL: "无条件共享", CONDITIONAL: "有条件共享", NOT_SHARED: "不予共享" };
const PURPOSE_LABELS: Record<UsePurpose, string> = {
  ADMINISTRATIVE_BASIS: "行政依据",
  WORK_REFERENCE: "工作参考",
  DATA_VERIFICATION: "数据校核",
  BUSINESS_COLLABORATION: "业务协同",
};

/**
 * Which departments' rows a viewer gets: analysts, the coordinator and auditors every
 * department's; any other government account its own department's only. (The public gets none:
 * the rule map refuses it before any of this runs, catalogStats aside.)
 */
export interface StatsScope {
  departmentId: number | null;
  departmentCode: string | null;
}

export function statsScope(viewer: Viewer): StatsScope {
  if (isGovernmentViewer(viewer) && hasRole(viewer, "ANALYST", "COORDINATOR", "AUDITOR")) return { departmentId: null, departmentCode: null };
  if (!isGovernmentViewer(viewer) || !viewer.department) {
    // Defence in depth: never widen for a viewer the rule map should have refused.
    return { departmentId: -1, departmentCode: "" };
  }
  return { departmentId: viewer.department.id, departmentCode: viewer.department.code };
}

/** `true` when the scope is all departments, else the department column equals the viewer's. */
function inScope(scope: StatsScope, departmentIdColumn: SQL): SQL {
  return scope.departmentId === null ? sql`true` : sql`${departmentIdColumn} = ${scope.departmentId}`;
}

async function query<T>(db: Db, statement: SQL): Promise<T[]> {
  const res = (await db.execute(statement)) as unknown as { rows: T[] };
  return res.rows;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const date = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
/** Whole days from a due instant to a later one, at least 1 (anything late is a day late). */
const fullDaysLate = (at: Date, due: Date) => Math.max(1, Math.floor((at.getTime() - due.getTime()) / 86_400_000));

// ---------------------------------------------------------------------------------------------
// catalogStats: three statements, over exactly the entries the viewer sees in the catalog.

export async function catalogStats(db: Db, viewer: Viewer, now: Date): Promise<CatalogStats> {
  const visible = catalogVisibility(viewer);
  const cells = await query<{ total: number; dept_code: string | null; dept_name: string | null; share_type: string; open_type: string; category: string; n: number }>(
    db,
    sql`select grouping(d.code) as total, d.code as dept_code, d.name as dept_name,
               resources.share_type, resources.open_type, resources.category, count(*)::int as n
          from resources join departments d on d.id = resources.department_id
         where ${visible}
         group by grouping sets ((d.seq, d.code, d.name, resources.share_type, resources.open_type, resources.category), ())
         order by grouping(d.code), d.seq, resources.category, resources.share_type, resources.open_type`,
  );
  const items = await query<{ total: number; sensitivity: string | null; n: number }>(
    db,
    sql`select grouping(i.sensitivity) as total, i.sensitivity, count(*)::int as n
          from data_items i join resources on resources.id = i.resource_id
         where ${visible}
         group by grouping sets ((i.sensitivity), ())`,
  );
  const cycles = sql.join(
    Object.entries(STALE_AFTER_DAYS)
      .filter(([, d]) => d !== null)
      .map(([c, d]) => sql`(${c}::text, ${d}::int)`),
    sql`, `,
  );
  // Age counts from the last data update; data never supplied counts from publication.
  const since = sql`coalesce(resources.data_updated_at, resources.published_at, resources.updated_at)`;
  const stale = await query<{ code: string; name: string; dept_code: string; dept_name: string; update_cycle: string; data_updated_at: unknown; max_days: number; overdue: number }>(
    db,
    sql`select resources.code, resources.name, d.code as dept_code, d.name as dept_name, resources.update_cycle,
               resources.data_updated_at, m.max_days,
               greatest(1, floor(extract(epoch from (${ts(now)} - ${since})) / 86400 - m.max_days))::int as overdue
          from resources join departments d on d.id = resources.department_id
          join (values ${cycles}) as m(cycle, max_days) on m.cycle = resources.update_cycle::text
         where ${visible} and ${ts(now)} - ${since} > m.max_days * interval '1 day'
         order by overdue desc, resources.code`,
  );
  const bySensitivity = new Map(items.filter((r) => num(r.total) === 0).map((r) => [r.sensitivity, num(r.n)]));
  return {
    resourceCount: num(cells.find((c) => num(c.total) === 1)?.n),
    itemCount: num(items.find((r) => num(r.total) === 1)?.n),
    resources: cells
      .filter((c) => num(c.total) === 0)
      .map((c) => ({
        departmentCode: c.dept_code!,
        departmentName: c.dept_name!,
        shareType: c.share_type as ShareType,
        openType: c.open_type as OpenType,
        category: c.category as ResourceCategory,
        count: num(c.n),
      })),
    itemsBySensitivity: SENSITIVITIES.map((s) => ({ sensitivity: s, count: bySensitivity.get(s) ?? 0 })),
    stale: stale.map((r) => ({
      code: r.code,
      name: r.name,
      departmentCode: r.dept_code,
      departmentName: r.dept_name,
      updateCycle: r.update_cycle as UpdateCycle,
      dataUpdatedAt: date(r.data_updated_at),
      maxAgeDays: num(r.max_days),
      daysOverdue: num(r.overdue),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// sharingReport: two statements.

/** The instants a calendar year spans in China (UTC+8): [start, end). */
export function chinaYear(year: number): { start: Date; end: Date } {
  const h8 = 8 * 3600_000;
  return { start: new Date(Date.UTC(year, 0, 1) - h8), end: new Date(Date.UTC(year + 1, 0, 1) - h8) };
}

export function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badInput("year 须在 2000 到 2100 之间 (year must be 2000..2100)", { argument: "year" });
}

export const CSV_HEADER = [
  "部门代码",
  "部门名称",
  ...SHARE_TYPES.map((t) => `${SHARE_LABELS[t]}资源数`),
  "被其他部门读取行数",
  "收到共享申请数",
  "批准数",
  "拒绝数",
  "逾期数",
  "答复用时中位数（工作日）",
  "提出申请数",
  "持有授权数",
  ...PURPOSES.map((p) => `${PURPOSE_LABELS[p]}读取次数`),
  "提出异议数",
  "收到异议数",
  "处理异议数",
];

export function sharingCsv(rows: DepartmentSharing[]): string {
  return toCsv(
    CSV_HEADER,
    rows.map((d) => [
      d.departmentCode,
      d.departmentName,
      ...SHARE_TYPES.map((t) => d.resourcesByShareType.find((x) => x.shareType === t)?.count ?? 0),
      d.rowsServed,
      d.requestsReceived,
      d.approved,
      d.rejected,
      d.overdue,
      d.medianDecisionWorkingDays,
      d.requestsMade,
      d.grantsHeld,
      ...PURPOSES.map((p) => d.readsByPurpose.find((x) => x.purpose === p)?.count ?? 0),
      d.objectionsRaised,
      d.objectionsReceived,
      d.objectionsResolved,
    ]),
  );
}

export async function sharingReport(db: Db, viewer: Viewer, year: number, now: Date): Promise<SharingReport> {
  checkYear(year);
  const scope = statsScope(viewer);
  const { start, end } = chinaYear(year);
  const inYear = (col: SQL) => sql`${col} >= ${ts(start)} and ${col} < ${ts(end)}`;
  // A provider's own decision: decided_at is set only by decideShareRequest. It approved when the
  // request ended APPROVED without an escalation (an escalation follows a refusal or a missed
  // deadline); every other decision was a refusal.
  const providerApproved = sql`q.decided_at is not null and q.escalated_at is null and q.state = 'APPROVED'`;
  // The year's share requests to each provider, once; their decision times in working days come
  // from a calendar of the days they span, each day classified once (working-days.ts).
  const main = await query<Record<string, unknown>>(
    db,
    sql`with q as materialized (
          select r.department_id as provider_id, q.state, q.decided_at, q.escalated_at, q.deadline,
                 ${chinaDateSql(sql`q.submitted_at`)} as a, ${chinaDateSql(sql`q.decided_at`)} as b
            from share_requests q join resources r on r.id = q.resource_id
           where q.kind = 'SHARE' and ${inYear(sql`q.submitted_at`)} and ${inScope(scope, sql`r.department_id`)}),
        cal as materialized (${workingDayCalendarSql(sql`(select min(a) from q)`, sql`(select max(coalesce(b, a)) from q)`)}),
        rq as (
          select q.provider_id,
                 count(*)::int as received,
                 count(*) filter (where ${providerApproved})::int as approved,
                 count(*) filter (where q.decided_at is not null and not (${providerApproved}))::int as rejected,
                 count(*) filter (where q.decided_at > q.deadline or (q.decided_at is null and q.deadline < ${ts(now)}))::int as overdue,
                 percentile_cont(0.5) within group (order by cb.cum - ca.cum) filter (where q.decided_at is not null) as median
            from q left join cal ca on ca.d = q.a left join cal cb on cb.d = q.b
           group by q.provider_id)
        select d.code, d.name,
               rs.unconditional, rs.conditional, rs.not_shared,
               rq.received, rq.approved, rq.rejected, rq.overdue, rq.median,
               mk.made, gr.held, ob.obj_raised, ob.obj_received, ob.obj_resolved
          from departments d
          left join rq on rq.provider_id = d.id
          left join lateral (
            select count(*) filter (where r.share_type = 'UNCONDITIONAL')::int as unconditional,
                   count(*) filter (where r.share_type = 'CONDITIONAL')::int as conditional,
                   count(*) filter (where r.share_type = 'NOT_SHARED')::int as not_shared
              from resources r where r.department_id = d.id and r.status = 'PUBLISHED') rs on true
          left join lateral (
            select count(*)::int as made from share_requests q
             where q.requester_department_id = d.id and ${inYear(sql`q.submitted_at`)}) mk on true
          left join lateral (
            select count(*)::int as held from grants g
             where g.department_id = d.id and g.valid_from < ${ts(end)} and g.valid_until > ${ts(start)}
               and (g.revoked_at is null or g.revoked_at > ${ts(start)})) gr on true
          left join lateral (
            select count(*) filter (where o.raiser_department_id = d.id and ${inYear(sql`o.created_at`)})::int as obj_raised,
                   count(*) filter (where r.department_id = d.id and ${inYear(sql`o.created_at`)})::int as obj_received,
                   count(*) filter (where r.department_id = d.id and o.resolved_at is not null and ${inYear(sql`o.resolved_at`)})::int as obj_resolved
              from objections o join resources r on r.id = o.resource_id
             where o.raiser_department_id = d.id or r.department_id = d.id) ob on true
         where ${inScope(scope, sql`d.id`)}
         order by d.seq`,
  );
  // Reads from the audit trail, in one pass with two groupings: rows served by each provider to
  // other departments (records), and read calls each department made on others' resources by
  // purpose (records and verify). Reads of one's own resources are not sharing.
  const reads = await query<{ by_provider: number; provider: string | null; reader: string | null; purpose: string | null; reads: number; rows_served: unknown }>(
    db,
    sql`select grouping(pd.code) as by_provider, pd.code as provider, e.department_code as reader, e.purpose,
               count(*)::int as reads,
               coalesce(sum(e.row_count) filter (where e.operation = 'records'), 0)::bigint as rows_served
          from audit_events e
          join resources r on r.code = e.resource_code
          join departments pd on pd.id = r.department_id
         where e.outcome = 'ALLOWED' and e.operation in ('records', 'verify') and ${inYear(sql`e.at`)}
           and e.department_code is not null and e.department_code <> pd.code
           and (${inScope(scope, sql`pd.id`)} or e.department_code = ${scope.departmentCode ?? ""})
         group by grouping sets ((pd.code), (e.department_code, e.purpose))`,
  );
  const served = new Map<string, number>();
  const byPurpose = new Map<string, number>();
  for (const r of reads) {
    // grouping(pd.code) is 0 on the provider grouping, 1 on the reader × purpose grouping.
    if (num(r.by_provider) === 0) served.set(r.provider!, num(r.rows_served));
    else if (r.purpose) byPurpose.set(`${r.reader}|${r.purpose}`, num(r.reads));
  }
  const departments: DepartmentSharing[] = main.map((d) => {
    const code = String(d.code);
    return {
      departmentCode: code,
      departmentName: String(d.name),
      resourcesByShareType: [
        { shareType: ShareType.UNCONDITIONAL, count: num(d.unconditional) },
        { shareType: ShareType.CONDITIONAL, count: num(d.conditional) },
        { shareType: ShareType.NOT_SHARED, count: num(d.not_shared) },
      ],
      rowsServed: served.get(code) ?? 0,
      requestsReceived: num(d.received),
      approved: num(d.approved),
      rejected: num(d.rejected),
      overdue: num(d.overdue),
      medianDecisionWorkingDays: d.median === null || d.median === undefined ? null : Number(d.median),
      requestsMade: num(d.made),
      grantsHeld: num(d.held),
      readsByPurpose: PURPOSES.map((p) => ({ purpose: p, count: byPurpose.get(`${code}|${p}`) ?? 0 })),
      objectionsRaised: num(d.obj_raised),
      objectionsReceived: num(d.obj_received),
      objectionsResolved: num(d.obj_resolved),
    };
  });
  return { year, departments, csv: sharingCsv(departments) };
}

// ---------------------------------------------------------------------------------------------
// slaCompliance: one statement.

export function checkRange(from: Date, to: Date): void {
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw badInput("from / to 须为有效时间", { argument: "from" });
  if (from.getTime() > to.getTime()) throw badInput("from 不能晚于 to (from must not be after to)", { argument: "from" });
  const limit = new Date(from);
  limit.setUTCFullYear(limit.getUTCFullYear() + MAX_SLA_RANGE_YEARS);
  if (to.getTime() > limit.getTime()) {
    throw badInput(`统计区间最长 ${MAX_SLA_RANGE_YEARS} 年 (at most ${MAX_SLA_RANGE_YEARS} years)`, { argument: "to" });
  }
}

export async function slaCompliance(db: Db, viewer: Viewer, from: Date, to: Date, now: Date): Promise<ProviderSla[]> {
  checkRange(from, to);
  const scope = statsScope(viewer);
  const rows = await query<Record<string, unknown>>(
    db,
    sql`select d.code, d.name, s.requests, s.decided, s.on_time, s.late, s.pending_overdue, s.escalated_undecided
          from departments d
          left join lateral (
            select count(*)::int as requests,
                   count(*) filter (where q.decided_at is not null)::int as decided,
                   count(*) filter (where q.decided_at <= q.deadline)::int as on_time,
                   count(*) filter (where q.decided_at > q.deadline)::int as late,
                   count(*) filter (where q.decided_at is null and q.state = 'PENDING' and q.deadline < ${ts(now)})::int as pending_overdue,
                   count(*) filter (where q.decided_at is null and q.state <> 'PENDING')::int as escalated_undecided
              from share_requests q join resources r on r.id = q.resource_id
             where r.department_id = d.id and q.kind = 'SHARE'
               and q.submitted_at >= ${ts(from)} and q.submitted_at < ${ts(to)}) s on true
         where ${inScope(scope, sql`d.id`)}
           and (${scope.departmentId !== null ? sql`true` : sql`false`} or exists (select 1 from resources r where r.department_id = d.id))
         order by d.seq`,
  );
  return rows.map((r) => {
    const decided = num(r.decided);
    const onTime = num(r.on_time);
    const pendingOverdue = num(r.pending_overdue);
    const escalatedUndecided = num(r.escalated_undecided);
    const base = decided + pendingOverdue + escalatedUndecided;
    return {
      departmentCode: String(r.code),
      departmentName: String(r.name),
      requests: num(r.requests),
      decided,
      onTime,
      late: num(r.late),
      pendingOverdue,
      escalatedUndecided,
      onTimeRate: base === 0 ? null : onTime / base,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// openingDemandStats (R22): one statement. Like feedback.service's openingDemandFor, ranked by
// demand, with the provider's answer; here only published resources that are still not open, with
// the number of distinct askers, and a department sees the demand for its own resources.

export async function openingDemandStats(db: Db, viewer: Viewer): Promise<OpeningDemandStat[]> {
  const scope = statsScope(viewer);
  const rows = await query<Record<string, unknown>>(
    db,
    sql`select r.code, r.name, d.code as dept_code, d.name as dept_name,
               count(*)::int as demand, count(distinct o.account_id)::int as askers, max(o.created_at) as last_at,
               a.answer, a.answered_at
          from opening_demands o
          join resources r on r.id = o.resource_id
          join departments d on d.id = r.department_id
          left join opening_answers a on a.resource_id = r.id
         where r.status = 'PUBLISHED' and r.open_type = 'NOT_OPEN' and ${inScope(scope, sql`r.department_id`)}
         group by r.code, r.name, d.code, d.name, a.answer, a.answered_at
         order by demand desc, askers desc, r.code`,
  );
  return rows.map((r) => ({
    resourceCode: String(r.code),
    resourceName: String(r.name),
    departmentCode: String(r.dept_code),
    departmentName: String(r.dept_name),
    demand: num(r.demand),
    askers: num(r.askers),
    lastDemandAt: date(r.last_at)!,
    answer: (r.answer as string | null) ?? null,
    answeredAt: date(r.answered_at),
  }));
}

// ---------------------------------------------------------------------------------------------
// negativeList (R3, R41): one statement. Every government account sees the whole list, as it sees
// not-shared entries with their legal basis in the catalog.

export async function negativeList(db: Db, viewer: Viewer): Promise<NegativeListEntry[]> {
  const rows = await query<Record<string, unknown>>(
    db,
    sql`select resources.code, resources.name, d.code as dept_code, d.name as dept_name, resources.category,
               resources.open_type, resources.legal_basis, resources.published_at,
               (select count(*)::int from data_items i where i.resource_id = resources.id) as items
          from resources join departments d on d.id = resources.department_id
         where ${catalogVisibility(viewer)} and resources.share_type = 'NOT_SHARED'
         order by d.seq, resources.code`,
  );
  return rows.map((r) => ({
    code: String(r.code),
    name: String(r.name),
    departmentCode: String(r.dept_code),
    departmentName: String(r.dept_name),
    category: r.category as ResourceCategory,
    openType: r.open_type as OpenType,
    legalBasis: (r.legal_basis as string | null) ?? null,
    itemCount: num(r.items),
    publishedAt: date(r.published_at),
  }));
}

// ---------------------------------------------------------------------------------------------
// violations (R34): four statements.

export async function violations(db: Db, viewer: Viewer, now: Date): Promise<Violations> {
  const scope = statsScope(viewer);

  // R2: a duty change gives the department 15 days. Outstanding: past due and no catalog change
  // by the department since it was recorded (exactly overdueCatalogUpdates); late: the first
  // change came after the due date.
  const catalog = await query<Record<string, unknown>>(
    db,
    sql`select c.id, d.code, d.name, c.description, c.recorded_at, c.due_at, f.first_at
          from duty_changes c
          join departments d on d.id = c.department_id
          left join lateral (
            select min(v.changed_at) as first_at from resource_versions v join resources r on r.id = v.resource_id
             where r.department_id = c.department_id and v.changed_at >= c.recorded_at) f on true
         where ${inScope(scope, sql`c.department_id`)}
           and ((f.first_at is null and c.due_at < ${ts(now)}) or f.first_at > c.due_at)
         order by c.due_at desc, c.id desc
         limit ${VIOLATIONS_LIMIT}`,
  );

  // R12: share requests the provider decided after the deadline, or has not decided although the
  // deadline passed (pending, or escalated by the requester because of it).
  const late = await query<Record<string, unknown>>(
    db,
    sql`select q.id, r.code, r.name, pd.code as p_code, pd.name as p_name, rd.code as r_code, rd.name as r_name,
               q.submitted_at, q.deadline, q.decided_at, q.state
          from share_requests q
          join resources r on r.id = q.resource_id
          join departments pd on pd.id = r.department_id
          join departments rd on rd.id = q.requester_department_id
         where q.kind = 'SHARE'
           and (q.decided_at > q.deadline or (q.decided_at is null and q.deadline < ${ts(now)}))
           and (${inScope(scope, sql`r.department_id`)} or ${inScope(scope, sql`q.requester_department_id`)})
         order by q.deadline desc, q.id desc
         limit ${VIOLATIONS_LIMIT}`,
  );

  // Share / open type changes: waiting for the coordinator (pendingChange), approved through the
  // catalog review (TYPE_CHANGE_APPROVED versions, before and after from the diff / snapshot), and
  // not-shared entries reclassified on an approved request (002 art.21).
  const fromOf = (field: string) =>
    sql`coalesce((select e->>'from' from jsonb_array_elements(v.diff) e where e->>'field' = ${field} limit 1), v.snapshot->>${field})`;
  const types = await query<Record<string, unknown>>(
    db,
    sql`select * from (
          select r.code, r.name, d.code as dept_code, d.name as dept_name, 'PENDING' as state, 'CATALOG_REVIEW' as via,
                 r.share_type::text as from_share, coalesce(r.pending_change->>'shareType', r.share_type::text) as to_share,
                 r.open_type::text as from_open, coalesce(r.pending_change->>'openType', r.open_type::text) as to_open,
                 (r.pending_change->>'requestedAt')::timestamptz as requested_at, null::timestamptz as decided_at
            from resources r join departments d on d.id = r.department_id
           where r.pending_change is not null and ${inScope(scope, sql`r.department_id`)}
          union all
          select r.code, r.name, d.code, d.name, 'APPROVED', 'CATALOG_REVIEW',
                 ${fromOf("shareType")}, v.snapshot->>'shareType', ${fromOf("openType")}, v.snapshot->>'openType',
                 (select max(p.changed_at) from resource_versions p
                   where p.resource_id = v.resource_id and p.kind = 'TYPE_CHANGE_REQUESTED' and p.version < v.version),
                 v.changed_at
            from resource_versions v join resources r on r.id = v.resource_id join departments d on d.id = r.department_id
           where v.kind = 'TYPE_CHANGE_APPROVED' and ${inScope(scope, sql`r.department_id`)}
          union all
          select r.code, r.name, d.code, d.name, 'APPROVED', 'RECLASSIFICATION',
                 'NOT_SHARED', 'CONDITIONAL', r.open_type::text, r.open_type::text, q.submitted_at, q.resolved_at
            from share_requests q join resources r on r.id = q.resource_id join departments d on d.id = r.department_id
           where q.kind = 'RECLASSIFICATION' and q.state = 'APPROVED' and ${inScope(scope, sql`r.department_id`)}
        ) t
        order by coalesce(t.decided_at, t.requested_at) desc nulls last, t.code
        limit ${VIOLATIONS_LIMIT}`,
  );

  // Denied reads (records, verify) by the reading department and the reason given.
  const denied = await query<Record<string, unknown>>(
    db,
    sql`select e.department_code as code, coalesce(d.name, e.department_code) as name, coalesce(e.reason, '') as reason, count(*)::int as n
          from audit_events e left join departments d on d.code = e.department_code
         where e.outcome = 'DENIED' and e.operation in ('records', 'verify') and e.department_code is not null
           and ${scope.departmentId === null ? sql`true` : sql`e.department_code = ${scope.departmentCode}`}
         group by e.department_code, d.name, e.reason
         order by n desc, e.department_code, reason
         limit ${VIOLATIONS_LIMIT}`,
  );

  const lateCatalogUpdates: LateCatalogUpdate[] = catalog.map((c) => {
    const first = date(c.first_at);
    const due = date(c.due_at)!;
    const upTo = first ?? now;
    return {
      dutyChangeId: num(c.id),
      departmentCode: String(c.code),
      departmentName: String(c.name),
      description: String(c.description),
      recordedAt: date(c.recorded_at)!,
      dueAt: due,
      updatedAt: first,
      outstanding: first === null,
      daysLate: fullDaysLate(upTo, due),
    };
  });
  const lateDecisions: LateDecision[] = late.map((q) => {
    const deadline = date(q.deadline)!;
    const decidedAt = date(q.decided_at);
    const state = String(q.state);
    return {
      requestId: num(q.id),
      resourceCode: String(q.code),
      resourceName: String(q.name),
      providerCode: String(q.p_code),
      providerName: String(q.p_name),
      requesterCode: String(q.r_code),
      requesterName: String(q.r_name),
      submittedAt: date(q.submitted_at)!,
      deadline,
      decidedAt,
      state: state === "PENDING" && deadline.getTime() < now.getTime() ? "OVERDUE" : state,
      daysLate: fullDaysLate(decidedAt ?? now, deadline),
    };
  });
  const typeChanges: TypeChangeRecord[] = types.map((t) => ({
    resourceCode: String(t.code),
    resourceName: String(t.name),
    departmentCode: String(t.dept_code),
    departmentName: String(t.dept_name),
    state: String(t.state),
    via: String(t.via),
    fromShareType: t.from_share as ShareType,
    toShareType: t.to_share as ShareType,
    fromOpenType: t.from_open as OpenType,
    toOpenType: t.to_open as OpenType,
    requestedAt: date(t.requested_at),
    decidedAt: date(t.decided_at),
  }));
  const deniedReads: DeniedReadCount[] = denied.map((d) => ({
    departmentCode: String(d.code),
    departmentName: String(d.name),
    reason: String(d.reason),
    count: num(d.n),
  }));
  return { lateCatalogUpdates, lateDecisions, typeChanges, deniedReads };
}
