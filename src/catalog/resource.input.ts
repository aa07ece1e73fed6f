import { Field, InputType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import {
  OpenType,
  ResourceCategory,
  ResourceOrderField,
  ShareType,
  SortDirection,
  UpdateCycle,
} from "./enums.js";

@InputType({ description: "目录检索条件；各条件同时满足" })
export class ResourceFilter {
  @Field(() => String, {
    nullable: true,
    description: "中文检索：名称、摘要、信息项名称中的词或子串（如“人口”），以空格分隔多个条件",
  })
  search?: string | null;

  @Field(() => String, { nullable: true, description: "提供部门的统一社会信用代码" })
  departmentCode?: string | null;

  @Field(() => ResourceCategory, { nullable: true })
  category?: ResourceCategory | null;

  @Field(() => String, { nullable: true, description: "主题，如 社会保障" })
  theme?: string | null;

  @Field(() => ShareType, { nullable: true })
  shareType?: ShareType | null;

  @Field(() => OpenType, { nullable: true })
  openType?: OpenType | null;

  @Field(() => UpdateCycle, { nullable: true })
  updateCycle?: UpdateCycle | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "目录在此时间之后（含）更新过" })
  updatedSince?: Date | null;
}

@InputType()
export class ResourceOrder {
  @Field(() => ResourceOrderField)
  field!: ResourceOrderField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC })
  direction!: SortDirection;
}
