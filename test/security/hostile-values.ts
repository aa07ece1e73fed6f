// Shared by the security suites (hostile-input.test.ts, fuzz.test.ts): the hostile strings, and
// what no response may carry.
import { expect } from "vitest";

/** The hostile values; the ones PostgreSQL cannot hold must come back BAD_USER_INPUT. */
export const HOSTILE: Array<{ label: string; value: string; unholdable?: boolean }> = [
  { label: "sql or", value: "' OR 1=1 --" },
  { label: "sql drop", value: "'; drop table records; --" },
  { label: "sql paren", value: "x') or ('1'='1" },
  { label: "dollar quote", value: "$$" },
  { label: "backslash", value: "\\" },
  { label: "backslash quote", value: "\\'\\\"" },
  { label: "like %", value: "%" },
  { label: "like _", value: "_" },
  { label: "like %%", value: "%%" },
  { label: "json $ne", value: '{"$ne":null}' },
  { label: "__proto__", value: "__proto__" },
  { label: "constructor", value: "constructor" },
  { label: "crlf", value: "x\r\nSet-Cookie: a=b" },
  { label: "NUL", value: "ab\u0000cd", unholdable: true },
  { label: "lone high surrogate", value: "a\ud800b", unholdable: true },
  { label: "lone low surrogate", value: "\udc00", unholdable: true },
  { label: "rtl override", value: "\u202eJ01-002-0001" },
  { label: "zero-width joiner", value: "人\u200d口\u200b\ufeff" },
  { label: "full-width", value: "Ｊ０１－００２－０００１" },
  { label: "combining", value: "e\u0301\u0301\u0301\u0301" },
  { label: "emoji", value: "👨\u200d👩\u200d👧😀" },
  { label: "CJK Ext B", value: "𠀀𠀁人口" },
  { label: "100 kB ascii", value: "A".repeat(100_000) },
  { label: "100 kB CJK", value: "人".repeat(34_000) },
];

/** What no response may contain: stack traces, SQL, drizzle's parameters, file paths. */
export const LEAKS: Array<[string, RegExp]> = [
  ["stack trace", /stacktrace|\n\s+at \S+|\bat \S+ \(|\.[cm]?[jt]s:\d+:\d+/],
  ["SQL", /\bselect\s|insert into|syntax error at or near|Failed query|\bparams:|drizzle|postgres(ql)? error|relation "/i],
  ["file path", /\/work\/|\/home\/|\/tmp\/|node_modules|file:\/\/|[A-Z]:\\/],
];

export function assertClean(label: string, r: { status: number; body: unknown }) {
  const text = typeof r.body === "string" ? r.body : JSON.stringify(r.body);
  expect(r.status, `${label}: ${text.slice(0, 300)}`).toBeLessThan(500);
  expect(text, label).not.toContain("INTERNAL_SERVER_ERROR");
  for (const [what, re] of LEAKS) expect(re.test(text), `${label}: ${what} in ${text.slice(0, 400)}`).toBe(false);
}
