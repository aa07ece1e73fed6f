// The sharing workflow (R11–R13): share and reclassification requests, working-day deadlines,
// decisions that create grants, escalation to the coordinator, revocation, notifications.
// Every change is one transaction; a decision is taken with a conditional UPDATE so that of two
// concurrent decisions exactly one wins and the other gets CONFLICT with nothing half-written.
import { and, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import {
  calendarDays,
  calendarYears,
  dataItems,
  departments,
  grants,
  notifications,
  resources,
  shareRequests,
} from "../db/schema.js";
import type { Viewer } from "../auth/viewer.js";
import { hasRole } from "../auth/viewer.js";
import { badInput, codedError } from "../server/errors.js";
import { builtQuery } from "../db/statement.js";
import { PURPOSE_LABELS, type Purpose } from "../policy/access.js";
import { addWorkingDays, isCoveredYear, type CalendarOverrides, type DayKind } from "./calendar.js";

export const MAX_GRANT_DAYS = 366;
const DAY = 86_400_000;

export type ShareRequestRow = typeof shareRequests.$inferSelect & {
  resourceCode: string;
  resourceName: string;
  /** The requesting department's name, when read with the request (spares present() a statement). */
  requesterDepartmentName?: string;
};
export type GrantRow = typeof grants.$inferSelect;

const conflict = (m: string) => codedError("CONFLICT", m);
const forbidden = (m: string) => codedError("FORBIDDEN", m);
const notFound = (m: string) => codedError("NOT_FOUND", m);

/** The published calendar as SQL values: the days set apart from the weekday rule, and the years covered. */
const calendarDaysJson = sql<Array<[string, string]>>`coalesce((select json_agg(json_build_array(d.day, d.kind)) from ${calendarDays} d), '[]')`;
const calendarYearsJson = sql<number[]>`coalesce((select json_agg(y.year) from ${calendarYears} y), '[]')`;

function calendarOf(days: Array<[string, string]>, years: number[]): CalendarOverrides {
  return { days: new Map(days.map(([day, kind]) => [day, kind as DayKind])), years: new Set(years) };
}

/** The published calendar (days set apart from the weekday rule, and the years covered), in one statement. */
export async function loadCalendar(db: Db): Promise<CalendarOverrides> {
  const result = (await db.execute(sql`select ${calendarDaysJson} as days, ${calendarYearsJson} as years`)) as unknown as {
    rows: Array<{ days: Array<[string, string]>; years: number[] }>;
  };
  return calendarOf(result.rows[0].days, result.rows[0].years);
}

/** The state a reader sees: a pending request past its deadline is OVERDUE. */
export function effectiveState(r: { state: string; deadline: Date }, now: Date): string {
  return r.state === "PENDING" && now.getTime() > r.deadline.getTime() ? "OVERDUE" : r.state;
}

// The workflow's statements of a fixed shape are built once (db/statement.ts builtQuery) and run
// in whichever transaction the mutation holds; building them cost more than running them.

/** A request with its resource's code, name and provider, and the requesting department's name. */
const requestByIdQuery = builtQuery(["id"], (db, p) =>
  db
    .select({
      r: shareRequests,
      resourceCode: resources.code,
      resourceName: resources.name,
      providerDepartmentId: resources.departmentId,
      requesterDepartmentName: departments.name,
    })
    .from(shareRequests)
    .innerJoin(resources, eq(resources.id, shareRequests.resourceId))
    .innerJoin(departments, eq(departments.id, shareRequests.requesterDepartmentId))
    .where(eq(shareRequests.id, p.id))
    .limit(1),
);

async function requestById(db: Db, id: number): Promise<(ShareRequestRow & { providerDepartmentId: number }) | null> {
  const [x] = await requestByIdQuery.run(db, { id });
  return x
    ? { ...x.r, resourceCode: x.resourceCode, resourceName: x.resourceName, requesterDepartmentName: x.requesterDepartmentName, providerDepartmentId: x.providerDepartmentId }
    : null;
}

const notifyQuery = builtQuery(["departmentId", "kind", "message", "requestId", "grantId"], (db, p) =>
  db.insert(notifications).values({ departmentId: p.departmentId, kind: p.kind, message: p.message, requestId: p.requestId, grantId: p.grantId }).onConflictDoNothing(),
);

async function notify(db: Db, departmentId: number, kind: string, message: string, ids: { requestId?: number; grantId?: number }) {
  await notifyQuery.run(db, { departmentId, kind, message, requestId: ids.requestId ?? null, grantId: ids.grantId ?? null });
}

const coordinatorsQuery = builtQuery([], (db) => db.select({ id: departments.id }).from(departments).where(eq(departments.kind, "COORDINATOR")));

async function coordinatorDepartmentIds(db: Db): Promise<number[]> {
  return (await coordinatorsQuery.run(db, {})).map((r) => r.id);
}

/**
 * What a submission reads, in one statement: the published entry, the codes and levels of its
 * items, and the published calendar its deadline is counted on.
 */
const submissionQuery = builtQuery(["code"], (db, p) =>
  db
    .select({
      id: resources.id,
      code: resources.code,
      name: resources.name,
      departmentId: resources.departmentId,
      shareType: resources.shareType,
      items: sql<Array<{ code: string; sensitivity: string }>>`coalesce((select json_agg(json_build_object('code', i.code, 'sensitivity', i.sensitivity))
        from ${dataItems} i where i.resource_id = ${resources}.id), '[]'::json)`, // qualified: a select without joins names bare columns
      days: calendarDaysJson,
      years: calendarYearsJson,
    })
    .from(resources)
    .where(and(eq(resources.code, p.code), eq(resources.status, "PUBLISHED"))),
);

/** An open request of the department for the resource and purpose: one may be open at a time. */
const openRequestQuery = builtQuery(["departmentId", "resourceId", "purpose"], (db, p) =>
  db
    .select({ id: shareRequests.id })
    .from(shareRequests)
    .where(
      and(
        eq(shareRequests.requesterDepartmentId, p.departmentId),
        eq(shareRequests.resourceId, p.resourceId),
        eq(shareRequests.purpose, p.purpose),
        inArray(shareRequests.state, ["PENDING", "ESCALATED"]),
      ),
    )
    .limit(1),
);

const insertRequestQuery = builtQuery(
  ["kind", "requesterDepartmentId", "requesterAccountId", "resourceId", "purpose", "purposeDetail", "items", "clearItems", "validUntil", "submittedAt", "deadline", "deadlineProvisional"],
  (db, p) => db.insert(shareRequests).values({ ...p }).returning(),
);

function checkValidUntil(v: Date | null | undefined, now: Date, argument: string): Date {
  const until = v ?? new Date(now.getTime() + 180 * DAY);
  if (until.getTime() <= now.getTime()) throw badInput(`${argument} 须晚于当前时间 (must be in the future)`, { argument });
  if (until.getTime() > now.getTime() + MAX_GRANT_DAYS * DAY) {
    throw badInput(`${argument} 最长一年 (a grant lasts at most one year, R13)`, { argument });
  }
  return until;
}

export interface SubmitInput {
  resourceCode: string;
  purpose: Purpose;
  purposeDetail: string;
  items: string[];
  clearItems?: string[] | null;
  validUntil?: Date | null;
}

export async function submitShareRequest(
  db: Db,
  viewer: Viewer,
  input: SubmitInput,
  opts: { now: Date; workingDays: number },
): Promise<ShareRequestRow> {
  if (!viewer.department || !hasRole(viewer, "CONSUMER")) throw forbidden("只有使用部门账号可以提交共享申请 (CONSUMER only)");
  const { now } = opts;
  const detail = input.purposeDetail.trim();
  if (Array.from(detail).length < 4 || detail.length > 500) {
    throw badInput("purposeDetail 须写明具体事项，4 到 500 个字符 (state the concrete matter, R11)", { argument: "purposeDetail" });
  }
  const [res] = await submissionQuery.run(db, { code: input.resourceCode });
  if (!res) throw notFound(`未找到资源 ${input.resourceCode.slice(0, 64)} (resource not found)`);
  if (res.departmentId === viewer.department.id) throw badInput("本部门的资源无需申请 (your own department's resource needs no request)");
  const byCode = new Map(res.items.map((i) => [i.code, i]));
  const wanted = [...new Set(input.items)];
  const clear = [...new Set(input.clearItems ?? [])];
  if (wanted.length === 0) throw badInput("items 至少一项 (ask for at least one item)", { argument: "items" });
  const unknown = wanted.filter((c) => !byCode.has(c));
  if (unknown.length) throw badInput(`资源没有信息项 ${unknown.slice(0, 5).join(", ")} (unknown items)`, { argument: "items" });
  const stray = clear.filter((c) => !wanted.includes(c));
  if (stray.length) throw badInput(`clearItems 须是 items 的子集：${stray.slice(0, 5).join(", ")}`, { argument: "clearItems" });
  const validUntil = checkValidUntil(input.validUntil, now, "validUntil");

  let kind: "SHARE" | "RECLASSIFICATION" = "SHARE";
  if (res.shareType === "NOT_SHARED") kind = "RECLASSIFICATION"; // 002 art.21: to the coordinator
  else if (res.shareType === "UNCONDITIONAL") {
    // R12: unconditional resources are read directly; a request only makes sense for L3/L4 in clear.
    const sensitiveClear = clear.filter((c) => ["L3", "L4"].includes(byCode.get(c)!.sensitivity));
    if (sensitiveClear.length === 0) {
      throw badInput("该资源为无条件共享，可直接读取，无需申请；只有申请 L3/L4 信息项明文时才需提交 (no request needed, R12)", {
        argument: "clearItems",
      });
    }
  }

  const { deadline, provisional } = addWorkingDays(now, opts.workingDays, calendarOf(res.days, res.years));
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const dup = await openRequestQuery.run(t, { departmentId: viewer.department!.id, resourceId: res.id, purpose: input.purpose });
    if (dup[0]) throw conflict(`本部门已有同一资源、同一用途的未办结申请 #${dup[0].id} (a request is already open)`);
    const [row] = await insertRequestQuery.run(t, {
      kind,
      requesterDepartmentId: viewer.department!.id,
      requesterAccountId: viewer.accountId!,
      resourceId: res.id,
      purpose: input.purpose,
      purposeDetail: detail,
      items: wanted,
      clearItems: clear,
      validUntil,
      submittedAt: now,
      deadline,
      deadlineProvisional: provisional,
    });
    const msg = `${viewer.department!.name}申请“${res.name}”（${PURPOSE_LABELS[input.purpose]}），请于 ${deadline.toISOString()} 前答复`;
    if (kind === "SHARE") await notify(t, res.departmentId, "SUBMITTED", msg, { requestId: row.id });
    else for (const d of await coordinatorDepartmentIds(t)) await notify(t, d, "RECLASSIFICATION_SUBMITTED", `不予共享资源重新分类申请：${msg}`, { requestId: row.id });
    return { ...row, resourceCode: res.code, resourceName: res.name, requesterDepartmentName: viewer.department!.name };
  });
}

