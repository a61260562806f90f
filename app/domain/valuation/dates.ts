/** Calendar arithmetic on ISO dates (`YYYY-MM-DD`), in whole months, independent of any time zone. */
export type IsoDate = string;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(iso: IsoDate): [number, number, number] {
  const m = ISO.exec(iso);
  if (!m) throw new RangeError(`not an ISO date: ${iso}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

export const isIsoDate = (v: unknown): v is IsoDate => typeof v === "string" && ISO.test(v);

/** Whole months from `from` until `to` (negative when `to` is earlier); a month is complete on the same day-of-month. */
export function monthsBetween(from: IsoDate, to: IsoDate): number {
  const [fy, fm, fd] = parts(from);
  const [ty, tm, td] = parts(to);
  let months = (ty - fy) * 12 + (tm - fm);
  if (months > 0 && td < fd) months -= 1;
  else if (months < 0 && td > fd) months += 1;
  return months;
}

export const yearsBetween = (from: IsoDate, to: IsoDate) => Math.trunc(monthsBetween(from, to) / 12);

export function addDays(iso: IsoDate, days: number): IsoDate {
  const [y, m, d] = parts(iso);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Adds months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(iso: IsoDate, months: number): IsoDate {
  const [y, m, d] = parts(iso);
  const idx = y * 12 + (m - 1) + months;
  const ny = Math.floor(idx / 12);
  const nm = (idx % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${String(ny).padStart(4, "0")}-${String(nm).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

export const yearOf = (iso: IsoDate) => parts(iso)[0];
