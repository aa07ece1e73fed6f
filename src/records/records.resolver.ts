import { Arg, Ctx, Info, Int, Query, Resolver } from "type-graphql";
import type { GraphQLResolveInfo } from "graphql";
import { selectsField } from "../server/selection.js";
import { JSONObjectResolver } from "graphql-scalars";
import type { Context } from "../server/context.js";
import { badInput, codedError } from "../server/errors.js";
import { decodeCursor, pageInfoAt, pageSize } from "../server/pagination.js";
import { readAuditInput, recordRead } from "../audit/audit.recorder.js";
import { prepareAuditEvent } from "../audit/audit.service.js";
import type { ItemDecision, Purpose } from "../policy/access.js";
import type { PreparedAccess } from "../policy/access.context.js";
import { keyedHash, scopeHmacKey } from "../masking/strategies.js";
import { spendApplication } from "../open-data/applications.service.js";
import { rateLimited } from "../server/rate-limit.js";
import { RecordFilter, RecordOrder, UsePurpose } from "./records.input.js";
import { Provenance, RecordPage, VerifyResult } from "./record.type.js";
import {
  DEFAULT_RECORDS_PAGE,
  MAX_RECORDS_PAGE,
  OracleRefused,
  compileMatch,
  compileRecordsQuery,
  countRecords,
  countRecordsAudited,
  fetchRecordsAudited,
  forbiddenOracle,
  projectRow,
} from "./records.service.js";

/**
 * R21: a read under an open-data application spends it; of two concurrent uses one wins. The
 * loser is refused (and audited) before anything is read.
 */
async function spendIfApplication(ctx: Context, access: PreparedAccess, audit: Parameters<typeof recordRead>[1]): Promise<void> {
  const d = access.decision;
  if (!d.allowed || d.basis !== "OPEN_APPLICATION" || d.applicationId === undefined) return;
  if (await spendApplication(ctx.db, d.applicationId, ctx.requestId, new Date())) return;
  const reason = "该开放数据申请已使用；一事一申请、一次一申请 (application already used, R21)";
  await recordRead(ctx, { ...audit, outcome: "DENIED", reason });
  throw codedError("FORBIDDEN", reason);
}

/** The decision must have allowed the read: the shield rule refused it otherwise. */
function allowedItems(access: PreparedAccess): ItemDecision[] {
  if (!access.decision.allowed) throw codedError("FORBIDDEN", access.decision.reason);
  return access.decision.items;
}

function provenanceOf(access: PreparedAccess): Provenance {
  const r = access.resource!;
  return {
    providerCode: r.providerCode,
    providerName: r.providerName,
    resourceCode: r.code,
    dataUpdatedAt: r.dataUpdatedAt,
    retrievedAt: access.decidedAt,
  };
}

