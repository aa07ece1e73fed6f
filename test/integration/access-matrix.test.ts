// The access matrix on real rows, on both engines: every resource of the demo city × each kind of
// viewer, checked against the rules as DOMAIN.md states them (R3, R7, R12, R20), and every masked
// value checked against the clear value the provider reads: none may come through clear.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAccounts } from "../../src/demo/departments.js";
import { engines } from "../support/db.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

const Q = `query($c: String!, $p: UsePurpose!) {
  records(resourceCode: $c, purpose: $p, purposeDetail: "矩阵测试-0001", first: 30) {
    items { code treatment }
    nodes { key values }
  }
}`;

type Item = { code: string; sensitivity: string; maskingStrategy: string };
type Res = { code: string; name: string; shareType: string; openType: string; provider: { name: string }; items: Item[] };

/** What the rules say, written independently of src/policy/access.ts. */
function expected(viewer: "consumer" | "public" | "analyst", r: Res, hasGrant: boolean): Record<string, string> | "FORBIDDEN" {
  if (viewer === "analyst") return "FORBIDDEN";
  if (viewer === "public") {
    if (r.openType !== "UNCONDITIONAL") return "FORBIDDEN";
    return Object.fromEntries(r.items.map((i) => [i.code, i.sensitivity === "L1" ? "CLEAR" : i.sensitivity === "L4" ? "WITHHELD" : "MASKED"]));
  }
  if (r.shareType === "NOT_SHARED") return "FORBIDDEN";
  if (r.shareType === "CONDITIONAL" && !hasGrant) return "FORBIDDEN";
  return Object.fromEntries(
    r.items.map((i) => [i.code, i.sensitivity === "L3" ? "MASKED" : i.sensitivity === "L4" ? "WITHHELD" : "CLEAR"]),
  );
}

describe.each(engines)("access matrix on %s", (engine) => {
  let gw: TestGateway;
  let all: Res[] = [];
  const owner = new Map<string, string>();
  for (const a of buildAccounts()) if (a.active && a.department && a.roles.includes("PROVIDER")) owner.set(a.department, a.login);

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    const r = await gw.gql(
      `{ resources(first: 100) { nodes { code name shareType openType provider { name } items { code sensitivity maskingStrategy } } } }`,
      {},
      { as: "coordinator" },
    );
    all = r.data.resources.nodes;
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("covers every share × open pair the rules allow", () => {
    const pairs = new Set(all.map((r) => `${r.shareType}/${r.openType}`));
    expect(pairs.size).toBe(6);
  });

  it("serves each resource to each kind of viewer as the rules say, and never a masked value in clear", async () => {
    let checkedMasked = 0;
    for (const r of all) {
      // The owner reads everything in clear: the reference for what must not leak.
      const ownerLogin = owner.get(r.provider.name);
      const clearByKey = new Map<string, Record<string, unknown>>();
      if (ownerLogin) {
        const own = await gw.gql(Q, { c: r.code, p: "WORK_REFERENCE" }, { as: ownerLogin });
        expect(own.errors, `${r.name} as owner`).toBeUndefined();
        for (const it of own.data.records.items) expect(it.treatment, `${r.name}.${it.code} owner`).toBe("CLEAR");
        for (const n of own.data.records.nodes) clearByKey.set(n.key, n.values);
      }
      const clearValues = new Set<string>();
      for (const v of clearByKey.values()) for (const x of Object.values(v)) if (typeof x === "string" && x.length >= 4) clearValues.add(x);

      for (const [viewer, as] of [["consumer", "health"], ["public", undefined], ["public", "citizen"], ["analyst", "analyst"]] as const) {
        if (viewer === "consumer" && r.provider.name === "市卫生健康委员会") continue; // its own
        const res = await gw.gql(Q, { c: r.code, p: "WORK_REFERENCE" }, { as });
        const want = expected(viewer, r, false);
        const label = `${r.name} (${r.shareType}/${r.openType}) as ${as ?? "anonymous"}`;
        if (want === "FORBIDDEN") {
          expect(res.errors?.[0].extensions?.code, label).toBe("FORBIDDEN");
          expect(res.data, label).toBeNull();
          continue;
        }
        expect(res.errors, label).toBeUndefined();
        const got = Object.fromEntries(res.data.records.items.map((i: any) => [i.code, i.treatment]));
        expect(got, label).toEqual(want);
        for (const n of res.data.records.nodes) {
          for (const [code, t] of Object.entries(want)) {
            if (t === "WITHHELD") expect(n.values, `${label}.${code}`).not.toHaveProperty(code);
            if (t !== "MASKED") continue;
            const v = n.values[code];
            if (typeof v === "string" && v.length >= 4) {
              expect(clearValues.has(v), `${label}.${code} = ${v} came through clear`).toBe(false);
              checkedMasked++;
            }
          }
        }
      }
    }
    expect(checkedMasked).toBeGreaterThan(300);
  }, 240_000);
});
