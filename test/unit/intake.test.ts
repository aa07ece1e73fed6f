// Data intake without a database: the row validator (every data type, lengths, identifiers, the
// key rule, duplicates) and the CSV parser (RFC 4180 quoting, line breaks in fields, BOM, CRLF,
// chunks split anywhere).
import { describe, expect, it } from "vitest";
import { CsvParser, parseCsv } from "../../src/records/csv.js";
import { creditCodeCheckChar, idCardCheckDigit } from "../../src/records/identifiers.js";
import { KEY_FIELD, RowValidator, keyRuleOf, type IntakeItem, type IntakeTarget } from "../../src/records/intake.service.js";

const withCheck = (body: string) => body + idCardCheckDigit(body);
const ID = withCheck("36010219850312001");
const ID2 = withCheck("36010219900101002");
const CREDIT = (() => {
  const body = "91360100705432101";
  return body + creditCodeCheckChar(body);
})();

const item = (code: string, name: string, dataType: IntakeItem["dataType"], length: number | null, maskingStrategy = "NONE"): IntakeItem => ({
  code,
  name,
  dataType,
  length,
  maskingStrategy,
});

const PERSON_ITEMS: IntakeItem[] = [
  item("name", "姓名", "C", 4, "NAME"),
  item("id_number", "公民身份号码", "C", 18, "ID_CARD"),
  item("mobile", "手机号码", "C", 11, "MOBILE"),
  item("note", "备注", "M", null),
  item("count", "次数", "N", 4),
  item("amount", "金额", "Y", 10),
  item("born", "出生日期", "D", null, "DATE_TO_YEAR"),
  item("seen_at", "登记时间", "T", null),
  item("active", "是否有效", "L", null),
  item("photo", "照片", "I", null, "REDACT"),
  item("file", "附件", "F", 40),
  item("employer_code", "用人单位统一社会信用代码", "C", 18),
];
const target = (items: IntakeItem[]): IntakeTarget => ({ id: 1, code: "T-1", name: "测试资源", departmentId: 1, items });

function check(row: Record<string, unknown>, source: "json" | "text" = "json", items = PERSON_ITEMS) {
  return new RowValidator(target(items)).check(row, 0, source);
}
const reasonOf = (row: Record<string, unknown>, source: "json" | "text" = "json", items = PERSON_ITEMS) => {
  const c = check(row, source, items);
  return c.ok ? null : c.reason;
};

describe("the key rule", () => {
  it("takes the first identity-number item, else a credit-code item, else _key", () => {
    expect(keyRuleOf(PERSON_ITEMS)).toMatchObject({ kind: "item", item: { code: "id_number" } });
    expect(keyRuleOf([item("x", "名称", "C", 10), item("credit_code", "代码", "C", 18)])).toMatchObject({ kind: "item", item: { code: "credit_code" } });
    expect(keyRuleOf([item("org", "机构统一社会信用代码", "C", 18)])).toMatchObject({ kind: "item", item: { code: "org" } });
    expect(keyRuleOf([item("x", "名称", "C", 10)])).toEqual({ kind: "field" });
  });

  it("takes the key from the key item and keeps only item values", () => {
    const c = check({ id_number: ID, name: "张三", note: null });
    expect(c).toEqual({ ok: true, key: ID, data: { id_number: ID, name: "张三" } });
  });

  it("needs the key item, refuses _key where an item is the key, needs _key where none is", () => {
    expect(reasonOf({ name: "张三" })).toMatch(/缺少键信息项 id_number/);
    expect(reasonOf({ id_number: ID, [KEY_FIELD]: "k1" })).toMatch(/不接受 _key/);
    const plain = [item("title", "标题", "C", 20)];
    expect(check({ title: "甲", _key: "A-1" }, "json", plain)).toEqual({ ok: true, key: "A-1", data: { title: "甲" } });
    expect(reasonOf({ title: "甲" }, "json", plain)).toMatch(/每行须给出 _key/);
    expect(reasonOf({ title: "甲", _key: "" }, "json", plain)).toMatch(/_key 须为非空字符串/);
    expect(reasonOf({ title: "甲", _key: 7 }, "json", plain)).toMatch(/_key 须为非空字符串/);
  });

  it("refuses a key repeated within the batch, naming the earlier row", () => {
    const v = new RowValidator(target(PERSON_ITEMS), "index");
    expect(v.check({ id_number: ID }, 0, "json").ok).toBe(true);
    expect(v.check({ id_number: ID2 }, 1, "json").ok).toBe(true);
    const dup = v.check({ id_number: ID }, 2, "json");
    expect(dup.ok).toBe(false);
    expect(!dup.ok && dup.reason).toMatch(/rows\[0\]/);
    const lines = new RowValidator(target(PERSON_ITEMS), "line");
    lines.check({ id_number: ID }, 2, "text");
    const d2 = lines.check({ id_number: ID }, 9, "text");
    expect(!d2.ok && d2.reason).toMatch(/第 2 行/);
  });
});

