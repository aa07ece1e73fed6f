// A records page, count or verification is built once per shape (records.service.ts Bound) and
// then only bound. That is safe only if the shape decides the SQL text and every value travels as
// a parameter: two reads with the same shape must get the same text, reads with different shapes
// different texts, and no value (an item code, a filter value, a key) may ever be in the text.
// Checked over filters, sorts and matches of every kind, on clear, masked and token items.
import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import type { ItemDecision } from "../../src/policy/access.js";
import type { PreparedAccess } from "../../src/policy/access.context.js";
import { compileMatch, compileRecordsQuery, type FilterInput, type OrderInput } from "../../src/records/records.service.js";

const dialect = new PgDialect();
const keys = { secret: "s3cret-for-the-shape-test", scope: "dept-a" };

const item = (code: string, dataType: string, maskingStrategy: string) =>
  ({ code, name: code, sensitivity: "L3", maskingStrategy, dataType, length: null }) as unknown as PreparedAccess["items"][number];

const access = (resourceId: number): PreparedAccess =>
  ({
    resource: { id: resourceId },
    items: [
      item("name", "C", "NAME"),
      item("id_number", "C", "KEYED_HASH"),
      item("age", "N", "NONE"),
      item("birth_date", "D", "DATE_TO_YEAR"),
      item("district", "C", "NONE"),
    ],
  }) as unknown as PreparedAccess;

const decisions = new Map<string, ItemDecision>([
  ["name", { code: "name", name: "name", sensitivity: "L3", treatment: "CLEAR", strategy: "NAME" }],
  ["id_number", { code: "id_number", name: "id_number", sensitivity: "L4", treatment: "MASKED", strategy: "KEYED_HASH" }],
  ["age", { code: "age", name: "age", sensitivity: "L2", treatment: "CLEAR", strategy: "NONE" }],
  ["birth_date", { code: "birth_date", name: "birth_date", sensitivity: "L3", treatment: "CLEAR", strategy: "DATE_TO_YEAR" }],
  ["district", { code: "district", name: "district", sensitivity: "L1", treatment: "CLEAR", strategy: "NONE" }],
]);

/** Deterministic pseudo-random choices (a fixed seed: the run is the same every time). */
function rng(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

const VALUES = ["张三", "a'b", "%_", "  spaced ", "330102199001011234", "{1,2}", "$1"];

function randomRead(r: () => number): { filters: FilterInput[]; order: OrderInput[] } {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const filters: FilterInput[] = [];
  for (let n = Math.floor(r() * 4); n > 0; n--) {
    const kind = pick(["EQ", "IN", "PREFIX", "RANGE_TEXT", "RANGE_NUMBER", "TOKEN_EQ", "TOKEN_IN"] as const);
    const v = () => pick(VALUES);
    switch (kind) {
      case "EQ":
        filters.push({ item: pick(["name", "district"]), op: "EQ", value: v() });
        break;
      case "IN":
        filters.push({ item: "district", op: "IN", values: Array.from({ length: 1 + Math.floor(r() * 3) }, v) });
        break;
      case "PREFIX":
        filters.push({ item: "name", op: "PREFIX", value: v().trim() || "张" });
        break;
      case "RANGE_TEXT":
        filters.push({ item: "birth_date", op: "RANGE", ...(r() < 0.5 ? { from: "1990-01-01" } : {}), to: "2000-12-31" });
        break;
      case "RANGE_NUMBER":
        filters.push({ item: "age", op: "RANGE", from: String(Math.floor(r() * 50)), ...(r() < 0.5 ? { to: "90" } : {}) });
        break;
      case "TOKEN_EQ":
        filters.push({ item: "id_number", op: "EQ", value: `h_${Math.floor(r() * 1e6)}` });
        break;
      case "TOKEN_IN":
        filters.push({ item: "id_number", op: "IN", values: Array.from({ length: 1 + Math.floor(r() * 2) }, () => `h_${Math.floor(r() * 1e6)}`) });
        break;
    }
  }
  const order: OrderInput[] = [];
  for (let n = Math.floor(r() * 3); n > 0; n--) order.push({ item: pick(["age", "name", "district"]), direction: pick(["ASC", "DESC"] as const) });
  return { filters, order };
}

const textOf = (q: { where: ReturnType<typeof sql>; orderBy?: ReturnType<typeof sql>[] }) =>
  dialect.sqlToQuery(q.orderBy?.length ? sql`${q.where} order by ${sql.join(q.orderBy, sql`, `)}` : q.where);

function expectAllBound(params: unknown[], values: Record<string, unknown>) {
  const names = params.map((p) => (p as { name?: string }).name);
  expect(names.every((n) => n !== undefined && n in values)).toBe(true);
  expect(new Set(names)).toEqual(new Set(Object.keys(values)));
}

describe("records statements built once per shape", () => {
  it("gives reads of one shape one SQL text, reads of different shapes different texts, and puts no value in the text", () => {
    const r = rng(20261124);
    const byShape = new Map<string, string>();
    const byText = new Map<string, string>();
    for (let i = 0; i < 2000; i++) {
      const { filters, order } = randomRead(r);
      const c = compileRecordsQuery(access(1 + (i % 7)), decisions, filters, order, keys);
      const q = textOf(c);
      if (byShape.has(c.shape)) expect(q.sql).toBe(byShape.get(c.shape));
      else byShape.set(c.shape, q.sql);
      if (byText.has(q.sql)) expect(c.shape).toBe(byText.get(q.sql));
      else byText.set(q.sql, c.shape);
      // Every parameter is a named placeholder with its value in `values`; the text holds none of them.
      expectAllBound(q.params, c.values);
      for (const f of filters) {
        for (const v of [f.value, ...(f.values ?? []), f.from, f.to]) if (v && v.trim().length > 2) expect(q.sql).not.toContain(v.trim());
      }
      for (const code of ["name", "id_number", "age", "birth_date", "district"]) expect(q.sql).not.toContain(code);
    }
    expect(byShape.size).toBeGreaterThan(50);
  });

  it("binds the resource, so reads of different resources share a statement", () => {
    const a = compileRecordsQuery(access(1), decisions, null, null, keys);
    const b = compileRecordsQuery(access(2), decisions, null, null, keys);
    expect(a.shape).toBe(b.shape);
    expect(textOf(a).sql).toBe(textOf(b).sql);
    expect(Object.values(a.values)).toContain(1);
    expect(Object.values(b.values)).toContain(2);
  });

  it("does the same for verification matches", () => {
    const texts = new Map<string, string>();
    for (const match of [{ name: "张三" }, { name: "李四" }, { age: "30" }, { age: "31" }, { name: "王五", age: "40" }]) {
      const m = compileMatch(access(3), decisions, match);
      const q = textOf(m);
      if (texts.has(m.shape)) expect(q.sql).toBe(texts.get(m.shape));
      texts.set(m.shape, q.sql);
      for (const v of Object.values(match)) expect(q.sql).not.toContain(v);
      expectAllBound(q.params, m.values);
    }
    expect(texts.size).toBe(3);
  });
});
