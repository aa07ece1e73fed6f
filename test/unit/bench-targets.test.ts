// The bench's verdicts (bench/perf/lib/results.ts): a ratio is compared with its target as
// measured, not after rounding for display, so a run 0.3 % short of 0.6× the raw ceiling reads
// "missed", and the figure shown says why.
import { describe, expect, it } from "vitest";
import { evaluateTargets, type PerfSummary } from "../../bench/perf/lib/results.js";

const summary = (gateway: number, raw: number) =>
  ({
    results: [
      { scenario: "W2", system: "gateway", median: { rps: gateway } },
      { scenario: "W2", system: "raw", median: { rps: raw } },
    ],
    extra: { whatIf: [], rss100: [], statementsByPageSize: [] },
  }) as unknown as PerfSummary;

const w2raw = (gateway: number, raw: number) => evaluateTargets(summary(gateway, raw)).find((t) => t.name === "W2 ≥ 0.6× raw ceiling")!;

describe("bench target verdicts", () => {
  it("misses a ratio that only rounding would lift to its target, and shows three decimals", () => {
    const t = w2raw(1172.4, 1960.1);
    expect(t.pass).toBe(false);
    expect(t.detail).toBe("0.598× (1,172 vs 1,960 req/s), 0.3 % short");
  });

  it("meets a ratio at or above its target, shown to two decimals", () => {
    expect(w2raw(1200, 2000)).toMatchObject({ pass: true, detail: "0.6× (1,200 vs 2,000 req/s)" });
    expect(w2raw(1233, 2017)).toMatchObject({ pass: true, detail: "0.61× (1,233 vs 2,017 req/s)" });
  });

  it("says by how much a clear miss falls short", () => {
    expect(w2raw(888, 1560)).toMatchObject({ pass: false, detail: "0.57× (888 vs 1,560 req/s), 5 % short" });
  });

  it("leaves a target unmeasured when a system did not run", () => {
    expect(evaluateTargets(summary(1000, 0)).find((t) => t.name === "W2 ≥ 0.6× raw ceiling")!.pass).toBeNull();
  });
});
