// How the resource tables of the demo city are written: one ResourceDef per catalog entry, with
// its items and a short recipe for its rows. city.ts turns these into DemoResource values
// (codes, dates, related codes) and rows.ts follows the recipes.
import type {
  Category,
  DataType,
  DemoItem,
  Format,
  MaskingStrategy,
  OpenType,
  Sensitivity,
  ShareMethod,
  ShareType,
  UpdateCycle,
} from "./types.js";

/** The day the demo city is "as of": no date of the demo lies after it. */
export const DEMO_TODAY = "2026-11-01";

/**
 * A data item with its value recipe (`gen`). Recipes, interpreted by rows.ts:
 * - `p.<field>`: the row's person (name, id_number, mobile, address, birth_date, gender,
 *   ethnicity, district, email, bank_card, photo);
 * - `e.<field>`: the row's entity (credit_code, name, legal_rep, address, phone,
 *   established_on, capital, status, kind, district, industry);
 * - `pick:a|b|c` (repeat a value to weight it), `int:min:max`, `num:min:max:decimals`,
 *   `date:from:to` (D), `time:from:to` (T), `after:<item>:minDays:maxDays` (a date or date-time
 *   after another item of the row), `bool:p`, `const:value`;
 * - `tpl:<text>` with placeholders {i:6} (row number, zero-padded), {d:4} (random digits),
 *   {A:2} (random capital letters), {n:1:300} (random integer), {a|b|c} (one of), {i} (row
 *   number), {=item} (the value of an earlier item of the row), {district} and {dcode} (the row's
 *   district and its administrative code), {road}, {pd} (the person's district), {ed} (the
 *   entity's district), {ec} (the entity's credit code);
 * - `ratio:<item>:min:max`: an earlier number item times a factor in [min, max];
 * - `pname` or `pname:<gender item>`: a person's name (of that gender);
 * - `district` (the row's district), `addr` (an address there), `company` (an entity's name), `phone`
 *   (landline), `mobile`, `file:<dir>:<ext>` (a file path), `point`, `polygon` (WKT);
 * - `custom`: made by the resource's own row builder (rows.ts, CUSTOM_ROWS).
 */
export interface ItemDef extends DemoItem {
  gen: string;
}

export function item(
  code: string,
  name: string,
  dataType: DataType,
  length: number | null,
  sensitivity: Sensitivity,
  maskingStrategy: MaskingStrategy,
  description: string,
  gen: string,
): ItemDef {
  return { code, name, dataType, length, sensitivity, maskingStrategy, description, gen };
}

/** Whose rows a resource holds. */
export type Subject =
  | { kind: "none" }
  | { kind: "person"; gender?: "男" | "女"; bornFrom?: number; bornTo?: number }
  /** People registered outside the city (流动人口): generated per row, not in the population register. */
  | { kind: "outsider" }
  | { kind: "entity"; industries?: string[]; prefixes?: string[] };

export interface RowRecipe {
  subject: Subject;
  /** How many rows; "all" takes every person or entity. */
  count: number | "all";
  /** The item whose value is the row key; omitted: a generated key "R000001". */
  key?: string;
}

export interface ResourceDef {
  name: string;
  summary: string;
  category: Category;
  /** Two-digit classification code: the theme's for BASE and THEME, the business class for DEPARTMENT. */
  cls: string;
  theme: string | null;
  department: string;
  format: Format;
  updateCycle: UpdateCycle;
  shareType: ShareType;
  shareCondition?: string;
  shareMethods: ShareMethod[];
  legalBasis?: string;
  openType: OpenType;
  openCondition?: string;
  sourceSystem: string;
  useRequirements?: string;
  /** Names of related resources of the demo city. */
  related?: string[];
  /** Beijing time "YYYY-MM-DD" or "YYYY-MM-DD HH:mm": published, catalog updated, data updated. */
  dates: [string, string, string];
  items: ItemDef[];
  rows: RowRecipe;
}

/** Classification codes of base resources (R4: the base themes). */
export const BASE_CLASS: Record<string, string> = {
  人口: "01",
  法人单位: "02",
  自然资源和空间地理: "03",
  电子证照: "04",
  社会信用: "05",
};

/** Classification codes of theme resources. */
export const THEME_CLASS: Record<string, string> = {
  健康保障: "01",
  社会保障: "02",
  信用体系: "03",
  公共安全: "04",
  市场监管: "05",
  民生服务: "06",
  城乡建设: "07",
  生态环境: "08",
  交通出行: "09",
  教育文化: "10",
};

/** Business classes of department resources. */
export const DEPARTMENT_CLASS = {
  许可审批: "01",
  监管执法: "02",
  公共服务: "03",
  登记管理: "04",
} as const;

/** The longest a catalog entry's data may go unrefreshed for its update cycle, in days. */
export const CYCLE_MAX_AGE_DAYS: Record<UpdateCycle, number | null> = {
  REALTIME: 1,
  DAILY: 2,
  WEEKLY: 8,
  MONTHLY: 32,
  QUARTERLY: 93,
  HALF_YEARLY: 184,
  YEARLY: 366,
  IRREGULAR: null,
};

/** Whether data refreshed at `dataUpdatedAt` is overdue for its cycle on `today` ("YYYY-MM-DD"). */
export function isStale(cycle: UpdateCycle, dataUpdatedAt: string, today: string = DEMO_TODAY): boolean {
  const max = CYCLE_MAX_AGE_DAYS[cycle];
  if (max === null) return false;
  return Date.parse(`${today}T00:00:00+08:00`) - Date.parse(dataUpdatedAt) > max * 86_400_000;
}

/** "YYYY-MM-DD" or "YYYY-MM-DD HH:mm" in Beijing time → ISO string in UTC. */
export function beijingToIso(s: string): string {
  const m = /^(\d{4})-(\d\d)-(\d\d)(?: (\d\d):(\d\d))?$/.exec(s);
  if (!m) throw new RangeError(`not a demo date: ${s}`);
  const [, y, mo, d, h = "09", mi = "30"] = m;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h) - 8, Number(mi))).toISOString();
}
