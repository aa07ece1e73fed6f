// The plain data of the demo city 江州市, as buildDemoCity() returns it and loadDemoCity() writes
// it. Enum values are those of the database schema; dates are ISO strings (UTC) so that two
// builds compare equal.
import type {
  dataType,
  departmentKind,
  maskingStrategy,
  openType,
  resourceCategory,
  resourceFormat,
  role,
  sensitivity,
  shareType,
  updateCycle,
} from "../db/schema.js";

export type DepartmentKind = (typeof departmentKind.enumValues)[number];
export type Role = (typeof role.enumValues)[number];
export type Category = (typeof resourceCategory.enumValues)[number];
export type ShareType = (typeof shareType.enumValues)[number];
export type OpenType = (typeof openType.enumValues)[number];
export type Format = (typeof resourceFormat.enumValues)[number];
export type UpdateCycle = (typeof updateCycle.enumValues)[number];
export type DataType = (typeof dataType.enumValues)[number];
export type Sensitivity = (typeof sensitivity.enumValues)[number];
export type MaskingStrategy = (typeof maskingStrategy.enumValues)[number];

/** R6: the share methods a resource may offer. */
export type ShareMethod = "API" | "ONLINE_QUERY" | "BATCH_DOWNLOAD";

export interface DemoDepartment {
  /** 统一社会信用代码 of the department (a government organ: starts with "11"). */
  code: string;
  /** Order number, used in resource codes. */
  seq: number;
  name: string;
  shortName: string;
  kind: DepartmentKind;
}

export interface DemoAccount {
  login: string;
  /** R31: the real name of the account holder. */
  name: string;
  /** Name of the department; null for a member of the public. */
  department: string | null;
  roles: Role[];
  active: boolean;
}

export interface DemoItem {
  /** snake_case English code, unique within the resource; the key of the value in a row. */
  code: string;
  name: string;
  dataType: DataType;
  /** For C, N and Y items; null otherwise. */
  length: number | null;
  sensitivity: Sensitivity;
  maskingStrategy: MaskingStrategy;
  description: string;
}

export interface DemoResource {
  code: string;
  name: string;
  summary: string;
  category: Category;
  theme: string | null;
  format: Format;
  updateCycle: UpdateCycle;
  shareType: ShareType;
  shareCondition: string | null;
  shareMethods: ShareMethod[];
  legalBasis: string | null;
  openType: OpenType;
  openCondition: string | null;
  /** Name of the provider department. */
  department: string;
  sourceSystem: string | null;
  useRequirements: string | null;
  relatedCodes: string[];
  publishedAt: string;
  updatedAt: string;
  dataUpdatedAt: string;
  items: DemoItem[];
}

export interface DemoRow {
  /** Unique within the resource: a natural key (公民身份号码, 统一社会信用代码 …) or "R000123". */
  key: string;
  /** Values keyed by item code. */
  data: Record<string, unknown>;
}

export interface DemoCity {
  departments: DemoDepartment[];
  accounts: DemoAccount[];
  resources: DemoResource[];
  /** Rows by resource code. */
  rows: Record<string, DemoRow[]>;
}
