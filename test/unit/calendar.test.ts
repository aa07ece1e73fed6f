// Working-day deadlines on the real Chinese calendar (R12), 2025 and 2026: Spring Festival,
// National Day and the make-up Saturdays; and a year the calendar does not cover.
import { describe, expect, it } from "vitest";
import { addWorkingDays, chinaDate, workingDay, workingDaysBetween, type CalendarOverrides } from "../../src/access/calendar.js";

/** An instant at the given China local time. */
const cn = (local: string) => new Date(`${local}+08:00`);

describe("the working-day calendar", () => {
  it("knows statutory holidays and make-up working days of 2025 and 2026", () => {
    expect(workingDay("2025-01-29").working).toBe(false); // 春节
    expect(workingDay("2025-01-26").working).toBe(true); // 调休 Sunday
    expect(workingDay("2025-02-08").working).toBe(true); // 调休 Saturday
    expect(workingDay("2025-10-01").working).toBe(false); // 国庆
    expect(workingDay("2025-09-28").working).toBe(true); // 调休 Sunday
    expect(workingDay("2026-02-17").working).toBe(false); // 春节
    expect(workingDay("2026-02-14").working).toBe(true); // 调休 Saturday
    expect(workingDay("2026-09-20").working).toBe(true); // 调休 Sunday
    expect(workingDay("2026-10-05").working).toBe(false); // 国庆
    expect(workingDay("2026-11-21").working).toBe(false); // an ordinary Saturday
  });

  it("counts 3 working days over a weekend", () => {
    // Friday 2026-11-20 → Mon 23, Tue 24, Wed 25.
    const r = addWorkingDays(cn("2026-11-20T10:00:00"), 3);
    expect(r.lastDay).toBe("2026-11-25");
    expect(r.provisional).toBe(false);
    expect(r.deadline.toISOString()).toBe("2026-11-25T15:59:59.999Z");
  });

  it("skips the 2026 Spring Festival and counts the make-up Saturday", () => {
    // Thursday 2026-02-12 → Fri 13, Sat 14 (make-up), then the holiday to 02-23 → Mon 24.
    expect(addWorkingDays(cn("2026-02-12T09:00:00"), 3).lastDay).toBe("2026-02-24");
  });

  it("skips National Day 2025 and counts the make-up Saturday after it", () => {
    // Tuesday 2025-09-30 → holiday 10-01..10-08, Sat 10-11 is a make-up day → Thu 09, Fri 10, Sat 11.
    expect(addWorkingDays(cn("2025-09-30T16:00:00"), 3).lastDay).toBe("2025-10-11");
  });

  it("counts from the day after submission, by China date", () => {
    // 23:30 UTC on Sunday is already Monday 07:30 in China.
    expect(chinaDate(new Date("2026-11-22T23:30:00Z"))).toBe("2026-11-23");
    expect(addWorkingDays(new Date("2026-11-22T23:30:00Z"), 1).lastDay).toBe("2026-11-24");
  });

  it("says a deadline is provisional in a year the calendar does not cover, and still skips fixed holidays", () => {
    const r = addWorkingDays(cn("2027-09-30T10:00:00"), 3);
    expect(r.provisional).toBe(true);
    // 2027-10-01 (Fri) is a fixed-date holiday, 10-02/03 a weekend → Mon 04, Tue 05, Wed 06.
    expect(r.lastDay).toBe("2027-10-06");
    expect(workingDay("2027-05-01")).toEqual({ working: false, certain: false });
  });

  it("follows the days the coordinator sets for a year", () => {
    const o: CalendarOverrides = { days: new Map([["2027-10-04", "HOLIDAY"], ["2027-10-09", "WORKDAY"]]), years: new Set([2027]) };
    const r = addWorkingDays(cn("2027-09-30T10:00:00"), 3, o);
    expect(r.provisional).toBe(false);
    // The coordinator's table is the whole truth for 2027: Fri 10-01 counts (1), the weekend and
    // 10-04 do not, then Tue 05 (2), Wed 06 (3).
    expect(r.lastDay).toBe("2027-10-06");
  });

  it("counts working days between two instants", () => {
    expect(workingDaysBetween(cn("2026-11-20T10:00:00"), cn("2026-11-25T09:00:00"))).toBe(3);
    expect(workingDaysBetween(cn("2026-11-20T10:00:00"), cn("2026-11-20T18:00:00"))).toBe(0);
  });
});
