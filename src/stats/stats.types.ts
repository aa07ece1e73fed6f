// GraphQL types of the statistics API (R22, R34, R40, R41). Counts of metadata, requests, grants
// and audit events only: nothing here is broken down by the values of data items.
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { OpenType, ResourceCategory, Sensitivity, ShareType, UpdateCycle } from "../catalog/enums.js";
import { UsePurpose } from "../records/records.input.js";

@ObjectType({ simpleResolvers: true, description: "已发布资源数的一个交叉单元：部门 × 共享类型 × 开放类型 × 分类" })
export class ResourceCountCell {
  @Field(() => String)
  departmentCode!: string;

  @Field(() => String)
  departmentName!: string;

  @Field(() => ShareType)
  shareType!: ShareType;

  @Field(() => OpenType)
  openType!: OpenType;

  @Field(() => ResourceCategory)
  category!: ResourceCategory;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ simpleResolvers: true, description: "某敏感级别的信息项数" })
export class SensitivityCount {
  @Field(() => Sensitivity)
  sensitivity!: Sensitivity;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ simpleResolvers: true, description: "数据超过其更新周期允许的时长未更新的资源" })
export class StaleResource {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  departmentCode!: string;

  @Field(() => String)
  departmentName!: string;

  @Field(() => UpdateCycle)
  updateCycle!: UpdateCycle;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "数据最后更新时间；从未更新时为空（按发布时间计）" })
  dataUpdatedAt!: Date | null;

  @Field(() => Int, { description: "该更新周期允许的最长天数（实时 1、每日 2、每周 8、每月 32、每季度 93、每半年 184、每年 366）" })
  maxAgeDays!: number;

  @Field(() => Int, { description: "超出允许时长的整天数，至少为 1" })
  daysOverdue!: number;
}

@ObjectType({ simpleResolvers: true, description: "目录统计：只计当前用户在目录中可见的条目（公众为开放目录）" })
export class CatalogStats {
  @Field(() => Int, { description: "可见的已发布资源数" })
  resourceCount!: number;

  @Field(() => Int, { description: "这些资源的信息项数" })
  itemCount!: number;

  @Field(() => [ResourceCountCell], { description: "部门 × 共享类型 × 开放类型 × 分类的交叉计数（只列非零单元）" })
  resources!: ResourceCountCell[];

  @Field(() => [SensitivityCount], { description: "信息项按敏感级别计数（L1–L4，含零）" })
  itemsBySensitivity!: SensitivityCount[];

  @Field(() => [StaleResource], { description: "数据超期未更新的资源，超期最久在前" })
  stale!: StaleResource[];
}

@ObjectType({ simpleResolvers: true })
export class ShareTypeCount {
  @Field(() => ShareType)
  shareType!: ShareType;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ simpleResolvers: true })
export class PurposeCount {
  @Field(() => UsePurpose)
  purpose!: UsePurpose;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ simpleResolvers: true, description: "一个部门一年的共享情况 (R40)：提供了什么、使用了什么" })
export class DepartmentSharing {
  @Field(() => String)
  departmentCode!: string;

  @Field(() => String)
  departmentName!: string;

  @Field(() => [ShareTypeCount], { description: "本部门已发布资源按共享类型计数（当前目录）" })
  resourcesByShareType!: ShareTypeCount[];

  @Field(() => Int, { description: "当年其他部门经 records 读取本部门资源的行数（审计日志，仅成功的读取）" })
  rowsServed!: number;

  @Field(() => Int, { description: "当年提交的、针对本部门资源的共享申请数" })
  requestsReceived!: number;

  @Field(() => Int, { description: "其中本部门批准的" })
  approved!: number;

  @Field(() => Int, { description: "其中本部门拒绝的（含拒绝后经协调处理的）" })
  rejected!: number;

  @Field(() => Int, { description: "其中逾期的：超过期限才答复，或至今超过期限未答复" })
  overdue!: number;

  @Field(() => Float, { nullable: true, description: "从提交到本部门答复的工作日数中位数；没有答复时为空" })
  medianDecisionWorkingDays!: number | null;

  @Field(() => Int, { description: "当年本部门提交的申请数（共享与重新分类）" })
  requestsMade!: number;

  @Field(() => Int, { description: "当年内任一时刻有效的本部门授权数" })
  grantsHeld!: number;

  @Field(() => [PurposeCount], { description: "当年本部门成功读取（records、verify）其他部门资源的次数，按用途" })
  readsByPurpose!: PurposeCount[];

  @Field(() => Int, { description: "当年本部门提出的数据异议数" })
  objectionsRaised!: number;

  @Field(() => Int, { description: "当年其他部门对本部门资源提出的数据异议数" })
  objectionsReceived!: number;

  @Field(() => Int, { description: "当年本部门核实处理（更正或确认）的数据异议数" })
  objectionsResolved!: number;
}

@ObjectType({ simpleResolvers: true, description: "年度共享情况报告 (R40)" })
export class SharingReport {
  @Field(() => Int)
  year!: number;

  @Field(() => [DepartmentSharing])
  departments!: DepartmentSharing[];

  @Field(() => String, { description: "同一张表的 CSV（UTF-8 带 BOM，中文表头，每个部门一行），用于年度报送" })
  csv!: string;
}

@ObjectType({ simpleResolvers: true, description: "提供部门答复共享申请的时限情况 (R12)" })
export class ProviderSla {
  @Field(() => String)
  departmentCode!: string;

  @Field(() => String)
  departmentName!: string;

  @Field(() => Int, { description: "期间内提交的、针对本部门资源的共享申请数" })
  requests!: number;

  @Field(() => Int, { description: "本部门已答复（批准或拒绝）的" })
  decided!: number;

