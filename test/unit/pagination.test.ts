import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, pageSize } from "../../src/server/pagination.js";

describe("pagination", () => {
  it("round-trips cursors", () => {
    for (const n of [0, 1, 19, 99, 123456]) expect(decodeCursor(encodeCursor(n))).toBe(n);
  });

  it.each(["", "abc", "YWJj", Buffer.from("o:-1").toString("base64url"), "o:5", "x".repeat(200)])(
    "refuses the forged cursor %j as BAD_USER_INPUT",
    (c) => {
      try {
        decodeCursor(c);
        expect.unreachable();
      } catch (e: any) {
        expect(e.extensions.code).toBe("BAD_USER_INPUT");
      }
    },
  );

  it("defaults and bounds page sizes", () => {
    expect(pageSize(undefined, 20, 100)).toBe(20);
    expect(pageSize(null, 20, 100)).toBe(20);
    expect(pageSize(100, 20, 100)).toBe(100);
    expect(pageSize(0, 20, 100)).toBe(0);
    expect(() => pageSize(101, 20, 100)).toThrow(/between 0 and 100/);
    expect(() => pageSize(-1, 20, 100)).toThrow(/between 0 and 100/);
  });
});

