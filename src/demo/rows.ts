// The rows of every demo resource, made by following each item's recipe (see ItemDef in
// define.ts). Each resource draws from its own random stream, so rows do not change when another
// resource is added. Person and entity rows reuse the population and entity registers, so the
// same 公民身份号码 or 统一社会信用代码 joins rows across resources.
import type { ItemDef, ResourceDef } from "./define.js";
import {
  DISTRICT_BY_NAME,
  addDays,
  ageOn,
  bankCardNumber,
  cityAddress,
  idNumber,
  landline,
  mobileNumber,
  personName,
  pickDistrict,
  randomDateTime,
  randomDay,
  type District,
  type Entity,
  type Person,
} from "./people.js";
import { Random } from "./random.js";
import type { DemoRow } from "./types.js";

export interface Population {
  people: Person[];
  entities: Entity[];
}

interface RowContext {
  rng: Random;
  index: number;
  person?: Person;
  entity?: Entity;
  /** The row's district: its person's or entity's, else one drawn for the row. */
  district: District;
  values: Record<string, unknown>;
  pop: Population;
}

const LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ";

const PERSON_FIELDS: Record<string, (p: Person) => unknown> = {
  name: (p) => p.name,
  id_number: (p) => p.idNumber,
  mobile: (p) => p.mobile,
  address: (p) => p.address,
  birth_date: (p) => p.birthDate,
  gender: (p) => p.gender,
  ethnicity: (p) => p.ethnicity,
  district: (p) => p.district,
  email: (p) => p.email,
  bank_card: (p) => p.bankCard,
  photo: (p) => p.photo,
};

const ENTITY_FIELDS: Record<string, (e: Entity) => unknown> = {
  credit_code: (e) => e.creditCode,
  name: (e) => e.name,
  legal_rep: (e) => e.legalRep,
  address: (e) => e.address,
  phone: (e) => e.phone,
  established_on: (e) => e.establishedOn,
  capital: (e) => e.capital,
  status: (e) => e.status,
  kind: (e) => e.kind,
  district: (e) => e.district,
  industry: (e) => e.industry,
};

// Regions outside the city where people of the floating population (流动人口) are registered.
const OTHER_REGIONS: ReadonlyArray<readonly [code: string, name: string]> = [
  ["360102", "江西省南昌市东湖区"],
  ["360403", "江西省九江市浔阳区"],
  ["430104", "湖南省长沙市岳麓区"],
  ["420111", "湖北省武汉市洪山区"],
  ["350102", "福建省福州市鼓楼区"],
  ["340104", "安徽省合肥市蜀山区"],
  ["510107", "四川省成都市武侯区"],
  ["410105", "河南省郑州市金水区"],
];
const OTHER_ROADS = ["人民路", "解放路", "建设路", "中山路", "新华街", "胜利路"];

function outsider(rng: Random): Person {
  const gender = rng.chance(0.55) ? "男" : "女";
  const { name, surname } = personName(rng, gender);
  const [code, region] = rng.pick(OTHER_REGIONS);
  const birth = randomDay(rng, "1966-01-01", "2004-12-31");
  const id = idNumber(rng, code, birth, gender);
  return {
    name,
    surname,
    gender,
    birthDate: birth,
    district: region,
    idNumber: id,
    mobile: mobileNumber(rng),
    address: `${region}${rng.pick(OTHER_ROADS)}${rng.int(1, 300)}号`,
    ethnicity: "汉族",
    photo: `photos/${rng.int(2021, 2025)}/${id}.jpg`,
    email: "",
    bankCard: bankCardNumber(rng),
  };
}

function point(rng: Random): [number, number] {
  return [rng.float(115.7, 116.3, 6), rng.float(28.4, 28.95, 6)];
}

function fillTemplate(text: string, ctx: RowContext): string {
  const { rng } = ctx;
  return text.replace(/\{([^{}]*)\}/g, (_, p: string) => {
    let m: RegExpExecArray | null;
    if (p === "i") return String(ctx.index + 1);
    if ((m = /^i:(\d+)$/.exec(p))) return String(ctx.index + 1).padStart(Number(m[1]), "0");
    if ((m = /^d:(\d+)$/.exec(p))) return rng.digits(Number(m[1]));
    if ((m = /^A:(\d+)$/.exec(p))) return rng.chars(Number(m[1]), LETTERS);
    if ((m = /^n:(\d+):(\d+)$/.exec(p))) return String(rng.int(Number(m[1]), Number(m[2])));
    if ((m = /^=(\w+)$/.exec(p))) {
      if (!(m[1] in ctx.values)) throw new Error(`{=${m[1]}} refers to an item not yet made`);
      return String(ctx.values[m[1]]);
    }
    if (p === "district") return ctx.district.name;
    if (p === "dcode") return ctx.district.code;
    if (p === "road") return rng.pick(ctx.district.roads);
    if (p === "pd") return need(ctx.person, "person").district;
    if (p === "ed") return need(ctx.entity, "entity").district;
    if (p === "ec") return need(ctx.entity, "entity").creditCode;
    if (p.includes("|")) return rng.pick(p.split("|"));
    throw new Error(`unknown placeholder {${p}}`);
  });
}

