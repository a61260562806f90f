import type { IsoDate } from "../dates";
import { addYears } from "../dates";
import { annuityState } from "../annuity";
import type { EngineVersion, Parameters, Purpose } from "./parameters";
import type { AssetState } from "./scores";
import type { AssetFacts, Flag, IncomeResult, MarketResult } from "./types";

export const HIGH_VALUE_CRITERIA = ["strategic_industry", "overseas_family", "maintained_10_years", "high_pledge_financing", "award"] as const;
export type HighValueCriterion = (typeof HIGH_VALUE_CRITERIA)[number];

/**
 * The high-value invention patent criteria of DOMAIN.md that an asset meets (any one suffices), by the
 * rules of a parameter set. The market's flag and the valuation's use this one function. "Maintained"
 * counts from the filing date, as the term and the annuities do. The caller decides whether the right
 * is alive (a lapsed patent is not high-value, whatever it met).
 */
export function highValueCriteria(
  a: { kind: string; industry: string; overseasFamilyCount: number; filingDate: IsoDate; awards: readonly string[]; pledgeFinancedFen?: bigint | null },
  date: IsoDate,
  rules: Parameters["highValue"],
): HighValueCriterion[] {
  if (a.kind !== "invention") return [];
  const out: HighValueCriterion[] = [];
  if ((rules.strategicIndustries as string[]).includes(a.industry)) out.push("strategic_industry");
  if (a.overseasFamilyCount > 0) out.push("overseas_family");
  if (addYears(a.filingDate, rules.maintainedYears) < date) out.push("maintained_10_years");
  if (a.pledgeFinancedFen != null && a.pledgeFinancedFen >= rules.pledgeFinancedFen) out.push("high_pledge_financing");
  if (a.awards.some((x) => (rules.awards as string[]).includes(x))) out.push("award");
  return out;
}

type FlagInput = {
  asset: AssetFacts;
  state: AssetState;
  income: IncomeResult;
  market: MarketResult;
  purpose: Purpose;
  date: IsoDate;
  noValueBasis: boolean;
  defaultedIndicators: number;
  p: Parameters;
  engine: EngineVersion;
};

/**
 * Hard stops (no value), warnings a lender or buyer must see, and notes on how the value was reached.
 * Codes are dictionary keys (`valuation.flag.<code>`), parameters fill them in.
 */
export function assetFlags(x: FlagInput): Flag[] {
  const { asset: a, state: s, p } = x;
  const flags: Flag[] = [];
  const add = (code: string, severity: Flag["severity"], params: Flag["params"] = {}) => flags.push({ code, severity, assetId: a.id, params });
  if (s.hardStop) add("hard_stop", "stop", { status: s.effectiveStatus });
  if (s.effectiveStatus === "pending") add("pending_application", "warn", { probabilityBp: x.income.grantProbabilityBp });
  const criteria = highValueCriteria(a, x.date, p.highValue);
  if (criteria.length && !s.hardStop && s.effectiveStatus === "valid") add("high_value_invention", "info", { criteria: criteria.join(",") });
  if (x.engine === "1.1") {
    // FROZEN (engine 1.1): any paid-through date before the valuation date counted as grace.
    if (!s.hardStop && a.kind !== "trademark" && a.annuityPaidThrough && a.annuityPaidThrough < x.date) add("annuity_in_grace", "warn", { paidThrough: a.annuityPaidThrough });
  } else if (!s.hardStop) {
    const annuity = annuityState(a, x.date);
    if (annuity.state === "grace") {
      add("annuity_in_grace", "warn", { paidThrough: a.annuityPaidThrough ?? "", dueDate: annuity.dueDate, graceMonth: annuity.graceMonth, graceEnds: annuity.graceEnds });
    }
  }
  if (a.coOwnerCount > 0 && !a.coOwnersAllConsented) add("co_owned_without_consent", "warn", { count: a.coOwnerCount });
  if (a.encumbrances.includes("pledge")) add("already_pledged", x.purpose === "pledge" ? "warn" : "info");
  if (a.encumbrances.includes("exclusive_licence") || a.encumbrances.includes("sole_licence")) add("exclusive_licence_active", x.purpose === "licence" ? "warn" : "info");
  if (a.invalidationPending) add("invalidation_pending", "warn");
  if (a.disputeFlag) add("ownership_dispute", "warn");
  if (a.preservationFlag) add("court_preservation", "warn");
  if (!s.hardStop && a.kind !== "trademark" && x.purpose === "pledge" && s.remainingMonths < p.shortTermMonths) add("short_remaining_term", "warn", { months: s.remainingMonths });
  if (!s.hardStop && a.kind === "trademark" && s.remainingMonths < p.trademarkRenewalWarnMonths) add("trademark_renewal_due", "warn", { months: s.remainingMonths });
  if (x.income.applicable && a.kind !== "trademark" && x.income.horizonMonths < x.income.economicLifeMonths) {
    add("horizon_capped", "info", { horizon: x.income.horizonMonths, life: x.income.economicLifeMonths });
  }
  if (!s.hardStop && !x.market.applicable) add("few_comparables", "info", { found: x.market.comparables.length, needed: p.market.minComparables });
  if (x.noValueBasis && !s.hardStop) add("no_value_basis", "warn");
  if (x.defaultedIndicators > 0) add("defaulted_answers", "info", { count: x.defaultedIndicators });
  return flags;
}
