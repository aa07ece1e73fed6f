// Leased rate-limit tokens (src/server/rate-lease.ts) against a shared bucket held in memory here,
// refilled by a clock the test moves: how often the shared bucket is charged, that no request is
// served with a token the bucket did not give, and how refusals and failures reach every request
// waiting for the same charge.
import { describe, expect, it } from "vitest";
import { GROW_WITHIN_MS, MAX_LEASES, TokenLeases } from "../../src/server/rate-lease.js";
import type { LeaseGrant, LeaseRequest } from "../../src/server/rate-limit.js";

/** Token buckets as rate_buckets keeps them (full at first, refilled per minute, at most -1). */
function sharedBuckets(clock: { now: number }) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const calls: LeaseRequest[][] = [];
  let given = 0;
  const charge = async (requests: LeaseRequest[]): Promise<LeaseGrant[]> => {
    calls.push(requests);
    await new Promise((r) => setTimeout(r, 1)); // a round trip: others may join meanwhile
    return requests.map((r) => {
      const b = buckets.get(r.key) ?? { tokens: r.perMinute, at: clock.now };
      const refilled = Math.min(r.perMinute, b.tokens + ((clock.now - b.at) / 60_000) * r.perMinute);
      let granted = 0;
      if (refilled >= 1) {
        granted = Math.min(r.n, Math.floor(refilled));
        b.tokens = refilled - granted;
      } else b.tokens = Math.max(-1, refilled - 1);
      b.at = clock.now;
      buckets.set(r.key, b);
      given += granted;
      return { granted, wait: granted ? 0 : Math.max(1, Math.ceil((1 - b.tokens) / (r.perMinute / 60))) };
    });
  };
  return { charge, calls, given: () => given };
}

describe("leased rate-limit tokens", () => {
  it("charges a quiet client request by request, and a busy one once per growing lease", async () => {
    const clock = { now: 1_000_000 };
    const store = sharedBuckets(clock);
    const leases = new TokenLeases(5, () => clock.now);
    const ip = [{ key: "ip:a", perMinute: 6000 }]; // at most 300 tokens a lease
    // Quiet: one request every two seconds charges every time, one token at a time.
    for (let i = 0; i < 3; i++) {
      expect(await leases.take(ip, store.charge)).toEqual([0]);
      clock.now += 2 * GROW_WITHIN_MS;
    }
    expect(store.calls.map((c) => c[0].n)).toEqual([1, 1, 1]);
    // Busy: 1,000 requests in a row within a second: the lease doubles up to its limit.
    store.calls.length = 0;
    for (let i = 0; i < 1000; i++) expect(await leases.take(ip, store.charge)).toEqual([0]);
    // (The first is back to one: the last charge was two seconds ago.)
    expect(store.calls.map((c) => c[0].n)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]);
    expect(leases.leaseLimit(6000)).toBe(300);
  });

  it("never serves more than the shared bucket gave, and refuses with the bucket's wait once it is empty", async () => {
    const clock = { now: 0 };
    const store = sharedBuckets(clock);
    const leases = new TokenLeases(10, () => clock.now);
    const acct = [{ key: "acct:1", perMinute: 120 }]; // leases of up to 12
    const answers = await Promise.all(Array.from({ length: 200 }, () => leases.take(acct, store.charge)));
    const served = answers.filter(([w]) => w === 0).length;
    expect(served).toBe(120);
    expect(store.given()).toBe(120);
    // Refused requests are told how long to wait for one token at 2 a second.
    expect(answers.filter(([w]) => w > 0).every(([w]) => w === 1)).toBe(true);
    // A minute later the bucket is full again, and serves again.
    clock.now += 60_000;
    expect(await leases.take(acct, store.charge)).toEqual([0]);
  });

  it("lets the requests that find an empty lease wait for one charge instead of sending their own", async () => {
    const clock = { now: 1_000_000 };
    const store = sharedBuckets(clock);
    const leases = new TokenLeases(5, () => clock.now);
    const b = [{ key: "dept:7", perMinute: 100_000 }];
    await leases.take(b, store.charge); // the first lease: one token
    const answers = await Promise.all(Array.from({ length: 50 }, () => leases.take(b, store.charge)));
    expect(answers.every(([w]) => w === 0)).toBe(true);
    // The first of them charges (for two); the others join it, and whoever that charge could not
    // serve asks for all who still wait at once.
    expect(store.calls.map((c) => c[0].n)).toEqual([1, 2, 48]);
  });

  it("charges an account and its department together, and spends neither token it was not given", async () => {
    const clock = { now: 0 };
    const store = sharedBuckets(clock);
    const leases = new TokenLeases(50, () => clock.now);
    const both = [
      { key: "acct:1", perMinute: 1000 },
      { key: "dept:1", perMinute: 4 },
    ];
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await leases.take(both, store.charge));
    expect(answers.slice(0, 4)).toEqual([[0, 0], [0, 0], [0, 0], [0, 0]]);
    // The department's four tokens are gone: refused by the department. The refusal leaves its
    // bucket at -1, so the wait is for two tokens at 4 a minute: 30 s.
    expect(answers[4]).toEqual([0, 30]);
    expect(answers[5]).toEqual([0, 30]);
    expect(store.calls.every((c) => c.length >= 1)).toBe(true);
    expect(store.calls[0].map((r) => r.key)).toEqual(["acct:1", "dept:1"]);
  });

  it("charges every request on its own where leases are off, or a bucket is too small to lease", async () => {
    const clock = { now: 0 };
    for (const [percent, perMinute] of [
      [0, 100_000],
      [5, 10],
    ]) {
      const store = sharedBuckets(clock);
      const leases = new TokenLeases(percent, () => clock.now);
      const answers = await Promise.all(Array.from({ length: 8 }, () => leases.take([{ key: "ip:x", perMinute }], store.charge)));
      expect(answers.filter(([w]) => w === 0).length).toBe(Math.min(8, perMinute));
      expect(store.calls.length).toBe(8);
      expect(store.calls.every((c) => c[0].n === 1)).toBe(true);
    }
  });

  it("takes nothing from an unlimited bucket (0 a minute)", async () => {
    const store = sharedBuckets({ now: 0 });
    const leases = new TokenLeases(5);
    expect(await leases.take([{ key: "ip:x", perMinute: 0 }], store.charge)).toEqual([0]);
    expect(store.calls.length).toBe(0);
  });

  it("fails every request waiting for a charge that fails, and charges again afterwards", async () => {
    const leases = new TokenLeases(5);
    const b = [{ key: "ip:y", perMinute: 100_000 }];
    let fail = true;
    let calls = 0;
    const charge = async (requests: LeaseRequest[]): Promise<LeaseGrant[]> => {
      calls++;
      await new Promise((r) => setTimeout(r, 1));
      if (fail) throw new Error("database unavailable");
      return requests.map((r) => ({ granted: r.n, wait: 0 }));
    };
    const answers = await Promise.allSettled(Array.from({ length: 5 }, () => leases.take(b, charge)));
    expect(answers.every((a) => a.status === "rejected")).toBe(true);
    expect(calls).toBe(1);
    fail = false;
    expect(await leases.take(b, charge)).toEqual([0]);
  });

  it("keeps at most MAX_LEASES buckets, giving the least recently used up", async () => {
    const leases = new TokenLeases(5);
    const charge = async (requests: LeaseRequest[]) => requests.map((r) => ({ granted: r.n, wait: 0 }));
    for (let i = 0; i < MAX_LEASES + 50; i++) await leases.take([{ key: `ip:${i}`, perMinute: 100_000 }], charge);
    expect(leases.size).toBe(MAX_LEASES);
  });
});
