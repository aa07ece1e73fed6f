import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISOResolver, JSONObjectResolver } from "graphql-scalars";
import { MaskingStrategy, Sensitivity } from "../catalog/enums.js";
import { PageInfo } from "../server/pagination.js";

export enum Treatment {
  CLEAR = "CLEAR",
  MASKED = "MASKED",
  WITHHELD = "WITHHELD",
}
registerEnumType(Treatment, {
  name: "Treatment",
  description: "信息项对当前用户的提供方式",
  valuesConfig: {
    CLEAR: { description: "明文" },
    MASKED: { description: "脱敏后提供" },
    WITHHELD: { description: "不提供" },
  },
});

@ObjectType({ simpleResolvers: true, description: "一条数据：values 以信息项代码为键，只含当前用户可见的内容" })
export class RecordNode {
  @Field(() => String, {
    description: "记录标识。提供部门本部门为原始键；其他用户为按部门生成的假名令牌（同一部门内稳定）",
  })
  key!: string;

  @Field(() => JSONObjectResolver)
  values!: Record<string, unknown>;
}

@ObjectType({ simpleResolvers: true, description: "信息项及其对当前用户的提供方式" })
export class RecordItem {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Sensitivity)
  sensitivity!: Sensitivity;

  @Field(() => Treatment)
  treatment!: Treatment;

  @Field(() => MaskingStrategy, { description: "MASKED 时所用的脱敏方式" })
  strategy!: MaskingStrategy;
}

@ObjectType({ simpleResolvers: true, description: "数据来源 (R15)" })
export class Provenance {
  @Field(() => String, { description: "提供部门统一社会信用代码" })
  providerCode!: string;

  @Field(() => String, { description: "提供部门名称" })
  providerName!: string;

  @Field(() => String)
  resourceCode!: string;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "数据更新时间" })
  dataUpdatedAt!: Date | null;

  @Field(() => DateTimeISOResolver, { description: "本次获取时间" })
  retrievedAt!: Date;
}

@ObjectType({ simpleResolvers: true })
export class RecordPage {
  @Field(() => Int)
  totalCount!: number;

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => [RecordNode])
  nodes!: RecordNode[];

  @Field(() => [RecordItem])
  items!: RecordItem[];

  @Field(() => Provenance)
  provenance!: Provenance;
}

@ObjectType({ simpleResolvers: true, description: "核验结果：只回答是否存在，不返回数据 (R6)" })
export class VerifyResult {
  @Field(() => Boolean)
  matched!: boolean;

  @Field(() => Int)
  count!: number;

  @Field(() => Provenance)
  provenance!: Provenance;
}
