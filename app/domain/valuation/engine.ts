import { costApproach, discountRate, marketApproach, royaltyRate, royaltyRelief, type IncomeTerms } from "./approaches";
import { BP, canonicalJson, clamp, divRound } from "./arithmetic";
import { isIsoDate } from "../dates";
import { assetFlags } from "./flags";
import { ENGINE_VERSION, modelVersion, PURPOSES, type EngineVersion, type Parameters } from "./parameters";
import { assetState, scoreAsset, type AssetState } from "./scores";
import type {
  Approach, AssetFacts, AssetScores, AssetValuation, Flag, IncomeResult, SensitivityDriver, SensitivityRow,
  ValuationInput, ValuationResult,
} from "./types";

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Values one asset or a bundle: scores, income / market / cost approaches, reconciliation into
 * low / base / high, sensitivity and flags. Pure and deterministic: no clock, no I/O, integers only;
 * the same input gives the same result (and the same `canonicalJson`) byte for byte, whatever the
 * order of the assets or comparables in it. `engine` is the code version to value by: the current one,
 * or the one a stored result names (`engineOf(modelVersion)`) to reproduce it.
 */
export function valuate(raw: ValuationInput, engine: EngineVersion = ENGINE_VERSION): ValuationResult {
  const input = normaliseInput(raw);
  const { parameters: p, valuationDate: date, purpose, questionnaire: q } = input;

  const prepared = input.assets.map((a) => {
    const state = assetState(a, date, p, engine);
    const scores = scoreAsset(a, state, q, date, purpose, p);
    return { a, state, scores };
  });

  // The owner's sales figure covers the products that use the whole bundle: each asset gets a share
  // in proportion to its composite score (the last takes the remainder, so the shares add up exactly).
  const revenue = revenueBase(q);
  const shares = allocate(revenue.amount, prepared.map((x) => Math.max(1, x.scores.composite)));
  const costShares = allocate(q.rdCostFen && q.rdCostFen > 0n ? q.rdCostFen : 0n, prepared.map((x) => Math.max(1, x.scores.composite)));

  const assets: AssetValuation[] = [];
  const flags: Flag[] = [];
  const incomeTerms: Array<IncomeTerms | null> = [];
  for (const [i, { a, state, scores }] of prepared.entries()) {
    const terms = state.hardStop || shares[i]! <= 0n ? null : incomeTermsFor(a, state, scores, shares[i]!, input, engine);
    incomeTerms.push(terms);
    const income = incomeResult(a, state, scores, terms, shares[i]!, input);
    const market = marketApproach(a, state, input.comparables, p);
    const cost = costApproach(a, state, scores, q.rdCostFen ? costShares[i]! : null, q.rdCostYear ?? null, date, p);
    const w = p.approachWeights[purpose];
    const weights: Record<Approach, number> = state.hardStop
      ? { income: 0, market: 0, cost: 0 }
      : { income: income.applicable ? w.income : 0, market: market.applicable ? w.market : 0, cost: cost.applicable ? w.cost : 0 };
    const value = reconcile(weights, income, market, cost.value);
    const noValueBasis = weights.income + weights.market + weights.cost === 0;
    assets.push({
      assetId: a.id, kind: a.kind, number: a.number, title: a.title, industry: a.industry,
      effectiveStatus: state.effectiveStatus, remainingMonths: state.remainingMonths, termMonths: state.termMonths,
      scores, income, market, cost, weights, ...value,
    });
    flags.push(...assetFlags({
      asset: a, state, income, market, purpose, date, noValueBasis, p, engine,
      defaultedIndicators: scores.indicators.filter((x) => x.defaulted).length,
    }));
  }
  if (revenue.source === "none") flags.push({ code: "no_income_basis", severity: "info", assetId: null, params: {} });
  if (revenue.source === "market_share") flags.push({ code: "revenue_from_market_share", severity: "info", assetId: null, params: {} });

  const sum = (k: "low" | "base" | "high") => assets.reduce((s, x) => s + x[k], 0n);
  return {
    modelVersion: modelVersion(p, engine),
    valuationDate: date,
    purpose,
    currency: "CNY",
    assets,
    low: sum("low"),
    base: sum("base"),
    high: sum("high"),
    sensitivity: sensitivity(assets, incomeTerms, input),
    flags,
    inputs: input,
  };
}

/** The result as canonical JSON (sorted keys, bigints as strings): what is stored and hashed. */
export const serialiseResult = (r: ValuationResult) => canonicalJson(r);

export class ValuationInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ValuationInputError";
  }
}

