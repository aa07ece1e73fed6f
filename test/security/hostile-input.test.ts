// Hostile input, on both engines. Part 1 is generated from the schema: every String, ID and JSON
// argument of every root field — and every such field of its input objects — is sent SQL
// fragments, LIKE wildcards, JSON tricks, Unicode tricks and 100 kB strings, as the coordinator,
// as the anonymous public and (for queries and data intake) as a provider department. No answer
// may be a 5xx or INTERNAL_SERVER_ERROR, carry a stack trace, SQL text or a file path; a string
// PostgreSQL cannot hold (U+0000, a lone surrogate) or an id that is not a key is BAD_USER_INPUT
// (src/server/input-hygiene.ts); the tables and the audit chain are intact afterwards.
// Part 2 is the HTTP surface: bodies, content types (CSRF-shaped requests), methods, documents
// and headers. Request depth, alias, directive, cost and token limits are in limits.test.ts;
// malformed JSON, the 1 MB limit, batching and GET with a preflight header in
// test/integration/server.test.ts.
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
} from "graphql";
import { buildBareSchema } from "../../src/server/schema.js";
import { engines } from "../support/db.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { assertClean, HOSTILE } from "./hostile-values.js";

const POP = "J01-002-0001"; // 人口基本信息, 市公安局
const POLICE_COND = "B04-002-0001"; // 机动车登记信息, 市公安局

// ---- arguments from the schema ------------------------------------------------------------------

type Step = string | 0;
interface Slot {
  field: string;
  operation: "query" | "mutation";
  path: Step[];
  types: GraphQLInputType[];
  leaf: string;
}

const STRING_DEFAULTS: Record<string, string> = {
  resourceCode: POP, code: POP, purposeDetail: "安全测试-0001", reason: "安全测试理由说明", description: "安全测试情况说明",
  note: "安全测试核实说明", answer: "安全测试答复说明", title: "安全测试需求", scope: "安全测试使用范围", purpose: "安全测试使用目的",
  recordKey: "k-0001", item: "gender", items: "gender", clearItems: "gender", value: "男", values: "男", search: "人口",
  theme: "社会保障", date: "2099-01-01", workdays: "2099-01-02", name: "安全测试", summary: "安全测试摘要说明",
  document: '{"@type":"dcat:Catalog"}', url: "https://example.invalid/catalog.jsonld", login: "health", outcome: "DENIED",
};
const INT_DEFAULTS: Record<string, number> = { year: 2099, first: 5, length: 20 };
const ENUM_DEFAULTS: Record<string, string> = {
  UsePurpose: "WORK_REFERENCE", Decision: "REJECT", ReviewDecision: "RETURN", FilterOp: "EQ", DataType: "C",
  Sensitivity: "L1", MaskingStrategy: "NONE",
};
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

function baseValue(t: GraphQLInputType, name: string, ctx: { policeDept: string; personId: string }): unknown {
  if (isNonNullType(t)) return baseValue(t.ofType, name, ctx);
  if (isListType(t)) return [baseValue(t.ofType, name, ctx)];
  if (isEnumType(t)) return ENUM_DEFAULTS[t.name] ?? t.getValues()[0].value;
  if (isInputObjectType(t)) {
    const o: Record<string, unknown> = {};
    for (const f of Object.values(t.getFields())) if (isNonNullType(f.type)) o[f.name] = baseValue(f.type, f.name, ctx);
    return o;
  }
  switch ((t as { name: string }).name) {
    case "String":
      return name === "departmentCode" ? ctx.policeDept : STRING_DEFAULTS[name] ?? "安全测试";
    case "ID":
      return "1";
    case "Int":
      return INT_DEFAULTS[name] ?? 1;
    case "Float":
      return 1;
    case "Boolean":
      return false;
    case "DateTimeISO":
      return name === "validUntil" ? inDays(30) : name === "to" ? "2027-01-01T00:00:00Z" : "2026-01-01T00:00:00Z";
    case "JSONObject":
      return name === "rows" ? { owner_id_number: ctx.personId, vehicle_type: "小型轿车" } : { gender: "男" };
    case "JSON":
      return "安全测试";
    default:
      return "安全测试";
  }
}

