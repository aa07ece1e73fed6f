// The people and entities of 江州市: citizens of the population register (人口基本信息) and the
// legal entities of the entity register (法人单位基本信息). The other resources take their
// subjects from here, so rows join across resources by 公民身份号码 and 统一社会信用代码.
import {
  CREDIT_CODE_ALPHABET,
  creditCodeCheckChar,
  idCardCheckDigit,
  luhnCheckDigit,
  orgCodeCheckChar,
} from "../records/identifiers.js";
import { Random } from "./random.js";

export const CITY_NAME = "江州市";
/** Administrative division code of the city (a fictional one). */
export const CITY_CODE = "361200";
/** The city's telephone area code. */
export const AREA_CODE = "0791";

export interface District {
  /** 6-digit administrative division code: the prefix of identity numbers registered there. */
  code: string;
  name: string;
  /** A county (县): many addresses go by town and village. */
  rural: boolean;
  /** Share of the population. */
  weight: number;
  roads: string[];
  towns: string[];
}

export const DISTRICTS: District[] = [
  { code: "361202", name: "云湖区", rural: false, weight: 22, roads: ["明德路", "云湖大道", "人民路", "解放路", "湖光路", "学府路", "文昌街"], towns: [] },
  { code: "361203", name: "江北区", rural: false, weight: 18, roads: ["滨江大道", "北京路", "建设路", "长青路", "江华路", "新港路"], towns: [] },
  { code: "361204", name: "青山区", rural: false, weight: 15, roads: ["青山路", "和平路", "光明路", "工业大道", "翠微路", "松林街"], towns: [] },
  { code: "361205", name: "湖滨区", rural: false, weight: 12, roads: ["湖滨路", "新华路", "青年路", "文化路", "沿湖东路"], towns: [] },
  { code: "361221", name: "临江县", rural: true, weight: 10, roads: ["城关大道", "临江路", "府前街"], towns: ["城关镇", "石桥镇", "龙口镇", "白鹭乡"] },
  { code: "361222", name: "白石县", rural: true, weight: 8, roads: ["白石大道", "中山路", "东门街"], towns: ["白石镇", "古塘镇", "洪家乡"] },
  { code: "361223", name: "梅岭县", rural: true, weight: 6, roads: ["梅岭大道", "红旗路"], towns: ["梅岭镇", "茶园镇", "太平乡"] },
  { code: "361224", name: "桐溪县", rural: true, weight: 9, roads: ["桐溪大道", "溪东路", "站前路", "振兴路"], towns: ["桐溪镇", "柳湾镇", "杉木乡"] },
];

export const DISTRICT_BY_NAME = new Map(DISTRICTS.map((d) => [d.name, d]));

const VILLAGES = ["新塘村", "上湾村", "下洲村", "枫林村", "杨家村", "河口村", "桃园村", "高坪村", "竹山村", "荷塘村"];
const COMMUNITIES = ["锦绣花园", "阳光小区", "翠湖苑", "金色家园", "江景华府", "学府名邸", "和谐家园", "春晖小区"];

