// The bench, the load run and the fault run start the gateway with the node options `npm start`
// uses (bench/lib/gateway.ts reads them from package.json), so their memory and speed figures are
// those of the gateway as shipped; a start script they cannot read must stop them, not be ignored.
import { describe, expect, it } from "vitest";
import { startNodeOptions } from "../../bench/lib/gateway.js";

describe("the node options of npm start, as the bench reads them", () => {
  it("are the young generation's size that package.json's start script sets", () => {
    expect(startNodeOptions()).toEqual(["--max-semi-space-size=32"]);
  });

  it("reads any number of options, and none", () => {
    expect(startNodeOptions("node scripts/start.mjs serve")).toEqual([]);
    expect(startNodeOptions("node --max-semi-space-size=8 --stack-size=2000 scripts/start.mjs serve")).toEqual(["--max-semi-space-size=8", "--stack-size=2000"]);
  });

  it("refuses a start script of another shape instead of starting the gateway without its options", () => {
    expect(() => startNodeOptions("tsx src/main.ts serve")).toThrow(/start script is not/);
    expect(() => startNodeOptions("NODE_OPTIONS=--max-semi-space-size=32 node scripts/start.mjs")).toThrow(/start script is not/);
  });
});
