// A real gateway over a fresh test database with the demo city, spoken to over HTTP as a
// front-end would. One per test file and engine.
import { pino } from "pino";
import { loadConfig } from "../../src/config.js";
import { signToken } from "../../src/auth/token.js";
import { loadDemoCity } from "../../src/demo/load.js";
import { createGateway, type Gateway } from "../../src/server/http.js";
import { createTestDatabase, type Engine, type TestDatabase } from "./db.js";

export const TEST_SECRET = "test-secret-for-the-catalog-gateway-0123456789";

export interface GqlResult<T = any> {
  status: number;
  headers: Headers;
  data?: T;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
  body: any;
}

export interface TestGateway {
  engine: Engine;
  url: string;
  testDb: TestDatabase;
  gateway: Gateway;
  /** A valid token for a login of the demo city. */
  token(login: string, ttlSeconds?: number): Promise<string>;
  /** POSTs an operation; `as` is a login (a token is made for it) or a raw Authorization header. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, opts?: { as?: string; authorization?: string }): Promise<GqlResult<T>>;
  /** Counts the SQL statements drizzle sends while fn runs. */
  countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }>;
  close(): Promise<void>;
}

export async function startTestGateway(engine: Engine, opts: { demo?: boolean; env?: Record<string, string> } = {}): Promise<TestGateway> {
  const testDb = await createTestDatabase(engine);
  if (opts.demo !== false) await loadDemoCity(testDb.database.db);
  // Suites make many requests from one address; rate limits are tested on their own.
  const relaxed = { RATE_LIMIT_ANONYMOUS: "0", RATE_LIMIT_ACCOUNT: "0", RATE_LIMIT_DEPARTMENT: "0", RATE_LIMIT_VERIFY: "0" };
  // Every operation is compiled on its first run, so the suites check the compiled executor
  // (src/server/executor.ts); GRAPHQL_COMPILE_AFTER=0 in opts.env keeps graphql-js.
  const config = { ...loadConfig({ NODE_ENV: "test", GRAPHQL_COMPILE_AFTER: "1", ...relaxed, ...opts.env }), jwtSecret: TEST_SECRET };
  const gateway = await createGateway({
    config,
    database: testDb.database,
    jwtSecret: TEST_SECRET,
    log: pino({ level: process.env.TEST_LOG_LEVEL || "silent" }),
  });
  const port = await gateway.listen(0, "127.0.0.1");
  const url = `http://127.0.0.1:${port}`;
  const tokens = new Map<string, string>();
  const token = async (login: string, ttl = 3600) => {
    if (ttl !== 3600) return signToken(login, TEST_SECRET, ttl);
    if (!tokens.has(login)) tokens.set(login, await signToken(login, TEST_SECRET, ttl));
    return tokens.get(login)!;
  };
  return {
    engine,
    url,
    testDb,
    gateway,
    token,
    async gql(query, variables, o = {}) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (o.authorization !== undefined) headers.authorization = o.authorization;
      else if (o.as) headers.authorization = `Bearer ${await token(o.as)}`;
      const res = await fetch(`${url}/graphql`, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
      const text = await res.text();
      let body: any;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      return { status: res.status, headers: res.headers, data: body?.data, errors: body?.errors, body };
    },
    async countStatements(fn) {
      const statements: string[] = [];
      const l = (s: string) => statements.push(s);
      testDb.database.onStatement.add(l);
      try {
        const result = await fn();
        return { result, statements };
      } finally {
        testDb.database.onStatement.delete(l);
      }
    },
    async close() {
      await gateway.stop();
      await testDb.drop();
    },
  };
}
