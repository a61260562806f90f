import { addDays, isIsoDate, type IsoDate } from "../dates";

/**
 * The Chinese working-day calendar: Monday to Friday work, except the public holidays the State
 * Council announces each year, plus the make-up working days (调休上班) it moves onto weekends.
 * A year the table does not know yet counts weekends only, and says so (`known`), so that a clock
 * running into it is shown as provisional rather than silently wrong.
 */
export type YearCalendar = { holidays: readonly IsoDate[]; workdays: readonly IsoDate[] };
export type WorkingDayCalendar = Readonly<Record<number, YearCalendar>>;

const span = (from: IsoDate, days: number): IsoDate[] => Array.from({ length: days }, (_, i) => addDays(from, i));

/**
 * 国务院办公厅关于2025年、2026年部分节假日安排的通知 (国办发明电〔2024〕12号, 〔2025〕7号).
 * Add a year here when its notice is published (usually in November of the year before).
 */
export const CN_CALENDAR: WorkingDayCalendar = {
  2025: {
    holidays: [
      "2025-01-01", ...span("2025-01-28", 8), ...span("2025-04-04", 3), ...span("2025-05-01", 5),
      ...span("2025-05-31", 3), ...span("2025-10-01", 8),
    ],
    workdays: ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
  },
  2026: {
    holidays: [
      ...span("2026-01-01", 3), ...span("2026-02-15", 9), ...span("2026-04-04", 3), ...span("2026-05-01", 5),
      ...span("2026-06-19", 3), ...span("2026-09-25", 3), ...span("2026-10-01", 7),
    ],
    workdays: ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
  },
};

/** Merges a configured table (e.g. a year announced after this release) over the built-in one. */
export function withYears(base: WorkingDayCalendar, extra: WorkingDayCalendar): WorkingDayCalendar {
  return { ...base, ...extra };
}

export function knowsYear(date: IsoDate, cal: WorkingDayCalendar = CN_CALENDAR): boolean {
  return cal[Number(date.slice(0, 4))] !== undefined;
}

export function isWorkingDay(date: IsoDate, cal: WorkingDayCalendar = CN_CALENDAR): boolean {
  if (!isIsoDate(date)) throw new RangeError(`not an ISO date: ${date}`);
  const year = cal[Number(date.slice(0, 4))];
  if (year?.workdays.includes(date)) return true;
  if (year?.holidays.includes(date)) return false;
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/**
 * The day a period of `n` working days that starts on `start` ends: the start day itself does not
 * count (a period does not count its first day), so 3 working days from a Friday filing end on the
 * Wednesday after.
 */
export function addWorkingDays(start: IsoDate, n: number, cal: WorkingDayCalendar = CN_CALENDAR): IsoDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0: ${n}`);
  let d = start;
  for (let left = n; left > 0;) {
    d = addDays(d, 1);
    if (isWorkingDay(d, cal)) left--;
  }
  return d;
}

/** Working days after `from` up to and including `to` (0 when `to` is not later). */
export function workingDaysBetween(from: IsoDate, to: IsoDate, cal: WorkingDayCalendar = CN_CALENDAR): number {
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d, cal)) count++;
  return count;
}

/** CNIPA decides a pledge registration within 3 working days of a complete filing (《专利权质押登记办法》 2021). */
export const DECISION_WORKING_DAYS = 3;

export type DecisionClock = { startedOn: IsoDate; dueOn: IsoDate; provisional: boolean };

/** The decision clock from a complete filing, or from the day a correction (补正) made it complete. */
export function decisionClock(startedOn: IsoDate, cal: WorkingDayCalendar = CN_CALENDAR, days = DECISION_WORKING_DAYS): DecisionClock {
  const dueOn = addWorkingDays(startedOn, days, cal);
  return { startedOn, dueOn, provisional: !knowsYear(startedOn, cal) || !knowsYear(dueOn, cal) };
}

/** Working days left on a clock on `today`: negative once overdue. */
export function workingDaysLeft(clock: DecisionClock, today: IsoDate, cal: WorkingDayCalendar = CN_CALENDAR): number {
  return today <= clock.dueOn ? workingDaysBetween(today, clock.dueOn, cal) : -workingDaysBetween(clock.dueOn, today, cal);
}
