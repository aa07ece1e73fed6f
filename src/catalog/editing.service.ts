// Catalog editing and review (R1–R5, R34): a provider maintains its own department's entries;
// the coordinator publishes submitted drafts or returns them, and approves share / open type
// changes of published entries. Every change makes a version with its differences; published
// changes are filed (备案) with the coordinator by notification.
import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { accounts, dataItems, departments, dutyChanges, notifications, resources, resourceVersions } from "../db/schema.js";
import { hasRole, type Viewer } from "../auth/viewer.js";
import { badInput, codedError } from "../server/errors.js";
import { refreshSearchIndex } from "./search.js";
import { checkBaseShare, isAllowedShareOpenPair, type Category, type OpenType, type ShareType } from "./rules.js";

export const DUTY_CHANGE_DAYS = 15;

export interface ItemInput {
  code: string;
  name: string;
  dataType: string;
  length?: number | null;
  sensitivity: string;
  maskingStrategy: string;
  description?: string | null;
  element?: string | null;
  isSource?: boolean | null;
}

export interface EntryInput {
  code?: string | null;
  name?: string | null;
  summary?: string | null;
  category?: string | null;
  theme?: string | null;
  format?: string | null;
  updateCycle?: string | null;
  shareType?: string | null;
  shareCondition?: string | null;
  shareMethods?: string[] | null;
  legalBasis?: string | null;
  openType?: string | null;
  openCondition?: string | null;
  sourceSystem?: string | null;
  useRequirements?: string | null;
  relatedCodes?: string[] | null;
  items?: ItemInput[] | null;
}

const ENTRY_FIELDS = [
  "name", "summary", "category", "theme", "format", "updateCycle", "shareType", "shareCondition", "shareMethods",
  "legalBasis", "openType", "openCondition", "sourceSystem", "useRequirements", "relatedCodes",
] as const;
type EntryField = (typeof ENTRY_FIELDS)[number];
const TYPE_FIELDS: EntryField[] = ["shareType", "openType", "shareCondition", "openCondition", "legalBasis"];

type ResourceRow = typeof resources.$inferSelect;
type Snapshot = Record<EntryField, unknown> & { items: ItemInput[] };

const forbidden = (m: string) => codedError("FORBIDDEN", m);
const conflict = (m: string, extra: Record<string, unknown> = {}) => codedError("CONFLICT", m, extra);

function requireProvider(viewer: Viewer, departmentId: number) {
  if (!viewer.department || viewer.department.id !== departmentId || !hasRole(viewer, "PROVIDER")) {
    throw forbidden("只能编辑本部门的目录 (a PROVIDER edits its own department's catalog only, R1)");
  }
}

async function entryByCode(db: Db, code: string): Promise<ResourceRow> {
  const [r] = await db.select().from(resources).where(eq(resources.code, code));
  if (!r) throw codedError("NOT_FOUND", `未找到资源 ${code.slice(0, 64)}`);
  return r;
}

async function itemsOf(db: Db, resourceId: number): Promise<ItemInput[]> {
  const rows = await db.select().from(dataItems).where(eq(dataItems.resourceId, resourceId)).orderBy(asc(dataItems.position));
  return rows.map((i) => ({
    code: i.code, name: i.name, dataType: i.dataType, length: i.length, sensitivity: i.sensitivity,
    maskingStrategy: i.maskingStrategy, description: i.description, element: i.element, isSource: i.isSource,
  }));
}

function snapshotOf(r: Record<string, unknown>, items: ItemInput[]): Snapshot {
  const s = Object.fromEntries(ENTRY_FIELDS.map((f) => [f, r[f] ?? null])) as Snapshot;
  s.items = items;
  return s;
}

export function diffSnapshots(before: Snapshot | null, after: Snapshot): Array<{ field: string; from: unknown; to: unknown }> {
  const out: Array<{ field: string; from: unknown; to: unknown }> = [];
  for (const f of [...ENTRY_FIELDS, "items" as const]) {
    const a = before ? before[f] : null;
    const b = after[f];
    if (JSON.stringify(a ?? null) !== JSON.stringify(b ?? null)) out.push({ field: f, from: a ?? null, to: b ?? null });
  }
  return out;
}

