import { Field, Int, ObjectType } from "type-graphql";
import { DataType, MaskingStrategy, Sensitivity } from "./enums.js";

@ObjectType({ description: "信息项" })
export class DataItem {
  id!: number;
  resourceId!: number;

  @Field(() => String, { description: "信息项代码（在资源内唯一）" })
  code!: string;

  @Field(() => String, { description: "信息项名称" })
  name!: string;

  @Field(() => DataType)
  dataType!: DataType;

  @Field(() => Int, { nullable: true, description: "数据长度" })
  length!: number | null;

  @Field(() => Sensitivity)
  sensitivity!: Sensitivity;

  @Field(() => MaskingStrategy)
  maskingStrategy!: MaskingStrategy;

  @Field(() => String, { nullable: true })
  description!: string | null;
}
