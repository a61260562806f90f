import { idivRound } from "./arithmetic";
import { addDays, addMonths, monthsBetween, yearsBetween, type IsoDate } from "../dates";
import { effectiveLegalStatus } from "../legal-status";
import { termYears } from "../terms";
import { ENGINE_VERSION, type EngineVersion, type Parameters, type Purpose } from "./parameters";
import type { AssetFacts, AssetScores, Dimension, Indicator, LegalStatus, Questionnaire } from "./types";

/** The asset as it stands on the valuation date. */
export type AssetState = {
  effectiveStatus: LegalStatus;
  /** Lapsed, expired or invalidated: no income, no value. */
  hardStop: boolean;
  remainingMonths: number;
  termMonths: number;
};

export const termMonths = (a: Pick<AssetFacts, "kind" | "filingDate">): number => 12 * termYears(a.kind, a.filingDate);

/**
 * The status that counts on the valuation date, whatever the record says — by the rule the market and
 * the pre-check use (`effectiveLegalStatus`: a patent past its term has expired, one whose annuity is
 * unpaid past the late-payment period has lapsed, a trademark not renewed within its grace period has
 * expired). Engine 1.1 results are re-run with the rule they were made with.
 */
export function assetState(a: AssetFacts, date: IsoDate, p: Parameters, engine: EngineVersion = ENGINE_VERSION): AssetState {
  const status = engine === "1.1" ? legacyStatus11(a, date, p) : effectiveLegalStatus(a, date);
  const hardStop = status === "lapsed" || status === "expired" || status === "invalidated";
  // The expiry date is the last day of protection: the term runs until the day after it.
  const remaining = hardStop ? 0 : Math.max(0, monthsBetween(date, addDays(a.expiryDate, 1)));
  return { effectiveStatus: status, hardStop, remainingMonths: remaining, termMonths: termMonths(a) };
}

/**
 * FROZEN — engine 1.1's status rule, kept only so that results it made re-run byte for byte: it took
 * the paid-through date + 6 months as the last day of grace (one day early on most days, more at
 * month ends) and a trademark's term + 6 months as the end of its renewal grace.
 */
function legacyStatus11(a: AssetFacts, date: IsoDate, p: Parameters): AssetFacts["legalStatus"] {
  const status = a.legalStatus;
  if (status !== "valid" && status !== "pending") return status;
  const graceEnd = a.kind === "trademark" ? addMonths(a.expiryDate, p.annuityGraceMonths) : a.expiryDate;
  if (graceEnd < date) return "expired";
  if (status === "valid" && a.kind !== "trademark" && a.annuityPaidThrough && addMonths(a.annuityPaidThrough, p.annuityGraceMonths) < date) return "lapsed";
  return status;
}

const YUAN = 100n;
/** Score bands over an amount in 元: the first threshold the amount stays below gives the score. */
function band(amountFen: bigint, bands: ReadonlyArray<readonly [bigint, number]>, top: number): number {
  for (const [belowYuan, score] of bands) if (amountFen < belowYuan * YUAN) return score;
  return top;
}
const scale5 = (v: number) => (Math.min(5, Math.max(1, Math.round(v))) - 1) * 25;

type Raw = { score: number; defaulted: boolean };
const given = (score: number): Raw => ({ score, defaulted: false });
const neutral = (score: number): Raw => ({ score, defaulted: true });

