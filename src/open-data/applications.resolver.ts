import { Arg, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver, registerEnumType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import type { Context } from "../server/context.js";
import { auditedMutation } from "../audit/audit.recorder.js";
import { Decision } from "../access/requests.type.js";
import {
  applyForOpenData,
  decideOpenApplication,
  listApplications,
  requestRecheck,
  resolveRecheck,
  type ApplicationRow,
} from "./applications.service.js";

export enum ApplicationState {
  PENDING = "PENDING",
  APPROVED = "APPROVED",
  REJECTED = "REJECTED",
  USED = "USED",
  RECHECK_REQUESTED = "RECHECK_REQUESTED",
  CLOSED = "CLOSED",
}
registerEnumType(ApplicationState, {
  name: "ApplicationState",
  valuesConfig: {
    PENDING: { description: "待审批" },
    APPROVED: { description: "已批准，可使用一次" },
    REJECTED: { description: "已拒绝（可申请复核）" },
    USED: { description: "已使用（一次一申请）" },
    RECHECK_REQUESTED: { description: "已申请主管部门复核" },
    CLOSED: { description: "复核维持拒绝，已办结" },
  },
});

@ObjectType({ simpleResolvers: true, description: "有条件开放数据的使用申请 (R21, R22)" })
export class OpenApplication {
  @Field(() => ID)
  id!: number;

  @Field(() => String)
  resourceCode!: string;

  @Field(() => String)
  resourceName!: string;

  @Field(() => String, { description: "使用范围" })
  scope!: string;

  @Field(() => String, { description: "使用目的" })
  purpose!: string;

  @Field(() => [String])
  items!: string[];

  @Field(() => ApplicationState)
  state!: ApplicationState;

  @Field(() => DateTimeISOResolver)
  submittedAt!: Date;

  @Field(() => DateTimeISOResolver)
  deadline!: Date;

  @Field(() => Boolean)
  deadlineProvisional!: boolean;

  @Field(() => String, { nullable: true })
  decisionReason!: string | null;

  @Field(() => String, { nullable: true })
  recheckReason!: string | null;

  @Field(() => String, { nullable: true })
  recheckResolution!: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  usedAt!: Date | null;
}

const audited = <T extends ApplicationRow>(ctx: Context, operation: string, fn: () => Promise<T>, resourceCode?: string) =>
  auditedMutation(ctx, operation, { resourceCode }, fn, (r) => ({ resourceCode: r.resourceCode }));

@Resolver()
export class OpenApplicationsResolver {
  @Mutation(() => OpenApplication, { description: "社会公众申请使用有条件开放资源，写明范围与目的；批准后可读取一次 (R21)" })
  async applyForOpenData(
    @Ctx() ctx: Context,
    @Arg("resourceCode", () => String) resourceCode: string,
    @Arg("scope", () => String) scope: string,
    @Arg("purpose", () => String) purpose: string,
    @Arg("items", () => [String]) items: string[],
  ) {
    return audited(
      ctx,
      "applyForOpenData",
      () => applyForOpenData(ctx.db, ctx.viewer, { resourceCode, scope, purpose, items }, { now: new Date(), workingDays: ctx.shareDecisionWorkingDays }),
      resourceCode,
    );
  }

  @Mutation(() => OpenApplication, { description: "提供部门审批开放数据申请；拒绝须说明理由" })
  async decideOpenApplication(
    @Ctx() ctx: Context,
    @Arg("id", () => ID) id: string,
    @Arg("decision", () => Decision) decision: Decision,
    @Arg("reason", () => String, { nullable: true }) reason: string | null,
  ) {
    return audited(ctx, "decideOpenApplication", () => decideOpenApplication(ctx.db, ctx.viewer, { id: Number(id), decision, reason }, new Date()));
  }

  @Mutation(() => OpenApplication, { description: "被拒绝的申请人请求主管部门复核 (R22)" })
  async requestOpenDataRecheck(@Ctx() ctx: Context, @Arg("id", () => ID) id: string, @Arg("reason", () => String) reason: string) {
    return audited(ctx, "requestOpenDataRecheck", () => requestRecheck(ctx.db, ctx.viewer, Number(id), reason, new Date()));
  }

  @Mutation(() => OpenApplication, { description: "主管部门复核：批准（可读取一次）或维持拒绝" })
  async resolveOpenDataRecheck(
    @Ctx() ctx: Context,
    @Arg("id", () => ID) id: string,
    @Arg("decision", () => Decision) decision: Decision,
    @Arg("reason", () => String, { nullable: true }) reason: string | null,
  ) {
    return audited(ctx, "resolveOpenDataRecheck", () => resolveRecheck(ctx.db, ctx.viewer, { id: Number(id), decision, reason }, new Date()));
  }

  @Query(() => [OpenApplication], { description: "开放数据申请：公众看自己的；提供部门看本部门资源的；主管部门看全部" })
  async openApplications(@Ctx() ctx: Context) {
    return listApplications(ctx.db, ctx.viewer);
  }
}
