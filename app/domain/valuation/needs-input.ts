import { assetState } from "./scores";
import { marketApproach } from "./approaches";
import { ENGINE_VERSION, type EngineVersion } from "./parameters";
import type { Questionnaire, ValuationInput } from "./types";

/**
 * The owner's answers a valuation may ask for when it has no basis for a value: the sales of the
 * products that use the asset(s) (income approach) or the R&D cost and the year it was spent (cost
 * approach). Either basis suffices; the market approach needs comparables the owner cannot give.
 */
export const NEEDED_INPUTS = ["annualRevenueFen", "rdCostFen", "rdCostYear"] as const satisfies ReadonlyArray<keyof Questionnaire>;
export type NeededInput = (typeof NEEDED_INPUTS)[number];

const hasRevenue = (q: Questionnaire) =>
  (q.annualRevenueFen != null && q.annualRevenueFen > 0n) ||
  (q.marketSizeFen != null && q.marketSizeFen > 0n && q.marketShareBp != null && q.marketShareBp > 0);
const hasCost = (q: Questionnaire) => q.rdCostFen != null && q.rdCostFen > 0n;

/**
 * The inputs a valuation lacks, or `[]` when it can be valued. An asset that may be valued (no hard
 * stop: in force, not lapsed) but has neither sales, nor an R&D cost, nor enough comparables would be
 * valued at zero by every approach: such a valuation must ask for these instead of completing with
 * ¥0.00 – ¥0.00. A hard-stopped asset is worth nothing whatever the owner says (its flags say why).
 * Pure: the same input snapshot gives the same answer (the page asks it again from the snapshot).
 */
export function missingInputs(input: ValuationInput, engine: EngineVersion = ENGINE_VERSION): NeededInput[] {
  const q = input.questionnaire;
  if (hasRevenue(q) || hasCost(q)) return [];
  const unvaluable = input.assets.some((a) => {
    const state = assetState(a, input.valuationDate, input.parameters, engine);
    return !state.hardStop && !marketApproach(a, state, input.comparables, input.parameters).applicable;
  });
  if (!unvaluable) return [];
  return NEEDED_INPUTS.filter((k) => q[k] == null);
}

/** The valuation row's `status_reason` while it waits: `needs_input:<key>,<key>`. */
export const needsInputReason = (missing: readonly NeededInput[]) => `needs_input:${missing.join(",")}`;
export function missingFromReason(reason: string | null | undefined): NeededInput[] {
  if (!reason?.startsWith("needs_input:")) return [];
  return reason.slice("needs_input:".length).split(",").filter((k): k is NeededInput => (NEEDED_INPUTS as readonly string[]).includes(k));
}
