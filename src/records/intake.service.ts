// Data intake: a provider department writes the rows of its own resources (R1, R5: one data, one
// source — only the department that provides a resource supplies its rows). Rows are checked
// against the resource's data items (type, length, identifiers) by one validator, shared by the
// upsertRecords mutation and the `ingest` command. A call or a file is all or nothing: one bad
// row and nothing is written. Knows SQL and the catalog, not GraphQL.
//
// Reasons given for a bad row never repeat the value: they reach the audit trail, which records
// item names, never values (R13, R30).
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import { asc, eq, sql } from "drizzle-orm";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Database, Db } from "../db/client.js";
import { dataItems, records, resources, type dataType } from "../db/schema.js";
import { hasRole, type Viewer } from "../auth/viewer.js";
import { badInput, codedError, forbidden } from "../server/errors.js";
import { isCalendarDate, isValidCreditCode, isValidIdCard, isValidMobile } from "./identifiers.js";
import { CsvParser } from "./csv.js";

export type DataType = (typeof dataType.enumValues)[number];

/** The most rows one upsertRecords call takes; larger loads go through `ingest`. */
export const MAX_UPSERT_ROWS = 5000;
/** The most bad rows an upsertRecords error lists (extensions.rows). */
export const MAX_LISTED_BAD_ROWS = 100;
/** Rows per INSERT statement. */
export const WRITE_BATCH = 1000;
/** The row field that carries the key of a resource that has no key item. */
export const KEY_FIELD = "_key";
const MAX_KEY_LENGTH = 256;
/** The most problems named for one row. */
const MAX_PROBLEMS_PER_ROW = 5;

export interface IntakeItem {
  code: string;
  name: string;
  dataType: DataType;
  length: number | null;
  maskingStrategy: string;
}

export interface IntakeTarget {
  id: number;
  code: string;
  name: string;
  departmentId: number;
  items: IntakeItem[];
}

/** Where a row's key comes from: the value of a key item, or the row's `_key` field. */
export type KeyRule = { kind: "item"; item: IntakeItem } | { kind: "field" };

const isCreditCodeItem = (i: IntakeItem) => i.code === "credit_code" || i.name.includes("统一社会信用代码");

/**
 * The key of a resource's rows: the first item masked as an identity number (ID_CARD), else the
 * first item holding a unified social credit code (code `credit_code` or a name containing
 * 统一社会信用代码), else the `_key` field every row must then carry.
 */
export function keyRuleOf(items: IntakeItem[]): KeyRule {
  const id = items.find((i) => i.maskingStrategy === "ID_CARD");
  if (id) return { kind: "item", item: id };
  const credit = items.find(isCreditCodeItem);
  if (credit) return { kind: "item", item: credit };
  return { kind: "field" };
}

export async function loadIntakeTarget(db: Db, resourceCode: string): Promise<IntakeTarget | null> {
  const [res] = await db
    .select({ id: resources.id, code: resources.code, name: resources.name, departmentId: resources.departmentId })
    .from(resources)
    .where(eq(resources.code, resourceCode))
    .limit(1);
  if (!res) return null;
  const items = await db
    .select({
      code: dataItems.code,
      name: dataItems.name,
      dataType: dataItems.dataType,
      length: dataItems.length,
      maskingStrategy: dataItems.maskingStrategy,
    })
    .from(dataItems)
    .where(eq(dataItems.resourceId, res.id))
    .orderBy(asc(dataItems.position));
  return { ...res, items };
}

// ---------------------------------------------------------------------------------------------
// Validation.

export type RowCheck = { ok: true; key: string; data: Record<string, unknown> } | { ok: false; reason: string };

/** How values arrive: typed JSON (the API, JSONL) or text (CSV cells, where empty means absent). */
export type ValueSource = "json" | "text";

type ValueCheck = { value: unknown } | { problem: string };

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;
const NUMBER_TEXT_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function describe(item: IntakeItem): string {
  return `信息项 ${item.code}（${item.name}）`;
}

