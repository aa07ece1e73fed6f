// Writing read events from a request: who asks (from the context), what they asked and what they
// got. Shared by the shield rule (denials at the root) and the records resolvers.
import type { Context } from "../server/context.js";
import type { Db } from "../db/client.js";
import type { ItemDecision } from "../policy/access.js";
import { appendAuditEvent, type AuditInput, type AuditOutcome } from "./audit.service.js";

export interface ReadAudit {
  operation: string;
  resourceCode: string | null;
  purpose: string | null;
  purposeDetail: string | null;
  /** Items as served (after narrowing); items not served count as withheld. */
  items?: ItemDecision[];
  served?: Set<string>;
  filters?: unknown;
  rowCount?: number;
  grantIds?: number[];
  outcome: AuditOutcome;
  reason?: string | null;
}

/** The event of a read, as the trail keeps it. */
export function readAuditInput(ctx: Context, a: ReadAudit): AuditInput {
  const v = ctx.viewer;
  const clear: string[] = [];
  const masked: string[] = [];
  const withheld: string[] = [];
  for (const d of a.items ?? []) {
    const served = !a.served || a.served.has(d.code);
    if (!served || d.treatment === "WITHHELD") withheld.push(d.code);
    else if (d.treatment === "CLEAR") clear.push(d.code);
    else masked.push(d.code);
  }
  return {
    accountId: v.accountId,
    login: v.login,
    departmentCode: v.department?.code ?? null,
    roles: [...v.roles],
    operation: a.operation,
    resourceCode: a.resourceCode ? a.resourceCode.slice(0, 200) : null,
    purpose: a.purpose,
    purposeDetail: a.purposeDetail ? a.purposeDetail.slice(0, 500) : null,
    itemsClear: clear,
    itemsMasked: masked,
    itemsWithheld: withheld,
    filters: a.filters ?? [],
    rowCount: a.rowCount ?? 0,
    grantIds: a.grantIds ?? [],
    outcome: a.outcome,
    reason: a.reason ?? null,
    requestId: ctx.requestId,
    clientAddress: ctx.clientAddress,
  };
}

export async function recordRead(ctx: Context, a: ReadAudit): Promise<void> {
  await appendAuditEvent(ctx.db, readAuditInput(ctx, a));
}

/**
 * A transaction whose own `transaction(fn)` runs `fn` in it, not in a savepoint: a service that
 * opens a transaction inside a mutation adds no SAVEPOINT and RELEASE round trips. Nothing here
 * catches a failed inner step and carries on, so the whole mutation rolls back as before.
 */
function flatTransaction(tx: Db): Db {
  const flat: Db = new Proxy(tx, {
    get(target, prop, receiver) {
      if (prop === "transaction") return <T>(fn: (t: Db) => Promise<T>) => fn(flat);
      return Reflect.get(target, prop, receiver);
    },
  });
  return flat;
}

/**
 * Runs a mutation and records it in the audit trail, refused ones too (R13, R34). The change and
 * its ALLOWED event commit in one transaction: a crash or an outage between the two can leave
 * neither, never a change without its event. While `fn` runs, `ctx.db` is that transaction (the
 * services take `ctx.db`); a refusal rolls the change back and is recorded on its own.
 */
export async function auditedMutation<T>(
  ctx: Context,
  operation: string,
  about: { resourceCode?: string | null; purpose?: string | null; detail?: string | null },
  fn: () => Promise<T>,
  summary: (r: T) => { resourceCode?: string | null; grantIds?: number[] } = () => ({}),
): Promise<T> {
  const base = ctx.db;
  try {
    return await base.transaction(async (tx) => {
      ctx.db = flatTransaction(tx as unknown as Db);
      try {
        const result = await fn();
        const s = summary(result);
        await recordRead(ctx, {
          operation,
          resourceCode: s.resourceCode ?? about.resourceCode ?? null,
          purpose: about.purpose ?? null,
          purposeDetail: about.detail ?? null,
          grantIds: s.grantIds ?? [],
          outcome: "ALLOWED",
        });
        return result;
      } finally {
        ctx.db = base;
      }
    });
  } catch (e) {
    // Coded errors are refusals worth recording; unexpected ones are logged by the server.
    if ((e as { extensions?: { code?: string } }).extensions?.code) {
      await recordRead(ctx, {
        operation,
        resourceCode: about.resourceCode ?? null,
        purpose: about.purpose ?? null,
        purposeDetail: about.detail ?? null,
        outcome: "DENIED",
        reason: (e as Error).message,
      });
    }
    throw e;
  }
}
