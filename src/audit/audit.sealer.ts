// Seals the audit events this gateway writes into the chain (R32), off the request path. An
// audited read commits its event with the digest of its content and answers; the sealer links
// what was written into the chain a few milliseconds later, many events to one statement
// (audit_seal, drizzle/0015_audit_seal.sql). A sweep every `sweepMs` also seals what other
// replicas, or a process stopped between an append and its seal, left unsealed.
import type { Logger } from "pino";
import type { Db } from "../db/client.js";
import { auditWriteListeners, sealAuditBatch } from "./audit.service.js";

export interface SealerOptions {
  /** How long after a write the seal runs, so that the writes of that moment share one statement. */
  delayMs: number;
  /** How often unsealed events are looked for even without a write here. */
  sweepMs: number;
  /** Events sealed by one statement at most. */
  batch: number;
}

export const DEFAULT_SEALER: SealerOptions = { delayMs: 100, sweepMs: 5000, batch: 1000 };

export class AuditSealer {
  /** Events this sealer has sealed, and seal statements that failed (metrics). */
  sealed = 0;
  failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly sweep: NodeJS.Timeout;
  private running: Promise<void> | undefined;
  /** A write arrived while a seal was running: seal again after it. */
  private again = false;
  private stopped = false;
  private readonly onWrite = (db: Db) => {
    if (db === this.db) this.nudge();
  };

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly opts: SealerOptions = DEFAULT_SEALER,
  ) {
    auditWriteListeners.add(this.onWrite);
    this.sweep = setInterval(() => this.nudge(), opts.sweepMs);
    this.sweep.unref();
  }

  /** Asks for a seal: runs `delayMs` from now, or after the seal under way. */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.seal();
    }, this.opts.delayMs);
    this.timer.unref();
  }

  /** Seals everything unsealed now; waits for a seal under way first. Never throws. */
  async seal(): Promise<void> {
    while (this.running) await this.running;
    this.running = this.run();
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
    if (this.again) {
      this.again = false;
      this.nudge();
    }
  }

  private async run(): Promise<void> {
    try {
      for (;;) {
        const n = await sealAuditBatch(this.db, this.opts.batch);
        this.sealed += n;
        if (n < this.opts.batch) return;
      }
    } catch (e) {
      // The events are durable; the next write or sweep seals them. A database that is down
      // says so through /readyz and every request, so one line per failure is enough here.
      this.failures++;
      this.log.warn({ err: e instanceof Error ? { message: e.message, code: (e as { code?: string }).code } : String(e) }, "audit seal failed; retried at the next write or sweep");
    }
  }

  /** Stops the timers and seals what this process wrote, before the database closes. */
  async stop(): Promise<void> {
    this.stopped = true;
    auditWriteListeners.delete(this.onWrite);
    clearInterval(this.sweep);
    clearTimeout(this.timer);
    this.timer = undefined;
    this.again = false;
    await this.seal();
  }
}
