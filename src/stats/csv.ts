// CSV for the annual sharing filing (R40): UTF-8 with a byte-order mark (so that spreadsheet
// programs read the Chinese header correctly), CRLF line ends and RFC 4180 quoting. A text cell
// that a spreadsheet would take for a formula (=, +, -, @, or a leading tab / carriage return) is
// prefixed with an apostrophe, so a department name can never run as a formula (CSV injection).

export const BOM = "\uFEFF";

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: numbers as they are, null as empty, text neutralised and quoted where needed. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return "";
    return String(value);
  }
  let s = value;
  if (FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole document: the header row and the data rows, BOM first, CRLF after every row. */
export function toCsv(header: string[], rows: Array<Array<string | number | null | undefined>>): string {
  const lines = [header, ...rows].map((r) => r.map(csvCell).join(","));
  return BOM + lines.map((l) => `${l}\r\n`).join("");
}