@Resolver()
export class RecordsResolver {
  @Query(() => RecordPage, {
    description:
      "读取资源数据：按当前用户、用途与授权逐项明文、脱敏或不提供；每次调用（含被拒绝的）均写入审计日志",
  })
  async records(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg("resourceCode", () => String) resourceCode: string,
    @Arg("purpose", () => UsePurpose) purpose: UsePurpose,
    @Arg("purposeDetail", () => String, { description: "具体事项（案卷号、文号、任务），至少 4 个字符" }) purposeDetail: string,
    @Arg("items", () => [String], { nullable: true, description: "只提供这些信息项" }) items: string[] | null,
    @Arg("filter", () => [RecordFilter], { nullable: true }) filter: RecordFilter[] | null,
    @Arg("orderBy", () => [RecordOrder], { nullable: true }) orderBy: RecordOrder[] | null,
    @Arg("first", () => Int, { nullable: true, description: `默认 ${DEFAULT_RECORDS_PAGE}，最多 ${MAX_RECORDS_PAGE}` }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ): Promise<RecordPage> {
    const access = await ctx.access(resourceCode, purpose as Purpose);
    const decisions = allowedItems(access);
    const byCode = new Map(decisions.map((d) => [d.code, d]));
    const audit = {
      operation: "records",
      resourceCode,
      purpose,
      purposeDetail,
      items: decisions,
      grantIds: access.decision.allowed ? access.decision.grantIds : [],
    };
    const keys = { secret: ctx.maskingSecret, scope: ctx.viewer.department?.code ?? "public" };

    let compiled;
    let limit: number;
    let offset: number;
    let served: ItemDecision[];
    try {
      limit = pageSize(first, DEFAULT_RECORDS_PAGE, MAX_RECORDS_PAGE);
      offset = after ? decodeCursor(after) + 1 : 0;
      if (items) {
        const unknown = items.filter((c) => !byCode.has(c));
        if (unknown.length) throw badInput(`资源没有信息项 ${unknown.slice(0, 5).join(", ").slice(0, 200)} (unknown items)`, { argument: "items" });
      }
      const wanted = items ? new Set(items) : null;
      served = decisions.filter((d) => d.treatment !== "WITHHELD" && (!wanted || wanted.has(d.code)));
      compiled = compileRecordsQuery(access, byCode, filter, orderBy, keys);
    } catch (e) {
      const refused = e instanceof OracleRefused;
      await recordRead(ctx, {
        ...audit,
        filters: { filter: (filter ?? []).map((f) => ({ item: f.item, op: f.op })), orderBy: (orderBy ?? []).map((o) => ({ item: o.item, direction: o.direction })) },
        outcome: "DENIED",
        reason: (e as Error).message,
      });
      throw refused ? forbiddenOracle(e as OracleRefused) : e;
    }

    await spendIfApplication(ctx, access, { ...audit, filters: { filter: compiled.auditFilters, orderBy: compiled.auditOrder }, outcome: "DENIED" });
    // The page is fetched, audited and masked holding as many of the database's row-read units
    // as the rows it asks for: the rows in memory at once are bounded, not the clients waiting.
    const { nodes, hasNextPage, totalCount } = await ctx.database.rowReads.run(async () => {
      // Audit before answer (invariant 5): the page and its event, with the count of rows read,
      // are one statement; if the event cannot be written, no row is served. The rows are masked
      // only after it.
      const event = prepareAuditEvent(
        readAuditInput(ctx, {
          ...audit,
          served: new Set(served.map((d) => d.code)),
          filters: { filter: compiled.auditFilters, orderBy: compiled.auditOrder },
          outcome: "ALLOWED",
        }),
      );
      // The count runs beside the page (its own pool connection on PostgreSQL), and only when
      // asked for: over a large register it costs more than the page itself.
      const [page, count] = await Promise.all([
        fetchRecordsAudited(ctx.db, compiled, limit, offset, event),
        selectsField(info, "totalCount") ? countRecords(ctx.db, compiled) : Promise.resolve(null),
      ]);
      const ownDepartment = access.decision.allowed && access.decision.basis === "OWN_DEPARTMENT";
      const hashKey = scopeHmacKey(keys);
      return {
        nodes: page.rows.map((r) => ({
          key: ownDepartment ? r.key : (keyedHash(r.key, keys, hashKey) as string),
          values: projectRow(r.data, served, keys, hashKey),
        })),
        hasNextPage: page.hasNextPage,
        totalCount: count,
      };
    }, limit);

    const provenance = provenanceOf(access);
    ctx.provenance.push(provenance);
    const wanted = items ? new Set(items) : null;
    return {
      // Not computed when not selected; then never read.
      totalCount: totalCount ?? 0,
      pageInfo: pageInfoAt(offset, nodes.length, hasNextPage),
      nodes,
      items: decisions
        .filter((d) => !wanted || wanted.has(d.code))
        .map((d) => ({ code: d.code, name: d.name, sensitivity: d.sensitivity as never, treatment: d.treatment as never, strategy: d.strategy as never })),
      provenance,
    };
  }

  @Query(() => VerifyResult, {
    description: "核验 (R6)：回答是否存在与给定信息项完全相同的记录，不返回数据；计入审计日志",
  })
  async verify(
    @Ctx() ctx: Context,
    @Arg("resourceCode", () => String) resourceCode: string,
    @Arg("purpose", () => UsePurpose) purpose: UsePurpose,
    @Arg("purposeDetail", () => String) purposeDetail: string,
    @Arg("match", () => JSONObjectResolver, { description: "信息项代码 → 完整的值" }) match: Record<string, unknown>,
  ): Promise<VerifyResult> {
    // Verification answers yes or no: a stricter bucket per account (or client address) keeps it
    // from being walked through a register.
    const wait = await ctx.buckets.take(`verify:${ctx.viewer.accountId ?? `ip:${ctx.clientAddress}`}`, ctx.verifyPerMinute);
    if (wait) throw rateLimited("verify", wait);
    const access = await ctx.access(resourceCode, purpose as Purpose);
    const decisions = allowedItems(access);
    const byCode = new Map(decisions.map((d) => [d.code, d]));
    const audit = {
      operation: "verify",
      resourceCode,
      purpose,
      purposeDetail,
      items: decisions,
      served: new Set(Object.keys(match ?? {})),
      grantIds: access.decision.allowed ? access.decision.grantIds : [],
    };
    let compiled;
    try {
      compiled = compileMatch(access, byCode, match ?? {});
    } catch (e) {
      await recordRead(ctx, {
        ...audit,
        filters: { match: Object.keys(match ?? {}).slice(0, 20) },
        outcome: "DENIED",
        reason: (e as Error).message,
      });
      throw e instanceof OracleRefused ? forbiddenOracle(e) : e;
    }
    await spendIfApplication(ctx, access, { ...audit, filters: { match: compiled.auditFilters }, outcome: "DENIED" });
    // The count and its event in one statement (invariant 5).
    const count = await countRecordsAudited(
      ctx.db,
      compiled,
      prepareAuditEvent(readAuditInput(ctx, { ...audit, filters: { match: compiled.auditFilters }, outcome: "ALLOWED" })),
    );
    const provenance = provenanceOf(access);
    ctx.provenance.push(provenance);
    return { matched: count > 0, count, provenance };
  }
}
