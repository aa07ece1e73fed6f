// The demo city 江州市: deterministic, and meeting every rule the catalog and the records path
// rely on (R3, R4, R7, R21, R31, R33).
import { describe, expect, it } from "vitest";
import { ALLOWED_SHARE_OPEN_PAIRS, BASE_THEMES } from "../../src/catalog/rules.js";
import { buildDemoCity, makeDemoCity } from "../../src/demo/city.js";
import { DEMO_TODAY, isStale } from "../../src/demo/define.js";
import { COMPOUND_SURNAMES, DISTRICTS } from "../../src/demo/people.js";
import type { DemoResource } from "../../src/demo/types.js";
import { idCardInfo, isValidBankCard, isValidCreditCode, isValidIdCard, isValidMobile } from "../../src/records/identifiers.js";

const city = buildDemoCity();
const byName = new Map(city.resources.map((r) => [r.name, r]));
const res = (name: string): DemoResource => {
  const r = byName.get(name);
  if (!r) throw new Error(`no resource ${name}`);
  return r;
};
const rowsOf = (name: string) => city.rows[res(name).code];
const TODAY = new Date(`${DEMO_TODAY}T00:00:00Z`);
const HAN_NAME = /^\p{Script=Han}{2,4}$/u;
const districtByCode = new Map(DISTRICTS.map((d) => [d.code, d.name]));

const FORMATS = ["ELECTRONIC_FILE", "SPREADSHEET", "DATABASE", "IMAGE", "STREAMING", "SELF_DESCRIBING", "SERVICE_API"];
const STRATEGIES = ["NONE", "ID_CARD", "MOBILE", "NAME", "BANK_CARD", "EMAIL", "ADDRESS", "DATE_TO_YEAR", "KEYED_HASH", "REDACT", "NULLIFY"];
const THEMES = ["健康保障", "社会保障", "信用体系", "公共安全", "市场监管", "民生服务", "城乡建设", "生态环境", "交通出行", "教育文化"];

describe("the demo city is deterministic", () => {
  it("builds the same city every time", () => {
    expect(buildDemoCity()).toBe(city);
    expect(makeDemoCity()).toEqual(city);
  });
});

describe("departments and accounts (R1, R31)", () => {
  it("has at least 10 departments with the required names and kinds", () => {
    expect(city.departments.length).toBeGreaterThanOrEqual(10);
    const kind = new Map(city.departments.map((d) => [d.name, d.kind]));
    expect(kind.get("市政务服务和大数据管理局")).toBe("COORDINATOR");
    for (const name of ["市公安局", "市市场监督管理局", "市人力资源和社会保障局", "市卫生健康委员会", "市民政局"]) {
      expect(["CONSTITUENT", "AFFILIATED"]).toContain(kind.get(name));
    }
    expect(city.departments.filter((d) => d.kind === "COORDINATOR")).toHaveLength(1);
  });

  it("gives each department a valid, unique government-organ credit code and seq 1..n", () => {
    for (const d of city.departments) {
      expect(isValidCreditCode(d.code), d.name).toBe(true);
      expect(d.code.startsWith("11"), d.name).toBe(true);
      expect(d.shortName.length).toBeGreaterThan(1);
    }
    expect(new Set(city.departments.map((d) => d.code)).size).toBe(city.departments.length);
    expect(city.departments.map((d) => d.seq)).toEqual(city.departments.map((_, i) => i + 1));
  });

  it("has the accounts the gateway's tests and users log in with", () => {
    const acc = new Map(city.accounts.map((a) => [a.login, a]));
    const expected: Array<[string, string | null, string[]]> = [
      ["coordinator", "市政务服务和大数据管理局", ["COORDINATOR"]],
      ["auditor", "市政务服务和大数据管理局", ["AUDITOR"]],
      ["analyst", "市政务服务和大数据管理局", ["ANALYST"]],
      ["police", "市公安局", ["PROVIDER"]],
      ["market", "市市场监督管理局", ["PROVIDER"]],
      ["hrss", "市人力资源和社会保障局", ["PROVIDER", "CONSUMER"]],
      ["health", "市卫生健康委员会", ["CONSUMER"]],
      ["civil", "市民政局", ["PROVIDER", "CONSUMER"]],
      ["citizen", null, ["PUBLIC_USER"]],
    ];
    for (const [login, department, roles] of expected) {
      expect(acc.get(login), login).toMatchObject({ department, roles, active: true });
    }
    expect(acc.get("retired")).toMatchObject({ department: "市公安局", roles: ["CONSUMER"], active: false });
    for (const a of city.accounts) expect(a.name, a.login).toMatch(HAN_NAME);
    expect(new Set(city.accounts.map((a) => a.login)).size).toBe(city.accounts.length);
  });

  it("has a provider-and-consumer account for every other department", () => {
    const named = new Set(["市政务服务和大数据管理局", "市公安局", "市市场监督管理局", "市人力资源和社会保障局", "市卫生健康委员会", "市民政局"]);
    for (const d of city.departments.filter((d) => !named.has(d.name))) {
      const a = city.accounts.filter((a) => a.department === d.name && a.active);
      expect(a.length, d.name).toBe(1);
      expect([...a[0].roles].sort()).toEqual(["CONSUMER", "PROVIDER"]);
      expect(a[0].login).toMatch(/^[a-z]{2,12}$/);
    }
    const names = new Set(city.departments.map((d) => d.name));
    for (const a of city.accounts) if (a.department !== null) expect(names.has(a.department), a.login).toBe(true);
  });
});