export interface DecideInput {
  id: number;
  decision: "APPROVE" | "REJECT";
  reason?: string | null;
  items?: string[] | null;
  clearItems?: string[] | null;
  validUntil?: Date | null;
}

/** Approval may narrow what was asked; it never widens it. Creates the grant and links the request to it. */
async function approve(t: Db, req: ShareRequestRow, input: DecideInput, now: Date): Promise<number> {
  const items = input.items ? [...new Set(input.items)] : req.items;
  const wider = items.filter((c) => !req.items.includes(c));
  if (wider.length) throw badInput(`批准的信息项不能超出申请范围：${wider.slice(0, 5).join(", ")}`, { argument: "items" });
  if (items.length === 0) throw badInput("批准至少一个信息项 (approve at least one item)", { argument: "items" });
  const clear = (input.clearItems ? [...new Set(input.clearItems)] : req.clearItems).filter((c) => items.includes(c));
  const widerClear = clear.filter((c) => !req.clearItems.includes(c));
  if (widerClear.length) throw badInput(`明文信息项不能超出申请范围：${widerClear.join(", ")}`, { argument: "clearItems" });
  let until = input.validUntil ? checkValidUntil(input.validUntil, now, "validUntil") : req.validUntil;
  if (until.getTime() > now.getTime() + MAX_GRANT_DAYS * DAY) until = new Date(now.getTime() + MAX_GRANT_DAYS * DAY);
  if (until.getTime() <= now.getTime()) throw badInput("申请的有效期已过，请指定新的 validUntil (requested validity has passed)", { argument: "validUntil" });
  const [g] = await grantQuery.run(t, {
    departmentId: req.requesterDepartmentId,
    resourceId: req.resourceId,
    purpose: req.purpose,
    items,
    clearItems: clear,
    validFrom: now,
    validUntil: until,
    requestId: req.id,
  });
  await linkGrantQuery.run(t, { id: req.id, grantId: g.id });
  return g.id;
}

