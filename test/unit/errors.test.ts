// What the log keeps of an unexpected error (no clear values in logs).
import { describe, expect, it } from "vitest";
import { loggableError } from "../../src/server/http.js";

describe("error logging", () => {
  it("keeps the SQL of a failed query but never its parameters", () => {
    const cause = Object.assign(new Error("relation \"x\" does not exist"), { code: "42P01" });
    const e = Object.assign(new Error("Failed query: select * from records where key = $1\nparams: 110101199003071234"), { cause });
    e.stack = `Error: ${e.message}\n    at somewhere`;
    const logged = JSON.stringify(loggableError(e));
    expect(logged).toContain("Failed query: select * from records");
    expect(logged).toContain("42P01");
    expect(logged).not.toContain("110101199003071234");
  });
});
