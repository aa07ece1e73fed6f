import { Arg, Ctx, Field, Int, Mutation, ObjectType, Resolver } from "type-graphql";
import { JSONObjectResolver } from "graphql-scalars";
import type { Context } from "../server/context.js";
import { recordRead } from "../audit/audit.recorder.js";
import { MAX_LISTED_BAD_ROWS, MAX_UPSERT_ROWS, upsertRecords, type WriteCounts } from "./intake.service.js";

@ObjectType({ simpleResolvers: true, description: "写入结果：新增与更新的行数" })
export class UpsertResult {
  @Field(() => Int, { description: "新增的行数" })
  inserted!: number;

  @Field(() => Int, { description: "按键更新的行数" })
  updated!: number;
}

/** Every write is recorded in the audit trail, refused ones too (R13, R34: data provided or not). */
async function audited(ctx: Context, resourceCode: string, submitted: number, fn: () => Promise<WriteCounts>): Promise<WriteCounts> {
  const base = { operation: "upsertRecords", resourceCode, purpose: null, purposeDetail: null, filters: { submittedRows: submitted } };
  try {
    const result = await fn();
    await recordRead(ctx, { ...base, rowCount: result.inserted + result.updated, outcome: "ALLOWED" });
    return result;
  } catch (e) {
    const code = (e as { extensions?: { code?: string } }).extensions?.code;
    if (code) await recordRead(ctx, { ...base, outcome: "DENIED", reason: (e as Error).message });
    throw e;
  }
}

@Resolver()
export class IntakeResolver {
  @Mutation(() => UpsertResult, {
    description:
      `写入本部门资源的数据（资源提供部门的提供方账号）：每行以信息项代码为字段，按信息项的数据类型、长度与身份标识校验；` +
      `以公民身份号码、统一社会信用代码或 _key 为键，键已存在则更新。全部成功或全部不写：有不合格的行时返回 BAD_USER_INPUT，` +
      `extensions.rows 列出行号（rows 的下标）与原因（最多 ${MAX_LISTED_BAD_ROWS} 行）。每次最多 ${MAX_UPSERT_ROWS} 行`,
  })
  async upsertRecords(
    @Ctx() ctx: Context,
    @Arg("resourceCode", () => String) resourceCode: string,
    @Arg("rows", () => [JSONObjectResolver], { description: "信息项代码 → 值" }) rows: Record<string, unknown>[],
  ): Promise<UpsertResult> {
    return audited(ctx, resourceCode, rows.length, () => upsertRecords(ctx.db, ctx.viewer, resourceCode, rows));
  }
}
