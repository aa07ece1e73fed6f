// Identity (R31): bearer tokens, the viewer, and every way a token can be wrong.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SignJWT, UnsecuredJWT } from "jose";
import { sql } from "drizzle-orm";
import { signToken, TOKEN_AUDIENCE, TOKEN_ISSUER } from "../../src/auth/token.js";
import { engines } from "../support/db.js";
import { startTestGateway, TEST_SECRET, type TestGateway } from "../support/gateway.js";

const ME = `{ me { login name roles department { code name } } }`;

describe.each(engines)("identity on %s", (engine) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway(engine);
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("answers me = null for the anonymous public", async () => {
    const r = await gw.gql(ME);
    expect(r.status).toBe(200);
    expect(r.data).toEqual({ me: null });
  });

  it.each([
    ["coordinator", "市政务服务和大数据管理局", ["COORDINATOR"]],
    ["auditor", "市政务服务和大数据管理局", ["AUDITOR"]],
    ["analyst", "市政务服务和大数据管理局", ["ANALYST"]],
    ["police", "市公安局", ["PROVIDER"]],
    ["market", "市市场监督管理局", ["PROVIDER"]],
    ["hrss", "市人力资源和社会保障局", ["PROVIDER", "CONSUMER"]],
    ["health", "市卫生健康委员会", ["CONSUMER"]],
    ["civil", "市民政局", ["PROVIDER", "CONSUMER"]],
  ])("knows %s of %s as %j", async (login, dept, roles) => {
    const r = await gw.gql(ME, {}, { as: login });
    expect(r.errors).toBeUndefined();
    expect(r.data.me.login).toBe(login);
    expect(r.data.me.name).toMatch(/^\p{Script=Han}{2,4}$/u);
    expect(r.data.me.department.name).toBe(dept);
    expect(r.data.me.department.code).toMatch(/^[0-9A-HJ-NPQRTUWXY]{18}$/);
    expect([...r.data.me.roles].sort()).toEqual([...roles].sort());
  });

  it("knows a citizen, who has no department", async () => {
    const r = await gw.gql(ME, {}, { as: "citizen" });
    expect(r.data.me).toMatchObject({ login: "citizen", roles: ["PUBLIC_USER"], department: null });
  });

  const refused = async (authorization: string) => {
    const r = await gw.gql(ME, {}, { authorization });
    expect(r.status, authorization.slice(0, 40)).toBe(401);
    expect(r.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    expect(r.data).toBeUndefined();
    return r;
  };

  it("refuses a token signed with another secret", async () => {
    await refused(`Bearer ${await signToken("coordinator", "a-forged-secret-that-is-long-enough-0123", 3600)}`);
  });

  it("refuses an expired token and says it expired", async () => {
    const r = await refused(`Bearer ${await signToken("health", TEST_SECRET, 60, new Date(Date.now() - 7200_000))}`);
    expect(r.errors![0].message).toMatch(/过期|expired/);
  });

  it("refuses alg: none", async () => {
    const t = new UnsecuredJWT({}).setSubject("coordinator").setIssuer(TOKEN_ISSUER).setAudience(TOKEN_AUDIENCE)
      .setIssuedAt().setExpirationTime("1h").encode();
    await refused(`Bearer ${t}`);
  });

  it("refuses a token for a login that does not exist", async () => {
    await refused(`Bearer ${await signToken("nobody", TEST_SECRET, 3600)}`);
  });

  it("refuses a deactivated account, and an account deactivated after its token was issued", async () => {
    await refused(`Bearer ${await signToken("retired", TEST_SECRET, 3600)}`);
    const t = await signToken("civil", TEST_SECRET, 3600);
    expect((await gw.gql(ME, {}, { authorization: `Bearer ${t}` })).data.me.login).toBe("civil");
    await gw.testDb.database.db.execute(sql`update accounts set active = false where login = 'civil'`);
    try {
      await refused(`Bearer ${t}`);
    } finally {
      await gw.testDb.database.db.execute(sql`update accounts set active = true where login = 'civil'`);
    }
  });

  it("refuses malformed Authorization headers", async () => {
    for (const h of ["Bearer", "Basic dXNlcjpwYXNz", "Bearer not.a.jwt.at.all", "token abc", `Bearer ${"a".repeat(5000)}`]) {
      await refused(h);
    }
  });

  it("refuses a token with a tampered subject", async () => {
    const key = new TextEncoder().encode("another-secret-of-sufficient-length-000");
    const t = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("coordinator")
      .setIssuer(TOKEN_ISSUER).setAudience(TOKEN_AUDIENCE).setIssuedAt().setExpirationTime("1h").sign(key);
    await refused(`Bearer ${t}`);
  });
});