/** The catalog rules an entry must meet, each refusal naming its rule. */
export function validateEntry(e: Snapshot): void {
  const share = e.shareType as ShareType;
  const open = e.openType as OpenType;
  if (!e.name || String(e.name).trim().length < 2) throw badInput("资源名称必填 (name required)", { field: "name" });
  if (!e.summary || String(e.summary).trim().length < 4) throw badInput("资源摘要必填 (summary required)", { field: "summary" });
  const base = checkBaseShare(e.category as Category, share);
  if (base) throw badInput(base, { rule: "R4", field: "shareType" });
  if (share === "NOT_SHARED" && !String(e.legalBasis ?? "").trim()) {
    throw badInput("R3: 不予共享的资源须注明法律、行政法规或政策依据 (a not-shared resource needs its legal basis)", { rule: "R3", field: "legalBasis" });
  }
  if (share === "CONDITIONAL" && !String(e.shareCondition ?? "").trim()) {
    throw badInput("有条件共享的资源须写明共享条件 (state the share condition, R3)", { rule: "R3", field: "shareCondition" });
  }
  if (open === "CONDITIONAL" && !String(e.openCondition ?? "").trim()) {
    throw badInput("有条件开放的资源须写明开放条件 (state the open condition, R7)", { rule: "R7", field: "openCondition" });
  }
  if (!isAllowedShareOpenPair(share, open)) {
    throw badInput(`共享类型 ${share} 与开放类型 ${open} 不能同时成立 (R3, R7)`, { rule: "R7", field: "openType" });
  }
  const codes = new Set<string>();
  for (const i of e.items) {
    if (!/^[a-z][a-z0-9_]{0,63}$/.test(i.code)) throw badInput(`信息项代码 ${i.code.slice(0, 64)} 须为小写字母、数字、下划线`, { field: "items" });
    if (codes.has(i.code)) throw conflict(`信息项代码 ${i.code} 重复 (item codes are unique within a resource)`, { field: "items" });
    codes.add(i.code);
    if (i.sensitivity !== "L1" && i.maskingStrategy === "NONE") {
      throw badInput(`信息项 ${i.code} 为 ${i.sensitivity}，须指定脱敏方式 (R20)`, { rule: "R20", field: "items" });
    }
  }
}

/** R5: one data, one source. Refuses an item claiming an element another resource sources. */
async function checkOneSource(db: Db, resourceId: number | null, items: ItemInput[]): Promise<void> {
  const claimed = items.filter((i) => i.isSource && i.element).map((i) => i.element!);
  if (!claimed.length) return;
  const holders = await db
    .select({ element: dataItems.element, resource: resources.name, department: departments.name })
    .from(dataItems)
    .innerJoin(resources, eq(resources.id, dataItems.resourceId))
    .innerJoin(departments, eq(departments.id, resources.departmentId))
    .where(
      and(
        inArray(dataItems.element, claimed),
        eq(dataItems.isSource, true),
        ne(resources.status, "RETIRED"),
        resourceId === null ? undefined : ne(resources.id, resourceId),
      ),
    )
    .limit(1);
  if (holders[0]) {
    const h = holders[0];
    throw conflict(`R5 一数一源：数据元 ${h.element} 的权威来源已是 ${h.department}“${h.resource}” (one data, one source)`, {
      rule: "R5",
      holder: h.resource,
    });
  }
}

async function writeItems(t: Db, resourceId: number, items: ItemInput[]) {
  await t.delete(dataItems).where(eq(dataItems.resourceId, resourceId));
  if (items.length) {
    await t.insert(dataItems).values(
      items.map((i, n) => ({
        resourceId, position: n + 1, code: i.code, name: i.name, dataType: i.dataType as never, length: i.length ?? null,
        sensitivity: i.sensitivity as never, maskingStrategy: i.maskingStrategy as never, description: i.description ?? null,
        element: i.element ?? null, isSource: i.isSource ?? false,
      })),
    );
  }
}

async function addVersion(t: Db, resourceId: number, kind: string, viewer: Viewer, before: Snapshot | null, after: Snapshot, note: string | null, now: Date) {
  const [{ v }] = await t
    .select({ v: sql<number>`coalesce(max(${resourceVersions.version}), 0)::int` })
    .from(resourceVersions)
    .where(eq(resourceVersions.resourceId, resourceId));
  await t.insert(resourceVersions).values({
    resourceId, version: Number(v) + 1, kind, changedByAccountId: viewer.accountId, changedAt: now,
    diff: diffSnapshots(before, after), snapshot: after, note,
  });
}

