// PostgreSQL for bench runs: a throw-away database on an existing server (the system one by
// default), or a private cluster of its own (initdb + pg_ctl in a temporary directory) that a
// fault run may crash and restart without touching anybody else's server.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

/** The server bench databases are created on (BENCH_DATABASE_URL, default the local server). */
export const ADMIN_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";

/** The URL of another database on the same server. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs one statement on a fresh connection and closes it. */
export async function query<T = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end().catch(() => {});
  }
}

export async function serverVersion(url: string): Promise<string> {
  const [row] = await query<{ server_version: string }>(url, "show server_version");
  return row.server_version;
}

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database named `<prefix>_<time>_<random>` on the server of `adminUrl`. */
export async function createDatabase(adminUrl: string = ADMIN_URL, prefix = "cg_bench"): Promise<BenchDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  await query(adminUrl, `create database ${name}`);
  return {
    name,
    url: withDatabase(adminUrl, name),
    async drop() {
      await query(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

/** Whether a new connection to `url` succeeds within `timeoutMs`. */
export async function accepts(url: string, timeoutMs = 1000): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Polls until the server accepts a connection; resolves with the instant (ms since epoch) it did. */
export async function waitUntilAccepting(url: string, opts: { timeoutMs?: number; intervalMs?: number } = {}): Promise<number> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (await accepts(url, 1000)) return Date.now();
    if (Date.now() > deadline) throw new Error(`PostgreSQL at ${new URL(url).host} did not accept connections in time`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 50));
  }
}

/** A TCP port nobody listens on right now (the kernel's choice). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Where initdb and pg_ctl live: PG_BIN, else the newest /usr/lib/postgresql/<n>/bin. */
export function postgresBinDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root)
    ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))
    : [];
  for (const v of versions) {
    const dir = path.join(root, v, "bin");
    if (fs.existsSync(path.join(dir, "pg_ctl"))) return dir;
  }
  throw new Error("no PostgreSQL server binaries found (install postgresql, or set PG_BIN to the directory of pg_ctl)");
}

/**
 * A PostgreSQL cluster of its own in a temporary directory, on its own port, listening on
 * 127.0.0.1 and a socket in the directory, trust authentication. PostgreSQL refuses to run as
 * root: as root, every server command runs as the `postgres` operating-system user.
 */
export class PrivateCluster {
  readonly dataDir: string;
  readonly logFile: string;

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
    private readonly osUser: string | null,
  ) {
    this.dataDir = path.join(dir, "data");
    this.logFile = path.join(dir, "postgres.log");
  }

  /** initdb into a new temporary directory (a few seconds). Call remove() when done. */
  static async create(opts: { port?: number; osUser?: string } = {}): Promise<PrivateCluster> {
    const bin = postgresBinDir();
    const asRoot = process.getuid?.() === 0;
    const osUser = asRoot ? (opts.osUser ?? "postgres") : null;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cg-bench-pg-"));
    if (osUser) {
      const { stdout } = await run("id", ["-u", osUser]);
      const { stdout: gid } = await run("id", ["-g", osUser]);
      fs.chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
    }
    const cluster = new PrivateCluster(dir, opts.port ?? (await freePort()), bin, osUser);
    try {
      await cluster.exec("initdb", ["-D", cluster.dataDir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"]);
    } catch (e) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    return cluster;
  }

  url(database = "postgres"): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  private exec(tool: string, args: string[]) {
    const file = path.join(this.bin, tool);
    return this.osUser ? run("runuser", ["-u", this.osUser, "--", file, ...args], { cwd: this.dir }) : run(file, args, { cwd: this.dir });
  }

  /** Starts the server and waits until it accepts connections (pg_ctl -w). */
  async start(): Promise<void> {
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1`;
    await this.exec("pg_ctl", ["-D", this.dataDir, "-o", opts, "-l", this.logFile, "-w", "-t", "120", "start"]);
  }

  /** Stops the server: `immediate` is a crash (no checkpoint, recovery on the next start). */
  async stop(mode: "smart" | "fast" | "immediate" = "fast"): Promise<void> {
    await this.exec("pg_ctl", ["-D", this.dataDir, "-m", mode, "-w", "-t", "60", "stop"]);
  }

  async running(): Promise<boolean> {
    try {
      await this.exec("pg_ctl", ["-D", this.dataDir, "status"]);
      return true;
    } catch {
      return false;
    }
  }

  /** Stops the server if it runs, then deletes the directory. */
  async remove(): Promise<void> {
    if (fs.existsSync(this.dataDir) && (await this.running())) await this.stop("immediate").catch(() => {});
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** The last lines of the server log (for failure messages). */
  logTail(lines = 20): string {
    try {
      return fs.readFileSync(this.logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    } catch {
      return "";
    }
  }
}
