import { Field, InputType, registerEnumType } from "type-graphql";
import { SortDirection } from "../catalog/enums.js";

export enum UsePurpose {
  ADMINISTRATIVE_BASIS = "ADMINISTRATIVE_BASIS",
  WORK_REFERENCE = "WORK_REFERENCE",
  DATA_VERIFICATION = "DATA_VERIFICATION",
  BUSINESS_COLLABORATION = "BUSINESS_COLLABORATION",
}
registerEnumType(UsePurpose, {
  name: "UsePurpose",
  description: "使用用途 (R11)",
  valuesConfig: {
    ADMINISTRATIVE_BASIS: { description: "行政依据" },
    WORK_REFERENCE: { description: "工作参考" },
    DATA_VERIFICATION: { description: "数据校核" },
    BUSINESS_COLLABORATION: { description: "业务协同" },
  },
});

export enum FilterOp {
  EQ = "EQ",
  IN = "IN",
  PREFIX = "PREFIX",
  RANGE = "RANGE",
}
registerEnumType(FilterOp, {
  name: "FilterOp",
  valuesConfig: {
    EQ: { description: "等于 value" },
    IN: { description: "属于 values 之一" },
    PREFIX: { description: "以 value 开头（% 和 _ 为普通字符）" },
    RANGE: { description: "在 from 与 to 之间（含端点，可只给一端）" },
  },
});

@InputType({ description: "按信息项筛选。只能按以明文提供的信息项筛选；KEYED_HASH 脱敏项可用 EQ/IN 比较令牌" })
export class RecordFilter {
  @Field(() => String, { description: "信息项代码" })
  item!: string;

  @Field(() => FilterOp)
  op!: FilterOp;

  @Field(() => String, { nullable: true })
  value?: string | null;

  @Field(() => [String], { nullable: true })
  values?: string[] | null;

  @Field(() => String, { nullable: true })
  from?: string | null;

  @Field(() => String, { nullable: true })
  to?: string | null;
}

@InputType({ description: "按信息项排序。只能按以明文提供的信息项排序" })
export class RecordOrder {
  @Field(() => String)
  item!: string;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC })
  direction!: SortDirection;
}