describe("catalog entries (R3, R4, R7)", () => {
  it("has at least 44 resources with unique, well-formed codes", () => {
    expect(city.resources.length).toBeGreaterThanOrEqual(44);
    const seq = new Map(city.departments.map((d) => [d.name, d.seq]));
    const letter = { BASE: "J", THEME: "Z", DEPARTMENT: "B" } as const;
    for (const r of city.resources) {
      expect(r.code, r.name).toMatch(/^[JZB]\d{2}-\d{3}-\d{4}$/);
      expect(r.code[0], r.name).toBe(letter[r.category]);
      expect(Number(r.code.slice(4, 7)), r.name).toBe(seq.get(r.department));
    }
    expect(new Set(city.resources.map((r) => r.code)).size).toBe(city.resources.length);
    expect(new Set(city.resources.map((r) => r.name)).size).toBe(city.resources.length);
  });

  it("covers every allowed share × open pair at least twice, and no other pair", () => {
    for (const [share, open] of ALLOWED_SHARE_OPEN_PAIRS) {
      const n = city.resources.filter((r) => r.shareType === share && r.openType === open).length;
      expect(n, `${share} × ${open}`).toBeGreaterThanOrEqual(2);
    }
    const allowed = new Set(ALLOWED_SHARE_OPEN_PAIRS.map(([s, o]) => `${s}/${o}`));
    for (const r of city.resources) expect(allowed.has(`${r.shareType}/${r.openType}`), r.name).toBe(true);
  });

  it("has every category; base resources are unconditionally shared with a base theme (R4)", () => {
    for (const c of ["BASE", "THEME", "DEPARTMENT"]) expect(city.resources.some((r) => r.category === c), c).toBe(true);
    for (const r of city.resources.filter((r) => r.category === "BASE")) {
      expect(r.shareType, r.name).toBe("UNCONDITIONAL");
      expect(BASE_THEMES as readonly string[]).toContain(r.theme);
    }
    const themes = new Set(city.resources.filter((r) => r.category === "THEME").map((r) => r.theme));
    for (const t of themes) expect(THEMES).toContain(t);
    expect(themes.size).toBeGreaterThanOrEqual(5);
    for (const r of city.resources.filter((r) => r.category === "DEPARTMENT")) expect(r.theme, r.name).toBeNull();
  });

  it("uses every format and at least six update cycles", () => {
    expect(new Set(city.resources.map((r) => r.format))).toEqual(new Set(FORMATS));
    expect(new Set(city.resources.map((r) => r.updateCycle)).size).toBeGreaterThanOrEqual(6);
  });

  it("states share methods, conditions and legal bases as the share and open types require", () => {
    for (const r of city.resources) {
      for (const m of r.shareMethods) expect(["API", "ONLINE_QUERY", "BATCH_DOWNLOAD"]).toContain(m);
      expect(new Set(r.shareMethods).size).toBe(r.shareMethods.length);
      if (r.shareType === "NOT_SHARED") {
        expect(r.shareMethods, r.name).toEqual([]);
        expect(r.legalBasis, r.name).toMatch(/^《中华人民共和国.+法》第[一二三四五六七八九十百零]+条/);
      } else {
        expect(r.shareMethods.length, r.name).toBeGreaterThan(0);
        expect(r.legalBasis, r.name).toBeNull();
      }
      if (r.shareType === "CONDITIONAL") expect(r.shareCondition, r.name).toMatch(/\p{Script=Han}{8,}/u);
      else expect(r.shareCondition, r.name).toBeNull();
      if (r.openType === "CONDITIONAL") expect(r.openCondition, r.name).toMatch(/\p{Script=Han}{8,}/u);
      else expect(r.openCondition, r.name).toBeNull();
    }
    expect(city.resources.some((r) => r.department === "市公安局" && r.shareType === "NOT_SHARED")).toBe(true);
  });

  it("has realistic names and summaries, without % or _ and without the word 量子", () => {
    for (const r of city.resources) {
      expect(r.name, r.name).toMatch(/^[\p{Script=Han}0-9（）]+$/u);
      expect(r.name).not.toMatch(/[%_]/);
      expect(r.summary).not.toMatch(/[%_]/);
      const sentences = r.summary.split("。").filter(Boolean);
      expect(sentences.length, r.name).toBeGreaterThanOrEqual(2);
      expect(sentences.length, r.name).toBeLessThanOrEqual(3);
      for (const text of [r.name, r.summary, r.theme ?? "", ...r.items.map((i) => i.name)]) {
        expect(text).not.toContain("量子");
        expect(text).not.toMatch(/[%_]/);
      }
      expect(r.sourceSystem, r.name).toBeTruthy();
    }
    expect(city.resources.filter((r) => r.useRequirements).length).toBeGreaterThanOrEqual(3);
  });

  it("relates resources only to resources of the city, including a not-open one from an open one", () => {
    const codes = new Set(city.resources.map((r) => r.code));
    const openType = new Map(city.resources.map((r) => [r.code, r.openType]));
    for (const r of city.resources) {
      for (const c of r.relatedCodes) expect(codes.has(c), `${r.name} → ${c}`).toBe(true);
      expect(r.relatedCodes).not.toContain(r.code);
    }
    expect(city.resources.filter((r) => r.relatedCodes.length > 0).length).toBeGreaterThanOrEqual(10);
    expect(
      city.resources.some((r) => r.openType !== "NOT_OPEN" && r.relatedCodes.some((c) => openType.get(c) === "NOT_OPEN")),
    ).toBe(true);
  });

  it("has deterministic dates in range, some updated in 2026, some before, some stale for their cycle", () => {
    const at = (s: string) => Date.parse(s);
    for (const r of city.resources) {
      expect(at(r.publishedAt), r.name).toBeGreaterThanOrEqual(at("2023-01-01T00:00:00+08:00"));
      expect(at(r.publishedAt), r.name).toBeLessThan(at("2026-07-01T00:00:00+08:00"));
      expect(at(r.updatedAt), r.name).toBeGreaterThanOrEqual(at(r.publishedAt));
      expect(at(r.updatedAt), r.name).toBeLessThanOrEqual(at("2026-11-01T00:00:00+08:00"));
      expect(at(r.dataUpdatedAt), r.name).toBeLessThanOrEqual(at("2026-11-01T00:00:00+08:00"));
      expect(at(r.dataUpdatedAt), r.name).toBeGreaterThanOrEqual(at(r.publishedAt));
    }
    const updatedIn2026 = city.resources.filter((r) => at(r.updatedAt) >= at("2026-01-01T00:00:00Z"));
    expect(updatedIn2026.length).toBeGreaterThanOrEqual(3);
    expect(city.resources.length - updatedIn2026.length).toBeGreaterThanOrEqual(3);
    expect(city.resources.filter((r) => isStale(r.updateCycle, r.dataUpdatedAt)).length).toBeGreaterThanOrEqual(3);
    expect(city.resources.filter((r) => !isStale(r.updateCycle, r.dataUpdatedAt)).length).toBeGreaterThanOrEqual(3);
  });
});

