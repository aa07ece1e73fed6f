// Admission of GraphQL operations (src/server/admission.ts): at most `limit` run at once, the rest
// wait in arrival order, a full queue refuses at once, a request whose client left gives its
// place up, and a turn given back twice frees one place, not two.
import { describe, expect, it } from "vitest";
import { Abandoned, Admission } from "../../src/server/admission.js";

const tick = () => new Promise((r) => setTimeout(r, 1));

async function operation(a: Admission, run: () => Promise<void>): Promise<"refused" | "done"> {
  const turn = a.enter();
  if (!turn) return "refused";
  await turn.ready;
  try {
    await run();
  } finally {
    turn.release();
  }
  return "done";
}

describe("Admission", () => {
  it("runs at most `limit` operations at once and the others in arrival order", async () => {
    const a = new Admission(4, 100);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        operation(a, async () => {
          started.push(i);
          running++;
          peak = Math.max(peak, running);
          await tick();
          running--;
        }),
      ),
    );
    expect(results.every((r) => r === "done")).toBe(true);
    expect(peak).toBe(4);
    expect(started).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(a.inFlight).toBe(0);
    expect(a.queued).toBe(0);
  });

  it("refuses at once when the queue is full, and admits again once there is room", async () => {
    const a = new Admission(1, 2);
    const first = a.enter()!;
    const second = a.enter()!;
    const third = a.enter()!;
    expect(a.inFlight).toBe(1);
    expect(a.queued).toBe(2);
    expect(a.enter()).toBeNull();
    expect(a.refused).toBe(1);
    first.release();
    await second.ready;
    expect(a.queued).toBe(1);
    expect(a.enter()).not.toBeNull();
    second.release();
    await third.ready;
    third.release();
  });

  it("drops a waiter whose client left: it never runs and the next one takes its place", async () => {
    const a = new Admission(1, 10);
    const first = a.enter()!;
    const leaving = a.enter()!;
    const staying = a.enter()!;
    leaving.release();
    await expect(leaving.ready).rejects.toBeInstanceOf(Abandoned);
    expect(a.abandoned).toBe(1);
    expect(a.queued).toBe(1);
    first.release();
    await staying.ready;
    expect(a.inFlight).toBe(1);
    staying.release();
    expect(a.inFlight).toBe(0);
  });

  it("frees one place for a turn given back twice", async () => {
    const a = new Admission(2, 10);
    const t1 = a.enter()!;
    const t2 = a.enter()!;
    const t3 = a.enter()!;
    const t4 = a.enter()!;
    t1.release();
    t1.release();
    await t3.ready;
    let t4Started = false;
    void t4.ready.then(() => (t4Started = true));
    await tick();
    expect(t4Started).toBe(false);
    expect(a.inFlight).toBe(2);
    t2.release();
    await t4.ready;
    t3.release();
    t4.release();
    expect(a.inFlight).toBe(0);
  });

  it("stays in order across many turns (the queue is compacted, not shifted)", async () => {
    const a = new Admission(3, 10_000);
    const order: number[] = [];
    await Promise.all(Array.from({ length: 5000 }, (_, i) => operation(a, async () => void order.push(i))));
    expect(order).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(a.queued).toBe(0);
  });

  it("with no queue, refuses everything beyond the limit", () => {
    const a = new Admission(2, 0);
    expect(a.enter()).not.toBeNull();
    expect(a.enter()).not.toBeNull();
    expect(a.enter()).toBeNull();
  });
});
