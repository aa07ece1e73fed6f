/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type AuditEventFilter = {
  departmentCode?: string | null | undefined;
  from?: string | null | undefined;
  login?: string | null | undefined;
  /** ALLOWED 或 DENIED */
  outcome?: string | null | undefined;
  purpose?: UsePurpose | null | undefined;
  resourceCode?: string | null | undefined;
  to?: string | null | undefined;
};

/** 信息项数据类型 (GB/T 21063) */
export type DataType =
  /** 二进制 */
  | 'B'
  /** 字符型 */
  | 'C'
  /** 日期型 */
  | 'D'
  /** 文件型 */
  | 'F'
  /** 通用型 */
  | 'G'
  /** 图像型 */
  | 'I'
  /** 逻辑型 */
  | 'L'
  /** 备注型 */
  | 'M'
  /** 数值型 */
  | 'N'
  /** 日期时间型 */
  | 'T'
  /** 货币型 */
  | 'Y';

export type Decision =
  | 'APPROVE'
  | 'REJECT';

/** 部门类别 */
export type DepartmentKind =
  /** 直属机构及其他单位 */
  | 'AFFILIATED'
  /** 政府工作部门 */
  | 'CONSTITUENT'
  /** 政务信息资源共享主管部门（政务服务和大数据管理局） */
  | 'COORDINATOR';

export type FilterOp =
  /** 等于 value */
  | 'EQ'
  /** 属于 values 之一 */
  | 'IN'
  /** 以 value 开头（% 和 _ 为普通字符） */
  | 'PREFIX'
  /** 在 from 与 to 之间（含端点，可只给一端） */
  | 'RANGE';

/** 脱敏方式 (R20, GB/T 37964-2019) */
export type MaskingStrategy =
  /** 地址：保留到区县 */
  | 'ADDRESS'
  /** 银行卡号：保留前6位和后4位 */
  | 'BANK_CARD'
  /** 日期：泛化到年 */
  | 'DATE_TO_YEAR'
  /** 电子邮箱：保留首字符和域名 */
  | 'EMAIL'
  /** 身份证号：保留前6位和后4位 */
  | 'ID_CARD'
  /** 假名化：带密钥的哈希，同一部门内可关联 */
  | 'KEYED_HASH'
  /** 手机号：保留前3位和后4位 */
  | 'MOBILE'
  /** 姓名：保留姓氏（复姓整体保留） */
  | 'NAME'
  /** 不脱敏 */
  | 'NONE'
  /** 置空 */
  | 'NULLIFY'
  /** 屏蔽 */
  | 'REDACT';

/** 开放类型 (R7) */
export type OpenType =
  /** 有条件开放：申请并经提供部门同意 */
  | 'CONDITIONAL'
  /** 不予开放 */
  | 'NOT_OPEN'
  /** 无条件开放 */
  | 'UNCONDITIONAL';

/** 按信息项筛选。只能按以明文提供的信息项筛选；KEYED_HASH 脱敏项可用 EQ/IN 比较令牌 */
export type RecordFilter = {
  from?: string | null | undefined;
  /** 信息项代码 */
  item: string;
  op: FilterOp;
  to?: string | null | undefined;
  value?: string | null | undefined;
  values?: Array<string> | null | undefined;
};

/** 按信息项排序。只能按以明文提供的信息项排序 */
export type RecordOrder = {
  direction?: SortDirection;
  item: string;
};

export type RequestKind =
  /** 不予共享资源的重新分类申请，由主管部门审核 (002 第二十一条) */
  | 'RECLASSIFICATION'
  /** 共享申请，由提供部门审批 */
  | 'SHARE';

export type RequestState =
  /** 已批准（已生成授权） */
  | 'APPROVED'
  /** 主管部门驳回，已办结 */
  | 'CLOSED'
  /** 已上报主管部门协调 */
  | 'ESCALATED'
  /** 逾期未答复（待审批且已过期限） */
  | 'OVERDUE'
  /** 待审批 */
  | 'PENDING'
  /** 已拒绝（可上报协调） */
  | 'REJECTED';