/** Digits of a number as written in its shortest decimal form (sign and point not counted). */
function digitCount(n: number): number {
  return String(Math.abs(n)).replace(".", "").replace(/^0+(?=\d)/, "").length;
}

function isDateTime(s: string): boolean {
  const m = DATE_TIME_RE.exec(s);
  if (!m) return false;
  if (!isCalendarDate(`${m[1]}${m[2]}${m[3]}`)) return false;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || (m[6] !== undefined && Number(m[6]) > 59)) return false;
  if (m[7] !== "Z" && (Number(m[8]) > 14 || Number(m[9]) > 59)) return false;
  return true;
}

function checkNumber(item: IntakeItem, raw: unknown, source: ValueSource): ValueCheck {
  let n: number;
  if (source === "text" && typeof raw === "string") {
    if (!NUMBER_TEXT_RE.test(raw.trim())) return { problem: `${describe(item)} 须为数字 (${item.dataType}: a number)` };
    n = Number(raw.trim());
  } else if (typeof raw === "number") {
    n = raw;
  } else {
    return { problem: `${describe(item)} 须为数字 (${item.dataType}: a number)` };
  }
  if (!Number.isFinite(n) || /e/i.test(String(n))) return { problem: `${describe(item)} 数值超出范围 (number out of range)` };
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) return { problem: `${describe(item)} 数值超出可精确表示的范围 (number too large)` };
  if (item.dataType === "Y" && !/^-?\d+(\.\d{1,2})?$/.test(String(n))) {
    return { problem: `${describe(item)} 为货币型，最多 2 位小数 (Y: at most 2 decimals)` };
  }
  if (item.length !== null && digitCount(n) > item.length) {
    return { problem: `${describe(item)} 超过 ${item.length} 位数字 (more than ${item.length} digits)` };
  }
  return { value: n };
}

function checkString(item: IntakeItem, raw: unknown): ValueCheck {
  if (typeof raw !== "string") return { problem: `${describe(item)} 须为字符串 (${item.dataType}: a string)` };
  // PostgreSQL text and jsonb cannot hold the NUL character.
  if (raw.includes("\u0000")) return { problem: `${describe(item)} 含有空字符 U+0000 (a NUL character)` };
  if (item.length !== null && Array.from(raw).length > item.length) {
    return { problem: `${describe(item)} 超过 ${item.length} 个字符 (longer than ${item.length})` };
  }
  return { value: raw };
}

/** The value of one item, typed, or why it does not fit. `undefined` value: absent. */
function checkValue(item: IntakeItem, raw: unknown, source: ValueSource): ValueCheck {
  if (raw === null || raw === undefined || (source === "text" && raw === "")) return { value: undefined };
  let checked: ValueCheck;
  switch (item.dataType) {
    case "N":
    case "Y":
      return checkNumber(item, raw, source);
    case "L": {
      if (typeof raw === "boolean") return { value: raw };
      if (source === "text" && typeof raw === "string") {
        const v = raw.trim().toLowerCase();
        if (["true", "1", "是"].includes(v)) return { value: true };
        if (["false", "0", "否"].includes(v)) return { value: false };
      }
      return { problem: `${describe(item)} 须为布尔值 (L: true or false)` };
    }
    case "D":
      if (typeof raw === "string") {
        const m = DATE_RE.exec(raw);
        if (m && isCalendarDate(`${m[1]}${m[2]}${m[3]}`)) return { value: raw };
      }
      return { problem: `${describe(item)} 须为 YYYY-MM-DD 格式的真实日期 (D: a date YYYY-MM-DD)` };
    case "T":
      if (typeof raw === "string" && isDateTime(raw)) return { value: raw };
      return { problem: `${describe(item)} 须为带时区的 ISO 8601 日期时间，如 2026-05-01T09:30:00+08:00 (T: an ISO date-time with offset)` };
    default:
      // C, M: strings within their length; B, I, F: references (a file name or path); G: text
      // (WKT). All are strings.
      checked = checkString(item, raw);
  }
  if ("problem" in checked) return checked;
  const v = checked.value as string;
  // Identifiers where the item says so (masking strategy or the item itself).
  if (item.maskingStrategy === "ID_CARD" && !isValidIdCard(v)) {
    return { problem: `${describe(item)} 不是有效的 18 位公民身份号码（校验位、出生日期；末位 X 大写） (not a valid identity number)` };
  }
  // A 手机 item holds mobile numbers; another phone item masked as MOBILE (联系电话) may hold a
  // landline too (区号-号码), which the MOBILE strategy suppresses.
  if (item.maskingStrategy === "MOBILE" && v !== "" && !isValidMobile(v)) {
    const landlineAllowed = !item.name.includes("手机") && /^0\d{2,3}-?\d{7,8}$/.test(v);
    if (!landlineAllowed) return { problem: `${describe(item)} 不是有效的电话号码 (not a valid mobile number)` };
  }
  if (isCreditCodeItem(item) && !isValidCreditCode(v)) {
    return { problem: `${describe(item)} 不是有效的统一社会信用代码 (not a valid credit code)` };
  }
  return checked;
}

