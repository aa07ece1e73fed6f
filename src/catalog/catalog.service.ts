// The catalog's SQL: listing, counting, faceting and looking up resources, always within what the
// viewer may see (policy/catalog.ts). Knows SQL and the policy; knows nothing of GraphQL.
import { and, asc, desc, eq, getTableColumns, gte, inArray, ne, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { accounts, dataItems, departments, resources, resourceVersions } from "../db/schema.js";
import type { listVersions } from "./editing.service.js";
import type { Viewer } from "../auth/viewer.js";
import { catalogVisibility, catalogVisibilityKey, entryVisibility, entryVisibilityKey } from "../policy/catalog.js";
import { hasRole } from "../auth/viewer.js";
import { keptOrBuilt } from "../server/kept.js";
import { badInput } from "../server/errors.js";
import { MAX_SEARCH_LENGTH, parseSearch, searchCondition, searchRank, type SearchPart } from "./search.js";
import { resourceLabels } from "./labels.js";
import { RANKED_WINDOW } from "./search-cache.js";
import { entriesKey, entryKey } from "./entry-cache.js";
import type { FeedCache } from "../db/feed-cache.js";

export type DataItemRow = typeof dataItems.$inferSelect;
export type DepartmentRow = typeof departments.$inferSelect;
/**
 * A catalog entry as listed. `providerRow`, when present, is its department, read with it in
 * the same statement so that \`provider\` costs no statement of its own.
 */
export type ResourceRow = Omit<typeof resources.$inferSelect, "searchDoc" | "searchGrams"> & {
  providerRow?: DepartmentRow;
  /** Its items in order, when read with it (see `withItems`). */
  itemRows?: DataItemRow[];
  /** Its versions, newest first, when read with it (see `withVersions`). */
  versionRows?: VersionRow[];
};
export type VersionRow = Awaited<ReturnType<typeof listVersions>>[number];

export interface ResourceFilterInput {
  search?: string | null;
  departmentCode?: string | null;
  category?: string | null;
  theme?: string | null;
  shareType?: string | null;
  openType?: string | null;
  updateCycle?: string | null;
  updatedSince?: Date | null;
}

export type OrderField = "RELEVANCE" | "CODE" | "NAME" | "UPDATED_AT" | "PUBLISHED_AT";
export interface OrderInput {
  field: OrderField;
  direction: "ASC" | "DESC";
}

const { searchDoc: _doc, searchGrams: _grams, ...resourceColumns } = getTableColumns(resources);
export { resourceColumns };
/** An entry with its provider department (one join instead of a statement per page). */
const withProvider = { ...resourceColumns, providerRow: getTableColumns(departments) };

type ResourceColumn = keyof typeof resourceColumns;
/** Read whatever is asked for: the entry's identity, and what its resolvers and the policy look at. */
const ALWAYS_READ: readonly ResourceColumn[] = ["id", "code", "departmentId", "status", "shareType", "openType"];
/** Resource fields that read a column of another name; other fields read the column of their name, or none. */
const FIELD_COLUMNS: Record<string, readonly ResourceColumn[]> = { relatedResources: ["relatedCodes"] };

/**
 * The resource columns a selection of Resource fields reads (all of them when `fields` is
 * omitted): a search page that shows nine fields does not read, decode and map thirty.
 */
function resourceColumnsFor(fields?: ReadonlySet<string>): typeof resourceColumns {
  if (!fields) return resourceColumns;
  const out: Partial<Record<ResourceColumn, (typeof resourceColumns)[ResourceColumn]>> = {};
  for (const c of ALWAYS_READ) out[c] = resourceColumns[c];
  for (const f of fields) {
    for (const c of FIELD_COLUMNS[f] ?? (f in resourceColumns ? [f as ResourceColumn] : [])) out[c] = resourceColumns[c];
  }
  // Typed as every column: rows carry what was selected, and only the selected fields are read.
  return out as typeof resourceColumns;
}

/** DataItem's fields as columns of data_items (aliased i). */
const ITEM_COLUMNS: Record<string, string> = {
  id: "i.id", resourceId: "i.resource_id", position: "i.position", code: "i.code", name: "i.name",
  dataType: "i.data_type", length: "i.length", sensitivity: "i.sensitivity", maskingStrategy: "i.masking_strategy",
  description: "i.description", element: "i.element", isSource: "i.is_source",
};

/**
 * An entry's items, in order, built as one JSON value by PostgreSQL in the entry's own statement,
 * with only the fields the operation asks for (every field when `fields` is omitted): a page of
 * 20 entries with 20 items each is 20 values to decode instead of 400 rows of 12 columns, and no
 * second statement. Field names come from the validated operation and are looked up in
 * ITEM_COLUMNS; nothing else reaches the SQL.
 */
function itemsJson(fields?: ReadonlySet<string>) {
  const names = Object.keys(ITEM_COLUMNS).filter((f) => !fields || fields.has(f));
  const pairs = names.map((f) => `'${f}', ${ITEM_COLUMNS[f]}`).join(", ");
  return sql<DataItemRow[]>`coalesce((select json_agg(json_build_object(${sql.raw(pairs || "'code', i.code")}) order by i.position)
    from ${dataItems} i where i.resource_id = ${resources.id}), '[]'::json)`;
}

/** An entry's versions, newest first, with who made each (as listVersions reads them). */
const versionsJson = sql<Array<Omit<VersionRow, "changedAt"> & { changedAtMs: number }>>`coalesce((
  select json_agg(json_build_object(
           'version', v.version, 'kind', v.kind, 'changedAtMs', (extract(epoch from v.changed_at) * 1000)::float8,
           'diff', v.diff, 'note', v.note, 'login', a.login, 'name', a.name, 'resourceId', v.resource_id)
         order by v.version desc)
    from ${resourceVersions} v left join ${accounts} a on a.id = v.changed_by_account_id
   where v.resource_id = ${resources.id}), '[]'::json)`;

export interface EntryParts {
  /** The Resource fields the operation selects; every column is read when omitted. */
  fields?: ReadonlySet<string>;
  /** Read the items with the entry: true for every field, or the fields asked for. */
  withItems?: boolean | ReadonlySet<string>;
  withVersions?: boolean;
}

/** The columns of an entry as listed: with its provider, and its items and versions when asked for. */
function entryColumns(parts: EntryParts) {
  return {
    ...resourceColumnsFor(parts.fields),
    providerRow: withProvider.providerRow,
    ...(parts.withItems ? { itemRows: itemsJson(parts.withItems === true ? undefined : parts.withItems) } : {}),
    ...(parts.withVersions ? { versionJson: versionsJson } : {}),
  };
}

function entryOf(row: ResourceRow & { versionJson?: Array<Omit<VersionRow, "changedAt"> & { changedAtMs: number }> }): ResourceRow {
  if (row.versionJson) {
    row.versionRows = row.versionJson.map(({ changedAtMs, ...v }) => ({ ...v, changedAt: new Date(changedAtMs) }));
    delete row.versionJson;
  }
  return row;
}

/** A filter checked and compiled once, reused by the page, the count and the facets. */
export interface CompiledFilter {
  where: SQL;
  search: SearchPart[];
  /**
   * What `where` is made of: the viewer's catalog visibility key and every field of the filter as
   * given. Two compiled filters with the same key have the same `where` (a unit test holds this),
   * so the search cache keys on it instead of rendering the statements to text on every search.
   */
  key: string;
}

/** Every field of a filter, in a fixed order, Dates as ISO text: new fields are in the key by themselves. */
function filterKey(f: ResourceFilterInput): unknown[] {
  return Object.keys(f)
    .sort()
    .map((k) => {
      const v = (f as Record<string, unknown>)[k];
      return [k, v instanceof Date ? v.toISOString() : (v ?? null)];
    });
}

/** Compiled filters kept by key; past this, the least recently used goes. */
const MAX_COMPILED_FILTERS = 500;
const compiledFilters = new Map<string, CompiledFilter>();

/**
 * A filter checked and compiled, or the compiled filter of an earlier search with the same key
 * (the viewer's visibility and every field of the filter; test/unit/search-key.test.ts holds that
 * the key decides the condition). Building the condition (the search words' trigram and word
 * conditions, the visibility) cost a repeated search more than its cached statement then took.
 */
export function compileFilter(viewer: Viewer, filter: ResourceFilterInput | null | undefined): CompiledFilter {
  const f = filter ?? {};
  checkFilter(f);
  return keptOrBuilt(compiledFilters, filterCacheKey(viewer, f), MAX_COMPILED_FILTERS, () => build(viewer, f));
}

function checkFilter(f: ResourceFilterInput): void {
  if (f.search !== null && f.search !== undefined && Array.from(f.search).length > MAX_SEARCH_LENGTH) {
    throw badInput(`检索词不能超过 ${MAX_SEARCH_LENGTH} 个字符 (search is limited to ${MAX_SEARCH_LENGTH} characters)`, {
      argument: "filter.search",
    });
  }
}

const filterCacheKey = (viewer: Viewer, f: ResourceFilterInput) => JSON.stringify([catalogVisibilityKey(viewer), filterKey(f)]);

/** The filter checked and compiled afresh (compileFilter keeps what it builds; tests compare the two). */
export function buildFilter(viewer: Viewer, filter: ResourceFilterInput | null | undefined): CompiledFilter {
  const f = filter ?? {};
  checkFilter(f);
  return build(viewer, f);
}

function build(viewer: Viewer, f: ResourceFilterInput): CompiledFilter {
  const conds: SQL[] = [catalogVisibility(viewer)];
  let search: SearchPart[] = [];
  if (f.search !== null && f.search !== undefined) {
    search = parseSearch(f.search);
    if (search.length) conds.push(searchCondition(search));
  }
  if (f.departmentCode) {
    conds.push(
      sql`${resources.departmentId} = (select ${departments.id} from ${departments} where ${departments.code} = ${f.departmentCode})`,
    );
  }
  if (f.category) conds.push(sql`${resources.category} = ${f.category}`);
  if (f.theme) conds.push(eq(resources.theme, f.theme));
  if (f.shareType) conds.push(sql`${resources.shareType} = ${f.shareType}`);
  if (f.openType) conds.push(sql`${resources.openType} = ${f.openType}`);
  if (f.updateCycle) conds.push(sql`${resources.updateCycle} = ${f.updateCycle}`);
  if (f.updatedSince) conds.push(gte(resources.updatedAt, f.updatedSince));
  // Shared by every request with the same key: frozen, so none can change it for the others.
  return Object.freeze({ where: and(...conds)!, search: Object.freeze(search) as SearchPart[], key: filterCacheKey(viewer, f) });
}

function orderClauses(order: OrderInput[] | null | undefined, search: SearchPart[]): SQL[] {
  const list = order && order.length ? order : [{ field: "RELEVANCE" as const, direction: "DESC" as const }];
  const out: SQL[] = [];
  for (const o of list) {
    const dir = o.direction === "DESC" ? desc : asc;
    switch (o.field) {
      case "RELEVANCE":
        // Best matches first whatever the direction says about other fields; without a search
        // there is no relevance and the code order below decides.
        if (search.length) out.push(sql`${searchRank(search)} desc`);
        break;
      case "CODE":
        out.push(dir(resources.code));
        break;
      case "NAME":
        out.push(o.direction === "DESC" ? sql`${resources.name} collate "C" desc` : sql`${resources.name} collate "C" asc`);
        break;
      case "UPDATED_AT":
        out.push(dir(resources.updatedAt));
        break;
      case "PUBLISHED_AT":
        out.push(o.direction === "DESC" ? sql`${resources.publishedAt} desc nulls last` : sql`${resources.publishedAt} asc nulls last`);
        break;
    }
  }
  out.push(asc(resources.code)); // codes are unique: pages are stable
  return out;
}

/** The search cache's key of a search's ranked ids: its filter's key and the order asked for. */
export function rankedKey(compiled: CompiledFilter, order: OrderInput[] | null | undefined): string {
  const o = (order ?? []).map((x) => [x.field, x.direction]);
  return `ranked\u0000${compiled.key}\u0000${JSON.stringify(o)}`;
}

export async function listResources(
  db: Db,
  compiled: CompiledFilter,
  order: OrderInput[] | null | undefined,
  limit: number,
  offset: number,
  opts: EntryParts = {},
  cache?: FeedCache,
): Promise<{ rows: ResourceRow[]; hasNextPage: boolean }> {
  if (limit === 0) return { rows: [], hasNextPage: false };
  if (cache?.enabled && offset + limit < RANKED_WINDOW) {
    // Which entries, in which order: from the cache when this search ran since the catalog last
    // changed. The entries themselves are read live, and only those that still match the filter
    // (visibility included) are shown. Nothing is built for the ranking unless it has to run.
    const ids = await cache.get(rankedKey(compiled, order), async () => {
      const ranked = await db
        .select({ id: resources.id })
        .from(resources)
        .where(compiled.where)
        .orderBy(...orderClauses(order, compiled.search))
        .limit(RANKED_WINDOW + 1);
      return ranked.map((r) => r.id);
    });
    const pageIds = ids.slice(offset, offset + limit);
    if (pageIds.length === 0) return { rows: [], hasNextPage: false };
    const rows = (await pageStatement(db, compiled, opts).execute({ ids: `{${pageIds.join(",")}}` })) as ResourceRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const inOrder: ResourceRow[] = [];
    for (const id of pageIds) {
      const r = byId.get(id);
      if (r) inOrder.push(entryOf(r));
    }
    return { rows: inOrder, hasNextPage: ids.length > offset + limit };
  }
  const rows: ResourceRow[] = await db
    .select(entryColumns(opts))
    .from(resources)
    .innerJoin(departments, eq(departments.id, resources.departmentId))
    .where(compiled.where)
    .orderBy(...orderClauses(order, compiled.search))
    .limit(limit + 1)
    .offset(offset);
  return { rows: rows.slice(0, limit).map(entryOf), hasNextPage: rows.length > limit };
}

/**
 * The statement of a cached search's page, built once per filter (its key: the viewer's visibility
 * and every field of the filter, search words included) and shape of the entries asked for, on each
 * database handle; each page then only binds its ids. Building the select of an entry with its
 * provider, items and the search condition cost more of a repeated search's time than running it.
 */
const pageStatements = new WeakMap<Db, Map<string, EntryStatement<{ ids: string }>>>();

function pageStatement(db: Db, compiled: CompiledFilter, opts: EntryParts): EntryStatement<{ ids: string }> {
  return builtOnce(pageStatements, db, `${compiled.key}\u0000${partsKey(opts)}`, () =>
    db
      .select(entryColumns(opts))
      .from(resources)
      .innerJoin(departments, eq(departments.id, resources.departmentId))
      .where(and(sql`${resources.id} = any(${sql.placeholder("ids")}::int[])`, compiled.where))
      .prepare("page"),
  );
}

export async function countResources(db: Db, compiled: CompiledFilter, cache?: FeedCache): Promise<number> {
  const run = async () => {
    const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(resources).where(compiled.where);
    return Number(r?.n ?? 0);
  };
  return cache ? cache.get(`count\u0000${compiled.key}`, run) : run();
}

export interface FacetRow {
  value: string;
  label: string;
  count: number;
}
export interface Facets {
  /** How many resources match in all (the empty grouping set of the same statement). */
  total: number;
  shareType: FacetRow[];
  openType: FacetRow[];
  category: FacetRow[];
  department: FacetRow[];
}

/**
 * All four facets and the total in one statement (grouping sets), over the same filter as the
 * page; totalCount reads the total from here when facets are asked for too.
 */
export async function facetResources(db: Db, compiled: CompiledFilter, cache?: FeedCache): Promise<Facets> {
  const run = async () =>
    facetsOf(
      await db
        .select({
          shareType: resources.shareType,
          openType: resources.openType,
          category: resources.category,
          deptCode: departments.code,
          deptName: departments.name,
          n: sql<number>`count(*)::int`,
          g: sql<number>`grouping(${resources.shareType}, ${resources.openType}, ${resources.category}, ${departments.code})`,
        })
        .from(resources)
        .innerJoin(departments, eq(departments.id, resources.departmentId))
        .where(compiled.where)
        .groupBy(
          sql`grouping sets ((), (${resources.shareType}), (${resources.openType}), (${resources.category}), (${departments.code}, ${departments.name}))`,
        ),
    );
  // A cached answer is shared by every request with the same statement: it is never modified.
  return cache ? cache.get(`facets\u0000${compiled.key}`, run) : run();
}

type FacetQueryRow = {
  shareType: keyof typeof resourceLabels.shareType | null;
  openType: keyof typeof resourceLabels.openType | null;
  category: keyof typeof resourceLabels.category | null;
  deptCode: string | null;
  deptName: string | null;
  n: number;
  g: number;
};

function facetsOf(rows: FacetQueryRow[]): Facets {
  const facets: Facets = { total: 0, shareType: [], openType: [], category: [], department: [] };
  for (const r of rows) {
    const count = Number(r.n);
    if (Number(r.g) === 15) facets.total = count;
    else if (r.shareType) facets.shareType.push({ value: r.shareType, label: resourceLabels.shareType[r.shareType], count });
    else if (r.openType) facets.openType.push({ value: r.openType, label: resourceLabels.openType[r.openType], count });
    else if (r.category) facets.category.push({ value: r.category, label: resourceLabels.category[r.category], count });
    else if (r.deptCode) facets.department.push({ value: r.deptCode, label: r.deptName ?? r.deptCode, count });
  }
  const byCount = (a: FacetRow, b: FacetRow) => b.count - a.count || (a.value < b.value ? -1 : 1);
  facets.shareType.sort(byCount);
  facets.openType.sort(byCount);
  facets.category.sort(byCount);
  facets.department.sort(byCount);
  return facets;
}

/** A statement built with placeholders and prepared once; each run binds only the values. */
type EntryStatement<V extends Record<string, unknown>> = { execute(values: V): Promise<unknown[]> };
/** Shapes kept per database handle and kind of statement; past this, the least recently used goes. */
const MAX_SHAPES = 500;

/**
 * The statement of `key` on `db` from `statements`, built by `build` the first time. Each handle
 * (pool, embedded database) keeps at most MAX_SHAPES of a kind, the least recently used dropped
 * first, so a stream of distinct searches or selections cannot grow memory without bound.
 */
function builtOnce<S>(statements: WeakMap<Db, Map<string, S>>, db: Db, key: string, build: () => S): S {
  let shapes = statements.get(db);
  if (!shapes) statements.set(db, (shapes = new Map()));
  return keptOrBuilt(shapes, key, MAX_SHAPES, build);
}

function setKey(s: ReadonlySet<string> | undefined): string {
  return s ? [...s].sort().join(",") : "*";
}

/** What entryColumns(parts) depends on, as a string. */
function partsKey(opts: EntryParts): string {
  return [setKey(opts.fields), opts.withItems === true ? "*" : opts.withItems ? setKey(opts.withItems) : "-", opts.withVersions ? "v" : "-"].join("|");
}

/**
 * The entry statement, built once per shape (the fields asked for, the viewer's visibility) on each
 * database handle and then only executed with the code: building a select of thirty columns with
 * its provider, items and versions cost more than running it. With `cache`, an entry read before
 * is served from it (src/catalog/entry-cache.ts).
 */
const entryStatements = new WeakMap<Db, Map<string, EntryStatement<{ code: string }>>>();

export async function resourceByCode(db: Db, viewer: Viewer, code: string, opts: EntryParts = {}, cache?: FeedCache): Promise<ResourceRow | null> {
  const parts = partsKey(opts);
  const read = async () => {
    const statement = builtOnce(entryStatements, db, `${entryVisibilityKey(viewer)}|${parts}`, () =>
      db
        .select(entryColumns(opts))
        .from(resources)
        .innerJoin(departments, eq(departments.id, resources.departmentId))
        .where(and(eq(resources.code, sql.placeholder("code")), entryVisibility(viewer)))
        .limit(1)
        .prepare("entry"),
    );
    const rows = (await statement.execute({ code })) as ResourceRow[];
    return rows[0] ? entryOf(rows[0]) : null;
  };
  return cache ? cache.get(entryKey(viewer, parts, code), read) : read();
}

/** The entries of the viewer's department that are not published; the coordinator's review queue. */
export async function draftsFor(db: Db, viewer: Viewer): Promise<ResourceRow[]> {
  const where = hasRole(viewer, "COORDINATOR")
    ? eq(resources.status, "SUBMITTED")
    : and(eq(resources.departmentId, viewer.department!.id), ne(resources.status, "PUBLISHED"));
  return db.select(resourceColumns).from(resources).where(where).orderBy(desc(resources.updatedAt)).limit(500);
}

/** One prepared statement per database and catalog visibility key (two: public, government). */
const byCodesStatements = new WeakMap<Db, Map<string, EntryStatement<{ codes: string }>>>();

/** A text[] literal: every element quoted, so a code with a comma, brace or quote stays one element. */
const textArray = (xs: readonly string[]) => `{${xs.map((x) => `"${x.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;

/**
 * Entries by code within what the viewer may see (related resources, through a loader). Built
 * once per visibility key and then only executed: the codes are one array parameter. With
 * `cache`, a batch read before is served from it (src/catalog/entry-cache.ts).
 */
export async function resourcesByCodes(db: Db, viewer: Viewer, codes: readonly string[], cache?: FeedCache): Promise<ResourceRow[]> {
  if (codes.length === 0) return [];
  const read = () => {
    const statement = builtOnce(byCodesStatements, db, catalogVisibilityKey(viewer), () =>
      db
        .select(withProvider)
        .from(resources)
        .innerJoin(departments, eq(departments.id, resources.departmentId))
        .where(and(sql`${resources.code} = any(${sql.placeholder("codes")}::text[])`, catalogVisibility(viewer)))
        .prepare("by_codes"),
    );
    return statement.execute({ codes: textArray(codes) }) as Promise<ResourceRow[]>;
  };
  return cache ? cache.get(entriesKey(viewer, codes), read) : read();
}

export async function itemsOfResources(db: Db, resourceIds: readonly number[]): Promise<DataItemRow[]> {
  if (resourceIds.length === 0) return [];
  return db
    .select()
    .from(dataItems)
    .where(inArray(dataItems.resourceId, [...resourceIds]))
    .orderBy(asc(dataItems.resourceId), asc(dataItems.position));
}

export async function departmentsByIds(db: Db, ids: readonly number[]): Promise<DepartmentRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(departments).where(inArray(departments.id, [...ids]));
}

export async function listDepartments(db: Db): Promise<DepartmentRow[]> {
  return db.select().from(departments).orderBy(asc(departments.seq));
}

export async function departmentByCode(db: Db, code: string): Promise<DepartmentRow | null> {
  const rows = await db.select().from(departments).where(eq(departments.code, code)).limit(1);
  return rows[0] ?? null;
}

/** How many published resources each department has that the viewer may see. */
export async function resourceCountsByDepartment(
  db: Db,
  viewer: Viewer,
  departmentIds: readonly number[],
): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (departmentIds.length === 0) return out;
  const rows = await db
    .select({ id: resources.departmentId, n: sql<number>`count(*)::int` })
    .from(resources)
    .where(and(inArray(resources.departmentId, [...departmentIds]), catalogVisibility(viewer)))
    .groupBy(resources.departmentId);
  for (const r of rows) out.set(r.id, Number(r.n));
  return out;
}
