// The demo city's one active grant (R12): 市卫生健康委员会 may read 社会保险参保信息 for 业务协同,
// some of its items, one L3 item (姓名) in clear. Valid from the day the city is loaded for
// eleven months (a grant lasts at most one year).
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { departments, grants, resources } from "../db/schema.js";

export const DEMO_GRANT = {
  department: "市卫生健康委员会",
  resource: "社会保险参保信息",
  purpose: "BUSINESS_COLLABORATION" as const,
  items: ["name", "id_number", "insurance_type", "status", "employer", "mobile"],
  clearItems: ["name"],
};

export async function insertDemoGrants(db: Db, now: Date = new Date()): Promise<number> {
  const [dept] = await db.select({ id: departments.id }).from(departments).where(eq(departments.name, DEMO_GRANT.department));
  const [res] = await db
    .select({ id: resources.id })
    .from(resources)
    .where(and(eq(resources.name, DEMO_GRANT.resource)));
  if (!dept || !res) throw new Error("the demo grant needs 市卫生健康委员会 and 社会保险参保信息");
  const day = 86_400_000;
  await db.insert(grants).values({
    departmentId: dept.id,
    resourceId: res.id,
    purpose: DEMO_GRANT.purpose,
    items: DEMO_GRANT.items,
    clearItems: DEMO_GRANT.clearItems,
    validFrom: new Date(now.getTime() - day),
    validUntil: new Date(now.getTime() + 330 * day),
  });
  return 1;
}
