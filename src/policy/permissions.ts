// The graphql-shield rule map: the authorisation policy, readable in one place (invariant 2).
// Every Query and Mutation field and every object type names its rule; anything unnamed falls
// back to deny with FORBIDDEN. Rules decide at the root and on object types; what a viewer may
// see inside a type (which resources, which values) is decided in the data layer.
import { allow, rule, shield, type IRules } from "graphql-shield";
import { middleware, type IMiddlewareTypeMap } from "graphql-middleware";
import type { GraphQLResolveInfo, GraphQLSchema } from "graphql";
import type { Context } from "../server/context.js";
import { codedError } from "../server/errors.js";
import { hasRole, isGovernmentViewer } from "../auth/viewer.js";
import { recordRead } from "../audit/audit.recorder.js";
import type { Purpose } from "./access.js";
import { mayReadCatalogStats, mayReadStats } from "../stats/stats.rules.js";

export const forbiddenError = () => codedError("FORBIDDEN", "无权执行此操作 (not allowed)");

/**
 * A mutation refused by a rule here is written to the audit trail, as the services write the
 * refusals they decide (R13, R34: every mutation, refused ones too). Queries are not.
 */
async function refused(ctx: Context, info: GraphQLResolveInfo, args: Record<string, unknown>, error: Error): Promise<Error> {
  if (info.parentType.name !== "Mutation") return error;
  const input = args.input as Record<string, unknown> | undefined;
  const code = [args.resourceCode, args.code, input?.resourceCode].find((c): c is string => typeof c === "string") ?? null;
  await recordRead(ctx, { operation: info.fieldName, resourceCode: code, purpose: null, purposeDetail: null, outcome: "DENIED", reason: error.message });
  return error;
}

/** The analyst explores metadata and statistics, read-only (DOMAIN.md, actors): no mutation. */
const readOnlyError = () => codedError("FORBIDDEN", "分析账号只读，不能执行变更 (the analyst role is read-only)");
function isReadOnlyWrite(ctx: Context, info: GraphQLResolveInfo): boolean {
  return info.parentType.name === "Mutation" && ctx.viewer.roles.length > 0 && ctx.viewer.roles.every((r) => r === "ANALYST");
}

/** Any signed-in account (public user or government). */
export const isSignedIn = rule({ cache: "no_cache" })((_p, args, ctx: Context, info: GraphQLResolveInfo) =>
  ctx.viewer.login === null
    ? refused(ctx, info, args, codedError("UNAUTHENTICATED", "请先登录 (sign in first)"))
    : isReadOnlyWrite(ctx, info)
      ? refused(ctx, info, args, readOnlyError())
      : true,
);

/** The catalog: open to everyone; policy/catalog.ts narrows what each viewer sees. */
const catalogReader = allow;

export const MIN_PURPOSE_DETAIL = 4;
export const MAX_PURPOSE_DETAIL = 500;

/**
 * May this viewer read rows of this resource for this purpose? The access decision (policy/
 * access.ts) answers, the same one the data layer then applies item by item. A refusal is
 * written to the audit trail before the error leaves (R13, R30).
 */
export const mayReadRows = rule({ cache: "no_cache" })(
  async (_p, args: { resourceCode: string; purpose: Purpose; purposeDetail: string }, ctx: Context, info: GraphQLResolveInfo) => {
    const base = {
      operation: info.fieldName,
      resourceCode: args.resourceCode,
      purpose: args.purpose,
      purposeDetail: args.purposeDetail,
    };
    const detail = (args.purposeDetail ?? "").trim();
    if (Array.from(detail).length < MIN_PURPOSE_DETAIL || detail.length > MAX_PURPOSE_DETAIL) {
      const reason = `purposeDetail 须写明具体事项（案卷号、文号或任务），${MIN_PURPOSE_DETAIL} 到 ${MAX_PURPOSE_DETAIL} 个字符 (state the concrete matter, R11)`;
      await recordRead(ctx, { ...base, outcome: "DENIED", reason });
      return codedError("BAD_USER_INPUT", reason, { argument: "purposeDetail" });
    }
    const access = await ctx.access(args.resourceCode, args.purpose);
    if (!access.decision.allowed) {
      await recordRead(ctx, { ...base, outcome: "DENIED", reason: access.decision.reason });
      return codedError(access.decision.code, access.decision.reason);
    }
    return true;
  },
);

/** Auditors and the coordinator; a department's provider for events on its own resources. */
export const mayReadAudit = rule({ cache: "no_cache" })((_p, _a, ctx: Context) =>
  isGovernmentViewer(ctx.viewer) && hasRole(ctx.viewer, "AUDITOR", "COORDINATOR", "PROVIDER")
    ? true
    : forbiddenError(),
);

/**
 * A government account (a department and a government role). The workflow's mutations check the
 * finer role in the service, so that refusals are written to the audit trail with their reason.
 */
export const isGovernment = rule({ cache: "no_cache" })((_p, args, ctx: Context, info: GraphQLResolveInfo) =>
  !isGovernmentViewer(ctx.viewer)
    ? refused(ctx, info, args, ctx.viewer.login === null ? codedError("UNAUTHENTICATED", "请先登录 (sign in first)") : forbiddenError())
    : isReadOnlyWrite(ctx, info)
      ? refused(ctx, info, args, readOnlyError())
      : true,
);

export const isAuditorOrCoordinator = rule({ cache: "no_cache" })((_p, _a, ctx: Context) =>
  isGovernmentViewer(ctx.viewer) && hasRole(ctx.viewer, "AUDITOR", "COORDINATOR") ? true : forbiddenError(),
);