  @Field(() => Int, { description: "在期限内答复的" })
  onTime!: number;

  @Field(() => Int, { description: "超过期限才答复的" })
  late!: number;

  @Field(() => Int, { description: "至今未答复且已过期限的（逾期待办）" })
  pendingOverdue!: number;

  @Field(() => Int, { description: "未经本部门答复、逾期后已上报主管部门的" })
  escalatedUndecided!: number;

  @Field(() => Float, { nullable: true, description: "按时答复率 = onTime ÷ (decided + pendingOverdue + escalatedUndecided)；分母为零时为空" })
  onTimeRate!: number | null;
}

@ObjectType({ simpleResolvers: true, description: "不予开放资源的开放需求 (R22)" })
export class OpeningDemandStat {
  @Field(() => String)
  resourceCode!: string;

  @Field(() => String)
  resourceName!: string;

  @Field(() => String)
  departmentCode!: string;

  @Field(() => String)
  departmentName!: string;

  @Field(() => Int, { description: "登记的需求次数" })
  demand!: number;

  @Field(() => Int, { description: "提出需求的不同账号数" })
  askers!: number;

  @Field(() => DateTimeISOResolver, { description: "最近一次登记需求的时间" })
  lastDemandAt!: Date;

  @Field(() => String, { nullable: true, description: "提供部门最近的答复" })
  answer!: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  answeredAt!: Date | null;
}

@ObjectType({ simpleResolvers: true, description: "共享负面清单的一项：不予共享的资源及其依据 (R3, R41)" })
export class NegativeListEntry {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  departmentCode!: string;

  @Field(() => String)
  departmentName!: string;

  @Field(() => ResourceCategory)
  category!: ResourceCategory;

  @Field(() => OpenType)
  openType!: OpenType;

  @Field(() => String, { nullable: true, description: "不予共享的法律、行政法规或政策依据" })
  legalBasis!: string | null;

  @Field(() => Int)
  itemCount!: number;

  @Field(() => DateTimeISOResolver, { nullable: true })
  publishedAt!: Date | null;
}

@ObjectType({ simpleResolvers: true, description: "职责变更后未在 15 天内更新目录 (R2, R34)" })
export class LateCatalogUpdate {
  @Field(() => ID)
  dutyChangeId!: number;

  @Field(() => String)
  departmentCode!: string;

  @Field(() => String)
  departmentName!: string;

  @Field(() => String)
  description!: string;

  @Field(() => DateTimeISOResolver)
  recordedAt!: Date;

  @Field(() => DateTimeISOResolver)
  dueAt!: Date;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "登记后本部门第一次更新目录的时间；至今未更新为空" })
  updatedAt!: Date | null;

  @Field(() => Boolean, { description: "至今仍未更新（即 overdueCatalogUpdates 所列）" })
  outstanding!: boolean;

  @Field(() => Int, { description: "超过期限的整天数，至少为 1" })
  daysLate!: number;
}

@ObjectType({ simpleResolvers: true, description: "超过期限才答复或至今逾期未答复的共享申请 (R12, R34)" })
export class LateDecision {
  @Field(() => ID)
  requestId!: number;

  @Field(() => String)
  resourceCode!: string;

  @Field(() => String)
  resourceName!: string;

  @Field(() => String)
  providerCode!: string;

  @Field(() => String)
  providerName!: string;

  @Field(() => String)
  requesterCode!: string;

  @Field(() => String)
  requesterName!: string;

  @Field(() => DateTimeISOResolver)
  submittedAt!: Date;

  @Field(() => DateTimeISOResolver)
  deadline!: Date;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "提供部门答复时间；未答复为空" })
  decidedAt!: Date | null;

  @Field(() => String, { description: "申请当前状态（PENDING 逾期显示为 OVERDUE）" })
  state!: string;

  @Field(() => Int, { description: "超过期限的整天数，至少为 1" })
  daysLate!: number;
}

@ObjectType({ simpleResolvers: true, description: "共享或开放类型的变更：待审核的和已批准的 (R34)" })
export class TypeChangeRecord {
  @Field(() => String)
  resourceCode!: string;

  @Field(() => String)
  resourceName!: string;

  @Field(() => String)
  departmentCode!: string;

  @Field(() => String)
  departmentName!: string;

  @Field(() => String, { description: "PENDING（待主管部门审核）或 APPROVED" })
  state!: string;

  @Field(() => String, { description: "CATALOG_REVIEW（目录变更经审核）或 RECLASSIFICATION（不予共享资源经申请重新分类）" })
  via!: string;

  @Field(() => ShareType)
  fromShareType!: ShareType;

  @Field(() => ShareType)
  toShareType!: ShareType;

  @Field(() => OpenType)
  fromOpenType!: OpenType;

  @Field(() => OpenType)
  toOpenType!: OpenType;

  @Field(() => DateTimeISOResolver, { nullable: true })
  requestedAt!: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "批准时间；待审核为空" })
  decidedAt!: Date | null;
}

@ObjectType({ simpleResolvers: true, description: "被拒绝的读取（审计日志 outcome = DENIED），按读取部门与理由计数" })
export class DeniedReadCount {
  @Field(() => String)
  departmentCode!: string;

  @Field(() => String)
  departmentName!: string;

  @Field(() => String)
  reason!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ simpleResolvers: true, description: "平台须能显示的违规信号 (R34)" })
export class Violations {
  @Field(() => [LateCatalogUpdate])
  lateCatalogUpdates!: LateCatalogUpdate[];

  @Field(() => [LateDecision])
  lateDecisions!: LateDecision[];

  @Field(() => [TypeChangeRecord])
  typeChanges!: TypeChangeRecord[];

  @Field(() => [DeniedReadCount])
  deniedReads!: DeniedReadCount[];
}