describe("the resources other parts of the gateway rely on", () => {
  const itemsOf = (name: string) =>
    Object.fromEntries(res(name).items.map((i) => [i.name, [i.code, i.dataType, i.sensitivity, i.maskingStrategy]]));

  it("人口基本信息: 市公安局, base 人口, unconditional share, not open, with its items", () => {
    expect(res("人口基本信息")).toMatchObject({ department: "市公安局", category: "BASE", theme: "人口", shareType: "UNCONDITIONAL", openType: "NOT_OPEN" });
    expect(itemsOf("人口基本信息")).toEqual({
      姓名: ["name", "C", "L3", "NAME"],
      公民身份号码: ["id_number", "C", "L3", "ID_CARD"],
      手机号码: ["mobile", "C", "L3", "MOBILE"],
      住址: ["address", "C", "L3", "ADDRESS"],
      出生日期: ["birth_date", "D", "L2", "DATE_TO_YEAR"],
      性别: ["gender", "C", "L1", "NONE"],
      民族: ["ethnicity", "C", "L1", "NONE"],
      户籍所在区县: ["household_district", "C", "L1", "NONE"],
      照片: ["photo", "I", "L4", "REDACT"],
    });
  });

  it("法人单位基本信息: 市市场监督管理局, base 法人单位, unconditional share and open, with its items", () => {
    expect(res("法人单位基本信息")).toMatchObject({ department: "市市场监督管理局", category: "BASE", theme: "法人单位", shareType: "UNCONDITIONAL", openType: "UNCONDITIONAL" });
    expect(itemsOf("法人单位基本信息")).toEqual({
      统一社会信用代码: ["credit_code", "C", "L1", "NONE"],
      单位名称: ["org_name", "C", "L1", "NONE"],
      法定代表人: ["legal_rep", "C", "L2", "NAME"],
      注册资本: ["registered_capital", "Y", "L1", "NONE"],
      成立日期: ["established_on", "D", "L1", "NONE"],
      住所: ["address", "C", "L1", "NONE"],
      联系电话: ["phone", "C", "L3", "MOBILE"],
      登记状态: ["status", "C", "L1", "NONE"],
    });
  });

  it("社会保险参保信息: 市人力资源和社会保障局, theme 社会保障, conditional share, not open, with its items", () => {
    expect(res("社会保险参保信息")).toMatchObject({ department: "市人力资源和社会保障局", category: "THEME", theme: "社会保障", shareType: "CONDITIONAL", openType: "NOT_OPEN" });
    expect(itemsOf("社会保险参保信息")).toEqual({
      姓名: ["name", "C", "L3", "NAME"],
      公民身份号码: ["id_number", "C", "L3", "KEYED_HASH"],
      参保险种: ["insurance_type", "C", "L1", "NONE"],
      参保状态: ["status", "C", "L1", "NONE"],
      参保单位: ["employer", "C", "L2", "REDACT"],
      缴费基数: ["contribution_base", "Y", "L3", "REDACT"],
      社会保障卡银行账号: ["bank_card", "C", "L4", "BANK_CARD"],
      联系邮箱: ["email", "C", "L3", "EMAIL"],
      联系电话: ["mobile", "C", "L3", "MOBILE"],
    });
  });

  it("婚姻登记信息: 市民政局, conditional share, not open, with its items", () => {
    expect(res("婚姻登记信息")).toMatchObject({ department: "市民政局", shareType: "CONDITIONAL", openType: "NOT_OPEN" });
    const items = itemsOf("婚姻登记信息");
    for (const n of ["男方姓名", "女方姓名"]) expect(items[n].slice(1)).toEqual(["C", "L3", "NAME"]);
    for (const n of ["男方公民身份号码", "女方公民身份号码"]) expect(items[n].slice(1)).toEqual(["C", "L3", "ID_CARD"]);
    expect(items["登记日期"].slice(1, 3)).toEqual(["D", "L2"]);
    expect(items["登记类型"][2]).toBe("L1");
    expect(items["登记机关"][2]).toBe("L1");
  });

  it("has conditionally and unconditionally open resources the public can find", () => {
    for (const name of ["医疗机构执业信息", "建设工程施工许可信息"]) expect(res(name).openType, name).toBe("CONDITIONAL");
    for (const name of ["公交线路信息", "空气质量监测数据"]) expect(res(name).openType, name).toBe("UNCONDITIONAL");
    expect(city.resources.filter((r) => r.openType === "UNCONDITIONAL").length).toBeGreaterThanOrEqual(5);
  });

  it("names 人口基本信息 the only resource starting with 人口 (it leads a search for 人口)", () => {
    expect(city.resources.filter((r) => r.name.startsWith("人口")).map((r) => r.name)).toEqual(["人口基本信息"]);
  });
});

