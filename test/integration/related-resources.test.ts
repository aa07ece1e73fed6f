// Related resources come through one statement built once per catalog visibility key (public,
// government) and reused (catalog.service resourcesByCodes). Whoever asks, in whatever order,
// gets only what the catalog shows them (R3, R7), and a code is matched as a whole, whatever
// characters it holds: the codes travel as one text[] parameter.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { engines } from "../support/db.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { resourcesByCodes } from "../../src/catalog/catalog.service.js";
import { ANONYMOUS, loadAccount } from "../../src/auth/viewer.js";

describe.each(engines)("related resources on %s", (engine) => {
  let gw: TestGateway;
  let open: string[] = [];
  let notOpen: string[] = [];
  beforeAll(async () => {
    gw = await startTestGateway(engine);
    const rows = ((await gw.testDb.database.db.execute(
      sql`select code, open_type from resources where status = 'PUBLISHED' order by code`,
    )) as unknown as { rows: Array<{ code: string; open_type: string }> }).rows;
    open = rows.filter((r) => r.open_type !== "NOT_OPEN").map((r) => r.code).slice(0, 3);
    notOpen = rows.filter((r) => r.open_type === "NOT_OPEN").map((r) => r.code).slice(0, 3);
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("gives the public the open ones only and a department all, in any order of asking", async () => {
    expect(open.length).toBe(3);
    expect(notOpen.length).toBe(3);
    const db = gw.testDb.database.db;
    const health = (await loadAccount(db, "health"))!;
    const citizen = (await loadAccount(db, "citizen"))!;
    const codes = [...open, ...notOpen];
    const sorted = (rows: Array<{ code: string }>) => rows.map((r) => r.code).sort();
    for (let round = 0; round < 2; round++) {
      expect(sorted(await resourcesByCodes(db, ANONYMOUS, codes))).toEqual([...open].sort());
      expect(sorted(await resourcesByCodes(db, health, codes))).toEqual([...codes].sort());
      expect(sorted(await resourcesByCodes(db, citizen, codes))).toEqual([...open].sort());
    }
    // With their providers, read in the same statement.
    const [one] = await resourcesByCodes(db, health, [notOpen[0]]);
    expect(one.providerRow?.name).toBeTruthy();
  });

  it("matches whole codes: commas, quotes, braces and backslashes find nothing and break nothing", async () => {
    const db = gw.testDb.database.db;
    const health = (await loadAccount(db, "health"))!;
    const tricky = [`${open[0]},${open[1]}`, `"${open[0]}"`, `{${open[1]}}`, `${open[2]}\\`, `a"b\\"c`, "NULL", ""];
    expect(await resourcesByCodes(db, health, tricky)).toEqual([]);
    expect((await resourcesByCodes(db, health, [...tricky, open[2]])).map((r) => r.code)).toEqual([open[2]]);
  });
});