async function notifyCoordinator(t: Db, kind: string, message: string) {
  const coords = await t.select({ id: departments.id }).from(departments).where(eq(departments.kind, "COORDINATOR"));
  for (const c of coords) await t.insert(notifications).values({ departmentId: c.id, kind, message });
}

function pickEntry(input: EntryInput, base: Partial<Snapshot>): Snapshot {
  const s = { ...base } as Snapshot;
  for (const f of ENTRY_FIELDS) if (input[f] !== undefined) (s as Record<string, unknown>)[f] = input[f];
  s.items = input.items ?? base.items ?? [];
  return s;
}

export async function createDraft(db: Db, viewer: Viewer, input: EntryInput, now: Date): Promise<ResourceRow> {
  if (!viewer.department || !hasRole(viewer, "PROVIDER")) throw forbidden("只有提供部门账号可以编制目录 (PROVIDER only, R1)");
  const entry = pickEntry(input, { shareMethods: [], relatedCodes: [] });
  for (const f of ["category", "format", "updateCycle", "shareType", "openType"] as const) {
    if (!entry[f]) throw badInput(`${f} 必填`, { field: f });
  }
  validateEntry(entry);
  await checkOneSource(db, null, entry.items);
  const [dept] = await db.select().from(departments).where(eq(departments.id, viewer.department.id));
  let code = input.code?.trim();
  if (code) {
    if (!/^[JZB]\d{2}-\d{3}-\d{4}$/.test(code)) throw badInput("资源代码格式为 <J|Z|B><2位分类>-<3位部门>-<4位顺序>，如 Z03-005-0012", { field: "code" });
  } else {
    const letter = { BASE: "J", THEME: "Z", DEPARTMENT: "B" }[entry.category as Category];
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(resources).where(eq(resources.departmentId, dept.id));
    code = `${letter}00-${String(dept.seq).padStart(3, "0")}-${String(Number(n) + 1 + 9000).slice(-4)}`;
  }
  const taken = await db.select({ id: resources.id }).from(resources).where(eq(resources.code, code));
  if (taken.length) throw conflict(`资源代码 ${code} 已存在 (codes are unique)`, { field: "code" });
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [row] = await t
      .insert(resources)
      .values({
        code: code!, name: String(entry.name), summary: String(entry.summary), category: entry.category as never,
        theme: (entry.theme as string) ?? null, format: entry.format as never, updateCycle: entry.updateCycle as never,
        shareType: entry.shareType as never, shareCondition: (entry.shareCondition as string) ?? null,
        shareMethods: (entry.shareMethods as string[]) ?? [], legalBasis: (entry.legalBasis as string) ?? null,
        openType: entry.openType as never, openCondition: (entry.openCondition as string) ?? null,
        sourceSystem: (entry.sourceSystem as string) ?? null, useRequirements: (entry.useRequirements as string) ?? null,
        relatedCodes: (entry.relatedCodes as string[]) ?? [], departmentId: dept.id, status: "DRAFT", updatedAt: now,
      })
      .returning();
    await writeItems(t, row.id, entry.items);
    await addVersion(t, row.id, "CREATED", viewer, null, entry, null, now);
    await refreshSearchIndex(t, [row.id]);
    return row;
  });
}

/**
 * Updates an entry. Drafts change directly. A published entry changes at once except its share
 * or open type (R34): that waits for the coordinator (pendingChange). Every change is a version.
 */
