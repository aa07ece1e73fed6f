// Serving rows: projection, filters, sort, masking, verification. Values are masked here, before
// they leave the data layer (invariant 3); a filter or sort on an item the viewer does not get in
// clear is refused before anything is read (invariant 4). Knows SQL and the decision, not GraphQL.
import { and, asc, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { records } from "../db/schema.js";
import type { ItemDecision } from "../policy/access.js";
import type { PreparedAccess } from "../policy/access.context.js";
import { applyMask, keyedHash, scopeKey, type MaskingKeys } from "../masking/strategies.js";
import { hmacPads, type HmacKey } from "../masking/hmac.js";
import { badInput, codedError } from "../server/errors.js";
import { auditAppendSql, auditWritten, type PreparedAuditEvent } from "../audit/audit.service.js";
import { statement, type Statement } from "../db/statement.js";
import { keptOrBuilt } from "../server/kept.js";

export const DEFAULT_RECORDS_PAGE = 100;
export const MAX_RECORDS_PAGE = 1000;
const MAX_IN_VALUES = 1000;
const MAX_VALUE_LENGTH = 1000;

export interface FilterInput {
  item: string;
  op: "EQ" | "IN" | "PREFIX" | "RANGE";
  value?: string | null;
  values?: string[] | null;
  from?: string | null;
  to?: string | null;
}
export interface OrderInput {
  item: string;
  direction: "ASC" | "DESC";
}

/** A refusal that names the item, raised before any row is read. */
export class OracleRefused extends Error {
  constructor(
    readonly item: string,
    readonly usage: "filter" | "sort" | "match",
    message: string,
  ) {
    super(message);
  }
}

type Item = PreparedAccess["items"][number];

function itemOf(items: Item[], code: string, argument: string): Item {
  const it = items.find((i) => i.code === code);
  if (!it) throw badInput(`资源没有信息项 ${code.slice(0, 64)} (unknown item in ${argument})`, { argument, item: code.slice(0, 64) });
  return it;
}

const isNumeric = (i: Item) => i.dataType === "N" || i.dataType === "Y";

/**
 * The values of a compiled query, each bound as a named placeholder (v0, v1, …), and its shape:
 * what the SQL is made of, without the values. Two queries with the same shape have the same SQL
 * text (test/unit/records-shape.test.ts holds this), so a statement is built once per shape and
 * then only bound: building the page's statement, its filters and its audit event on every read
 * cost more than binding them.
 */
class Bound {
  readonly values: Record<string, unknown> = {};
  readonly shape: string[] = [];
  private n = 0;
  /** A placeholder for `value`: the value goes to the database as a parameter, never into the text. */
  value(value: unknown): SQL {
    const name = `v${this.n++}`;
    this.values[name] = value;
    return sql`${sql.placeholder(name)}`;
  }
  /** Records a part of the shape (an operator, a kind of value; never a value). */
  part(tag: string): void {
    this.shape.push(tag);
  }
}

/** The SQL text of an item's value in a row. */
const valueOf = (b: Bound, code: string) => sql`(${records.data} ->> ${b.value(code)})`;
/** The numeric value, or null when the stored value is not a number. */
const numberOf = (b: Bound, code: string) => {
  const c = b.value(code);
  return sql`(case when jsonb_typeof(${records.data} -> ${c}) = 'number' then (${records.data} ->> ${c})::numeric end)`;
};

/**
 * SQL computing the keyed-hash token of a text expression, exactly as keyedHash does in Node
 * (masking/strategies.ts). Used for filters on KEYED_HASH items and to find a row by the token
 * of its key. HMAC-SHA256 is written out with PostgreSQL's built-in sha256() and the padded keys
 * (sha256(outer || sha256(inner || message))), not pgcrypto's hmac(): the embedded engine's
 * pgcrypto goes through a WebAssembly OpenSSL that now and then fails to initialise its digest
 * ("Cipher cannot be initialized"), while the built-in sha256 has no such dependency.
 */
export function tokenSql(value: SQL, key: Buffer): SQL {
  const { inner, outer } = hmacPads(key);
  return tokenSqlOf(value, sql`${inner}`, sql`${outer}`);
}

function tokenSqlOf(value: SQL, inner: SQL, outer: SQL): SQL {
  const message = sql`convert_to(normalize(btrim(${value}), NFKC), 'UTF8')`;
  return sql`('h_' || left(translate(encode(sha256(${outer}::bytea || sha256(${inner}::bytea || ${message})), 'base64'), '+/=', '-_'), 24))`;
}

/** The token of an item's value, with the padded keys bound once per query. */
function tokenOf(b: Bound, code: string, pads: { inner: SQL; outer: SQL }): SQL {
  return tokenSqlOf(valueOf(b, code), pads.inner, pads.outer);
}

function checkText(v: string | null | undefined, argument: string): string {
  if (v === null || v === undefined) throw badInput(`${argument} 缺少取值 (value required)`, { argument });
  if (v.length > MAX_VALUE_LENGTH) throw badInput(`${argument} 取值过长 (value too long)`, { argument });
  return v;
}

function checkNumber(v: string, argument: string): string {
  if (!/^-?\d{1,30}(\.\d{1,10})?$/.test(v.trim())) throw badInput(`${argument} 须为数字 (a number is required)`, { argument });
  return v.trim();
}

export interface CompiledRecordsQuery {
  /** The condition, with every value a placeholder named in `values`. */
  where: SQL;
  orderBy: SQL[];
  /** What the SQL is made of, without values: the statements are built once per shape. */
  shape: string;
  values: Record<string, unknown>;
  /** What the audit trail records: item names and operators, never values. */
  auditFilters: Array<{ item: string; op: string }>;
  auditOrder: Array<{ item: string; direction: string }>;
  /**
   * The resource's id when the page is all of its rows in row order (no filter, no sort): such a
   * page is read through records_page_audited (drizzle/0018), whose plan does not depend on values.
   */
  wholeResource: number | null;
}

/**
 * Checks filters and sort against the item decisions and compiles them. Filtering or sorting by
 * an item that is MASKED or WITHHELD is refused (OracleRefused), except EQ/IN on the token of a
 * KEYED_HASH item, which compares tokens and reveals nothing a token does not.
 */
export function compileRecordsQuery(
  access: PreparedAccess,
  decisions: Map<string, ItemDecision>,
  filters: FilterInput[] | null | undefined,
  order: OrderInput[] | null | undefined,
  keys: MaskingKeys,
): CompiledRecordsQuery {
  const b = new Bound();
  const conds: SQL[] = [sql`${records.resourceId} = ${b.value(access.resource!.id)}`];
  const auditFilters: CompiledRecordsQuery["auditFilters"] = [];
  const auditOrder: CompiledRecordsQuery["auditOrder"] = [];
  let pads: { inner: SQL; outer: SQL } | null = null;

  (filters ?? []).forEach((f, n) => {
    const argument = `filter[${n}]`;
    const item = itemOf(access.items, f.item, argument);
    const d = decisions.get(item.code)!;
    auditFilters.push({ item: item.code, op: f.op });
    if (d.treatment !== "CLEAR") {
      const tokenEquality = d.treatment === "MASKED" && d.strategy === "KEYED_HASH" && (f.op === "EQ" || f.op === "IN");
      if (!tokenEquality) {
        throw new OracleRefused(
          item.code,
          "filter",
          `不能按信息项“${item.name}”(${item.code}) 筛选：该项对您${d.treatment === "MASKED" ? "脱敏提供" : "不提供"} (filter on a ${d.treatment.toLowerCase()} item refused)`,
        );
      }
      if (!pads) {
        const { inner, outer } = hmacPads(scopeKey(keys));
        pads = { inner: b.value(inner), outer: b.value(outer) };
        b.part("keys");
      }
      const lhs = tokenOf(b, item.code, pads);
      if (f.op === "EQ") {
        b.part("token=");
        conds.push(sql`${lhs} = ${b.value(checkText(f.value, argument))}`);
      } else {
        const vs = (f.values ?? []).map((v) => checkText(v, argument));
        if (vs.length === 0 || vs.length > MAX_IN_VALUES) throw badInput(`${argument}.values 须有 1 到 ${MAX_IN_VALUES} 个取值`, { argument });
        b.part(`token in ${vs.length}`);
        conds.push(sql`${lhs} in (${sql.join(vs.map((v) => b.value(v)), sql`, `)})`);
      }
      return;
    }
    switch (f.op) {
      case "EQ":
        b.part("=");
        conds.push(sql`${valueOf(b, item.code)} = ${b.value(checkText(f.value, argument))}`);
        break;
      case "IN": {
        const vs = (f.values ?? []).map((v) => checkText(v, argument));
        if (vs.length === 0 || vs.length > MAX_IN_VALUES) throw badInput(`${argument}.values 须有 1 到 ${MAX_IN_VALUES} 个取值`, { argument });
        b.part(`in ${vs.length}`);
        conds.push(sql`${valueOf(b, item.code)} in (${sql.join(vs.map((v) => b.value(v)), sql`, `)})`);
        break;
      }
      case "PREFIX": {
        const p = checkText(f.value, argument);
        if (p === "") throw badInput(`${argument} 前缀不能为空 (empty prefix)`, { argument });
        // left() rather than LIKE: % and _ in a prefix are plain characters.
        b.part("prefix");
        conds.push(sql`left(${valueOf(b, item.code)}, ${b.value(Array.from(p).length)}) = ${b.value(p)}`);
        break;
      }
      case "RANGE": {
        if ((f.from ?? null) === null && (f.to ?? null) === null) throw badInput(`${argument} 须给出 from 或 to (RANGE needs from or to)`, { argument });
        if (isNumeric(item)) {
          b.part(`number${f.from != null ? " from" : ""}${f.to != null ? " to" : ""}`);
          if (f.from != null) conds.push(sql`${numberOf(b, item.code)} >= ${b.value(checkNumber(f.from, argument))}::numeric`);
          if (f.to != null) conds.push(sql`${numberOf(b, item.code)} <= ${b.value(checkNumber(f.to, argument))}::numeric`);
        } else {
          b.part(`text${f.from != null ? " from" : ""}${f.to != null ? " to" : ""}`);
          if (f.from != null) conds.push(sql`${valueOf(b, item.code)} collate "C" >= ${b.value(checkText(f.from, argument))}`);
          if (f.to != null) conds.push(sql`${valueOf(b, item.code)} collate "C" <= ${b.value(checkText(f.to, argument))}`);
        }
        break;
      }
    }
  });

  const orderBy: SQL[] = [];
  (order ?? []).forEach((o, n) => {
    const item = itemOf(access.items, o.item, `orderBy[${n}]`);
    const d = decisions.get(item.code)!;
    auditOrder.push({ item: item.code, direction: o.direction });
    if (d.treatment !== "CLEAR") {
      throw new OracleRefused(
        item.code,
        "sort",
        `不能按信息项“${item.name}”(${item.code}) 排序：该项对您${d.treatment === "MASKED" ? "脱敏提供" : "不提供"} (sort on a ${d.treatment.toLowerCase()} item refused)`,
      );
    }
    b.part(`order ${isNumeric(item) ? "number" : "text"} ${o.direction === "DESC" ? "desc" : "asc"}`);
    const expr = isNumeric(item) ? numberOf(b, item.code) : sql`${valueOf(b, item.code)} collate "C"`;
    orderBy.push(o.direction === "DESC" ? sql`${expr} desc nulls last` : sql`${expr} asc nulls last`);
  });
  orderBy.push(asc(records.rowId));
  const wholeResource = auditFilters.length === 0 && auditOrder.length === 0 ? access.resource!.id : null;
  return { where: and(...conds)!, orderBy, shape: b.shape.join(";"), values: b.values, auditFilters, auditOrder, wholeResource };
}

export interface ServedRow {
  key: string;
  values: Record<string, unknown>;
}

/** Masks one stored row for the viewer: clear items as stored, masked ones masked, withheld absent. */
export function projectRow(
  data: Record<string, unknown>,
  served: ItemDecision[],
  keys: MaskingKeys,
  hashKey: HmacKey,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const d of served) {
    const v = data[d.code] ?? null;
    if (d.treatment === "CLEAR") out[d.code] = v;
    else if (d.strategy === "KEYED_HASH") out[d.code] = keyedHash(v, keys, hashKey);
    else out[d.code] = applyMask(d.strategy, v, keys);
  }
  return out;
}

