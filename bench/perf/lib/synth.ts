// Deterministic bench data on top of the demo city 江州市: more departments (with a PROVIDER and
// a CONSUMER account each), thousands of catalog entries with their items and versions, and a
// population register (人口基本信息, J01-002-0001) of a million people and more. Every value comes
// from a named seeded stream (src/demo/random.ts) and the demo's own generators (names, addresses,
// mobile numbers, identity numbers with check digits), so two loads of a scale are identical and
// masking meets the same kinds of values as on the demo city.
import { BASE_CLASS, DEPARTMENT_CLASS, THEME_CLASS } from "../../../src/demo/define.js";
import { DISTRICTS, buildPeople, cityAddress, mobileNumber, personName, pickDistrict, randomDay } from "../../../src/demo/people.js";
import { Random } from "../../../src/demo/random.js";
import { creditCodeCheckChar, idCardCheckDigit, orgCodeCheckChar } from "../../../src/records/identifiers.js";
import { isAllowedShareOpenPair } from "../../../src/catalog/rules.js";

export type Scale = "city" | "province";

export interface ScaleSpec {
  /** Departments in all (the demo city's 12 included). */
  departments: number;
  /** Catalog entries in all (the demo city's included). */
  resources: number;
  /** Data items in all (the demo city's included). */
  items: number;
  /** Rows of 人口基本信息 in all (the demo city's 2,400 included). */
  population: number;
}

export const SCALES: Record<Scale, ScaleSpec> = {
  city: { departments: 60, resources: 3_000, items: 60_000, population: 1_000_000 },
  province: { departments: 60, resources: 100_000, items: 2_000_000, population: 5_000_000 },
};

/** Bumped when the generated data changes: a loaded database records it (gateway_meta.bench_data). */
export const DATA_VERSION = "1";

export const POPULATION_CODE = "J01-002-0001";

/** The two-character searches of W1: every one matches a few per cent of the catalog. */
export const SEARCH_TERMS = ["人口", "企业", "社保", "医疗", "教育", "交通", "住房", "信用"];

// ------------------------------------------------------------------------------- departments

/** Departments 13…60 (the demo city has 1…12), after a mid-sized Chinese city's organs. */
const MORE_DEPARTMENTS: ReadonlyArray<[string, string]> = [
  ["市发展和改革委员会", "发改委"], ["市财政局", "财政局"], ["市司法局", "司法局"], ["市应急管理局", "应急局"],
  ["市农业农村局", "农业农村局"], ["市水利局", "水利局"], ["市商务局", "商务局"], ["市文化广电旅游局", "文广旅局"],
  ["市退役军人事务局", "退役军人局"], ["市审计局", "审计局"], ["市统计局", "统计局"], ["市林业局", "林业局"],
  ["市体育局", "体育局"], ["市档案馆", "档案馆"], ["市气象局", "气象局"], ["市消防救援支队", "消防支队"],
  ["市住房公积金管理中心", "公积金中心"], ["市科学技术局", "科技局"], ["市工业和信息化局", "工信局"], ["市民族宗教事务局", "民宗局"],
  ["市城市管理局", "城管局"], ["市人民防空办公室", "人防办"], ["市地方金融监督管理局", "金融局"], ["市机关事务管理局", "机关事务局"],
  ["市信访局", "信访局"], ["市粮食和物资储备局", "粮储局"], ["市国有资产监督管理委员会", "国资委"], ["市乡村振兴局", "乡村振兴局"],
  ["市残疾人联合会", "残联"], ["市税务局", "税务局"], ["市邮政管理局", "邮政局"], ["市烟草专卖局", "烟草局"],
  ["市不动产登记中心", "不动产中心"], ["市公共资源交易中心", "交易中心"], ["市疾病预防控制中心", "疾控中心"], ["市行政审批局", "审批局"],
  ["市总工会", "总工会"], ["市妇女联合会", "妇联"], ["市红十字会", "红十字会"], ["市港航管理局", "港航局"],
  ...DISTRICTS.map((d): [string, string] => [`${d.name}人民政府`, `${d.name}政府`]),
];

