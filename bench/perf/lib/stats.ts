// SQL statements per request from pg_stat_statements (preloaded on the bench cluster): reset
// before a run, read after it, counting only statements run in the bench database (the bench's
// own reset and read go through the `postgres` database, so they are not counted).
import pg from "pg";

export interface StatementCount {
  query: string;
  calls: number;
  totalMs: number;
  rows: number;
}

export class StatementStats {
  private client: pg.Client | null = null;

  constructor(
    private readonly adminUrl: string,
    private readonly database: string,
  ) {}

  private async c(): Promise<pg.Client> {
    if (!this.client) {
      this.client = new pg.Client({ connectionString: this.adminUrl, application_name: "catalog-gateway-bench-stats" });
      this.client.on("error", () => {});
      await this.client.connect();
      await this.client.query("create extension if not exists pg_stat_statements");
    }
    return this.client;
  }

  async reset(): Promise<void> {
    await (await this.c()).query("select pg_stat_statements_reset()");
  }

  /** Every statement of the bench database since the last reset, most called first. */
  async read(): Promise<StatementCount[]> {
    const r = await (await this.c()).query<{ query: string; calls: string; total: number; rows: string }>(
      `select s.query, s.calls, s.total_exec_time as total, s.rows
         from pg_stat_statements s join pg_database d on d.oid = s.dbid
        where d.datname = $1
        order by s.calls desc, s.total_exec_time desc`,
      [this.database],
    );
    return r.rows.map((x) => ({ query: x.query, calls: Number(x.calls), totalMs: Math.round(x.total * 10) / 10, rows: Number(x.rows) }));
  }

  /**
   * Waits until the bench database has been quiet for `quietMs`: no statement running and none
   * counted in between (a server may still be working through requests a finished run left
   * behind, between two statements of one of them).
   */
  async waitIdle(quietMs = 600, timeoutMs = 180_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const c = await this.c();
    const calls = async () =>
      Number(
        (
          await c.query<{ n: string }>(
            "select coalesce(sum(s.calls), 0) as n from pg_stat_statements s join pg_database d on d.oid = s.dbid where d.datname = $1",
            [this.database],
          )
        ).rows[0].n,
      );
    const active = async () =>
      Number(
        (
          await c.query<{ n: string }>(
            "select count(*) as n from pg_stat_activity where datname = $1 and state <> 'idle' and pid <> pg_backend_pid()",
            [this.database],
          )
        ).rows[0].n,
      );
    let last = await calls();
    for (;;) {
      await new Promise((res) => setTimeout(res, quietMs));
      const now = await calls();
      if ((now === last && (await active()) === 0) || Date.now() > deadline) return;
      last = now;
    }
  }

  async close(): Promise<void> {
    await this.client?.end().catch(() => {});
    this.client = null;
  }
}

/** Transaction control (BEGIN, COMMIT, ROLLBACK): round trips, but no work of their own. */
export const isTransactionControl = (q: string) => /^\s*(begin|commit|rollback|start transaction)\b/i.test(q);

export function sumCalls(rows: StatementCount[], filter: (q: string) => boolean = () => true): number {
  return rows.filter((r) => filter(r.query)).reduce((n, r) => n + r.calls, 0);
}
