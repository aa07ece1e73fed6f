import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import type { Context } from "../server/context.js";
import { auditedMutation } from "../audit/audit.recorder.js";
import { ImportReport } from "./dcat.type.js";
import { importDcat } from "./import.js";

@Resolver()
export class DcatResolver {
  @Mutation(() => ImportReport, {
    description:
      "主管部门导入 DCAT 目录（JSON-LD）：document 与 url 二选一（url 须开启 DCAT_IMPORT_ALLOW_URL）。" +
      "每个数据集按发布者的统一社会信用代码或名称归入部门，经目录编辑服务新建草稿（不直接发布），同一标识不重复导入",
  })
  async importDcat(
    @Ctx() ctx: Context,
    @Arg("document", () => String, { nullable: true, description: "DCAT 目录的 JSON-LD 文本，至多 1 MiB" }) document: string | null,
    @Arg("url", () => String, { nullable: true, description: "目录地址（http/https）" }) url: string | null,
  ): Promise<ImportReport> {
    const detail = typeof url === "string" ? `url ${url.slice(0, 400)}` : `document ${Buffer.byteLength(document ?? "", "utf8")} bytes`;
    return auditedMutation(
      ctx,
      "importDcat",
      { detail },
      () => importDcat(ctx.db, ctx.viewer, { document, url }, new Date()),
      (r) => ({ resourceCode: r.created.length ? r.created.join(",") : null }),
    );
  }
}
