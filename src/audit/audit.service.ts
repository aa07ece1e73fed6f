// The audit trail (R13, R30, R32). Every read (records, verify), allowed or denied, is written
// here before the answer leaves (invariant 5); if the write fails, the read fails. Events are
// chained: each carries the hash of the previous event and its own hash over its content, so an
// event changed or removed by hand breaks the chain, and verifyAuditChain finds the first break.
import { createHash } from "node:crypto";
import { and, asc, desc, eq, gt, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { auditEvents } from "../db/schema.js";

export const GENESIS_HASH = "0".repeat(64);
/** Called after each event is written (metrics). */
export const auditWriteListeners = new Set<() => void>();
/** Advisory-lock key that serialises appends, so the chain has one order on every replica. */
const AUDIT_LOCK = 727_002;

export type AuditOutcome = "ALLOWED" | "DENIED";

export interface AuditInput {
  accountId: number | null;
  login: string | null;
  departmentCode: string | null;
  roles: string[];
  operation: string;
  resourceCode: string | null;
  purpose: string | null;
  purposeDetail: string | null;
  itemsClear: string[];
  itemsMasked: string[];
  itemsWithheld: string[];
  /** Names and operators of the filters and sort used; never values of masked items. */
  filters: unknown;
  rowCount: number;
  grantIds: number[];
  outcome: AuditOutcome;
  reason: string | null;
  requestId: string | null;
  clientAddress: string | null;
}

export type AuditEventRow = typeof auditEvents.$inferSelect;

/** JSON with object keys sorted at every level (jsonb does not keep key order). */
function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/** Canonical content of an event: fixed field order, ISO time; the hash covers exactly this. */
function canonical(e: Omit<AuditEventRow, "id" | "hash">): string {
  return JSON.stringify([
    e.at.toISOString(),
    e.accountId,
    e.login,
    e.departmentCode,
    e.roles,
    e.operation,
    e.resourceCode,
    e.purpose,
    e.purposeDetail,
    e.itemsClear,
    e.itemsMasked,
    e.itemsWithheld,
    sorted(e.filters),
    e.rowCount,
    e.grantIds,
    e.outcome,
    e.reason,
    e.requestId,
    e.clientAddress,
    e.prevHash,
  ]);
}

export function eventHash(e: Omit<AuditEventRow, "id" | "hash">): string {
  return createHash("sha256").update(canonical(e)).digest("hex");
}

const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text as the database keeps it: a lone UTF-16 surrogate leaves the driver as U+FFFD, and text
 * cannot hold U+0000, so both become U+FFFD before hashing. Otherwise an event whose reason
 * quotes such a character (a parser's message about a broken emoji) would fail its own hash.
 */
function storable<T>(v: T): T {
  if (typeof v === "string") return v.replace(UNSTORABLE, "\ufffd") as T;
  if (Array.isArray(v)) return v.map(storable) as T;
  if (v && typeof v === "object" && !(v instanceof Date)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [storable(k), storable(x)])) as T;
  }
  return v;
}

/** Appends one event to the chain. Throws when it cannot be written: the caller's read fails. */
export async function appendAuditEvent(db: Db, input: AuditInput, now: Date = new Date()): Promise<number> {
  input = storable(input);
  const id = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
    const [last] = await tx
      .select({ hash: auditEvents.hash })
      .from(auditEvents)
      .orderBy(desc(auditEvents.id))
      .limit(1);
    const base = { ...input, filters: input.filters ?? [], at: now, prevHash: last?.hash ?? GENESIS_HASH };
    // Round-trip the filters through JSON so the hash sees what jsonb stores and returns.
    base.filters = JSON.parse(JSON.stringify(base.filters));
    const hash = eventHash(base);
    const [row] = await tx
      .insert(auditEvents)
      .values({ ...base, hash })
      .returning({ id: auditEvents.id });
    return row.id;
  });
  for (const l of auditWriteListeners) l();
  return id;
}

export interface ChainCheck {
  ok: boolean;
  checked: number;
  firstBrokenId: number | null;
  reason: string | null;
}

/**
 * Walks the chain in order and reports the first event whose hash does not match its content or
 * whose link does not match the previous event's hash.
 */
export async function verifyAuditChain(db: Db, batch = 5000): Promise<ChainCheck> {
  let prev: string | null = null;
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.id, lastId))
      .orderBy(asc(auditEvents.id))
      .limit(batch);
    for (const r of rows) {
      const { id, hash, ...content } = r;
      // The first event kept links to the genesis hash (or to events older than retention).
      if (prev !== null && r.prevHash !== prev) {
        return { ok: false, checked, firstBrokenId: id, reason: "链接断裂：prev_hash 与上一事件的哈希不符 (link to the previous event broken)" };
      }
      if (eventHash(content) !== hash) {
        return { ok: false, checked, firstBrokenId: id, reason: "内容被篡改：哈希与内容不符 (content does not match its hash)" };
      }
      prev = hash;
      lastId = id;
      checked++;
    }
    if (rows.length < batch) break;
  }
  return { ok: true, checked, firstBrokenId: null, reason: null };
}

export interface AuditFilter {
  login?: string | null;
  departmentCode?: string | null;
  resourceCode?: string | null;
  purpose?: string | null;
  outcome?: string | null;
  from?: Date | null;
  to?: Date | null;
  /** Limit to events on these resources (a provider's own). */
  resourceCodes?: string[];
}

export function auditWhere(f: AuditFilter): SQL | undefined {
  const conds: SQL[] = [];
  if (f.login) conds.push(eq(auditEvents.login, f.login));
  if (f.departmentCode) conds.push(eq(auditEvents.departmentCode, f.departmentCode));
  if (f.resourceCode) conds.push(eq(auditEvents.resourceCode, f.resourceCode));
  if (f.purpose) conds.push(eq(auditEvents.purpose, f.purpose));
  if (f.outcome) conds.push(eq(auditEvents.outcome, f.outcome));
  if (f.from) conds.push(gte(auditEvents.at, f.from));
  if (f.to) conds.push(lt(auditEvents.at, f.to));
  if (f.resourceCodes) {
    conds.push(f.resourceCodes.length ? inArray(auditEvents.resourceCode, f.resourceCodes) : sql`false`);
  }
  return conds.length ? and(...conds) : undefined;
}

export async function listAuditEvents(db: Db, f: AuditFilter, limit: number, offset: number) {
  const rows = await db
    .select()
    .from(auditEvents)
    .where(auditWhere(f))
    .orderBy(desc(auditEvents.id))
    .limit(limit + 1)
    .offset(offset);
  return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit };
}

export async function countAuditEvents(db: Db, f: AuditFilter): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(auditWhere(f));
  return Number(r?.n ?? 0);
}
