import { Field, Int, ObjectType } from "type-graphql";
import { DataType, MaskingStrategy, Sensitivity } from "./enums.js";

@ObjectType({ simpleResolvers: true, description: "信息项" })
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

  @Field(() => String, { nullable: true, description: "标准数据元代码 (R5)" })
  element!: string | null;

  @Field(() => Boolean, { description: "本资源是否为该数据元的权威来源 (R5)" })
  isSource!: boolean;
}
