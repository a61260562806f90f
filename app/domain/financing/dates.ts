/**
 * Calendar dates as ISO strings (`YYYY-MM-DD`), computed in UTC so that a date never shifts with
 * the server's time zone. Months are added the way banks and CNIPA count them: the same day of the
 * month, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb).
 */
export type IsoDate = string;

const parse = (d: IsoDate) => {
  const [y, m, day] = d.slice(0, 10).split("-").map(Number);
  return { y: y!, m: m!, d: day! };
};

const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const fmt = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

export function addMonths(date: IsoDate, months: number): IsoDate {
  const { y, m, d } = parse(date);
  const idx = y * 12 + (m - 1) + months;
  const ny = Math.floor(idx / 12);
  const nm = (idx % 12) + 1;
  return fmt(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

export const addYears = (date: IsoDate, years: number) => addMonths(date, years * 12);

export function addDays(date: IsoDate, days: number): IsoDate {
  const { y, m, d } = parse(date);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return fmt(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Whole days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  const pa = parse(a);
  const pb = parse(b);
  return Math.round((Date.UTC(pb.y, pb.m - 1, pb.d) - Date.UTC(pa.y, pa.m - 1, pa.d)) / 86_400_000);
}

/** The calendar date of an instant in Shanghai (UTC+8, no daylight saving). */
export function shanghaiDate(at: Date = new Date()): IsoDate {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export const isIsoDate = (v: unknown): v is IsoDate =>
  typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && addDays(v, 0) === v;
