// The bench's own PostgreSQL cluster: initdb + pg_ctl (as the `postgres` OS user when run as
// root) in $BENCH_DIR/cg-bench-<scale> (default under /tmp), on a free port, with
// pg_stat_statements preloaded so statements per request can be counted. Unlike bench/lib's
// PrivateCluster (a throw-away cluster in a fresh temporary directory) this one is kept between
// runs: `npm run bench:data` fills it once and `npm run bench` reuses the data. The system
// PostgreSQL (port 5432) is never touched.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort, postgresBinDir, waitUntilAccepting } from "../../lib/postgres.js";

const run = promisify(execFile);

/** Where the bench keeps its clusters: BENCH_DIR, else the system's temporary directory. */
export function benchDir(): string {
  return path.resolve(process.env.BENCH_DIR || os.tmpdir());
}

/**
 * Server settings on top of initdb's defaults. Durability stays as shipped (fsync and
 * synchronous_commit on): the audit write's commit is part of what W3 measures.
 */
export const SERVER_SETTINGS: Record<string, string> = {
  shared_preload_libraries: "'pg_stat_statements'",
  "pg_stat_statements.track": "top",
  "pg_stat_statements.max": "10000",
  "pg_stat_statements.track_utility": "on",
  max_connections: "200",
  shared_buffers: "1GB",
  work_mem: "16MB",
  maintenance_work_mem: "512MB",
  max_wal_size: "8GB",
  checkpoint_timeout: "15min",
  random_page_cost: "1.1",
  effective_cache_size: "4GB",
  jit: "off",
};

export class BenchCluster {
  readonly dataDir: string;
  readonly logFile: string;
  private readonly portFile: string;
  port = 0;

  constructor(
    readonly dir: string,
    private readonly bin: string = postgresBinDir(),
    private readonly osUser: string | null = process.getuid?.() === 0 ? "postgres" : null,
  ) {
    this.dataDir = path.join(dir, "data");
    this.logFile = path.join(dir, "postgres.log");
    this.portFile = path.join(dir, "port");
  }

  /** The cluster of a scale (city, province) under benchDir(). */
  static forScale(scale: string): BenchCluster {
    return new BenchCluster(path.join(benchDir(), `cg-bench-${scale}`));
  }

  exists(): boolean {
    return fs.existsSync(path.join(this.dataDir, "PG_VERSION"));
  }

  url(database = "postgres"): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  private exec(tool: string, args: string[]) {
    const file = path.join(this.bin, tool);
    return this.osUser ? run("runuser", ["-u", this.osUser, "--", file, ...args], { cwd: this.dir }) : run(file, args, { cwd: this.dir });
  }

  /** initdb into `dir` with the bench settings (the directory must not hold a cluster yet). */
  async init(): Promise<void> {
    fs.mkdirSync(this.dir, { recursive: true });
    if (this.osUser) {
      const uid = Number((await run("id", ["-u", this.osUser])).stdout.trim());
      const gid = Number((await run("id", ["-g", this.osUser])).stdout.trim());
      fs.chownSync(this.dir, uid, gid);
    }
    await this.exec("initdb", ["-D", this.dataDir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"]);
    const conf = Object.entries(SERVER_SETTINGS).map(([k, v]) => `${k} = ${v}`).join("\n");
    fs.appendFileSync(path.join(this.dataDir, "postgresql.conf"), `\n# catalog-gateway bench (bench/perf/lib/cluster.ts)\n${conf}\n`);
  }

  async running(): Promise<boolean> {
    if (!this.exists()) return false;
    try {
      await this.exec("pg_ctl", ["-D", this.dataDir, "status"]);
      return true;
    } catch {
      return false;
    }
  }

  /** Starts the server on a free port (or the one it already runs on). */
  async start(): Promise<void> {
    if (await this.running()) {
      this.port = Number(fs.readFileSync(this.portFile, "utf8").trim());
      await waitUntilAccepting(this.url(), { timeoutMs: 30_000 });
      return;
    }
    this.port = await freePort();
    fs.writeFileSync(this.portFile, String(this.port));
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1`;
    await this.exec("pg_ctl", ["-D", this.dataDir, "-o", opts, "-l", this.logFile, "-w", "-t", "300", "start"]);
    await waitUntilAccepting(this.url(), { timeoutMs: 60_000 });
  }

  async stop(): Promise<void> {
    if (await this.running()) await this.exec("pg_ctl", ["-D", this.dataDir, "-m", "fast", "-w", "-t", "120", "stop"]);
  }

  /** Stops the server and deletes the directory. */
  async remove(): Promise<void> {
    await this.stop().catch(() => {});
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Bytes the cluster takes on disk. */
  async diskUsage(): Promise<string> {
    try {
      return (await run("du", ["-sh", this.dir])).stdout.split("\t")[0];
    } catch {
      return "?";
    }
  }

  logTail(lines = 20): string {
    try {
      return fs.readFileSync(this.logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    } catch {
      return "";
    }
  }
}

/** Free space of the file system holding `dir`, in GiB. */
export async function freeGiB(dir: string): Promise<number> {
  fs.mkdirSync(dir, { recursive: true });
  const { stdout } = await run("df", ["-Pk", dir]);
  const kb = Number(stdout.trim().split("\n").pop()!.split(/\s+/)[3]);
  return Math.round((kb / 2 ** 20) * 10) / 10;
}
