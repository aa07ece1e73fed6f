// The masking strategies on their edge cases (R20; DOMAIN.md masking conventions).
import { describe, expect, it } from "vitest";
import {
  applyMask,
  keyedHash,
  maskAddress,
  maskBankCard,
  maskDateToYear,
  maskEmail,
  maskIdCard,
  maskMobile,
  maskName,
  SUPPRESSED,
  type MaskingStrategy,
} from "../../src/masking/strategies.js";

const keys = { secret: "masking-test-secret-0123456789-abcdef", scope: "11360100MB0000001X" };

describe("ID_CARD", () => {
  it("keeps the first 6 and the last 4", () => {
    expect(maskIdCard("110101199003071234")).toBe("110101********1234");
    expect(maskIdCard("11010519491231002x")).toBe("110105********002X");
  });
  it("masks an old 15-digit number without revealing the birth date", () => {
    expect(maskIdCard("110101900307123")).toBe("110101******123");
  });
  it("suppresses what is not an ID number, and never passes it through", () => {
    for (const v of ["1234", "abcdefghijklmnopqr", "11010119900307123", { id: 1 }, true]) {
      expect(maskIdCard(v)).toBe(SUPPRESSED);
    }
    expect(maskIdCard(110101199003071)).toBe("110101******071");
  });
  it("keeps null and empty as they are", () => {
    expect(maskIdCard(null)).toBeNull();
    expect(maskIdCard(undefined)).toBeNull();
    expect(maskIdCard("")).toBe("");
  });
});

describe("MOBILE", () => {
  it("keeps the first 3 and the last 4", () => {
    expect(maskMobile("13812345678")).toBe("138****5678");
    expect(maskMobile("+86 138-1234-5678")).toBe("138****5678");
    expect(maskMobile(13812345678)).toBe("138****5678");
  });
  it("suppresses a landline or anything else", () => {
    expect(maskMobile("0791-86123456")).toBe(SUPPRESSED);
    expect(maskMobile("12345678901")).toBe(SUPPRESSED);
    expect(maskMobile("1381234567")).toBe(SUPPRESSED);
  });
});

describe("NAME", () => {
  it("keeps the surname, one star per other character", () => {
    expect(maskName("张三")).toBe("张*");
    expect(maskName("王小明")).toBe("王**");
  });
  it("keeps compound surnames whole", () => {
    expect(maskName("欧阳修")).toBe("欧阳*");
    expect(maskName("欧阳娜娜")).toBe("欧阳**");
    expect(maskName("司马相如")).toBe("司马**");
    expect(maskName("诸葛亮")).toBe("诸葛*");
  });
  it("does not read a two-character name as a compound surname", () => {
    expect(maskName("欧阳")).toBe("欧*");
  });
  it("masks one-character, transliterated and Latin names", () => {
    expect(maskName("张")).toBe("*");
    expect(maskName("买买提·艾力")).toBe("买*****");
    expect(maskName("John Smith")).toBe("J******");
  });
});

describe("BANK_CARD", () => {
  it("keeps the first 6 and the last 4", () => {
    expect(maskBankCard("6222021234567891234")).toBe("622202*********1234");
    expect(maskBankCard("6222 0212 3456 7890")).toBe("622202******7890");
  });
  it("suppresses what is not a card number", () => {
    expect(maskBankCard("62220212")).toBe(SUPPRESSED);
    expect(maskBankCard("card")).toBe(SUPPRESSED);
  });
});

describe("EMAIL", () => {
  it("keeps the first character and the domain", () => {
    expect(maskEmail("zhangsan@example.cn")).toBe("z***@example.cn");
    expect(maskEmail("李四@政务.中国")).toBe("李***@政务.中国");
  });
  it("suppresses what is not an address", () => {
    expect(maskEmail("zhangsan")).toBe(SUPPRESSED);
    expect(maskEmail("a@b")).toBe(SUPPRESSED);
    expect(maskEmail("")).toBe("");
  });
});

