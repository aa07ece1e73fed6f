// Chinese names for the API's enum values (the same wording as the schema's descriptions).

export const SHARE_TYPE: Record<string, string> = {
  UNCONDITIONAL: "无条件共享",
  CONDITIONAL: "有条件共享",
  NOT_SHARED: "不予共享",
};

export const OPEN_TYPE: Record<string, string> = {
  UNCONDITIONAL: "无条件开放",
  CONDITIONAL: "有条件开放",
  NOT_OPEN: "不予开放",
};

export const CATEGORY: Record<string, string> = {
  BASE: "基础信息资源",
  THEME: "主题信息资源",
  DEPARTMENT: "部门信息资源",
};

export const FORMAT: Record<string, string> = {
  DATABASE: "数据库",
  ELECTRONIC_FILE: "电子文件",
  IMAGE: "图形图像",
  SELF_DESCRIBING: "自描述格式",
  SERVICE_API: "服务接口",
  SPREADSHEET: "电子表格",
  STREAMING: "流媒体",
};

export const UPDATE_CYCLE: Record<string, string> = {
  REALTIME: "实时",
  DAILY: "每日",
  WEEKLY: "每周",
  MONTHLY: "每月",
  QUARTERLY: "每季度",
  HALF_YEARLY: "每半年",
  YEARLY: "每年",
  IRREGULAR: "不定期",
};

export const SHARE_METHOD: Record<string, string> = {
  API: "数据接口",
  ONLINE_QUERY: "联机查询",
  BATCH_DOWNLOAD: "批量下载",
};

export const DATA_TYPE: Record<string, string> = {
  C: "字符型",
  N: "数值型",
  Y: "货币型",
  D: "日期型",
  T: "日期时间型",
  L: "逻辑型",
  M: "备注型",
  G: "通用型",
  B: "二进制",
  I: "图像型",
  F: "文件型",
};

export const SENSITIVITY: Record<string, string> = {
  L1: "一般",
  L2: "内部",
  L3: "敏感",
  L4: "高度敏感",
};

export const MASKING: Record<string, string> = {
  NONE: "不脱敏",
  ID_CARD: "身份证号：保留前6位和后4位",
  MOBILE: "手机号：保留前3位和后4位",
  NAME: "姓名：保留姓氏",
  BANK_CARD: "银行卡号：保留前6位和后4位",
  EMAIL: "电子邮箱：保留首字符和域名",
  ADDRESS: "地址：保留到区县",
  DATE_TO_YEAR: "日期：泛化到年",
  KEYED_HASH: "假名化：带密钥的哈希",
  REDACT: "屏蔽",
  NULLIFY: "置空",
};

export const VERSION_KIND: Record<string, string> = {
  CREATED: "创建",
  UPDATED: "修改",
  SUBMITTED: "提交审核",
  PUBLISHED: "发布",
  RETURNED: "退回修改",
  RETIRED: "停用",
  TYPE_CHANGE_REQUESTED: "申请变更共享/开放类型",
  TYPE_CHANGE_APPROVED: "类型变更获批",
  TYPE_CHANGE_REJECTED: "类型变更被驳回",
};

export const ROLE: Record<string, string> = {
  ANALYST: "分析",
  AUDITOR: "审计",
  CONSUMER: "使用部门",
  COORDINATOR: "主管部门",
  PROVIDER: "提供部门",
  PUBLIC_USER: "社会公众",
};

/** The label for a value, or the value itself when it is not known here. */
export function label(map: Record<string, string>, value: string | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return map[value] ?? value;
}
