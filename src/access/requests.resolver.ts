import { Arg, Args, ArgsType, Ctx, Field, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { inArray } from "drizzle-orm";
import type { Context } from "../server/context.js";
import { auditedMutation as audited } from "../audit/audit.recorder.js";
import { departments } from "../db/schema.js";
import { hasRole } from "../auth/viewer.js";
import { isGrantActive } from "../policy/access.js";
import {
  CalendarYear,
  Decision,
  Grant,
  HolidayInput,
  Notification,
  RequestState,
  ShareRequest,
  SubmitShareRequestInput,
} from "./requests.type.js";
import {
  decideShareRequest,
  effectiveState,
  escalateShareRequest,
  grantById,
  listGrants,
  listNotifications,
  listRequests,
  markNotificationsRead,
  resolveRequest,
  revokeGrant,
  setHolidays,
  submitShareRequest,
  sweepDeadlines,
  type ShareRequestRow,
} from "./requests.service.js";

async function present(ctx: Context, rows: ShareRequestRow[]): Promise<ShareRequest[]> {
  const now = new Date();
  // Requests read with their requester's name (a mutation's answer) need no statement here.
  const ids = [...new Set(rows.filter((r) => r.requesterDepartmentName === undefined).map((r) => r.requesterDepartmentId))];
  const names = ids.length
    ? new Map((await ctx.db.select({ id: departments.id, name: departments.name }).from(departments).where(inArray(departments.id, ids))).map((d) => [d.id, d.name]))
    : new Map<number, string>();
  return rows.map((r) => ({
    ...r,
    state: effectiveState(r, now) as RequestState,
    requesterDepartment: r.requesterDepartmentName ?? names.get(r.requesterDepartmentId) ?? "",
  })) as unknown as ShareRequest[];
}

/** The arguments of a decision, by the provider or by the coordinator. */
@ArgsType()
class DecisionArgs {
  @Field(() => ID)
  id!: string;

  @Field(() => Decision)
  decision!: Decision;

  @Field(() => String, { nullable: true, description: "理由；拒绝时必填" })
  reason?: string | null;

  @Field(() => [String], { nullable: true, description: "批准的信息项（不超出申请范围）" })
  items?: string[] | null;

  @Field(() => [String], { nullable: true, description: "批准以明文提供的信息项" })
  clearItems?: string[] | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "授权有效期，最长一年" })
  validUntil?: Date | null;
}

const summaryOf = (r: ShareRequestRow) => ({ resourceCode: r.resourceCode, grantIds: r.grantId ? [r.grantId] : [] });

@Resolver()
export class RequestsResolver {
  @Mutation(() => ShareRequest, {
    description:
      "提交共享申请（使用部门）：有条件共享资源，或无条件共享资源的 L3/L4 明文；不予共享资源转主管部门作重新分类申请",
  })
  async submitShareRequest(@Ctx() ctx: Context, @Arg("input", () => SubmitShareRequestInput) input: SubmitShareRequestInput) {
    const row = await audited(
      ctx,
      "submitShareRequest",
      { resourceCode: input.resourceCode, purpose: input.purpose, detail: input.purposeDetail },
      () => submitShareRequest(ctx.db, ctx.viewer, input as never, { now: new Date(), workingDays: ctx.shareDecisionWorkingDays }),
      summaryOf,
    );
    return (await present(ctx, [row]))[0];
  }

  @Mutation(() => ShareRequest, { description: "审批共享申请（资源提供部门）。拒绝须说明理由；批准可缩小范围并生成授权（最长一年）" })
  async decideShareRequest(
    @Ctx() ctx: Context,
    @Args(() => DecisionArgs) args: DecisionArgs,
  ) {
    const row = await audited(ctx, "decideShareRequest", {}, () =>
      decideShareRequest(ctx.db, ctx.viewer, { ...args, id: Number(args.id) }, new Date()),
      summaryOf,
    );
    return (await present(ctx, [row]))[0];
  }

