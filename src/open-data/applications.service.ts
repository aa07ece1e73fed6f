// Open-data applications (R21, R22): a member of the public applies for a conditionally open
// resource, stating scope and purpose; a provider of its department approves or rejects with a
// reason within the working-day rule; an approved application allows exactly one read and is then
// spent; a rejected applicant may ask the coordinator for a re-check (复核).
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { dataItems, departments, notifications, openApplications, resources } from "../db/schema.js";
import { hasRole, isPublicViewer, type Viewer } from "../auth/viewer.js";
import { badInput, codedError } from "../server/errors.js";
import { addWorkingDays } from "../access/calendar.js";
import { loadCalendar } from "../access/requests.service.js";

export type ApplicationRow = typeof openApplications.$inferSelect & { resourceCode: string; resourceName: string };

const forbidden = (m: string) => codedError("FORBIDDEN", m);
const conflict = (m: string) => codedError("CONFLICT", m);

async function byId(db: Db, id: number): Promise<(ApplicationRow & { providerId: number }) | null> {
  const rows = await db
    .select({ a: openApplications, code: resources.code, name: resources.name, providerId: resources.departmentId })
    .from(openApplications)
    .innerJoin(resources, eq(resources.id, openApplications.resourceId))
    .where(eq(openApplications.id, id))
    .limit(1);
  return rows[0] ? { ...rows[0].a, resourceCode: rows[0].code, resourceName: rows[0].name, providerId: rows[0].providerId } : null;
}

async function notifyDepartment(db: Db, departmentId: number, kind: string, message: string) {
  await db.insert(notifications).values({ departmentId, kind, message });
}

function text(v: string, argument: string, min: number, max: number): string {
  const t = (v ?? "").trim();
  if (Array.from(t).length < min || t.length > max) {
    throw badInput(`${argument} 须为 ${min} 到 ${max} 个字符 (state the ${argument})`, { argument });
  }
  return t;
}

export async function applyForOpenData(
  db: Db,
  viewer: Viewer,
  input: { resourceCode: string; scope: string; purpose: string; items: string[] },
  opts: { now: Date; workingDays: number },
): Promise<ApplicationRow> {
  if (viewer.accountId === null || !isPublicViewer(viewer)) {
    throw forbidden("开放数据申请由实名注册的社会公众账号提交 (a signed-in PUBLIC_USER applies)");
  }
  const scope = text(input.scope, "scope", 4, 500);
  const purpose = text(input.purpose, "purpose", 4, 500);
  const [res] = await db
    .select()
    .from(resources)
    .where(and(eq(resources.code, input.resourceCode), eq(resources.status, "PUBLISHED")));
  // The public sees open resources only: anything else does not exist for them.
  if (!res || res.openType === "NOT_OPEN") throw codedError("NOT_FOUND", "未找到资源 (resource not found)");
  if (res.openType !== "CONDITIONAL") throw badInput("该资源无条件开放，可直接使用，无需申请 (no application needed)");
  const items = await db.select({ code: dataItems.code }).from(dataItems).where(eq(dataItems.resourceId, res.id));
  const codes = new Set(items.map((i) => i.code));
  const wanted = [...new Set(input.items)];
  if (wanted.length === 0) throw badInput("items 至少一项", { argument: "items" });
  const unknown = wanted.filter((c) => !codes.has(c));
  if (unknown.length) throw badInput(`资源没有信息项 ${unknown.slice(0, 5).join(", ")}`, { argument: "items" });
  const { deadline, provisional } = addWorkingDays(opts.now, opts.workingDays, await loadCalendar(db));
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [row] = await t
      .insert(openApplications)
      .values({
        applicantAccountId: viewer.accountId!,
        resourceId: res.id,
        scope,
        purpose,
        items: wanted,
        submittedAt: opts.now,
        deadline,
        deadlineProvisional: provisional,
      })
      .returning();
    await notifyDepartment(t, res.departmentId, "OPEN_APPLICATION", `社会公众申请使用“${res.name}”：${purpose}`);
    return { ...row, resourceCode: res.code, resourceName: res.name };
  });
}

