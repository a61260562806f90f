import type { IsoDate } from "../dates";
import type { Parameters, Purpose } from "./parameters";

export type AssetKind = "invention" | "utility_model" | "design" | "trademark";
export type LegalStatus = "pending" | "valid" | "lapsed" | "expired" | "invalidated";
export type EncumbranceKind = "pledge" | "exclusive_licence" | "sole_licence" | "transfer";

/** What the register and the catalogue know about one asset on the valuation date. */
export type AssetFacts = {
  id: string;
  kind: AssetKind;
  number: string;
  title: string;
  industry: string;
  filingDate: IsoDate;
  grantDate: IsoDate | null;
  expiryDate: IsoDate;
  legalStatus: LegalStatus;
  annuityPaidThrough: IsoDate | null;
  ipcClasses: string[];
  niceClasses: number[];
  claimsCount: number | null;
  citationsCount: number | null;
  overseasFamilyCount: number;
  awards: string[];
  coOwnerCount: number;
  coOwnersAllConsented: boolean;
  disputeFlag: boolean;
  preservationFlag: boolean;
  invalidationPending: boolean;
  /** Kinds of the active encumbrances (pledge, licences, transfer). */
  encumbrances: EncumbranceKind[];
  /** Largest pledge financing this asset has secured, if known (a high-value criterion). */
  pledgeFinancedFen: bigint | null;
};

/** The owner's answers; every field is optional and a missing one is scored neutrally (and said so). */
export type Questionnaire = {
  /** Annual net sales of the products that use the asset(s), last full year. */
  annualRevenueFen?: bigint | null;
  revenueGrowthBp?: number | null;
  marketSizeFen?: bigint | null;
  marketShareBp?: number | null;
  /** 1 laboratory … 5 mature mass production. */
  maturity?: number | null;
  /** 1 easily substituted … 5 no substitute. */
  substitutability?: number | null;
  economicLifeYears?: number | null;
  /** Historical R&D (or brand-building) cost and the year it was spent, for the cost approach. */
  rdCostFen?: bigint | null;
  rdCostYear?: number | null;
};

/** A closed deal on the platform, as a market-approach comparable. */
export type Comparable = {
  id: string;
  kind: AssetKind;
  industry: string;
  ipcClasses: string[];
  niceClasses: number[];
  priceFen: bigint;
  dealDate: IsoDate;
  /** Assets in the deal; the price is shared evenly among them. */
  assetCount: number;
  /** Legal term left at the deal date, if known. */
  remainingMonths: number | null;
};

export type ValuationInput = {
  valuationDate: IsoDate;
  purpose: Purpose;
  assets: AssetFacts[];
  questionnaire: Questionnaire;
  comparables: Comparable[];
  parameters: Parameters;
};

export type Dimension = "legal" | "technical" | "economic";

export type Indicator = {
  key: string;
  dimension: Dimension;
  /** 0–100. */
  score: number;
  weight: number;
  /** True when the input was missing and a neutral default was used. */
  defaulted: boolean;
};

export type AssetScores = {
  legal: number;
  /** For a trademark, brand strength. */
  technical: number;
  economic: number;
  composite: number;
  /** Trademarks only: the brand-strength score that sets the royalty rate. */
  brandStrength: number | null;
  indicators: Indicator[];
};

export type FlagSeverity = "stop" | "warn" | "info";
export type Flag = { code: string; severity: FlagSeverity; assetId: string | null; params: Record<string, string | number> };

export type IncomeYear = { year: number; months: number; revenueFen: bigint; cashFlowFen: bigint; presentValueFen: bigint };

export type IncomeResult = {
  applicable: boolean;
  revenueBaseFen: bigint;
  growthBp: number;
  royaltyBp: number;
  royaltyRangeBp: [number, number];
  taxBp: number;
  discountBp: number;
  discountParts: { riskFree: number; technology: number; market: number; funding: number; management: number };
  horizonMonths: number;
  economicLifeMonths: number;
  remainingLegalMonths: number;
  grantProbabilityBp: number;
  years: IncomeYear[];
  low: bigint;
  base: bigint;
  high: bigint;
};

export type MarketResult = {
  applicable: boolean;
  comparables: Array<{ id: string; pricePerAssetFen: bigint; factorBp: number; adjustedFen: bigint }>;
  low: bigint;
  base: bigint;
  high: bigint;
};

export type CostResult = {
  applicable: boolean;
  historicalCostFen: bigint;
  years: number;
  replacementCostFen: bigint;
  remainingMonths: number;
  termMonths: number;
  obsolescenceBp: number;
  value: bigint;
};

export type Approach = "income" | "market" | "cost";

export type AssetValuation = {
  assetId: string;
  kind: AssetKind;
  number: string;
  title: string;
  industry: string;
  effectiveStatus: LegalStatus;
  remainingMonths: number;
  termMonths: number;
  scores: AssetScores;
  income: IncomeResult;
  market: MarketResult;
  cost: CostResult;
  /** The weights actually used (renormalised over the approaches that apply). */
  weights: Record<Approach, number>;
  low: bigint;
  base: bigint;
  high: bigint;
};

export type SensitivityDriver = "royalty" | "discount" | "horizon" | "growth";
export type SensitivityRow = { driver: SensitivityDriver; step: number; minus: bigint; plus: bigint; spread: bigint };

export type ValuationResult = {
  modelVersion: string;
  valuationDate: IsoDate;
  purpose: Purpose;
  currency: "CNY";
  assets: AssetValuation[];
  low: bigint;
  base: bigint;
  high: bigint;
  sensitivity: SensitivityRow[];
  flags: Flag[];
  /** The snapshot of every input, parameters included: re-running the engine on it reproduces this result. */
  inputs: ValuationInput;
};
