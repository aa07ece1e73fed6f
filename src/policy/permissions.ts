// The graphql-shield rule map: the authorisation policy, readable in one place (invariant 2).
// Every Query and Mutation field and every object type names its rule; anything unnamed falls
// back to deny with FORBIDDEN. Rules decide at the root and on object types; what a viewer may
// see inside a type (which resources, which values) is decided in the data layer.
import { allow, rule, shield, type IRules } from "graphql-shield";
import type { Context } from "../server/context.js";
import { codedError } from "../server/errors.js";

export const forbiddenError = () => codedError("FORBIDDEN", "无权执行此操作 (not allowed)");

/** Any signed-in account (public user or government). */
export const isSignedIn = rule({ cache: "no_cache" })((_p, _a, ctx: Context) =>
  ctx.viewer.login !== null ? true : codedError("UNAUTHENTICATED", "请先登录 (sign in first)"),
);

/** The catalog: open to everyone; policy/catalog.ts narrows what each viewer sees. */
const catalogReader = allow;

export const ruleMap = {
  Query: {
    me: allow,
    departments: catalogReader,
    department: catalogReader,
    resources: catalogReader,
    resource: catalogReader,
  },
  // Object types reachable only through the root fields above.
  Account: allow,
  Department: allow,
  Resource: allow,
  DataItem: allow,
  ResourceConnection: allow,
  ResourceEdge: allow,
  ResourceFacets: allow,
  FacetCount: allow,
  PageInfo: allow,
} satisfies IRules;

export function permissions(rules: IRules = ruleMap) {
  return shield(rules, {
    fallbackRule: rule({ cache: "no_cache" })(() => false),
    fallbackError: forbiddenError,
    allowExternalErrors: true,
    debug: false,
  });
}