describe("values against their items", () => {
  const ok = (row: Record<string, unknown>, source: "json" | "text" = "json") => {
    const c = check({ id_number: ID, ...row }, source);
    if (!c.ok) throw new Error(c.reason);
    return c.data;
  };
  const bad = (row: Record<string, unknown>, source: "json" | "text" = "json") => reasonOf({ id_number: ID, ...row }, source);

  it("refuses fields that are not item codes", () => {
    expect(bad({ nickname: "x" })).toMatch(/资源没有信息项 nickname/);
  });

  it("C and M: strings within the length (characters, not bytes)", () => {
    expect(ok({ name: "欧阳娜娜" }).name).toBe("欧阳娜娜");
    expect(bad({ name: "欧阳娜娜娜" })).toMatch(/name.*超过 4 个字符/);
    expect(bad({ name: 12 })).toMatch(/须为字符串/);
    expect(ok({ note: "很长".repeat(500) }).note).toHaveLength(1000);
    expect(bad({ note: { a: 1 } })).toMatch(/note.*须为字符串/);
  });

  it("N: numbers within the number of digits", () => {
    expect(ok({ count: 1234 }).count).toBe(1234);
    expect(ok({ count: 12.5 }).count).toBe(12.5);
    expect(bad({ count: 12345 })).toMatch(/count.*超过 4 位数字/);
    expect(bad({ count: "12" })).toMatch(/count.*须为数字/);
    expect(ok({ count: "12" }, "text").count).toBe(12);
    expect(ok({ count: "-0.5" }, "text").count).toBe(-0.5);
    expect(bad({ count: "12a" }, "text")).toMatch(/须为数字/);
    expect(bad({ count: "1e3" }, "text")).toMatch(/须为数字/);
    expect(bad({ count: Number.NaN })).toMatch(/count/);
  });

  it("Y: at most 2 decimals", () => {
    expect(ok({ amount: 1999.99 }).amount).toBe(1999.99);
    expect(ok({ amount: "12.50" }, "text").amount).toBe(12.5);
    expect(bad({ amount: 0.125 })).toMatch(/最多 2 位小数/);
    expect(bad({ amount: "3.333" }, "text")).toMatch(/最多 2 位小数/);
    expect(bad({ amount: 12345678901 })).toMatch(/超过 10 位数字/);
  });

  it("D: a real date written YYYY-MM-DD", () => {
    expect(ok({ born: "2000-02-29" }).born).toBe("2000-02-29");
    expect(bad({ born: "1900-02-29" })).toMatch(/born.*YYYY-MM-DD/);
    expect(bad({ born: "2024-13-01" })).toMatch(/YYYY-MM-DD/);
    expect(bad({ born: "2024/01/01" })).toMatch(/YYYY-MM-DD/);
    expect(bad({ born: "2024-01-01T00:00:00Z" })).toMatch(/YYYY-MM-DD/);
  });

  it("T: an ISO date-time with its offset", () => {
    expect(ok({ seen_at: "2026-05-01T09:30:00+08:00" }).seen_at).toBe("2026-05-01T09:30:00+08:00");
    expect(ok({ seen_at: "2026-05-01T01:30:00.123Z" }).seen_at).toBeDefined();
    expect(ok({ seen_at: "2026-05-01T09:30Z" }).seen_at).toBeDefined();
    expect(bad({ seen_at: "2026-05-01T09:30:00" })).toMatch(/seen_at.*时区/);
    expect(bad({ seen_at: "2026-05-01 09:30:00+08:00" })).toMatch(/seen_at/);
    expect(bad({ seen_at: "2026-02-30T09:30:00Z" })).toMatch(/seen_at/);
    expect(bad({ seen_at: "2026-05-01T24:00:00Z" })).toMatch(/seen_at/);
  });

  it("L: booleans (true/false, 1/0, 是/否 in text)", () => {
    expect(ok({ active: false }).active).toBe(false);
    expect(bad({ active: "true" })).toMatch(/active.*布尔/);
    expect(ok({ active: "TRUE" }, "text").active).toBe(true);
    expect(ok({ active: "0" }, "text").active).toBe(false);
    expect(ok({ active: "是" }, "text").active).toBe(true);
    expect(bad({ active: "yes" }, "text")).toMatch(/布尔/);
  });

  it("B, I, F: string references within their length", () => {
    expect(ok({ photo: "photos/2024/a.jpg" }).photo).toBe("photos/2024/a.jpg");
    expect(bad({ photo: 5 })).toMatch(/photo.*须为字符串/);
    expect(bad({ file: "x".repeat(41) })).toMatch(/file.*超过 40/);
  });

  it("treats null as absent, and an empty CSV cell as absent", () => {
    expect(ok({ count: null, born: null })).toEqual({ id_number: ID });
    expect(ok({ count: "", born: "", active: "", name: "" }, "text")).toEqual({ id_number: ID });
    expect(ok({ name: "" }).name).toBe(""); // an empty string is a value in JSON
  });

  it("identity numbers: 18 characters, check digit, real birth date, upper-case X", () => {
    const x = withCheck("11010519491231002");
    expect(x.endsWith("X")).toBe(true);
    expect(check({ id_number: x }).ok).toBe(true);
    expect(reasonOf({ id_number: x.toLowerCase() })).toMatch(/id_number.*公民身份号码/);
    expect(reasonOf({ id_number: ID.slice(0, 17) + ((Number(ID[17]) + 1) % 10) })).toMatch(/公民身份号码/);
    expect(reasonOf({ id_number: "360102850312001" })).toMatch(/公民身份号码/);
    expect(reasonOf({ id_number: withCheck("36010219850230001") })).toMatch(/公民身份号码/);
    expect(reasonOf({ id_number: "" })).toMatch(/公民身份号码/);
  });

  it("mobile numbers unless empty", () => {
    expect(ok({ mobile: "13812345678" }).mobile).toBe("13812345678");
    expect(ok({ mobile: "" }).mobile).toBe("");
    expect(bad({ mobile: "0791-8612345" })).toMatch(/mobile.*手机号码/);
    expect(bad({ mobile: "12812345678" })).toMatch(/手机号码/);
    expect(bad({ mobile: "0791-86123456" })).toMatch(/手机号码/);
  });

  it("credit codes where the item is one (code credit_code or a name with 统一社会信用代码)", () => {
    expect(ok({ employer_code: CREDIT }).employer_code).toBe(CREDIT);
    expect(bad({ employer_code: CREDIT.slice(0, 17) + (CREDIT[17] === "0" ? "1" : "0") })).toMatch(/统一社会信用代码/);
    const entity = [item("credit_code", "代码", "C", 18), item("name", "名称", "C", 50)];
    expect(check({ credit_code: CREDIT, name: "江州某公司" }, "json", entity)).toMatchObject({ ok: true, key: CREDIT });
    expect(reasonOf({ credit_code: CREDIT.toLowerCase() }, "json", entity)).toMatch(/统一社会信用代码/);
  });

  it("lists several problems of one row, and never repeats the values", () => {
    const r = bad({ name: "太长的名字啊", count: "x", born: "13/01/2020", mobile: "110" })!;
    expect(r.split("；").length).toBe(4);
    expect(r).not.toContain("太长的名字啊");
    expect(r).not.toContain("13/01/2020");
  });

  it("refuses a row that is not an object", () => {
    expect(new RowValidator(target(PERSON_ITEMS)).check([1, 2], 0, "json")).toMatchObject({ ok: false });
    expect(new RowValidator(target(PERSON_ITEMS)).check("x", 0, "json")).toMatchObject({ ok: false });
  });
});