const grantQuery = builtQuery(["departmentId", "resourceId", "purpose", "items", "clearItems", "validFrom", "validUntil", "requestId"], (db, p) =>
  db.insert(grants).values({ ...p }).returning({ id: grants.id }),
);
// update's types take no placeholders (set casts); drizzle binds them through the columns as for insert.
const linkGrantQuery = builtQuery(["id", "grantId"], (db, p) => db.update(shareRequests).set({ grantId: p.grantId } as never).where(eq(shareRequests.id, p.id)));

/** A provider's decision, taken only while the request is still pending (of two, one wins). */
const decisionQuery = builtQuery(["id", "state", "decidedAt", "decidedByAccountId", "decisionReason"], (db, p) =>
  db
    .update(shareRequests)
    .set({ state: p.state, decidedAt: p.decidedAt, decidedByAccountId: p.decidedByAccountId, decisionReason: p.decisionReason } as never)
    .where(and(eq(shareRequests.id, p.id), eq(shareRequests.state, "PENDING")))
    .returning(),
);

export async function decideShareRequest(db: Db, viewer: Viewer, input: DecideInput, now: Date): Promise<ShareRequestRow> {
  const req = await requestById(db, input.id);
  if (!req || req.kind !== "SHARE") throw notFound(`未找到共享申请 #${input.id}`);
  if (!viewer.department || viewer.department.id !== req.providerDepartmentId || !hasRole(viewer, "PROVIDER")) {
    throw forbidden("只有资源提供部门的账号可以审批 (PROVIDER of the resource's department only)");
  }
  const reason = (input.reason ?? "").trim();
  if (input.decision === "REJECT" && reason.length < 2) throw badInput("拒绝须说明理由 (a refusal must give its reason, R12)", { argument: "reason" });
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const newState = input.decision === "APPROVE" ? "APPROVED" : "REJECTED";
    const [claimed] = await decisionQuery.run(t, {
      id: req.id,
      state: newState,
      decidedAt: now,
      decidedByAccountId: viewer.accountId,
      decisionReason: reason || null,
    });
    if (!claimed) throw conflict(`申请 #${req.id} 已办结或已上报，不能再审批 (already decided)`);
    // The decided request as it now stands: the claim's row, with the grant once it is made.
    const decided: ShareRequestRow = { ...claimed, resourceCode: req.resourceCode, resourceName: req.resourceName, requesterDepartmentName: req.requesterDepartmentName };
    if (input.decision === "APPROVE") decided.grantId = await approve(t, req, input, now);
    await notify(t, req.requesterDepartmentId, input.decision === "APPROVE" ? "APPROVED" : "REJECTED",
      `“${req.resourceName}”的共享申请 #${req.id} 已${input.decision === "APPROVE" ? "批准" : `被拒绝：${reason}`}`, { requestId: req.id });
    return decided;
  });
}

