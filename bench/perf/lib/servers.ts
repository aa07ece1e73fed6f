// The three systems of the side-by-side bench as child processes on free ports: the gateway
// (bench/lib/gateway.ts, production settings, rate limits on but high), the raw ceiling
// (bench/perf/raw-server.ts) and PostGraphile 5 (bench/postgraphile/server.mjs, its own
// node_modules installed with `npm ci --prefix bench/postgraphile`).
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { HIGH_RATE_LIMITS, REPO_ROOT, startGateway } from "../../lib/gateway.js";
import { freePort } from "../../lib/postgres.js";
import type { SystemId } from "./scenarios.js";

const run = promisify(execFile);

export const POSTGRAPHILE_DIR = path.join(REPO_ROOT, "bench", "postgraphile");
export const POOL_MAX = 10;

export interface RunningSystem {
  system: SystemId;
  pid: number;
  baseUrl: string;
  stop(): Promise<unknown>;
  /** Log lines at error level or not JSON (the gateway's), for failure reports. */
  errors(): string[];
}

export interface GatewayOptions {
  databaseUrl: string;
  secret: string;
  maskingSecret: string;
  /** node arguments before the entry point (what-if hooks, --cpu-prof). */
  nodeArgs?: string[];
  env?: Record<string, string>;
  /** From the TypeScript sources through tsx rather than dist/ (what-if hooks patch the sources). */
  fromSource?: boolean;
}

export async function startGatewaySystem(o: GatewayOptions): Promise<RunningSystem> {
  const gw = await startGateway({
    env: {
      DATABASE_URL: o.databaseUrl,
      AUTH_JWT_SECRET: o.secret,
      MASKING_SECRET: o.maskingSecret,
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      DEMO: "false",
      DB_POOL_MAX: String(POOL_MAX),
      ...HIGH_RATE_LIMITS,
      ...(o.env ?? {}),
    },
    nodeArgs: o.nodeArgs,
    fromSource: o.fromSource,
  });
  return { system: "gateway", pid: gw.pid, baseUrl: gw.baseUrl, stop: () => gw.stop(), errors: () => gw.errorLines };
}

/** A node child process that is ready when `readyPath` answers anything over HTTP. */
async function startChild(
  system: SystemId,
  args: string[],
  env: Record<string, string>,
  cwd: string,
  readyPath: string,
): Promise<RunningSystem> {
  const port = await freePort();
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  for (const s of [child.stdout!, child.stderr!]) {
    s.setEncoding("utf8");
    s.on("data", (d: string) => {
      for (const l of d.split("\n")) if (l.trim() && lines.length < 200) lines.push(l);
    });
  }
  let exited: number | string | null = null;
  const exitedP = new Promise<number | string>((resolve) => child.once("exit", (code, sig) => resolve((exited = code ?? sig ?? "?"))));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (exited !== null) throw new Error(`${system} exited (${exited}) during start-up:\n${lines.slice(-10).join("\n")}`);
    try {
      await fetch(baseUrl + readyPath, { method: "POST", headers: { "content-type": "application/json" }, body: "{}", signal: AbortSignal.timeout(1000) });
      break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${system} did not start within 180 s:\n${lines.slice(-10).join("\n")}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    system,
    pid: child.pid!,
    baseUrl,
    errors: () => lines,
    async stop() {
      if (exited !== null) return exited;
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 15_000);
      const code = await exitedP;
      clearTimeout(t);
      return code;
    },
  };
}

export function startRawSystem(databaseUrl: string, maskingSecret: string): Promise<RunningSystem> {
  return startChild(
    "raw",
    ["--import", "tsx", "bench/perf/raw-server.ts"],
    { DATABASE_URL: databaseUrl, MASKING_SECRET: maskingSecret, DB_POOL_MAX: String(POOL_MAX), NODE_ENV: "production" },
    REPO_ROOT,
    "/w1",
  );
}

/** `npm ci --prefix bench/postgraphile` unless its node_modules matches its lock file already. */
export async function installPostGraphile(log: (l: string) => void): Promise<string> {
  const lock = path.join(POSTGRAPHILE_DIR, "package-lock.json");
  const installed = path.join(POSTGRAPHILE_DIR, "node_modules", ".package-lock.json");
  const fresh = fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(lock).mtimeMs;
  if (!fresh) {
    log("npm ci --prefix bench/postgraphile (PostGraphile 5, its own node_modules)…");
    await run("npm", ["ci", "--prefix", POSTGRAPHILE_DIR, "--no-audit", "--no-fund", "--loglevel=error"], { cwd: REPO_ROOT, maxBuffer: 1 << 24 });
  }
  return JSON.parse(fs.readFileSync(path.join(POSTGRAPHILE_DIR, "node_modules", "postgraphile", "package.json"), "utf8")).version;
}

/** The pgl_bench functions PostGraphile exposes (bench/postgraphile/setup.sql). */
export async function setupPostGraphileSql(databaseUrl: string): Promise<void> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    await c.query("set client_min_messages = warning");
    await c.query(fs.readFileSync(path.join(POSTGRAPHILE_DIR, "setup.sql"), "utf8"));
  } finally {
    await c.end();
  }
}

export function startPostGraphileSystem(databaseUrl: string): Promise<RunningSystem> {
  return startChild(
    "postgraphile",
    ["server.mjs"],
    { DATABASE_URL: databaseUrl, DB_POOL_MAX: String(POOL_MAX), NODE_ENV: "production" },
    POSTGRAPHILE_DIR,
    "/graphql",
  );
}

/** Versions of the gateway's GraphQL and database stack, from its node_modules. */
export function gatewayVersions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of ["graphql", "@apollo/server", "type-graphql", "graphql-shield", "drizzle-orm", "pg", "dataloader", "tsx", "autocannon"]) {
    try {
      out[p] = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules", p, "package.json"), "utf8")).version;
    } catch {
      out[p] = "?";
    }
  }
  return out;
}

export function postgraphileVersions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of ["postgraphile", "grafast", "grafserv", "@dataplan/pg", "graphql", "pg"]) {
    try {
      out[p] = JSON.parse(fs.readFileSync(path.join(POSTGRAPHILE_DIR, "node_modules", p, "package.json"), "utf8")).version;
    } catch {
      out[p] = "?";
    }
  }
  return out;
}