// [surname, pinyin, weight]: frequencies after the national surname statistics.
const SURNAMES: ReadonlyArray<readonly [string, string, number]> = [
  ["王", "wang", 72], ["李", "li", 72], ["张", "zhang", 68], ["刘", "liu", 54], ["陈", "chen", 46],
  ["杨", "yang", 31], ["黄", "huang", 24], ["赵", "zhao", 23], ["吴", "wu", 21], ["周", "zhou", 21],
  ["徐", "xu", 15], ["孙", "sun", 15], ["马", "ma", 14], ["朱", "zhu", 13], ["胡", "hu", 13],
  ["郭", "guo", 12], ["何", "he", 12], ["高", "gao", 11], ["林", "lin", 11], ["罗", "luo", 10],
  ["郑", "zheng", 10], ["梁", "liang", 9], ["谢", "xie", 8], ["宋", "song", 7], ["唐", "tang", 7],
  ["许", "xu", 7], ["韩", "han", 7], ["冯", "feng", 7], ["邓", "deng", 7], ["曹", "cao", 6],
  ["彭", "peng", 6], ["曾", "zeng", 6], ["肖", "xiao", 6], ["田", "tian", 5], ["董", "dong", 5],
  ["袁", "yuan", 5], ["潘", "pan", 5], ["于", "yu", 5], ["蒋", "jiang", 5], ["蔡", "cai", 5],
  ["余", "yu", 5], ["杜", "du", 5], ["叶", "ye", 4], ["程", "cheng", 4], ["苏", "su", 4],
  ["魏", "wei", 4], ["吕", "lv", 4], ["丁", "ding", 4], ["任", "ren", 4], ["沈", "shen", 4],
  ["姚", "yao", 4], ["卢", "lu", 4], ["姜", "jiang", 4], ["崔", "cui", 4], ["钟", "zhong", 4],
  ["谭", "tan", 3], ["陆", "lu", 3], ["汪", "wang", 3], ["范", "fan", 3], ["金", "jin", 3],
  ["石", "shi", 3], ["廖", "liao", 3], ["贾", "jia", 3], ["夏", "xia", 3], ["韦", "wei", 3],
  ["付", "fu", 3], ["方", "fang", 3], ["白", "bai", 3], ["邹", "zou", 3], ["孟", "meng", 3],
  ["熊", "xiong", 3], ["秦", "qin", 3], ["邱", "qiu", 3], ["江", "jiang", 3], ["尹", "yin", 3],
  ["薛", "xue", 2], ["闫", "yan", 2], ["段", "duan", 2], ["雷", "lei", 2], ["侯", "hou", 2],
  ["龙", "long", 2], ["史", "shi", 2], ["陶", "tao", 2], ["黎", "li", 2], ["贺", "he", 2],
  ["顾", "gu", 2], ["毛", "mao", 2], ["郝", "hao", 2], ["龚", "gong", 2], ["邵", "shao", 2],
  ["万", "wan", 2], ["钱", "qian", 2], ["严", "yan", 2], ["武", "wu", 2], ["戴", "dai", 2],
  ["莫", "mo", 1], ["孔", "kong", 1], ["向", "xiang", 1], ["汤", "tang", 1], ["褚", "chu", 1],
];

/** Compound surnames (复姓): masking must keep them whole (欧阳**), so the demo has plenty. */
export const COMPOUND_SURNAMES: ReadonlyArray<readonly [string, string, number]> = [
  ["欧阳", "ouyang", 5], ["司马", "sima", 2], ["诸葛", "zhuge", 2], ["上官", "shangguan", 2], ["司徒", "situ", 2],
  ["东方", "dongfang", 1], ["皇甫", "huangfu", 1], ["慕容", "murong", 1], ["尉迟", "yuchi", 1], ["令狐", "linghu", 1],
];

/** Share of people with a compound surname: far above the real one, so tests meet enough of them. */
const COMPOUND_SHARE = 0.03;

const MALE_CHARS = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林阳建国志文海峰亮成东晨博轩睿泽天正永德荣昊然";
const FEMALE_CHARS = "芳娜敏静丽艳娟霞燕玲婷雪慧洁琳颖倩红梅莉萍晶欣怡佳悦雨诗涵思梦婉瑶蕾秀兰凤琴月馨淑";

const ETHNICITIES: ReadonlyArray<readonly [string, number]> = [
  ["汉族", 950], ["畲族", 12], ["回族", 10], ["苗族", 7], ["壮族", 6], ["满族", 5], ["土家族", 5], ["蒙古族", 3], ["瑶族", 2],
];

const MOBILE_PREFIXES = [
  "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155",
  "156", "157", "158", "159", "166", "173", "177", "180", "181", "182", "183", "185", "186", "187", "188",
  "189", "191", "198", "199",
];
const MAIL_DOMAINS = ["163.com", "126.com", "qq.com", "sina.cn", "139.com", "foxmail.com"];
const CARD_BINS = ["622848", "621700", "622202", "623058", "621799"];

// ---------------------------------------------------------------------------------------------
// Dates: whole days, in UTC arithmetic, written "YYYY-MM-DD".

const DAY_MS = 86_400_000;

// Both conversions are remembered (a few tens of thousands of days at most in the demo and the
// bench, which draws a birthday for each of a million people).
const dayNumbers = new Map<string, number>();
const dayStrings = new Map<number, string>();
const REMEMBERED_DAYS = 200_000;

export function dayNumber(date: string): number {
  let n = dayNumbers.get(date);
  if (n === undefined) {
    n = Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
    if (dayNumbers.size < REMEMBERED_DAYS) dayNumbers.set(date, n);
  }
  return n;
}

export function dayString(n: number): string {
  let s = dayStrings.get(n);
  if (s === undefined) {
    s = new Date(n * DAY_MS).toISOString().slice(0, 10);
    if (dayStrings.size < REMEMBERED_DAYS) dayStrings.set(n, s);
  }
  return s;
}

export function addDays(date: string, days: number): string {
  return dayString(dayNumber(date) + days);
}