describe("the CSV parser", () => {
  const fields = (text: string) => parseCsv(text).map((r) => r.fields);

  it("splits plain records on LF and CRLF", () => {
    expect(fields("a,b,c\n1,2,3\n")).toEqual([["a", "b", "c"], ["1", "2", "3"]]);
    expect(fields("a,b\r\n1,2\r\n")).toEqual([["a", "b"], ["1", "2"]]);
    expect(fields("a,b\r1,2")).toEqual([["a", "b"], ["1", "2"]]);
    expect(fields("a,b\n1,2")).toEqual([["a", "b"], ["1", "2"]]); // no final line break
  });

  it("keeps empty fields and skips blank lines", () => {
    expect(fields("a,,c\n,,\n\n\r\nx,y,\n")).toEqual([["a", "", "c"], ["", "", ""], ["x", "y", ""]]);
    expect(fields('""\n')).toEqual([[""]]);
  });

  it("handles quotes: commas, escaped quotes and line breaks inside quoted fields", () => {
    expect(fields('"a,b","say ""hi""",c\n')).toEqual([["a,b", 'say "hi"', "c"]]);
    expect(fields('"line1\nline2","x\r\ny"\r\nnext,row\r\n')).toEqual([["line1\nline2", "x\r\ny"], ["next", "row"]]);
    expect(fields('"",""""\n')).toEqual([["", '"']]);
    expect(fields('a"b,c\n')).toEqual([['a"b', "c"]]); // a quote inside an unquoted field is kept
  });

  it("gives each record the line it starts on, counting line breaks inside quotes", () => {
    const recs = parseCsv('h1,h2\r\n"a\r\nb",1\r\n\r\nc,2\n"x\ny\nz",3\n');
    expect(recs.map((r) => r.line)).toEqual([1, 2, 5, 6]);
  });

  it("skips a byte-order mark", () => {
    expect(fields("\uFEFFid,name\n1,张三\n")).toEqual([["id", "name"], ["1", "张三"]]);
  });

  it("marks malformed records instead of failing the input", () => {
    const junk = parseCsv('"ab"c,d\nok,1\n');
    expect(junk[0].error).toMatch(/引号外有多余字符/);
    expect(junk[1]).toEqual({ fields: ["ok", "1"], line: 2 });
    const open = parseCsv('a,b\n"never closed,1\n2,3\n');
    expect(open).toHaveLength(2);
    expect(open[1].error).toMatch(/引号未闭合/);
  });

  it("gives the same records whatever the chunk boundaries", () => {
    const text = '\uFEFFid,note,n\r\n1,"多行\r\n备注，含""引号""",3\r\n2,plain,4\r\n\r\n3,"a,b",\r\n';
    const whole = parseCsv(text);
    expect(whole).toHaveLength(4);
    for (let size = 1; size <= 7; size++) {
      const p = new CsvParser();
      const out = [];
      for (let i = 0; i < text.length; i += size) out.push(...p.push(text.slice(i, i + size)));
      out.push(...p.end());
      expect(out, `chunks of ${size}`).toEqual(whole);
    }
  });
});