export interface SynthDepartment {
  id: number;
  seq: number;
  code: string;
  name: string;
  shortName: string;
  kind: "CONSTITUENT" | "AFFILIATED";
}

/** A government organ's 统一社会信用代码, made as the demo city makes its departments'. */
function organCode(seq: number): string {
  const rng = Random.stream(`department:${seq}`);
  const body = `0${rng.digits(7)}`;
  const first17 = `11361200${body}${orgCodeCheckChar(body)}`;
  return first17 + creditCodeCheckChar(first17);
}

export function moreDepartments(total: number, firstSeq: number, firstId: number): SynthDepartment[] {
  const out: SynthDepartment[] = [];
  for (let seq = firstSeq; seq <= total; seq++) {
    const i = seq - firstSeq;
    const [name, shortName] = MORE_DEPARTMENTS[i] ?? [`市第${seq}直属机构`, `直属${seq}`];
    out.push({ id: firstId + i, seq, code: organCode(seq), name, shortName, kind: i % 5 === 4 ? "AFFILIATED" : "CONSTITUENT" });
  }
  return out;
}

export interface SynthAccount {
  id: number;
  login: string;
  name: string;
  departmentId: number;
  roles: string[];
}

/** A PROVIDER (p<seq>) and a CONSUMER (c<seq>) account for each new department. */
export function accountsFor(depts: SynthDepartment[], firstId: number): SynthAccount[] {
  const rng = Random.stream("bench:accounts");
  const out: SynthAccount[] = [];
  for (const d of depts) {
    for (const [prefix, role] of [["p", "PROVIDER"], ["c", "CONSUMER"]] as const) {
      out.push({ id: firstId + out.length, login: `${prefix}${d.seq}`, name: personName(rng, rng.chance(0.5) ? "男" : "女").name, departmentId: d.id, roles: [role] });
    }
  }
  return out;
}

// ------------------------------------------------------------------------------- resources

const SUBJECTS = [
  "流动人口", "户籍人口", "人口普查", "老年人口", "企业", "小微企业", "企业年报", "外资企业", "企业信用",
  "社保缴费", "社保待遇", "社保卡", "医疗机构", "医疗器械", "医疗救助", "医疗废物", "学前教育", "义务教育",
  "职业教育", "教育收费", "交通违法", "交通事故", "公共交通", "交通运输企业", "保障性住房", "住房租赁",
  "住房公积金", "信用承诺", "信用修复", "药品经营", "食品生产", "特种设备", "危险化学品", "安全生产",
  "消防安全", "建设工程", "城市规划", "土地出让", "矿产资源", "林地", "耕地保护", "水资源", "河道",
  "水质监测", "空气质量", "噪声监测", "排污许可", "固体废物", "气象观测", "农作物", "畜禽养殖", "农机",
  "渔业捕捞", "旅游景区", "文物保护", "体育场馆", "图书馆", "广播电视", "档案", "统计调查", "审计",
  "财政预算", "政府采购", "国有资产", "税收", "发票", "邮政快递", "烟草专卖", "粮食储备", "退役军人",
  "残疾人", "最低生活保障", "临时救助", "殡葬服务", "婚姻登记", "收养登记", "社会组织", "志愿服务",
  "法律援助", "人民调解", "社区矫正", "信访", "工会会员", "妇女儿童", "港口", "船舶", "驾驶人", "机动车",
  "出租汽车", "停车场", "充电桩", "市政设施", "园林绿化", "环境卫生", "城管执法", "人防工程",
  "公共资源交易", "行政审批", "疫苗接种", "出生医学证明", "慢病管理", "传染病", "健康体检",
];

const QUALIFIERS = [
  "基本信息", "登记信息", "许可信息", "监管信息", "统计信息", "变更记录", "处罚信息", "年度报告", "备案信息",
  "核查信息", "明细", "台账", "名录", "检查记录", "服务记录", "补贴发放信息", "办件信息", "评价信息",
];

type ItemTemplate = [code: string, name: string, dataType: string, length: number | null, sensitivity: string, masking: string];