/** Statements by shape, at most MAX_SHAPES of a kind, the least recently used dropped first. */
const MAX_SHAPES = 500;
const byShape = <S>(cache: Map<string, S>, shape: string, build: () => S): S => keptOrBuilt(cache, shape, MAX_SHAPES, build);

type EventValues = "limit" | "offset" | "event" | "before" | "after";
type PageRow = { key: string | null; data: Record<string, unknown> | null; audit_id: string | number | null };
const pageStatements = new Map<string, Statement<string, PageRow>>();

/** An event's parts as placeholders, bound at each run (audit.service.ts auditAppendSql). */
const eventPlaceholders = { event: sql.placeholder("event"), before: sql.placeholder("before"), after: sql.placeholder("after") };

/** A page of all of a resource's rows in row order, and its event: one call (drizzle/0018). */
const wholeResourcePage = statement<"resource" | EventValues, PageRow>(
  ["resource", "limit", "offset", "event", "before", "after"],
  (p) => sql`select key, data, audit_id from records_page_audited(${p.resource}::int, ${p.limit}::bigint, ${p.offset}::bigint, ${p.event}::jsonb, ${p.before}::text, ${p.after}::text)`,
);

/** A page with filters or a sort, and its event: one statement built once per shape. */
const filteredPage = (compiled: CompiledRecordsQuery) =>
  byShape(pageStatements, compiled.shape, () =>
    statement<EventValues, PageRow>(
      ["limit", "offset", "event", "before", "after"],
      (p) => sql`
    with page as materialized (
      select ${records.key} as key, ${records.data} as data from ${records}
       where ${compiled.where}
       order by ${sql.join(compiled.orderBy, sql`, `)}
       limit ${p.limit}::bigint + 1 offset ${p.offset}),
    ev as materialized (
      select ${auditAppendSql(eventPlaceholders, sql`c.n`)} as id
        from (select least(count(*), ${p.limit}::bigint) as n from page) c)
    (select key, data, null::bigint as audit_id from page)
    union all
    (select null, null, id from ev)`,
    ),
  );

