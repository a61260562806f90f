import { addDays, addMonths, addYears, termLastDay, yearOf, type IsoDate } from "./dates";
import { yuanText } from "./money";
import type { PatentKind } from "./patent-number";
import { isPatentKind, termYears, type AssetKind } from "./terms";


/**
 * Annual fee (年费) per patent year, in 分. CONFIGURABLE DEFAULT: the CNIPA schedule as commonly
 * published (unverified here); pass another table to the functions below when the fees change
 * or a fee reduction applies. Each row: patent years `from`–`to` inclusive.
 */
export type AnnuityTable = Record<PatentKind, Array<{ from: number; to: number; fen: bigint }>>;

export const DEFAULT_ANNUITY_TABLE: AnnuityTable = {
  invention: [
    { from: 1, to: 3, fen: 90_000n }, { from: 4, to: 6, fen: 120_000n }, { from: 7, to: 9, fen: 200_000n },
    { from: 10, to: 12, fen: 400_000n }, { from: 13, to: 15, fen: 600_000n }, { from: 16, to: 20, fen: 800_000n },
  ],
  utility_model: [
    { from: 1, to: 3, fen: 60_000n }, { from: 4, to: 5, fen: 90_000n }, { from: 6, to: 8, fen: 120_000n }, { from: 9, to: 10, fen: 200_000n },
  ],
  design: [
    { from: 1, to: 3, fen: 60_000n }, { from: 4, to: 5, fen: 90_000n }, { from: 6, to: 8, fen: 120_000n },
    { from: 9, to: 10, fen: 200_000n }, { from: 11, to: 15, fen: 300_000n },
  ],
};

/**
 * Late payment surcharge by month of the 6-month late-payment period (DOMAIN.md): none in the first
 * month, then 5 %, 10 %, 15 %, 20 %, 25 % of the annuity. Index 0 is grace month 1.
 */
export const GRACE_SURCHARGE_BP = [0, 500, 1000, 1500, 2000, 2500] as const;
export const GRACE_MONTHS = GRACE_SURCHARGE_BP.length;

/**
 * The annuity of patent year `patentYear`. Refuses a year outside the patent's legal term (a design
 * filed before 2021-06-01 has 10 years, not the table's 15) or outside the table: there is no fee to
 * pay for a year the patent does not have, and guessing one would mislead.
 */
export function annuityFor(patent: { kind: PatentKind; filingDate: IsoDate }, patentYear: number, table: AnnuityTable = DEFAULT_ANNUITY_TABLE): bigint {
  const term = termYears(patent.kind, patent.filingDate);
  if (!Number.isInteger(patentYear) || patentYear < 1 || patentYear > term) {
    throw new RangeError(`patent year ${patentYear} is outside the ${term}-year term of a ${patent.kind} filed on ${patent.filingDate}`);
  }
  const row = table[patent.kind].find((r) => patentYear >= r.from && patentYear <= r.to);
  if (!row) throw new RangeError(`the annuity table has no fee for year ${patentYear} of a ${patent.kind}`);
  return row.fen;
}

/** The surcharge in 分 for paying in grace month `month` (1–6): rounded half up. */
export function graceSurcharge(annuityFen: bigint, month: number): { bp: number; fen: bigint } {
  if (!Number.isInteger(month) || month < 1 || month > GRACE_MONTHS) throw new RangeError(`grace month ${month} is outside 1–${GRACE_MONTHS}`);
  const bp = GRACE_SURCHARGE_BP[month - 1]!;
  return { bp, fen: (annuityFen * BigInt(bp) + 5_000n) / 10_000n };
}

/** Patent year (1-based, counted from the filing date) that contains `date`. */
export function patentYearOf(filingDate: IsoDate, date: IsoDate): number {
  let n = 0;
  while (addYears(filingDate, n + 1) <= date) n++;
  return n + 1;
}

/**
 * The annuity that falls due after `paidThrough`, and the day it is due. Patent years begin on the
 * anniversaries of the filing date; a paid-through date closes a patent year (its last day, counted as
 * a term is: `termLastDay`), and the next year's annuity is due ON the anniversary that begins it —
 * 缴费期限届满日即申请日在该年的相应日 (Implementing Rules r. 98; the guidelines' example: filed
 * 1997-06-03, the sixth year's annuity is due by 2002-06-03). A patent filed on 29 February falls due
 * on 28 February in common years (a month without the corresponding day ends on its last day, r. 6).
 */
export function nextAnnuity(filingDate: IsoDate, paidThrough: IsoDate): { patentYear: number; dueDate: IsoDate } {
  if (paidThrough < filingDate) return { patentYear: 1, dueDate: filingDate };
  let k = Math.max(1, yearOf(paidThrough) - yearOf(filingDate) - 1);
  while (termLastDay(filingDate, k) < paidThrough) k++;
  return { patentYear: k + 1, dueDate: addYears(filingDate, k) };
}

/**
 * The last day of the late-payment period (滞纳期) of an annuity due on `dueDate`: "自应当缴纳年费期满之日起
 * 6个月内补缴"; a period does not count its first day (r. 6), so it ends on the due date + 6 months.
 */
export const graceEndsOf = (dueDate: IsoDate) => addMonths(dueDate, GRACE_MONTHS);

/** The grace month (1–6) that `asOf` falls in, for an annuity due on `dueDate`; null when not late or past the period. */
function graceMonthOf(dueDate: IsoDate, asOf: IsoDate): number | null {
  if (asOf <= dueDate) return null;
  // Each month ends on the due date's corresponding day, counted from the due date (not month by month),
  // so a due date of 31 January gives month ends 28/29 February, 31 March, 30 April, …
  for (let month = 1; month <= GRACE_MONTHS; month++) if (asOf <= addMonths(dueDate, month)) return month;
  return null;
}

