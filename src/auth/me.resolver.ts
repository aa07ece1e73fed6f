import { Ctx, Field, ObjectType, Query, Resolver } from "type-graphql";
import { Department } from "../catalog/department.type.js";
import { Role } from "../catalog/enums.js";
import type { Context } from "../server/context.js";

@ObjectType({ simpleResolvers: true, description: "当前用户（实名账号，R31）" })
export class Account {
  @Field(() => String)
  login!: string;

  @Field(() => String, { description: "姓名" })
  name!: string;

  @Field(() => Department, { nullable: true, description: "所属部门；社会公众为空" })
  department!: Department | null;

  @Field(() => [Role])
  roles!: Role[];
}

@Resolver()
export class MeResolver {
  @Query(() => Account, { nullable: true, description: "当前用户；匿名公众为 null" })
  async me(@Ctx() ctx: Context): Promise<Account | null> {
    const v = ctx.viewer;
    if (v.login === null) return null;
    const department = v.department ? await ctx.loaders.departmentById.load(v.department.id) : null;
    return { login: v.login, name: v.name!, roles: v.roles as Role[], department: department as Department | null };
  }
}