describe("data items (R33)", () => {
  const all = city.resources.flatMap((r) => r.items.map((i) => ({ r, i })));

  it("has at least 320 items, 6–12 per resource, with unique snake_case codes", () => {
    expect(all.length).toBeGreaterThanOrEqual(320);
    for (const r of city.resources) {
      expect(r.items.length, r.name).toBeGreaterThanOrEqual(6);
      expect(r.items.length, r.name).toBeLessThanOrEqual(12);
      expect(new Set(r.items.map((i) => i.code)).size, r.name).toBe(r.items.length);
    }
    for (const { r, i } of all) {
      expect(i.code, `${r.name}.${i.code}`).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
      expect(i.name, `${r.name}.${i.code}`).toMatch(/\p{Script=Han}/u);
      expect(i.description, `${r.name}.${i.code}`).toMatch(/\p{Script=Han}/u);
    }
  });

  it("gives C, N and Y items a length and the others none", () => {
    for (const { r, i } of all) {
      expect(["C", "N", "Y", "D", "T", "L", "M", "G", "B", "I", "F"]).toContain(i.dataType);
      if (["C", "N", "Y"].includes(i.dataType)) expect(i.length, `${r.name}.${i.code}`).toBeGreaterThan(0);
      else expect(i.length, `${r.name}.${i.code}`).toBeNull();
    }
  });

  it("masks every L2–L4 item and no L1 item, and uses every strategy", () => {
    for (const { r, i } of all) {
      if (i.sensitivity === "L1") expect(i.maskingStrategy, `${r.name}.${i.code}`).toBe("NONE");
      else expect(i.maskingStrategy, `${r.name}.${i.code}`).not.toBe("NONE");
    }
    expect(new Set(all.map(({ i }) => i.maskingStrategy))).toEqual(new Set(STRATEGIES));
  });
});

