import { addMonths, type IsoDate } from "../dates";
import { mulDivFloor } from "../money";

/**
 * Subsidy programmes (贴息, valuation-fee and premium subsidies): every local scheme reduces to a few
 * parameters, and the amount follows from the platform's own loan, repayment, registration and policy
 * records. The sample schemes (./samples.ts) are CONFIGURABLE EXAMPLES stored as data, never law.
 *
 * Amounts are computed in two steps a finance bureau can check by hand, each rounded down to the 分
 * (a payer never owes a rounded-up fen): the interest COUNTED (the rate ceiling or the LPR basis
 * applied to the interest actually paid), then the programme's SHARE of it. The cap per enterprise
 * and year applies to the sum, less what the same programme already granted the enterprise.
 */
export const SUBSIDY_KINDS = ["interest", "valuation_fee", "premium"] as const;
export type SubsidyKind = (typeof SUBSIDY_KINDS)[number];

/** interest_paid: a share of the interest actually paid; lpr: the interest the loan would have cost at the LPR, shared; fee_paid: a share of a fee. */
export const SUBSIDY_BASES = ["interest_paid", "lpr", "fee_paid"] as const;
export type SubsidyBasis = (typeof SUBSIDY_BASES)[number];

export const SUBSIDY_CONDITIONS = [
  "registered", "registered_before_disbursement", "first_pledge", "invention_pledged", "repaid_on_time", "settled_in_period", "in_park", "on_whitelist",
] as const;
export type SubsidyCondition = (typeof SUBSIDY_CONDITIONS)[number];
/** Conditions about the enterprise; the others are about each loan. */
const ENTERPRISE_CONDITIONS: ReadonlySet<SubsidyCondition> = new Set(["in_park", "on_whitelist"]);

/** What an application must carry; the platform attaches each from its records. */
export const SUBSIDY_DOCUMENTS = ["loan_contract", "pledge_registration", "repayment_records", "insurance_policy", "fee_invoice"] as const;
export type SubsidyDocument = (typeof SUBSIDY_DOCUMENTS)[number];

export type SubsidyRules = {
  kind: SubsidyKind;
  basis: SubsidyBasis;
  /** The programme's share of the basis, in bp (5000 = 50 %). */
  shareBp: number;
  /** A higher share for a loan that is insured or policy-guaranteed (Fujian: 50 % instead of 20 %). */
  boostedShareBp?: number | null;
  /** The interest is counted at most at LPR × (1 + markup): Beijing's "LPR + 40 %" is 4000. */
  ceilingLprMarkupBp?: number | null;
  /** Cap per enterprise per year, 分 as a decimal string (the rules live in JSON). */
  capPerEnterpriseFen: string;
  /** Only the interest of instalments due within the loan's first N months counts (Fujian: 12). */
  maxMonths?: number | null;
  conditions: SubsidyCondition[];
  /** For `in_park`: the parks whose enterprises qualify. */
  parkIds?: string[];
  /** For `on_whitelist`: the USCCs that qualify. */
  whitelist?: string[];
};

/** The year (or other span) whose payments count, both ends included. */
export type EvidencePeriod = { start: IsoDate; end: IsoDate };

export type LoanEvidence = {
  loanId: string;
  principalFen: bigint;
  rateBp: number;
  /** The 1-year LPR the loan was priced on (the offer's). */
  lprBp: number;
  disbursedOn: IsoDate;
  settledOn: IsoDate | null;
  registeredOn: IsoDate | null;
  /** At least one pledged patent had never been pledged before. */
  firstPledge: boolean;
  inventionPledged: boolean;
  insuredOrGuaranteed: boolean;
  /** An instalment was paid after its due date (or is still unpaid past it). */
  paidLate: boolean;
  interest: ReadonlyArray<{ paidOn: IsoDate; dueDate: IsoDate; interestFen: bigint }>;
};

export type FeeEvidence = { id: string; kind: "valuation_fee" | "premium"; paidOn: IsoDate; feeFen: bigint };
export type EnterpriseFacts = { parkId: string | null; uscc: string };

export type SubsidyLine = {
  ref: string;
  source: "loan" | "fee";
  failed: SubsidyCondition[];
  basisFen: bigint;
  countedFen: bigint;
  shareBp: number;
  amountFen: bigint;
};

export type SubsidyAssessment = {
  eligible: boolean;
  enterpriseFailed: SubsidyCondition[];
  lines: SubsidyLine[];
  grossFen: bigint;
  capFen: bigint;
  alreadyGrantedFen: bigint;
  amountFen: bigint;
  capped: boolean;
};

const inPeriod = (d: IsoDate, p: EvidencePeriod) => d >= p.start && d <= p.end;

function loanFailures(rules: SubsidyRules, loan: LoanEvidence, period: EvidencePeriod): SubsidyCondition[] {
  const failed: SubsidyCondition[] = [];
  for (const c of rules.conditions) {
    const ok =
      c === "registered" ? loan.registeredOn !== null
      : c === "registered_before_disbursement" ? loan.registeredOn !== null && loan.registeredOn <= loan.disbursedOn
      : c === "first_pledge" ? loan.firstPledge
      : c === "invention_pledged" ? loan.inventionPledged
      : c === "repaid_on_time" ? !loan.paidLate
      : c === "settled_in_period" ? loan.settledOn !== null && inPeriod(loan.settledOn, period)
      : true;
    if (!ok) failed.push(c);
  }
  return failed;
}