  @Mutation(() => ShareRequest, { description: "被拒绝或逾期未答复的申请上报主管部门协调（申请部门）" })
  async escalateShareRequest(@Ctx() ctx: Context, @Arg("id", () => ID) id: string, @Arg("reason", () => String) reason: string) {
    const row = await audited(ctx, "escalateShareRequest", {}, () => escalateShareRequest(ctx.db, ctx.viewer, Number(id), reason, new Date()), summaryOf);
    return (await present(ctx, [row]))[0];
  }

  @Mutation(() => ShareRequest, { description: "主管部门协调：批准（生成授权）或驳回上报的申请与重新分类申请" })
  async resolveShareRequest(
    @Ctx() ctx: Context,
    @Args(() => DecisionArgs) args: DecisionArgs,
  ) {
    const row = await audited(ctx, "resolveShareRequest", {}, () =>
      resolveRequest(ctx.db, ctx.viewer, { ...args, id: Number(args.id) }, new Date()),
      summaryOf,
    );
    return (await present(ctx, [row]))[0];
  }

  @Mutation(() => Grant, { description: "撤销授权（资源提供部门或主管部门），即时生效" })
  async revokeGrant(@Ctx() ctx: Context, @Arg("id", () => ID) id: string, @Arg("reason", () => String) reason: string) {
    const g = await audited(ctx, "revokeGrant", {}, () => revokeGrant(ctx.db, ctx.viewer, Number(id), reason, new Date()), (x) => ({ grantIds: [x.id] }));
    return { ...(await grantById(ctx.db, g.id))!, active: false };
  }

  @Mutation(() => CalendarYear, { description: "主管部门维护某年的法定节假日与调休工作日，用于计算答复期限" })
  async setHolidays(
    @Ctx() ctx: Context,
    @Arg("year", () => Int) year: number,
    @Arg("holidays", () => [HolidayInput]) holidays: HolidayInput[],
    @Arg("workdays", () => [String], { defaultValue: [] }) workdays: string[],
  ) {
    return audited(ctx, "setHolidays", {}, () => setHolidays(ctx.db, ctx.viewer, year, holidays, workdays));
  }

  @Mutation(() => Int, { description: "将本部门通知标记为已读（不给 ids 时全部）；返回标记的条数" })
  async markNotificationsRead(@Ctx() ctx: Context, @Arg("ids", () => [ID], { nullable: true }) ids: string[] | null) {
    return audited(ctx, "markNotificationsRead", {}, () =>
      markNotificationsRead(ctx.db, ctx.viewer.department!.id, ids ? ids.map(Number).filter(Number.isInteger) : null, new Date()),
    );
  }

  @Query(() => [ShareRequest], { description: "本部门提交的申请" })
  async myRequests(@Ctx() ctx: Context) {
    return present(ctx, await listRequests(ctx.db, { requesterDepartmentId: ctx.viewer.department!.id }));
  }

  @Query(() => [ShareRequest], { description: "待本部门处理的申请：提供部门为本部门资源的申请；主管部门为上报协调与重新分类申请" })
  async requestsToDecide(@Ctx() ctx: Context) {
    const rows = hasRole(ctx.viewer, "COORDINATOR")
      ? await listRequests(ctx.db, { coordinator: true })
      : await listRequests(ctx.db, { providerDepartmentId: ctx.viewer.department!.id, states: ["PENDING"] });
    return present(ctx, rows);
  }

  @Query(() => [Grant], { description: "与本部门有关的授权（被授权或本部门资源的）；主管与审计部门看全部" })
  async grants(@Ctx() ctx: Context, @Arg("activeOnly", () => Boolean, { defaultValue: false }) activeOnly: boolean) {
    const now = new Date();
    const rows = (await listGrants(ctx.db, ctx.viewer)).map((g) => ({ ...g, active: isGrantActive(g, now) }));
    return activeOnly ? rows.filter((g) => g.active) : rows;
  }

  @Query(() => [Notification], { description: "本部门的通知，最新在前" })
  async notifications(@Ctx() ctx: Context, @Arg("unreadOnly", () => Boolean, { defaultValue: false }) unreadOnly: boolean) {
    await sweepDeadlines(ctx.db, new Date());
    return listNotifications(ctx.db, ctx.viewer.department!.id, unreadOnly);
  }
}