function slotsOf(t: GraphQLInputType, path: Step[], types: GraphQLInputType[], depth: number, out: Array<Pick<Slot, "path" | "types" | "leaf">>) {
  const n = getNullableType(t) as GraphQLInputType;
  if (isListType(n)) return slotsOf(n.ofType, [...path, 0], [...types, n.ofType], depth, out);
  if (isInputObjectType(n)) {
    if (depth > 3) return;
    for (const f of Object.values(n.getFields())) slotsOf(f.type, [...path, f.name], [...types, f.type], depth + 1, out);
    return;
  }
  if (isScalarType(n) && ["String", "ID", "JSON", "JSONObject"].includes(n.name)) out.push({ path, types, leaf: n.name });
}

/** Arguments of a field with `value` at the slot; the rest are the valid-looking defaults. */
function argsWith(field: GraphQLField<unknown, unknown>, slot: Slot | null, value: string, variant: "value" | "key", ctx: { policeDept: string; personId: string }) {
  const args: Record<string, unknown> = {};
  for (const a of field.args) if (isNonNullType(a.type)) args[a.name] = baseValue(a.type, a.name, ctx);
  if (!slot) return args;
  let holder: any = args;
  for (let i = 0; i < slot.path.length - 1; i++) {
    const k = slot.path[i];
    const name = typeof k === "string" ? k : String(slot.path[i - 1]);
    if (holder[k] === undefined || holder[k] === null) holder[k] = baseValue(slot.types[i], name, ctx);
    holder = holder[k];
  }
  const last = slot.path[slot.path.length - 1];
  if (slot.leaf === "JSONObject") {
    const base = (holder[last] as Record<string, unknown>) ?? baseValue(slot.types[slot.types.length - 1], String(slot.path[0]), ctx);
    const [k0] = Object.keys(base as object);
    holder[last] = variant === "key" ? { ...(base as object), [value]: "x" } : { ...(base as object), [k0 === "owner_id_number" ? "vehicle_type" : k0]: value };
  } else {
    holder[last] = value;
  }
  return args;
}

function operationFor(kind: "query" | "mutation", field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): string {
  const used = field.args.filter((a) => args[a.name] !== undefined);
  const defs = used.map((a) => `$${a.name}: ${a.type.toString()}`).join(", ");
  const call = used.map((a) => `${a.name}: $${a.name}`).join(", ");
  const sel = isCompositeType(getNamedType(field.type)) ? "{ __typename }" : "";
  return `${kind} Hostile${defs ? `(${defs})` : ""} { f: ${field.name}${call ? `(${call})` : ""} ${sel} }`;
}

