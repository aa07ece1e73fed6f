import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../server/context.js";
import { notFound } from "../server/errors.js";
import { departmentByCode, listDepartments, type DepartmentRow } from "./catalog.service.js";
import { Department } from "./department.type.js";

@Resolver(() => Department)
export class DepartmentResolver {
  @Query(() => [Department], { description: "全部政务部门" })
  async departments(@Ctx() ctx: Context) {
    return listDepartments(ctx.db);
  }

  @Query(() => Department, { description: "按统一社会信用代码查看部门；不存在时返回 NOT_FOUND" })
  async department(@Ctx() ctx: Context, @Arg("code", () => String) code: string) {
    const d = await departmentByCode(ctx.db, code);
    if (!d) throw notFound(`未找到部门 ${code.slice(0, 64)} (department not found)`);
    return d;
  }

  @FieldResolver(() => Int)
  async resourceCount(@Root() d: DepartmentRow, @Ctx() ctx: Context) {
    return ctx.loaders.resourceCountByDepartmentId.load(d.id);
  }
}