function normaliseInput(x: ValuationInput): ValuationInput {
  if (!isIsoDate(x.valuationDate)) throw new ValuationInputError(`valuationDate must be YYYY-MM-DD, got ${x.valuationDate}`);
  if (!PURPOSES.includes(x.purpose)) throw new ValuationInputError(`unknown purpose ${x.purpose}`);
  if (!x.assets.length) throw new ValuationInputError("no assets to value");
  const ids = new Set(x.assets.map((a) => a.id));
  if (ids.size !== x.assets.length) throw new ValuationInputError("an asset appears twice");
  for (const a of x.assets) {
    if (!isIsoDate(a.filingDate) || !isIsoDate(a.expiryDate)) throw new ValuationInputError(`asset ${a.id}: bad dates`);
  }
  return { ...x, assets: [...x.assets].sort(byId), comparables: [...x.comparables].sort(byId) };
}

function revenueBase(q: ValuationInput["questionnaire"]): { amount: bigint; source: "sales" | "market_share" | "none" } {
  if (q.annualRevenueFen != null && q.annualRevenueFen > 0n) return { amount: q.annualRevenueFen, source: "sales" };
  if (q.marketSizeFen != null && q.marketSizeFen > 0n && q.marketShareBp != null && q.marketShareBp > 0) {
    return { amount: divRound(q.marketSizeFen * BigInt(q.marketShareBp), BP), source: "market_share" };
  }
  return { amount: 0n, source: "none" };
}

/** Splits an amount by integer weights; rounding leftovers go to the last share so the parts sum exactly. */
export function allocate(amount: bigint, weights: number[]): bigint[] {
  const total = BigInt(weights.reduce((s, w) => s + w, 0));
  if (amount === 0n || total === 0n) return weights.map(() => 0n);
  const out = weights.map((w) => divRound(amount * BigInt(w), total));
  const used = out.slice(0, -1).reduce((s, v) => s + v, 0n);
  out[out.length - 1] = amount - used;
  return out;
}

/** The horizon the law allows: a patent's remaining term; a trademark renews, so its economic life alone. */
const legalCapMonths = (a: AssetFacts, s: AssetState, lifeMonths: number) => (a.kind === "trademark" ? lifeMonths : s.remainingMonths);

function economicLifeMonths(a: AssetFacts, input: ValuationInput) {
  const years = input.questionnaire.economicLifeYears ?? input.parameters.economicLifeYears[a.kind];
  return Math.max(0, Math.round(years * 12));
}

function incomeTermsFor(a: AssetFacts, s: AssetState, scores: AssetScores, share: bigint, input: ValuationInput, engine: EngineVersion): IncomeTerms {
  const p = input.parameters;
  const life = economicLifeMonths(a, input);
  const [gLo, gHi] = p.growthBoundsBp;
  return {
    revenueBaseFen: share,
    growthBp: clamp(input.questionnaire.revenueGrowthBp ?? p.defaultGrowthBp, gLo, gHi),
    royaltyBp: royaltyRate(a, scores, p).rateBp,
    taxBp: p.taxBp,
    discountBp: discountRate(scores, p).rateBp,
    horizonMonths: Math.min(life, legalCapMonths(a, s, life)),
    grantProbabilityBp: s.effectiveStatus === "pending" ? p.grantProbabilityBp[a.kind] : 10_000,
    fractionalLastYear: engine !== "1.1",
  };
}

function incomeResult(a: AssetFacts, s: AssetState, scores: AssetScores, terms: IncomeTerms | null, share: bigint, input: ValuationInput): IncomeResult {
  const p = input.parameters;
  const rate = royaltyRate(a, scores, p);
  const disc = discountRate(scores, p);
  const life = economicLifeMonths(a, input);
  const common = {
    revenueBaseFen: share, royaltyRangeBp: rate.range, taxBp: p.taxBp, discountParts: disc.parts,
    economicLifeMonths: life, remainingLegalMonths: s.remainingMonths,
  };
  if (!terms) {
    return {
      ...common, applicable: false, growthBp: 0, royaltyBp: s.hardStop ? 0 : rate.rateBp, discountBp: disc.rateBp,
      horizonMonths: 0, grantProbabilityBp: s.effectiveStatus === "pending" ? p.grantProbabilityBp[a.kind] : 10_000,
      years: [], low: 0n, base: 0n, high: 0n,
    };
  }
  const base = royaltyRelief(terms, true);
  const { low, high } = incomeRange(terms, p);
  return {
    ...common, applicable: true, growthBp: terms.growthBp, royaltyBp: terms.royaltyBp, discountBp: terms.discountBp,
    horizonMonths: terms.horizonMonths, grantProbabilityBp: terms.grantProbabilityBp, years: base.years,
    low, base: base.value, high,
  };
}

