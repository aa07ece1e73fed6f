// SIGTERM drains (issue: production hardening): the gateway stops taking requests, lets the ones
// it has received finish with their full answers (and their audit events), closes the pool and
// exits 0. Run as `npm start` runs it in production (scripts/start.mjs: dist/ built, then served
// from the same node process), with NODE_ENV=production, where Apollo would otherwise install a
// SIGTERM handler of its own.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { signToken } from "../../src/auth/token.js";
import { openDatabase } from "../../src/db/client.js";
import { createTestDatabase, engines, type TestDatabase } from "../support/db.js";

const root = path.resolve(import.meta.dirname, "../..");
const SECRET = "shutdown-test-secret-0123456789abcdef";
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function start(env: Record<string, string>): Promise<{ p: ChildProcess; url: string; out: () => string; exited: Promise<number | null> }> {
  const port = await freePort();
  const p = spawn(process.execPath, ["scripts/start.mjs", "serve"], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", LOG_LEVEL: "info", PORT: String(port), HOST: "127.0.0.1", AUTH_JWT_SECRET: SECRET, RATE_LIMIT_ACCOUNT: "0", RATE_LIMIT_DEPARTMENT: "0", ...env },
  });
  let out = "";
  p.stdout!.on("data", (d) => (out += d));
  p.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((r) => p.on("exit", (c) => r(c)));
  cleanups.push(() => {
    if (p.exitCode === null) p.kill("SIGKILL");
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (p.exitCode !== null) throw new Error(`server exited: ${out}`);
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not become ready: ${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { p, url, out: () => out, exited };
}

const READ = `query($after: String) { records(resourceCode: "J01-002-0001", purpose: WORK_REFERENCE, purposeDetail: "（2026）江卫字第12号", first: 1000, after: $after) { totalCount nodes { key values } } }`;

describe.each(engines)("SIGTERM on %s", (engine) => {
  it("finishes the requests it has received, refuses new ones, and exits 0", async () => {
    let env: Record<string, string>;
    let testDb: TestDatabase | undefined;
    if (engine === "postgres") {
      testDb = await createTestDatabase("postgres");
      await testDb.database.close();
      env = { DATABASE_URL: testDb.url! };
      cleanups.push(() => testDb!.drop());
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cg-shutdown-"));
      cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
      env = { DATA_DIR: dir };
    }
    const server = await start(env);
    const token = await signToken("health", SECRET, 600);
    const { port } = new URL(server.url);
    // Each on a connection of its own, made before the signal (no client-side pooling).
    const post = (query: string) =>
      new Promise<{ status: number | string; body: any; at: number }>((resolve) => {
        const body = JSON.stringify({ query });
        const req = http.request(
          {
            host: "127.0.0.1",
            port,
            path: "/graphql",
            method: "POST",
            agent: false,
            headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "content-length": Buffer.byteLength(body) },
          },
          (res) => {
            let text = "";
            res.setEncoding("utf8");
            res.on("data", (c) => (text += c));
            res.on("end", () => resolve({ status: res.statusCode!, body: JSON.parse(text), at: Date.now() }));
          },
        );
        req.on("error", (e: NodeJS.ErrnoException) => resolve({ status: e.code ?? String(e), body: null, at: Date.now() }));
        req.end(body);
      });

    // A dozen 1,000-row reads keep the gateway busy for a while; SIGTERM arrives in the middle.
    const n = 12;
    const reads = Array.from({ length: n }, () => post(READ));
    await new Promise((r) => setTimeout(r, 150));
    const signalledAt = Date.now();
    server.p.kill("SIGTERM");
    // Once the listener has closed, a new connection is refused at once.
    for (let i = 0; i < 400 && !server.out().includes("listener closed"); i++) await new Promise((r) => setTimeout(r, 25));
    expect(server.out()).toContain("listener closed");
    const late = await post("{ me { login } }");
    expect(late.status).toBe("ECONNREFUSED");

    const done = await Promise.all(reads);
    for (const r of done) {
      expect(r.status).toBe(200);
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.records.nodes).toHaveLength(1000);
    }
    // The test means something only if some reads were still running when the signal came.
    expect(done.filter((r) => r.at > signalledAt).length).toBeGreaterThan(0);
    expect(await server.exited).toBe(0);
    expect(server.out()).toMatch(/"msg":"stopped"/);

    // Every answered read left its audit event (R13): nothing acknowledged was lost.
    const database =
      engine === "postgres" ? await openDatabase({ databaseUrl: env.DATABASE_URL }) : await openDatabase({ dataDir: env.DATA_DIR });
    try {
      const r = (await database.db.execute(
        sql`select count(*)::int as n from audit_events where operation = 'records' and outcome = 'ALLOWED'`,
      )) as unknown as { rows: Array<{ n: number }> };
      expect(Number(r.rows[0].n)).toBe(n);
    } finally {
      await database.close();
    }
  }, 180_000);
});
