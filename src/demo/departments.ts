// The departments of 江州市 and the accounts of their staff (R31: real-name accounts, one person
// one account). The big-data bureau is the coordinator (R1).
import { creditCodeCheckChar, orgCodeCheckChar } from "../records/identifiers.js";
import { CITY_CODE } from "./people.js";
import { Random } from "./random.js";
import type { DemoAccount, DemoDepartment, DepartmentKind, Role } from "./types.js";

const DEPARTMENT_TABLE: ReadonlyArray<[name: string, shortName: string, kind: DepartmentKind]> = [
  ["市政务服务和大数据管理局", "大数据局", "COORDINATOR"],
  ["市公安局", "公安局", "CONSTITUENT"],
  ["市市场监督管理局", "市场监管局", "AFFILIATED"],
  ["市人力资源和社会保障局", "人社局", "CONSTITUENT"],
  ["市卫生健康委员会", "卫健委", "CONSTITUENT"],
  ["市民政局", "民政局", "CONSTITUENT"],
  ["市自然资源和规划局", "自然资源局", "CONSTITUENT"],
  ["市教育局", "教育局", "CONSTITUENT"],
  ["市交通运输局", "交通局", "CONSTITUENT"],
  ["市生态环境局", "生态环境局", "AFFILIATED"],
  ["市住房和城乡建设局", "住建局", "CONSTITUENT"],
  ["市医疗保障局", "医保局", "AFFILIATED"],
];

/**
 * A government organ's 统一社会信用代码: "11" (organ, registered by the establishment office),
 * the city's administrative code, a 9-character organisation code with its own check character
 * (GB 11714) and the check character of the whole code (GB 32100).
 */
function organCode(seq: number): string {
  const rng = Random.stream(`department:${seq}`);
  const body = `0${rng.digits(7)}`;
  const first17 = `11${CITY_CODE}${body}${orgCodeCheckChar(body)}`;
  return first17 + creditCodeCheckChar(first17);
}

export function buildDepartments(): DemoDepartment[] {
  return DEPARTMENT_TABLE.map(([name, shortName, kind], i) => ({
    code: organCode(i + 1),
    seq: i + 1,
    name,
    shortName,
    kind,
  }));
}

const ACCOUNT_TABLE: ReadonlyArray<[login: string, name: string, department: string | null, roles: Role[], active?: boolean]> = [
  ["coordinator", "周文斌", "市政务服务和大数据管理局", ["COORDINATOR"]],
  ["auditor", "沈丽华", "市政务服务和大数据管理局", ["AUDITOR"]],
  ["analyst", "欧阳明轩", "市政务服务和大数据管理局", ["ANALYST"]],
  ["police", "赵卫东", "市公安局", ["PROVIDER"]],
  ["market", "钱晓燕", "市市场监督管理局", ["PROVIDER"]],
  ["hrss", "孙建国", "市人力资源和社会保障局", ["PROVIDER", "CONSUMER"]],
  ["health", "李春梅", "市卫生健康委员会", ["CONSUMER"]],
  ["civil", "吴志刚", "市民政局", ["PROVIDER", "CONSUMER"]],
  ["citizen", "郑小雨", null, ["PUBLIC_USER"]],
  // A deactivated account (R31): the person has left; the account is kept for the audit trail.
  ["retired", "王德明", "市公安局", ["CONSUMER"], false],
  ["natres", "冯国强", "市自然资源和规划局", ["PROVIDER", "CONSUMER"]],
  ["edu", "陈思远", "市教育局", ["PROVIDER", "CONSUMER"]],
  ["transport", "褚海波", "市交通运输局", ["PROVIDER", "CONSUMER"]],
  ["ecology", "蒋林峰", "市生态环境局", ["PROVIDER", "CONSUMER"]],
  ["housing", "韩立新", "市住房和城乡建设局", ["PROVIDER", "CONSUMER"]],
  ["medins", "杨雪梅", "市医疗保障局", ["PROVIDER", "CONSUMER"]],
];

export function buildAccounts(): DemoAccount[] {
  return ACCOUNT_TABLE.map(([login, name, department, roles, active = true]) => ({
    login,
    name,
    department,
    roles: [...roles],
    active,
  }));
}
