// Statements built once. drizzle turns an `sql` template into text and parameters on every call,
// walking the template's chunks and checking each one's kind; for the statements every request
// runs (its account and rate buckets, its access decision, its audit event) that walk cost more
// of the gateway's time than binding the values. Here the template is built with placeholders and
// turned into text once per process; each run only fills in the values and goes through the
// handle's own session (pool, embedded database or transaction), so the statement logger, the
// prepared-statement names (db/client.ts) and transactions work as for any other statement.
import * as drizzleOrm from "drizzle-orm";
import { fillPlaceholders, sql, type Placeholder, type Query, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Db } from "./client.js";

const dialect = new PgDialect();

type Placeholders<K extends string> = { [P in K]: Placeholder<P> };

export interface Statement<K extends string, Row> {
  /** Runs the statement on `db` with these values; resolves with its rows. */
  run(db: Db, values: Record<K, unknown>): Promise<Row[]>;
  /** The statement's text (for tests and logs). */
  readonly text: string;
  /** The parameters of the text for these values, in order (for a client without drizzle: bench/perf/raw-server.ts). */
  params(values: Record<K, unknown>): unknown[];
}

/**
 * A statement of a fixed shape: `build` gets one placeholder per name and returns the template.
 * Values go only where placeholders are; a value is never spliced into the text.
 */
export function statement<K extends string, Row = Record<string, unknown>>(
  names: readonly K[],
  build: (p: Placeholders<K>) => SQL,
): Statement<K, Row> {
  let query: Query | undefined;
  const compiled = (): Query => {
    if (!query) {
      const p = Object.fromEntries(names.map((n) => [n, sql.placeholder(n)])) as Placeholders<K>;
      query = dialect.sqlToQuery(build(p));
    }
    return query;
  };
  return {
    async run(db, values) {
      const prepared = db._.session.prepareQuery(compiled(), undefined, undefined, false);
      const result = (await prepared.execute(values)) as { rows: Row[] };
      return result.rows;
    },
    get text() {
      return compiled().sql;
    },
    params(values) {
      return fillPlaceholders(compiled().params, values);
    },
  };
}

/** What builtQuery reads of a drizzle query builder (select, or insert/update/delete). */
interface BuilderInternals {
  getSQL(): SQL;
  config: { fields?: Record<string, unknown>; returning?: unknown };
  joinsNotNullableMap?: Record<string, boolean>;
}

const { orderSelectedFields } = drizzleOrm as unknown as { orderSelectedFields(fields: Record<string, unknown>): unknown };

export interface BuiltQuery<K extends string, R> {
  /** Runs the query on `db` (pool, embedded database or transaction); resolves as the builder would. */
  run(db: Db, values: Record<K, unknown>): Promise<R>;
}

/**
 * A drizzle query of a fixed shape (a select with its joins, an insert, an update or a delete,
 * with or without returning), built with one placeholder per name the first time it runs and
 * never again; each run binds the values (through the columns' own encoders, so Dates and arrays
 * are sent as drizzle sends them) and maps the rows as drizzle maps them. Unlike a builder's
 * .prepare(), which is tied to the handle it was built on, the query runs on whatever handle it
 * is given, a transaction included: the workflow's statements run inside their mutation's
 * transaction.
 */
export function builtQuery<K extends string, Q extends PromiseLike<unknown>>(
  names: readonly K[],
  build: (db: Db, p: Placeholders<K>) => Q,
): BuiltQuery<K, Awaited<Q>> {
  let shape: { query: Query; fields: unknown; joins?: Record<string, boolean> } | undefined;
  return {
    async run(db: Db, values: Record<K, unknown>): Promise<Awaited<Q>> {
      if (!shape) {
        const p = Object.fromEntries(names.map((n) => [n, sql.placeholder(n)])) as Placeholders<K>;
        const b = build(db, p) as unknown as BuilderInternals;
        shape = {
          query: dialect.sqlToQuery(b.getSQL()),
          fields: b.config.fields ? orderSelectedFields(b.config.fields) : b.config.returning,
          joins: b.joinsNotNullableMap,
        };
      }
      const session = db._.session as unknown as {
        prepareQuery(q: Query, fields: unknown, name: undefined, arrayMode: boolean): { joinsNotNullableMap?: unknown; execute(v: unknown): Promise<unknown> };
      };
      const prepared = session.prepareQuery(shape.query, shape.fields, undefined, true);
      if (shape.joins) prepared.joinsNotNullableMap = shape.joins;
      const rows: unknown = await prepared.execute(values);
      return rows as Awaited<Q>;
    },
  };
}