/** R12: the requester escalates a rejected or overdue request to the coordinator. */
export async function escalateShareRequest(db: Db, viewer: Viewer, id: number, reason: string, now: Date): Promise<ShareRequestRow> {
  const req = await requestById(db, id);
  if (!req || req.kind !== "SHARE") throw notFound(`未找到共享申请 #${id}`);
  if (!viewer.department || viewer.department.id !== req.requesterDepartmentId || !hasRole(viewer, "CONSUMER")) {
    throw forbidden("只有申请部门可以上报协调 (the requesting department only)");
  }
  if (reason.trim().length < 2) throw badInput("上报须说明理由 (give a reason)", { argument: "reason" });
  const state = effectiveState(req, now);
  if (state !== "REJECTED" && state !== "OVERDUE") {
    throw conflict(`只有被拒绝或逾期未答复的申请可以上报，当前状态 ${state} (only rejected or overdue requests)`);
  }
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const claimed = await t
      .update(shareRequests)
      .set({ state: "ESCALATED", escalatedAt: now, escalationReason: reason.trim() })
      .where(and(eq(shareRequests.id, id), inArray(shareRequests.state, ["REJECTED", "PENDING"])))
      .returning({ id: shareRequests.id });
    if (claimed.length === 0) throw conflict(`申请 #${id} 的状态已变化 (state changed)`);
    for (const d of await coordinatorDepartmentIds(t)) {
      await notify(t, d, "ESCALATED", `共享申请 #${id}（“${req.resourceName}”）上报协调：${reason.trim()}`, { requestId: id });
    }
    const [res] = await t.select({ departmentId: resources.departmentId }).from(resources).where(eq(resources.id, req.resourceId));
    await notify(t, res.departmentId, "ESCALATED", `共享申请 #${id}（“${req.resourceName}”）已上报主管部门协调`, { requestId: id });
    return (await requestById(t, id))!;
  });
}