/**
 * A page of rows and its audit event in one statement (invariant 5: the event is written, with the
 * count of rows read, in the same transaction that reads them; if it cannot be written, the
 * statement fails and no row is served). The rows are read first and the event appended after
 * them, so the audit chain's lock is taken only once the rows are read, and is held only for the
 * append and the commit, as for any other event. Its row comes last, marked by audit_id. A page of
 * a whole resource in row order (W3's read, paging through a register) is one call of
 * records_page_audited, planned once per connection; a page with filters or a sort is a statement
 * planned on every run, as its values decide the plan.
 */
export async function fetchRecordsAudited(
  db: Db,
  compiled: CompiledRecordsQuery,
  limit: number,
  offset: number,
  event: PreparedAuditEvent,
): Promise<{ rows: Array<{ key: string; data: Record<string, unknown> }>; hasNextPage: boolean; auditId: number }> {
  const result =
    compiled.wholeResource !== null
      ? await wholeResourcePage.run(db, { resource: compiled.wholeResource, limit, offset, event: event.event, before: event.before, after: event.after })
      : await filteredPage(compiled).run(db, { ...compiled.values, limit, offset, event: event.event, before: event.before, after: event.after });
  const last = result[result.length - 1];
  if (!last || last.audit_id === null) throw new Error("the page's audit event is missing from the answer");
  auditWritten();
  const rows = result.slice(0, -1) as Array<{ key: string; data: Record<string, unknown> }>;
  return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit, auditId: Number(last.audit_id) };
}

