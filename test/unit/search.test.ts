import { describe, expect, it } from "vitest";
import { gramsOf, parseSearch } from "../../src/catalog/search.js";

describe("Chinese search parsing", () => {
  it("keeps a two-character word whole (人口)", () => {
    expect(parseSearch("人口")).toEqual([{ text: "人口", words: [] }]);
  });

  it("cuts longer phrases into words as well as keeping the phrase", () => {
    const [p] = parseSearch("户籍人口信息");
    expect(p.text).toBe("户籍人口信息");
    expect(p.words).toEqual(["户籍", "人口", "信息"]);
  });

  it("splits on spaces (full-width too) and drops duplicates", () => {
    expect(parseSearch("人口　 姓名 人口").map((p) => p.text)).toEqual(["人口", "姓名"]);
  });

  it("normalises full-width letters and case", () => {
    expect(parseSearch("ＡＢＣ")[0].text).toBe("abc");
  });

  it("keeps LIKE wildcards as plain characters", () => {
    expect(parseSearch("100%")[0].text).toBe("100%");
    expect(parseSearch("_")[0].text).toBe("_");
  });

  it("makes grams from pairs of characters, or the character itself", () => {
    expect(gramsOf("人口信息")).toEqual(["人口", "口信", "信息"]);
    expect(gramsOf("人")).toEqual(["人"]);
    expect(gramsOf("𠮷野")).toEqual(["𠮷野"]);
  });

  it("returns nothing for an empty query", () => {
    expect(parseSearch("   ")).toEqual([]);
  });
});
