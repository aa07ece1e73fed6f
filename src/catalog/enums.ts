// GraphQL enums of the catalog, with the Chinese terms of the regulations as descriptions.
import { registerEnumType } from "type-graphql";

export enum ShareType {
  UNCONDITIONAL = "UNCONDITIONAL",
  CONDITIONAL = "CONDITIONAL",
  NOT_SHARED = "NOT_SHARED",
}
registerEnumType(ShareType, {
  name: "ShareType",
  description: "共享类型 (R3)",
  valuesConfig: {
    UNCONDITIONAL: { description: "无条件共享：所有政务部门可直接获取" },
    CONDITIONAL: { description: "有条件共享：经申请、提供部门同意后获取" },
    NOT_SHARED: { description: "不予共享：须注明法律、行政法规或政策依据" },
  },
});

export enum OpenType {
  UNCONDITIONAL = "UNCONDITIONAL",
  CONDITIONAL = "CONDITIONAL",
  NOT_OPEN = "NOT_OPEN",
}
registerEnumType(OpenType, {
  name: "OpenType",
  description: "开放类型 (R7)",
  valuesConfig: {
    UNCONDITIONAL: { description: "无条件开放" },
    CONDITIONAL: { description: "有条件开放：申请并经提供部门同意" },
    NOT_OPEN: { description: "不予开放" },
  },
});

export enum ResourceCategory {
  BASE = "BASE",
  THEME = "THEME",
  DEPARTMENT = "DEPARTMENT",
}
registerEnumType(ResourceCategory, {
  name: "ResourceCategory",
  description: "资源分类",
  valuesConfig: {
    BASE: { description: "基础信息资源 (R4: 无条件共享)" },
    THEME: { description: "主题信息资源" },
    DEPARTMENT: { description: "部门信息资源" },
  },
});

export enum Sensitivity {
  L1 = "L1",
  L2 = "L2",
  L3 = "L3",
  L4 = "L4",
}
registerEnumType(Sensitivity, {
  name: "Sensitivity",
  description: "敏感级别 (R33)",
  valuesConfig: {
    L1: { description: "公开或一般信息" },
    L2: { description: "内部信息" },
    L3: { description: "敏感个人信息或重要数据，向其他部门提供时脱敏" },
    L4: { description: "高度敏感，默认不提供" },
  },
});

export enum ResourceFormat {
  ELECTRONIC_FILE = "ELECTRONIC_FILE",
  SPREADSHEET = "SPREADSHEET",
  DATABASE = "DATABASE",
  IMAGE = "IMAGE",
  STREAMING = "STREAMING",
  SELF_DESCRIBING = "SELF_DESCRIBING",
  SERVICE_API = "SERVICE_API",
}
registerEnumType(ResourceFormat, {
  name: "ResourceFormat",
  description: "资源格式",
  valuesConfig: {
    ELECTRONIC_FILE: { description: "电子文件" },
    SPREADSHEET: { description: "电子表格" },
    DATABASE: { description: "数据库" },
    IMAGE: { description: "图形图像" },
    STREAMING: { description: "流媒体" },
    SELF_DESCRIBING: { description: "自描述格式" },
    SERVICE_API: { description: "服务接口" },
  },
});

export enum UpdateCycle {
  REALTIME = "REALTIME",
  DAILY = "DAILY",
  WEEKLY = "WEEKLY",
  MONTHLY = "MONTHLY",
  QUARTERLY = "QUARTERLY",
  HALF_YEARLY = "HALF_YEARLY",
  YEARLY = "YEARLY",
  IRREGULAR = "IRREGULAR",
}
registerEnumType(UpdateCycle, {
  name: "UpdateCycle",
  description: "更新周期",
  valuesConfig: {
    REALTIME: { description: "实时" },
    DAILY: { description: "每日" },
    WEEKLY: { description: "每周" },
    MONTHLY: { description: "每月" },
    QUARTERLY: { description: "每季度" },
    HALF_YEARLY: { description: "每半年" },
    YEARLY: { description: "每年" },
    IRREGULAR: { description: "不定期" },
  },
});

export enum ShareMethod {
  API = "API",
  ONLINE_QUERY = "ONLINE_QUERY",
  BATCH_DOWNLOAD = "BATCH_DOWNLOAD",
}
registerEnumType(ShareMethod, {
  name: "ShareMethod",
  description: "共享方式 (R6)",
  valuesConfig: {
    API: { description: "数据接口" },
    ONLINE_QUERY: { description: "联机查询" },
    BATCH_DOWNLOAD: { description: "批量下载" },
  },
});