type CountRow = { n: string | number; id?: string | number | null };
const auditedCountStatements = new Map<string, Statement<string, CountRow>>();
const countStatements = new Map<string, Statement<string, CountRow>>();

/** R6 verification: the count of matching rows and its audit event in one statement (invariant 5). */
export async function countRecordsAudited(db: Db, match: { where: SQL; shape: string; values: Record<string, unknown> }, event: PreparedAuditEvent): Promise<number> {
  const count = byShape(auditedCountStatements, match.shape, () =>
    statement<"event" | "before" | "after", CountRow>(
      ["event", "before", "after"],
      () => sql`
    with c as materialized (select count(*) as n from ${records} where ${match.where}),
    ev as materialized (select ${auditAppendSql(eventPlaceholders, sql`c.n`)} as id from c)
    select c.n, ev.id from c, ev`,
    ),
  );
  const [row] = await count.run(db, { ...match.values, event: event.event, before: event.before, after: event.after });
  if (!row || row.id === null || row.id === undefined) throw new Error("the verification's audit event is missing from the answer");
  auditWritten();
  return Number(row.n);
}

export async function countRecords(db: Db, compiled: { where: SQL; shape: string; values: Record<string, unknown> }): Promise<number> {
  const count = byShape(countStatements, compiled.shape, () =>
    statement<never, CountRow>([], () => sql`select count(*)::int as n from ${records} where ${compiled.where}`),
  );
  const [r] = await count.run(db, compiled.values as Record<never, unknown>);
  return Number(r?.n ?? 0);
}