describe("ADDRESS", () => {
  it("keeps down to the district or county", () => {
    expect(maskAddress("北京市朝阳区建国路88号")).toBe("北京市朝阳区****");
    expect(maskAddress("江州市云湖区明德路128号3栋2单元501室")).toBe("江州市云湖区****");
    expect(maskAddress("广东省深圳市南山区科技园南路1号")).toBe("广东省深圳市南山区****");
    expect(maskAddress("新疆维吾尔自治区乌鲁木齐市天山区解放路1号")).toBe("新疆维吾尔自治区乌鲁木齐市天山区****");
    expect(maskAddress("江西省江州市临江县城关镇人民路5号")).toBe("江西省江州市临江县****");
  });
  it("keeps a district name that appears again in the street", () => {
    expect(maskAddress("江州市云湖区工业区路1号")).toBe("江州市云湖区****");
  });
  it("keeps no more than the city when no district is given, nothing when no unit at all", () => {
    expect(maskAddress("江州市明德路128号")).toBe("江州市****");
    expect(maskAddress("明德路128号")).toBe(SUPPRESSED);
  });
});

describe("DATE_TO_YEAR", () => {
  it("generalises dates to the year", () => {
    expect(maskDateToYear("1990-03-07")).toBe("1990");
    expect(maskDateToYear("19900307")).toBe("1990");
    expect(maskDateToYear("1990年3月7日")).toBe("1990");
    expect(maskDateToYear("2025-01-02T08:00:00Z")).toBe("2025");
  });
  it("suppresses what is not a date", () => {
    expect(maskDateToYear("March 1990")).toBe(SUPPRESSED);
    expect(maskDateToYear("0001-01-01")).toBe(SUPPRESSED);
  });
});

describe("KEYED_HASH", () => {
  it("gives the same token for the same value within one department", () => {
    expect(keyedHash("110101199003071234", keys)).toBe(keyedHash("110101199003071234", keys));
    expect(keyedHash("110101199003071234", keys)).toMatch(/^h_[A-Za-z0-9_-]{24}$/);
  });
  it("gives different tokens to two departments, and for two values", () => {
    const other = { ...keys, scope: "11360100MB0000002Y" };
    expect(keyedHash("110101199003071234", keys)).not.toBe(keyedHash("110101199003071234", other));
    expect(keyedHash("110101199003071234", keys)).not.toBe(keyedHash("110101199003071235", keys));
  });
  it("depends on the server secret", () => {
    expect(keyedHash("x", keys)).not.toBe(keyedHash("x", { ...keys, secret: "another-secret-0123456789-0123456789" }));
  });
  it("does not contain the value", () => {
    expect(keyedHash("13812345678", keys)).not.toContain("5678");
  });
});

describe("applyMask", () => {
  const all: MaskingStrategy[] = ["ID_CARD", "MOBILE", "NAME", "BANK_CARD", "EMAIL", "ADDRESS", "DATE_TO_YEAR", "KEYED_HASH", "REDACT", "NULLIFY"];
  it("never returns a non-empty input unchanged, for any strategy but NONE", () => {
    const inputs = ["110101199003071234", "13812345678", "欧阳娜娜", "6222021234567891234", "z@example.cn", "北京市朝阳区建国路88号", "1990-03-07", "secret", 42, true];
    for (const s of all) for (const v of inputs) expect(applyMask(s, v, keys), `${s} ${v}`).not.toEqual(v);
  });
  it("REDACT and NULLIFY hide everything", () => {
    expect(applyMask("REDACT", 5000, keys)).toBe(SUPPRESSED);
    expect(applyMask("NULLIFY", "x", keys)).toBeNull();
    expect(applyMask("REDACT", null, keys)).toBeNull();
  });
  it("NONE passes values through", () => {
    expect(applyMask("NONE", "公交1路", keys)).toBe("公交1路");
  });
});

describe("HMAC-SHA256 from padded keys (the SQL form of keyed hashes)", () => {
  it("equals Node's HMAC for keys of every length up to the block size and for Chinese text", async () => {
    const { createHash, createHmac, randomBytes } = await import("node:crypto");
    const { hmacPads } = await import("../../src/masking/hmac.js");
    const sha = (b: Buffer) => createHash("sha256").update(b).digest();
    for (const len of [0, 1, 16, 32, 63, 64]) {
      const key = randomBytes(len);
      const { inner, outer } = hmacPads(key);
      for (const m of ["", "110101199003071234", "江州市云湖区新华路1号", "x".repeat(200)]) {
        const viaPads = sha(Buffer.concat([outer, sha(Buffer.concat([inner, Buffer.from(m, "utf8")]))]));
        expect(viaPads.equals(createHmac("sha256", key).update(m).digest()), `key ${len} bytes, ${m.slice(0, 10)}`).toBe(true);
      }
    }
    expect(() => hmacPads(randomBytes(65))).toThrow(/64 bytes/);
  });
});
