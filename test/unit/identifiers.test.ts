// Check digits of the identifiers found in records: 公民身份号码 (GB 11643, MOD 11-2),
// 统一社会信用代码 (GB 32100, mod 31, with the GB 11714 organisation code inside), mobile
// numbers and bank cards (Luhn).
import { describe, expect, it } from "vitest";
import {
  creditCodeCheckChar,
  idCardCheckDigit,
  idCardInfo,
  isCalendarDate,
  isValidBankCard,
  isValidCreditCode,
  isValidIdCard,
  isValidMobile,
  luhnCheckDigit,
  normalizeCreditCode,
  normalizeIdCard,
  orgCodeCheckChar,
} from "../../src/records/identifiers.js";

/** An identity number with the right check character for the given first 17 digits. */
const withCheck = (body: string) => body + idCardCheckDigit(body);
const TODAY = new Date("2026-11-01T00:00:00Z");

describe("公民身份号码", () => {
  it("accepts a known valid number whose check character is X", () => {
    expect(idCardCheckDigit("11010519491231002")).toBe("X");
    expect(isValidIdCard("11010519491231002X")).toBe(true);
  });

  it("accepts numbers built with their check digit", () => {
    for (const body of ["36120219850615123", "36122120221231004", "11010119400101001"]) {
      expect(isValidIdCard(withCheck(body), TODAY), body).toBe(true);
    }
  });

  it("refuses every wrong check character", () => {
    const body = "11010519491231002";
    for (const c of "0123456789") expect(isValidIdCard(body + c)).toBe(false);
  });

  it("refuses a lower-case x until normalised", () => {
    expect(isValidIdCard("11010519491231002x")).toBe(false);
    expect(normalizeIdCard(" 11010519491231002x ")).toBe("11010519491231002X");
    expect(isValidIdCard(normalizeIdCard("11010519491231002x"))).toBe(true);
  });

  it("refuses impossible birth dates even with a right check character", () => {
    expect(isValidIdCard(withCheck("36120219900230123"))).toBe(false); // 30 February
    expect(isValidIdCard(withCheck("36120219900431123"))).toBe(false); // 31 April
    expect(isValidIdCard(withCheck("36120219901301123"))).toBe(false); // month 13
    expect(isValidIdCard(withCheck("36120219000229123"))).toBe(false); // 1900 is not a leap year
    expect(isValidIdCard(withCheck("36120220000229123"))).toBe(true); // 2000 is
    expect(isCalendarDate("19900230")).toBe(false);
  });

  it("refuses a birth date after today", () => {
    expect(isValidIdCard(withCheck("36120220270101123"), TODAY)).toBe(false);
    expect(isValidIdCard(withCheck("36120220261101123"), TODAY)).toBe(true);
  });

  it("refuses wrong lengths and other characters", () => {
    for (const s of ["", "11010519491231002", "11010519491231002X1", "110105491231002", "1101051949123100XX", "11010519491231 02X"]) {
      expect(isValidIdCard(s), s).toBe(false);
    }
    expect(() => idCardCheckDigit("1234")).toThrow(RangeError);
  });

  it("reads the region, birth date and gender of a valid number", () => {
    expect(idCardInfo("11010519491231002X")).toEqual({ region: "110105", birthDate: "1949-12-31", gender: "女" });
    expect(idCardInfo(withCheck("36120219850615123"), TODAY)).toEqual({ region: "361202", birthDate: "1985-06-15", gender: "男" });
    expect(idCardInfo("110105194912310021")).toBeNull();
  });
});

describe("统一社会信用代码", () => {
  it("accepts a known valid code", () => {
    expect(creditCodeCheckChar("91350100M000100Y4")).toBe("3");
    expect(isValidCreditCode("91350100M000100Y43")).toBe(true);
  });

  it("refuses a wrong check character", () => {
    for (const c of "0124ABXY") expect(isValidCreditCode(`91350100M000100Y4${c}`), c).toBe(false);
  });

  it("is upper case: lower case is refused until normalised", () => {
    expect(isValidCreditCode("91350100m000100y43")).toBe(false);
    expect(isValidCreditCode(normalizeCreditCode(" 91350100m000100y43 "))).toBe(true);
  });

  it("refuses wrong lengths, letters outside the alphabet and a non-numeric region", () => {
    for (const s of ["", "91350100M000100Y4", "91350100M000100Y433", "91350100O000100Y43", "913501I0M000100Y43", "91A50100M000100Y43"]) {
      expect(isValidCreditCode(s), s).toBe(false);
    }
  });

  it("computes the organisation-code check character (GB 11714)", () => {
    expect(orgCodeCheckChar("D2143569")).toBe("X");
    expect(orgCodeCheckChar("M000100Y")).toBe("4");
    expect(() => orgCodeCheckChar("D214356")).toThrow(RangeError);
  });
});

describe("mobile numbers", () => {
  it("accepts 11 digits starting 13–19", () => {
    for (const s of ["13812345678", "15900000000", "19912345678", "16612345678"]) expect(isValidMobile(s), s).toBe(true);
  });

  it("refuses other shapes", () => {
    for (const s of ["12812345678", "1381234567", "138123456789", "+8613812345678", "0791-86123456", "138 1234 5678", ""]) {
      expect(isValidMobile(s), s).toBe(false);
    }
  });
});

describe("bank card numbers", () => {
  it("computes the Luhn check digit", () => {
    expect(luhnCheckDigit("7992739871")).toBe("3");
    expect(luhnCheckDigit("411111111111111")).toBe("1");
  });

  it("accepts 12–19 digits with the right check digit", () => {
    expect(isValidBankCard("4111111111111111")).toBe(true);
    const body = "622202123456789012";
    expect(isValidBankCard(body + luhnCheckDigit(body))).toBe(true);
  });

  it("refuses a wrong check digit, wrong lengths and non-digits", () => {
    expect(isValidBankCard("4111111111111112")).toBe(false);
    expect(isValidBankCard("79927398713")).toBe(false); // valid Luhn, but 11 digits
    expect(isValidBankCard("41111111111111111111")).toBe(false);
    expect(isValidBankCard("4111-1111-1111-1111")).toBe(false);
  });
});