export async function decideOpenApplication(
  db: Db,
  viewer: Viewer,
  input: { id: number; decision: "APPROVE" | "REJECT"; reason?: string | null },
  now: Date,
): Promise<ApplicationRow> {
  const app = await byId(db, input.id);
  if (!app) throw codedError("NOT_FOUND", `未找到开放数据申请 #${input.id}`);
  if (!viewer.department || viewer.department.id !== app.providerId || !hasRole(viewer, "PROVIDER")) {
    throw forbidden("只有资源提供部门的账号可以审批 (PROVIDER of the resource's department only)");
  }
  const reason = (input.reason ?? "").trim();
  if (input.decision === "REJECT" && reason.length < 2) throw badInput("拒绝须说明理由 (a refusal must give its reason)", { argument: "reason" });
  const [row] = await db
    .update(openApplications)
    .set({
      state: input.decision === "APPROVE" ? "APPROVED" : "REJECTED",
      decidedAt: now,
      decidedByAccountId: viewer.accountId,
      decisionReason: reason || null,
    })
    .where(and(eq(openApplications.id, app.id), eq(openApplications.state, "PENDING")))
    .returning();
  if (!row) throw conflict(`申请 #${app.id} 已办结 (already decided)`);
  return { ...row, resourceCode: app.resourceCode, resourceName: app.resourceName };
}

/** R22: the applicant asks the coordinator to re-check a rejection. */
export async function requestRecheck(db: Db, viewer: Viewer, id: number, reason: string, now: Date): Promise<ApplicationRow> {
  const app = await byId(db, id);
  if (!app || app.applicantAccountId !== viewer.accountId) throw codedError("NOT_FOUND", `未找到开放数据申请 #${id}`);
  const why = text(reason, "reason", 2, 500);
  const [row] = await db
    .update(openApplications)
    .set({ state: "RECHECK_REQUESTED", recheckReason: why, recheckRequestedAt: now })
    .where(and(eq(openApplications.id, id), eq(openApplications.state, "REJECTED")))
    .returning();
  if (!row) throw conflict("只有被拒绝的申请可以申请复核 (only a rejected application)");
  const coords = await db.select({ id: departments.id }).from(departments).where(eq(departments.kind, "COORDINATOR"));
  for (const c of coords) await notifyDepartment(db, c.id, "OPEN_RECHECK", `开放数据申请 #${id}（“${app.resourceName}”）申请复核：${why}`);
  return { ...row, resourceCode: app.resourceCode, resourceName: app.resourceName };
}

export async function resolveRecheck(
  db: Db,
  viewer: Viewer,
  input: { id: number; decision: "APPROVE" | "REJECT"; reason?: string | null },
  now: Date,
): Promise<ApplicationRow> {
  if (!hasRole(viewer, "COORDINATOR")) throw forbidden("只有主管部门可以复核 (COORDINATOR only)");
  const app = await byId(db, input.id);
  if (!app) throw codedError("NOT_FOUND", `未找到开放数据申请 #${input.id}`);
  const reason = (input.reason ?? "").trim();
  if (input.decision === "REJECT" && reason.length < 2) throw badInput("维持拒绝须说明理由", { argument: "reason" });
  const [row] = await db
    .update(openApplications)
    .set({ state: input.decision === "APPROVE" ? "APPROVED" : "CLOSED", recheckResolvedAt: now, recheckResolution: reason || null })
    .where(and(eq(openApplications.id, app.id), eq(openApplications.state, "RECHECK_REQUESTED")))
    .returning();
  if (!row) throw conflict(`申请 #${app.id} 不在待复核状态`);
  return { ...row, resourceCode: app.resourceCode, resourceName: app.resourceName };
}

/**
 * Spends an approved application: exactly one caller wins (a conditional UPDATE), so two
 * concurrent uses cannot both read (R21: one time, one application).
 */
export async function spendApplication(db: Db, id: number, requestId: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(openApplications)
    .set({ state: "USED", usedAt: now, usedRequestId: requestId })
    .where(and(eq(openApplications.id, id), eq(openApplications.state, "APPROVED")))
    .returning({ id: openApplications.id });
  return rows.length === 1;
}

export async function listApplications(db: Db, viewer: Viewer): Promise<ApplicationRow[]> {
  let where;
  if (isPublicViewer(viewer)) where = eq(openApplications.applicantAccountId, viewer.accountId ?? -1);
  else if (hasRole(viewer, "COORDINATOR")) where = undefined;
  else {
    const own = await db.select({ id: resources.id }).from(resources).where(eq(resources.departmentId, viewer.department!.id));
    where = own.length ? inArray(openApplications.resourceId, own.map((r) => r.id)) : eq(openApplications.id, -1);
  }
  const rows = await db
    .select({ a: openApplications, code: resources.code, name: resources.name })
    .from(openApplications)
    .innerJoin(resources, eq(resources.id, openApplications.resourceId))
    .where(where)
    .orderBy(desc(openApplications.id))
    .limit(500);
  return rows.map((r) => ({ ...r.a, resourceCode: r.code, resourceName: r.name }));
}