/** The coordinator resolves an escalation or a reclassification request. */
export async function resolveRequest(db: Db, viewer: Viewer, input: DecideInput, now: Date): Promise<ShareRequestRow> {
  if (!hasRole(viewer, "COORDINATOR")) throw forbidden("只有主管部门可以协调 (COORDINATOR only)");
  const req = await requestById(db, input.id);
  if (!req) throw notFound(`未找到申请 #${input.id}`);
  const reason = (input.reason ?? "").trim();
  if (input.decision === "REJECT" && reason.length < 2) throw badInput("驳回须说明理由 (a refusal must give its reason)", { argument: "reason" });
  const from = req.kind === "RECLASSIFICATION" ? "PENDING" : "ESCALATED";
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const claimed = await t
      .update(shareRequests)
      .set({
        state: input.decision === "APPROVE" ? "APPROVED" : "CLOSED",
        resolvedAt: now,
        resolvedByAccountId: viewer.accountId,
        resolutionReason: reason || null,
      })
      .where(and(eq(shareRequests.id, req.id), eq(shareRequests.state, from)))
      .returning({ id: shareRequests.id });
    if (claimed.length === 0) throw conflict(`申请 #${req.id} 不在待协调状态 (not awaiting the coordinator)`);
    if (input.decision === "APPROVE") {
      if (req.kind === "RECLASSIFICATION") {
        // 002 art.21: after review the coordinator reclassifies the entry as conditionally shared.
        await t
          .update(resources)
          .set({ shareType: "CONDITIONAL", shareCondition: `经主管部门复核重新分类（申请 #${req.id}）：${reason || "按申请用途共享"}`, updatedAt: now })
          .where(eq(resources.id, req.resourceId));
      }
      await approve(t, req, input, now);
    }
    await notify(t, req.requesterDepartmentId, input.decision === "APPROVE" ? "RESOLVED_APPROVED" : "RESOLVED_REJECTED",
      `申请 #${req.id}（“${req.resourceName}”）经主管部门${input.decision === "APPROVE" ? "协调批准" : `驳回：${reason}`}`, { requestId: req.id });
    return (await requestById(t, req.id))!;
  });
}