/** Items a bench resource draws from; L2–L4 items all have a masking strategy (R20). */
const ITEM_POOL: ItemTemplate[] = [
  ["name", "姓名", "C", 50, "L3", "NAME"], ["id_number", "公民身份号码", "C", 18, "L3", "ID_CARD"],
  ["mobile", "手机号码", "C", 11, "L3", "MOBILE"], ["address", "住址", "C", 200, "L3", "ADDRESS"],
  ["birth_date", "出生日期", "D", null, "L2", "DATE_TO_YEAR"], ["gender", "性别", "C", 2, "L1", "NONE"],
  ["email", "电子邮箱", "C", 100, "L3", "EMAIL"], ["bank_card", "银行卡号", "C", 19, "L4", "BANK_CARD"],
  ["photo", "照片", "I", null, "L4", "REDACT"], ["credit_code", "统一社会信用代码", "C", 18, "L1", "NONE"],
  ["org_name", "单位名称", "C", 200, "L1", "NONE"], ["legal_rep", "法定代表人", "C", 50, "L2", "NAME"],
  ["reg_address", "注册地址", "C", 200, "L1", "NONE"], ["contact_phone", "联系电话", "C", 20, "L2", "REDACT"],
  ["amount", "金额", "Y", 18, "L1", "NONE"], ["quantity", "数量", "N", 10, "L1", "NONE"],
  ["status", "状态", "C", 20, "L1", "NONE"], ["kind", "类别", "C", 50, "L1", "NONE"],
  ["issued_on", "发证日期", "D", null, "L1", "NONE"], ["valid_until", "有效期至", "D", null, "L1", "NONE"],
  ["authority", "发证机关", "C", 100, "L1", "NONE"], ["license_no", "许可证编号", "C", 50, "L1", "NONE"],
  ["approved_at", "审批时间", "T", null, "L1", "NONE"], ["district", "所在区县", "C", 20, "L1", "NONE"],
  ["longitude", "经度", "Y", 12, "L1", "NONE"], ["latitude", "纬度", "Y", 12, "L1", "NONE"],
  ["remarks", "备注", "C", 500, "L1", "NONE"], ["case_no", "案件编号", "C", 50, "L2", "KEYED_HASH"],
  ["penalty", "处罚决定", "C", 500, "L2", "REDACT"], ["inspector", "检查人员", "C", 50, "L2", "NAME"],
  ["inspected_on", "检查日期", "D", null, "L1", "NONE"], ["result", "检查结果", "C", 200, "L1", "NONE"],
  ["subsidy", "补贴金额", "Y", 12, "L2", "NULLIFY"], ["account_no", "账户号码", "C", 30, "L4", "BANK_CARD"],
  ["household_no", "户号", "C", 20, "L2", "KEYED_HASH"], ["diagnosis", "诊断结果", "C", 200, "L4", "REDACT"],
  ["updated_on", "数据更新日期", "D", null, "L1", "NONE"], ["source", "数据来源", "C", 100, "L1", "NONE"],
  ["scale", "规模", "C", 20, "L1", "NONE"], ["industry", "所属行业", "C", 50, "L1", "NONE"],
  ["capital", "注册资本", "Y", 18, "L1", "NONE"], ["established_on", "成立日期", "D", null, "L1", "NONE"],
  ["employees", "从业人数", "N", 8, "L1", "NONE"], ["serial_no", "流水号", "C", 32, "L1", "NONE"],
  ["handler", "经办人", "C", 50, "L2", "NAME"], ["handled_at", "办理时间", "T", null, "L1", "NONE"],
];

const FORMATS = ["DATABASE", "DATABASE", "SPREADSHEET", "ELECTRONIC_FILE", "SERVICE_API", "IMAGE"];
const CYCLES = ["REALTIME", "DAILY", "DAILY", "WEEKLY", "MONTHLY", "MONTHLY", "QUARTERLY", "YEARLY", "IRREGULAR"];
const METHODS = ["API", "ONLINE_QUERY", "BATCH_DOWNLOAD"];
const BASE_THEME_NAMES = Object.keys(BASE_CLASS);
const THEME_NAMES = Object.keys(THEME_CLASS);
const DEPARTMENT_CLASSES = Object.values(DEPARTMENT_CLASS) as string[];
const CYCLE_WORDS: Record<string, string> = {
  REALTIME: "实时", DAILY: "每日", WEEKLY: "每周", MONTHLY: "每月", QUARTERLY: "每季度", YEARLY: "每年", IRREGULAR: "不定期",
};

