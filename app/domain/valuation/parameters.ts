import { STRATEGIC_EMERGING, type Industry } from "../industries";

/**
 * THE parameter set of the valuation model: every rate, premium, weight and threshold the engine
 * uses, in one versioned object. Change a number → bump `version`; every stored result names the
 * version it was computed with and carries a copy of these numbers, so old reports stay reproducible.
 *
 * Rates are basis points (1 % = 100 bp), money is 分 (bigint), weights are integers that sum to 100
 * within their group. Figures marked *(unverified)* in DOMAIN.md are defaults to be reviewed by the
 * platform's appraisers, not law.
 */

export const PURPOSES = ["pledge", "licence", "transfer"] as const;
export type Purpose = (typeof PURPOSES)[number];

export type Range = readonly [low: number, high: number];
type Triple = { legal: number; technical: number; economic: number };
type ApproachWeights = { income: number; market: number; cost: number };

/** Patent royalty ranges on net sales (DOMAIN.md rule of thumb): high-tech 5–6 %, consumer 4–5 %, intermediate 3–4 %, basic 2–3 %. */
const patentRoyalty: Record<Industry, Range> = {
  integrated_circuits: [500, 600],
  artificial_intelligence: [500, 600],
  electronic_information: [500, 600],
  biomedicine: [500, 600],
  life_health: [400, 500],
  fashion_consumer: [400, 500],
  automotive: [300, 400],
  high_end_equipment: [300, 400],
  advanced_materials: [300, 400],
  other: [200, 300],
};

/** Trademark (brand) royalty ranges on net sales: brands carry most weight in consumer goods. */
const trademarkRoyalty: Record<Industry, Range> = {
  fashion_consumer: [300, 600],
  life_health: [200, 500],
  biomedicine: [200, 400],
  integrated_circuits: [100, 300],
  artificial_intelligence: [100, 300],
  electronic_information: [100, 300],
  automotive: [100, 300],
  high_end_equipment: [100, 300],
  advanced_materials: [100, 300],
  other: [100, 300],
};

