/**
 * Calendar dates as ISO strings (`YYYY-MM-DD`), computed in UTC so that the server's time zone never
 * moves a legal date by a day. Months are added the way banks and CNIPA count them: the same day of
 * the month, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb).
 */
export type IsoDate = string;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(iso: IsoDate): [number, number, number] {
  const m = ISO.exec(iso);
  if (!m) throw new RangeError(`not an ISO date: ${iso}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const fmt = (y: number, m: number, d: number): IsoDate => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** A real calendar date written `YYYY-MM-DD` (2026-02-30 is not one). */
export function isIsoDate(v: unknown): v is IsoDate {
  if (typeof v !== "string" || !ISO.test(v)) return false;
  const [y, m, d] = parts(v);
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  const [y, m, d] = parts(iso);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return fmt(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Adds months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(iso: IsoDate, months: number): IsoDate {
  const [y, m, d] = parts(iso);
  const idx = y * 12 + (m - 1) + months;
  const ny = Math.floor(idx / 12);
  const nm = (idx % 12) + 1;
  return fmt(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

export const addYears = (iso: IsoDate, years: number): IsoDate => addMonths(iso, years * 12);

/**
 * The last day of a term of `years` counted from `start`: the day before the anniversary (a patent
 * filed 2010-03-15 is in force through 2030-03-14). When the anniversary month has no such day
 * (filed on 29 February), the term ends on that month's last day (Civil Code art. 202).
 */
export function termLastDay(start: IsoDate, years: number): IsoDate {
  const anniversary = addYears(start, years);
  return anniversary.slice(8) === start.slice(8) ? addDays(anniversary, -1) : anniversary;
}

/** Whole days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  const [ay, am, ad] = parts(a);
  const [by, bm, bd] = parts(b);
  return Math.round((Date.UTC(by, bm - 1, bd) - Date.UTC(ay, am - 1, ad)) / 86_400_000);
}

/** Whole months from `from` until `to` (negative when `to` is earlier); a month is complete on the same day-of-month. */
export function monthsBetween(from: IsoDate, to: IsoDate): number {
  const [fy, fm, fd] = parts(from);
  const [ty, tm, td] = parts(to);
  let months = (ty - fy) * 12 + (tm - fm);
  if (months > 0 && td < fd) months -= 1;
  else if (months < 0 && td > fd) months += 1;
  return months;
}

/** Whole years from `from` to `to` (the anniversary counts as a full year). */
export const yearsBetween = (from: IsoDate, to: IsoDate) => Math.trunc(monthsBetween(from, to) / 12);

export const yearOf = (iso: IsoDate) => parts(iso)[0];

/** The calendar date of an instant in Shanghai (UTC+8, no daylight saving): legal dates are Beijing dates. */
export function shanghaiDate(at: Date = new Date()): IsoDate {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
