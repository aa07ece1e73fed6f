// Working days on the Chinese calendar (R12: the provider answers within N working days).
// Statutory holidays and make-up working days (调休) come from chinese-days, plus the days the
// coordinator sets per year (setHolidays). For a year neither covers, the fixed-date statutory
// holidays (元旦, 劳动节, 国庆节) still count, and the answer says it is provisional: nothing is
// silently computed as weekends-only.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const published = require("chinese-days/dist/chinese-days.json") as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
};

export type DayKind = "HOLIDAY" | "WORKDAY";

export interface CalendarOverrides {
  /** Days set by the coordinator, by ISO date. */
  days: Map<string, DayKind>;
  /** Years the coordinator has set in full. */
  years: Set<number>;
}

export const NO_OVERRIDES: CalendarOverrides = { days: new Map(), years: new Set() };

/** Years the published calendar covers (a year with statutory holidays listed). */
export const PUBLISHED_YEARS: ReadonlySet<number> = new Set(
  Object.keys(published.holidays).map((d) => Number(d.slice(0, 4))),
);

/** Fixed-date statutory holidays (全国年节及纪念日放假办法 2025): 1/1, 5/1–5/2, 10/1–10/3. */
const FIXED_HOLIDAYS = new Set(["01-01", "05-01", "05-02", "10-01", "10-02", "10-03"]);

/** China keeps one time zone, UTC+8, with no daylight saving. */
const OFFSET_MS = 8 * 3600_000;

/** The date (YYYY-MM-DD) in China of an instant. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The last instant of a China date. */
export function endOfChinaDay(date: string): Date {
  return new Date(Date.parse(`${date}T23:59:59.999Z`) - OFFSET_MS);
}

function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export function isCoveredYear(year: number, o: CalendarOverrides = NO_OVERRIDES): boolean {
  return o.years.has(year) || PUBLISHED_YEARS.has(year);
}

/** Whether a China date is a working day, and whether that answer is certain. */
export function workingDay(date: string, o: CalendarOverrides = NO_OVERRIDES): { working: boolean; certain: boolean } {
  const set = o.days.get(date);
  if (set) return { working: set === "WORKDAY", certain: true };
  const year = Number(date.slice(0, 4));
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  if (o.years.has(year)) return { working: !weekend, certain: true };
  if (PUBLISHED_YEARS.has(year)) {
    if (published.holidays[date]) return { working: false, certain: true };
    if (published.workdays[date]) return { working: true, certain: true };
    return { working: !weekend, certain: true };
  }
  if (FIXED_HOLIDAYS.has(date.slice(5))) return { working: false, certain: false };
  return { working: !weekend, certain: false };
}

/**
 * The deadline N working days after `from`: the end (China time) of the Nth working day after the
 * day of submission. `provisional` when any day counted lies in a year the calendar does not cover.
 */
export function addWorkingDays(
  from: Date,
  n: number,
  o: CalendarOverrides = NO_OVERRIDES,
): { deadline: Date; provisional: boolean; lastDay: string } {
  let day = chinaDate(from);
  let counted = 0;
  let provisional = false;
  for (let guard = 0; counted < n && guard < 3660; guard++) {
    day = addDays(day, 1);
    const w = workingDay(day, o);
    if (!w.certain) provisional = true;
    if (w.working) counted++;
  }
  return { deadline: endOfChinaDay(day), provisional, lastDay: day };
}

/** Working days from one instant to another (for decision times), counted by China date. */
export function workingDaysBetween(from: Date, to: Date, o: CalendarOverrides = NO_OVERRIDES): number {
  let day = chinaDate(from);
  const end = chinaDate(to);
  let n = 0;
  for (let guard = 0; day < end && guard < 3660; guard++) {
    day = addDays(day, 1);
    if (workingDay(day, o).working) n++;
  }
  return n;
}