/** 资源分类 */
export type ResourceCategory =
  /** 基础信息资源 (R4: 无条件共享) */
  | 'BASE'
  /** 部门信息资源 */
  | 'DEPARTMENT'
  /** 主题信息资源 */
  | 'THEME';

/** 目录检索条件；各条件同时满足 */
export type ResourceFilter = {
  category?: ResourceCategory | null | undefined;
  /** 提供部门的统一社会信用代码 */
  departmentCode?: string | null | undefined;
  openType?: OpenType | null | undefined;
  /** 中文检索：名称、摘要、信息项名称中的词或子串（如“人口”），以空格分隔多个条件 */
  search?: string | null | undefined;
  shareType?: ShareType | null | undefined;
  /** 主题，如 社会保障 */
  theme?: string | null | undefined;
  updateCycle?: UpdateCycle | null | undefined;
  /** 目录在此时间之后（含）更新过 */
  updatedSince?: string | null | undefined;
};

/** 资源格式 */
export type ResourceFormat =
  /** 数据库 */
  | 'DATABASE'
  /** 电子文件 */
  | 'ELECTRONIC_FILE'
  /** 图形图像 */
  | 'IMAGE'
  /** 自描述格式 */
  | 'SELF_DESCRIBING'
  /** 服务接口 */
  | 'SERVICE_API'
  /** 电子表格 */
  | 'SPREADSHEET'
  /** 流媒体 */
  | 'STREAMING';

export type ResourceOrder = {
  direction?: SortDirection;
  field: ResourceOrderField;
};

export type ResourceOrderField =
  /** 资源代码 */
  | 'CODE'
  /** 资源名称（按字符编码排序） */
  | 'NAME'
  /** 发布时间 */
  | 'PUBLISHED_AT'
  /** 与 search 的相关度（无 search 时按代码） */
  | 'RELEVANCE'
  /** 目录更新时间 */
  | 'UPDATED_AT';

/** 账号角色 */
export type Role =
  /** 分析：查看目录元数据与统计 */
  | 'ANALYST'
  /** 审计：查看审计日志 */
  | 'AUDITOR'
  /** 使用部门：查询和申请共享数据 */
  | 'CONSUMER'
  /** 主管部门：审核、备案、协调 */
  | 'COORDINATOR'
  /** 提供部门：维护本部门目录，审批本部门资源的申请 */
  | 'PROVIDER'
  /** 社会公众 */
  | 'PUBLIC_USER';

/** 敏感级别 (R33) */
export type Sensitivity =
  /** 公开或一般信息 */
  | 'L1'
  /** 内部信息 */
  | 'L2'
  /** 敏感个人信息或重要数据，向其他部门提供时脱敏 */
  | 'L3'
  /** 高度敏感，默认不提供 */
  | 'L4';

/** 共享方式 (R6) */
export type ShareMethod =
  /** 数据接口 */
  | 'API'
  /** 批量下载 */
  | 'BATCH_DOWNLOAD'
  /** 联机查询 */
  | 'ONLINE_QUERY';

/** 共享类型 (R3) */
export type ShareType =
  /** 有条件共享：经申请、提供部门同意后获取 */
  | 'CONDITIONAL'
  /** 不予共享：须注明法律、行政法规或政策依据 */
  | 'NOT_SHARED'
  /** 无条件共享：所有政务部门可直接获取 */
  | 'UNCONDITIONAL';

export type SortDirection =
  | 'ASC'
  | 'DESC';

export type SubmitShareRequestInput = {
  /** 申请以明文提供的信息项（items 的子集） */
  clearItems?: Array<string> | null | undefined;
  /** 申请的信息项 */
  items: Array<string>;
  purpose: UsePurpose;
  /** 具体事项，至少 4 个字符 */
  purposeDetail: string;
  resourceCode: string;
  /** 授权有效期，最长一年；默认 180 天 */
  validUntil?: string | null | undefined;
};

