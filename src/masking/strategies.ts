// The masking (脱敏) strategies: pure functions, no I/O (R20; GB/T 37964-2019 techniques:
// suppression, pseudonymisation, generalisation). A value that does not fit its strategy (a
// 15-digit old ID number, a landline in a mobile field, a number where text was expected) is
// still masked; nothing is ever passed through clear by a masking strategy. null stays null and
// an empty string stays empty: there is nothing in them to reveal.
import { createHmac } from "node:crypto";
import { hmacKey, hmacToken, type HmacKey } from "./hmac.js";
import { keptOrBuilt } from "../server/kept.js";

export type MaskingStrategy =
  | "NONE"
  | "ID_CARD"
  | "MOBILE"
  | "NAME"
  | "BANK_CARD"
  | "EMAIL"
  | "ADDRESS"
  | "DATE_TO_YEAR"
  | "KEYED_HASH"
  | "REDACT"
  | "NULLIFY";

/** What a value becomes when it fits no pattern: fixed, so it tells nothing (not even a length). */
export const SUPPRESSED = "****";

export interface MaskingKeys {
  /** Server secret for KEYED_HASH. */
  secret: string;
  /** The viewer's scope (its department code): tokens join within it, not across scopes. */
  scope: string;
}

const stars = (n: number) => "*".repeat(Math.max(n, 1));

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value.normalize("NFKC").trim();
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  return null;
}

/** 居民身份证号码: keep the first 6 and last 4 (110101********1234). */
export function maskIdCard(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = text(value);
  if (s === null) return SUPPRESSED;
  if (s === "") return "";
  if (/^\d{17}[\dXx]$/.test(s)) return s.slice(0, 6) + "********" + s.slice(14).toUpperCase();
  // Old 15-digit numbers carry the birth date at 7–12 and no check digit: keep region and order.
  if (/^\d{15}$/.test(s)) return s.slice(0, 6) + "******" + s.slice(12);
  return SUPPRESSED;
}

/** 手机号: keep the first 3 and last 4 (138****5678); anything else is suppressed. */
export function maskMobile(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = text(value);
  if (s === null) return SUPPRESSED;
  if (s === "") return "";
  const digits = s.replace(/^\+?86[\s-]?/, "").replace(/[\s-]/g, "");
  if (/^1[3-9]\d{9}$/.test(digits)) return digits.slice(0, 3) + "****" + digits.slice(7);
  return SUPPRESSED;
}

/** Compound surnames kept whole (复姓). */
export const COMPOUND_SURNAMES = new Set([
  "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯",
  "轩辕", "令狐", "钟离", "端木", "百里", "呼延", "南宫", "西门", "独孤", "司空", "澹台", "太史", "闻人",
]);

/** 姓名: keep the surname (compound surnames whole), one * per other character (张*, 欧阳**). */
export function maskName(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = text(value);
  if (s === null) return SUPPRESSED;
  if (s === "") return "";
  const chars = Array.from(s);
  if (chars.length === 1) return "*";
  const isHan = /^\p{Script=Han}+$/u.test(s);
  if (isHan && chars.length >= 3 && COMPOUND_SURNAMES.has(chars[0] + chars[1])) {
    return chars[0] + chars[1] + stars(chars.length - 2);
  }
  if (isHan) return chars[0] + stars(chars.length - 1);
  // Transliterated names (买买提·艾力) and Latin names: first character only.
  return chars[0] + stars(Math.min(chars.length - 1, 6));
}

/** 银行卡号: keep the first 6 and last 4 (622202******1234). */
export function maskBankCard(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = text(value);
  if (s === null) return SUPPRESSED;
  if (s === "") return "";
  const digits = s.replace(/[\s-]/g, "");
  if (/^\d{12,19}$/.test(digits)) return digits.slice(0, 6) + stars(digits.length - 10) + digits.slice(-4);
  return SUPPRESSED;
}

