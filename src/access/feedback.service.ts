// Objections and corrections (R14), the supply-demand list (R41), and demand for opening
// not-open resources (R22). An open objection blocks nothing.
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import {
  dataNeeds,
  departments,
  needAnswers,
  notifications,
  objections,
  openingAnswers,
  openingDemands,
  recordHistory,
  records,
  resources,
} from "../db/schema.js";
import { hasRole, isPublicViewer, type Viewer } from "../auth/viewer.js";
import { badInput, codedError } from "../server/errors.js";
import { scopeKey } from "../masking/strategies.js";
import type { Purpose } from "../policy/access.js";
import { prepareAccess } from "../policy/access.context.js";
import { tokenSql } from "../records/records.service.js";

const forbidden = (m: string) => codedError("FORBIDDEN", m);
const conflict = (m: string) => codedError("CONFLICT", m);
const notFound = (m: string) => codedError("NOT_FOUND", m);

function need(v: string | null | undefined, argument: string, min = 4, max = 1000): string {
  const t = (v ?? "").trim();
  if (Array.from(t).length < min || t.length > max) throw badInput(`${argument} 须为 ${min} 到 ${max} 个字符`, { argument });
  return t;
}

async function notifyCoordinator(db: Db, kind: string, message: string) {
  const coords = await db.select({ id: departments.id }).from(departments).where(eq(departments.kind, "COORDINATOR"));
  for (const c of coords) await db.insert(notifications).values({ departmentId: c.id, kind, message });
}

/**
 * R14: raise an objection on an item of a row the department may read. The row is named by the
 * key the raiser was served (its department's token when keys are masked); the same access
 * decision as for reading says whether it may.
 */
export async function raiseObjection(
  db: Db,
  viewer: Viewer,
  input: { resourceCode: string; purpose: Purpose; recordKey: string; item: string; description: string },
  maskingSecret: string,
  now: Date,
) {
  if (!viewer.department || isPublicViewer(viewer)) throw forbidden("由读取数据的政务部门提出异议 (a department raises objections)");
  const description = need(input.description, "description");
  const access = await prepareAccess(db, viewer, input.resourceCode, input.purpose, now);
  if (!access.decision.allowed) throw codedError(access.decision.code, access.decision.reason);
  const item = access.decision.items.find((i) => i.code === input.item);
  if (!item || item.treatment === "WITHHELD") throw badInput(`不能对未向您提供的信息项 ${input.item.slice(0, 64)} 提出异议`, { argument: "item" });
  const resource = access.resource!;
  const key = scopeKey({ secret: maskingSecret, scope: viewer.department.code });
  const token = tokenSql(sql`${records.key}`, key);
  const own = access.decision.basis === "OWN_DEPARTMENT";
  const [row] = await db
    .select({ key: records.key })
    .from(records)
    .where(and(eq(records.resourceId, resource.id), own ? eq(records.key, input.recordKey) : sql`${token} = ${input.recordKey}`))
    .limit(1);
  if (!row) throw notFound("未找到该记录 (no such record)");
  const [o] = await db
    .insert(objections)
    .values({
      raiserDepartmentId: viewer.department.id,
      raiserAccountId: viewer.accountId!,
      resourceId: resource.id,
      recordRef: input.recordKey,
      recordKey: row.key,
      itemCode: item.code,
      description,
      createdAt: now,
    })
    .returning();
  await db.insert(notifications).values({
    departmentId: resource.departmentId,
    kind: "OBJECTION_RAISED",
    message: `${viewer.department.name}对“${resource.name}”的信息项“${item.name}”提出异议：${description}`,
  });
  await notifyCoordinator(db, "OBJECTION_RAISED", `${viewer.department.name}对“${resource.name}”提出数据异议 #${o.id}`);
  return { ...o, resourceCode: resource.code, recordKey: input.recordKey };
}