/** 信息项对当前用户的提供方式 */
export type Treatment =
  /** 明文 */
  | 'CLEAR'
  /** 脱敏后提供 */
  | 'MASKED'
  /** 不提供 */
  | 'WITHHELD';

/** 更新周期 */
export type UpdateCycle =
  /** 每日 */
  | 'DAILY'
  /** 每半年 */
  | 'HALF_YEARLY'
  /** 不定期 */
  | 'IRREGULAR'
  /** 每月 */
  | 'MONTHLY'
  /** 每季度 */
  | 'QUARTERLY'
  /** 实时 */
  | 'REALTIME'
  /** 每周 */
  | 'WEEKLY'
  /** 每年 */
  | 'YEARLY';

/** 使用用途 (R11) */
export type UsePurpose =
  /** 行政依据 */
  | 'ADMINISTRATIVE_BASIS'
  /** 业务协同 */
  | 'BUSINESS_COLLABORATION'
  /** 数据校核 */
  | 'DATA_VERIFICATION'
  /** 工作参考 */
  | 'WORK_REFERENCE';

export type AuditTrailQueryVariables = Exact<{
  filter?: AuditEventFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AuditTrailQuery = { auditEvents: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, at: string, login: string | null, departmentCode: string | null, operation: string, resourceCode: string | null, purpose: string | null, purposeDetail: string | null, itemsClear: Array<string>, itemsMasked: Array<string>, itemsWithheld: Array<string>, rowCount: number, outcome: string, reason: string | null, requestId: string | null }> } };

export type CheckAuditChainQueryVariables = Exact<{ [key: string]: never; }>;


export type CheckAuditChainQuery = { verifyAuditChain: { ok: boolean, checked: number, firstBrokenId: string | null, reason: string | null } };

export type ImportDcatMutationVariables = Exact<{
  document?: string | null | undefined;
  url?: string | null | undefined;
}>;


export type ImportDcatMutation = { importDcat: { datasetCount: number, created: Array<string>, skipped: Array<{ datasetId: string, title: string | null, reason: string }>, unmapped: Array<{ datasetId: string, title: string | null, property: string | null, reason: string }> } };

export type DepartmentsQueryVariables = Exact<{ [key: string]: never; }>;


export type DepartmentsQuery = { departments: Array<{ code: string, name: string, shortName: string, kind: DepartmentKind, resourceCount: number }> };

export type DepartmentCatalogQueryVariables = Exact<{
  code: string;
  first?: number | null | undefined;
}>;


export type DepartmentCatalogQuery = { department: { code: string, name: string, resourceCount: number }, resources: { totalCount: number, nodes: Array<{ code: string, name: string, shareType: ShareType, openType: OpenType }> } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { login: string, name: string, roles: Array<Role>, department: { code: string, name: string } | null } | null };

export type ReadRecordsQueryVariables = Exact<{
  resourceCode: string;
  purpose: UsePurpose;
  purposeDetail: string;
  items?: Array<string> | string | null | undefined;
  filter?: Array<RecordFilter> | RecordFilter | null | undefined;
  orderBy?: Array<RecordOrder> | RecordOrder | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ReadRecordsQuery = { records: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, items: Array<{ code: string, name: string, treatment: Treatment, strategy: MaskingStrategy }>, nodes: Array<{ key: string, values: Record<string, unknown> }>, provenance: { providerCode: string, providerName: string, resourceCode: string, dataUpdatedAt: string | null, retrievedAt: string } } };

export type VerifyMatchQueryVariables = Exact<{
  resourceCode: string;
  purpose: UsePurpose;
  purposeDetail: string;
  match: Record<string, unknown>;
}>;


export type VerifyMatchQuery = { verify: { matched: boolean, count: number } };

export type ResourceDetailQueryVariables = Exact<{
  code: string;
}>;