export async function updateEntry(db: Db, viewer: Viewer, code: string, input: EntryInput, now: Date): Promise<ResourceRow> {
  const r = await entryByCode(db, code);
  requireProvider(viewer, r.departmentId);
  if (r.status === "RETIRED") throw conflict("已停用的资源不能修改 (retired)");
  if (r.status === "SUBMITTED") throw conflict("已提交审核的资源不能修改，待主管部门审核或退回后再改 (under review)");
  const items = await itemsOf(db, r.id);
  const before = snapshotOf(r, items);
  const wanted = pickEntry(input, before);
  validateEntry(wanted);
  await checkOneSource(db, r.id, wanted.items);
  const typeChange = r.status === "PUBLISHED" && (wanted.shareType !== r.shareType || wanted.openType !== r.openType);
  const applied = { ...wanted } as Snapshot;
  let pending: Record<string, unknown> | null = null;
  if (typeChange) {
    pending = Object.fromEntries(TYPE_FIELDS.map((f) => [f, wanted[f]]));
    for (const f of TYPE_FIELDS) (applied as Record<string, unknown>)[f] = before[f];
  }
  const diff = diffSnapshots(before, applied);
  if (!diff.length && !pending) return r;
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const set: Record<string, unknown> = { updatedAt: now };
    for (const f of ENTRY_FIELDS) set[f] = applied[f] ?? (f === "shareMethods" || f === "relatedCodes" ? [] : null);
    if (pending) set.pendingChange = { ...pending, requestedBy: viewer.login, requestedAt: now.toISOString() };
    const [row] = await t.update(resources).set(set).where(eq(resources.id, r.id)).returning();
    if (JSON.stringify(before.items) !== JSON.stringify(applied.items)) await writeItems(t, r.id, applied.items);
    if (diff.length) await addVersion(t, r.id, "UPDATED", viewer, before, applied, null, now);
    if (pending) {
      await addVersion(t, r.id, "TYPE_CHANGE_REQUESTED", viewer, applied, { ...applied, ...pending } as Snapshot, null, now);
      await notifyCoordinator(t, "TYPE_CHANGE_REQUESTED", `“${r.name}”申请变更共享/开放类型，待审核 (R34)`);
    }
    if (r.status === "PUBLISHED" && diff.length) {
      await notifyCoordinator(t, "CATALOG_FILED", `${viewer.department!.name}更新了已发布目录“${r.name}”，已自动备案 (R2)`);
    }
    await refreshSearchIndex(t, [r.id]);
    return row;
  });
}

async function transition(
  db: Db, viewer: Viewer, code: string, from: string[], to: string, kind: string, note: string | null, now: Date,
  extra: Record<string, unknown> = {},
): Promise<ResourceRow> {
  const r = await entryByCode(db, code);
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [row] = await t
      .update(resources)
      .set({ status: to as never, updatedAt: now, ...extra })
      .where(and(eq(resources.id, r.id), inArray(resources.status, from as never[])))
      .returning();
    if (!row) throw conflict(`资源当前状态为 ${r.status}，不能执行此操作 (state is ${r.status})`);
    const snap = snapshotOf(row, await itemsOf(t, r.id));
    await addVersion(t, r.id, kind, viewer, snap, snap, note, now);
    return row;
  });
}

export async function submitForReview(db: Db, viewer: Viewer, code: string, now: Date) {
  const r = await entryByCode(db, code);
  requireProvider(viewer, r.departmentId);
  const row = await transition(db, viewer, code, ["DRAFT"], "SUBMITTED", "SUBMITTED", null, now);
  await notifyCoordinator(db, "CATALOG_SUBMITTED", `“${r.name}”已提交审核`);
  return row;
}

export async function reviewEntry(db: Db, viewer: Viewer, code: string, decision: "PUBLISH" | "RETURN", reason: string | null, now: Date) {
  if (!hasRole(viewer, "COORDINATOR")) throw forbidden("只有主管部门可以审核目录 (COORDINATOR only, R1)");
  const r = await entryByCode(db, code);
  const note = (reason ?? "").trim();
  if (decision === "RETURN" && note.length < 2) throw badInput("退回须说明理由 (give the reason)", { argument: "reason" });
  const row =
    decision === "PUBLISH"
      ? await transition(db, viewer, code, ["SUBMITTED"], "PUBLISHED", "PUBLISHED", note || null, now, { publishedAt: r.publishedAt ?? now, reviewNote: null })
      : await transition(db, viewer, code, ["SUBMITTED"], "DRAFT", "RETURNED", note, now, { reviewNote: note });
  await db.insert(notifications).values({
    departmentId: r.departmentId,
    kind: decision === "PUBLISH" ? "CATALOG_PUBLISHED" : "CATALOG_RETURNED",
    message: decision === "PUBLISH" ? `“${r.name}”已发布` : `“${r.name}”被退回：${note}`,
  });
  return row;
}

export async function retireEntry(db: Db, viewer: Viewer, code: string, reason: string, now: Date) {
  const r = await entryByCode(db, code);
  requireProvider(viewer, r.departmentId);
  if (reason.trim().length < 2) throw badInput("停用须说明理由", { argument: "reason" });
  return transition(db, viewer, code, ["PUBLISHED", "DRAFT"], "RETIRED", "RETIRED", reason.trim(), now, { reviewNote: reason.trim() });
}

