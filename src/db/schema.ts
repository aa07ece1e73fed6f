// Table definitions. drizzle-kit generates the migrations in drizzle/ from this file
// (`npm run db:generate`); the same SQL runs on PGlite and on PostgreSQL (invariant 8).
import { sql } from "drizzle-orm";
import {
  doublePrecision,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from "drizzle-orm/pg-core";

export const departmentKind = pgEnum("department_kind", ["COORDINATOR", "CONSTITUENT", "AFFILIATED"]);
export const role = pgEnum("role", ["PROVIDER", "CONSUMER", "COORDINATOR", "AUDITOR", "ANALYST", "PUBLIC_USER"]);
export const resourceCategory = pgEnum("resource_category", ["BASE", "THEME", "DEPARTMENT"]);
export const shareType = pgEnum("share_type", ["UNCONDITIONAL", "CONDITIONAL", "NOT_SHARED"]);
export const openType = pgEnum("open_type", ["UNCONDITIONAL", "CONDITIONAL", "NOT_OPEN"]);
export const resourceStatus = pgEnum("resource_status", ["DRAFT", "SUBMITTED", "PUBLISHED", "RETIRED"]);
export const sensitivity = pgEnum("sensitivity", ["L1", "L2", "L3", "L4"]);
export const resourceFormat = pgEnum("resource_format", [
  "ELECTRONIC_FILE",
  "SPREADSHEET",
  "DATABASE",
  "IMAGE",
  "STREAMING",
  "SELF_DESCRIBING",
  "SERVICE_API",
]);
export const updateCycle = pgEnum("update_cycle", [
  "REALTIME",
  "DAILY",
  "WEEKLY",
  "MONTHLY",
  "QUARTERLY",
  "HALF_YEARLY",
  "YEARLY",
  "IRREGULAR",
]);
export const dataType = pgEnum("data_type", ["C", "N", "Y", "D", "T", "L", "M", "G", "B", "I", "F"]);
export const maskingStrategy = pgEnum("masking_strategy", [
  "NONE",
  "ID_CARD",
  "MOBILE",
  "NAME",
  "BANK_CARD",
  "EMAIL",
  "ADDRESS",
  "DATE_TO_YEAR",
  "KEYED_HASH",
  "REDACT",
  "NULLIFY",
]);

// R1: each department compiles and maintains its own catalog. `code` is the department's
// 统一社会信用代码; `seq` is the short order number used inside resource codes.
export const departments = pgTable("departments", {
  id: serial("id").primaryKey(),
  code: text("code").notNull().unique(),
  seq: integer("seq").notNull().unique(),
  name: text("name").notNull().unique(),
  shortName: text("short_name").notNull(),
  kind: departmentKind("kind").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

// R31: real-name accounts, one person one account.
export const accounts = pgTable("accounts", {
  id: serial("id").primaryKey(),
  login: text("login").notNull().unique(),
  name: text("name").notNull(),
  departmentId: integer("department_id").references(() => departments.id),
  roles: role("roles").array().notNull(),
  active: boolean("active").notNull().default(true),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

// A catalog entry (政务信息资源目录, 000 art.13, 002 art.8).
export const resources = pgTable(
  "resources",
  {
    id: serial("id").primaryKey(),
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    summary: text("summary").notNull(),
    category: resourceCategory("category").notNull(),
    theme: text("theme"),
    format: resourceFormat("format").notNull(),
    updateCycle: updateCycle("update_cycle").notNull(),
    shareType: shareType("share_type").notNull(),
    shareCondition: text("share_condition"),
    shareMethods: text("share_methods").array().notNull().default(sql`'{}'::text[]`),
    legalBasis: text("legal_basis"),
    openType: openType("open_type").notNull(),
    openCondition: text("open_condition"),
    departmentId: integer("department_id")
      .notNull()
      .references(() => departments.id),
    status: resourceStatus("status").notNull().default("PUBLISHED"),
    sourceSystem: text("source_system"),
    useRequirements: text("use_requirements"),
    relatedCodes: text("related_codes").array().notNull().default(sql`'{}'::text[]`),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    dataUpdatedAt: timestamp("data_updated_at", { withTimezone: true }),
    // Search support, maintained by catalog/search.ts: the text searched (name, summary, item
    // names, code; lower-cased) and its distinct characters and character pairs, so that any
    // Chinese substring of two or more characters is found through a GIN index.
    /** R34: a share or open type change of a published entry, waiting for the coordinator. */
    pendingChange: jsonb("pending_change"),
    /** Why the coordinator returned the draft, or retired the entry. */
    reviewNote: text("review_note"),
    searchDoc: text("search_doc").notNull().default(""),
    searchGrams: text("search_grams").array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [
    index("resources_department_idx").on(t.departmentId),
    index("resources_status_idx").on(t.status, t.openType),
    index("resources_search_grams_idx").using("gin", t.searchGrams),
    index("resources_name_trgm_idx").using("gin", sql`${t.name} gin_trgm_ops`),
  ],
);

// 信息项: a data item of a resource.
export const dataItems = pgTable(
  "data_items",
  {
    id: serial("id").primaryKey(),
    resourceId: integer("resource_id")
      .notNull()
      .references(() => resources.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    dataType: dataType("data_type").notNull(),
    length: integer("length"),
    sensitivity: sensitivity("sensitivity").notNull(),
    maskingStrategy: maskingStrategy("masking_strategy").notNull(),
    description: text("description"),
    /** R5: the standard data element the item holds, and whether this resource is its source. */
    element: text("element"),
    isSource: boolean("is_source").notNull().default(false),
  },
  (t) => [
    uniqueIndex("data_items_resource_code_uq").on(t.resourceId, t.code),
    index("data_items_resource_pos_idx").on(t.resourceId, t.position),
  ],
);

// The rows a resource holds, keyed by item code. Served by the records path (masked there).
export const records = pgTable(
  "records",
  {
    resourceId: integer("resource_id")
      .notNull()
      .references(() => resources.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    // A neutral order for ties: record keys can be personal data (an ID number) and must not
    // decide the order of what a viewer sees masked.
    rowId: bigserial("row_id", { mode: "number" }).notNull(),
    data: jsonb("data").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.resourceId, t.key] }),
    // R6 verification matches people by 公民身份号码 (records.service.ts compileMatch compares
    // data ->> 'id_number'): without this a verify reads every row of the resource (200 ms at a
    // million rows, bench/results/results.md).
    index("records_id_number_idx").on(t.resourceId, sql`(${t.data} ->> 'id_number')`),
    // A page is a resource's rows in row order (records.service.ts): read from here, it takes its
    // rows and stops, instead of collecting and sorting every row of the resource (drizzle/0015).
    unique("records_resource_row_unique").on(t.resourceId, t.rowId),
  ],
);

// Settings the gateway keeps about itself (e.g. when the demo city was loaded).
export const meta = pgTable("gateway_meta", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});


// R11: the use purposes named by the rules (行政依据, 工作参考, 数据校核, 业务协同).
export const usePurpose = pgEnum("use_purpose", [
  "ADMINISTRATIVE_BASIS",
  "WORK_REFERENCE",
  "DATA_VERIFICATION",
  "BUSINESS_COLLABORATION",
]);

// A department's permission to read a resource for one purpose (R12, R13): which items are served
// and which of them in clear. Counts for nothing once expired or revoked.
export const grants = pgTable(
  "grants",
  {
    id: serial("id").primaryKey(),
    departmentId: integer("department_id")
      .notNull()
      .references(() => departments.id),
    resourceId: integer("resource_id")
      .notNull()
      .references(() => resources.id),
    purpose: usePurpose("purpose").notNull(),
    items: text("items").array().notNull(),
    clearItems: text("clear_items").array().notNull().default(sql`'{}'::text[]`),
    validFrom: timestamp("valid_from", { withTimezone: true }).notNull(),
    validUntil: timestamp("valid_until", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedReason: text("revoked_reason"),
    /** The request it was granted on (null for grants made outside the workflow). */
    requestId: integer("request_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("grants_lookup_idx").on(t.departmentId, t.resourceId, t.purpose)],
);

// The audit trail (R13, R30, R32): one event per read or denial, append-only (the database refuses
// UPDATE, TRUNCATE, and DELETE of anything younger than 180 days), each carrying the hash of the
// previous event and its own, so that a changed or removed event breaks the chain.
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    accountId: integer("account_id"),
    login: text("login"),
    departmentCode: text("department_code"),
    roles: text("roles").array().notNull(),
    operation: text("operation").notNull(),
    resourceCode: text("resource_code"),
    purpose: text("purpose"),
    purposeDetail: text("purpose_detail"),
    itemsClear: text("items_clear").array().notNull(),
    itemsMasked: text("items_masked").array().notNull(),
    itemsWithheld: text("items_withheld").array().notNull(),
    filters: jsonb("filters").notNull(),
    rowCount: integer("row_count").notNull(),
    grantIds: integer("grant_ids").array().notNull(),
    outcome: text("outcome").notNull(),
    reason: text("reason"),
    requestId: text("request_id"),
    clientAddress: text("client_address"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    index("audit_events_at_idx").using("brin", t.at),
    index("audit_events_resource_idx").on(t.resourceCode, t.at),
    index("audit_events_login_idx").on(t.login, t.at),
  ],
);

export const requestKind = pgEnum("request_kind", ["SHARE", "RECLASSIFICATION"]);
export const requestState = pgEnum("request_state", ["PENDING", "APPROVED", "REJECTED", "ESCALATED", "CLOSED"]);

// R11–R13: a department's request to read a resource for a purpose; for a not-shared resource a
// request to the coordinator to reclassify it (002 art.21). `deadline` is N working days after
// submission on the Chinese calendar (R12); `deadline_provisional` when the calendar of a year
// it crosses is not known yet.
export const shareRequests = pgTable(
  "share_requests",
  {
    id: serial("id").primaryKey(),
    kind: requestKind("kind").notNull(),
    state: requestState("state").notNull().default("PENDING"),
    requesterDepartmentId: integer("requester_department_id")
      .notNull()
      .references(() => departments.id),
    requesterAccountId: integer("requester_account_id")
      .notNull()
      .references(() => accounts.id),
    resourceId: integer("resource_id")
      .notNull()
      .references(() => resources.id),
    purpose: usePurpose("purpose").notNull(),
    purposeDetail: text("purpose_detail").notNull(),
    items: text("items").array().notNull(),
    clearItems: text("clear_items").array().notNull(),
    validUntil: timestamp("valid_until", { withTimezone: true }).notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull(),
    deadline: timestamp("deadline", { withTimezone: true }).notNull(),
    deadlineProvisional: boolean("deadline_provisional").notNull().default(false),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decidedByAccountId: integer("decided_by_account_id").references(() => accounts.id),
    decisionReason: text("decision_reason"),
    escalatedAt: timestamp("escalated_at", { withTimezone: true }),
    escalationReason: text("escalation_reason"),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    resolvedByAccountId: integer("resolved_by_account_id").references(() => accounts.id),
    resolutionReason: text("resolution_reason"),
    grantId: integer("grant_id").references(() => grants.id),
  },
  (t) => [
    index("share_requests_requester_idx").on(t.requesterDepartmentId, t.state),
    index("share_requests_resource_idx").on(t.resourceId, t.state),
  ],
);

// Per-department notifications (submitted, decided, due tomorrow, overdue, escalated, revoked).
// (request_id, kind, department_id) is unique so that the deadline sweep can run any number of
// times and on any replica without repeating itself.
export const notifications = pgTable(
  "notifications",
  {
    id: serial("id").primaryKey(),
    departmentId: integer("department_id")
      .notNull()
      .references(() => departments.id),
    kind: text("kind").notNull(),
    requestId: integer("request_id").references(() => shareRequests.id),
    grantId: integer("grant_id").references(() => grants.id),
    message: text("message").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (t) => [
    index("notifications_department_idx").on(t.departmentId, t.readAt),
    uniqueIndex("notifications_once_uq").on(t.requestId, t.kind, t.departmentId),
  ],
);

// Calendar days the coordinator sets for a year (setHolidays): statutory holidays and make-up
// working days, on top of (or beyond) the published calendar.
export const calendarDays = pgTable("calendar_days", {
  day: text("day").primaryKey(),
  kind: text("kind").notNull(),
  name: text("name"),
  setAt: timestamp("set_at", { withTimezone: true }).notNull().defaultNow(),
});

export const calendarYears = pgTable("calendar_years", {
  year: integer("year").primaryKey(),
  setByAccountId: integer("set_by_account_id").references(() => accounts.id),
  setAt: timestamp("set_at", { withTimezone: true }).notNull().defaultNow(),
});

export const applicationState = pgEnum("application_state", [
  "PENDING",
  "APPROVED",
  "REJECTED",
  "USED",
  "RECHECK_REQUESTED",
  "CLOSED",
]);

// R21: an application of a member of the public for a conditionally open resource, stating scope
// and purpose. One matter, one application; one time, one application: an approved application
// allows exactly one read and is then spent (used_at). R22: a rejected applicant may ask the
// coordinator for a re-check (复核).
export const openApplications = pgTable(
  "open_applications",
  {
    id: serial("id").primaryKey(),
    applicantAccountId: integer("applicant_account_id")
      .notNull()
      .references(() => accounts.id),
    resourceId: integer("resource_id")
      .notNull()
      .references(() => resources.id),
    scope: text("scope").notNull(),
    purpose: text("purpose").notNull(),
    items: text("items").array().notNull(),
    state: applicationState("state").notNull().default("PENDING"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull(),
    deadline: timestamp("deadline", { withTimezone: true }).notNull(),
    deadlineProvisional: boolean("deadline_provisional").notNull().default(false),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decidedByAccountId: integer("decided_by_account_id").references(() => accounts.id),
    decisionReason: text("decision_reason"),
    recheckReason: text("recheck_reason"),
    recheckRequestedAt: timestamp("recheck_requested_at", { withTimezone: true }),
    recheckResolvedAt: timestamp("recheck_resolved_at", { withTimezone: true }),
    recheckResolution: text("recheck_resolution"),
    usedAt: timestamp("used_at", { withTimezone: true }),
    usedRequestId: text("used_request_id"),
  },
  (t) => [
    index("open_applications_applicant_idx").on(t.applicantAccountId, t.state),
    index("open_applications_resource_idx").on(t.resourceId, t.state),
  ],
);

// R2: every change to a catalog entry makes a version: who changed what, when, with the
// differences. Published changes are thereby filed (备案) with the coordinator.
export const resourceVersions = pgTable(
  "resource_versions",
  {
    id: serial("id").primaryKey(),
    resourceId: integer("resource_id")
      .notNull()
      .references(() => resources.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    kind: text("kind").notNull(),
    changedByAccountId: integer("changed_by_account_id").references(() => accounts.id),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull(),
    diff: jsonb("diff").notNull(),
    snapshot: jsonb("snapshot").notNull(),
    note: text("note"),
  },
  (t) => [uniqueIndex("resource_versions_uq").on(t.resourceId, t.version)],
);

// R2: the coordinator records that a department's duties or governing law changed; the
// department has 15 days to update its catalog.
export const dutyChanges = pgTable("duty_changes", {
  id: serial("id").primaryKey(),
  departmentId: integer("department_id")
    .notNull()
    .references(() => departments.id),
  description: text("description").notNull(),
  recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull(),
  dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
  recordedByAccountId: integer("recorded_by_account_id").references(() => accounts.id),
});

// R14: a department that reads a row doubts a value; the provider verifies and corrects it (the
// row keeps its history) or confirms it with a note; the raiser and the coordinator are told.
export const objections = pgTable(
  "objections",
  {
    id: serial("id").primaryKey(),
    raiserDepartmentId: integer("raiser_department_id")
      .notNull()
      .references(() => departments.id),
    raiserAccountId: integer("raiser_account_id")
      .notNull()
      .references(() => accounts.id),
    resourceId: integer("resource_id")
      .notNull()
      .references(() => resources.id),
    /** The row's key as the raiser saw it (a token for masked keys) and as stored. */
    recordRef: text("record_ref").notNull(),
    recordKey: text("record_key").notNull(),
    itemCode: text("item_code").notNull(),
    description: text("description").notNull(),
    state: text("state").notNull().default("OPEN"),
    resolutionNote: text("resolution_note"),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    resolvedByAccountId: integer("resolved_by_account_id").references(() => accounts.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("objections_resource_idx").on(t.resourceId, t.state)],
);

// The earlier values of a corrected row.
export const recordHistory = pgTable("record_history", {
  id: serial("id").primaryKey(),
  resourceId: integer("resource_id")
    .notNull()
    .references(() => resources.id, { onDelete: "cascade" }),
  key: text("key").notNull(),
  dataBefore: jsonb("data_before").notNull(),
  changedAt: timestamp("changed_at", { withTimezone: true }).notNull(),
  changedByAccountId: integer("changed_by_account_id").references(() => accounts.id),
  reason: text("reason").notNull(),
});

// R41: the supply-demand list (供需对接清单): a department's data needs and the answers.
export const dataNeeds = pgTable("data_needs", {
  id: serial("id").primaryKey(),
  departmentId: integer("department_id")
    .notNull()
    .references(() => departments.id),
  accountId: integer("account_id").references(() => accounts.id),
  title: text("title").notNull(),
  reason: text("reason").notNull(),
  items: text("items").array().notNull(),
  state: text("state").notNull().default("OPEN"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
});

export const needAnswers = pgTable("need_answers", {
  id: serial("id").primaryKey(),
  needId: integer("need_id")
    .notNull()
    .references(() => dataNeeds.id),
  departmentId: integer("department_id")
    .notNull()
    .references(() => departments.id),
  resourceId: integer("resource_id").references(() => resources.id),
  note: text("note").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
});

// R22: demand registered for a not-open resource, and the provider's answer.
export const openingDemands = pgTable(
  "opening_demands",
  {
    id: serial("id").primaryKey(),
    resourceId: integer("resource_id")
      .notNull()
      .references(() => resources.id),
    accountId: integer("account_id").references(() => accounts.id),
    reason: text("reason").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("opening_demands_resource_idx").on(t.resourceId)],
);

export const openingAnswers = pgTable("opening_answers", {
  resourceId: integer("resource_id")
    .primaryKey()
    .references(() => resources.id),
  answer: text("answer").notNull(),
  answeredAt: timestamp("answered_at", { withTimezone: true }).notNull(),
  answeredByAccountId: integer("answered_by_account_id").references(() => accounts.id),
});

// Rate-limit token buckets, shared by every replica (ARCHITECTURE.md: nothing shared lives in
// process memory alone). A replica may take several tokens at once and spend them itself
// (src/server/rate-lease.ts); `granted` is how many the last charge gave it.
export const rateBuckets = pgTable("rate_buckets", {
  key: text("key").primaryKey(),
  tokens: doublePrecision("tokens").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  granted: integer("granted").notNull().default(0),
});