function enterpriseFailures(rules: SubsidyRules, ent: EnterpriseFacts): SubsidyCondition[] {
  const failed: SubsidyCondition[] = [];
  if (rules.conditions.includes("in_park") && !(ent.parkId && (rules.parkIds ?? []).includes(ent.parkId))) failed.push("in_park");
  if (rules.conditions.includes("on_whitelist") && !(rules.whitelist ?? []).includes(ent.uscc)) failed.push("on_whitelist");
  return failed;
}

/** The interest that counts: paid within the period, of instalments due within `maxMonths` of disbursement. */
export function countableInterest(rules: Pick<SubsidyRules, "maxMonths">, loan: LoanEvidence, period: EvidencePeriod): bigint {
  const lastDue = rules.maxMonths ? addMonths(loan.disbursedOn, rules.maxMonths) : null;
  let sum = 0n;
  for (const i of loan.interest) if (inPeriod(i.paidOn, period) && (!lastDue || i.dueDate <= lastDue)) sum += i.interestFen;
  return sum;
}

/** Step one: the interest counted, from the interest paid at the loan's own rate. */
export function countedInterest(rules: Pick<SubsidyRules, "basis" | "ceilingLprMarkupBp">, paidFen: bigint, loan: Pick<LoanEvidence, "rateBp" | "lprBp">): bigint {
  if (loan.rateBp <= 0) return 0n;
  const rate = BigInt(loan.rateBp) * 10_000n;
  if (rules.basis === "lpr") {
    // What the same principal would have cost at the LPR (never more than what was paid).
    const lpr = BigInt(loan.lprBp) * 10_000n;
    return mulDivFloor(paidFen, lpr < rate ? lpr : rate, rate);
  }
  if (rules.ceilingLprMarkupBp == null) return paidFen;
  const ceiling = BigInt(loan.lprBp) * BigInt(10_000 + rules.ceilingLprMarkupBp);
  return ceiling < rate ? mulDivFloor(paidFen, ceiling, rate) : paidFen;
}

const share = (fen: bigint, bp: number) => mulDivFloor(fen, BigInt(bp), 10_000n);

/**
 * An enterprise's eligible amount under a programme, line by line, from its own records: loans for
 * an interest subsidy, fees (valuation fees, insurance premiums) for the others.
 */
export function assessSubsidy(input: {
  rules: SubsidyRules;
  period: EvidencePeriod;
  enterprise: EnterpriseFacts;
  loans?: readonly LoanEvidence[];
  fees?: readonly FeeEvidence[];
  alreadyGrantedFen?: bigint;
}): SubsidyAssessment {
  const { rules, period } = input;
  const enterpriseFailed = enterpriseFailures(rules, input.enterprise);
  const lines: SubsidyLine[] = [];
  if (rules.kind === "interest") {
    for (const loan of input.loans ?? []) {
      const failed = loanFailures(rules, loan, period).filter((c) => !ENTERPRISE_CONDITIONS.has(c));
      const basisFen = countableInterest(rules, loan, period);
      // A loan that paid no interest in the period has nothing to say about this programme.
      if (basisFen === 0n) continue;
      const countedFen = countedInterest(rules, basisFen, loan);
      const shareBp = loan.insuredOrGuaranteed && rules.boostedShareBp ? rules.boostedShareBp : rules.shareBp;
      lines.push({ ref: loan.loanId, source: "loan", failed, basisFen, countedFen, shareBp, amountFen: failed.length ? 0n : share(countedFen, shareBp) });
    }
  } else {
    for (const fee of input.fees ?? []) {
      if (fee.kind !== rules.kind || !inPeriod(fee.paidOn, period)) continue;
      lines.push({ ref: fee.id, source: "fee", failed: [], basisFen: fee.feeFen, countedFen: fee.feeFen, shareBp: rules.shareBp, amountFen: share(fee.feeFen, rules.shareBp) });
    }
  }
  const grossFen = enterpriseFailed.length ? 0n : lines.reduce((a, l) => a + l.amountFen, 0n);
  const capFen = BigInt(rules.capPerEnterpriseFen);
  const alreadyGrantedFen = input.alreadyGrantedFen ?? 0n;
  const room = capFen > alreadyGrantedFen ? capFen - alreadyGrantedFen : 0n;
  const amountFen = grossFen < room ? grossFen : room;
  return { eligible: amountFen > 0n, enterpriseFailed, lines, grossFen, capFen, alreadyGrantedFen, amountFen, capped: amountFen < grossFen };
}

/** The application window, both days included. */
export const windowOpen = (w: { opensOn: IsoDate; closesOn: IsoDate }, today: IsoDate) => today >= w.opensOn && today <= w.closesOn;

/** Which documents the records can supply for these lines (the rest the application lacks). */
export function documentsFor(kind: SubsidyKind, required: readonly SubsidyDocument[], have: { registration: boolean; repayments: boolean; policy: boolean; invoice: boolean }) {
  const supplied = (d: SubsidyDocument) =>
    d === "loan_contract" ? kind === "interest"
    : d === "pledge_registration" ? have.registration
    : d === "repayment_records" ? have.repayments
    : d === "insurance_policy" ? have.policy
    : have.invoice;
  return { attached: required.filter(supplied), missing: required.filter((d) => !supplied(d)) };
}