/**
 * Checks rows of one resource: every field an item code (or `_key` where the rows carry their
 * key), every value fitting its item, a key present and not repeated within the batch.
 */
export class RowValidator {
  readonly keyRule: KeyRule;
  private readonly byCode: Map<string, IntakeItem>;
  /** Keys seen so far, with the position (index or line) of the row that had them. */
  private readonly seen = new Map<string, number>();

  constructor(
    readonly target: IntakeTarget,
    /** What a row's position is: its index in the call's rows, or its line in a file. */
    private readonly position: "index" | "line" = "index",
  ) {
    this.keyRule = keyRuleOf(target.items);
    this.byCode = new Map(target.items.map((i) => [i.code, i]));
  }

  check(row: unknown, position: number, source: ValueSource): RowCheck {
    if (row === null || typeof row !== "object" || Array.isArray(row)) {
      return { ok: false, reason: "每行须为一个 JSON 对象 (each row is a JSON object)" };
    }
    const problems: string[] = [];
    const data: Record<string, unknown> = {};
    let key: string | undefined;
    let keyProblem = false;
    for (const [field, raw] of Object.entries(row as Record<string, unknown>)) {
      if (field === KEY_FIELD) {
        if (source === "text" && raw === "") continue;
        if (this.keyRule.kind === "item") {
          problems.push(`此资源以信息项 ${this.keyRule.item.code} 为键，不接受 ${KEY_FIELD} (the key is ${this.keyRule.item.code}; no ${KEY_FIELD})`);
        } else if (typeof raw !== "string" || raw.trim() === "" || raw.includes("\u0000")) {
          problems.push(`${KEY_FIELD} 须为非空字符串 (${KEY_FIELD}: a non-empty string)`);
          keyProblem = true;
        } else if (Array.from(raw).length > MAX_KEY_LENGTH) {
          problems.push(`${KEY_FIELD} 超过 ${MAX_KEY_LENGTH} 个字符 (${KEY_FIELD} too long)`);
          keyProblem = true;
        } else {
          key = raw;
        }
        continue;
      }
      const item = this.byCode.get(field);
      if (!item) {
        problems.push(`资源没有信息项 ${field.slice(0, 64)} (unknown item)`);
        continue;
      }
      const c = checkValue(item, raw, source);
      if ("problem" in c) {
        problems.push(c.problem);
        if (this.keyRule.kind === "item" && item === this.keyRule.item) keyProblem = true;
      } else if (c.value !== undefined) data[item.code] = c.value;
    }
    if (this.keyRule.kind === "item") {
      const k = data[this.keyRule.item.code];
      if (typeof k === "string" && k !== "") key = k;
      else if (!keyProblem) problems.push(`缺少键信息项 ${this.keyRule.item.code}（${this.keyRule.item.name}） (the key item is missing)`);
    } else if (key === undefined && !keyProblem) {
      problems.push(`此资源没有身份号码或信用代码信息项，每行须给出 ${KEY_FIELD} (a ${KEY_FIELD} is required)`);
    }
    if (problems.length) {
      const shown = problems.slice(0, MAX_PROBLEMS_PER_ROW).join("；");
      const more = problems.length > MAX_PROBLEMS_PER_ROW ? `；另有 ${problems.length - MAX_PROBLEMS_PER_ROW} 处问题` : "";
      return { ok: false, reason: shown + more };
    }
    const earlier = this.seen.get(key!);
    if (earlier !== undefined) {
      const [zh, en] = this.position === "index" ? [` rows[${earlier}] `, `rows[${earlier}]`] : [`第 ${earlier} 行`, `line ${earlier}`];
      return { ok: false, reason: `键与${zh}相同 (duplicate key of ${en})` };
    }
    this.seen.set(key!, position);
    return { ok: true, key: key!, data };
  }
}

