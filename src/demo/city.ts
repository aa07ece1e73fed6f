// The demo city 江州市, assembled from the department, resource and people tables. Pure and
// deterministic: no clock, no Math.random; the same city on every build.
import { checkBaseShare, isAllowedShareOpenPair } from "../catalog/rules.js";
import { BASE_CLASS, DEPARTMENT_CLASS, THEME_CLASS, beijingToIso, type ResourceDef } from "./define.js";
import { buildAccounts, buildDepartments } from "./departments.js";
import { buildEntities, buildPeople } from "./people.js";
import { BASE_RESOURCES } from "./resources-base.js";
import { DEPARTMENT_RESOURCES } from "./resources-department.js";
import { THEME_RESOURCES } from "./resources-theme.js";
import { buildRows, type Population } from "./rows.js";
import type { Category, DemoCity, DemoResource } from "./types.js";

/** Version of the demo data, recorded in gateway_meta when it is loaded. */
export const DEMO_VERSION = "1";

export const RESOURCE_DEFINITIONS: readonly ResourceDef[] = [...BASE_RESOURCES, ...THEME_RESOURCES, ...DEPARTMENT_RESOURCES];

const CATEGORY_LETTER: Record<Category, string> = { BASE: "J", THEME: "Z", DEPARTMENT: "B" };

function classCode(def: ResourceDef): string {
  const expected =
    def.category === "BASE"
      ? BASE_CLASS[def.theme ?? ""]
      : def.category === "THEME"
        ? THEME_CLASS[def.theme ?? ""]
        : (Object.values(DEPARTMENT_CLASS) as string[]).includes(def.cls) && def.theme === null
          ? def.cls
          : undefined;
  if (!expected || expected !== def.cls) throw new Error(`${def.name}: class ${def.cls} does not fit ${def.category} ${def.theme}`);
  return def.cls;
}

function checkRules(def: ResourceDef): void {
  // R4: base resources are unconditionally shared.
  const base = checkBaseShare(def.category, def.shareType);
  if (base) throw new Error(`${def.name}: ${base}`);
  if (!isAllowedShareOpenPair(def.shareType, def.openType)) throw new Error(`${def.name}: ${def.shareType} × ${def.openType} is not allowed`);
  // R3: a not-shared entry cites its legal basis and offers no share method; a conditional one states its condition.
  if ((def.shareType === "NOT_SHARED") !== Boolean(def.legalBasis)) throw new Error(`${def.name}: legal basis iff not shared`);
  if ((def.shareType === "NOT_SHARED") !== (def.shareMethods.length === 0)) throw new Error(`${def.name}: share methods iff shared`);
  if ((def.shareType === "CONDITIONAL") !== Boolean(def.shareCondition)) throw new Error(`${def.name}: share condition iff conditional`);
  // R7, R21: a conditionally open entry states what the application must contain.
  if ((def.openType === "CONDITIONAL") !== Boolean(def.openCondition)) throw new Error(`${def.name}: open condition iff conditional`);
}

/** Builds the city afresh (buildDemoCity keeps the result). */
export function makeDemoCity(): DemoCity {
  const departments = buildDepartments();
  const accounts = buildAccounts();
  const seqOf = new Map(departments.map((d) => [d.name, d.seq]));

  const codeOf = new Map<string, string>();
  const orders = new Map<string, number>();
  for (const def of RESOURCE_DEFINITIONS) {
    const seq = seqOf.get(def.department);
    if (seq === undefined) throw new Error(`${def.name}: no department ${def.department}`);
    if (codeOf.has(def.name)) throw new Error(`two resources named ${def.name}`);
    checkRules(def);
    const prefix = `${CATEGORY_LETTER[def.category]}${classCode(def)}-${String(seq).padStart(3, "0")}`;
    const order = (orders.get(prefix) ?? 0) + 1;
    orders.set(prefix, order);
    codeOf.set(def.name, `${prefix}-${String(order).padStart(4, "0")}`);
  }

  const people = buildPeople();
  const population: Population = { people, entities: buildEntities(people) };

  const resources: DemoResource[] = [];
  const rows: DemoCity["rows"] = {};
  for (const def of RESOURCE_DEFINITIONS) {
    const code = codeOf.get(def.name)!;
    const relatedCodes = (def.related ?? []).map((name) => {
      const c = codeOf.get(name);
      if (!c) throw new Error(`${def.name}: related resource ${name} does not exist`);
      return c;
    });
    const [published, updated, dataUpdated] = def.dates.map(beijingToIso);
    if (updated < published) throw new Error(`${def.name}: updated before it was published`);
    resources.push({
      code,
      name: def.name,
      summary: def.summary,
      category: def.category,
      theme: def.theme,
      format: def.format,
      updateCycle: def.updateCycle,
      shareType: def.shareType,
      shareCondition: def.shareCondition ?? null,
      shareMethods: [...def.shareMethods],
      legalBasis: def.legalBasis ?? null,
      openType: def.openType,
      openCondition: def.openCondition ?? null,
      department: def.department,
      sourceSystem: def.sourceSystem,
      useRequirements: def.useRequirements ?? null,
      relatedCodes,
      publishedAt: published,
      updatedAt: updated,
      dataUpdatedAt: dataUpdated,
      items: def.items.map(({ gen: _gen, ...item }) => item),
    });
    rows[code] = buildRows(def, population);
  }
  return { departments, accounts, resources, rows };
}

let cached: DemoCity | undefined;

/** The demo city. Built once per process; callers must not modify it. */
export function buildDemoCity(): DemoCity {
  cached ??= makeDemoCity();
  return cached;
}
