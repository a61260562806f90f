import { addDays, addMonths, monthsBetween, type IsoDate } from "../dates";

/**
 * Licence royalties as collateral (许可收益权质押): a licence deal with instalment terms (a fixed
 * licence fee or minimum royalty every N months) produces a receivable schedule; receipts are applied
 * oldest first; a receivable pledge is registered with the PBoC credit centre's unified registry
 * (动产融资统一登记公示系统), not with CNIPA, whose registry excludes receivables.
 */
export type PaymentPlan = { count: number; intervalMonths: number; amountFen: bigint; firstDueOn: IsoDate };

export const PLAN_LIMITS = { maxCount: 120, maxIntervalMonths: 12 };

export function receivableSchedule(plan: PaymentPlan): Array<{ seq: number; dueOn: IsoDate; amountFen: bigint }> {
  if (!Number.isInteger(plan.count) || plan.count < 1 || plan.count > PLAN_LIMITS.maxCount) throw new RangeError("instalment count out of range");
  if (!Number.isInteger(plan.intervalMonths) || plan.intervalMonths < 1 || plan.intervalMonths > PLAN_LIMITS.maxIntervalMonths) throw new RangeError("interval out of range");
  if (plan.amountFen <= 0n) throw new RangeError("instalment must be positive");
  return Array.from({ length: plan.count }, (_, k) => ({ seq: k + 1, dueOn: addMonths(plan.firstDueOn, k * plan.intervalMonths), amountFen: plan.amountFen }));
}

export type ReceivableInstalment = { seq: number; dueOn: IsoDate; amountFen: bigint; paidFen: bigint };

export const unpaid = (i: ReceivableInstalment) => (i.amountFen > i.paidFen ? i.amountFen - i.paidFen : 0n);

/** A receipt paid to the oldest open instalments first; what would go beyond the schedule is returned as `unappliedFen`. */
export function applyReceipt(instalments: readonly ReceivableInstalment[], amountFen: bigint) {
  if (amountFen <= 0n) throw new RangeError("receipt must be positive");
  let left = amountFen;
  const parts: Array<{ seq: number; amountFen: bigint }> = [];
  const updated = [...instalments].sort((a, b) => a.seq - b.seq).map((i) => {
    const take = unpaid(i) < left ? unpaid(i) : left;
    left -= take;
    if (take > 0n) parts.push({ seq: i.seq, amountFen: take });
    return { ...i, paidFen: i.paidFen + take };
  });
  return { instalments: updated, parts, unappliedFen: left };
}

/** Late: the due date plus the grace days has passed and money is still owed. */
export const isLate = (i: ReceivableInstalment, asOf: IsoDate, graceDays = 0) => unpaid(i) > 0n && addDays(i.dueOn, graceDays) < asOf;

export const lateInstalments = (xs: readonly ReceivableInstalment[], asOf: IsoDate, graceDays = 0) => xs.filter((i) => isLate(i, asOf, graceDays));

/** What is still to come in: the value a bank can lend against (at its own rate). */
export const outstandingReceivable = (xs: readonly ReceivableInstalment[]) => xs.reduce((a, i) => a + unpaid(i), 0n);

export const isFullyPaid = (xs: readonly ReceivableInstalment[]) => xs.length > 0 && xs.every((i) => unpaid(i) === 0n);

/** The most a product lends against receivables: the outstanding amount at the product's rate, rounded down. */
export const receivableCap = (outstandingFen: bigint, ltvBp: number) => (outstandingFen * BigInt(ltvBp)) / 10_000n;

export type RegistryParty = { name: string; uscc: string };

/**
 * The filing for the unified registry (应收账款质押登记): the parties, the receivable described by
 * its contract and debtor, its schedule and the registration term. The platform prepares it; the
 * pledgee files it and records the registration number it gets back.
 */
export function registryFiling(input: {
  pledgor: RegistryParty; pledgee: RegistryParty; debtor: RegistryParty;
  contractRef: string; contractTitle: string; loanAmountFen: bigint; loanTermMonths: number; startOn: IsoDate;
  instalments: readonly ReceivableInstalment[];
}) {
  const open = input.instalments.filter((i) => unpaid(i) > 0n);
  const lastDue = open.length ? open[open.length - 1]!.dueOn : input.startOn;
  const loanEnd = addMonths(input.startOn, input.loanTermMonths);
  // The registration must outlast both the debt and the receivable it secures.
  const end = lastDue > loanEnd ? lastDue : loanEnd;
  const whole = monthsBetween(input.startOn, end);
  const months = Math.max(1, addMonths(input.startOn, whole) < end ? whole + 1 : whole);
  return {
    registrationType: "应收账款质押" as const,
    pledgor: input.pledgor, pledgee: input.pledgee, debtor: input.debtor,
    collateral: {
      category: "应收账款—知识产权许可费" as const,
      contractRef: input.contractRef, contractTitle: input.contractTitle,
      outstandingFen: outstandingReceivable(input.instalments).toString(),
      schedule: open.map((i) => ({ seq: i.seq, dueOn: i.dueOn, amountFen: unpaid(i).toString() })),
    },
    securedDebt: { amountFen: input.loanAmountFen.toString(), termMonths: input.loanTermMonths },
    registrationTermMonths: months,
  };
}

/** A licence's instalment terms as offered: all three or none, never on a transfer. */
export function instalmentPlanOf(t: { instalmentCount?: number | null; instalmentMonths?: number | null; instalmentFen?: bigint | null }, mode: string) {
  const given = [t.instalmentCount, t.instalmentMonths, t.instalmentFen].filter((v) => v != null).length;
  if (given === 0) return { ok: true as const, plan: { instalmentCount: null, instalmentMonths: null, instalmentFen: null } };
  if (mode === "transfer") return { ok: false as const, error: "royalty.errors.noInstalmentsOnTransfer" };
  if (given < 3) return { ok: false as const, error: "royalty.errors.instalmentsIncomplete" };
  return { ok: true as const, plan: { instalmentCount: t.instalmentCount!, instalmentMonths: t.instalmentMonths!, instalmentFen: t.instalmentFen! } };
}
