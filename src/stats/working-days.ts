// Working days between two instants, in SQL, on the same calendar as src/access/calendar.ts
// (R12): a day set by the coordinator (calendar_days) decides first; a year the coordinator set in
// full (calendar_years) counts its other days by weekday; then the published calendar
// (chinese-days: statutory holidays and make-up working days); in a year neither covers, the
// fixed-date holidays (1/1, 5/1–2, 10/1–3) still count. The published calendar lives in a JSON file
// of the chinese-days package, not in the database, so its dates are passed as parameters (a few
// hundred short dates); the coordinator's days are read from calendar_days in the same statement.
// Counted like workingDaysBetween: the working days after the China date of the start, up to and
// including the China date of the end.
import { createRequire } from "node:module";
import { sql, type SQL } from "drizzle-orm";
import { PUBLISHED_YEARS } from "../access/calendar.js";

const require = createRequire(import.meta.url);
const published = require("chinese-days/dist/chinese-days.json") as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
};

const HOLIDAYS = Object.keys(published.holidays).sort().join(",");
const WORKDAYS = Object.keys(published.workdays).sort().join(",");
const YEARS = [...PUBLISHED_YEARS].sort().join(",");
const FIXED = "01-01,05-01,05-02,10-01,10-02,10-03";

/** The China (UTC+8, no daylight saving) date of a timestamptz expression, as a SQL date. */
export function chinaDateSql(ts: SQL): SQL {
  return sql`(((${ts}) at time zone 'UTC') + interval '8 hours')::date`;
}

/**
 * A query of every China date from `first` to `last` (SQL dates) with `cum`, the number of working
 * days up to and including it: the working days after date a, up to and including date b, are
 * cum(b) − cum(a). Each day is classified once, however many requests refer to it; the published
 * dates are unnested once and joined, not searched day by day.
 */
export function workingDayCalendarSql(first: SQL, last: SQL): SQL {
  const ds = sql`to_char(s.d::timestamp, 'YYYY-MM-DD')`;
  const weekday = sql`extract(isodow from s.d) < 6`;
  return sql`select cal.d, sum(case when cal.working then 1 else 0 end) over (order by cal.d)::int as cum
    from (
      select s.d, coalesce(
               case c.kind when 'WORKDAY' then true when 'HOLIDAY' then false end,
               case
                 when y.year is not null then ${weekday}
                 when p.kind = 'H' then false
                 when p.kind = 'W' then true
                 when extract(year from s.d)::int = any(string_to_array(${YEARS}::text, ',')::int[]) then ${weekday}
                 when to_char(s.d::timestamp, 'MM-DD') = any(string_to_array(${FIXED}::text, ',')) then false
                 else ${weekday}
               end) as working
        from (select (${first}) + i as d from generate_series(0, (${last}) - (${first})) as g(i)) s
        left join calendar_days c on c.day = ${ds}
        left join calendar_years y on y.year = extract(year from s.d)::int
        left join (select u.day, min(u.kind) as kind  -- one row a day; a holiday wins, as in calendar.ts
                     from (select unnest(string_to_array(${HOLIDAYS}::text, ','))::date as day, 'H' as kind
                           union all
                           select unnest(string_to_array(${WORKDAYS}::text, ','))::date, 'W') u
                    group by u.day) p on p.day = s.d
    ) cal`;
}