// ---------------------------------------------------------------------------------------------
// Writing.

export interface WriteCounts {
  inserted: number;
  updated: number;
}

/**
 * Inserts or replaces rows of a resource (at most a few thousand: one statement). A row whose key
 * exists gets the new data and updated_at; `xmax = 0` tells a fresh row from an updated one.
 */
export async function writeRecordBatch(db: Db, resourceId: number, rows: Array<{ key: string; data: Record<string, unknown> }>): Promise<WriteCounts> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  const out = await db
    .insert(records)
    .values(rows.map((r) => ({ resourceId, key: r.key, data: r.data })))
    .onConflictDoUpdate({
      target: [records.resourceId, records.key],
      set: { data: sql`excluded.data`, updatedAt: sql`excluded.updated_at` },
    })
    .returning({ inserted: sql<boolean>`(xmax = 0)` });
  const inserted = out.filter((r) => r.inserted === true).length;
  return { inserted, updated: out.length - inserted };
}

async function markDataUpdated(db: Db, resourceId: number): Promise<void> {
  await db.update(resources).set({ dataUpdatedAt: sql`now()` }).where(eq(resources.id, resourceId));
}

export function assertMayWrite(viewer: Viewer, target: IntakeTarget): void {
  if (!viewer.department || !hasRole(viewer, "PROVIDER") || viewer.department.id !== target.departmentId) {
    throw forbidden("只有资源提供部门的提供方账号可以写入该资源的数据 (PROVIDER of the resource's department only, R5)");
  }
}

export interface BadRow {
  index: number;
  reason: string;
}

/**
 * upsertRecords: all rows checked first; any bad row and nothing is written (BAD_USER_INPUT with
 * the bad rows, at most MAX_LISTED_BAD_ROWS of them, in `extensions.rows`). Otherwise one
 * transaction inserts or updates them and stamps the resource's data_updated_at.
 */
export async function upsertRecords(db: Db, viewer: Viewer, resourceCode: string, rows: unknown[]): Promise<WriteCounts> {
  const target = await loadIntakeTarget(db, resourceCode);
  if (!target) throw codedError("NOT_FOUND", `未找到资源 ${resourceCode.slice(0, 64)} (resource not found)`);
  assertMayWrite(viewer, target);
  if (rows.length > MAX_UPSERT_ROWS) {
    throw badInput(`每次最多写入 ${MAX_UPSERT_ROWS} 行，更多数据请用 ingest 命令导入 (at most ${MAX_UPSERT_ROWS} rows per call)`, { argument: "rows" });
  }
  if (rows.length === 0) return { inserted: 0, updated: 0 };

  const validator = new RowValidator(target, "index");
  const good: Array<{ key: string; data: Record<string, unknown> }> = [];
  const bad: BadRow[] = [];
  rows.forEach((row, index) => {
    const c = validator.check(row, index, "json");
    if (c.ok) good.push({ key: c.key, data: c.data });
    else bad.push({ index, reason: c.reason });
  });
  if (bad.length) {
    throw badInput(
      `${bad.length} 行数据不符合信息项要求，未写入任何数据；详见 extensions.rows (${bad.length} bad rows; nothing was written)`,
      { argument: "rows", badRowCount: bad.length, rows: bad.slice(0, MAX_LISTED_BAD_ROWS) },
    );
  }

  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const total: WriteCounts = { inserted: 0, updated: 0 };
    for (let i = 0; i < good.length; i += WRITE_BATCH) {
      const c = await writeRecordBatch(t, target.id, good.slice(i, i + WRITE_BATCH));
      total.inserted += c.inserted;
      total.updated += c.updated;
    }
    await markDataUpdated(t, target.id);
    return total;
  });
}

