/**
 * Calendar dates as ISO strings (`YYYY-MM-DD`), computed in UTC so that the server's time zone never
 * moves a legal date by a day.
 */
export type IsoDate = string;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(v: string): boolean {
  const m = ISO.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function parts(iso: IsoDate): [number, number, number] {
  const m = ISO.exec(iso);
  if (!m) throw new Error(`not an ISO date: ${iso}`);
  return [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
}

const fmt = (d: Date): IsoDate => d.toISOString().slice(0, 10);

/** Adds whole months; a day that does not exist in the target month rolls into the next (31 Jan + 1 month = 3 Mar). */
export function addMonths(iso: IsoDate, months: number): IsoDate {
  const [y, m, d] = parts(iso);
  return fmt(new Date(Date.UTC(y, m + months, d)));
}

export const addYears = (iso: IsoDate, years: number): IsoDate => addMonths(iso, years * 12);

export function addDays(iso: IsoDate, days: number): IsoDate {
  const [y, m, d] = parts(iso);
  return fmt(new Date(Date.UTC(y, m, d + days)));
}

export const todayIso = (now: Date = new Date()): IsoDate => {
  // Legal dates are Beijing dates.
  return fmt(new Date(now.getTime() + 8 * 3_600_000));
};

/** Whole years from `from` to `to` (the anniversary counts as a full year). */
export function fullYearsBetween(from: IsoDate, to: IsoDate): number {
  const [fy, fm, fd] = parts(from);
  const [ty, tm, td] = parts(to);
  let years = ty - fy;
  if (tm < fm || (tm === fm && td < fd)) years -= 1;
  return years;
}
