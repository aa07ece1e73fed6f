import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../server/context.js";
import { auditedMutation } from "../audit/audit.recorder.js";
import { Decision } from "../access/requests.type.js";
import { draftsFor } from "./catalog.service.js";
import { DutyChange, ResourceInput, ReviewDecision } from "./editing.input.js";
import {
  createDraft,
  decideTypeChange,
  overdueCatalogUpdates,
  recordDutyChange,
  retireEntry,
  reviewEntry,
  submitForReview,
  updateEntry,
} from "./editing.service.js";
import { Resource } from "./resource.type.js";

const summary = (r: { code: string }) => ({ resourceCode: r.code });

@Resolver()
export class CatalogEditingResolver {
  @Mutation(() => Resource, { description: "新建目录草稿（提供部门，本部门）" })
  async createResourceDraft(@Ctx() ctx: Context, @Arg("input", () => ResourceInput) input: ResourceInput) {
    return auditedMutation(ctx, "createResourceDraft", { resourceCode: input.code }, () => createDraft(ctx.db, ctx.viewer, input as never, new Date()), summary);
  }

  @Mutation(() => Resource, {
    description: "修改本部门的目录条目。已发布条目的修改立即生效并自动备案，但共享/开放类型的变更须主管部门批准 (R2, R34)",
  })
  async updateResource(@Ctx() ctx: Context, @Arg("code", () => String) code: string, @Arg("input", () => ResourceInput) input: ResourceInput) {
    return auditedMutation(ctx, "updateResource", { resourceCode: code }, () => updateEntry(ctx.db, ctx.viewer, code, input as never, new Date()), summary);
  }

  @Mutation(() => Resource, { description: "提交草稿待主管部门审核" })
  async submitResourceForReview(@Ctx() ctx: Context, @Arg("code", () => String) code: string) {
    return auditedMutation(ctx, "submitResourceForReview", { resourceCode: code }, () => submitForReview(ctx.db, ctx.viewer, code, new Date()), summary);
  }

  @Mutation(() => Resource, { description: "主管部门审核：发布，或退回并说明理由" })
  async reviewResource(
    @Ctx() ctx: Context,
    @Arg("code", () => String) code: string,
    @Arg("decision", () => ReviewDecision) decision: ReviewDecision,
    @Arg("reason", () => String, { nullable: true }) reason: string | null,
  ) {
    return auditedMutation(ctx, "reviewResource", { resourceCode: code }, () => reviewEntry(ctx.db, ctx.viewer, code, decision, reason, new Date()), summary);
  }

  @Mutation(() => Resource, { description: "停用本部门的目录条目" })
  async retireResource(@Ctx() ctx: Context, @Arg("code", () => String) code: string, @Arg("reason", () => String) reason: string) {
    return auditedMutation(ctx, "retireResource", { resourceCode: code }, () => retireEntry(ctx.db, ctx.viewer, code, reason, new Date()), summary);
  }

  @Mutation(() => Resource, { description: "主管部门批准或驳回已发布条目的共享/开放类型变更 (R34)" })
  async decideTypeChange(
    @Ctx() ctx: Context,
    @Arg("code", () => String) code: string,
    @Arg("decision", () => Decision) decision: Decision,
    @Arg("reason", () => String, { nullable: true }) reason: string | null,
  ) {
    return auditedMutation(ctx, "decideTypeChange", { resourceCode: code }, () => decideTypeChange(ctx.db, ctx.viewer, code, decision, reason, new Date()), summary);
  }

  @Mutation(() => DutyChange, { description: "主管部门登记某部门职责或法律依据的变化；该部门须在 15 天内更新目录 (R2)" })
  async recordDutyChange(
    @Ctx() ctx: Context,
    @Arg("departmentCode", () => String) departmentCode: string,
    @Arg("description", () => String) description: string,
  ) {
    return auditedMutation(ctx, "recordDutyChange", {}, () => recordDutyChange(ctx.db, ctx.viewer, departmentCode, description, new Date()));
  }

  @Query(() => [Resource], { description: "本部门未发布的条目（草稿、待审、已停用）；主管部门为待审核队列" })
  async catalogDrafts(@Ctx() ctx: Context) {
    return draftsFor(ctx.db, ctx.viewer);
  }

  @Query(() => [DutyChange], { description: "职责变更后超过 15 天仍未更新目录的部门 (R2, R34)" })
  async overdueCatalogUpdates(@Ctx() ctx: Context) {
    return overdueCatalogUpdates(ctx.db, new Date());
  }
}
