import type { Questionnaire } from "./types";

/** The questionnaire's fields, each optional; `null`/absent means "not answered" (scored neutrally, flagged). */
export const QUESTIONNAIRE_KEYS = [
  "annualRevenueFen", "revenueGrowthBp", "marketSizeFen", "marketShareBp", "maturity", "substitutability",
  "economicLifeYears", "rdCostFen", "rdCostYear",
] as const satisfies ReadonlyArray<keyof Questionnaire>;

/** Drops unanswered fields so that equal answers have one representation. */
export function compactQuestionnaire(q: Questionnaire | null | undefined): Questionnaire {
  const out: Record<string, unknown> = {};
  for (const k of QUESTIONNAIRE_KEYS) {
    const v = q?.[k];
    if (v !== undefined && v !== null) out[k] = v;
  }
  return out as Questionnaire;
}
