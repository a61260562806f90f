import { addMonths, daysBetween, type IsoDate } from "../dates";

/**
 * Repayment schedules in 分. Interest accrues on the outstanding principal by the loan's day count —
 * `monthly`: annual rate / 12 for each month of the period (按月计息); `actual_360`: annual rate / 360
 * for each actual day of the period (按日计息, the banks' 日利率 = 年利率 / 360) — rounded half up per
 * instalment. Principal is rounded down per instalment and the rounding is left in the last one, so
 * the principal parts always sum to the loan exactly.
 */
export const REPAYMENT_METHODS = ["equal_principal", "equal_instalment", "interest_only_bullet", "quarterly_interest_bullet"] as const;
export type RepaymentMethod = (typeof REPAYMENT_METHODS)[number];
export const DAY_COUNTS = ["monthly", "actual_360"] as const;
export type DayCount = (typeof DAY_COUNTS)[number];

export type Instalment = { seq: number; dueDate: IsoDate; principalFen: bigint; interestFen: bigint };

/** outstanding × rate / 12, rounded half up, in exact integer arithmetic. */
export function monthlyInterest(outstandingFen: bigint, annualRateBp: number): bigint {
  return periodInterest(outstandingFen, annualRateBp, "monthly", { months: 1, days: 0 });
}

/**
 * Interest of one period: outstanding × rate × months / 12 (`monthly`) or × days / 360 (`actual_360`),
 * rounded half up.
 */
export function periodInterest(outstandingFen: bigint, annualRateBp: number, dayCount: DayCount, period: { months: number; days: number }): bigint {
  const [num, den] = dayCount === "monthly" ? [BigInt(period.months), 12n * 10_000n] : [BigInt(period.days), 360n * 10_000n];
  return (outstandingFen * BigInt(annualRateBp) * num * 2n + den) / (2n * den);
}

/** Months per instalment: every month, or every quarter for 按季付息、到期还本. */
const periodMonths = (m: RepaymentMethod) => (m === "quarterly_interest_bullet" ? 3 : 1);

export function buildSchedule(input: {
  principalFen: bigint; annualRateBp: number; termMonths: number; method: RepaymentMethod; startDate: IsoDate; dayCount?: DayCount;
}): Instalment[] {
  const { principalFen: P, annualRateBp, termMonths: n, method, startDate } = input;
  const dayCount = input.dayCount ?? "monthly";
  if (P <= 0n) throw new RangeError("principal must be positive");
  if (!Number.isInteger(n) || n < 1) throw new RangeError("term must be at least one month");
  if (!Number.isInteger(annualRateBp) || annualRateBp < 0) throw new RangeError("rate must be a non-negative integer of basis points");
  const step = periodMonths(method);
  // Period ends counted from the start date (not chained), so 31 Jan gives 28/29 Feb, 31 Mar, 30 Apr …;
  // a term that is not a whole number of quarters ends with a shorter period at maturity.
  const ends: number[] = [];
  for (let m = step; m < n; m += step) ends.push(m);
  ends.push(n);
  const count = ends.length;
  const N = BigInt(count);
  const out: Instalment[] = [];
  let outstanding = P;

  let payment = 0n;
  if (method === "equal_instalment") {
    const r = annualRateBp / 120_000;
    payment = r === 0 ? (P + N - 1n) / N : BigInt(Math.round((Number(P) * r * (1 + r) ** count) / ((1 + r) ** count - 1)));
  }
  for (let i = 1; i <= count; i++) {
    const fromMonth = i === 1 ? 0 : ends[i - 2]!;
    const from = addMonths(startDate, fromMonth);
    const due = addMonths(startDate, ends[i - 1]!);
    const interest = periodInterest(outstanding, annualRateBp, dayCount, { months: ends[i - 1]! - fromMonth, days: daysBetween(from, due) });
    let principal: bigint;
    if (i === count) principal = outstanding;
    else if (method === "equal_principal") principal = P / N;
    else if (method === "interest_only_bullet" || method === "quarterly_interest_bullet") principal = 0n;
    else {
      principal = payment - interest;
      if (principal < 0n) principal = 0n;
      if (principal > outstanding) principal = outstanding;
    }
    outstanding -= principal;
    out.push({ seq: i, dueDate: due, principalFen: principal, interestFen: interest });
  }
  return out;
}

export const sumPrincipal = (s: readonly Pick<Instalment, "principalFen">[]) => s.reduce((a, x) => a + x.principalFen, 0n);
export const sumInterest = (s: readonly Pick<Instalment, "interestFen">[]) => s.reduce((a, x) => a + x.interestFen, 0n);

export type InstalmentState = Instalment & { paidPrincipalFen: bigint; paidInterestFen: bigint };

export const instalmentDue = (i: InstalmentState) => i.principalFen + i.interestFen - i.paidPrincipalFen - i.paidInterestFen;

/**
 * Applies a repayment to the oldest open instalments, interest before principal (the usual order
 * in Chinese loan contracts). Returns the new paid amounts and what is left over (a prepayment
 * beyond the schedule is refused by the caller).
 */
export function allocateRepayment(instalments: readonly InstalmentState[], amountFen: bigint) {
  if (amountFen <= 0n) throw new RangeError("repayment must be positive");
  let left = amountFen;
  const updated = instalments.map((i) => ({ ...i }));
  const parts: Array<{ seq: number; interestFen: bigint; principalFen: bigint }> = [];
  for (const i of [...updated].sort((a, b) => a.seq - b.seq)) {
    if (left === 0n) break;
    const interestOpen = i.interestFen - i.paidInterestFen;
    const payInterest = interestOpen < left ? interestOpen : left;
    i.paidInterestFen += payInterest;
    left -= payInterest;
    const principalOpen = i.principalFen - i.paidPrincipalFen;
    const payPrincipal = principalOpen < left ? principalOpen : left;
    i.paidPrincipalFen += payPrincipal;
    left -= payPrincipal;
    if (payInterest || payPrincipal) parts.push({ seq: i.seq, interestFen: payInterest, principalFen: payPrincipal });
  }
  return { instalments: updated, parts, unappliedFen: left };
}

export const outstandingFen = (instalments: readonly InstalmentState[]) => instalments.reduce((a, i) => a + instalmentDue(i), 0n);
export const isSettled = (instalments: readonly InstalmentState[]) => instalments.length > 0 && instalments.every((i) => instalmentDue(i) === 0n);

/** Instalments past their due date with money still owed, and how many days late each is. */
export function overdueInstalments(instalments: readonly InstalmentState[], asOf: IsoDate) {
  return instalments
    .filter((i) => i.dueDate < asOf && instalmentDue(i) > 0n)
    .map((i) => ({ seq: i.seq, dueDate: i.dueDate, owedFen: instalmentDue(i), daysOverdue: daysBetween(i.dueDate, asOf) }));
}

export const isOverdue = (instalments: readonly InstalmentState[], asOf: IsoDate) => overdueInstalments(instalments, asOf).length > 0;
