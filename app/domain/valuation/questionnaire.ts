import type { Questionnaire } from "./types";

/** "12,345.67" 元 (half- or full-width) → 分; null when it is not a non-negative amount with at most 2 decimals. */
export function yuanToFen(input: string): bigint | null {
  const s = input.normalize("NFKC").replace(/[,\s，]/g, "");
  const m = /^(\d{1,14})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return BigInt(m[1]!) * 100n + BigInt((m[2] ?? "").padEnd(2, "0"));
}

/** "5.25" % → 525 bp; null unless a number with at most 2 decimals. */
export function percentToBp(input: string): number | null {
  const s = input.normalize("NFKC").replace(/[\s%％]/g, "");
  const m = /^(-?)(\d{1,5})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const v = Number(m[2]) * 100 + Number((m[3] ?? "").padEnd(2, "0"));
  return m[1] ? -v : v;
}

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
