// The annual filing's CSV (R40) and the checks and scopes of the statistics API, without a database.
import { describe, expect, it } from "vitest";
import { BOM, csvCell, toCsv } from "../../src/stats/csv.js";
import { checkRange, checkYear, chinaYear, statsScope, STALE_AFTER_DAYS } from "../../src/stats/stats.service.js";
import { ANONYMOUS, type Viewer } from "../../src/auth/viewer.js";

const viewer = (roles: Viewer["roles"], department: Viewer["department"] = { id: 7, code: "11361200002956145E", name: "市卫生健康委员会" }): Viewer => ({
  accountId: 1,
  login: "x",
  name: "x",
  department,
  roles,
});

describe("CSV cells", () => {
  it("leaves plain text and numbers alone and writes null as an empty cell", () => {
    expect(csvCell("市民政局")).toBe("市民政局");
    expect(csvCell(12)).toBe("12");
    expect(csvCell(2.5)).toBe("2.5");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(Number.NaN)).toBe("");
  });

  it("quotes cells with commas, quotes and line ends, doubling the quotes", () => {
    expect(csvCell("甲,乙")).toBe('"甲,乙"');
    expect(csvCell('说明"备注"')).toBe('"说明""备注"""');
    expect(csvCell("第一行\n第二行")).toBe('"第一行\n第二行"');
    expect(csvCell("a\r\nb")).toBe('"a\r\nb"');
  });

  it("prefixes anything a spreadsheet would run as a formula with an apostrophe", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) {
      const cell = csvCell(`${start}SUM(A1:A9)`);
      expect(cell.replace(/^"/, "").startsWith(`'${start}`), JSON.stringify(start)).toBe(true);
    }
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell("=1+1")).toBe("'=1+1");
    // Only the first character matters; a name containing = elsewhere is untouched.
    expect(csvCell("甲=乙")).toBe("甲=乙");
    // Numbers are numbers, never formulas.
    expect(csvCell(-3)).toBe("-3");
  });

  it("writes a document with a BOM and CRLF after every row", () => {
    const doc = toCsv(["部门代码", "部门名称"], [["A1", "市,局"], ["B2", null]]);
    expect(doc).toBe(`${BOM}部门代码,部门名称\r\nA1,"市,局"\r\nB2,\r\n`);
    expect(Buffer.from(doc, "utf8").subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
});

describe("statistics checks", () => {
  it("accepts years 2000..2100 only", () => {
    expect(() => checkYear(2000)).not.toThrow();
    expect(() => checkYear(2100)).not.toThrow();
    for (const y of [1999, 2101, 2026.5]) expect(() => checkYear(y)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) }));
  });

  it("takes a year as China sees it (UTC+8)", () => {
    const { start, end } = chinaYear(2026);
    expect(start.toISOString()).toBe("2025-12-31T16:00:00.000Z");
    expect(end.toISOString()).toBe("2026-12-31T16:00:00.000Z");
  });

  it("accepts periods of at most five years, from before to", () => {
    const d = (s: string) => new Date(s);
    expect(() => checkRange(d("2021-01-01T00:00:00Z"), d("2026-01-01T00:00:00Z"))).not.toThrow();
    expect(() => checkRange(d("2026-01-01T00:00:00Z"), d("2026-01-01T00:00:00Z"))).not.toThrow();
    expect(() => checkRange(d("2021-01-01T00:00:00Z"), d("2026-01-01T00:00:01Z"))).toThrow(/5 年/);
    expect(() => checkRange(d("2026-01-02T00:00:00Z"), d("2026-01-01T00:00:00Z"))).toThrow(/from/);
  });

  it("gives analysts, the coordinator and auditors every department, anyone else their own", () => {
    for (const r of ["ANALYST", "COORDINATOR", "AUDITOR"] as const) expect(statsScope(viewer([r]))).toEqual({ departmentId: null, departmentCode: null });
    expect(statsScope(viewer(["PROVIDER", "CONSUMER"]))).toEqual({ departmentId: 7, departmentCode: "11361200002956145E" });
    // Never all departments for a viewer the rules should have refused.
    expect(statsScope(ANONYMOUS).departmentId).toBe(-1);
    expect(statsScope(viewer(["PUBLIC_USER"], null)).departmentId).toBe(-1);
  });

  it("allows each update cycle one period and a day of grace; irregular data is never stale", () => {
    expect(STALE_AFTER_DAYS).toEqual({ REALTIME: 1, DAILY: 2, WEEKLY: 8, MONTHLY: 32, QUARTERLY: 93, HALF_YEARLY: 184, YEARLY: 366, IRREGULAR: null });
  });
});