/** The range of the income approach: a dearer discount rate with slower growth, and the converse. */
function incomeRange(t: IncomeTerms, p: Parameters) {
  const [gLo, gHi] = p.growthBoundsBp;
  const sd = p.rangeSpread;
  const low = royaltyRelief({ ...t, discountBp: t.discountBp + sd.discountBp, growthBp: clamp(t.growthBp - sd.growthBp, gLo, gHi) }).value;
  const high = royaltyRelief({ ...t, discountBp: Math.max(1, t.discountBp - sd.discountBp), growthBp: clamp(t.growthBp + sd.growthBp, gLo, gHi) }).value;
  return { low, high };
}

/** Weighted mean of the approaches that apply (weights renormalised over them). */
function reconcile(w: Record<Approach, number>, income: { low: bigint; base: bigint; high: bigint }, market: { low: bigint; base: bigint; high: bigint }, cost: bigint) {
  const total = BigInt(w.income + w.market + w.cost);
  if (total === 0n) return { low: 0n, base: 0n, high: 0n };
  const mix = (i: bigint, m: bigint, c: bigint) => divRound(BigInt(w.income) * i + BigInt(w.market) * m + BigInt(w.cost) * c, total);
  return { low: mix(income.low, market.low, cost), base: mix(income.base, market.base, cost), high: mix(income.high, market.high, cost) };
}

const DRIVERS: SensitivityDriver[] = ["royalty", "discount", "horizon", "growth"];

/**
 * How the bundle's base value moves when one income driver moves by its step (all else equal):
 * the data of the tornado chart, widest bar first. The horizon never passes the legal term.
 */
function sensitivity(assets: AssetValuation[], terms: Array<IncomeTerms | null>, input: ValuationInput): SensitivityRow[] {
  const p = input.parameters;
  const steps = p.sensitivitySteps;
  const [gLo, gHi] = p.growthBoundsBp;
  const shift = (driver: SensitivityDriver, dir: 1 | -1, t: IncomeTerms, i: number): IncomeTerms => {
    switch (driver) {
      case "royalty": return { ...t, royaltyBp: Math.max(0, t.royaltyBp + dir * steps.royaltyBp) };
      case "discount": return { ...t, discountBp: Math.max(1, t.discountBp + dir * steps.discountBp) };
      case "growth": return { ...t, growthBp: clamp(t.growthBp + dir * steps.growthBp, gLo, gHi) };
      case "horizon": {
        const cap = assets[i]!.kind === "trademark" ? t.horizonMonths + steps.horizonMonths : assets[i]!.remainingMonths;
        return { ...t, horizonMonths: clamp(t.horizonMonths + dir * steps.horizonMonths, 0, cap) };
      }
    }
  };
  const total = (driver: SensitivityDriver, dir: 1 | -1) =>
    assets.reduce((sum, x, i) => {
      const t = terms[i];
      if (!t) return sum + x.base;
      const income = royaltyRelief(shift(driver, dir, t, i)).value;
      return sum + reconcile(x.weights, { low: 0n, base: income, high: 0n }, x.market, x.cost.value).base;
    }, 0n);
  const rows = DRIVERS.map((driver) => {
    const minus = total(driver, -1);
    const plus = total(driver, 1);
    const spread = plus > minus ? plus - minus : minus - plus;
    const step = driver === "royalty" ? steps.royaltyBp : driver === "discount" ? steps.discountBp : driver === "horizon" ? steps.horizonMonths : steps.growthBp;
    return { driver, step, minus, plus, spread };
  });
  return rows.sort((a, b) => (a.spread === b.spread ? DRIVERS.indexOf(a.driver) - DRIVERS.indexOf(b.driver) : a.spread > b.spread ? -1 : 1));
}

/** The scoring step alone (the flow's `score` step shows these before the money values exist). */
export function scoreAssets(raw: ValuationInput, engine: EngineVersion = ENGINE_VERSION) {
  const input = normaliseInput(raw);
  return input.assets.map((a) => {
    const state = assetState(a, input.valuationDate, input.parameters, engine);
    return { assetId: a.id, effectiveStatus: state.effectiveStatus, ...scoreAsset(a, state, input.questionnaire, input.valuationDate, input.purpose, input.parameters) };
  });
}
