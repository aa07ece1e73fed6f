// COPY … FROM STDIN in text format through pg-copy-streams, with the escaping the text format
// needs and back-pressure (the generator waits while the server catches up).
import { once } from "node:events";
import { finished } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES = new RegExp(NEEDS_ESCAPE.source, "g");

/** A text-format field: backslash, tab, newline and carriage return escaped; null is \N. */
export function field(v: unknown): string {
  if (v === null || v === undefined) return "\\N";
  const s = typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v);
  // Most fields need no escaping; testing first skips the replace's copy for them.
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(ESCAPES, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

/** A text[] literal, every element quoted. */
export function pgArray(xs: readonly string[]): string {
  return `{${xs.map((x) => `"${x.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
}

export interface CopyResult {
  table: string;
  rows: number;
  seconds: number;
}

/**
 * Streams rows into `table (columns)`; each row is an array of values (arrays pass through
 * pgArray first). Resolves with the count and the wall time of the COPY.
 */
export async function copyRows(
  client: pg.ClientBase,
  table: string,
  columns: string[],
  rows: Iterable<unknown[]>,
  onProgress?: (rows: number, seconds: number) => void,
): Promise<CopyResult> {
  const started = performance.now();
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(", ")}) from stdin`));
  const done = finished(stream);
  done.catch(() => {});
  let buffer = "";
  let n = 0;
  let lastReport = started;
  for (const row of rows) {
    buffer += row.map(field).join("\t") + "\n";
    n++;
    if (buffer.length >= 1 << 18) {
      if (!stream.write(buffer)) await Promise.race([once(stream, "drain"), done]);
      buffer = "";
      const now = performance.now();
      if (onProgress && now - lastReport > 2000) {
        lastReport = now;
        onProgress(n, (now - started) / 1000);
      }
    }
  }
  if (buffer) stream.write(buffer);
  stream.end();
  await done;
  return { table, rows: n, seconds: (performance.now() - started) / 1000 };
}