describe.each(engines)("hostile input on %s", (engine) => {
  let gw: TestGateway;
  let ctx: { policeDept: string; personId: string };
  const count = async (table: string) =>
    Number((((await gw.testDb.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as any).rows[0].n));

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    const d = await gw.gql(`{ departments { code name } }`);
    const person = ((await gw.testDb.database.db.execute(
      sql`select r.key from records r join resources x on x.id = r.resource_id where x.code = ${POLICE_COND} order by r.key limit 1`,
    )) as any).rows[0].key as string;
    ctx = { policeDept: d.data.departments.find((x: any) => x.name === "市公安局").code, personId: person };
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("answers every hostile string in every argument without a 5xx, a leak or a change to the tables", async () => {
    const schema = await buildBareSchema();
    const slots: Slot[] = [];
    const fields: Array<[Slot["operation"], GraphQLField<unknown, unknown>]> = [
      ...Object.values(schema.getQueryType()!.getFields()).map((f) => ["query", f] as [Slot["operation"], GraphQLField<unknown, unknown>]),
      ...Object.values(schema.getMutationType()!.getFields()).map((f) => ["mutation", f] as [Slot["operation"], GraphQLField<unknown, unknown>]),
    ];
    for (const [operation, f] of fields) {
      for (const a of f.args) {
        const out: Array<Pick<Slot, "path" | "types" | "leaf">> = [];
        slotsOf(a.type, [a.name], [a.type], 0, out);
        for (const s of out) slots.push({ field: f.name, operation, ...s });
      }
    }
    // Sanity: the generator reaches nested input fields and JSON arguments.
    const names = new Set(slots.map((s) => `${s.field}.${s.path.join(".")}`));
    for (const p of ["records.filter.0.value", "resources.filter.search", "createResourceDraft.input.items.0.name", "upsertRecords.rows.0", "verify.match", "submitShareRequest.input.purposeDetail"]) {
      expect(names, p).toContain(p);
    }
    const fieldOf = new Map(fields.map(([, f]) => [f.name, f]));

    const before = { records: await count("records"), resources: await count("resources"), items: await count("data_items") };
    const outcomes: Record<string, number> = {};
    let n = 0;
    const started = Date.now();
    for (const slot of slots) {
      const f = fieldOf.get(slot.field)!;
      // Providers reach deeper into queries and data intake (their own rows, filters on them).
      const viewers: Array<string | undefined> = ["coordinator", undefined];
      if (slot.operation === "query" || slot.field === "upsertRecords") viewers.push("police");
      const variants: Array<"value" | "key"> = slot.leaf === "JSONObject" ? ["value", "key"] : ["value"];
      for (const h of HOSTILE) {
        for (const variant of variants) {
          const args = argsWith(f, slot, h.value, variant, ctx);
          const query = operationFor(slot.operation, f, args);
          for (const as of viewers) {
            // The 100 kB values once, as the coordinator: they are about size, not about who asks.
            if (h.value.length > 10_000 && as !== "coordinator") continue;
            // Anonymous mutations stop at sign-in (after the argument checks and the audit write):
            // the values PostgreSQL cannot hold and the SQL fragments are enough there.
            if (as === undefined && slot.operation === "mutation" && !h.unholdable && !h.label.startsWith("sql")) continue;
            const label = `${slot.field}(${slot.path.join(".")}${variant === "key" ? " key" : ""}) = ${h.label} as ${as ?? "anonymous"}`;
            const r = await gw.gql(query, args, { as });
            assertClean(label, r);
            const code = (r.errors?.[0]?.extensions?.code as string) ?? "ok";
            if (h.unholdable && slot.leaf !== "ID") expect(code, label).toBe("BAD_USER_INPUT");
            if (slot.leaf === "ID") expect(code, label).toBe("BAD_USER_INPUT"); // no hostile string is an id
            outcomes[code] = (outcomes[code] ?? 0) + 1;
            n++;
          }
        }
      }
    }
    console.log(`hostile input on ${engine}: ${slots.length} argument slots, ${n} requests in ${((Date.now() - started) / 1000).toFixed(1)} s:`, JSON.stringify(outcomes));
    expect(n).toBeGreaterThan(slots.length * HOSTILE.length);
    expect(outcomes.INTERNAL_SERVER_ERROR).toBeUndefined();

    // Nothing was dropped, inserted or deleted by any of it, and the audit chain still verifies
    // although hostile strings were written into it.
    expect({ records: await count("records"), resources: await count("resources"), items: await count("data_items") }).toEqual(before);
    const chain = await gw.gql(`{ verifyAuditChain { ok checked firstBrokenId reason } }`, {}, { as: "auditor" });
    expect(chain.data.verifyAuditChain, JSON.stringify(chain.data)).toMatchObject({ ok: true });
    expect(chain.data.verifyAuditChain.checked).toBeGreaterThan(100);
  }, 600_000);

  it("takes LIKE wildcards as plain characters in catalog search and record filters", async () => {
    const search = async (s: string) =>
      (await gw.gql(`query($s: String!) { resources(filter: { search: $s }) { totalCount } }`, { s }, { as: "health" })).data.resources.totalCount;
    expect(await search("人口")).toBeGreaterThan(0);
    for (const w of ["%", "_", "%%", "人%", "人_", "%口", "\\"]) expect(await search(w), w).toBe(0);
    const R = `query($op: FilterOp!, $v: String) { records(resourceCode: "${POP}", purpose: WORK_REFERENCE, purposeDetail: "通配符测试-0001", filter: [{ item: "id_number", op: $op, value: $v }], first: 1) { totalCount } }`;
    const total = async (op: string, v: string) => {
      const r = await gw.gql(R, { op, v }, { as: "police" });
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      return r.data.records.totalCount as number;
    };
    expect(await total("PREFIX", "3612")).toBeGreaterThan(0);
    for (const w of ["%", "_", "%%", "3612%", "_612", "' OR 1=1 --"]) {
      expect(await total("PREFIX", w), `PREFIX ${w}`).toBe(0);
      expect(await total("EQ", w), `EQ ${w}`).toBe(0);
    }
  });

  it("refuses ids that are not keys, and NUL or lone surrogates written inline in the document", async () => {
    for (const id of ["abc", "1.5", "-1", "99999999999", "1e3", " 1", "0x10", ""]) {
      const r = await gw.gql(`mutation($id: ID!) { revokeGrant(id: $id, reason: "测试撤销理由") { id } }`, { id }, { as: "coordinator" });
      assertClean(`id ${id}`, r);
      expect(r.errors?.[0].extensions?.code, `id ${JSON.stringify(id)}`).toBe("BAD_USER_INPUT");
    }
    const ok = await gw.gql(`mutation { markNotificationsRead(ids: [1, "2"]) }`, {}, { as: "coordinator" });
    expect(ok.errors).toBeUndefined();
    for (const lit of [`"J01\\u0000"`, `"a\\u0000"`, `"""block \u0000"""`]) {
      const r = await gw.gql(`{ resource(code: ${lit}) { code } }`);
      assertClean(lit, r);
      expect(["BAD_USER_INPUT", "GRAPHQL_PARSE_FAILED"], lit).toContain(r.errors?.[0].extensions?.code);
    }
    const r = await gw.gql(`{ resource(code: "a\\ud800") { code } }`);
    assertClean("inline lone surrogate", r);
    expect(r.status).toBe(400);
  });
});

// ---- the HTTP surface --------------------------------------------------------------------------

/** One raw request over a socket: what a browser or curl cannot send (two Authorization headers). */
function raw(port: number, request: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, "127.0.0.1", () => s.end(request));
    let data = "";
    s.setEncoding("utf8");
    s.on("data", (c) => (data += c));
    s.on("end", () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0), text: data }));
    s.on("error", reject);
    s.setTimeout(10_000, () => s.destroy(new Error("timeout")));
  });
}

