// Rate limits (token buckets shared through the database): per anonymous address, per account,
// and a stricter one for verification; a refusal is RATE_LIMITED with HTTP 429 and Retry-After.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engines } from "../support/db.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

describe.each(engines)("rate limits on %s", (engine) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway(engine, {
      env: { RATE_LIMIT_ANONYMOUS: "5", RATE_LIMIT_ACCOUNT: "8", RATE_LIMIT_DEPARTMENT: "1000", RATE_LIMIT_VERIFY: "2" },
    });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("refuses the anonymous public past its bucket, with when to retry", async () => {
    const results = [];
    for (let i = 0; i < 7; i++) results.push(await gw.gql(`{ departments { code } }`));
    expect(results.slice(0, 5).every((r) => !r.errors)).toBe(true);
    const refused = results[5];
    expect(refused.status).toBe(429);
    expect(refused.errors?.[0].extensions?.code).toBe("RATE_LIMITED");
    expect(refused.errors?.[0].extensions?.retryAfter).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });

  it("counts each account on its own", async () => {
    const police = [];
    for (let i = 0; i < 9; i++) police.push(await gw.gql(`{ me { login } }`, {}, { as: "police" }));
    expect(police.slice(0, 8).every((r) => !r.errors)).toBe(true);
    expect(police[8].errors?.[0].extensions?.code).toBe("RATE_LIMITED");
    const health = await gw.gql(`{ me { login } }`, {}, { as: "health" });
    expect(health.data.me.login).toBe("health");
  });

  it("allows fewer verification calls than reads", async () => {
    const pop = await gw.gql(`{ resources(filter: { search: "人口基本信息" }, first: 1) { nodes { code } } }`, {}, { as: "civil" });
    const V = `query($c: String!) { verify(resourceCode: $c, purpose: DATA_VERIFICATION, purposeDetail: "核验-0001", match: { gender: "男" }) { matched } }`;
    const c = pop.data.resources.nodes[0].code;
    const r1 = await gw.gql(V, { c }, { as: "civil" });
    const r2 = await gw.gql(V, { c }, { as: "civil" });
    const r3 = await gw.gql(V, { c }, { as: "civil" });
    expect(r1.errors).toBeUndefined();
    expect(r2.errors).toBeUndefined();
    expect(r3.errors?.[0].extensions?.code).toBe("RATE_LIMITED");
    expect(r3.errors?.[0].extensions?.bucket).toBe("verify");
    expect(r3.status).toBe(429);
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    expect(metrics).toMatch(/catalog_gateway_rate_limit_refusals_total\{bucket="verify"\} 1/);
  });
});

// The account and its department are charged in the statement that loads the account (database
// buckets): the department bucket is shared by the department's accounts, and an inactive
// account is refused before anything is charged.
describe.each(engines)("department buckets on %s", (engine) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway(engine, {
      env: { RATE_LIMIT_ANONYMOUS: "1000", RATE_LIMIT_ACCOUNT: "1000", RATE_LIMIT_DEPARTMENT: "6", RATE_LIMIT_VERIFY: "100" },
    });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("shares one bucket between the accounts of a department", async () => {
    // coordinator, analyst and auditor all belong to 市政务服务和大数据管理局.
    const answers = [];
    for (const login of ["coordinator", "analyst", "coordinator", "analyst", "coordinator", "analyst"]) {
      answers.push(await gw.gql(`{ me { login } }`, {}, { as: login }));
    }
    expect(answers.every((r) => !r.errors)).toBe(true);
    const refused = await gw.gql(`{ me { login } }`, {}, { as: "auditor" });
    expect(refused.status).toBe(429);
    expect(refused.errors?.[0].extensions?.code).toBe("RATE_LIMITED");
    expect(refused.errors?.[0].extensions?.bucket).toBe("department");
    // Another department has its own bucket.
    const police = await gw.gql(`{ me { login } }`, {}, { as: "police" });
    expect(police.data?.me.login).toBe("police");
  });

  it("refuses an inactive account without charging its department", async () => {
    // retired is a deactivated account of 市公安局 (R31).
    for (let i = 0; i < 8; i++) {
      const r = await gw.gql(`{ me { login } }`, {}, { as: "retired" });
      expect(r.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    }
    const police = [];
    for (let i = 0; i < 5; i++) police.push(await gw.gql(`{ me { login } }`, {}, { as: "police" }));
    // police used one token in the test before: five more fit in the six, the sixth does not.
    expect(police.every((r) => r.data?.me.login === "police")).toBe(true);
    const sixth = await gw.gql(`{ me { login } }`, {}, { as: "police" });
    expect(sixth.errors?.[0].extensions?.bucket).toBe("department");
  });
});
