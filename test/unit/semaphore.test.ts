// The row-read slots (src/server/semaphore.ts): never more holders than slots, waiters served in
// arrival order, and a slot comes back when its holder fails.
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
});