/** Every indicator the model knows, as a function of the facts, the questionnaire and the date. */
function indicatorValues(a: AssetFacts, s: AssetState, q: Questionnaire, date: IsoDate, p: Parameters): Record<string, Raw> {
  const strategic = (p.highValue.strategicIndustries as string[]).includes(a.industry);
  const rev = q.annualRevenueFen;
  const since = a.grantDate ?? a.filingDate;
  const heldYears = s.effectiveStatus === "pending" ? 0 : Math.max(0, yearsBetween(since, date));
  const hasTitleLock = a.encumbrances.includes("pledge") || a.encumbrances.includes("transfer");
  const hasExclusive = a.encumbrances.includes("exclusive_licence") || a.encumbrances.includes("sole_licence");
  const highAward = a.awards.some((x) => (p.highValue.awards as string[]).includes(x));
  return {
    legal_status: given(s.effectiveStatus === "valid" ? 100 : s.effectiveStatus === "pending" ? 50 : 0),
    remaining_term: given(s.hardStop ? 0 : Math.min(100, idivRound(100 * s.remainingMonths, s.termMonths))),
    stability: given(Math.max(0, 100 - (a.invalidationPending ? 40 : 0) - (a.disputeFlag ? 30 : 0) - (a.preservationFlag ? 30 : 0))),
    encumbrance: given(hasTitleLock ? 30 : hasExclusive ? 60 : 100),
    co_ownership: given(a.coOwnerCount === 0 ? 100 : a.coOwnersAllConsented ? 70 : 40),
    claims: a.claimsCount == null ? neutral(50) : given(Math.min(100, 20 + 4 * a.claimsCount)),
    overseas_family: given(Math.min(100, 25 * a.overseasFamilyCount)),
    maturity: q.maturity == null ? neutral(50) : given(scale5(q.maturity)),
    substitutability: q.substitutability == null ? neutral(50) : given(scale5(q.substitutability)),
    citations: a.citationsCount == null ? neutral(40) : given(Math.min(100, 20 + 8 * a.citationsCount)),
    industry_trend: given(strategic ? 90 : 50),
    awards: given(highAward ? 100 : a.awards.length ? 70 : 30),
    sales: rev == null ? neutral(20) : given(rev <= 0n ? 0 : band(rev, [[1_000_000n, 30], [10_000_000n, 50], [100_000_000n, 70], [1_000_000_000n, 85]], 100)),
    market_size: q.marketSizeFen == null ? neutral(40) : given(band(q.marketSizeFen, [[10_000_000n, 20], [100_000_000n, 40], [1_000_000_000n, 60], [10_000_000_000n, 80]], 100)),
    market_share: q.marketShareBp == null ? neutral(30) : given(Math.min(100, Math.max(0, idivRound(q.marketShareBp, 20)))),
    years_maintained: given(Math.min(100, 10 * heldYears)),
    policy_fit: given(strategic ? 100 : 60),
    registration_age: given(Math.min(100, 10 * heldYears)),
    class_coverage: given(Math.min(100, 25 * a.niceClasses.length)),
  };
}

const DIMENSIONS: Dimension[] = ["legal", "technical", "economic"];

/**
 * Scores 0–100 for legal, technical (a trademark's brand strength) and economic value, each the
 * weighted mean of its named indicators with the purpose's weights (GB/T 42748 weights by scenario),
 * and their composite with the purpose's dimension weights. Integer arithmetic, rounded half up.
 */
export function scoreAsset(a: AssetFacts, s: AssetState, q: Questionnaire, date: IsoDate, purpose: Purpose, p: Parameters): AssetScores {
  const values = indicatorValues(a, s, q, date, p);
  const table = p.indicatorWeights[a.kind === "trademark" ? "trademark" : "patent"][purpose];
  const indicators: Indicator[] = [];
  const dims = {} as Record<Dimension, number>;
  for (const dim of DIMENSIONS) {
    let sum = 0;
    let weights = 0;
    for (const [key, weight] of Object.entries(table[dim] as Record<string, number>)) {
      const v = values[key]!;
      indicators.push({ key, dimension: dim, score: v.score, weight, defaulted: v.defaulted });
      sum += v.score * weight;
      weights += weight;
    }
    dims[dim] = idivRound(sum, weights);
  }
  const w = p.dimensionWeights[purpose];
  const composite = idivRound(dims.legal * w.legal + dims.technical * w.technical + dims.economic * w.economic, w.legal + w.technical + w.economic);
  return {
    legal: dims.legal, technical: dims.technical, economic: dims.economic, composite,
    brandStrength: a.kind === "trademark" ? dims.technical : null,
    indicators,
  };
}