function need<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new Error(`the recipe needs a ${what} subject`);
  return v;
}

function afterValue(item: ItemDef, base: unknown, days: number): string {
  if (typeof base !== "string") throw new Error(`${item.code}: "after" needs a date`);
  const day = addDays(base.slice(0, 10), days);
  if (item.dataType === "T") return `${day}${base.length > 10 ? base.slice(10) : "T09:00:00+08:00"}`;
  return day;
}

/** The value of one item in one row. */
function valueOf(item: ItemDef, ctx: RowContext): unknown {
  const { rng, values } = ctx;
  const gen = item.gen;
  if (gen.startsWith("p.")) {
    const f = PERSON_FIELDS[gen.slice(2)];
    if (!f) throw new Error(`unknown person field ${gen}`);
    return f(need(ctx.person, "person"));
  }
  if (gen.startsWith("e.")) {
    const f = ENTITY_FIELDS[gen.slice(2)];
    if (!f) throw new Error(`unknown entity field ${gen}`);
    return f(need(ctx.entity, "entity"));
  }
  const colon = gen.indexOf(":");
  const op = colon < 0 ? gen : gen.slice(0, colon);
  const rest = colon < 0 ? "" : gen.slice(colon + 1);
  const args = rest.split(":");
  switch (op) {
    case "pick":
      return rng.pick(rest.split("|"));
    case "int":
      return rng.int(Number(args[0]), Number(args[1]));
    case "num":
      return rng.float(Number(args[0]), Number(args[1]), Number(args[2] ?? 2));
    case "date":
      return randomDay(rng, args[0], args[1]);
    case "time":
      return randomDateTime(rng, args[0], args[1]);
    case "after":
      return afterValue(item, values[args[0]], rng.int(Number(args[1]), Number(args[2])));
    case "bool":
      return rng.chance(Number(args[0]));
    case "const":
      return rest;
    case "tpl":
      return fillTemplate(rest, ctx);
    case "ratio": {
      const v = Number(values[args[0]]) * rng.float(Number(args[1]), Number(args[2]), 4);
      return item.dataType === "Y" ? Math.round(v * 100) / 100 : Math.round(v);
    }
    case "pname": {
      const g = rest ? values[rest] : rng.chance(0.5) ? "男" : "女";
      return personName(rng, g === "女" ? "女" : "男").name;
    }
    case "district":
      return ctx.district.name;
    case "addr":
      return cityAddress(rng, ctx.district);
    case "company":
      return rng.pick(ctx.pop.entities.filter((e) => e.prefix === "91")).name;
    case "phone":
      return landline(rng);
    case "mobile":
      return mobileNumber(rng);
    case "file":
      return `${args[0]}/${rng.int(2023, 2026)}/${rng.hex(16)}.${args[1]}`;
    case "point": {
      const [x, y] = point(rng);
      return `POINT(${x} ${y})`;
    }
    case "polygon": {
      const [x, y] = point(rng);
      const d = rng.float(0.001, 0.01, 6);
      const r = (n: number) => Math.round(n * 1e6) / 1e6;
      return `POLYGON((${x} ${y}, ${r(x + d)} ${y}, ${r(x + d)} ${r(y + d)}, ${x} ${r(y + d)}, ${x} ${y}))`;
    }
    default:
      throw new Error(`unknown recipe "${gen}" of item ${item.code}`);
  }
}