export const PARAMETERS = {
  version: "2026.1",
  /** 10-year China government bond yield, rounded *(configurable)*. */
  riskFreeBp: 185,
  /** Enterprise income tax, standard rate (high-tech enterprises pay 15 %: override per valuation if needed). */
  taxBp: 2500,
  /**
   * Risk premiums added to the risk-free rate. Technology and market premiums depend on the
   * technical (brand) and economic scores: ≥ `strong` → strong, ≥ `medium` → medium, else weak.
   */
  premiumsBp: {
    technology: { strong: 300, medium: 500, weak: 700 },
    market: { strong: 300, medium: 500, weak: 700 },
    funding: 200,
    management: 200,
  },
  premiumBands: { strong: 70, medium: 40 },
  royaltyRangesBp: { patent: patentRoyalty, trademark: trademarkRoyalty },
  /** A utility model or design covers less than an invention: its share of the technology's royalty. */
  kindRoyaltyFactorBp: { invention: 10_000, utility_model: 6_000, design: 5_000, trademark: 10_000 },
  /** Economic life when the owner gives none; the horizon is the shorter of this and the legal term. */
  economicLifeYears: { invention: 10, utility_model: 6, design: 5, trademark: 10 },
  /** A pending application is valued as such: income × the chance that it is granted (registered). */
  grantProbabilityBp: { invention: 5_500, utility_model: 9_000, design: 9_000, trademark: 8_000 },
  defaultGrowthBp: 300,
  growthBoundsBp: [-3_000, 5_000] as Range,
  /** Scenario weights of the three dimensions into the composite score (GB/T 42748: weight by purpose). */
  dimensionWeights: {
    pledge: { legal: 45, technical: 25, economic: 30 },
    licence: { legal: 30, technical: 40, economic: 30 },
    transfer: { legal: 30, technical: 30, economic: 40 },
  } satisfies Record<Purpose, Triple>,
  /** Indicator weights within each dimension, by purpose; each dimension's weights sum to 100. */
  indicatorWeights: {
    patent: {
      pledge: {
        legal: { legal_status: 25, remaining_term: 25, stability: 15, encumbrance: 15, co_ownership: 10, claims: 5, overseas_family: 5 },
        technical: { maturity: 30, substitutability: 25, citations: 20, industry_trend: 15, awards: 10 },
        economic: { sales: 30, market_size: 20, market_share: 20, years_maintained: 20, policy_fit: 10 },
      },
      licence: {
        legal: { legal_status: 20, remaining_term: 20, stability: 15, claims: 20, overseas_family: 10, co_ownership: 10, encumbrance: 5 },
        technical: { maturity: 25, substitutability: 30, citations: 20, industry_trend: 15, awards: 10 },
        economic: { market_size: 30, market_share: 25, sales: 20, years_maintained: 15, policy_fit: 10 },
      },
      transfer: {
        legal: { legal_status: 20, remaining_term: 25, stability: 15, claims: 15, overseas_family: 10, co_ownership: 10, encumbrance: 5 },
        technical: { maturity: 25, substitutability: 25, citations: 20, industry_trend: 20, awards: 10 },
        economic: { market_size: 30, sales: 25, market_share: 20, years_maintained: 15, policy_fit: 10 },
      },
    },
    trademark: {
      pledge: {
        legal: { legal_status: 30, remaining_term: 20, stability: 20, encumbrance: 15, co_ownership: 10, overseas_family: 5 },
        technical: { registration_age: 30, class_coverage: 20, substitutability: 20, maturity: 15, awards: 15 },
        economic: { sales: 40, market_share: 30, market_size: 30 },
      },
      licence: {
        legal: { legal_status: 25, remaining_term: 15, stability: 20, overseas_family: 15, co_ownership: 10, encumbrance: 15 },
        technical: { registration_age: 25, class_coverage: 25, substitutability: 20, maturity: 15, awards: 15 },
        economic: { sales: 35, market_share: 30, market_size: 35 },
      },
      transfer: {
        legal: { legal_status: 25, remaining_term: 15, stability: 20, overseas_family: 15, co_ownership: 15, encumbrance: 10 },
        technical: { registration_age: 25, class_coverage: 25, substitutability: 20, maturity: 15, awards: 15 },
        economic: { sales: 40, market_share: 25, market_size: 35 },
      },
    },
  },
  /** How the approaches are reconciled into one value, by purpose (renormalised over the approaches that apply). */
  approachWeights: {
    pledge: { income: 60, market: 25, cost: 15 },
    licence: { income: 75, market: 25, cost: 0 },
    transfer: { income: 55, market: 35, cost: 10 },
  } satisfies Record<Purpose, ApproachWeights>,
  /** The low and high ends of the income approach: discount rate ± this, revenue growth ∓ this. */
  rangeSpread: { discountBp: 200, growthBp: 300 },
  /** Steps of the sensitivity analysis (tornado chart). */
  sensitivitySteps: { royaltyBp: 100, discountBp: 100, horizonMonths: 12, growthBp: 500 },
  market: {
    minComparables: 3,
    /** Comparables are scaled by the ratio of remaining legal terms, within these bounds. */
    termAdjustmentBp: [5_000, 15_000] as Range,
  },
  cost: {
    /** Yearly rise of R&D cost used to restate historical cost as replacement cost. */
    inflationBp: 300,
    /** Economic obsolescence: (100 − economic score) × this, in bp. */
    obsolescencePerPointBp: 50,
  },
  highValue: {
    strategicIndustries: [...STRATEGIC_EMERGING].sort() as Industry[],
    maintainedYears: 10,
    /** "A relatively high pledge-financing amount" *(unverified)*: 10,000,000 元. */
    pledgeFinancedFen: 1_000_000_000n,
    awards: ["china_patent_award", "national_sti_award"],
  },
  annuityGraceMonths: 6,
  /** A pledge should not outlive the patent: warn when less than this is left. */
  shortTermMonths: 36,
  trademarkRenewalWarnMonths: 12,
  validityMonths: 12,
};

export type Parameters = typeof PARAMETERS;

/**
 * The engine's code versions; with the parameter version one names the model that made a result, and
 * a stored result is re-run by the version that made it (`engineOf`), so old reports stay reproducible.
 * 1.1: "maintained more than 10 years" counts from the filing date.
 * 1.2: the annuity rule of `annuityState` (due on the anniversary itself, six months' late payment
 *      counted to the day) and a trademark's renewal grace decide the status through `effectiveLegalStatus`,
 *      as the market and the pre-check do; the income approach discounts a partial last year at t = H/12.
 */
export const ENGINE_VERSIONS = ["1.1", "1.2"] as const;
export type EngineVersion = (typeof ENGINE_VERSIONS)[number];
export const ENGINE_VERSION: EngineVersion = "1.2";
export const modelVersion = (p: Parameters = PARAMETERS, engine: EngineVersion = ENGINE_VERSION) => `ipv-engine-${engine}+params-${p.version}`;

/** The engine version a stored model version names; refuses one this code cannot reproduce. */
export function engineOf(model: string | null | undefined): EngineVersion {
  const v = /^ipv-engine-([0-9.]+)\+params-/.exec(model ?? "")?.[1];
  if (!v || !(ENGINE_VERSIONS as readonly string[]).includes(v)) throw new RangeError(`no engine for model version ${model ?? "(none)"}`);
  return v as EngineVersion;
}