export interface SynthItem {
  id: number;
  resourceId: number;
  position: number;
  code: string;
  name: string;
  dataType: string;
  length: number | null;
  sensitivity: string;
  maskingStrategy: string;
  description: string;
}

export interface SynthResource {
  id: number;
  code: string;
  name: string;
  summary: string;
  category: "BASE" | "THEME" | "DEPARTMENT";
  theme: string | null;
  format: string;
  updateCycle: string;
  shareType: "UNCONDITIONAL" | "CONDITIONAL" | "NOT_SHARED";
  shareCondition: string | null;
  shareMethods: string[];
  legalBasis: string | null;
  openType: "UNCONDITIONAL" | "CONDITIONAL" | "NOT_OPEN";
  openCondition: string | null;
  departmentId: number;
  sourceSystem: string;
  useRequirements: string | null;
  relatedCodes: string[];
  publishedAt: string;
  updatedAt: string;
  dataUpdatedAt: string;
  items: SynthItem[];
}

export interface ResourcePlan {
  /** How many resources to make. */
  count: number;
  /** How many items they have together. */
  items: number;
  firstResourceId: number;
  firstItemId: number;
  /** Departments that provide them (not the coordinator). */
  departments: Array<{ id: number; seq: number; shortName: string }>;
  /** Highest order number already used per code prefix (e.g. "J01-002" → 3) by the demo city. */
  usedOrders: Map<string, number>;
}

const LETTER = { BASE: "J", THEME: "Z", DEPARTMENT: "B" } as const;

function iso(day: string, rng: Random): string {
  return `${day}T${String(rng.int(0, 15)).padStart(2, "0")}:${String(rng.int(0, 59)).padStart(2, "0")}:00.000Z`;
}

/**
 * The resources, generated one at a time (a province has 100,000 with two million items): each
 * from its own stream `bench:resource:<n>`, so resource n is the same at every scale.
 */
