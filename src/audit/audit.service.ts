// The audit trail (R13, R30, R32). Every read (records, verify), allowed or denied, is written
// here before the answer leaves (invariant 5); if the write fails, the read fails. Events are
// chained: each carries the hash of the previous event and its own hash over its content, so an
// event changed or removed by hand breaks the chain, and verifyAuditChain finds the first break.
// An event is written with the digest of its content and sealed into the chain just after, by
// audit_seal (drizzle/0015_audit_seal.sql, src/audit/audit.sealer.ts), which writes its link and
// hash to audit_chain: appends do not wait for each other, and no event is ever updated.
import { createHash } from "node:crypto";
import { and, asc, desc, eq, getTableColumns, gt, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { statement } from "../db/statement.js";
import { auditChain, auditEvents } from "../db/schema.js";

export const GENESIS_HASH = "0".repeat(64);
/** Called after each event is written, with the handle it was written through (metrics, sealer). */
export const auditWriteListeners = new Set<(db: Db) => void>();
// The chain's order is the id order on every replica: audit_seal (drizzle/0015) seals only ids
// below which no append is still under way, one sealer at a time.

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
type Content = Omit<AuditEventRow, "id" | "hash" | "digest">;

function canonicalParts(e: Omit<Content, "rowCount">): { before: string; after: string } {
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

function canonical(e: Content): string {
  const { before, after } = canonicalParts(e);
  return before + JSON.stringify(e.rowCount) + after;
}

/** The first form of the chain: one hash over the content and the link (events written before 0011). */
export function eventHash(e: Content): string {
  return createHash("sha256").update(canonical(e)).digest("hex");
}

/** SHA-256 of an event's content without its link: what the gateway sends with each append. */
export function contentDigest(e: Omit<Content, "prevHash">): string {
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
  if (typeof v === "string") return v.replace(UNSTORABLE, "\ufffd") as T;
  if (Array.isArray(v)) return v.map(storable) as T;
  if (v && typeof v === "object" && !(v instanceof Date)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [storable(k), storable(x)])) as T;
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
 * statement it is part of, such as the rows the statement read): the count goes into the stored
 * event and into its digest, computed the way contentDigest computes it. The event is written
 * unsealed and takes no lock (drizzle/0015_audit_seal.sql); the sealer links it into the chain.
 */
export function auditAppendSql(e: PreparedAuditEvent, count: SQL): SQL {
  return sql`audit_append(
    jsonb_set(${e.event}::jsonb, '{row_count}', to_jsonb(${count})),
    encode(sha256(convert_to(${e.before}::text || (${count})::text || ${e.after}::text, 'UTF8')), 'hex'))`;
}

/** Tells the listeners (metrics, sealer) that an event was written through `db`. */
export function auditWritten(db: Db): void {
  for (const l of auditWriteListeners) l(db);
}

/** Appends one event to the chain. Throws when it cannot be written: the caller's read fails. */
export async function appendAuditEvent(db: Db, input: AuditInput, now: Date = new Date()): Promise<number> {
  const e = prepareAuditEvent(input, now);
  const digest = createHash("sha256").update(e.before + String(e.rowCount) + e.after).digest("hex");
  // One statement, no lock: the event with its digest, sealed into the chain later (drizzle/0015).
  const [row] = await appendStatement.run(db, { event: e.event, digest });
  const id = Number(row.id);
  auditWritten(db);
  return id;
}

export interface ChainCheck {
  ok: boolean;
  /** Events of the chain checked (sealed ones). */
  checked: number;
  /** Events written but not sealed yet when the check ran (their content was checked too). */
  unsealed: number;
  firstBrokenId: number | null;
  reason: string | null;
}

const sealStatement = statement<"limit", { n: number | string }>(["limit"], (p) => sql`select audit_seal(${p.limit}::int) as n`);

/** Seals at most `limit` unsealed events into the chain, oldest first; returns how many. */
export async function sealAuditBatch(db: Db, limit: number): Promise<number> {
  const [row] = await sealStatement.run(db, { limit });
  return Number(row.n);
}

/** Seals every event unsealed so far, `batch` at a time; returns how many. */
export async function sealAuditChain(db: Db, batch = 1000): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await sealAuditBatch(db, batch);
    total += n;
    if (n < batch) return total;
  }
}

/**
 * Events with their link and hash: from their own row (events before 0015) or from their seal in
 * audit_chain; both null while an event is not sealed yet.
 */
function withSeals(db: Db) {
  return db
    .select({
      ...getTableColumns(auditEvents),
      prevHash: sql<string | null>`coalesce(${auditEvents.prevHash}, ${auditChain.prevHash})`,
      hash: sql<string | null>`coalesce(${auditEvents.hash}, ${auditChain.hash})`,
    })
    .from(auditEvents)
    .leftJoin(auditChain, eq(auditChain.id, auditEvents.id))
    .$dynamic();
}

const BROKEN_LINK = "链接断裂：prev_hash 与上一事件的哈希不符 (link to the previous event broken)";
const TAMPERED = "内容被篡改：哈希与内容不符 (content does not match its hash)";
const LEFT_OUT = "事件未封链：其后的事件已封链 (an event was left out of the chain: later events are sealed)";

/**
 * Seals what is unsealed, then walks the chain in id order and reports the first event whose hash
 * does not match its content, whose link does not match the previous event's hash, or that was
 * left unsealed below sealed events. Events written after the seal (the unsealed tail) are checked
 * against their digest and counted.
 */
export async function verifyAuditChain(db: Db, batch = 5000): Promise<ChainCheck> {
  await sealAuditChain(db);
  let prev: string | null = null;
  let checked = 0;
  let unsealed = 0;
  let firstUnsealed: number | null = null;
  const broken = (id: number, reason: string): ChainCheck => ({ ok: false, checked, unsealed, firstBrokenId: id, reason });
  for (let lastId = 0; ; ) {
    const rows = await withSeals(db).where(gt(auditEvents.id, lastId)).orderBy(asc(auditEvents.id)).limit(batch);
    for (const r of rows) {
      const { id, hash, digest, ...content } = r;
      const { prevHash, ...rest } = content;
      lastId = id;
      if (hash === null) {
        // Written, not sealed yet: its content must still match the digest written with it.
        if (digest !== contentDigest(rest)) return broken(id, TAMPERED);
        unsealed++;
        firstUnsealed ??= id;
        continue;
      }
      if (firstUnsealed !== null) return broken(firstUnsealed, LEFT_OUT);
      // The first event kept links to the genesis hash (or to events older than retention).
      if (prev !== null && prevHash !== prev) return broken(id, BROKEN_LINK);
      if (digest !== null) {
        // Since 0015: the digest written with the event, the link and hash by the seal.
        if (digest !== contentDigest(rest) || chainHash(prevHash ?? "", digest) !== hash) return broken(id, TAMPERED);
      } else if (chainHash(prevHash ?? "", contentDigest(rest)) !== hash && eventHash(content) !== hash) {
        // Events from 0011 hash the link with the content's digest; older ones hash both at once.
        return broken(id, TAMPERED);
      }
      prev = hash;
      checked++;
    }
    if (rows.length < batch) break;
  }
  return { ok: true, checked, unsealed, firstBrokenId: null, reason: null };
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
  const rows = await withSeals(db)
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