export type AnnuityState =
  | { state: "not_applicable" }
  | { state: "unknown" }
  /** Nothing is late on the day asked about; `nextDue` may be that very day, the last day to pay without surcharge. */
  | { state: "paid"; paidThrough: IsoDate; nextDue: IsoDate; patentYear: number; annuityFen: bigint }
  /** Every annuity of the legal term is paid. */
  | { state: "paid_to_term"; paidThrough: IsoDate }
  | {
      state: "grace"; dueDate: IsoDate; patentYear: number; graceMonth: number; annuityFen: bigint;
      surchargeBp: number; surchargeFen: bigint; graceEnds: IsoDate;
    }
  | { state: "past_grace"; dueDate: IsoDate; patentYear: number; graceEnded: IsoDate };

/**
 * THE rule of where a patent stands with its annuities on `asOf`; the market's legal status, the
 * valuation, the pledge pre-check and the monitoring all decide by it. Due on the anniversary itself
 * (still payable that day without surcharge); then the six months of the late-payment period with the
 * surcharge tiers "超过规定缴费时间不足一个月 0 %, 超过一个月(不含一整月)至两个月(含两个整月) 5 %, …,
 * 五至六个月 25 %"; past the sixth month the patent lapses.
 */
export function annuityState(
  asset: { kind: AssetKind; filingDate: IsoDate; annuityPaidThrough: IsoDate | null },
  asOf: IsoDate,
  table: AnnuityTable = DEFAULT_ANNUITY_TABLE,
): AnnuityState {
  if (!isPatentKind(asset.kind)) return { state: "not_applicable" };
  if (!asset.annuityPaidThrough) return { state: "unknown" };
  const patent = { kind: asset.kind, filingDate: asset.filingDate };
  const { patentYear, dueDate } = nextAnnuity(asset.filingDate, asset.annuityPaidThrough);
  if (patentYear > termYears(asset.kind, asset.filingDate)) return { state: "paid_to_term", paidThrough: asset.annuityPaidThrough };
  const annuityFen = annuityFor(patent, patentYear, table);
  if (asOf <= dueDate) return { state: "paid", paidThrough: asset.annuityPaidThrough, nextDue: dueDate, patentYear, annuityFen };
  const month = graceMonthOf(dueDate, asOf);
  if (month === null) return { state: "past_grace", dueDate, patentYear, graceEnded: graceEndsOf(dueDate) };
  const s = graceSurcharge(annuityFen, month);
  return { state: "grace", dueDate, patentYear, graceMonth: month, annuityFen, surchargeBp: s.bp, surchargeFen: s.fen, graceEnds: graceEndsOf(dueDate) };
}

/** Unpaid past the late-payment period: the patent has lapsed (终止), whatever the record still says. */
export const annuityLapsed = (asset: { kind: AssetKind; filingDate: IsoDate; annuityPaidThrough?: IsoDate | null }, asOf: IsoDate) =>
  annuityState({ ...asset, annuityPaidThrough: asset.annuityPaidThrough ?? null }, asOf).state === "past_grace";

/** Every grace month of an unpaid annuity with its surcharge (for the monitoring alerts): month m runs from the day after due + (m−1) months through due + m months. */
export function graceCalendar(dueDate: IsoDate, annuityFen: bigint) {
  return GRACE_SURCHARGE_BP.map((_, i) => {
    const month = i + 1;
    const s = graceSurcharge(annuityFen, month);
    return { month, starts: addDays(addMonths(dueDate, i), 1), ends: addMonths(dueDate, month), surchargeBp: s.bp, surchargeFen: s.fen };
  });
}


export const ANNUITY_ALERT_KINDS = ["annuityDue", "annuityGrace", "annuityLapsed"] as const;
export type AnnuityAlert = { kind: (typeof ANNUITY_ALERT_KINDS)[number]; key: string; params: Record<string, string | number> };

/**
 * The annuity alert an asset deserves on `asOf`, if any: due within `horizonDays`, in a grace month
 * (one alert per month, with that month's surcharge), or past the grace period. The key names the
 * cause, so a sweep that runs again alerts nobody twice.
 */
export function annuityAlert(
  asset: { id: string; number: string; kind: AssetKind; filingDate: IsoDate; annuityPaidThrough: IsoDate | null },
  asOf: IsoDate,
  horizonDays: number,
  table: AnnuityTable = DEFAULT_ANNUITY_TABLE,
): AnnuityAlert | null {
  const s = annuityState(asset, asOf, table);
  if (s.state === "paid" && s.nextDue <= addDays(asOf, horizonDays)) {
    return { kind: "annuityDue", key: `annuity-due:${asset.id}:${s.nextDue}`, params: { number: asset.number, dueDate: s.nextDue, annuityFen: s.annuityFen.toString(), annuity: yuanText(s.annuityFen) } };
  }
  if (s.state === "grace") {
    return { kind: "annuityGrace", key: `annuity-grace:${asset.id}:${s.dueDate}:m${s.graceMonth}`, params: {
      number: asset.number, dueDate: s.dueDate, graceMonth: s.graceMonth, surchargePercent: s.surchargeBp / 100,
      surchargeFen: s.surchargeFen.toString(), totalFen: (s.annuityFen + s.surchargeFen).toString(), total: yuanText(s.annuityFen + s.surchargeFen), graceEnds: s.graceEnds,
    } };
  }
  if (s.state === "past_grace") return { kind: "annuityLapsed", key: `annuity-lapsed:${asset.id}:${s.dueDate}`, params: { number: asset.number, dueDate: s.dueDate } };
  return null;
}
