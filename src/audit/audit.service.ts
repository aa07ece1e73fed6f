// The audit trail (R13, R30, R32). Every read (records, verify), allowed or denied, is written
// here before the answer leaves (invariant 5); if the write fails, the read fails. Events are
// chained: each carries the hash of the previous event and its own hash over its content, so an
// event changed or removed by hand breaks the chain, and verifyAuditChain finds the first break.
import { createHash } from "node:crypto";
import { and, asc, desc, eq, gt, gte, inArray, lt, sql, type Placeholder, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { statement } from "../db/statement.js";
import { auditEvents } from "../db/schema.js";

export const GENESIS_HASH = "0".repeat(64);
/** Called after each event is written (metrics). */
export const auditWriteListeners = new Set<() => void>();
// Appends are serialised by the advisory lock 727002 inside audit_append (drizzle/0011), so the
// chain has one order on every replica.

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

/**
 * Canonical content of an event: fixed field order, ISO time; the hash covers exactly this. Kept
 * as the text before and after the row count, so that a statement that reads rows and appends
 * their event together can put the count it read in between (see auditAppendSql):
 * canonical = before + rowCount + after, and JSON.stringify writes an integer as its decimals,
 * as PostgreSQL's bigint::text does.
 */
function canonicalParts(e: Omit<AuditEventRow, "id" | "hash" | "rowCount">): { before: string; after: string } {
  const before = JSON.stringify([
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
  ]);
  const after = JSON.stringify([e.grantIds, e.outcome, e.reason, e.requestId, e.clientAddress, e.prevHash]);
  return { before: before.slice(0, -1) + ",", after: "," + after.slice(1) };
}

function canonical(e: Omit<AuditEventRow, "id" | "hash">): string {
  const { before, after } = canonicalParts(e);
  return before + JSON.stringify(e.rowCount) + after;
}

/** The first form of the chain: one hash over the content and the link (events written before 0011). */
export function eventHash(e: Omit<AuditEventRow, "id" | "hash">): string {
  return createHash("sha256").update(canonical(e)).digest("hex");
}

/** SHA-256 of an event's content without its link: what the gateway sends with each append. */
export function contentDigest(e: Omit<AuditEventRow, "id" | "hash" | "prevHash">): string {
  return createHash("sha256").update(canonical({ ...e, prevHash: "" })).digest("hex");
}

/** The chain hash since migration 0011, as audit_append computes it: sha256(prev_hash || digest). */
export function chainHash(prevHash: string, digest: string): string {
  return createHash("sha256").update(prevHash + digest).digest("hex");
}

const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text as the database keeps it: a lone UTF-16 surrogate leaves the driver as U+FFFD, and text
 * cannot hold U+0000, so both become U+FFFD before hashing. Otherwise an event whose reason
 * quotes such a character (a parser's message about a broken emoji) would fail its own hash.
 */
function storable<T>(v: T): T {
  return needsStoring(v) ? stored(v) : v;
}

/** Whether any text in v has a character that UNSTORABLE may replace (most events have none). */
function needsStoring(v: unknown): boolean {
  if (typeof v === "string") return SUSPECT.test(v);
  if (Array.isArray(v)) return v.some(needsStoring);
  if (v && typeof v === "object" && !(v instanceof Date)) {
    for (const k of Object.keys(v)) if (SUSPECT.test(k) || needsStoring((v as Record<string, unknown>)[k])) return true;
  }
  return false;
}

const SUSPECT = /[\u0000\ud800-\udfff]/;

function stored<T>(v: T): T {
  if (typeof v === "string") return v.replace(UNSTORABLE, "\ufffd") as T;
  if (Array.isArray(v)) return v.map(stored) as T;
  if (v && typeof v === "object" && !(v instanceof Date)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [stored(k), stored(x)])) as T;
  }
  return v;
}

const appendStatement = statement<"event" | "digest", { id: number | string }>(
  ["event", "digest"],
  (p) => sql`select audit_append(${p.event}::jsonb, ${p.digest}) as id`,
);

/**
 * An event ready to append: its columns as JSON (row_count as given, or set by the statement that
 * appends it), and its canonical content without the chain link around the row count.
 */
export interface PreparedAuditEvent {
  event: string;
  before: string;
  after: string;
  rowCount: number;
}

export function prepareAuditEvent(input: AuditInput, now: Date = new Date()): PreparedAuditEvent {
  if (!Number.isSafeInteger(input.rowCount) || input.rowCount < 0) throw new Error(`an audit event's row count must be a whole number, not ${input.rowCount}`);
  input = storable(input);
  const base = { ...input, at: now, prevHash: "" };
  // Round-trip the filters through JSON so the digest sees what jsonb stores and returns.
  base.filters = JSON.parse(JSON.stringify(input.filters ?? []));
  const { before, after } = canonicalParts(base);
  const event = {
    at: now.toISOString(),
    account_id: base.accountId,
    login: base.login,
    department_code: base.departmentCode,
    roles: base.roles,
    operation: base.operation,
    resource_code: base.resourceCode,
    purpose: base.purpose,
    purpose_detail: base.purposeDetail,
    items_clear: base.itemsClear,
    items_masked: base.itemsMasked,
    items_withheld: base.itemsWithheld,
    filters: base.filters,
    row_count: base.rowCount,
    grant_ids: base.grantIds,
    outcome: base.outcome,
    reason: base.reason,
    request_id: base.requestId,
    client_address: base.clientAddress,
  };
  return { event: JSON.stringify(event), before, after, rowCount: base.rowCount };
}

/**
 * SQL that appends a prepared event whose row count is `count` (an integer expression of the
 * statement it is part of, such as the rows the statement read), given as text or as placeholders
 * of a statement built once (records.service.ts): audit_append_counted (drizzle/0018) puts the
 * count into the stored event and into its digest, computed the way contentDigest computes it,
 * and appends it through audit_append, which takes the chain's lock until the statement's
 * transaction ends (drizzle/0011_audit_append.sql). records_page_audited appends the same way.
 */
export function auditAppendSql(e: { [K in "event" | "before" | "after"]: string | Placeholder<K> }, count: SQL): SQL {
  return sql`audit_append_counted(${e.event}::jsonb, ${e.before}::text, ${e.after}::text, (${count})::bigint)`;
}

/** Tells the listeners (metrics) that an event was written by a statement of another module. */
export function auditWritten(): void {
  for (const l of auditWriteListeners) l();
}

/** Appends one event to the chain. Throws when it cannot be written: the caller's read fails. */
export async function appendAuditEvent(db: Db, input: AuditInput, now: Date = new Date()): Promise<number> {
  const e = prepareAuditEvent(input, now);
  const digest = createHash("sha256").update(e.before + String(e.rowCount) + e.after).digest("hex");
  // One statement: lock, read the last hash, insert (drizzle/0011_audit_append.sql).
  const [row] = await appendStatement.run(db, { event: e.event, digest });
  const id = Number(row.id);
  auditWritten();
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
      // Events since 0011 hash the link with the content's digest; older ones hash both at once.
      const { prevHash, ...rest } = content;
      if (chainHash(prevHash, contentDigest(rest)) !== hash && eventHash(content) !== hash) {
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