/** The provider corrects the value (keeping the row's history) or confirms it with a note. */
export async function resolveObjection(
  db: Db,
  viewer: Viewer,
  input: { id: number; correct: boolean; value?: unknown; note: string },
  now: Date,
) {
  const [o] = await db
    .select({ o: objections, providerId: resources.departmentId, code: resources.code, name: resources.name })
    .from(objections)
    .innerJoin(resources, eq(resources.id, objections.resourceId))
    .where(eq(objections.id, input.id));
  if (!o) throw notFound(`未找到异议 #${input.id}`);
  if (!viewer.department || viewer.department.id !== o.providerId || !hasRole(viewer, "PROVIDER")) {
    throw forbidden("只有提供部门可以核实处理异议 (the provider resolves)");
  }
  const note = need(input.note, "note", 2);
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [claimed] = await t
      .update(objections)
      .set({ state: input.correct ? "CORRECTED" : "CONFIRMED", resolutionNote: note, resolvedAt: now, resolvedByAccountId: viewer.accountId })
      .where(and(eq(objections.id, input.id), eq(objections.state, "OPEN")))
      .returning();
    if (!claimed) throw conflict(`异议 #${input.id} 已处理 (already resolved)`);
    if (input.correct) {
      if (input.value === undefined) throw badInput("更正须给出新值 (value required)", { argument: "value" });
      const [rec] = await t
        .select({ data: records.data })
        .from(records)
        .where(and(eq(records.resourceId, o.o.resourceId), eq(records.key, o.o.recordKey)));
      if (!rec) throw notFound("记录已不存在");
      await t.insert(recordHistory).values({
        resourceId: o.o.resourceId, key: o.o.recordKey, dataBefore: rec.data, changedAt: now,
        changedByAccountId: viewer.accountId, reason: `异议 #${input.id}：${note}`,
      });
      const data = { ...(rec.data as Record<string, unknown>), [o.o.itemCode]: input.value };
      await t.update(records).set({ data, updatedAt: now }).where(and(eq(records.resourceId, o.o.resourceId), eq(records.key, o.o.recordKey)));
    }
    const msg = `数据异议 #${input.id}（“${o.name}”）已${input.correct ? "更正" : "核实无误"}：${note}`;
    await t.insert(notifications).values({ departmentId: o.o.raiserDepartmentId, kind: input.correct ? "OBJECTION_CORRECTED" : "OBJECTION_CONFIRMED", message: msg });
    await notifyCoordinator(t, "OBJECTION_RESOLVED", msg);
    return { ...claimed, resourceCode: o.code, recordKey: o.o.recordRef };
  });
}

export async function listObjections(db: Db, viewer: Viewer) {
  const dept = viewer.department!.id;
  const rows = await db
    .select({ o: objections, code: resources.code, providerId: resources.departmentId })
    .from(objections)
    .innerJoin(resources, eq(resources.id, objections.resourceId))
    .where(hasRole(viewer, "COORDINATOR", "AUDITOR") ? undefined : sql`(${objections.raiserDepartmentId} = ${dept} or ${resources.departmentId} = ${dept})`)
    .orderBy(desc(objections.id))
    .limit(500);
  // The raiser sees the key as it was served to it; the provider the stored key.
  return rows.map((r) => ({ ...r.o, resourceCode: r.code, recordKey: r.providerId === dept ? r.o.recordKey : r.o.recordRef }));
}

/** R41: a department posts a data need. */
export async function postDataNeed(db: Db, viewer: Viewer, input: { title: string; reason: string; items: string[] }, now: Date) {
  if (!viewer.department || !hasRole(viewer, "CONSUMER", "PROVIDER")) throw forbidden("由政务部门提出数据需求");
  const [row] = await db
    .insert(dataNeeds)
    .values({
      departmentId: viewer.department.id, accountId: viewer.accountId, title: need(input.title, "title", 2, 200),
      reason: need(input.reason, "reason"), items: input.items.map((i) => i.trim()).filter(Boolean).slice(0, 100), createdAt: now,
    })
    .returning();
  await notifyCoordinator(db, "DATA_NEED", `${viewer.department.name}提出数据需求：${row.title}`);
  return row;
}

/** A provider answers a need with a resource that meets it, or a note. */
export async function answerDataNeed(db: Db, viewer: Viewer, input: { id: number; resourceCode?: string | null; note: string }, now: Date) {
  if (!viewer.department || !hasRole(viewer, "PROVIDER")) throw forbidden("由提供部门答复数据需求");
  const [n] = await db.select().from(dataNeeds).where(eq(dataNeeds.id, input.id));
  if (!n) throw notFound(`未找到数据需求 #${input.id}`);
  if (n.state !== "OPEN") throw conflict("该需求已关闭");
  let resourceId: number | null = null;
  if (input.resourceCode) {
    const [r] = await db.select().from(resources).where(and(eq(resources.code, input.resourceCode), eq(resources.status, "PUBLISHED")));
    if (!r) throw notFound("未找到资源");
    if (r.departmentId !== viewer.department.id) throw forbidden("只能以本部门的资源答复");
    resourceId = r.id;
  }
  const note = need(input.note, "note", 2);
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await t.insert(needAnswers).values({ needId: n.id, departmentId: viewer.department!.id, resourceId, note, createdAt: now });
    if (resourceId) await t.update(dataNeeds).set({ state: "ANSWERED" }).where(eq(dataNeeds.id, n.id));
    await t.insert(notifications).values({ departmentId: n.departmentId, kind: "DATA_NEED_ANSWERED", message: `${viewer.department!.name}答复了数据需求“${n.title}”：${note}` });
    const [row] = await t.select().from(dataNeeds).where(eq(dataNeeds.id, n.id));
    return row;
  });
}