export const ruleMap = {
  Query: {
    me: allow,
    departments: catalogReader,
    department: catalogReader,
    resources: catalogReader,
    resource: catalogReader,
    records: mayReadRows,
    verify: mayReadRows,
    auditEvents: mayReadAudit,
    verifyAuditChain: isAuditorOrCoordinator,
    myRequests: isGovernment,
    requestsToDecide: isGovernment,
    grants: isGovernment,
    notifications: isGovernment,
    openApplications: isSignedIn,
    catalogDrafts: isGovernment,
    overdueCatalogUpdates: isGovernment,
    objections: isGovernment,
    dataNeeds: isGovernment,
    openingDemand: isGovernment,
    // Statistics (src/stats): catalogStats counts what the viewer sees; the rest is for government
    // accounts, narrowed to their own department unless analyst, coordinator or auditor.
    catalogStats: mayReadCatalogStats,
    sharingReport: mayReadStats,
    slaCompliance: mayReadStats,
    openingDemandStats: mayReadStats,
    negativeList: mayReadStats,
    violations: mayReadStats,
  },
  Mutation: {
    upsertRecords: isGovernment,
    submitShareRequest: isGovernment,
    decideShareRequest: isGovernment,
    escalateShareRequest: isGovernment,
    resolveShareRequest: isGovernment,
    revokeGrant: isGovernment,
    setHolidays: isGovernment,
    markNotificationsRead: isGovernment,
    // The public applies; providers and the coordinator decide (checked and audited in the service).
    applyForOpenData: isSignedIn,
    decideOpenApplication: isGovernment,
    requestOpenDataRecheck: isSignedIn,
    resolveOpenDataRecheck: isGovernment,
    // Catalog editing: providers edit their own department's entries; the coordinator reviews.
    createResourceDraft: isGovernment,
    updateResource: isGovernment,
    submitResourceForReview: isGovernment,
    reviewResource: isGovernment,
    retireResource: isGovernment,
    decideTypeChange: isGovernment,
    recordDutyChange: isGovernment,
    raiseObjection: isGovernment,
    resolveObjection: isGovernment,
    postDataNeed: isGovernment,
    answerDataNeed: isGovernment,
    // Anyone signed in may register demand; the answer is the same whatever the code (R22).
    requestOpening: isSignedIn,
    answerOpeningDemand: isGovernment,
    // DCAT import: the coordinator only (checked and audited in the service, src/dcat/import.ts).
    importDcat: isGovernment,
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
  RecordPage: allow,
  RecordNode: allow,
  RecordItem: allow,
  Provenance: allow,
  VerifyResult: allow,
  UpsertResult: allow,
  AuditEvent: allow,
  AuditEventConnection: allow,
  AuditChainCheck: allow,
  ShareRequest: allow,
  Grant: allow,
  Notification: allow,
  CalendarYear: allow,
  OpenApplication: allow,
  ResourceVersion: allow,
  DutyChange: allow,
  Objection: allow,
  DataNeed: allow,
  NeedAnswer: allow,
  OpeningDemand: allow,
  CatalogStats: allow,
  ResourceCountCell: allow,
  SensitivityCount: allow,
  StaleResource: allow,
  SharingReport: allow,
  DepartmentSharing: allow,
  ShareTypeCount: allow,
  PurposeCount: allow,
  ProviderSla: allow,
  OpeningDemandStat: allow,
  NegativeListEntry: allow,
  Violations: allow,
  LateCatalogUpdate: allow,
  LateDecision: allow,
  TypeChangeRecord: allow,
  DeniedReadCount: allow,
  ImportReport: allow,
  ImportIssue: allow,
} satisfies IRules;

const fallbackRule = rule({ cache: "no_cache" })(() => false);

/**
 * The shield middleware, minus the fields whose rule is `allow`. graphql-shield wraps every field
 * of every type in an async middleware, `allow` ones too: each scalar of each row then resolves
 * through a promise, which on a page of 100 records is thousands of promises for no decision.
 * Fields whose rule is `allow` keep their own (synchronous) resolvers; every other field, and
 * every field of a type the map does not name, keeps shield's wrapper, so deny-by-default holds.
 */
export function permissions(rules: IRules = ruleMap) {
  const generator = shield(rules, {
    fallbackRule,
    fallbackError: forbiddenError,
    allowExternalErrors: true,
    // `debug: true` only makes an exception thrown inside a rule propagate (the field is still
    // refused, its resolver never runs) instead of turning into a false rule: a database that is
    // unreachable while a rule reads it answers SERVICE_UNAVAILABLE, not FORBIDDEN "not allowed";
    // formatError in server/http.ts masks anything unexpected. Nothing else depends on it.
    debug: true,
  });
  const tree = rules as Record<string, unknown>;
  // A rule (or a logic rule) has `resolve`; a field map is a plain object of rules.
  const isRule = (x: unknown) => typeof (x as { resolve?: unknown }).resolve === "function";
  return middleware((schema: GraphQLSchema) => {
    const full = generator.generate(schema) as Record<string, Record<string, unknown>>;
    const kept: Record<string, Record<string, unknown>> = {};
    for (const [typeName, fields] of Object.entries(full)) {
      const typeRule = tree[typeName];
      for (const [field, wrapper] of Object.entries(fields)) {
        const r =
          typeRule === undefined
            ? fallbackRule
            : isRule(typeRule)
              ? typeRule
              : ((typeRule as Record<string, unknown>)[field] ?? (typeRule as Record<string, unknown>)["*"] ?? fallbackRule);
        if (r === allow) continue;
        (kept[typeName] ??= {})[field] = wrapper;
      }
    }
    return kept as IMiddlewareTypeMap;
  });
}