/** A day in [from, to], both included. */
export function randomDay(rng: Random, from: string, to: string): string {
  return dayString(rng.int(dayNumber(from), dayNumber(to)));
}

/** A Beijing date-time in [from, to] as ISO 8601 with its offset: "2026-10-31T08:15:00+08:00". */
export function randomDateTime(rng: Random, from: string, to: string): string {
  const day = randomDay(rng, from, to);
  const hh = String(rng.int(0, 23)).padStart(2, "0");
  const mm = String(rng.int(0, 59)).padStart(2, "0");
  const ss = String(rng.int(0, 59)).padStart(2, "0");
  return `${day}T${hh}:${mm}:${ss}+08:00`;
}

// ---------------------------------------------------------------------------------------------
// Small generators shared by people, entities and rows.

// The weighted lists and character lists below are built once: the bench draws a million people
// with them, and the draws are the same as with lists built per call.
const DISTRICT_WEIGHTS = DISTRICTS.map((d) => [d, d.weight] as const);

export function pickDistrict(rng: Random): District {
  return rng.weighted(DISTRICT_WEIGHTS);
}

/** An address in the city, down to the room: 江州市云湖区明德路128号3栋2单元501室. */
export function cityAddress(rng: Random, district: District = pickDistrict(rng)): string {
  const head = `${CITY_NAME}${district.name}`;
  if (district.rural && rng.chance(0.6)) {
    return `${head}${rng.pick(district.towns)}${rng.pick(VILLAGES)}${rng.int(1, 120)}号`;
  }
  const road = rng.pick(district.roads);
  const no = rng.int(1, 399);
  if (rng.chance(0.25)) return `${head}${road}${no}号${rng.pick(COMMUNITIES)}${rng.int(1, 30)}栋${rng.int(1, 33)}0${rng.int(1, 4)}室`;
  return `${head}${road}${no}号${rng.int(1, 18)}栋${rng.int(1, 4)}单元${rng.int(1, 28)}0${rng.int(1, 4)}室`;
}

/** A business address: street number, sometimes a floor and room. */
export function businessAddress(rng: Random, district: District = pickDistrict(rng)): string {
  const head = `${CITY_NAME}${district.name}${rng.pick(district.roads)}${rng.int(1, 599)}号`;
  return rng.chance(0.4) ? `${head}${rng.int(1, 25)}楼${rng.int(1, 25)}0${rng.int(1, 9)}室` : head;
}

export function mobileNumber(rng: Random): string {
  return rng.pick(MOBILE_PREFIXES) + rng.digits(8);
}

/** A landline with the area code: 0791-86123456. */
export function landline(rng: Random): string {
  return `${AREA_CODE}-8${rng.int(1, 8)}${rng.digits(6)}`;
}

/** A 19-digit bank card number with its Luhn check digit. */
export function bankCardNumber(rng: Random): string {
  const body = rng.pick(CARD_BINS) + rng.digits(12);
  return body + luhnCheckDigit(body);
}

export interface PersonName {
  name: string;
  surname: string;
  pinyin: string;
}

const COMPOUND_SURNAME_WEIGHTS = COMPOUND_SURNAMES.map((s) => [s, s[2]] as const);
const SURNAME_WEIGHTS = SURNAMES.map((s) => [s, s[2]] as const);
const MALE_CHAR_LIST = Array.from(MALE_CHARS);
const FEMALE_CHAR_LIST = Array.from(FEMALE_CHARS);

export function personName(rng: Random, gender: "男" | "女"): PersonName {
  const [surname, pinyin] = rng.chance(COMPOUND_SHARE) ? rng.weighted(COMPOUND_SURNAME_WEIGHTS) : rng.weighted(SURNAME_WEIGHTS);
  const chars = gender === "男" ? MALE_CHAR_LIST : FEMALE_CHAR_LIST;
  // A compound surname takes a one- or two-character given name (at most four characters).
  let given = rng.pick(chars);
  if (rng.chance(0.7)) given += rng.pick(chars);
  return { name: surname + given, surname, pinyin };
}

// ---------------------------------------------------------------------------------------------
// People.

export interface Person {
  name: string;
  surname: string;
  gender: "男" | "女";
  /** "YYYY-MM-DD". */
  birthDate: string;
  /** 户籍所在区县: the district whose code begins the identity number. */
  district: string;
  /** 18-character 公民身份号码 (GB 11643) with a valid check character. */
  idNumber: string;
  mobile: string;
  address: string;
  ethnicity: string;
  photo: string;
  email: string;
  bankCard: string;
}

