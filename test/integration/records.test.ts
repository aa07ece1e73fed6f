// Reading rows through the gateway, on both engines: the decision applied item by item, masking,
// grants and purposes, the attacks on masked items, verification, and the audit trail
// (R3, R6, R7, R11–R13, R15, R20, R30, R32).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { engines } from "../support/db.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

const RECORDS = `query R($code: String!, $purpose: UsePurpose!, $detail: String!, $items: [String!], $filter: [RecordFilter!], $orderBy: [RecordOrder!], $first: Int, $after: String) {
  records(resourceCode: $code, purpose: $purpose, purposeDetail: $detail, items: $items, filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { key values }
    items { code name treatment strategy }
    provenance { providerCode resourceCode dataUpdatedAt retrievedAt }
  }
}`;

const VERIFY = `query V($code: String!, $purpose: UsePurpose!, $detail: String!, $match: JSONObject!) {
  verify(resourceCode: $code, purpose: $purpose, purposeDetail: $detail, match: $match) { matched count }
}`;

const AUDIT = `query A($filter: AuditEventFilter, $first: Int) {
  auditEvents(filter: $filter, first: $first) {
    totalCount
    nodes { id login departmentCode operation resourceCode purpose purposeDetail itemsClear itemsMasked itemsWithheld filters rowCount grantIds outcome reason requestId }
  }
}`;

const DETAIL = "（2026）江卫协字第0123号";