// ---------------------------------------------------------------------------------------------
// Files: the `ingest` command.

/** A problem with the file or the command as a whole (not one row): one line for the user. */
export class IngestError extends Error {
  override name = "IngestError";
}

export interface FileRow {
  /** 1-based line of the file on which the row starts. */
  line: number;
  row?: Record<string, unknown>;
  /** Set when the line could not be read as a row. */
  error?: string;
  source: ValueSource;
}

/** Rows of a CSV file (header row of item codes) or a JSONL file (one object per line). */
export async function* readRowsOfFile(file: string, onHeader: (columns: string[]) => void = () => {}): AsyncGenerator<FileRow> {
  const ext = path.extname(file).toLowerCase();
  if (ext !== ".csv" && ext !== ".jsonl" && ext !== ".ndjson") {
    throw new IngestError(`unsupported file type "${ext || path.basename(file)}": use .csv (header row of item codes) or .jsonl (one JSON object per line)`);
  }
  try {
    if (!fs.statSync(file).isFile()) throw new IngestError(`${file} is not a file`);
  } catch (e) {
    if (e instanceof IngestError) throw e;
    throw new IngestError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const stream = fs.createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 16 });

  if (ext === ".jsonl" || ext === ".ndjson") {
    const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
    let line = 0;
    for await (let text of lines) {
      line++;
      if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.trim() === "") continue;
      try {
        const row = JSON.parse(text) as unknown;
        if (row === null || typeof row !== "object" || Array.isArray(row)) {
          yield { line, error: "每行须为一个 JSON 对象 (each line is a JSON object)", source: "json" };
        } else {
          yield { line, row: row as Record<string, unknown>, source: "json" };
        }
      } catch {
        yield { line, error: "不是合法的 JSON (invalid JSON)", source: "json" };
      }
    }
    return;
  }

  const parser = new CsvParser();
  let header: string[] | null = null;
  function* rowsOf(recs: ReturnType<CsvParser["push"]>): Generator<FileRow> {
    for (const rec of recs) {
      if (!header) {
        if (rec.error) throw new IngestError(`the header row (line ${rec.line}) is malformed: ${rec.error}`);
        header = rec.fields.map((f) => f.trim());
        const dup = header.find((h, i) => header!.indexOf(h) !== i);
        if (dup !== undefined) throw new IngestError(`the header row names "${dup.slice(0, 64)}" twice`);
        if (header.some((h) => h === "")) throw new IngestError("the header row has an empty column name");
        onHeader(header);
        continue;
      }
      if (rec.error) {
        yield { line: rec.line, error: rec.error, source: "text" };
      } else if (rec.fields.length !== header.length) {
        yield { line: rec.line, error: `有 ${rec.fields.length} 个字段，表头有 ${header.length} 个 (${rec.fields.length} fields, header has ${header.length})`, source: "text" };
      } else {
        const row: Record<string, unknown> = {};
        for (let i = 0; i < header.length; i++) row[header[i]] = rec.fields[i];
        yield { line: rec.line, row, source: "text" };
      }
    }
  }
  for await (const chunk of stream) yield* rowsOf(parser.push(chunk as string));
  yield* rowsOf(parser.end());
  if (!header) throw new IngestError(`${file} is empty: a CSV file starts with a header row of item codes`);
}