export const PEOPLE_COUNT = 2400;

// Birth years by decade, after the age structure of a mid-sized city.
const BIRTH_DECADES: ReadonlyArray<readonly [number, number]> = [
  [1940, 4], [1950, 9], [1960, 16], [1970, 15], [1980, 16], [1990, 15], [2000, 12], [2010, 11], [2020, 2],
];

function birthDate(rng: Random): string {
  const decade = rng.weighted(BIRTH_DECADES);
  const year = decade === 2020 ? rng.int(2020, 2022) : decade + rng.int(0, 9);
  return randomDay(rng, `${year}-01-01`, `${year}-12-31`);
}

/**
 * A 公民身份号码: district code, birth date, a 3-digit sequence whose last digit is odd for men
 * and even for women, and the MOD 11-2 check character.
 */
export function idNumber(rng: Random, districtCode: string, birth: string, gender: "男" | "女"): string {
  const parity = gender === "男" ? rng.pick([1, 3, 5, 7, 9]) : rng.pick([0, 2, 4, 6, 8]);
  const body = `${districtCode}${birth.replaceAll("-", "")}${rng.digits(2)}${parity}`;
  return body + idCardCheckDigit(body);
}

/** The population register: PEOPLE_COUNT people with unique identity numbers. */
export function buildPeople(): Person[] {
  const rng = Random.stream("people");
  const seen = new Set<string>();
  const people: Person[] = [];
  while (people.length < PEOPLE_COUNT) {
    const gender = rng.chance(0.51) ? "男" : "女";
    const { name, surname, pinyin } = personName(rng, gender);
    const birth = birthDate(rng);
    const district = pickDistrict(rng);
    const id = idNumber(rng, district.code, birth, gender);
    if (seen.has(id)) continue;
    seen.add(id);
    people.push({
      name,
      surname,
      gender,
      birthDate: birth,
      district: district.name,
      idNumber: id,
      mobile: mobileNumber(rng),
      // The registered address (户籍地址), in the household district.
      address: cityAddress(rng, district),
      ethnicity: rng.weighted(ETHNICITIES),
      photo: `photos/${rng.int(2021, 2025)}/${id}.jpg`,
      email: `${pinyin}${rng.chars(rng.int(1, 3), "abcdefghjklmnpqrstwxyz")}${birth.slice(2, 4)}${rng.digits(2)}@${rng.pick(MAIL_DOMAINS)}`,
      bankCard: bankCardNumber(rng),
    });
  }
  return people;
}

/** Age in whole years on a day. */
export function ageOn(birth: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birth.slice(0, 4));
  return day.slice(5) >= birth.slice(5) ? years : years - 1;
}

// ---------------------------------------------------------------------------------------------
// Entities.

export interface Entity {
  /** 统一社会信用代码 (GB 32100) with valid organisation-code and check characters. */
  creditCode: string;
  name: string;
  /** First two characters of the credit code: 91 enterprise, 92 sole trader, 93 co-operative, 12 public institution, 51 association, 52 private non-profit. */
  prefix: string;
  /** 单位类型, in words. */
  kind: string;
  industry: string;
  legalRep: string;
  legalRepId: string;
  address: string;
  phone: string;
  establishedOn: string;
  /** 注册资本 (开办资金), 万元. */
  capital: number;
  status: string;
  district: string;
}

const KIND_NAMES: Record<string, string> = {
  "91": "有限责任公司",
  "92": "个体工商户",
  "93": "农民专业合作社",
  "12": "事业单位",
  "51": "社会团体",
  "52": "民办非企业单位",
};

const BRAND_FIRST = Array.from("华鑫瑞恒盛泰宏博安康永丰嘉润兴明德信诚源达隆祥和新金汇通锦益");
const BRAND_SECOND = Array.from("华达源盛泰丰信通远诚晟辉宇昌顺发茂鸿腾航邦力");
const ASSOCIATION_FIELDS = [
  "餐饮行业", "软件行业", "物流与采购", "个体劳动者", "摄影家", "书法家", "老年人体育", "青年企业家",
  "律师", "护理", "建筑业", "汽车流通", "电子商务", "旅游", "注册会计师", "家政服务", "茶叶",
];

type NameMaker = (rng: Random, brand: string, d: District) => string;