export type ResourceDetailQuery = { resource: { code: string, name: string, summary: string, category: ResourceCategory, theme: string | null, format: ResourceFormat, updateCycle: UpdateCycle, shareType: ShareType, shareCondition: string | null, shareMethods: Array<ShareMethod>, legalBasis: string | null, openType: OpenType, openCondition: string | null, sourceSystem: string | null, useRequirements: string | null, publishedAt: string | null, updatedAt: string, dataUpdatedAt: string | null, provider: { code: string, name: string, kind: DepartmentKind }, items: Array<{ code: string, name: string, dataType: DataType, length: number | null, sensitivity: Sensitivity, maskingStrategy: MaskingStrategy, description: string | null }>, relatedResources: Array<{ code: string, name: string }> } };

export type SearchCatalogQueryVariables = Exact<{
  filter?: ResourceFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  orderBy?: Array<ResourceOrder> | ResourceOrder | null | undefined;
}>;


export type SearchCatalogQuery = { resources: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, facets: { shareType: Array<{ value: string, label: string, count: number }>, openType: Array<{ value: string, label: string, count: number }>, category: Array<{ value: string, label: string, count: number }>, department: Array<{ value: string, label: string, count: number }> }, edges: Array<{ cursor: string, node: { code: string, name: string, summary: string, category: ResourceCategory, theme: string | null, shareType: ShareType, openType: OpenType, updateCycle: UpdateCycle, updatedAt: string, provider: { code: string, name: string } } }> } };

export type SubmitShareRequestMutationVariables = Exact<{
  input: SubmitShareRequestInput;
}>;


export type SubmitShareRequestMutation = { submitShareRequest: { id: string, kind: RequestKind, state: RequestState, deadline: string, deadlineProvisional: boolean } };

export type DecideShareRequestMutationVariables = Exact<{
  id: string | number;
  decision: Decision;
  reason?: string | null | undefined;
  items?: Array<string> | string | null | undefined;
}>;


export type DecideShareRequestMutation = { decideShareRequest: { id: string, state: RequestState, decisionReason: string | null, grantId: number | null } };

export type MyRequestsQueryVariables = Exact<{ [key: string]: never; }>;


export type MyRequestsQuery = { myRequests: Array<{ id: string, kind: RequestKind, state: RequestState, resourceCode: string, resourceName: string, purpose: UsePurpose, deadline: string, deadlineProvisional: boolean, decisionReason: string | null }> };

export type RequestsToDecideQueryVariables = Exact<{ [key: string]: never; }>;


export type RequestsToDecideQuery = { requestsToDecide: Array<{ id: string, kind: RequestKind, state: RequestState, resourceName: string, requesterDepartment: string, purpose: UsePurpose, purposeDetail: string, items: Array<string>, clearItems: Array<string>, deadline: string }> };

export type NotificationsQueryVariables = Exact<{
  unreadOnly: boolean;
}>;


export type NotificationsQuery = { notifications: Array<{ id: string, kind: string, message: string, requestId: number | null, createdAt: string }> };

export type CatalogStatsQueryVariables = Exact<{ [key: string]: never; }>;


export type CatalogStatsQuery = { catalogStats: { resourceCount: number, itemCount: number, resources: Array<{ departmentCode: string, departmentName: string, shareType: ShareType, openType: OpenType, category: ResourceCategory, count: number }>, itemsBySensitivity: Array<{ sensitivity: Sensitivity, count: number }>, stale: Array<{ code: string, name: string, departmentName: string, updateCycle: UpdateCycle, dataUpdatedAt: string | null, maxAgeDays: number, daysOverdue: number }> } };

export type SharingReportQueryVariables = Exact<{
  year: number;
}>;


export type SharingReportQuery = { sharingReport: { year: number, csv: string, departments: Array<{ departmentCode: string, departmentName: string, rowsServed: number, requestsReceived: number, approved: number, rejected: number, overdue: number, medianDecisionWorkingDays: number | null, requestsMade: number, grantsHeld: number, objectionsRaised: number, objectionsReceived: number, objectionsResolved: number, resourcesByShareType: Array<{ shareType: ShareType, count: number }>, readsByPurpose: Array<{ purpose: UsePurpose, count: number }> }> } };

export type SlaComplianceQueryVariables = Exact<{
  from: string;
  to: string;
}>;