export function* generateResources(plan: ResourcePlan): Generator<SynthResource> {
  const orders = new Map(plan.usedOrders);
  const base = Math.floor(plan.items / plan.count);
  const extra = plan.items - base * plan.count;
  let itemId = plan.firstItemId;
  const recent: string[] = [];
  for (let n = 0; n < plan.count; n++) {
    const rng = Random.stream(`bench:resource:${n}`);
    const dept = plan.departments[n % plan.departments.length];
    const roll = rng.next();
    const category = roll < 0.05 ? "BASE" : roll < 0.4 ? "THEME" : "DEPARTMENT";
    let theme: string | null = null;
    let cls: string;
    if (category === "BASE") {
      theme = rng.pick(BASE_THEME_NAMES);
      cls = BASE_CLASS[theme];
    } else if (category === "THEME") {
      theme = rng.pick(THEME_NAMES);
      cls = THEME_CLASS[theme];
    } else {
      cls = rng.pick(DEPARTMENT_CLASSES);
    }
    const prefix = `${LETTER[category]}${cls}-${String(dept.seq).padStart(3, "0")}`;
    const order = (orders.get(prefix) ?? 0) + 1;
    orders.set(prefix, order);
    const code = `${prefix}-${String(order).padStart(4, "0")}`;

    const subject = rng.pick(SUBJECTS);
    const qualifier = rng.pick(QUALIFIERS);
    const region = rng.chance(0.3) ? pickDistrict(rng).name : "";
    const name = `${region}${subject}${qualifier}`;

    // R4: base resources are shared unconditionally; R3: not shared only with a legal basis.
    const shareType = category === "BASE" ? "UNCONDITIONAL" : rng.weighted([["UNCONDITIONAL", 55], ["CONDITIONAL", 35], ["NOT_SHARED", 10]] as const);
    let openType = rng.weighted([["UNCONDITIONAL", 20], ["CONDITIONAL", 20], ["NOT_OPEN", 60]] as const);
    if (!isAllowedShareOpenPair(shareType, openType)) openType = "NOT_OPEN";

    const itemCount = base + (n < extra ? 1 : 0);
    const picked = rng.sample(ITEM_POOL, Math.min(itemCount, ITEM_POOL.length));
    const items: SynthItem[] = [];
    for (let i = 0; i < itemCount; i++) {
      const t = picked[i % picked.length];
      const round = Math.floor(i / picked.length);
      items.push({
        id: itemId++,
        resourceId: plan.firstResourceId + n,
        position: i + 1,
        code: round ? `${t[0]}_${round + 1}` : t[0],
        name: round ? `${t[1]}${round + 1}` : t[1],
        dataType: t[2],
        length: t[3],
        sensitivity: t[4],
        maskingStrategy: t[5],
        description: `${subject}${qualifier}中的${t[1]}`,
      });
    }
    const cycle = rng.pick(CYCLES);
    const published = randomDay(rng, "2021-01-01", "2025-12-31");
    const updated = randomDay(rng, published, "2026-10-31");
    const dataUpdated = randomDay(rng, updated, "2026-10-31");
    const related = recent.length && rng.chance(0.5) ? rng.sample(recent, rng.int(1, Math.min(3, recent.length))) : [];
    recent.push(code);
    if (recent.length > 50) recent.shift();
    yield {
      id: plan.firstResourceId + n,
      code,
      name,
      summary: `${dept.shortName}在履行${subject}管理职责中形成的${qualifier}，包括${items.slice(0, 4).map((i) => i.name).join("、")}等${itemCount}个信息项，${CYCLE_WORDS[cycle] ?? ""}更新。`,
      category,
      theme,
      format: rng.pick(FORMATS),
      updateCycle: cycle,
      shareType,
      shareCondition: shareType === "CONDITIONAL" ? "仅限依法履职需要，经提供部门审核同意后按申请的信息项共享" : null,
      shareMethods: shareType === "NOT_SHARED" ? [] : rng.sample(METHODS, rng.int(1, 3)),
      legalBasis: shareType === "NOT_SHARED" ? "《中华人民共和国个人信息保护法》第三十四条：国家机关处理个人信息不得超出履行法定职责所必需的范围" : null,
      openType,
      openCondition: openType === "CONDITIONAL" ? "申请人须说明用途和使用范围，经提供部门审核后开放" : null,
      departmentId: dept.id,
      sourceSystem: `${dept.shortName}${subject}管理系统`,
      useRequirements: rng.chance(0.3) ? "仅限申请事项使用，不得向第三方提供。" : null,
      relatedCodes: related,
      publishedAt: iso(published, rng),
      updatedAt: iso(updated, rng),
      dataUpdatedAt: iso(dataUpdated, rng),
      items,
    };
  }
}

/** What resource_versions keeps of an entry (src/catalog/editing.service.ts, snapshotOf). */
export function snapshotOf(r: SynthResource): Record<string, unknown> {
  return {
    name: r.name, summary: r.summary, category: r.category, theme: r.theme, format: r.format,
    updateCycle: r.updateCycle, shareType: r.shareType, shareCondition: r.shareCondition,
    shareMethods: r.shareMethods, legalBasis: r.legalBasis, openType: r.openType,
    openCondition: r.openCondition, sourceSystem: r.sourceSystem, useRequirements: r.useRequirements,
    relatedCodes: r.relatedCodes,
    items: r.items.map((i) => ({
      code: i.code, name: i.name, dataType: i.dataType, length: i.length, sensitivity: i.sensitivity,
      maskingStrategy: i.maskingStrategy, description: i.description, element: null, isSource: false,
    })),
  };
}

export interface SynthVersion {
  resourceId: number;
  version: number;
  kind: string;
  changedByAccountId: number;
  changedAt: string;
  diff: unknown;
  snapshot: unknown;
  note: string | null;
}

