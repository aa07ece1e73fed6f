import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { eq } from "drizzle-orm";
import type { Context } from "../server/context.js";
import { decodeCursor, pageInfoAt, pageSize } from "../server/pagination.js";
import { hasRole } from "../auth/viewer.js";
import { resources } from "../db/schema.js";
import { AuditChainCheck, AuditEventConnection, AuditEventFilter } from "./audit.type.js";
import { countAuditEvents, listAuditEvents, verifyAuditChain, type AuditFilter } from "./audit.service.js";

type ConnectionSource = AuditEventConnection & { filter: AuditFilter };

/** Auditors and the coordinator see every event; a provider sees the events on its own resources. */
async function scopeFor(ctx: Context, f: AuditEventFilter | null): Promise<AuditFilter> {
  const filter: AuditFilter = { ...(f ?? {}) };
  if (hasRole(ctx.viewer, "AUDITOR", "COORDINATOR")) return filter;
  const own = await ctx.db
    .select({ code: resources.code })
    .from(resources)
    .where(eq(resources.departmentId, ctx.viewer.department!.id));
  filter.resourceCodes = own.map((r) => r.code);
  return filter;
}

@Resolver(() => AuditEventConnection)
export class AuditResolver {
  @Query(() => AuditEventConnection, {
    description: "审计日志：审计与主管部门可查看全部；提供部门可查看本部门资源的事件。最新的在前",
  })
  async auditEvents(
    @Ctx() ctx: Context,
    @Arg("filter", () => AuditEventFilter, { nullable: true }) filter: AuditEventFilter | null,
    @Arg("first", () => Int, { nullable: true, description: "默认 50，最多 500" }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ): Promise<ConnectionSource> {
    const limit = pageSize(first, 50, 500);
    const offset = after ? decodeCursor(after) + 1 : 0;
    const scoped = await scopeFor(ctx, filter);
    const { rows, hasNextPage } = await listAuditEvents(ctx.db, scoped, limit, offset);
    return {
      filter: scoped,
      nodes: rows,
      pageInfo: pageInfoAt(offset, rows.length, hasNextPage),
    };
  }

  @FieldResolver(() => Int)
  async totalCount(@Root() c: ConnectionSource, @Ctx() ctx: Context) {
    return countAuditEvents(ctx.db, c.filter);
  }

  @Query(() => AuditChainCheck, { description: "校验审计哈希链，报告第一个断裂处" })
  async verifyAuditChain(@Ctx() ctx: Context): Promise<AuditChainCheck> {
    return verifyAuditChain(ctx.db);
  }
}