export type SlaComplianceQuery = { slaCompliance: Array<{ departmentCode: string, departmentName: string, requests: number, decided: number, onTime: number, late: number, pendingOverdue: number, escalatedUndecided: number, onTimeRate: number | null }> };

export type OpeningDemandStatsQueryVariables = Exact<{ [key: string]: never; }>;


export type OpeningDemandStatsQuery = { openingDemandStats: Array<{ resourceCode: string, resourceName: string, departmentName: string, demand: number, askers: number, lastDemandAt: string, answer: string | null, answeredAt: string | null }> };

export type NegativeListQueryVariables = Exact<{ [key: string]: never; }>;


export type NegativeListQuery = { negativeList: Array<{ code: string, name: string, departmentName: string, legalBasis: string | null, itemCount: number }> };

export type ViolationsQueryVariables = Exact<{ [key: string]: never; }>;


export type ViolationsQuery = { violations: { lateCatalogUpdates: Array<{ departmentName: string, description: string, dueAt: string, updatedAt: string | null, outstanding: boolean, daysLate: number }>, lateDecisions: Array<{ requestId: string, resourceName: string, providerName: string, requesterName: string, deadline: string, decidedAt: string | null, state: string, daysLate: number }>, typeChanges: Array<{ resourceCode: string, resourceName: string, departmentName: string, state: string, via: string, fromShareType: ShareType, toShareType: ShareType, fromOpenType: OpenType, toOpenType: OpenType, requestedAt: string | null, decidedAt: string | null }>, deniedReads: Array<{ departmentName: string, reason: string, count: number }> } };