describe.each(engines)("records on %s", (engine) => {
  let gw: TestGateway;
  const code: Record<string, string> = {};
  let policeCode = "";
  const policeResources = new Set<string>();

  const read = (as: string | undefined, name: string, vars: Record<string, unknown> = {}) =>
    gw.gql(RECORDS, { code: code[name] ?? name, purpose: "WORK_REFERENCE", detail: DETAIL, ...vars }, { as });

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    const r = await gw.gql(`{ resources(first: 100) { nodes { code name shareType provider { code name } } } }`, {}, { as: "coordinator" });
    for (const n of r.data.resources.nodes) code[n.name] = n.code;
    const notShared = r.data.resources.nodes.find((n: any) => n.shareType === "NOT_SHARED" && n.provider.name === "市公安局");
    code["公安不予共享"] = notShared.code;
    for (const n of r.data.resources.nodes) if (n.provider.name === "市公安局") policeResources.add(n.code);
    policeCode = r.data.resources.nodes.find((n: any) => n.name === "人口基本信息").provider.code;
  });
  afterAll(async () => {
    await gw?.close();
  });

  describe("the population register (unconditional share, not open)", () => {
    it("counts the rows only when totalCount is asked for, directly or through a fragment", async () => {
      const q = (sel: string) =>
        `query($code: String!) { records(resourceCode: $code, purpose: WORK_REFERENCE, purposeDetail: "${DETAIL}", first: 5) { ${sel} } }${sel.includes("...T") ? " fragment T on RecordPage { totalCount }" : ""}`;
      // The count of the whole result; the page's own statement counts the rows it read for its
      // audit event, which is not this.
      const counts = (st: string[]) => st.filter((x) => /count\(\*\)/i.test(x) && /"records"/.test(x) && !/audit_append/.test(x)).length;
      const plain = await gw.countStatements(() => gw.gql(q("nodes { key }"), { code: code["人口基本信息"] }, { as: "health" }));
      expect(plain.result.errors).toBeUndefined();
      expect(counts(plain.statements)).toBe(0);
      const direct = await gw.countStatements(() => gw.gql(q("totalCount nodes { key }"), { code: code["人口基本信息"] }, { as: "health" }));
      expect(counts(direct.statements)).toBe(1);
      const viaFragment = await gw.countStatements(() => gw.gql(q("...T nodes { key }"), { code: code["人口基本信息"] }, { as: "health" }));
      expect(counts(viaFragment.statements)).toBe(1);
      expect(viaFragment.result.data.records.totalCount).toBe(direct.result.data.records.totalCount);
      expect(direct.result.data.records.totalCount).toBeGreaterThanOrEqual(2000);
    });

    it("is served to another department masked: L1/L2 clear, L3 masked, L4 withheld", async () => {
      const r = await read("health", "人口基本信息", { first: 50 });
      expect(r.errors).toBeUndefined();
      const page = r.data.records;
      expect(page.totalCount).toBeGreaterThanOrEqual(2000);
      expect(page.nodes).toHaveLength(50);
      const t = Object.fromEntries(page.items.map((i: any) => [i.code, i.treatment]));
      expect(t).toMatchObject({ name: "MASKED", id_number: "MASKED", mobile: "MASKED", address: "MASKED", birth_date: "CLEAR", gender: "CLEAR", photo: "WITHHELD" });
      for (const n of page.nodes) {
        expect(n.values.id_number).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
        expect(n.values.mobile).toMatch(/^1\d{2}\*{4}\d{4}$/);
        expect(n.values.name).toMatch(/^\p{Script=Han}{1,2}\*+$/u);
        expect(n.values.address).toMatch(/^江州市.+(区|县)\*{4}$/);
        expect(n.values.birth_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(n.values).not.toHaveProperty("photo");
        expect(n.key).toMatch(/^h_/); // the key is an ID number: never served clear to others
      }
      expect(page.provenance).toMatchObject({ providerCode: policeCode, resourceCode: code["人口基本信息"] });
      expect(r.body.extensions.provenance[0].resourceCode).toBe(code["人口基本信息"]);
    });

    it("is served to the provider's own department in clear", async () => {
      const r = await read("police", "人口基本信息", { first: 20 });
      expect(r.errors).toBeUndefined();
      for (const n of r.data.records.nodes) {
        expect(n.values.id_number).toMatch(/^\d{17}[\dX]$/);
        expect(n.key).toBe(n.values.id_number);
        expect(n.values.photo).toBeTruthy();
        expect(n.values.mobile).toMatch(/^1\d{10}$/);
      }
    });

    it("gives the same masked page to aliases and fragments as to a plain query", async () => {
      const q = `fragment V on RecordPage { nodes { values } }
        query($c: String!) {
          a: records(resourceCode: $c, purpose: WORK_REFERENCE, purposeDetail: "${DETAIL}", first: 5) { ...V }
          b: records(resourceCode: $c, purpose: DATA_VERIFICATION, purposeDetail: "${DETAIL}", first: 5) { nodes { ... on RecordNode { values } } }
        }`;
      const r = await gw.gql(q, { c: code["人口基本信息"] }, { as: "health" });
      expect(r.errors).toBeUndefined();
      for (const page of [r.data.a, r.data.b]) for (const n of page.nodes) expect(n.values.id_number).toContain("********");
    });

    it("is refused to the public, exactly as a code that does not exist", async () => {
      const hidden = await read(undefined, "人口基本信息");
      const none = await read(undefined, "J99-999-9999");
      const citizen = await read("citizen", "人口基本信息");
      for (const r of [hidden, none, citizen]) {
        expect(r.errors?.[0].extensions?.code).toBe("FORBIDDEN");
        expect(r.data).toBeNull();
      }
      expect(hidden.errors![0].message).toBe(none.errors![0].message);
    });

    it("is refused to the coordinator, auditors and analysts, who read metadata", async () => {
      for (const as of ["coordinator", "auditor", "analyst"]) {
        const r = await read(as, "人口基本信息");
        expect(r.errors?.[0].extensions?.code, as).toBe("FORBIDDEN");
      }
    });

    it("is refused to a deactivated account", async () => {
      const r = await gw.gql(RECORDS, { code: code["人口基本信息"], purpose: "WORK_REFERENCE", detail: DETAIL }, { as: "retired" });
      expect(r.status).toBe(401);
      expect(r.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    });

    it("narrows to the items asked for", async () => {
      const r = await read("health", "人口基本信息", { items: ["gender", "name"], first: 3 });
      expect(r.data.records.items.map((i: any) => i.code).sort()).toEqual(["gender", "name"]);
      for (const n of r.data.records.nodes) expect(Object.keys(n.values).sort()).toEqual(["gender", "name"]);
      const bad = await read("health", "人口基本信息", { items: ["nope"] });
      expect(bad.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    });

    it("pages with after, and refuses more than 1000 a page", async () => {
      const p1 = await read("health", "人口基本信息", { first: 30, items: ["birth_date"] });
      const p2 = await read("health", "人口基本信息", { first: 30, items: ["birth_date"], after: p1.data.records.pageInfo.endCursor });
      const keys1 = p1.data.records.nodes.map((n: any) => n.key);
      const keys2 = p2.data.records.nodes.map((n: any) => n.key);
      expect(keys2.some((k: string) => keys1.includes(k))).toBe(false);
      const big = await read("health", "人口基本信息", { first: 1001 });
      expect(big.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    });
  });

  describe("no oracle on masked items (invariant 4)", () => {
    const refusedFor = (r: any, item: string) => {
      expect(r.errors?.[0].extensions?.code).toBe("FORBIDDEN");
      expect(r.errors?.[0].extensions?.item).toBe(item);
      expect(r.data).toBeNull();
    };

    it("refuses a filter on a masked item, by any operator", async () => {
      for (const f of [
        { item: "name", op: "PREFIX", value: "欧阳" },
        { item: "id_number", op: "EQ", value: "110101199003071234" },
        { item: "mobile", op: "RANGE", from: "138", to: "139" },
        { item: "address", op: "IN", values: ["江州市云湖区"] },
      ]) refusedFor(await read("health", "人口基本信息", { filter: [f] }), f.item);
    });

    it("refuses a filter on a withheld item", async () => {
      refusedFor(await read("health", "人口基本信息", { filter: [{ item: "photo", op: "PREFIX", value: "p" }] }), "photo");
    });

    it("refuses sorting by a masked item", async () => {
      refusedFor(await read("health", "人口基本信息", { orderBy: [{ item: "id_number", direction: "ASC" }] }), "id_number");
    });

    it("refuses through aliases, fragments and inline arguments too", async () => {
      const q = `fragment P on RecordPage { totalCount }
        query {
          ok: records(resourceCode: "${code["人口基本信息"]}", purpose: WORK_REFERENCE, purposeDetail: "${DETAIL}", first: 1) { totalCount }
          probe: records(resourceCode: "${code["人口基本信息"]}", purpose: WORK_REFERENCE, purposeDetail: "${DETAIL}",
                         filter: [{ item: "name", op: PREFIX, value: "欧阳" }]) { ...P }
        }`;
      const r = await gw.gql(q, {}, { as: "health" });
      expect(r.data?.probe ?? null).toBeNull();
      expect(r.errors?.some((e) => e.extensions?.code === "FORBIDDEN" && e.extensions?.item === "name")).toBe(true);
      expect(JSON.stringify(r.body)).not.toMatch(/"totalCount":\s*\d+.*probe/);
    });

    it("allows filters and sort on clear items, with LIKE wildcards as plain characters", async () => {
      const r = await read("health", "人口基本信息", {
        filter: [{ item: "gender", op: "EQ", value: "女" }, { item: "birth_date", op: "RANGE", from: "1980-01-01", to: "1989-12-31" }],
        orderBy: [{ item: "birth_date", direction: "DESC" }],
        first: 100,
      });
      expect(r.errors).toBeUndefined();
      const dates = r.data.records.nodes.map((n: any) => n.values.birth_date);
      expect(dates.length).toBeGreaterThan(0);
      expect(dates).toEqual([...dates].sort().reverse());
      for (const n of r.data.records.nodes) expect(n.values.gender).toBe("女");
      const wild = await read("health", "人口基本信息", { filter: [{ item: "birth_date", op: "PREFIX", value: "19%" }] });
      expect(wild.data.records.totalCount).toBe(0);
    });

    it("lets the provider filter its own resource by anything", async () => {
      const r = await read("police", "人口基本信息", { filter: [{ item: "name", op: "PREFIX", value: "欧阳" }], first: 5 });
      expect(r.errors).toBeUndefined();
      expect(r.data.records.totalCount).toBeGreaterThan(0);
      for (const n of r.data.records.nodes) expect(n.values.name.startsWith("欧阳")).toBe(true);
    });
  });

  describe("the conditional resource 社会保险参保信息 (R12, R13)", () => {
    const SI = "社会保险参保信息";
    const collab = (as: string, vars: Record<string, unknown> = {}) => read(as, SI, { purpose: "BUSINESS_COLLABORATION", ...vars });

    it("opens to 市卫生健康委员会 under its grant and purpose, only the grant's items", async () => {
      const r = await collab("health", { first: 20 });
      expect(r.errors).toBeUndefined();
      const items = Object.fromEntries(r.data.records.items.map((i: any) => [i.code, i]));
      expect(items.bank_card.treatment).toBe("WITHHELD");
      const clear = r.data.records.items.filter((i: any) => i.treatment === "CLEAR").map((i: any) => i.code);
      expect(clear).toContain("name"); // the one L3 item the grant gives in clear
      expect(items.id_number).toMatchObject({ treatment: "MASKED", strategy: "KEYED_HASH" });
      for (const n of r.data.records.nodes) {
        expect(n.values).not.toHaveProperty("bank_card");
        expect(n.values.id_number).toMatch(/^h_[A-Za-z0-9_-]{24}$/);
        expect(n.values.name).not.toContain("*");
      }
    });

    it("is refused for another purpose than the grant's", async () => {
      const r = await read("health", SI, { purpose: "WORK_REFERENCE" });
      expect(r.errors?.[0].extensions?.code).toBe("FORBIDDEN");
      expect(r.errors?.[0].message).toMatch(/授权|grant/);
    });

    it("is refused to a department without a grant", async () => {
      const r = await collab("civil");
      expect(r.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    });

    it("joins on keyed-hash tokens within the department (EQ on the token only)", async () => {
      const first = await collab("health", { first: 1, items: ["id_number", "name"] });
      const token = first.data.records.nodes[0].values.id_number;
      const byToken = await collab("health", { filter: [{ item: "id_number", op: "EQ", value: token }] });
      expect(byToken.errors).toBeUndefined();
      expect(byToken.data.records.totalCount).toBe(1);
      expect(byToken.data.records.nodes[0].values.id_number).toBe(token);
      // The raw value matches nothing: the filter compares tokens, not ID numbers.
      const own = await read("hrss", SI, { first: 1, items: ["id_number"] });
      const raw = own.data.records.nodes[0].values.id_number;
      const byRaw = await collab("health", { filter: [{ item: "id_number", op: "EQ", value: raw }] });
      expect(byRaw.data.records.totalCount).toBe(0);
      const prefix = await collab("health", { filter: [{ item: "id_number", op: "PREFIX", value: "h_" }] });
      expect(prefix.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    });

    it("stops at once when the grant is revoked, and when it expires", async () => {
      const db = gw.testDb.database.db;
      await db.execute(sql`update grants set revoked_at = now() where revoked_at is null`);
      try {
        expect((await collab("health")).errors?.[0].extensions?.code).toBe("FORBIDDEN");
      } finally {
        await db.execute(sql`update grants set revoked_at = null`);
      }
      expect((await collab("health")).errors).toBeUndefined();
      const [{ valid_until }] = ((await db.execute(sql`select valid_until from grants limit 1`)) as any).rows as any[];
      await db.execute(sql`update grants set valid_until = now() - interval '1 second'`);
      try {
        expect((await collab("health")).errors?.[0].extensions?.code).toBe("FORBIDDEN");
      } finally {
        await db.execute(sql`update grants set valid_until = ${valid_until}`);
      }
    });
  });

  describe("not-shared and open resources (R3, R7, R20)", () => {
    it("refuses a not-shared resource to another department, citing its legal basis", async () => {
      const basis = await gw.gql(`query($c: String!) { resource(code: $c) { legalBasis } }`, { c: code["公安不予共享"] }, { as: "health" });
      const r = await read("health", "公安不予共享");
      expect(r.errors?.[0].extensions?.code).toBe("FORBIDDEN");
      expect(r.errors?.[0].message).toContain(basis.data.resource.legalBasis);
      expect((await read("hrss", "公安不予共享")).errors?.[0].extensions?.code).toBe("FORBIDDEN");
      expect((await read("police", "公安不予共享")).errors).toBeUndefined();
    });

    it("serves an unconditionally open resource to the public: L1 clear, L2 and L3 masked", async () => {
      const r = await read(undefined, "法人单位基本信息", { first: 20 });
      expect(r.errors).toBeUndefined();
      for (const n of r.data.records.nodes) {
        expect(n.values.credit_code).toMatch(/^[0-9A-HJ-NPQRTUWXY]{18}$/);
        expect(n.values.legal_rep).toMatch(/\*/);
        expect(n.values.phone === "" || /\*/.test(n.values.phone)).toBe(true);
      }
      const sortMasked = await read("citizen", "法人单位基本信息", { orderBy: [{ item: "legal_rep", direction: "ASC" }] });
      expect(sortMasked.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    });
  });

  describe("verification (R6)", () => {
    it("answers whether a person exists without returning data", async () => {
      const clear = await read("police", "人口基本信息", { first: 2, items: ["id_number", "name"] });
      const [a] = clear.data.records.nodes;
      const hit = await gw.gql(VERIFY, { code: code["人口基本信息"], purpose: "DATA_VERIFICATION", detail: DETAIL, match: { id_number: a.values.id_number, name: a.values.name } }, { as: "health" });
      expect(hit.errors).toBeUndefined();
      expect(hit.data.verify).toEqual({ matched: true, count: 1 });
      const miss = await gw.gql(VERIFY, { code: code["人口基本信息"], purpose: "DATA_VERIFICATION", detail: DETAIL, match: { id_number: a.values.id_number, name: "某某某" } }, { as: "health" });
      expect(miss.data.verify).toEqual({ matched: false, count: 0 });
      expect(JSON.stringify(hit.body)).not.toContain(a.values.name);
    });

    it("wants full values: no prefixes, no masked values", async () => {
      for (const match of [{ id_number: "110101" }, { id_number: "110101********1234" }, { mobile: "138" }, { name: "欧" }]) {
        const r = await gw.gql(VERIFY, { code: code["人口基本信息"], purpose: "DATA_VERIFICATION", detail: DETAIL, match }, { as: "health" });
        expect(r.errors?.[0].extensions?.code, JSON.stringify(match)).toBe("BAD_USER_INPUT");
      }
    });

    it("refuses withheld items, unreadable resources and a missing purpose detail", async () => {
      const withheld = await gw.gql(VERIFY, { code: code["人口基本信息"], purpose: "DATA_VERIFICATION", detail: DETAIL, match: { photo: "photos/x.jpg" } }, { as: "health" });
      expect(withheld.errors?.[0].extensions?.code).toBe("FORBIDDEN");
      const pub = await gw.gql(VERIFY, { code: code["人口基本信息"], purpose: "DATA_VERIFICATION", detail: DETAIL, match: { gender: "男" } });
      expect(pub.errors?.[0].extensions?.code).toBe("FORBIDDEN");
      const short = await gw.gql(VERIFY, { code: code["人口基本信息"], purpose: "DATA_VERIFICATION", detail: "案", match: { gender: "男" } }, { as: "health" });
      expect(short.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    });
  });

  describe("the audit trail (R13, R30, R32)", () => {
    it("records every read, allowed or denied, with what was served and no masked values", async () => {
      const before = await gw.gql(AUDIT, { filter: { login: "health" }, first: 1 }, { as: "auditor" });
      const n0 = before.data.auditEvents.totalCount;
      await read("health", "人口基本信息", { first: 3, filter: [{ item: "gender", op: "EQ", value: "男" }] });
      await read("health", "人口基本信息", { filter: [{ item: "name", op: "PREFIX", value: "欧阳" }] });
      await read("health", "公安不予共享");
      const after = await gw.gql(AUDIT, { filter: { login: "health" }, first: 3 }, { as: "auditor" });
      expect(after.data.auditEvents.totalCount).toBe(n0 + 3);
      const [notShared, oracle, ok] = after.data.auditEvents.nodes;
      expect(ok).toMatchObject({ operation: "records", outcome: "ALLOWED", rowCount: 3, purpose: "WORK_REFERENCE", purposeDetail: DETAIL, login: "health" });
      expect(ok.itemsMasked).toEqual(expect.arrayContaining(["name", "id_number", "mobile", "address"]));
      expect(ok.itemsClear).toEqual(expect.arrayContaining(["gender", "birth_date"]));
      expect(ok.itemsWithheld).toContain("photo");
      expect(ok.filters.filter).toEqual([{ item: "gender", op: "EQ" }]);
      expect(oracle).toMatchObject({ outcome: "DENIED" });
      expect(JSON.stringify(oracle)).not.toContain("欧阳");
      expect(notShared).toMatchObject({ outcome: "DENIED", resourceCode: code["公安不予共享"] });
      expect(notShared.reason).toMatch(/不予共享/);
      expect(ok.requestId).toBeTruthy();
    });

    it("shows a provider the events on its own resources only, and nobody else's", async () => {
      const r = await gw.gql(AUDIT, { first: 500 }, { as: "police" });
      expect(r.errors).toBeUndefined();
      expect(r.data.auditEvents.nodes.length).toBeGreaterThan(0);
      for (const e of r.data.auditEvents.nodes) expect(policeResources.has(e.resourceCode), e.resourceCode).toBe(true);
      const codes = new Set(r.data.auditEvents.nodes.map((e: any) => e.resourceCode));
      expect(codes.has(code["社会保险参保信息"])).toBe(false);
      for (const as of ["health", "citizen", "analyst"]) {
        expect((await gw.gql(AUDIT, {}, { as })).errors?.[0].extensions?.code, as).toBe("FORBIDDEN");
      }
      expect((await gw.gql(AUDIT, {})).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    });

    it("fails the read when the event cannot be written", async () => {
      const db = gw.testDb.database.db;
      await db.execute(sql.raw(`alter table audit_events add constraint audit_blocked check (login is distinct from 'civil') not valid`));
      try {
        const r = await read("civil", "人口基本信息", { first: 5 });
        expect(r.errors?.[0].extensions?.code).toBe("INTERNAL_SERVER_ERROR");
        expect(r.data).toBeNull();
        expect(JSON.stringify(r.body)).not.toMatch(/\d{6}\*{8}/);
      } finally {
        await db.execute(sql.raw(`alter table audit_events drop constraint audit_blocked`));
      }
    });

    it("refuses UPDATE, DELETE and TRUNCATE of events", async () => {
      const db = gw.testDb.database.db;
      for (const q of ["update audit_events set row_count = 0", "delete from audit_events", "truncate audit_events"]) {
        await expect(db.execute(sql.raw(q))).rejects.toThrow();
      }
    });

    it("verifies the chain, and finds an event changed by hand", async () => {
      const ok = await gw.gql(`{ verifyAuditChain { ok checked firstBrokenId } }`, {}, { as: "auditor" });
      expect(ok.data.verifyAuditChain.ok).toBe(true);
      expect(ok.data.verifyAuditChain.checked).toBeGreaterThan(10);
      const db = gw.testDb.database.db;
      const rows = ((await db.execute(sql`select id from audit_events order by id limit 1 offset 5`)) as any).rows as any[];
      const victim = Number(rows[0].id);
      await db.execute(sql.raw(`alter table audit_events disable trigger audit_events_no_update`));
      try {
        await db.execute(sql`update audit_events set row_count = row_count + 1 where id = ${victim}`);
      } finally {
        await db.execute(sql.raw(`alter table audit_events enable trigger audit_events_no_update`));
      }
      const broken = await gw.gql(`{ verifyAuditChain { ok firstBrokenId reason } }`, {}, { as: "coordinator" });
      expect(broken.data.verifyAuditChain.ok).toBe(false);
      expect(Number(broken.data.verifyAuditChain.firstBrokenId)).toBe(victim);
      expect((await gw.gql(`{ verifyAuditChain { ok } }`, {}, { as: "police" })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    });
  });
});