export async function revokeGrant(db: Db, viewer: Viewer, id: number, reason: string, now: Date): Promise<GrantRow> {
  const [g] = await db.select().from(grants).where(eq(grants.id, id));
  if (!g) throw notFound(`未找到授权 #${id}`);
  const [res] = await db.select({ departmentId: resources.departmentId, name: resources.name }).from(resources).where(eq(resources.id, g.resourceId));
  const mayRevoke = hasRole(viewer, "COORDINATOR") || (viewer.department?.id === res.departmentId && hasRole(viewer, "PROVIDER"));
  if (!mayRevoke) throw forbidden("只有资源提供部门或主管部门可以撤销授权");
  if (reason.trim().length < 2) throw badInput("撤销须说明理由 (give a reason)", { argument: "reason" });
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [row] = await t
      .update(grants)
      .set({ revokedAt: now, revokedReason: reason.trim() })
      .where(and(eq(grants.id, id), isNull(grants.revokedAt)))
      .returning();
    if (!row) throw conflict(`授权 #${id} 已撤销 (already revoked)`);
    await notify(t, g.departmentId, "REVOKED", `“${res.name}”的授权 #${id} 已撤销：${reason.trim()}`, { grantId: id });
    return row;
  });
}

export async function setHolidays(
  db: Db,
  viewer: Viewer,
  year: number,
  holidays: Array<{ date: string; name?: string | null }>,
  workdays: string[],
): Promise<{ year: number; holidays: number; workdays: number }> {
  if (!hasRole(viewer, "COORDINATOR")) throw forbidden("只有主管部门可以维护节假日 (COORDINATOR only)");
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badInput("year 须在 2000 到 2100 之间", { argument: "year" });
  const valid = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && d.startsWith(`${year}-`) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
  for (const h of holidays) if (!valid(h.date)) throw badInput(`日期 ${h.date.slice(0, 20)} 无效或不属于 ${year} 年`, { argument: "holidays" });
  for (const w of workdays) if (!valid(w)) throw badInput(`日期 ${w.slice(0, 20)} 无效或不属于 ${year} 年`, { argument: "workdays" });
  const both = holidays.filter((h) => workdays.includes(h.date));
  if (both.length) throw badInput(`同一天不能既是假日又是调休工作日：${both[0].date}`, { argument: "workdays" });
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await t.delete(calendarDays).where(sql`${calendarDays.day} like ${`${year}-%`}`);
    const rows = [
      ...holidays.map((h) => ({ day: h.date, kind: "HOLIDAY", name: h.name ?? null })),
      ...workdays.map((d) => ({ day: d, kind: "WORKDAY", name: "调休上班" })),
    ];
    if (rows.length) await t.insert(calendarDays).values(rows);
    await t
      .insert(calendarYears)
      .values({ year, setByAccountId: viewer.accountId })
      .onConflictDoUpdate({ target: calendarYears.year, set: { setByAccountId: viewer.accountId, setAt: sql`now()` } });
  });
  return { year, holidays: holidays.length, workdays: workdays.length };
}

export function calendarCovers(calendar: CalendarOverrides, year: number) {
  return isCoveredYear(year, calendar);
}

/**
 * Notifications that come from the clock: due tomorrow and overdue. Idempotent (unique per
 * request, kind and department), so it may run on every replica and as often as wanted.
 */