describe("rows", () => {
  const people = rowsOf("人口基本信息");
  const personById = new Map(people.map((p) => [p.key, p.data]));

  it("has at least 2,000 people with valid identity numbers consistent with their other items", () => {
    expect(people.length).toBeGreaterThanOrEqual(2000);
    for (const { key, data } of people) {
      const id = data.id_number as string;
      expect(key).toBe(id);
      expect(isValidIdCard(id, TODAY), id).toBe(true);
      const info = idCardInfo(id, TODAY)!;
      expect(info.birthDate, id).toBe(data.birth_date);
      expect(info.gender, id).toBe(data.gender);
      expect(Number(id[16]) % 2, id).toBe(data.gender === "男" ? 1 : 0);
      expect(districtByCode.get(info.region), id).toBe(data.household_district);
      const year = Number(info.birthDate.slice(0, 4));
      expect(year).toBeGreaterThanOrEqual(1940);
      expect(year).toBeLessThanOrEqual(2022);
      expect(isValidMobile(data.mobile as string), data.mobile as string).toBe(true);
      expect(data.name as string).toMatch(HAN_NAME);
      expect((data.address as string).startsWith(`江州市${data.household_district}`), data.address as string).toBe(true);
      expect(data.address as string).toMatch(/\d+号/);
      expect(data.photo).toBe(`photos/${(data.photo as string).slice(7, 11)}/${id}.jpg`);
    }
    expect(new Set(people.map((p) => p.key)).size).toBe(people.length);
    expect(people.some((p) => /^江州市.{2,3}[区县].+路\d+号\d+栋\d+单元\d+室$/u.test(p.data.address as string))).toBe(true);
  });

  it("has realistic surnames, with at least 2 % compound ones", () => {
    const compound = COMPOUND_SURNAMES.map(([s]) => s);
    const withCompound = people.filter((p) => compound.some((s) => (p.data.name as string).startsWith(s)));
    expect(withCompound.length / people.length).toBeGreaterThanOrEqual(0.02);
    for (const s of ["欧阳", "司马", "诸葛", "上官", "东方", "皇甫"]) {
      expect(people.some((p) => (p.data.name as string).startsWith(s)), s).toBe(true);
    }
    const counts = new Map<string, number>();
    for (const p of people) counts.set((p.data.name as string)[0], (counts.get((p.data.name as string)[0]) ?? 0) + 1);
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([s]) => s);
    expect(top.filter((s) => ["王", "李", "张", "刘", "陈"].includes(s)).length).toBeGreaterThanOrEqual(4);
  });

  it("has at least 500 legal entities with valid, unique credit codes as keys", () => {
    const entities = rowsOf("法人单位基本信息");
    expect(entities.length).toBeGreaterThanOrEqual(500);
    for (const { key, data } of entities) {
      expect(key).toBe(data.credit_code);
      expect(isValidCreditCode(key), key).toBe(true);
    }
    expect(new Set(entities.map((e) => e.key)).size).toBe(entities.length);
    const prefixes = new Set(entities.map((e) => e.key.slice(0, 2)));
    for (const p of ["91", "92", "93", "52"]) expect(prefixes.has(p), p).toBe(true);
    expect(prefixes.has("11")).toBe(false);
  });

  it("gives every other resource 20–120 rows with unique keys and only its own items", () => {
    for (const r of city.resources) {
      const rows = city.rows[r.code];
      expect(rows, r.name).toBeDefined();
      if (r.name !== "人口基本信息" && r.name !== "法人单位基本信息") {
        expect(rows.length, r.name).toBeGreaterThanOrEqual(20);
        expect(rows.length, r.name).toBeLessThanOrEqual(120);
      }
      expect(new Set(rows.map((x) => x.key)).size, r.name).toBe(rows.length);
      const codes = new Set(r.items.map((i) => i.code));
      for (const row of rows) for (const k of Object.keys(row.data)) expect(codes.has(k), `${r.name}.${k}`).toBe(true);
    }
  });

  it("gives every value the shape of its item's data type", () => {
    for (const r of city.resources) {
      for (const row of city.rows[r.code]) {
        for (const i of r.items) {
          const v = row.data[i.code];
          if (v === undefined || v === null) continue;
          const where = `${r.name}.${i.code}=${String(v)}`;
          switch (i.dataType) {
            case "D":
              expect(v, where).toMatch(/^\d{4}-\d\d-\d\d$/);
              expect(new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10), where).toBe(v);
              break;
            case "T":
              expect(v, where).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
              expect(Number.isNaN(Date.parse(v as string)), where).toBe(false);
              break;
            case "N":
            case "Y":
              expect(typeof v, where).toBe("number");
              expect(Number.isFinite(v), where).toBe(true);
              expect(String(Math.trunc(Math.abs(v as number))).length, where).toBeLessThanOrEqual(i.length!);
              break;
            case "L":
              expect(typeof v, where).toBe("boolean");
              break;
            case "B":
            case "I":
            case "F":
              expect(v, where).toMatch(/^[a-z0-9/_-]+\/[A-Za-z0-9_-]+\.[a-z]{2,4}$/);
              break;
            case "C":
              expect(typeof v, where).toBe("string");
              expect((v as string).length, where).toBeLessThanOrEqual(i.length!);
              break;
            default:
              expect(typeof v, where).toBe("string");
          }
        }
      }
    }
  });

  it("keeps every identity number valid, and person rows joined to the population register", () => {
    for (const r of city.resources) {
      const idItems = r.items.filter((i) => i.maskingStrategy === "ID_CARD" || i.maskingStrategy === "KEYED_HASH" || i.code.endsWith("id_number"));
      for (const row of city.rows[r.code]) {
        for (const i of idItems) {
          const id = row.data[i.code] as string;
          expect(isValidIdCard(id, TODAY), `${r.name}.${i.code}=${id}`).toBe(true);
          if (r.name === "流动人口居住登记信息") continue; // registered elsewhere, not in the register
          const person = personById.get(id);
          expect(person, `${r.name}.${i.code}=${id}`).toBeDefined();
          const nameItem = i.code === "id_number" ? "name" : i.code.replace(/id_number$/, "name");
          if (nameItem in row.data) expect(row.data[nameItem], `${r.name}.${nameItem}`).toBe(person!.name);
        }
      }
    }
  });

  it("joins 社会保险参保信息 and 婚姻登记信息 to the population register", () => {
    const si = rowsOf("社会保险参保信息");
    for (const row of si) expect(personById.get(row.key)?.name).toBe(row.data.name);
    for (const row of rowsOf("婚姻登记信息")) {
      expect(personById.get(row.data.husband_id_number as string)?.gender).toBe("男");
      expect(personById.get(row.data.wife_id_number as string)?.gender).toBe("女");
    }
  });

  it("keeps a couple of awkward values in 社会保险参保信息 (a landline, an empty e-mail)", () => {
    const si = rowsOf("社会保险参保信息");
    const awkward = si.filter((r) => /^0\d{2,3}-\d{7,8}$/.test(r.data.mobile as string) && r.data.email === "");
    expect(awkward.length).toBeGreaterThanOrEqual(2);
    for (const row of si) {
      expect(isValidBankCard(row.data.bank_card as string), row.data.bank_card as string).toBe(true);
      if (row.data.email !== "") expect(row.data.email).toMatch(/^[a-z0-9]+@[a-z0-9.]+\.[a-z]+$/);
      if (!awkward.includes(row)) expect(isValidMobile(row.data.mobile as string)).toBe(true);
    }
  });

  it("names legal representatives from the population register", () => {
    const names = new Set(people.map((p) => p.data.name));
    for (const e of rowsOf("法人单位基本信息")) expect(names.has(e.data.legal_rep), e.data.legal_rep as string).toBe(true);
  });
});
