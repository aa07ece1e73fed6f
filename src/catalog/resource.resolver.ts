import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from "type-graphql";
import { fieldsAt, selectsField } from "../server/selection.js";
import type { Context } from "../server/context.js";
import { decodeCursor, encodeCursor, pageInfoAt, pageSize } from "../server/pagination.js";
import { notFound } from "../server/errors.js";
import { isGovernmentViewer } from "../auth/viewer.js";
import {
  compileFilter,
  countResources,
  facetResources,
  listResources,
  resourceByCode,
  type CompiledFilter,
  type Facets,
  type ResourceRow,
} from "./catalog.service.js";
import { DataItem } from "./data-item.type.js";
import { Department } from "./department.type.js";
import { ResourceConnection, ResourceFacets } from "./resource-connection.type.js";
import { ResourceFilter, ResourceOrder } from "./resource.input.js";
import { Resource } from "./resource.type.js";
import { ResourceVersion } from "./editing.input.js";
import type { FeedCache } from "../db/feed-cache.js";

export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

/**
 * The connection object carries its compiled filter so totalCount and facets reuse it, and the
 * facets' statement once started, whose total answers totalCount when both are asked for.
 */
type ConnectionSource = ResourceConnection & { compiled: CompiledFilter; wantsFacets: boolean; facetsOnce?: Promise<Facets> };

function facetsOf(c: ConnectionSource, ctx: Context): Promise<Facets> {
  c.facetsOnce ??= facetResources(ctx.db, c.compiled, searchCacheOf(ctx));
  return c.facetsOnce;
}

/**
 * The search cache, for reads outside a transaction only: a transaction may see its own writes,
 * which the cache must neither serve around nor keep.
 */
function searchCacheOf(ctx: Context): FeedCache | undefined {
  return ctx.db === ctx.database.db ? ctx.database.searchCache : undefined;
}

/** The entry cache, like the search cache for reads outside a transaction only. */
function entryCacheOf(ctx: Context): FeedCache | undefined {
  return ctx.db === ctx.database.db ? ctx.database.entryCache : undefined;
}

function unionOf(a: Set<string> | null, b: Set<string> | null): Set<string> | false {
  if (!a) return b ?? false;
  if (b) for (const x of b) a.add(x);
  return a;
}

@Resolver(() => Resource)
export class ResourceResolver {
  @Query(() => ResourceConnection, { description: "检索目录：分页、筛选、中文检索与分面统计" })
  async resources(
    @Ctx() ctx: Context,
    @Arg("filter", () => ResourceFilter, { nullable: true }) filter: ResourceFilter | null,
    @Arg("first", () => Int, { nullable: true, description: `每页条数，默认 ${DEFAULT_PAGE}，最多 ${MAX_PAGE}` })
    first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Arg("orderBy", () => [ResourceOrder], { nullable: true, description: "默认：相关度（有检索词时），再按代码" })
    orderBy: ResourceOrder[] | null,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConnectionSource> {
    const limit = pageSize(first, DEFAULT_PAGE, MAX_PAGE);
    const offset = after ? decodeCursor(after) + 1 : 0;
    const compiled = compileFilter(ctx.viewer, filter);
    const withItems = unionOf(fieldsAt(info, ["nodes", "items"]), fieldsAt(info, ["edges", "node", "items"]));
    const fields = unionOf(fieldsAt(info, ["nodes"]), fieldsAt(info, ["edges", "node"])) || new Set<string>();
    const wantsFacets = selectsField(info, "facets");
    // The facets (with the total) do not depend on the page: their statement goes out beside it.
    const cache = searchCacheOf(ctx);
    const facetsOnce = wantsFacets ? facetResources(ctx.db, compiled, cache) : undefined;
    facetsOnce?.catch(() => {}); // a failure is reported by the facets field; the page may fail first
    const { rows, hasNextPage } = await listResources(ctx.db, compiled, orderBy, limit, offset, { withItems, fields }, cache);
    const edges = rows.map((node, i) => ({ cursor: encodeCursor(offset + i), node: node as unknown as Resource }));
    return {
      compiled,
      wantsFacets,
      facetsOnce,
      edges,
      nodes: edges.map((e) => e.node),
      pageInfo: pageInfoAt(offset, edges.length, hasNextPage),
    };
  }

  @Query(() => Resource, {
    description: "按资源代码查看目录条目；不存在或当前用户不可见时返回 NOT_FOUND",
  })
  async resource(
    @Ctx() ctx: Context,
    @Arg("code", () => String) code: string,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ResourceRow> {
    const row = await resourceByCode(ctx.db, ctx.viewer, code, {
      fields: fieldsAt(info, [])!,
      withItems: fieldsAt(info, ["items"]) ?? false,
      withVersions: selectsField(info, "versions"),
    }, entryCacheOf(ctx));
    if (!row) throw notFound(`未找到资源 ${code.slice(0, 64)} (resource not found)`);
    return row;
  }

  @FieldResolver(() => Department)
  // Not async: a value read with the entry is returned as it is, without a promise per entry.
  provider(@Root() r: ResourceRow, @Ctx() ctx: Context) {
    return r.providerRow ?? ctx.loaders.departmentById.load(r.departmentId);
  }

  @FieldResolver(() => [DataItem])
  items(@Root() r: ResourceRow, @Ctx() ctx: Context) {
    return r.itemRows ?? ctx.loaders.itemsByResourceId.load(r.id);
  }

  @FieldResolver(() => [ResourceVersion])
  async versions(@Root() r: ResourceRow, @Ctx() ctx: Context) {
    const versions = r.versionRows ?? (await ctx.loaders.versionsByResourceId.load(r.id));
    // The public sees what changed and when, not which official did it or the reviewers'
    // notes (R31: accounts are real-name; their logins and names stay inside government).
    if (isGovernmentViewer(ctx.viewer)) return versions;
    return versions.map((v) => ({ ...v, login: null, name: null, note: null }));
  }

  @FieldResolver(() => [Resource])
  async relatedResources(@Root() r: ResourceRow, @Ctx() ctx: Context) {
    if (!r.relatedCodes?.length) return [];
    const found = await ctx.loaders.visibleResourceByCode.loadMany(r.relatedCodes);
    return found.filter((x): x is ResourceRow => !!x && !(x instanceof Error));
  }
}

@Resolver(() => ResourceConnection)
export class ResourceConnectionResolver {
  @FieldResolver(() => Int, { description: "满足条件的资源总数" })
  async totalCount(@Root() c: ConnectionSource, @Ctx() ctx: Context) {
    if (c.wantsFacets) return (await facetsOf(c, ctx)).total;
    return countResources(ctx.db, c.compiled, searchCacheOf(ctx));
  }

  @FieldResolver(() => ResourceFacets)
  async facets(@Root() c: ConnectionSource, @Ctx() ctx: Context) {
    return facetsOf(c, ctx);
  }
}