export const AuditTrailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditTrail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AuditEventFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"login"}},{"kind":"Field","name":{"kind":"Name","value":"departmentCode"}},{"kind":"Field","name":{"kind":"Name","value":"operation"}},{"kind":"Field","name":{"kind":"Name","value":"resourceCode"}},{"kind":"Field","name":{"kind":"Name","value":"purpose"}},{"kind":"Field","name":{"kind":"Name","value":"purposeDetail"}},{"kind":"Field","name":{"kind":"Name","value":"itemsClear"}},{"kind":"Field","name":{"kind":"Name","value":"itemsMasked"}},{"kind":"Field","name":{"kind":"Name","value":"itemsWithheld"}},{"kind":"Field","name":{"kind":"Name","value":"rowCount"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}}]}}]}}]}}]} as unknown as DocumentNode<AuditTrailQuery, AuditTrailQueryVariables>;
export const CheckAuditChainDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CheckAuditChain"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"verifyAuditChain"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"checked"}},{"kind":"Field","name":{"kind":"Name","value":"firstBrokenId"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}}]} as unknown as DocumentNode<CheckAuditChainQuery, CheckAuditChainQueryVariables>;
export const ImportDcatDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ImportDcat"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"document"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"url"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"importDcat"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"document"},"value":{"kind":"Variable","name":{"kind":"Name","value":"document"}}},{"kind":"Argument","name":{"kind":"Name","value":"url"},"value":{"kind":"Variable","name":{"kind":"Name","value":"url"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"datasetCount"}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"skipped"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"datasetId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"unmapped"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"datasetId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"property"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}}]}}]} as unknown as DocumentNode<ImportDcatMutation, ImportDcatMutationVariables>;
export const DepartmentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Departments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"departments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"shortName"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"resourceCount"}}]}}]}}]} as unknown as DocumentNode<DepartmentsQuery, DepartmentsQueryVariables>;
export const DepartmentCatalogDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DepartmentCatalog"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"code"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"department"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"code"},"value":{"kind":"Variable","name":{"kind":"Name","value":"code"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"resourceCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"resources"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"departmentCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"code"}}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ListValue","values":[{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"field"},"value":{"kind":"EnumValue","value":"UPDATED_AT"}},{"kind":"ObjectField","name":{"kind":"Name","value":"direction"},"value":{"kind":"EnumValue","value":"DESC"}}]}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"shareType"}},{"kind":"Field","name":{"kind":"Name","value":"openType"}}]}}]}}]}}]} as unknown as DocumentNode<DepartmentCatalogQuery, DepartmentCatalogQueryVariables>;
export const MeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"login"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"roles"}},{"kind":"Field","name":{"kind":"Name","value":"department"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<MeQuery, MeQueryVariables>;
export const ReadRecordsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReadRecords"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"resourceCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"purpose"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UsePurpose"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"purposeDetail"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"items"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordFilter"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordOrder"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"records"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"resourceCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"resourceCode"}}},{"kind":"Argument","name":{"kind":"Name","value":"purpose"},"value":{"kind":"Variable","name":{"kind":"Name","value":"purpose"}}},{"kind":"Argument","name":{"kind":"Name","value":"purposeDetail"},"value":{"kind":"Variable","name":{"kind":"Name","value":"purposeDetail"}}},{"kind":"Argument","name":{"kind":"Name","value":"items"},"value":{"kind":"Variable","name":{"kind":"Name","value":"items"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"treatment"}},{"kind":"Field","name":{"kind":"Name","value":"strategy"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"values"}}]}},{"kind":"Field","name":{"kind":"Name","value":"provenance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"providerCode"}},{"kind":"Field","name":{"kind":"Name","value":"providerName"}},{"kind":"Field","name":{"kind":"Name","value":"resourceCode"}},{"kind":"Field","name":{"kind":"Name","value":"dataUpdatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"retrievedAt"}}]}}]}}]}}]} as unknown as DocumentNode<ReadRecordsQuery, ReadRecordsQueryVariables>;
export const VerifyMatchDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"VerifyMatch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"resourceCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"purpose"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UsePurpose"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"purposeDetail"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"match"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"JSONObject"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"verify"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"resourceCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"resourceCode"}}},{"kind":"Argument","name":{"kind":"Name","value":"purpose"},"value":{"kind":"Variable","name":{"kind":"Name","value":"purpose"}}},{"kind":"Argument","name":{"kind":"Name","value":"purposeDetail"},"value":{"kind":"Variable","name":{"kind":"Name","value":"purposeDetail"}}},{"kind":"Argument","name":{"kind":"Name","value":"match"},"value":{"kind":"Variable","name":{"kind":"Name","value":"match"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"matched"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}}]} as unknown as DocumentNode<VerifyMatchQuery, VerifyMatchQueryVariables>;
export const ResourceDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ResourceDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"code"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resource"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"code"},"value":{"kind":"Variable","name":{"kind":"Name","value":"code"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"theme"}},{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"updateCycle"}},{"kind":"Field","name":{"kind":"Name","value":"shareType"}},{"kind":"Field","name":{"kind":"Name","value":"shareCondition"}},{"kind":"Field","name":{"kind":"Name","value":"shareMethods"}},{"kind":"Field","name":{"kind":"Name","value":"legalBasis"}},{"kind":"Field","name":{"kind":"Name","value":"openType"}},{"kind":"Field","name":{"kind":"Name","value":"openCondition"}},{"kind":"Field","name":{"kind":"Name","value":"sourceSystem"}},{"kind":"Field","name":{"kind":"Name","value":"useRequirements"}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"dataUpdatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"dataType"}},{"kind":"Field","name":{"kind":"Name","value":"length"}},{"kind":"Field","name":{"kind":"Name","value":"sensitivity"}},{"kind":"Field","name":{"kind":"Name","value":"maskingStrategy"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}},{"kind":"Field","name":{"kind":"Name","value":"relatedResources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<ResourceDetailQuery, ResourceDetailQueryVariables>;
export const SearchCatalogDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SearchCatalog"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ResourceFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ResourceOrder"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resources"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"facets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"shareType"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"openType"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"category"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"department"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"theme"}},{"kind":"Field","name":{"kind":"Name","value":"shareType"}},{"kind":"Field","name":{"kind":"Name","value":"openType"}},{"kind":"Field","name":{"kind":"Name","value":"updateCycle"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<SearchCatalogQuery, SearchCatalogQueryVariables>;
export const SubmitShareRequestDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SubmitShareRequest"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SubmitShareRequestInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitShareRequest"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"deadline"}},{"kind":"Field","name":{"kind":"Name","value":"deadlineProvisional"}}]}}]}}]} as unknown as DocumentNode<SubmitShareRequestMutation, SubmitShareRequestMutationVariables>;
export const DecideShareRequestDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DecideShareRequest"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"decision"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Decision"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"items"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"decideShareRequest"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"decision"},"value":{"kind":"Variable","name":{"kind":"Name","value":"decision"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}},{"kind":"Argument","name":{"kind":"Name","value":"items"},"value":{"kind":"Variable","name":{"kind":"Name","value":"items"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"decisionReason"}},{"kind":"Field","name":{"kind":"Name","value":"grantId"}}]}}]}}]} as unknown as DocumentNode<DecideShareRequestMutation, DecideShareRequestMutationVariables>;
export const MyRequestsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MyRequests"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"myRequests"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"resourceCode"}},{"kind":"Field","name":{"kind":"Name","value":"resourceName"}},{"kind":"Field","name":{"kind":"Name","value":"purpose"}},{"kind":"Field","name":{"kind":"Name","value":"deadline"}},{"kind":"Field","name":{"kind":"Name","value":"deadlineProvisional"}},{"kind":"Field","name":{"kind":"Name","value":"decisionReason"}}]}}]}}]} as unknown as DocumentNode<MyRequestsQuery, MyRequestsQueryVariables>;
export const RequestsToDecideDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RequestsToDecide"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requestsToDecide"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"resourceName"}},{"kind":"Field","name":{"kind":"Name","value":"requesterDepartment"}},{"kind":"Field","name":{"kind":"Name","value":"purpose"}},{"kind":"Field","name":{"kind":"Name","value":"purposeDetail"}},{"kind":"Field","name":{"kind":"Name","value":"items"}},{"kind":"Field","name":{"kind":"Name","value":"clearItems"}},{"kind":"Field","name":{"kind":"Name","value":"deadline"}}]}}]}}]} as unknown as DocumentNode<RequestsToDecideQuery, RequestsToDecideQueryVariables>;
export const NotificationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Notifications"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"unreadOnly"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"notifications"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"unreadOnly"},"value":{"kind":"Variable","name":{"kind":"Name","value":"unreadOnly"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]} as unknown as DocumentNode<NotificationsQuery, NotificationsQueryVariables>;
export const CatalogStatsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CatalogStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"catalogStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resourceCount"}},{"kind":"Field","name":{"kind":"Name","value":"itemCount"}},{"kind":"Field","name":{"kind":"Name","value":"resources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"departmentCode"}},{"kind":"Field","name":{"kind":"Name","value":"departmentName"}},{"kind":"Field","name":{"kind":"Name","value":"shareType"}},{"kind":"Field","name":{"kind":"Name","value":"openType"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"itemsBySensitivity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sensitivity"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stale"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"departmentName"}},{"kind":"Field","name":{"kind":"Name","value":"updateCycle"}},{"kind":"Field","name":{"kind":"Name","value":"dataUpdatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"maxAgeDays"}},{"kind":"Field","name":{"kind":"Name","value":"daysOverdue"}}]}}]}}]}}]} as unknown as DocumentNode<CatalogStatsQuery, CatalogStatsQueryVariables>;
export const SharingReportDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SharingReport"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"year"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sharingReport"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"year"},"value":{"kind":"Variable","name":{"kind":"Name","value":"year"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"departments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"departmentCode"}},{"kind":"Field","name":{"kind":"Name","value":"departmentName"}},{"kind":"Field","name":{"kind":"Name","value":"resourcesByShareType"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"shareType"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rowsServed"}},{"kind":"Field","name":{"kind":"Name","value":"requestsReceived"}},{"kind":"Field","name":{"kind":"Name","value":"approved"}},{"kind":"Field","name":{"kind":"Name","value":"rejected"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"medianDecisionWorkingDays"}},{"kind":"Field","name":{"kind":"Name","value":"requestsMade"}},{"kind":"Field","name":{"kind":"Name","value":"grantsHeld"}},{"kind":"Field","name":{"kind":"Name","value":"readsByPurpose"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"purpose"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"objectionsRaised"}},{"kind":"Field","name":{"kind":"Name","value":"objectionsReceived"}},{"kind":"Field","name":{"kind":"Name","value":"objectionsResolved"}}]}},{"kind":"Field","name":{"kind":"Name","value":"csv"}}]}}]}}]} as unknown as DocumentNode<SharingReportQuery, SharingReportQueryVariables>;
export const SlaComplianceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SlaCompliance"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"from"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTimeISO"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"to"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTimeISO"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"slaCompliance"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"from"},"value":{"kind":"Variable","name":{"kind":"Name","value":"from"}}},{"kind":"Argument","name":{"kind":"Name","value":"to"},"value":{"kind":"Variable","name":{"kind":"Name","value":"to"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"departmentCode"}},{"kind":"Field","name":{"kind":"Name","value":"departmentName"}},{"kind":"Field","name":{"kind":"Name","value":"requests"}},{"kind":"Field","name":{"kind":"Name","value":"decided"}},{"kind":"Field","name":{"kind":"Name","value":"onTime"}},{"kind":"Field","name":{"kind":"Name","value":"late"}},{"kind":"Field","name":{"kind":"Name","value":"pendingOverdue"}},{"kind":"Field","name":{"kind":"Name","value":"escalatedUndecided"}},{"kind":"Field","name":{"kind":"Name","value":"onTimeRate"}}]}}]}}]} as unknown as DocumentNode<SlaComplianceQuery, SlaComplianceQueryVariables>;
export const OpeningDemandStatsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OpeningDemandStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"openingDemandStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resourceCode"}},{"kind":"Field","name":{"kind":"Name","value":"resourceName"}},{"kind":"Field","name":{"kind":"Name","value":"departmentName"}},{"kind":"Field","name":{"kind":"Name","value":"demand"}},{"kind":"Field","name":{"kind":"Name","value":"askers"}},{"kind":"Field","name":{"kind":"Name","value":"lastDemandAt"}},{"kind":"Field","name":{"kind":"Name","value":"answer"}},{"kind":"Field","name":{"kind":"Name","value":"answeredAt"}}]}}]}}]} as unknown as DocumentNode<OpeningDemandStatsQuery, OpeningDemandStatsQueryVariables>;
export const NegativeListDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"NegativeList"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"negativeList"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"departmentName"}},{"kind":"Field","name":{"kind":"Name","value":"legalBasis"}},{"kind":"Field","name":{"kind":"Name","value":"itemCount"}}]}}]}}]} as unknown as DocumentNode<NegativeListQuery, NegativeListQueryVariables>;
export const ViolationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Violations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"violations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lateCatalogUpdates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"departmentName"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"outstanding"}},{"kind":"Field","name":{"kind":"Name","value":"daysLate"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lateDecisions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"resourceName"}},{"kind":"Field","name":{"kind":"Name","value":"providerName"}},{"kind":"Field","name":{"kind":"Name","value":"requesterName"}},{"kind":"Field","name":{"kind":"Name","value":"deadline"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"daysLate"}}]}},{"kind":"Field","name":{"kind":"Name","value":"typeChanges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resourceCode"}},{"kind":"Field","name":{"kind":"Name","value":"resourceName"}},{"kind":"Field","name":{"kind":"Name","value":"departmentName"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"via"}},{"kind":"Field","name":{"kind":"Name","value":"fromShareType"}},{"kind":"Field","name":{"kind":"Name","value":"toShareType"}},{"kind":"Field","name":{"kind":"Name","value":"fromOpenType"}},{"kind":"Field","name":{"kind":"Name","value":"toOpenType"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deniedReads"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"departmentName"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}}]}}]} as unknown as DocumentNode<ViolationsQuery, ViolationsQueryVariables>;