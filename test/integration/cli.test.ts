// The README's promises about the command line, run as a user runs them: the embedded database
// survives restarts, the demo city is loaded once, tokens come from `token <login>`, and a bad
// setting ends start-up with one clear line.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules/.bin/tsx");
const main = path.join(root, "src/main.ts");
const dirs: string[] = [];

function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "cg-cli-"));
  dirs.push(d);
  return d;
}

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "test", LOG_LEVEL: "warn" };
  return { ...env, ...extra };
}

function run(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(tsx, [main, ...args], { cwd: root, env: baseEnv(env) });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    const t = setTimeout(() => {
      p.kill("SIGKILL");
      reject(new Error(`timed out: ${args.join(" ")}\n${stderr}`));
    }, timeoutMs);
    p.on("exit", (code) => {
      clearTimeout(t);
      resolve({ code, stdout, stderr });
    });
  });
}

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/**
 * Starts `serve`; resolves once /readyz answers 200. One node process with tsx's loader, not the
 * tsx command, so that SIGTERM reaches the gateway itself: the tsx command relays a signal to its
 * child and, when the child has not acknowledged it within 30 ms (a busy machine), kills it and
 * exits 143, which would be tsx's doing, not the gateway's.
 */
async function startServer(env: Record<string, string>) {
  const port = await freePort();
  const p = spawn(process.execPath, ["--import", "tsx", main, "serve"], { cwd: root, env: baseEnv({ ...env, PORT: String(port), HOST: "127.0.0.1" }) });
  let stderr = "";
  p.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => p.on("exit", (c) => r(c)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (p.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not become ready: ${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    async gql(query: string, token?: string) {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query }),
      });
      return res.json() as Promise<any>;
    },
    async stop() {
      p.kill("SIGTERM");
      return exited;
    },
  };
}

const oneLine = (r: Run) => r.stderr.trim().split("\n").filter((l) => !l.startsWith("{")).length === 1;

describe("the command line", () => {
  it("ends with one clear line for an unparseable DATABASE_URL", async () => {
    const r = await run(["serve"], { DATABASE_URL: "postgres//nope", AUTH_JWT_SECRET: "x".repeat(40) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/DATABASE_URL/);
    expect(oneLine(r)).toBe(true);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("ends with one clear line when PostgreSQL cannot be reached", async () => {
    const r = await run(["serve"], { DATABASE_URL: "postgres://postgres@127.0.0.1:1/catalog", AUTH_JWT_SECRET: "x".repeat(40) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot reach PostgreSQL at 127\.0\.0\.1:1/);
    expect(oneLine(r)).toBe(true);
  });

  it("ends with one clear line when the port is in use", async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await run(["serve"], { DATA_DIR: tmpDir(), PORT: String(port), HOST: "127.0.0.1", DEMO: "false" });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`port ${port} is already in use`));
      expect(oneLine(r)).toBe(true);
    } finally {
      blocker.close();
    }
  });

  it("makes a token, serves the demo city, survives a restart without loading the demo twice", async () => {
    const dataDir = tmpDir();
    // The first command loads the demo city; its log must not end up in the token (stdout).
    const tok = await run(["token", "health"], { DATA_DIR: dataDir, LOG_LEVEL: "info" });
    expect(tok.code, tok.stderr).toBe(0);
    const token = tok.stdout.trim();
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(tok.stderr).toMatch(/loaded the demo city/);

    const unknown = await run(["token", "nobody"], { DATA_DIR: dataDir });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no account with login "nobody"/);

    const COUNT = `{ me { login } departments { code } resources(first: 0) { totalCount } }`;
    let server = await startServer({ DATA_DIR: dataDir });
    const first = await server.gql(COUNT, token);
    expect(first.data.me.login).toBe("health");
    expect(first.data.departments.length).toBeGreaterThanOrEqual(8);

    // A second process on the same embedded database is refused with one line.
    const clash = await run(["token", "health"], { DATA_DIR: dataDir });
    expect(clash.code).toBe(1);
    expect(clash.stderr).toMatch(/in use by process/);

    expect(await server.stop()).toBe(0);
    server = await startServer({ DATA_DIR: dataDir });
    const second = await server.gql(COUNT, token);
    expect(second.data.me.login).toBe("health"); // the secret was kept in DATA_DIR
    expect(second.data.departments.length).toBe(first.data.departments.length);
    expect(second.data.resources.totalCount).toBe(first.data.resources.totalCount);
    const pop = await server.gql(`{ resources(filter: { search: "人口基本信息" }, first: 1) { nodes { code } } }`, token);
    const read = await server.gql(
      `{ records(resourceCode: "${pop.data.resources.nodes[0].code}", purpose: WORK_REFERENCE, purposeDetail: "CLI-0001", first: 1) { nodes { values } } }`,
      token,
    );
    expect(read.data.records.nodes[0].values.id_number).toContain("********");
    expect(await server.stop()).toBe(0);

    const audit = await run(["audit", "verify"], { DATA_DIR: dataDir });
    expect(audit.code, audit.stderr).toBe(0);
    expect(audit.stdout).toMatch(/audit chain intact: [1-9]\d* events checked/);
  }, 180_000);

  it("skips the demo city with DEMO=false", async () => {
    const server = await startServer({ DATA_DIR: tmpDir(), DEMO: "false" });
    const r = await server.gql(`{ departments { code } }`);
    expect(r.data.departments).toEqual([]);
    expect(await server.stop()).toBe(0);
  }, 120_000);
});
