// Statements by shape and compiled filters are kept by key, bounded, least recently used first out.
import { describe, expect, it } from "vitest";
import { keptOrBuilt } from "../../src/server/kept.js";

describe("things kept by key", () => {
  it("builds a key once, keeps at most the bound, and drops the least recently used first", () => {
    const kept = new Map<string, { n: number }>();
    let built = 0;
    const get = (k: string) => keptOrBuilt(kept, k, 3, () => ({ n: ++built }));
    const a = get("a");
    get("b");
    get("c");
    expect(get("a")).toBe(a); // looked up, not built again; now the most recently used
    expect(built).toBe(3);
    get("d"); // drops b, the least recently used
    expect([...kept.keys()].sort()).toEqual(["a", "c", "d"]);
    get("b");
    expect(built).toBe(5);
    expect(kept.size).toBe(3);
  });
});
