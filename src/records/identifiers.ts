// Check digits and plausibility checks of the identifiers that appear in records: the citizen
// identity number (公民身份号码), the unified social credit code (统一社会信用代码) and mobile
// numbers. Pure functions, no I/O.
//
// Canonical forms only: an identity number whose check character is 'X' must be written with
// an upper-case X, and a credit code is upper case throughout. isValidIdCard("…x") is false;
// callers that accept typed input normalise first with normalizeIdCard / normalizeCreditCode.

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

/**
 * The check character of a citizen identity number (GB 11643-1999, ISO 7064 MOD 11-2) from its
 * first 17 digits: '0'–'9', or 'X' for 10.
 */
export function idCardCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError("an identity number body is 17 digits");
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** Whether "YYYYMMDD" is a real calendar date (proleptic Gregorian, year 1800 or later). */
export function isCalendarDate(yyyymmdd: string): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false;
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  return y >= 1800 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function yyyymmdd(date: Date): string {
  const y = String(date.getUTCFullYear()).padStart(4, "0");
  const m = String(date.getUTCMonth() + 1).padStart(2, "0");
  const d = String(date.getUTCDate()).padStart(2, "0");
  return `${y}${m}${d}`;
}

/**
 * Whether `id` is an 18-character citizen identity number: 17 digits and the right check
 * character (upper-case X for 10), with a birth date (characters 7–14) that is a real calendar
 * date and not after `today` (UTC calendar day; the current date when omitted). The 15-digit
 * numbers issued before 1999 are not valid here.
 */
export function isValidIdCard(id: string, today: Date = new Date()): boolean {
  if (typeof id !== "string" || !/^\d{17}[\dX]$/.test(id)) return false;
  if (idCardCheckDigit(id.slice(0, 17)) !== id[17]) return false;
  const birth = id.slice(6, 14);
  return isCalendarDate(birth) && birth <= yyyymmdd(today);
}

/** Trims and upper-cases typed input ("…x" → "…X"); does not validate. */
export function normalizeIdCard(s: string): string {
  return s.trim().toUpperCase();
}

export interface IdCardInfo {
  /** Administrative division code of the registering place (first 6 digits). */
  region: string;
  /** "YYYY-MM-DD". */
  birthDate: string;
  /** From the 17th digit: odd male (男), even female (女). */
  gender: "男" | "女";
}

/** The facts an identity number carries, or null when it is not valid. */
export function idCardInfo(id: string, today?: Date): IdCardInfo | null {
  if (!isValidIdCard(id, today)) return null;
  return {
    region: id.slice(0, 6),
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    gender: Number(id[16]) % 2 === 1 ? "男" : "女",
  };
}

// GB 32100-2015: the 31 characters of a credit code (no I, O, S, V, Z) and the weights of the
// first 17 positions.
export const CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character of a unified social credit code from its first 17 characters. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError("a credit code body is 17 characters");
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_ALPHABET.indexOf(first17[i]);
    if (v < 0) throw new RangeError(`"${first17[i]}" is not a credit code character`);
    sum += v * CREDIT_WEIGHTS[i];
  }
  const c = 31 - (sum % 31);
  return CREDIT_CODE_ALPHABET[c === 31 ? 0 : c];
}

/**
 * Whether `code` is a unified social credit code: 18 upper-case characters of the GB 32100
 * alphabet, digits in positions 3–8 (the registering authority's administrative division code),
 * and the right check character.
 */
export function isValidCreditCode(code: string): boolean {
  if (typeof code !== "string" || code.length !== 18) return false;
  for (const ch of code) if (!CREDIT_CODE_ALPHABET.includes(ch)) return false;
  if (!/^\d{6}$/.test(code.slice(2, 8))) return false;
  return creditCodeCheckChar(code.slice(0, 17)) === code[17];
}

/** Trims and upper-cases typed input; does not validate. */
export function normalizeCreditCode(s: string): string {
  return s.trim().toUpperCase();
}

/**
 * The check character of an organisation code (GB 11714-1997) from its first 8 characters
 * (digits and upper-case letters, A = 10 … Z = 35): '0'–'9', or 'X' for 10. Positions 9–17 of a
 * credit code are such a code.
 */
export function orgCodeCheckChar(first8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(first8)) throw new RangeError("an organisation code body is 8 digits or letters");
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(first8[i], 36) * weights[i];
  const c = 11 - (sum % 11);
  return c === 10 ? "X" : c === 11 ? "0" : String(c);
}

/** A mainland mobile number: 11 digits, starting 13–19. */
export function isValidMobile(s: string): boolean {
  return typeof s === "string" && /^1[3-9]\d{9}$/.test(s);
}

/** The Luhn check digit of a bank card number's other digits. */
export function luhnCheckDigit(body: string): string {
  if (!/^\d+$/.test(body)) throw new RangeError("a card number is digits");
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    // Double every second digit counting from the right of the full number (check digit last).
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Whether a bank card number (12–19 digits) passes the Luhn check. */
export function isValidBankCard(s: string): boolean {
  return typeof s === "string" && /^\d{12,19}$/.test(s) && luhnCheckDigit(s.slice(0, -1)) === s[s.length - 1];
}