/** Brings a value to its item's data type, and checks it fits the item's length. */
function typed(item: ItemDef, v: unknown, resource: string): unknown {
  let out = v;
  if ((item.dataType === "N" || item.dataType === "Y") && typeof v === "string") out = Number(v);
  if (item.dataType === "L" && typeof v !== "boolean") throw new Error(`${resource}.${item.code}: not a boolean`);
  if ((item.dataType === "C" || item.dataType === "M") && typeof out !== "string") out = String(out);
  if (item.dataType === "C" && item.length !== null && (out as string).length > item.length) {
    throw new Error(`${resource}.${item.code}: "${out}" is longer than ${item.length}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Subjects and rows.

function bornYear(p: Person): number {
  return Number(p.birthDate.slice(0, 4));
}

type Subject = { person?: Person; entity?: Entity };

function subjects(def: ResourceDef, rng: Random, pop: Population): Subject[] {
  const { subject, count } = def.rows;
  const take = <T>(all: T[]): T[] => (count === "all" ? all : rng.sample(all, Math.min(count, all.length)));
  switch (subject.kind) {
    case "person": {
      const from = subject.bornFrom ?? 0;
      const to = subject.bornTo ?? 9999;
      const fits = pop.people.filter(
        (p) => (!subject.gender || p.gender === subject.gender) && bornYear(p) >= from && bornYear(p) <= to,
      );
      return take(fits).map((person) => ({ person }));
    }
    case "entity": {
      const fits = pop.entities.filter(
        (e) =>
          (!subject.industries || subject.industries.includes(e.industry)) &&
          (!subject.prefixes || subject.prefixes.includes(e.prefix)),
      );
      return take(fits).map((entity) => ({ entity }));
    }
    case "outsider": {
      if (count === "all") throw new Error(`${def.name}: outsiders are made per row; give a count`);
      const seen = new Set<string>();
      const out: Subject[] = [];
      while (out.length < count) {
        const person = outsider(rng);
        if (seen.has(person.idNumber)) continue;
        seen.add(person.idNumber);
        out.push({ person });
      }
      return out;
    }
    case "none":
      if (count === "all") throw new Error(`${def.name}: a resource without subjects needs a count`);
      return Array.from({ length: count }, () => ({}));
  }
}

/** 婚姻登记信息: a man and a woman of the population register, of marriageable age when registering. */
function marriageRows(def: ResourceDef, rng: Random, pop: Population): Record<string, unknown>[] {
  const count = def.rows.count === "all" ? 100 : def.rows.count;
  const men = rng.sample(pop.people.filter((p) => p.gender === "男" && bornYear(p) <= 2001), count);
  const women = rng.sample(pop.people.filter((p) => p.gender === "女" && bornYear(p) <= 2003), count);
  return men.map((man, i) => {
    const woman = women[i];
    // Legal marriage age: 22 for men, 20 for women (Civil Code art. 1047).
    const earliest = [addDays(man.birthDate, 22 * 366), addDays(woman.birthDate, 20 * 366), "2003-10-01"].sort().at(-1)!;
    const registeredOn = randomDay(rng, earliest, "2026-10-30");
    if (ageOn(man.birthDate, registeredOn) < 22 || ageOn(woman.birthDate, registeredOn) < 20) {
      throw new Error("a marriage registration before the legal age");
    }
    return {
      husband_name: man.name,
      husband_id_number: man.idNumber,
      wife_name: woman.name,
      wife_id_number: woman.idNumber,
      registered_on: registeredOn,
      registration_type: rng.weighted([["结婚登记", 80], ["离婚登记", 15], ["补发婚姻登记证", 5]] as const),
      registry: `江州市${man.district}民政局婚姻登记处`,
    };
  });
}

const CUSTOM_ROWS: Record<string, (def: ResourceDef, rng: Random, pop: Population) => Record<string, unknown>[]> = {
  婚姻登记信息: marriageRows,
};

/**
 * Awkward values kept on purpose, for the masking path: a landline where a mobile is expected and
 * an empty e-mail address.
 */
const PATCHES: Record<string, (rows: Record<string, unknown>[]) => void> = {
  社会保险参保信息: (rows) => {
    Object.assign(rows[3], { mobile: "0791-86123456", email: "" });
    Object.assign(rows[17], { mobile: "0791-83345678", email: "" });
  },
};

/** The rows of one resource. Throws when a recipe makes a value that does not fit its item. */
export function buildRows(def: ResourceDef, pop: Population): DemoRow[] {
  const rng = Random.stream(`rows:${def.name}`);
  let data: Record<string, unknown>[];
  const custom = CUSTOM_ROWS[def.name];
  if (custom) {
    data = custom(def, rng, pop);
  } else {
    data = subjects(def, rng, pop).map((s, index) => {
      const home = s.person ? DISTRICT_BY_NAME.get(s.person.district) : s.entity ? DISTRICT_BY_NAME.get(s.entity.district) : undefined;
      const ctx: RowContext = { rng, index, ...s, district: home ?? pickDistrict(rng), values: {}, pop };
      for (const item of def.items) ctx.values[item.code] = valueOf(item, ctx);
      return ctx.values;
    });
  }
  PATCHES[def.name]?.(data);

  const keys = new Set<string>();
  return data.map((values, i) => {
    const row: Record<string, unknown> = {};
    for (const item of def.items) {
      if (!(item.code in values)) throw new Error(`${def.name}: a row has no ${item.code}`);
      row[item.code] = typed(item, values[item.code], def.name);
    }
    const key = def.rows.key ? String(row[def.rows.key]) : `R${String(i + 1).padStart(6, "0")}`;
    if (keys.has(key)) throw new Error(`${def.name}: duplicate row key ${key}`);
    keys.add(key);
    return { key, data: row };
  });
}