/** 电子邮箱: keep the first character of the local part and the domain (z***@example.cn). */
export function maskEmail(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = text(value);
  if (s === null) return SUPPRESSED;
  if (s === "") return "";
  const m = /^([^@\s]+)@([^@\s]+\.[^@\s]+)$/.exec(s);
  if (!m) return SUPPRESSED;
  return Array.from(m[1])[0] + "***@" + m[2].toLowerCase();
}

/**
 * 地址: keep down to the district or county (北京市朝阳区****). The county-level unit is the first
 * 区/县/旗 (or a county-level 市 after a prefecture-level one); without one, nothing is kept.
 */
export function maskAddress(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = text(value);
  if (s === null) return SUPPRESSED;
  if (s === "") return "";
  const m =
    /^((?:[^省市区县旗]{1,8}(?:省|自治区))?(?:[^省市区县旗]{1,10}(?:市|自治州|地区|盟))?[^省市区县旗]{1,10}?(?:区|县|旗|自治县|市))/u.exec(
      s,
    );
  if (!m) return SUPPRESSED;
  // Without a district, a bare "XX市" keeps only the city: still above street level.
  return m[1] + SUPPRESSED;
}

/** 出生日期 and other dates: generalised to the year (1990). */
export function maskDateToYear(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = text(value);
  if (s === null) return SUPPRESSED;
  if (s === "") return "";
  const m = /^(\d{4})(?:-|\/|年|\.)?(\d{1,2})?/.exec(s);
  if (!m) return SUPPRESSED;
  const year = Number(m[1]);
  if (year < 1800 || year > 2200) return SUPPRESSED;
  return m[1];
}

/** The key of one scope: HMAC(secret, scope). SQL filters on tokens use it, never the secret. */
export function scopeKey(keys: MaskingKeys): Buffer {
  return createHmac("sha256", keys.secret).update(keys.scope).digest();
}

/** Scope keys made ready, by secret and scope: a department's key is derived once, not per page. */
const readyKeys = new Map<string, HmacKey>();
const MAX_READY_KEYS = 1000;

/** The scope's key made ready for many tokens (masking/hmac.ts), kept like statements (server/kept.ts). */
export function scopeHmacKey(keys: MaskingKeys): HmacKey {
  return keptOrBuilt(readyKeys, `${keys.secret}\u0000${keys.scope}`, MAX_READY_KEYS, () => hmacKey(scopeKey(keys)));
}

/**
 * Keyed hash (pseudonymisation): HMAC-SHA256 of the value under the scope's key. The same value
 * gives the same token within one scope (a department), so tokens still join there; two scopes
 * get unrelated tokens, so they cannot be linked across departments. Values are NFKC-normalised
 * and trimmed first, as SQL does in records filters (normalize(btrim(v), NFKC)).
 */
export function keyedHash(value: unknown, keys: MaskingKeys, key: HmacKey = scopeHmacKey(keys)): string | null {
  if (value === null || value === undefined) return null;
  const s = text(value) ?? JSON.stringify(value);
  if (s === "") return "";
  return "h_" + hmacToken(key, s);
}

/** Applies a strategy. NONE returns the value unchanged; every other strategy masks. */
export function applyMask(strategy: MaskingStrategy, value: unknown, keys: MaskingKeys): unknown {
  switch (strategy) {
    case "NONE":
      return value;
    case "ID_CARD":
      return maskIdCard(value);
    case "MOBILE":
      return maskMobile(value);
    case "NAME":
      return maskName(value);
    case "BANK_CARD":
      return maskBankCard(value);
    case "EMAIL":
      return maskEmail(value);
    case "ADDRESS":
      return maskAddress(value);
    case "DATE_TO_YEAR":
      return maskDateToYear(value);
    case "KEYED_HASH":
      return keyedHash(value, keys);
    case "REDACT":
      return value === null || value === undefined ? null : SUPPRESSED;
    case "NULLIFY":
      return null;
    default: {
      // An unknown strategy must never let a value through.
      const never: never = strategy;
      void never;
      return value === null || value === undefined ? null : SUPPRESSED;
    }
  }
}
