// The row-read units (src/server/semaphore.ts): never more units held than the capacity, waiters
// served in arrival order (a heavy one is not overtaken), and units come back when a holder fails.
import { describe, expect, it } from "vitest";
import { Semaphore } from "../../src/server/semaphore.js";

const tick = () => new Promise((r) => setTimeout(r, 1));

describe("Semaphore", () => {
  it("lets at most `size` run at once and serves the rest in order", async () => {
    const s = new Semaphore(3);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        s.run(async () => {
          order.push(i);
          running++;
          peak = Math.max(peak, running);
          await tick();
          running--;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(s.queued).toBe(0);
  });

  it("gives the slot back when the holder throws", async () => {
    const s = new Semaphore(1);
    await expect(s.run(async () => { throw new Error("read failed"); })).rejects.toThrow("read failed");
    expect(await s.run(async () => "next")).toBe("next");
  });

  it("bounds the weight held at once, not the holders: ten 100-row reads fit where one 1,000-row read does", async () => {
    const s = new Semaphore(1000);
    let held = 0;
    let peakHeld = 0;
    let peakHolders = 0;
    let holders = 0;
    const read = (rows: number) =>
      s.run(async () => {
        held += rows;
        holders++;
        peakHeld = Math.max(peakHeld, held);
        peakHolders = Math.max(peakHolders, holders);
        await tick();
        held -= rows;
        holders--;
      }, rows);
    await Promise.all([...Array.from({ length: 30 }, () => read(100)), read(1000), ...Array.from({ length: 30 }, () => read(100))]);
    expect(peakHeld).toBe(1000);
    expect(peakHolders).toBe(10);
    expect(s.available).toBe(1000);
  });

  it("does not let light waiters overtake a heavy one at the head of the queue", async () => {
    const s = new Semaphore(10);
    const order: string[] = [];
    let release!: () => void;
    const first = s.run(() => new Promise<void>((r) => { order.push("a:5"); release = r; }), 5);
    const heavy = s.run(async () => { order.push("b:10"); }, 10);
    const light = s.run(async () => { order.push("c:1"); }, 1);
    await tick();
    // 5 units are free, enough for c, but b arrived first and needs all 10.
    expect(order).toEqual(["a:5"]);
    release();
    await Promise.all([first, heavy, light]);
    expect(order).toEqual(["a:5", "b:10", "c:1"]);
  });

  it("clamps a weight above the capacity to the capacity instead of waiting forever", async () => {
    const s = new Semaphore(10);
    expect(await s.run(async () => "ran", 50)).toBe("ran");
    expect(s.available).toBe(10);
  });
});
