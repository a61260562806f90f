import { addDays, addMonths, addYears, type IsoDate } from "./dates";
import type { AssetKind } from "./terms";
import { yuanText } from "./money";
import type { PatentKind } from "./patent-number";


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
 * Late payment surcharge by month of the 6-month grace period (DOMAIN.md): none in the first
 * month, then 5 %, 10 %, 15 %, 20 %, 25 % of the annuity. Index 0 is grace month 1.
 */
export const GRACE_SURCHARGE_BP = [0, 500, 1000, 1500, 2000, 2500] as const;
export const GRACE_MONTHS = GRACE_SURCHARGE_BP.length;

export function annuityFor(kind: PatentKind, patentYear: number, table: AnnuityTable = DEFAULT_ANNUITY_TABLE): bigint {
  const rows = table[kind];
  const row = rows.find((r) => patentYear >= r.from && patentYear <= r.to) ?? rows[rows.length - 1]!;
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

/** The last day of the grace period of the annuity that falls due after `paidThrough`; past it the patent lapses. */
export const annuityGraceEnds = (paidThrough: IsoDate) => addDays(addMonths(addDays(paidThrough, 1), GRACE_MONTHS), -1);

export type AnnuityState =
  | { state: "not_applicable" }
  | { state: "unknown" }
  | { state: "paid"; paidThrough: IsoDate; nextDue: IsoDate; patentYear: number; annuityFen: bigint }
  | {
      state: "grace"; dueDate: IsoDate; patentYear: number; graceMonth: number; annuityFen: bigint;
      surchargeBp: number; surchargeFen: bigint; graceEnds: IsoDate;
    }
  | { state: "past_grace"; dueDate: IsoDate; patentYear: number; graceEnded: IsoDate };

/**
 * Where an asset stands with its annuities on `asOf`. The next annuity falls due the day after
 * the paid-through date (the anniversary of the filing date); unpaid, it runs into the grace
 * period, month by month, and past the sixth month the patent lapses.
 */
export function annuityState(
  asset: { kind: AssetKind; filingDate: IsoDate; annuityPaidThrough: IsoDate | null },
  asOf: IsoDate,
  table: AnnuityTable = DEFAULT_ANNUITY_TABLE,
): AnnuityState {
  if (asset.kind === "trademark") return { state: "not_applicable" };
  if (!asset.annuityPaidThrough) return { state: "unknown" };
  const due = addDays(asset.annuityPaidThrough, 1);
  const patentYear = patentYearOf(asset.filingDate, due);
  const annuityFen = annuityFor(asset.kind, patentYear, table);
  if (asOf < due) return { state: "paid", paidThrough: asset.annuityPaidThrough, nextDue: due, patentYear, annuityFen };
  for (let month = 1; month <= GRACE_MONTHS; month++) {
    if (asOf < addMonths(due, month)) {
      const s = graceSurcharge(annuityFen, month);
      return {
        state: "grace", dueDate: due, patentYear, graceMonth: month, annuityFen, surchargeBp: s.bp, surchargeFen: s.fen,
        graceEnds: annuityGraceEnds(asset.annuityPaidThrough),
      };
    }
  }
  return { state: "past_grace", dueDate: due, patentYear, graceEnded: annuityGraceEnds(asset.annuityPaidThrough) };
}

/** Every grace month of an unpaid annuity with its surcharge (for the monitoring alerts). */
export function graceCalendar(dueDate: IsoDate, annuityFen: bigint) {
  return GRACE_SURCHARGE_BP.map((_, i) => {
    const month = i + 1;
    const s = graceSurcharge(annuityFen, month);
    return { month, starts: addMonths(dueDate, i), ends: addDays(addMonths(dueDate, month), -1), surchargeBp: s.bp, surchargeFen: s.fen };
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