/** CREATED, SUBMITTED, PUBLISHED, and for some an UPDATED summary: as the editing workflow writes them. */
export function versionsOf(r: SynthResource, providerAccountId: number, coordinatorAccountId: number): SynthVersion[] {
  const rng = Random.stream(`bench:versions:${r.id}`);
  const snap = snapshotOf(r);
  const created = snap as Record<string, unknown>;
  const diffCreated = Object.entries(created).map(([field, to]) => ({ field, from: null, to }));
  const out: SynthVersion[] = [
    { resourceId: r.id, version: 1, kind: "CREATED", changedByAccountId: providerAccountId, changedAt: r.publishedAt, diff: diffCreated, snapshot: snap, note: null },
    { resourceId: r.id, version: 2, kind: "SUBMITTED", changedByAccountId: providerAccountId, changedAt: r.publishedAt, diff: [], snapshot: snap, note: null },
    { resourceId: r.id, version: 3, kind: "PUBLISHED", changedByAccountId: coordinatorAccountId, changedAt: r.publishedAt, diff: [], snapshot: snap, note: "审核通过" },
  ];
  if (r.updatedAt > r.publishedAt && rng.chance(0.4)) {
    const before = `${r.summary.slice(0, -1)}（初版）。`;
    out.push({
      resourceId: r.id, version: 4, kind: "UPDATED", changedByAccountId: providerAccountId, changedAt: r.updatedAt,
      diff: [{ field: "summary", from: before, to: r.summary }], snapshot: snap, note: null,
    });
  }
  return out;
}

// ------------------------------------------------------------------------------- population

const ETHNICITIES: ReadonlyArray<readonly [string, number]> = [
  ["汉族", 950], ["畲族", 12], ["回族", 10], ["苗族", 7], ["壮族", 6], ["满族", 5], ["土家族", 5], ["蒙古族", 3], ["瑶族", 2],
];
const BIRTH_DECADES: ReadonlyArray<readonly [number, number]> = [
  [1940, 4], [1950, 9], [1960, 16], [1970, 15], [1980, 16], [1990, 15], [2000, 12], [2010, 11], [2020, 2],
];

export interface PopulationRow {
  key: string;
  data: Record<string, unknown>;
}

/**
 * People for 人口基本信息, the same items as the demo's rows (name, id_number, mobile, address,
 * birth_date, gender, ethnicity, household_district, photo). Identity numbers are unique by
 * construction: the 3-digit sequence counts people of the same district, birthday and gender
 * (odd for men, even for women, as GB 11643 has it), skipping numbers the demo city already uses.
 */
export function* generatePopulation(count: number): Generator<PopulationRow> {
  const rng = Random.stream("bench:population");
  const taken = new Set(buildPeople().map((p) => p.idNumber));
  const next = new Map<string, number>();
  const female = [0, 2, 4, 6, 8];
  const male = [1, 3, 5, 7, 9];
  for (let made = 0; made < count; ) {
    const gender = rng.chance(0.51) ? "男" : "女";
    const { name } = personName(rng, gender);
    const decade = rng.weighted(BIRTH_DECADES);
    const year = decade === 2020 ? rng.int(2020, 2022) : decade + rng.int(0, 9);
    const birth = randomDay(rng, `${year}-01-01`, `${year}-12-31`);
    const district = pickDistrict(rng);
    const head = `${district.code}${birth.replaceAll("-", "")}`;
    const slot = head + gender;
    let n = next.get(slot) ?? 0;
    let id = "";
    while (n < 500) {
      const body = `${head}${String(Math.floor(n / 5)).padStart(2, "0")}${(gender === "男" ? male : female)[n % 5]}`;
      id = body + idCardCheckDigit(body);
      n++;
      if (!taken.has(id)) break;
      id = "";
    }
    next.set(slot, n);
    if (!id) continue; // that day of that district is full: draw another person
    const mobile = mobileNumber(rng);
    const address = cityAddress(rng, district);
    yield {
      key: id,
      data: {
        name,
        id_number: id,
        mobile,
        address,
        birth_date: birth,
        gender,
        ethnicity: rng.weighted(ETHNICITIES),
        household_district: district.name,
        photo: `photos/${rng.int(2021, 2025)}/${id}.jpg`,
      },
    };
    made++;
  }
}
