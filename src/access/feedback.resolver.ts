import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { DateTimeISOResolver, JSONResolver } from "graphql-scalars";
import type { Context } from "../server/context.js";
import { auditedMutation } from "../audit/audit.recorder.js";
import { UsePurpose } from "../records/records.input.js";
import type { Purpose } from "../policy/access.js";
import {
  answerDataNeed,
  answerOpeningDemand,
  listDataNeeds,
  listObjections,
  openingDemandFor,
  postDataNeed,
  raiseObjection,
  requestOpening,
  resolveObjection,
} from "./feedback.service.js";

@ObjectType({ simpleResolvers: true, description: "数据异议 (R14)" })
export class Objection {
  @Field(() => ID)
  id!: number;

  @Field(() => String)
  resourceCode!: string;

  @Field(() => String, { description: "记录标识（提出方看到的是其所获得的标识）" })
  recordKey!: string;

  @Field(() => String)
  itemCode!: string;

  @Field(() => String)
  description!: string;

  @Field(() => String, { description: "OPEN, CORRECTED, CONFIRMED" })
  state!: string;

  @Field(() => String, { nullable: true })
  resolutionNote!: string | null;

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;

  @Field(() => DateTimeISOResolver, { nullable: true })
  resolvedAt!: Date | null;
}

@ObjectType({ simpleResolvers: true })
export class NeedAnswer {
  @Field(() => String)
  departmentName!: string;

  @Field(() => String, { nullable: true })
  resourceCode!: string | null;

  @Field(() => String)
  note!: string;

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;
}

@ObjectType({ simpleResolvers: true, description: "数据需求（供需对接清单，R41）" })
export class DataNeed {
  @Field(() => ID)
  id!: number;

  @Field(() => String)
  departmentName?: string;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  reason!: string;

  @Field(() => [String])
  items!: string[];

  @Field(() => String, { description: "OPEN, ANSWERED" })
  state!: string;

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;

  @Field(() => [NeedAnswer])
  answers?: NeedAnswer[];
}

@ObjectType({ simpleResolvers: true, description: "不予开放资源的开放需求及提供部门的答复 (R22)" })
export class OpeningDemand {
  @Field(() => String)
  resourceCode!: string;

  @Field(() => String)
  resourceName!: string;

  @Field(() => Int, { description: "登记的需求次数" })
  demand!: number;

  @Field(() => String, { nullable: true })
  answer!: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  answeredAt!: Date | null;
}

@Resolver()
export class FeedbackResolver {
  @Mutation(() => Objection, { description: "对读取到的某条记录的某个信息项提出异议 (R14)；不影响继续使用" })
  async raiseObjection(
    @Ctx() ctx: Context,
    @Arg("resourceCode", () => String) resourceCode: string,
    @Arg("purpose", () => UsePurpose) purpose: UsePurpose,
    @Arg("recordKey", () => String, { description: "records 返回的 key" }) recordKey: string,
    @Arg("item", () => String) item: string,
    @Arg("description", () => String) description: string,
  ) {
    return auditedMutation(ctx, "raiseObjection", { resourceCode, purpose }, () =>
      raiseObjection(ctx.db, ctx.viewer, { resourceCode, purpose: purpose as Purpose, recordKey, item, description }, ctx.maskingSecret, new Date()),
    );
  }

  @Mutation(() => Objection, { description: "提供部门核实异议：更正（给出新值，保留历史）或确认无误并说明" })
  async resolveObjection(
    @Ctx() ctx: Context,
    @Arg("id", () => ID) id: string,
    @Arg("correct", () => Boolean) correct: boolean,
    @Arg("note", () => String) note: string,
    @Arg("value", () => JSONResolver, { nullable: true }) value: unknown,
  ) {
    return auditedMutation(ctx, "resolveObjection", {}, () =>
      resolveObjection(ctx.db, ctx.viewer, { id: Number(id), correct, note, value: value ?? undefined }, new Date()),
      (o) => ({ resourceCode: o.resourceCode }),
    );
  }

  @Query(() => [Objection], { description: "本部门提出的和针对本部门资源的异议；主管与审计部门看全部" })
  async objections(@Ctx() ctx: Context) {
    return listObjections(ctx.db, ctx.viewer);
  }

  @Mutation(() => DataNeed, { description: "提出数据需求（需要什么、为什么、哪些信息项）" })
  async postDataNeed(
    @Ctx() ctx: Context,
    @Arg("title", () => String) title: string,
    @Arg("reason", () => String) reason: string,
    @Arg("items", () => [String]) items: string[],
  ) {
    const row = await auditedMutation(ctx, "postDataNeed", {}, () => postDataNeed(ctx.db, ctx.viewer, { title, reason, items }, new Date()));
    // With its department and answers: DataNeed.departmentName is non-null.
    return (await listDataNeeds(ctx.db, false, row.id))[0];
  }

  @Mutation(() => DataNeed, { description: "提供部门以本部门资源或说明答复数据需求" })
  async answerDataNeed(
    @Ctx() ctx: Context,
    @Arg("id", () => ID) id: string,
    @Arg("note", () => String) note: string,
    @Arg("resourceCode", () => String, { nullable: true }) resourceCode: string | null,
  ) {
    const row = await auditedMutation(ctx, "answerDataNeed", { resourceCode }, () => answerDataNeed(ctx.db, ctx.viewer, { id: Number(id), resourceCode, note }, new Date()));
    return (await listDataNeeds(ctx.db, false, row.id))[0];
  }

  @Query(() => [DataNeed], { description: "供需对接清单" })
  async dataNeeds(@Ctx() ctx: Context, @Arg("openOnly", () => Boolean, { defaultValue: false }) openOnly: boolean) {
    return listDataNeeds(ctx.db, openOnly);
  }

  @Mutation(() => Boolean, { description: "登记对某项不予开放资源的开放需求 (R22)。无论代码是否存在都返回 true" })
  async requestOpening(@Ctx() ctx: Context, @Arg("resourceCode", () => String) resourceCode: string, @Arg("reason", () => String) reason: string) {
    return auditedMutation(ctx, "requestOpening", { resourceCode }, () => requestOpening(ctx.db, ctx.viewer, resourceCode, reason, new Date()));
  }

  @Mutation(() => OpeningDemand, { description: "提供部门说明不予开放的理由（或经目录审核开放）" })
  async answerOpeningDemand(@Ctx() ctx: Context, @Arg("resourceCode", () => String) resourceCode: string, @Arg("answer", () => String) answer: string) {
    const rows = await auditedMutation(ctx, "answerOpeningDemand", { resourceCode }, () => answerOpeningDemand(ctx.db, ctx.viewer, resourceCode, answer, new Date()));
    return rows[0] ?? { resourceCode, resourceName: "", demand: 0, answer, answeredAt: new Date() };
  }

  @Query(() => [OpeningDemand], { description: "开放需求，按需求次数排序" })
  async openingDemand(@Ctx() ctx: Context) {
    return openingDemandFor(ctx.db);
  }
}