// [industry, credit-code prefix, how many, name]
const INDUSTRIES: ReadonlyArray<readonly [string, string, number, NameMaker]> = [
  ["制造业", "91", 70, (r, b) => `江州${b}${r.pick(["机械制造", "电子科技", "新材料", "精密仪器", "化工", "食品"])}有限公司`],
  ["批发和零售业", "91", 60, (r, b) => `江州市${b}${r.pick(["商贸", "贸易", "百货", "供应链"])}有限公司`],
  ["信息技术", "91", 45, (r, b) => `江州${b}${r.pick(["信息技术", "软件", "网络科技", "数据科技"])}有限公司`],
  ["建筑业", "91", 40, (r, b) => `江州${b}${r.pick(["建设工程", "建筑工程", "路桥工程", "装饰工程"])}有限公司`],
  ["交通运输", "91", 35, (r, b) => `江州市${b}${r.pick(["运输", "物流", "客运", "汽车服务"])}有限公司`],
  ["餐饮业", "91", 30, (r, b) => `江州市${b}餐饮管理有限公司`],
  ["房地产业", "91", 25, (r, b) => `江州${b}置业有限公司`],
  ["医药零售", "91", 25, (r, b) => `江州${b}${r.pick(["医药连锁", "大药房"])}有限公司`],
  ["个体经营", "92", 110, (r, b, d) => `江州市${d.name}${b}${r.pick(["便利店", "理发店", "五金店", "小吃店", "水果店", "服装店", "汽车修理店", "早餐店", "药店"])}`],
  ["农业", "93", 25, (r, b, d) => `${d.name}${b}${r.pick(["水稻种植", "生猪养殖", "茶叶", "蔬菜种植", "水产养殖"])}专业合作社`],
  ["医疗卫生", "12", 14, (r, _b, d) => `江州市${d.name}${r.pick(["人民医院", "中医院", "妇幼保健院", "疾病预防控制中心"])}`],
  ["医疗卫生", "52", 16, (r, b) => `江州${b}${r.pick(["医院", "中医医院", "口腔医院", "康复医院"])}`],
  ["养老服务", "52", 24, (r, b, d) => `江州市${d.name}${b}${r.pick(["养老院", "颐养中心", "敬老院"])}`],
  ["教育", "12", 28, (r, b, d) => `江州市${d.name}${b}${r.pick(["小学", "中学", "实验学校"])}`],
  ["社会团体", "51", 15, (r) => `江州市${r.pick(ASSOCIATION_FIELDS)}${r.pick(["协会", "商会", "学会"])}`],
];

function entityCreditCode(rng: Random, prefix: string, districtCode: string): string {
  const body = prefix === "91" || prefix === "93" ? `MA${rng.chars(6, CREDIT_CODE_ALPHABET)}` : `${rng.chars(1, "345")}${rng.digits(7)}`;
  const first17 = `${prefix}${districtCode}${body}${orgCodeCheckChar(body)}`;
  return first17 + creditCodeCheckChar(first17);
}

/** The entity register; legal representatives are adults of the population register. */
export function buildEntities(people: Person[]): Entity[] {
  const rng = Random.stream("entities");
  const adults = people.filter((p) => p.birthDate <= "1998-12-31");
  const codes = new Set<string>();
  const names = new Set<string>();
  const entities: Entity[] = [];
  for (const [industry, prefix, count, makeName] of INDUSTRIES) {
    let made = 0;
    while (made < count) {
      const district = pickDistrict(rng);
      const brand = rng.pick(BRAND_FIRST) + rng.pick(BRAND_SECOND);
      const name = makeName(rng, brand, district);
      const creditCode = entityCreditCode(rng, prefix, district.code);
      if (names.has(name) || codes.has(creditCode) || brand[0] === brand[1]) continue;
      names.add(name);
      codes.add(creditCode);
      const rep = rng.pick(adults);
      const earliest = addDays(rep.birthDate, 20 * 366);
      const establishedOn = randomDay(rng, earliest > "1995-01-01" ? earliest : "1995-01-01", "2026-09-30");
      const capital =
        prefix === "91" ? rng.float(10, 5000, 2) : prefix === "92" ? rng.float(1, 50, 2) : prefix === "93" ? rng.float(5, 200, 2) : rng.float(3, 2000, 2);
      entities.push({
        creditCode,
        name,
        prefix,
        kind: KIND_NAMES[prefix],
        industry,
        legalRep: rep.name,
        legalRepId: rep.idNumber,
        address: businessAddress(rng, district),
        phone: rng.chance(0.7) ? rep.mobile : landline(rng),
        establishedOn,
        capital,
        status: rng.weighted([["存续", 86], ["吊销", 4], ["注销", 7], ["迁出", 3]] as const),
        district: district.name,
      });
      made++;
    }
  }
  return entities;
}