export async function sweepDeadlines(db: Db, now: Date): Promise<void> {
  const pending = await db
    .select({ r: shareRequests, name: resources.name, providerId: resources.departmentId })
    .from(shareRequests)
    .innerJoin(resources, eq(resources.id, shareRequests.resourceId))
    .where(and(eq(shareRequests.state, "PENDING"), eq(shareRequests.kind, "SHARE"), lt(shareRequests.deadline, new Date(now.getTime() + DAY))));
  for (const { r, name, providerId } of pending) {
    if (r.deadline.getTime() < now.getTime()) {
      await notify(db, providerId, "OVERDUE", `共享申请 #${r.id}（“${name}”）已逾期未答复`, { requestId: r.id });
      await notify(db, r.requesterDepartmentId, "OVERDUE", `您的共享申请 #${r.id}（“${name}”）已逾期，可上报主管部门协调`, { requestId: r.id });
    } else {
      await notify(db, providerId, "DUE_TOMORROW", `共享申请 #${r.id}（“${name}”）将于 ${r.deadline.toISOString()} 到期`, { requestId: r.id });
    }
  }
}

export async function listRequests(
  db: Db,
  where: { requesterDepartmentId?: number; providerDepartmentId?: number; states?: string[]; coordinator?: boolean },
): Promise<ShareRequestRow[]> {
  const conds = [];
  if (where.requesterDepartmentId !== undefined) conds.push(eq(shareRequests.requesterDepartmentId, where.requesterDepartmentId));
  if (where.providerDepartmentId !== undefined) conds.push(and(eq(resources.departmentId, where.providerDepartmentId), eq(shareRequests.kind, "SHARE")));
  if (where.coordinator) conds.push(or(eq(shareRequests.state, "ESCALATED"), and(eq(shareRequests.kind, "RECLASSIFICATION"), eq(shareRequests.state, "PENDING"))));
  if (where.states?.length) conds.push(inArray(shareRequests.state, where.states as never));
  const rows = await db
    .select({ r: shareRequests, resourceCode: resources.code, resourceName: resources.name })
    .from(shareRequests)
    .innerJoin(resources, eq(resources.id, shareRequests.resourceId))
    .where(and(...conds))
    .orderBy(desc(shareRequests.submittedAt), desc(shareRequests.id))
    .limit(500);
  return rows.map((x) => ({ ...x.r, resourceCode: x.resourceCode, resourceName: x.resourceName }));
}

type GrantView = GrantRow & { resourceCode: string; resourceName: string; departmentName: string };

function grantsQuery(db: Db) {
  return db
    .select({ g: grants, resourceCode: resources.code, resourceName: resources.name, departmentName: departments.name })
    .from(grants)
    .innerJoin(resources, eq(resources.id, grants.resourceId))
    .innerJoin(departments, eq(departments.id, grants.departmentId));
}

export async function grantById(db: Db, id: number): Promise<GrantView | null> {
  const [x] = await grantsQuery(db).where(eq(grants.id, id)).limit(1);
  return x ? { ...x.g, resourceCode: x.resourceCode, resourceName: x.resourceName, departmentName: x.departmentName } : null;
}

export async function listGrants(db: Db, viewer: Viewer): Promise<Array<GrantRow & { resourceCode: string; resourceName: string; departmentName: string }>> {
  const all = hasRole(viewer, "COORDINATOR", "AUDITOR");
  const dept = viewer.department!.id;
  const rows = await grantsQuery(db)
    .where(all ? undefined : or(eq(grants.departmentId, dept), eq(resources.departmentId, dept)))
    .orderBy(desc(grants.createdAt), desc(grants.id))
    .limit(500);
  return rows.map((x) => ({ ...x.g, resourceCode: x.resourceCode, resourceName: x.resourceName, departmentName: x.departmentName }));
}

export async function listNotifications(db: Db, departmentId: number, unreadOnly: boolean) {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.departmentId, departmentId), unreadOnly ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(200);
}

export async function markNotificationsRead(db: Db, departmentId: number, ids: number[] | null, now: Date): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.departmentId, departmentId), isNull(notifications.readAt), ids ? inArray(notifications.id, ids) : undefined))
    .returning({ id: notifications.id });
  return rows.length;
}

