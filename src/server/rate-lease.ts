// Leased rate-limit tokens. The buckets are shared by every replica (src/server/rate-limit.ts);
// charging one token per request made every request, even one answered from the search cache,
// wait for a write to the shared store. Instead a replica takes several tokens of a busy bucket at
// once and spends them on its own requests, as a bank branch draws cash for its counter:
//
// - A bucket's first charge asks for one token. A bucket whose tokens ran out within
//   GROW_WITHIN_MS of its last charge asks for twice as many next time, up to its lease limit
//   (`leasePercent` of its minute, at least one); one that lasted longer asks for half as many.
//   A quiet client is therefore charged request by request, as before, and a busy one once per
//   lease.
// - Tokens are only ever spent after the shared bucket gave them, so a client can never get
//   more than its bucket allows plus what replicas hold (at most `leasePercent` of a minute each),
//   and is refused at most that much early when its requests are spread over replicas.
// - Requests that find a bucket's lease empty while its charge is under way wait for that charge
//   instead of each sending their own; when the shared bucket gives nothing, they are refused with
//   its time to wait, without another charge.
// - A lease holds its tokens until they are spent; the least recently used of more than
//   MAX_LEASES buckets gives its tokens up (stricter, never looser).
import type { LeaseGrant, LeaseRequest } from "./rate-limit.js";

/** A charge this soon after the last one means the lease was too small: the next one is twice as large. */
export const GROW_WITHIN_MS = 1000;
/** Buckets whose leases are kept; beyond, the least recently used lease is given up. */
export const MAX_LEASES = 10_000;

interface Lease {
  /** Tokens held and not yet spent. */
  left: number;
  /** Tokens the next charge asks for (more when more requests wait). */
  size: number;
  /** Requests waiting for this bucket's charge. */
  waiting: number;
  /** When the last charge was answered (Date.now()), 0 before the first. */
  chargedAt: number;
  /** The charge under way: resolves with the seconds to wait (0 when it gave tokens). */
  charge: Promise<number> | null;
}

export interface Bucket {
  key: string;
  perMinute: number;
}

export class TokenLeases {
  private readonly leases = new Map<string, Lease>();
  /** Charges sent to the shared store, and the tokens taken from leases without one. */
  charges = 0;
  spentFromLease = 0;

  /** `leasePercent` 0: every token is charged on its own, as without leases. */
  constructor(
    readonly leasePercent: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The most tokens one charge asks of a bucket of `perMinute`. */
  leaseLimit(perMinute: number): number {
    return Math.max(1, Math.floor((perMinute * this.leasePercent) / 100));
  }

  get size(): number {
    return this.leases.size;
  }

  private lease(b: Bucket): Lease {
    let l = this.leases.get(b.key);
    if (l) {
      this.leases.delete(b.key);
      this.leases.set(b.key, l);
      return l;
    }
    l = { left: 0, size: 1, chargedAt: 0, charge: null, waiting: 0 };
    this.leases.set(b.key, l);
    if (this.leases.size > MAX_LEASES) {
      for (const [k, old] of this.leases) {
        if (this.leases.size <= MAX_LEASES) break;
        if (!old.charge) this.leases.delete(k);
      }
    }
    return l;
  }

  /**
   * Takes one token from each bucket (those of `perMinute` 0 are unlimited): from this replica's
   * leases where they hold one, else by `charge`, one call for every bucket that needs tokens.
   * Returns, per bucket, 0 when a token was taken or the seconds to wait. As with the shared
   * buckets, a request refused by one bucket still spends the tokens of the others.
   */
  async take(buckets: Bucket[], charge: (requests: LeaseRequest[]) => Promise<LeaseGrant[]>): Promise<number[]> {
    // A bucket that cannot be leased (a small one, or leases off) is charged by every request, as
    // without leases: one charge at a time for a bucket would make its requests queue.
    if (buckets.every((b) => b.perMinute <= 0)) return buckets.map(() => 0);
    if (buckets.every((b) => b.perMinute <= 0 || this.leaseLimit(b.perMinute) === 1)) {
      this.charges++;
      const grants = await charge(buckets.map((b) => ({ key: b.key, perMinute: b.perMinute, n: 1 })));
      return grants.map((g, i) => (buckets[i].perMinute <= 0 || g.granted > 0 ? 0 : Math.max(1, g.wait)));
    }
    const waits = buckets.map(() => 0);
    const leases = buckets.map((b) => (b.perMinute > 0 ? this.lease(b) : null));
    // Each charge gives at least one token or refuses, so every round serves or refuses a waiter.
    for (;;) {
      const short = buckets.map((_, i) => i).filter((i) => leases[i] && waits[i] === 0 && leases[i]!.left < 1);
      if (!short.length) break;
      for (const i of short) leases[i]!.waiting++;
      const fresh = short.filter((i) => !leases[i]!.charge);
      if (fresh.length) this.startCharge(fresh.map((i) => [buckets[i], leases[i]!] as const), charge);
      let answered: number[];
      try {
        answered = await Promise.all(short.map((i) => leases[i]!.charge!));
      } finally {
        for (const i of short) leases[i]!.waiting--;
      }
      // Refused by the shared bucket: no token now, and no second charge for this request.
      short.forEach((i, k) => {
        if (answered[k] > 0 && leases[i]!.left < 1) waits[i] = answered[k];
      });
    }
    leases.forEach((l, i) => {
      if (l && waits[i] === 0) {
        l.left -= 1;
        this.spentFromLease++;
      }
    });
    return waits;
  }

  private startCharge(due: ReadonlyArray<readonly [Bucket, Lease]>, charge: (requests: LeaseRequest[]) => Promise<LeaseGrant[]>): void {
    const now = this.now();
    const requests = due.map(([b, l]) => {
      const limit = this.leaseLimit(b.perMinute);
      if (l.chargedAt > 0) l.size = now - l.chargedAt < GROW_WITHIN_MS ? Math.min(limit, l.size * 2) : Math.max(1, Math.floor(l.size / 2));
      return { key: b.key, perMinute: b.perMinute, n: Math.min(limit, Math.max(l.size, l.waiting)) };
    });
    this.charges++;
    const all = charge(requests).then((grants) => {
      const at = this.now();
      due.forEach(([, l], k) => {
        l.left += grants[k].granted;
        l.chargedAt = at;
      });
      return grants;
    });
    due.forEach(([, l], k) => {
      const mine: Promise<number> = all.then(
        (grants) => {
          if (l.charge === mine) l.charge = null;
          return grants[k].granted > 0 ? 0 : Math.max(1, grants[k].wait);
        },
        (err: unknown) => {
          if (l.charge === mine) l.charge = null;
          throw err;
        },
      );
      l.charge = mine;
    });
  }

  /** Gives every lease up (a test, or a change of limits). */
  clear(): void {
    this.leases.clear();
  }
}
