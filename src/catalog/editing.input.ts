import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISOResolver, JSONResolver } from "graphql-scalars";
import {
  DataType,
  MaskingStrategy,
  OpenType,
  ResourceCategory,
  ResourceFormat,
  Sensitivity,
  ShareMethod,
  ShareType,
  UpdateCycle,
} from "./enums.js";

@InputType({ description: "信息项" })
export class DataItemInput {
  @Field(() => String, { description: "小写字母、数字、下划线，资源内唯一" })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => DataType)
  dataType!: DataType;

  @Field(() => Int, { nullable: true })
  length?: number | null;

  @Field(() => Sensitivity)
  sensitivity!: Sensitivity;

  @Field(() => MaskingStrategy, { description: "L2–L4 须指定（不能为 NONE）" })
  maskingStrategy!: MaskingStrategy;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true, description: "标准数据元代码 (R5)" })
  element?: string | null;

  @Field(() => Boolean, { nullable: true, description: "本资源是否为该数据元的权威来源（一数一源，R5）" })
  isSource?: boolean | null;
}

@InputType({ description: "目录条目的内容；更新时只需给出要改的字段，items 给出时整体替换" })
export class ResourceInput {
  @Field(() => String, { nullable: true, description: "资源代码；新建时可省略，自动生成" })
  code?: string | null;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  summary?: string | null;

  @Field(() => ResourceCategory, { nullable: true })
  category?: ResourceCategory | null;

  @Field(() => String, { nullable: true })
  theme?: string | null;

  @Field(() => ResourceFormat, { nullable: true })
  format?: ResourceFormat | null;

  @Field(() => UpdateCycle, { nullable: true })
  updateCycle?: UpdateCycle | null;

  @Field(() => ShareType, { nullable: true })
  shareType?: ShareType | null;

  @Field(() => String, { nullable: true })
  shareCondition?: string | null;

  @Field(() => [ShareMethod], { nullable: true })
  shareMethods?: ShareMethod[] | null;

  @Field(() => String, { nullable: true })
  legalBasis?: string | null;

  @Field(() => OpenType, { nullable: true })
  openType?: OpenType | null;

  @Field(() => String, { nullable: true })
  openCondition?: string | null;

  @Field(() => String, { nullable: true })
  sourceSystem?: string | null;

  @Field(() => String, { nullable: true })
  useRequirements?: string | null;

  @Field(() => [String], { nullable: true })
  relatedCodes?: string[] | null;

  @Field(() => [DataItemInput], { nullable: true })
  items?: DataItemInput[] | null;
}

export enum ReviewDecision {
  PUBLISH = "PUBLISH",
  RETURN = "RETURN",
}
registerEnumType(ReviewDecision, {
  name: "ReviewDecision",
  valuesConfig: { PUBLISH: { description: "发布" }, RETURN: { description: "退回修改（须说明理由）" } },
});

export enum ResourceStatus {
  DRAFT = "DRAFT",
  SUBMITTED = "SUBMITTED",
  PUBLISHED = "PUBLISHED",
  RETIRED = "RETIRED",
}
registerEnumType(ResourceStatus, {
  name: "ResourceStatus",
  valuesConfig: {
    DRAFT: { description: "草稿" },
    SUBMITTED: { description: "已提交，待主管部门审核" },
    PUBLISHED: { description: "已发布" },
    RETIRED: { description: "已停用" },
  },
});

@ObjectType({ simpleResolvers: true, description: "目录条目的一个版本：谁在何时改了什么 (R2)" })
export class ResourceVersion {
  @Field(() => Int)
  version!: number;

  @Field(() => String, { description: "CREATED, UPDATED, SUBMITTED, PUBLISHED, RETURNED, RETIRED, TYPE_CHANGE_REQUESTED, TYPE_CHANGE_APPROVED, TYPE_CHANGE_REJECTED" })
  kind!: string;

  @Field(() => DateTimeISOResolver)
  changedAt!: Date;

  @Field(() => String, { nullable: true })
  login!: string | null;

  @Field(() => String, { nullable: true, description: "修改人姓名" })
  name!: string | null;

  @Field(() => JSONResolver, { description: "差异：[{ field, from, to }]" })
  diff!: unknown;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

@ObjectType({ simpleResolvers: true, description: "职责或法律依据变化的登记 (R2)" })
export class DutyChange {
  @Field(() => Int)
  id!: number;

  @Field(() => String)
  departmentCode!: string;

  @Field(() => String)
  departmentName!: string;

  @Field(() => String)
  description!: string;

  @Field(() => DateTimeISOResolver)
  recordedAt!: Date;

  @Field(() => DateTimeISOResolver, { description: "应更新目录的期限（15 天）" })
  dueAt!: Date;
}