describe("the HTTP surface under hostile requests", () => {
  let gw: TestGateway;
  let port: number;
  const MUTATION = `mutation { recordDutyChange(departmentCode: "%DEPT%", description: "跨站请求伪造测试职责变更") { id } }`;
  let mutation = "";
  const duties = async () => Number((((await gw.testDb.database.db.execute(sql`select count(*)::int as n from duty_changes`)) as any).rows[0].n));
  const post = async (body: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${gw.url}/graphql`, { method: "POST", headers, body });
    const text = await res.text();
    return { status: res.status, text, body: text };
  };

  beforeAll(async () => {
    gw = await startTestGateway(engines[0]);
    port = Number(new URL(gw.url).port);
    const d = await gw.gql(`{ departments { code name } }`);
    mutation = MUTATION.replace("%DEPT%", d.data.departments.find((x: any) => x.name === "市公安局").code);
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("refuses JSON bodies that are not an operation object, with 400", async () => {
    const json = { "content-type": "application/json" };
    for (const body of ["123", "null", '"{ me { login } }"', "true", "{}", '{"query": 123}', '{"query": {"a": 1}}', '{"query": ["{ me { login } }"]}',
      '{"query": "{ me { login } }", "variables": "x"}', '{"query": "{ me { login } }", "variables": [1]}', '{"query": "{ me { login } }", "variables": 5}',
      '{"query": "{ me { login } }", "operationName": 5}', '{"query": "{ me { login } }", "extensions": "x"}']) {
      const r = await post(body, json);
      assertClean(body, r);
      expect(r.status, `${body}: ${r.text.slice(0, 200)}`).toBe(400);
    }
    // Automatic persisted queries are off: a hash is refused (Apollo answers that protocol with 200).
    const apq = await post('{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}}', json);
    assertClean("apq", apq);
    expect(JSON.parse(apq.text).errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_SUPPORTED");
    expect(JSON.parse(apq.text).data).toBeUndefined();
  });

  it("refuses an unknown operationName, and several operations without one", async () => {
    const two = `query A { me { login } } query B { departments { code } }`;
    for (const [q, op] of [[`query A { me { login } }`, "Nope"], [two, undefined], [two, "__proto__"]] as const) {
      const r = await post(JSON.stringify({ query: q, operationName: op }), { "content-type": "application/json" });
      assertClean(`operationName ${op}`, r);
      expect(r.status).toBe(400);
      expect(JSON.parse(r.text).data).toBeUndefined();
    }
    const ok = await post(JSON.stringify({ query: two, operationName: "B" }), { "content-type": "application/json" });
    expect(JSON.parse(ok.text).data.departments.length).toBeGreaterThan(5);
  });

  it("refuses CSRF-shaped simple requests before executing them: the mutation changes nothing", async () => {
    const auth = { authorization: `Bearer ${await gw.token("coordinator")}` };
    const before = await duties();
    const body = JSON.stringify({ query: mutation });
    const form = new URLSearchParams({ query: mutation }).toString();
    for (const [type, b] of [
      ["text/plain", body],
      ["text/plain;charset=UTF-8", body],
      ["application/x-www-form-urlencoded", form],
      ["multipart/form-data; boundary=x", `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n${mutation}\r\n--x--\r\n`],
    ]) {
      const r = await post(b, { ...auth, "content-type": type });
      assertClean(type, r);
      expect(r.status, `${type}: ${r.text.slice(0, 200)}`).toBe(400);
    }
    // No content type at all is a simple request too.
    const none = await raw(port, `POST /graphql HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth.authorization}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    expect(none.status).toBe(400);
    expect(await duties()).toBe(before);
    // The same mutation as JSON does run: the refusals above were about the request's shape.
    const ok = await post(body, { ...auth, "content-type": "application/json" });
    expect(JSON.parse(ok.text).errors).toBeUndefined();
    expect(await duties()).toBe(before + 1);
  });

  it("refuses mutations over GET, changing nothing, and answers queries over GET", async () => {
    const auth = { authorization: `Bearer ${await gw.token("coordinator")}` };
    const before = await duties();
    const url = `${gw.url}/graphql?query=${encodeURIComponent(mutation)}`;
    const simple = await fetch(url, { headers: auth }); // no preflight header: CSRF prevention
    expect(simple.status).toBe(400);
    const preflighted = await fetch(url, { headers: { ...auth, "apollo-require-preflight": "true" } });
    expect(preflighted.status).toBe(405);
    assertClean("GET mutation", { status: preflighted.status, body: await preflighted.text() });
    expect(await duties()).toBe(before);
    const q = `query One($c: String!) { resource(code: $c) { code } }`;
    const get = await fetch(`${gw.url}/graphql?query=${encodeURIComponent(q)}&variables=${encodeURIComponent(JSON.stringify({ c: "Z08-010-0001" }))}&operationName=One`, {
      headers: { "apollo-require-preflight": "true" },
    });
    expect(get.status).toBe(200);
    expect(((await get.json()) as any).data.resource.code).toBe("Z08-010-0001");
    const badVars = await fetch(`${gw.url}/graphql?query=${encodeURIComponent(q)}&variables=%7Bnot-json`, { headers: { "apollo-require-preflight": "true" } });
    expect(badVars.status).toBe(400);
  });

  it("answers other methods with 405 and an Allow header", async () => {
    for (const method of ["PUT", "DELETE", "PATCH"]) {
      const res = await fetch(`${gw.url}/graphql`, { method, headers: { "content-type": "application/json" }, body: JSON.stringify({ query: mutation }) });
      expect(res.status, method).toBe(405);
      expect(res.headers.get("allow")).toBe("GET, POST");
    }
    const trace = await raw(port, `TRACE /graphql HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(trace.status).toBe(405);
  });

  it("refuses an oversized body sent in chunks, without a length (the declared-length case is in server.test.ts)", async () => {
    const res = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${gw.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked" } }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.on("error", reject); // a reset connection instead of an answer fails the test
      const chunk = "x".repeat(64 * 1024);
      let sent = 0;
      const write = () => {
        while (sent < 2 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return req.once("drain", write);
        }
        req.end();
      };
      req.write(`{"query": "{ me { login } } #`);
      write();
    });
    expect(res).toBe(413);
    expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
  });

  it("survives fragment cycles, a fragment spread 1000 times and deeply nested lists", async () => {
    const cyc = await gw.gql(`{ resources { nodes { ...A } } } fragment A on Resource { relatedResources { ...B } } fragment B on Resource { relatedResources { ...A } }`);
    assertClean("cycle", cyc);
    expect(cyc.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    const self = await gw.gql(`{ me { ...S } } fragment S on Account { login ...S }`);
    expect(self.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");

    let t = Date.now();
    const spread = await gw.gql(`{ me { ${"...F ".repeat(1000)} } } fragment F on Account { login name department { name } }`, {}, { as: "health" });
    assertClean("spread", spread);
    expect(spread.data?.me?.login).toBe("health");
    expect(Date.now() - t).toBeLessThan(5000);

    // Lists nested 2,000 deep in the document (under the token limit) and 100,000 deep in variables.
    t = Date.now();
    const deepDoc = await gw.gql(`{ resources(filter: { search: ${"[".repeat(2000)}"x"${"]".repeat(2000)} }) { totalCount } }`);
    assertClean("deep literal", deepDoc);
    expect(deepDoc.status).toBe(400);
    const deep = "[".repeat(100_000) + '"x"' + "]".repeat(100_000);
    for (const [q, v] of [
      [`query($v: [String!]) { records(resourceCode: "${POP}", purpose: WORK_REFERENCE, purposeDetail: "嵌套测试-0001", items: $v) { totalCount } }`, "v"],
      [`query($v: JSONObject!) { verify(resourceCode: "${POP}", purpose: DATA_VERIFICATION, purposeDetail: "嵌套测试-0001", match: $v) { matched } }`, "v"],
      [`mutation($v: [JSONObject!]!) { upsertRecords(resourceCode: "${POLICE_COND}", rows: $v) { inserted } }`, "v"],
      [`mutation($v: JSON) { resolveObjection(id: "1", correct: true, note: "嵌套测试", value: $v) { id } }`, "v"],
    ] as const) {
      const body = `{"query": ${JSON.stringify(q)}, "variables": {"${v}": {"a": ${deep}}}}`;
      const r = await post(body, { "content-type": "application/json", authorization: `Bearer ${await gw.token("police")}` });
      assertClean(`deep variables ${q.slice(0, 40)}`, r);
      const listBody = `{"query": ${JSON.stringify(q)}, "variables": {"${v}": ${deep}}}`;
      assertClean(`deep list variables ${q.slice(0, 40)}`, await post(listBody, { "content-type": "application/json", authorization: `Bearer ${await gw.token("police")}` }));
    }
    expect(Date.now() - t).toBeLessThan(20_000);
    expect((await gw.gql(`{ me { login } }`, {}, { as: "health" })).data.me.login).toBe("health");
  });

  it("refuses hostile Authorization headers: 100 kB, garbage after Bearer, two of them", async () => {
    const me = JSON.stringify({ query: "{ me { login } }" });
    const huge = await raw(port, `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer ${"a".repeat(100_000)}\r\nContent-Length: ${me.length}\r\nConnection: close\r\n\r\n${me}`);
    expect(huge.status).toBe(431); // Node's header limit answers before the gateway sees it
    for (const h of ["Bearer ' OR 1=1 --", "Bearer {\"$ne\":null}", "Bearer eyJhbGciOiJub25lIn0.e30.", "Bearer a.b.c", "Bearer ..", "Bearer\tx.y.z", `Bearer ${"A".repeat(8000)}.${"B".repeat(100)}.c`]) {
      const r = await post(me, { "content-type": "application/json", authorization: h });
      assertClean(h.slice(0, 30), r);
      expect(r.status, h.slice(0, 30)).toBe(401);
      expect(JSON.parse(r.text).errors[0].extensions.code).toBe("UNAUTHENTICATED");
    }
    // Two Authorization headers are ambiguous: refused whichever order, never one picked silently.
    const good = `Bearer ${await gw.token("coordinator")}`;
    for (const [a, b] of [[good, "Bearer x.y.z"], ["Bearer x.y.z", good], [good, good]]) {
      const r = await raw(port, `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: ${a}\r\nAuthorization: ${b}\r\nContent-Length: ${me.length}\r\nConnection: close\r\n\r\n${me}`);
      expect(r.status, r.text.slice(0, 300)).toBe(401);
      expect(r.text).toContain("UNAUTHENTICATED");
      expect(r.text).not.toContain('"login":"coordinator"');
    }
    expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
  });
});