/** R34: the coordinator approves or rejects a pending share / open type change. */
export async function decideTypeChange(db: Db, viewer: Viewer, code: string, decision: "APPROVE" | "REJECT", reason: string | null, now: Date) {
  if (!hasRole(viewer, "COORDINATOR")) throw forbidden("只有主管部门可以审核类型变更 (COORDINATOR only, R34)");
  const r = await entryByCode(db, code);
  const pending = r.pendingChange as Record<string, unknown> | null;
  if (!pending) throw conflict("没有待审核的类型变更 (no pending change)");
  const note = (reason ?? "").trim();
  if (decision === "REJECT" && note.length < 2) throw badInput("驳回须说明理由", { argument: "reason" });
  const items = await itemsOf(db, r.id);
  const before = snapshotOf(r, items);
  const after = { ...before } as Snapshot;
  if (decision === "APPROVE") {
    for (const f of TYPE_FIELDS) (after as Record<string, unknown>)[f] = pending[f] ?? null;
    validateEntry(after);
  }
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const set: Record<string, unknown> = { pendingChange: null, updatedAt: now };
    if (decision === "APPROVE") for (const f of TYPE_FIELDS) set[f] = after[f];
    const [row] = await t.update(resources).set(set).where(eq(resources.id, r.id)).returning();
    await addVersion(t, r.id, decision === "APPROVE" ? "TYPE_CHANGE_APPROVED" : "TYPE_CHANGE_REJECTED", viewer, before, after, note || null, now);
    await t.insert(notifications).values({
      departmentId: r.departmentId,
      kind: decision === "APPROVE" ? "TYPE_CHANGE_APPROVED" : "TYPE_CHANGE_REJECTED",
      message: `“${r.name}”的类型变更${decision === "APPROVE" ? "已批准" : `被驳回：${note}`}`,
    });
    return row;
  });
}

export async function listVersions(db: Db, resourceIds: readonly number[]) {
  if (resourceIds.length === 0) return [];
  return db
    .select({
      version: resourceVersions.version, kind: resourceVersions.kind, changedAt: resourceVersions.changedAt,
      diff: resourceVersions.diff, note: resourceVersions.note, login: accounts.login, name: accounts.name,
      resourceId: resourceVersions.resourceId,
    })
    .from(resourceVersions)
    .leftJoin(accounts, eq(accounts.id, resourceVersions.changedByAccountId))
    .where(inArray(resourceVersions.resourceId, [...resourceIds]))
    .orderBy(desc(resourceVersions.version));
}

/** R2: the coordinator records a change of duties or law; the department has 15 days. */
export async function recordDutyChange(db: Db, viewer: Viewer, departmentCode: string, description: string, now: Date) {
  if (!hasRole(viewer, "COORDINATOR")) throw forbidden("只有主管部门可以登记职责变更 (COORDINATOR only)");
  const [d] = await db.select().from(departments).where(eq(departments.code, departmentCode));
  if (!d) throw codedError("NOT_FOUND", "未找到部门");
  if (description.trim().length < 4) throw badInput("请说明职责或法律的变化", { argument: "description" });
  const dueAt = new Date(now.getTime() + DUTY_CHANGE_DAYS * 86_400_000);
  const [row] = await db
    .insert(dutyChanges)
    .values({ departmentId: d.id, description: description.trim(), recordedAt: now, dueAt, recordedByAccountId: viewer.accountId })
    .returning();
  await db.insert(notifications).values({
    departmentId: d.id,
    kind: "DUTY_CHANGED",
    message: `职责或法律依据变化：${description.trim()}。请于 ${dueAt.toISOString().slice(0, 10)} 前更新本部门目录 (R2)`,
  });
  return { ...row, departmentName: d.name, departmentCode: d.code };
}

/** Duty changes past their 15 days with no catalog change by the department since (R2, R34). */
export async function overdueCatalogUpdates(db: Db, now: Date) {
  const rows = await db
    .select({ c: dutyChanges, departmentName: departments.name, departmentCode: departments.code })
    .from(dutyChanges)
    .innerJoin(departments, eq(departments.id, dutyChanges.departmentId))
    .where(
      and(
        sql`${dutyChanges.dueAt} < ${now}`,
        sql`not exists (select 1 from ${resourceVersions} v join ${resources} r on r.id = v.resource_id
                         where r.department_id = ${dutyChanges.departmentId} and v.changed_at >= ${dutyChanges.recordedAt})`,
      ),
    )
    .orderBy(asc(dutyChanges.dueAt));
  return rows.map((r) => ({ ...r.c, departmentName: r.departmentName, departmentCode: r.departmentCode }));
}
