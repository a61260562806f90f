import { addMonths, daysBetween, type IsoDate } from "../dates";

/**
 * Repayment schedules in 分. Interest accrues monthly at annual rate / 12 on the outstanding
 * principal, rounded half up per instalment; principal is rounded down per instalment and the
 * rounding is left in the last one, so the principal parts always sum to the loan exactly.
 */
export const REPAYMENT_METHODS = ["equal_principal", "equal_instalment", "interest_only_bullet"] as const;
export type RepaymentMethod = (typeof REPAYMENT_METHODS)[number];

export type Instalment = { seq: number; dueDate: IsoDate; principalFen: bigint; interestFen: bigint };

/** outstanding × rate / 12, rounded half up, in exact integer arithmetic. */
export function monthlyInterest(outstandingFen: bigint, annualRateBp: number): bigint {
  const den = 120_000n; // 12 months × 10,000 bp
  return (outstandingFen * BigInt(annualRateBp) * 2n + den) / (2n * den);
}

export function buildSchedule(input: { principalFen: bigint; annualRateBp: number; termMonths: number; method: RepaymentMethod; startDate: IsoDate }): Instalment[] {
  const { principalFen: P, annualRateBp, termMonths: n, method, startDate } = input;
  if (P <= 0n) throw new RangeError("principal must be positive");
  if (!Number.isInteger(n) || n < 1) throw new RangeError("term must be at least one month");
  if (!Number.isInteger(annualRateBp) || annualRateBp < 0) throw new RangeError("rate must be a non-negative integer of basis points");
  const out: Instalment[] = [];
  let outstanding = P;
  const N = BigInt(n);

  let payment = 0n;
  if (method === "equal_instalment") {
    const r = annualRateBp / 120_000;
    payment = r === 0 ? (P + N - 1n) / N : BigInt(Math.round((Number(P) * r * (1 + r) ** n) / ((1 + r) ** n - 1)));
  }
  for (let i = 1; i <= n; i++) {
    const interest = monthlyInterest(outstanding, annualRateBp);
    let principal: bigint;
    if (i === n) principal = outstanding;
    else if (method === "equal_principal") principal = P / N;
    else if (method === "interest_only_bullet") principal = 0n;
    else {
      principal = payment - interest;
      if (principal < 0n) principal = 0n;
      if (principal > outstanding) principal = outstanding;
    }
    outstanding -= principal;
    out.push({ seq: i, dueDate: addMonths(startDate, i), principalFen: principal, interestFen: interest });
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
