import { Field, ObjectType } from "type-graphql";
import { DateTimeISOResolver, JSONResolver } from "graphql-scalars";
import { ResourceStatus, ResourceVersion } from "./editing.input.js";
import { DataItem } from "./data-item.type.js";
import { Department } from "./department.type.js";
import { OpenType, ResourceCategory, ResourceFormat, ShareMethod, ShareType, UpdateCycle } from "./enums.js";

@ObjectType({ simpleResolvers: true, description: "政务信息资源目录条目" })
export class Resource {
  id!: number;
  departmentId!: number;
  relatedCodes!: string[];

  @Field(() => String, { description: "资源代码（分类代码 + 顺序码），唯一" })
  code!: string;

  @Field(() => String, { description: "资源名称" })
  name!: string;

  @Field(() => String, { description: "资源摘要" })
  summary!: string;

  @Field(() => ResourceCategory)
  category!: ResourceCategory;

  @Field(() => String, { nullable: true, description: "主题（基础资源为其基础库名称）" })
  theme!: string | null;

  @Field(() => ResourceFormat)
  format!: ResourceFormat;

  @Field(() => UpdateCycle)
  updateCycle!: UpdateCycle;

  @Field(() => ShareType)
  shareType!: ShareType;

  @Field(() => String, { nullable: true, description: "共享条件（有条件共享时）" })
  shareCondition!: string | null;

  @Field(() => [ShareMethod], { description: "共享方式" })
  shareMethods!: ShareMethod[];

  @Field(() => String, { nullable: true, description: "不予共享的法律依据 (R3)" })
  legalBasis!: string | null;

  @Field(() => OpenType)
  openType!: OpenType;

  @Field(() => String, { nullable: true, description: "开放条件（有条件开放时）" })
  openCondition!: string | null;

  @Field(() => String, { nullable: true, description: "来源信息系统" })
  sourceSystem!: string | null;

  @Field(() => String, { nullable: true, description: "使用要求" })
  useRequirements!: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "发布日期" })
  publishedAt!: Date | null;

  @Field(() => DateTimeISOResolver, { description: "目录最后更新时间" })
  updatedAt!: Date;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "数据最后更新时间 (R15)" })
  dataUpdatedAt!: Date | null;

  @Field(() => ResourceStatus, { description: "目录状态" })
  status!: ResourceStatus;

  @Field(() => JSONResolver, { nullable: true, description: "待主管部门审核的共享/开放类型变更 (R34)" })
  pendingChange!: unknown;

  @Field(() => String, { nullable: true, description: "退回或停用的理由" })
  reviewNote!: string | null;

  // Resolved in ResourceResolver through per-request loaders.
  @Field(() => Department, { description: "提供部门" })
  provider?: Department;

  @Field(() => [DataItem], { description: "信息项" })
  items?: DataItem[];

  @Field(() => [Resource], { description: "关联资源（仅当前用户可见的）" })
  relatedResources?: Resource[];

  @Field(() => [ResourceVersion], { description: "版本历史，最新在前 (R2)" })
  versions?: ResourceVersion[];
}