/** R6 verification: the match items must be given in full; masked items may be matched. */
export function compileMatch(
  access: PreparedAccess,
  decisions: Map<string, ItemDecision>,
  match: Record<string, unknown>,
): { where: SQL; shape: string; values: Record<string, unknown>; auditFilters: Array<{ item: string; op: string }> } {
  const entries = Object.entries(match);
  if (entries.length === 0) throw badInput("match 至少需要一个信息项 (match needs at least one item)", { argument: "match" });
  if (entries.length > 20) throw badInput("match 最多 20 个信息项 (at most 20 items)", { argument: "match" });
  const b = new Bound();
  const conds: SQL[] = [sql`${records.resourceId} = ${b.value(access.resource!.id)}`];
  const auditFilters: Array<{ item: string; op: string }> = [];
  for (const [code, raw] of entries) {
    const item = itemOf(access.items, code, "match");
    const d = decisions.get(item.code)!;
    if (d.treatment === "WITHHELD") {
      throw new OracleRefused(item.code, "match", `不能核验信息项“${item.name}”(${item.code})：该项对您不提供 (item withheld)`);
    }
    if (raw === null || typeof raw === "object") {
      throw badInput(`match.${item.code} 须为完整的值 (a full value is required)`, { argument: "match", item: item.code });
    }
    const value = String(raw).trim();
    if (!isFullValue(item, value)) {
      throw badInput(`match.${item.code} 须为完整的值，不接受部分或脱敏后的值 (give the full value, not a part or a masked one)`, {
        argument: "match",
        item: item.code,
      });
    }
    auditFilters.push({ item: item.code, op: "EQ" });
    b.part(isNumeric(item) ? "number=" : "=");
    conds.push(
      isNumeric(item)
        ? sql`${numberOf(b, item.code)} = ${b.value(checkNumber(value, `match.${item.code}`))}::numeric`
        : sql`${valueOf(b, item.code)} = ${b.value(value)}`,
    );
  }
  return { where: and(...conds)!, shape: b.shape.join(";"), values: b.values, auditFilters };
}

function isFullValue(item: Item, v: string): boolean {
  if (v === "" || v.includes("*") || v.length > MAX_VALUE_LENGTH) return false;
  switch (item.maskingStrategy) {
    case "ID_CARD":
      return /^\d{17}[\dX]$/.test(v) || /^\d{15}$/.test(v);
    case "MOBILE":
      return /^1[3-9]\d{9}$/.test(v);
    case "BANK_CARD":
      return /^\d{12,19}$/.test(v);
    case "EMAIL":
      return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v);
    case "NAME":
      return Array.from(v).length >= 2;
    case "DATE_TO_YEAR":
      return /^\d{4}-\d{2}-\d{2}/.test(v);
    default:
      if (item.dataType === "D") return /^\d{4}-\d{2}-\d{2}$/.test(v);
      return true;
  }
}

export const forbiddenOracle = (e: OracleRefused) => codedError("FORBIDDEN", e.message, { item: e.item });