export enum DataType {
  C = "C",
  N = "N",
  Y = "Y",
  D = "D",
  T = "T",
  L = "L",
  M = "M",
  G = "G",
  B = "B",
  I = "I",
  F = "F",
}
registerEnumType(DataType, {
  name: "DataType",
  description: "信息项数据类型 (GB/T 21063)",
  valuesConfig: {
    C: { description: "字符型" },
    N: { description: "数值型" },
    Y: { description: "货币型" },
    D: { description: "日期型" },
    T: { description: "日期时间型" },
    L: { description: "逻辑型" },
    M: { description: "备注型" },
    G: { description: "通用型" },
    B: { description: "二进制" },
    I: { description: "图像型" },
    F: { description: "文件型" },
  },
});

export enum MaskingStrategy {
  NONE = "NONE",
  ID_CARD = "ID_CARD",
  MOBILE = "MOBILE",
  NAME = "NAME",
  BANK_CARD = "BANK_CARD",
  EMAIL = "EMAIL",
  ADDRESS = "ADDRESS",
  DATE_TO_YEAR = "DATE_TO_YEAR",
  KEYED_HASH = "KEYED_HASH",
  REDACT = "REDACT",
  NULLIFY = "NULLIFY",
}
registerEnumType(MaskingStrategy, {
  name: "MaskingStrategy",
  description: "脱敏方式 (R20, GB/T 37964-2019)",
  valuesConfig: {
    NONE: { description: "不脱敏" },
    ID_CARD: { description: "身份证号：保留前6位和后4位" },
    MOBILE: { description: "手机号：保留前3位和后4位" },
    NAME: { description: "姓名：保留姓氏（复姓整体保留）" },
    BANK_CARD: { description: "银行卡号：保留前6位和后4位" },
    EMAIL: { description: "电子邮箱：保留首字符和域名" },
    ADDRESS: { description: "地址：保留到区县" },
    DATE_TO_YEAR: { description: "日期：泛化到年" },
    KEYED_HASH: { description: "假名化：带密钥的哈希，同一部门内可关联" },
    REDACT: { description: "屏蔽" },
    NULLIFY: { description: "置空" },
  },
});

export enum DepartmentKind {
  COORDINATOR = "COORDINATOR",
  CONSTITUENT = "CONSTITUENT",
  AFFILIATED = "AFFILIATED",
}
registerEnumType(DepartmentKind, {
  name: "DepartmentKind",
  description: "部门类别",
  valuesConfig: {
    COORDINATOR: { description: "政务信息资源共享主管部门（政务服务和大数据管理局）" },
    CONSTITUENT: { description: "政府工作部门" },
    AFFILIATED: { description: "直属机构及其他单位" },
  },
});

export enum Role {
  PROVIDER = "PROVIDER",
  CONSUMER = "CONSUMER",
  COORDINATOR = "COORDINATOR",
  AUDITOR = "AUDITOR",
  ANALYST = "ANALYST",
  PUBLIC_USER = "PUBLIC_USER",
}
registerEnumType(Role, {
  name: "Role",
  description: "账号角色",
  valuesConfig: {
    PROVIDER: { description: "提供部门：维护本部门目录，审批本部门资源的申请" },
    CONSUMER: { description: "使用部门：查询和申请共享数据" },
    COORDINATOR: { description: "主管部门：审核、备案、协调" },
    AUDITOR: { description: "审计：查看审计日志" },
    ANALYST: { description: "分析：查看目录元数据与统计" },
    PUBLIC_USER: { description: "社会公众" },
  },
});

export enum SortDirection {
  ASC = "ASC",
  DESC = "DESC",
}
registerEnumType(SortDirection, { name: "SortDirection" });

export enum ResourceOrderField {
  RELEVANCE = "RELEVANCE",
  CODE = "CODE",
  NAME = "NAME",
  UPDATED_AT = "UPDATED_AT",
  PUBLISHED_AT = "PUBLISHED_AT",
}
registerEnumType(ResourceOrderField, {
  name: "ResourceOrderField",
  valuesConfig: {
    RELEVANCE: { description: "与 search 的相关度（无 search 时按代码）" },
    CODE: { description: "资源代码" },
    NAME: { description: "资源名称（按字符编码排序）" },
    UPDATED_AT: { description: "目录更新时间" },
    PUBLISHED_AT: { description: "发布时间" },
  },
});