/** The list, or one need by id (as the mutations return it: with its department and answers). */
export async function listDataNeeds(db: Db, openOnly: boolean, id?: number) {
  const needs = await db
    .select({ n: dataNeeds, department: departments.name })
    .from(dataNeeds)
    .innerJoin(departments, eq(departments.id, dataNeeds.departmentId))
    .where(and(openOnly ? eq(dataNeeds.state, "OPEN") : undefined, id !== undefined ? eq(dataNeeds.id, id) : undefined))
    .orderBy(desc(dataNeeds.id))
    .limit(500);
  const ids = needs.map((n) => n.n.id);
  const answers = ids.length
    ? await db
        .select({ a: needAnswers, department: departments.name, resourceCode: resources.code })
        .from(needAnswers)
        .innerJoin(departments, eq(departments.id, needAnswers.departmentId))
        .leftJoin(resources, eq(resources.id, needAnswers.resourceId))
        .where(inArray(needAnswers.needId, ids))
    : [];
  return needs.map((n) => ({
    ...n.n,
    departmentName: n.department,
    answers: answers.filter((a) => a.a.needId === n.n.id).map((a) => ({ ...a.a, departmentName: a.department, resourceCode: a.resourceCode })),
  }));
}

/**
 * R22: register demand for opening a resource. The answer is the same whether the code exists,
 * is open already, or is hidden from the viewer: registering demand tells nothing.
 */
export async function requestOpening(db: Db, viewer: Viewer, resourceCode: string, reason: string, now: Date): Promise<boolean> {
  const why = need(reason, "reason");
  const [r] = await db
    .select({ id: resources.id, openType: resources.openType, departmentId: resources.departmentId, name: resources.name })
    .from(resources)
    .where(and(eq(resources.code, resourceCode), eq(resources.status, "PUBLISHED")));
  if (r && r.openType === "NOT_OPEN") {
    await db.insert(openingDemands).values({ resourceId: r.id, accountId: viewer.accountId, reason: why, createdAt: now });
    await db
      .insert(notifications)
      .values({ departmentId: r.departmentId, kind: "OPENING_DEMAND", message: `有人申请开放“${r.name}”：${why}` });
  }
  return true;
}

/** The provider explains why a resource stays closed (or opens it through the catalog review). */
export async function answerOpeningDemand(db: Db, viewer: Viewer, resourceCode: string, answer: string, now: Date) {
  const [r] = await db.select().from(resources).where(eq(resources.code, resourceCode));
  if (!r) throw notFound("未找到资源");
  if (!viewer.department || viewer.department.id !== r.departmentId || !hasRole(viewer, "PROVIDER")) throw forbidden("由提供部门答复");
  const text = need(answer, "answer");
  await db
    .insert(openingAnswers)
    .values({ resourceId: r.id, answer: text, answeredAt: now, answeredByAccountId: viewer.accountId })
    .onConflictDoUpdate({ target: openingAnswers.resourceId, set: { answer: text, answeredAt: now, answeredByAccountId: viewer.accountId } });
  return openingDemandFor(db, r.id);
}

export async function openingDemandFor(db: Db, resourceId?: number) {
  const rows = await db
    .select({
      resourceId: resources.id,
      resourceCode: resources.code,
      resourceName: resources.name,
      openType: resources.openType,
      demand: sql<number>`count(${openingDemands.id})::int`,
      answer: openingAnswers.answer,
      answeredAt: openingAnswers.answeredAt,
    })
    .from(openingDemands)
    .innerJoin(resources, eq(resources.id, openingDemands.resourceId))
    .leftJoin(openingAnswers, eq(openingAnswers.resourceId, resources.id))
    .where(resourceId === undefined ? undefined : eq(resources.id, resourceId))
    .groupBy(resources.id, resources.code, resources.name, resources.openType, openingAnswers.answer, openingAnswers.answeredAt)
    .orderBy(desc(sql`count(${openingDemands.id})`), resources.code);
  return rows.map((r) => ({ ...r, demand: Number(r.demand) }));
}

