import { Field, Int, ObjectType } from "type-graphql";
import { DepartmentKind } from "./enums.js";

@ObjectType({ simpleResolvers: true, description: "政务部门" })
export class Department {
  /** Internal id, never exposed. */
  id!: number;

  @Field(() => String, { description: "统一社会信用代码" })
  code!: string;

  @Field(() => String, { description: "部门名称" })
  name!: string;

  @Field(() => String, { description: "简称" })
  shortName!: string;

  @Field(() => DepartmentKind)
  kind!: DepartmentKind;

  // resourceCount is resolved per viewer in DepartmentResolver.
  @Field(() => Int, { description: "本部门已发布的、当前用户可见的资源数" })
  resourceCount?: number;
}
