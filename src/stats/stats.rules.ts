// Who may ask for statistics. Government accounts (analysts, the coordinator and auditors for
// every department; any other department account for its own rows, narrowed in stats.service).
// The public — anonymous or PUBLIC_USER — is refused with FORBIDDEN (not UNAUTHENTICATED: signing
// in as a member of the public would not help); only catalogStats is open to it, counting the
// open catalog.
import { allow, rule } from "graphql-shield";
import type { Context } from "../server/context.js";
import { isGovernmentViewer } from "../auth/viewer.js";
import { codedError } from "../server/errors.js";

export const mayReadStats = rule({ cache: "no_cache" })((_p, _a, ctx: Context) =>
  isGovernmentViewer(ctx.viewer) ? true : codedError("FORBIDDEN", "统计数据仅向政务部门提供 (statistics are for government accounts)"),
);

/** catalogStats counts only what the viewer sees in the catalog (policy/catalog.ts). */
export const mayReadCatalogStats = allow;
