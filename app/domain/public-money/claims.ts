import { addMonths, monthsBetween, type IsoDate } from "../dates";
import type { LoanStatus } from "../financing/lifecycle";
import { splitLoss, type LossPart, type Party, type RiskScheme } from "../financing/risk-sharing";
import { instalmentDue, type InstalmentState } from "../financing/schedule";
import { withPolicy, type PolicyShare } from "./insurance";

/**
 * Claims on a defaulting loan against the funds of its risk-sharing scheme (and its insurer), and
 * the recoveries that later disposal proceeds owe back. Funds are configurable data:
 *
 * - `deposit` (Shanghai's guarantee fund for IP loans, 沪财金〔2023〕19号): the bank may claim once the
 *   loan has been non-performing for `triggerOverdueMonths` (2), without writing it off first; the
 *   fund's share of the net loss is paid into the bank's deposit account.
 * - `compensation` (pay after loss): the loan must have been declared in default.
 *
 * The claim is the fund's part of the net loss by the scheme (caps, first-loan bonus and all), never
 * more than the fund's cap per loan. A later recovery shrinks the net loss; the fund gets back what it
 * paid beyond its part of the smaller loss — to the 分, however many recoveries arrive.
 */
export const FUND_MODELS = ["deposit", "compensation"] as const;
export type FundModel = (typeof FUND_MODELS)[number];
export const LOSS_BASES = ["principal", "principal_and_interest"] as const;
export type LossBasis = (typeof LOSS_BASES)[number];

export type FundRules = {
  /** Which part of the scheme's split the fund pays. */
  party: Exclude<Party, "bank">;
  model: FundModel;
  triggerOverdueMonths: number;
  covers: LossBasis;
  /** Maximum per loan, 分 as a decimal string. */
  capPerLoanFen?: string | null;
};

/** What the borrower owes now: every unpaid principal fen (the loan is called in), interest only as it fell due. */
export function loanPosition(instalments: readonly InstalmentState[], asOf: IsoDate) {
  let principalFen = 0n;
  let interestDueFen = 0n;
  let firstOverdue: IsoDate | null = null;
  for (const i of [...instalments].sort((a, b) => a.seq - b.seq)) {
    principalFen += i.principalFen - i.paidPrincipalFen;
    if (i.dueDate <= asOf) interestDueFen += i.interestFen - i.paidInterestFen;
    if (firstOverdue === null && i.dueDate < asOf && instalmentDue(i) > 0n) firstOverdue = i.dueDate;
  }
  return { principalFen, interestDueFen, firstOverdue };
}
export type LoanPosition = ReturnType<typeof loanPosition>;

export type TriggerCheck =
  | { ok: true; monthsOverdue: number; eligibleFrom: IsoDate }
  | { ok: false; reason: "notOverdue" | "tooEarly" | "notDefaulted" | "notLive"; monthsOverdue: number; eligibleFrom: IsoDate | null };

export function claimTrigger(rules: Pick<FundRules, "model" | "triggerOverdueMonths">, loan: { status: LoanStatus }, pos: LoanPosition, asOf: IsoDate): TriggerCheck {
  if (loan.status !== "overdue" && loan.status !== "defaulted" && loan.status !== "active") return { ok: false, reason: "notLive", monthsOverdue: 0, eligibleFrom: null };
  if (!pos.firstOverdue) return { ok: false, reason: "notOverdue", monthsOverdue: 0, eligibleFrom: null };
  const monthsOverdue = Math.max(0, monthsBetween(pos.firstOverdue, asOf));
  const eligibleFrom = addMonths(pos.firstOverdue, rules.triggerOverdueMonths);
  if (rules.model === "compensation" && loan.status !== "defaulted") return { ok: false, reason: "notDefaulted", monthsOverdue, eligibleFrom };
  if (asOf < eligibleFrom) return { ok: false, reason: "tooEarly", monthsOverdue, eligibleFrom };
  return { ok: true, monthsOverdue, eligibleFrom };
}

/** The net loss a fund shares: the principal (and, if it covers it, the interest due) less what was recovered. */
export function netLoss(covers: LossBasis, pos: Pick<LoanPosition, "principalFen" | "interestDueFen">, recoveredFen: bigint): bigint {
  const gross = pos.principalFen + (covers === "principal_and_interest" ? pos.interestDueFen : 0n);
  return gross > recoveredFen ? gross - recoveredFen : 0n;
}

export type SplitOptions = { firstLoan: boolean; policy?: PolicyShare | null };

/** Everyone's part of a net loss: the scheme's split, then the loan's insurance policy (if any). */
export const lossShares = (lossFen: bigint, scheme: RiskScheme | null, opts: SplitOptions): LossPart[] =>
  withPolicy(scheme ? splitLoss(lossFen, scheme, { firstLoan: opts.firstLoan }) : [{ party: "bank", amountFen: lossFen, shareBp: lossFen === 0n ? 0 : 10_000 }], lossFen, opts.policy ?? null);

/** A payer's part of a loss, capped per loan. */
export function partOf(rules: Pick<FundRules, "party" | "capPerLoanFen">, lossFen: bigint, scheme: RiskScheme | null, opts: SplitOptions) {
  const parts = lossShares(lossFen, scheme, opts);
  const raw = parts.find((p) => p.party === rules.party)?.amountFen ?? 0n;
  const cap = rules.capPerLoanFen != null ? BigInt(rules.capPerLoanFen) : null;
  return { parts, amountFen: cap !== null && cap < raw ? cap : raw, capped: cap !== null && cap < raw };
}

export type ClaimComputation = { netLossFen: bigint; claimFen: bigint; capped: boolean; parts: LossPart[] };

export function computeClaim(rules: FundRules, scheme: RiskScheme | null, pos: LoanPosition, recoveredFen: bigint, opts: SplitOptions): ClaimComputation {
  const netLossFen = netLoss(rules.covers, pos, recoveredFen);
  const { parts, amountFen, capped } = partOf(rules, netLossFen, scheme, opts);
  return { netLossFen, claimFen: amountFen, capped, parts };
}

/**
 * After a recovery: the paid claim's part of the smaller net loss, and what this recovery owes the
 * payer back (cumulative: what it paid beyond that part, less what earlier recoveries returned).
 */
export function recoveryOwed(input: {
  rules: Pick<FundRules, "party" | "capPerLoanFen">;
  scheme: RiskScheme | null;
  opts: SplitOptions;
  netLossAtClaimFen: bigint;
  paidFen: bigint;
  /** Every recovery since the claim, this one included. */
  recoveredSinceClaimFen: bigint;
  returnedFen: bigint;
}) {
  const remaining = input.netLossAtClaimFen > input.recoveredSinceClaimFen ? input.netLossAtClaimFen - input.recoveredSinceClaimFen : 0n;
  const { amountFen: partFen } = partOf(input.rules, remaining, input.scheme, input.opts);
  const excess = input.paidFen > partFen ? input.paidFen - partFen : 0n;
  const owedFen = excess > input.returnedFen ? excess - input.returnedFen : 0n;
  return { netLossFen: remaining, partFen, owedFen };
}
