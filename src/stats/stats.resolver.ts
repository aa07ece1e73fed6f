// The statistics API (R22, R34, R40, R41). Rules: src/stats/stats.rules.ts (in the rule map);
// who sees which rows: src/stats/stats.service.ts (statsScope, catalogVisibility).
import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import type { Context } from "../server/context.js";
import {
  catalogStats,
  negativeList,
  openingDemandStats,
  sharingReport,
  slaCompliance,
  violations,
} from "./stats.service.js";
import {
  CatalogStats,
  NegativeListEntry,
  OpeningDemandStat,
  ProviderSla,
  SharingReport,
  Violations,
} from "./stats.types.js";

@Resolver()
export class StatsResolver {
  @Query(() => CatalogStats, { description: "目录统计：只计当前用户在目录中可见的条目（公众为开放目录）" })
  async catalogStats(@Ctx() ctx: Context): Promise<CatalogStats> {
    return catalogStats(ctx.db, ctx.viewer, new Date());
  }

  @Query(() => SharingReport, {
    description: "年度共享情况 (R40)，每个部门一行，并附 CSV；部门账号只见本部门一行。year 须在 2000 到 2100 之间",
  })
  async sharingReport(@Ctx() ctx: Context, @Arg("year", () => Int) year: number): Promise<SharingReport> {
    return sharingReport(ctx.db, ctx.viewer, year, new Date());
  }

  @Query(() => [ProviderSla], {
    description: "提供部门答复共享申请的时限情况 (R12)：提交时间在 [from, to) 内的申请；区间最长 5 年；部门账号只见本部门",
  })
  async slaCompliance(
    @Ctx() ctx: Context,
    @Arg("from", () => DateTimeISOResolver) from: Date,
    @Arg("to", () => DateTimeISOResolver) to: Date,
  ): Promise<ProviderSla[]> {
    return slaCompliance(ctx.db, ctx.viewer, from, to, new Date());
  }

  @Query(() => [OpeningDemandStat], {
    description: "仍不予开放的资源按开放需求排序，附提供部门的答复 (R22)；部门账号只见本部门资源",
  })
  async openingDemandStats(@Ctx() ctx: Context): Promise<OpeningDemandStat[]> {
    return openingDemandStats(ctx.db, ctx.viewer);
  }

  @Query(() => [NegativeListEntry], { description: "共享负面清单：全部不予共享的已发布资源及其依据 (R3, R41)" })
  async negativeList(@Ctx() ctx: Context): Promise<NegativeListEntry[]> {
    return negativeList(ctx.db, ctx.viewer);
  }

  @Query(() => Violations, { description: "违规信号 (R34)；部门账号只见与本部门有关的" })
  async violations(@Ctx() ctx: Context): Promise<Violations> {
    return violations(ctx.db, ctx.viewer, new Date());
  }
}
