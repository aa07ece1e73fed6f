// A real gateway as a child process: `node dist/main.js serve` as `npm start` runs it, so the child's pid is
// the Node process that serves (its RSS is the gateway's, not a wrapper's). The port is chosen
// free beforehand and readiness is /healthz answering, so it works with LOG_LEVEL=warn (the
// "ready" line is logged at info).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./postgres.js";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The node options `npm start` runs the gateway with (package.json `scripts.start`, such as the
 * young generation's size), read from there so that what is measured is what ships.
 */
export function startNodeOptions(script: string = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).scripts.start): string[] {
  const m = /^node((?:\s+--[\w-]+(?:=\S+)?)*)\s+scripts\/start\.mjs\b/.exec(script);
  if (!m) throw new Error(`package.json's start script is not "node [--options] scripts/start.mjs …": ${script}`);
  return m[1].trim().split(/\s+/).filter(Boolean);
}

/** Settings of the gateway the bench sets itself; anything else comes from the caller's environment. */
const GATEWAY_SETTINGS = [
  "DATABASE_URL", "DATA_DIR", "PORT", "HOST", "DEMO", "AUTH_JWT_SECRET", "MASKING_SECRET", "NODE_ENV", "LOG_LEVEL",
  "RATE_LIMIT_ANONYMOUS", "RATE_LIMIT_ACCOUNT", "RATE_LIMIT_DEPARTMENT", "RATE_LIMIT_VERIFY",
];

/**
 * Rate limits for capacity runs: on (every request still takes its bucket tokens, so their cost
 * is measured) but high enough never to refuse.
 */
export const HIGH_RATE_LIMITS = {
  RATE_LIMIT_ANONYMOUS: "1000000",
  RATE_LIMIT_ACCOUNT: "1000000",
  RATE_LIMIT_DEPARTMENT: "10000000",
  RATE_LIMIT_VERIFY: "1000000",
};

/** A random secret of the length the gateway requires (≥ 32 characters). */
export function randomSecret(): string {
  return randomBytes(48).toString("base64url");
}

/** pino levels by number. */
const LEVELS: Record<number, string> = { 10: "trace", 20: "debug", 30: "info", 40: "warn", 50: "error", 60: "fatal" };

export interface GatewayProcess {
  pid: number;
  port: number;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  graphqlUrl: string;
  env: Record<string, string>;
  /** Whether the process is still running. */
  alive(): boolean;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string>;
  /** Log lines by pino level (warn, error, fatal, …; "text" for lines that are not JSON). */
  logCounts: Record<string, number>;
  /** The last lines the process wrote (stdout and stderr). */
  logTail(lines?: number): string[];
  /** Lines at level error or worse (at most the first 200 kept). */
  errorLines: string[];
  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves with the exit code. */
  stop(timeoutMs?: number): Promise<number | string>;
}

export interface StartOptions {
  /** Environment of the gateway (DATABASE_URL, AUTH_JWT_SECRET, DEMO, …) on top of the caller's. */
  env: Record<string, string>;
  /** Port to listen on; default a free one. */
  port?: number;
  /** How long start-up (migrations, the demo city) may take. */
  readyTimeoutMs?: number;
  /** Extra arguments for node (e.g. --max-old-space-size=512). */
  nodeArgs?: string[];
  /**
   * Run the TypeScript sources through tsx (`node --import tsx src/main.ts`) instead of the
   * transpiled dist/ that `npm start` runs: what-if hooks patch the sources as they load.
   */
  fromSource?: boolean;
}

let built: Promise<void> | null = null;
/** dist/ as `npm start` builds it, once per bench process (about a second). */
export function buildOnce(): Promise<void> {
  built ??= new Promise<void>((resolve, reject) => {
    const p = spawn(process.execPath, ["scripts/build.mjs", "--quiet"], { cwd: REPO_ROOT, stdio: ["ignore", "inherit", "inherit"] });
    p.on("error", reject);
    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`npm run build exited with ${code}`))));
  });
  return built;
}

export async function startGateway(opts: StartOptions): Promise<GatewayProcess> {
  const port = opts.port ?? (await freePort());
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !GATEWAY_SETTINGS.includes(k)) env[k] = v;
  Object.assign(env, { HOST: "127.0.0.1", ...opts.env, PORT: String(port) });

  if (!opts.fromSource) await buildOnce();
  const entry = opts.fromSource ? ["--import", "tsx", "src/main.ts"] : ["dist/main.js"];
  const child: ChildProcess = spawn(process.execPath, [...startNodeOptions(), ...(opts.nodeArgs ?? []), ...entry, "serve"], {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (!child.pid) throw new Error("could not start the gateway process");

  const tail: string[] = [];
  const errorLines: string[] = [];
  const logCounts: Record<string, number> = {};
  const onLine = (line: string) => {
    if (!line.trim()) return;
    tail.push(line);
    if (tail.length > 200) tail.shift();
    let level = "text";
    if (line.startsWith("{")) {
      try {
        level = LEVELS[(JSON.parse(line) as { level?: number }).level ?? 0] ?? "text";
      } catch {
        /* not JSON */
      }
    }
    logCounts[level] = (logCounts[level] ?? 0) + 1;
    if ((level === "error" || level === "fatal" || level === "text") && errorLines.length < 200) errorLines.push(line);
  };
  for (const stream of [child.stdout!, child.stderr!]) {
    let buf = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf("\n")) >= 0) {
        onLine(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
      }
    });
    stream.on("end", () => buf && onLine(buf));
  }

  let exitedWith: number | string | null = null;
  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, signal) => {
      exitedWith = code ?? signal ?? "unknown";
      resolve(exitedWith);
    });
  });

  const baseUrl = `http://127.0.0.1:${port}`;
  const gateway: GatewayProcess = {
    pid: child.pid,
    port,
    baseUrl,
    graphqlUrl: `${baseUrl}/graphql`,
    env,
    alive: () => exitedWith === null,
    exited,
    logCounts,
    logTail: (n = 20) => tail.slice(-n),
    errorLines,
    async stop(timeoutMs = 20_000) {
      if (exitedWith !== null) return exitedWith;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };

  // Ready when /healthz answers; a process that exits first failed to start (its last lines say why).
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 300_000);
  for (;;) {
    if (exitedWith !== null) {
      throw new Error(`the gateway exited (${exitedWith}) during start-up:\n${tail.slice(-10).join("\n")}`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await gateway.stop(5000);
      throw new Error(`the gateway did not answer /healthz within ${opts.readyTimeoutMs ?? 300_000} ms:\n${tail.slice(-10).join("\n")}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return gateway;
}