export interface IngestOptions {
  resourceCode: string;
  file: string;
  /** Set on PostgreSQL: the rows go through COPY on a connection of their own. */
  databaseUrl?: string;
  /** Called at most once a second while reading. */
  onProgress?: (p: { rows: number; seconds: number }) => void;
  /** How many bad rows to keep for the report. */
  listBad?: number;
}

export type IngestResult =
  | { ok: true; resourceCode: string; rows: number; inserted: number; updated: number; seconds: number }
  | { ok: false; resourceCode: string; rows: number; badRowCount: number; badRows: Array<{ line: number; reason: string }> };

type Add = (key: string, data: Record<string, unknown>) => Promise<void>;
/** Feeds valid rows to `add`; resolves true when every row was good (commit), false otherwise. */
type Feed = (add: Add) => Promise<boolean>;

/** COPY text format: backslash, tab, newline and carriage return escaped. */
function copyText(s: string): string {
  return s.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

/** PostgreSQL: COPY into a temporary table, then one INSERT … ON CONFLICT, in one transaction. */
async function writeThroughCopy(databaseUrl: string, resourceId: number, feed: Feed): Promise<WriteCounts | null> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "catalog-gateway-ingest" });
  client.on("error", () => {}); // a lost connection surfaces through the pending query
  await client.connect();
  let copy: ReturnType<typeof copyFrom> | null = null;
  try {
    await client.query("begin");
    await client.query("create temporary table intake_rows (key text not null, data jsonb not null) on commit drop");
    const stream = client.query(copyFrom("copy intake_rows (key, data) from stdin"));
    copy = stream;
    const copyDone = finished(stream);
    copyDone.catch(() => {}); // awaited below; a failure while writing surfaces through drain
    let buffer = "";
    const flush = async () => {
      if (!buffer) return;
      const chunk = buffer;
      buffer = "";
      if (!stream.write(chunk)) await once(stream, "drain");
    };
    const ok = await feed(async (key, data) => {
      buffer += `${copyText(key)}\t${copyText(JSON.stringify(data))}\n`;
      if (buffer.length >= 1 << 16) await flush();
    });
    if (!ok) {
      // Nothing is kept: end the COPY and roll the transaction back.
      stream.end();
      await copyDone;
      copy = null;
      await client.query("rollback");
      return null;
    }
    await flush();
    stream.end();
    await copyDone;
    copy = null;
    const r = await client.query<{ inserted: number; updated: number }>(
      `with up as (
         insert into records (resource_id, key, data)
         select $1, key, data from intake_rows
         on conflict (resource_id, key) do update set data = excluded.data, updated_at = excluded.updated_at
         returning (xmax = 0) as inserted
       )
       select (count(*) filter (where inserted))::int as inserted, (count(*) filter (where not inserted))::int as updated from up`,
      [resourceId],
    );
    await client.query("update resources set data_updated_at = now() where id = $1", [resourceId]);
    await client.query("commit");
    return { inserted: Number(r.rows[0].inserted), updated: Number(r.rows[0].updated) };
  } catch (e) {
    // A COPY still open is cancelled (CopyFail); closing the connection rolls back the rest.
    if (copy && !copy.destroyed) {
      copy.destroy(e as Error);
      await finished(copy).catch(() => {});
    }
    throw e;
  } finally {
    await client.end().catch(() => {});
  }
}

class RolledBack extends Error {}

/** Any engine through drizzle (the embedded database): INSERTs of WRITE_BATCH rows in one transaction. */
async function writeInBatches(db: Db, resourceId: number, feed: Feed): Promise<WriteCounts | null> {
  try {
    return await db.transaction(async (tx) => {
      const t = tx as unknown as Db;
      const total: WriteCounts = { inserted: 0, updated: 0 };
      let batch: Array<{ key: string; data: Record<string, unknown> }> = [];
      const flush = async () => {
        const c = await writeRecordBatch(t, resourceId, batch);
        total.inserted += c.inserted;
        total.updated += c.updated;
        batch = [];
      };
      const ok = await feed(async (key, data) => {
        batch.push({ key, data });
        if (batch.length >= WRITE_BATCH) await flush();
      });
      if (!ok) throw new RolledBack();
      await flush();
      await markDataUpdated(t, resourceId);
      return total;
    });
  } catch (e) {
    if (e instanceof RolledBack) return null;
    throw e;
  }
}

/** A CSV header names item codes of the resource, the key column included. */
function checkHeader(target: IntakeTarget, keyRule: KeyRule, columns: string[]): void {
  const codes = new Set(target.items.map((i) => i.code));
  const unknown = columns.filter((c) => c !== KEY_FIELD && !codes.has(c));
  if (unknown.length) {
    throw new IngestError(`the header names columns that are not item codes of ${target.code}: ${unknown.slice(0, 5).map((c) => c.slice(0, 64)).join(", ")}`);
  }
  if (keyRule.kind === "item") {
    if (columns.includes(KEY_FIELD)) throw new IngestError(`rows of ${target.code} are keyed by the item ${keyRule.item.code}; drop the ${KEY_FIELD} column`);
    if (!columns.includes(keyRule.item.code)) throw new IngestError(`rows of ${target.code} are keyed by the item ${keyRule.item.code}; the header has no such column`);
  } else if (!columns.includes(KEY_FIELD)) {
    throw new IngestError(`${target.code} has no identity-number or credit-code item: the header needs a ${KEY_FIELD} column with each row's key`);
  }
}

/**
 * Reads a file and writes its rows into a resource, all or nothing: rows are written while the
 * file is read, inside one transaction; the first bad row stops the writing (reading goes on, to
 * report every bad row) and the transaction is rolled back.
 */
export async function ingestFile(database: Database, opts: IngestOptions): Promise<IngestResult> {
  const target = await loadIntakeTarget(database.db, opts.resourceCode);
  if (!target) throw new IngestError(`no resource with code "${opts.resourceCode}"`);
  const listBad = opts.listBad ?? 20;
  const started = Date.now();
  let lastReport = started;
  let rowsRead = 0;
  let badRowCount = 0;
  const badRows: Array<{ line: number; reason: string }> = [];
  const validator = new RowValidator(target, "line");

  // Check the file before opening a transaction (type, readable, header).
  const rows = readRowsOfFile(opts.file, (columns) => checkHeader(target, validator.keyRule, columns));
  const first = await rows.next();
  if (first.done) return { ok: true, resourceCode: target.code, rows: 0, inserted: 0, updated: 0, seconds: (Date.now() - started) / 1000 };

  const feed: Feed = async (add) => {
    let next: IteratorResult<FileRow, void> = first;
    while (!next.done) {
      const r = next.value;
      rowsRead++;
      const c: RowCheck = r.error ? { ok: false, reason: r.error } : validator.check(r.row, r.line, r.source);
      if (!c.ok) {
        badRowCount++;
        if (badRows.length < listBad) badRows.push({ line: r.line, reason: c.reason });
      } else if (badRowCount === 0) {
        await add(c.key, c.data);
      }
      if (opts.onProgress) {
        const now = Date.now();
        if (now - lastReport >= 1000) {
          lastReport = now;
          opts.onProgress({ rows: rowsRead, seconds: (now - started) / 1000 });
        }
      }
      next = await rows.next();
    }
    return badRowCount === 0;
  };

  const counts =
    database.engine === "postgres" && opts.databaseUrl
      ? await writeThroughCopy(opts.databaseUrl, target.id, feed)
      : await writeInBatches(database.db, target.id, feed);
  if (!counts) return { ok: false, resourceCode: target.code, rows: rowsRead, badRowCount, badRows };
  return { ok: true, resourceCode: target.code, rows: rowsRead, ...counts, seconds: (Date.now() - started) / 1000 };
}
