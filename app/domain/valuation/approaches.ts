import { BP, clamp, divRound, idivRound, medianBig, powBig, rootFloor } from "./arithmetic";
import { yearOf, type IsoDate } from "../dates";
import type { Parameters } from "./parameters";
import type { AssetState } from "./scores";
import type { AssetFacts, AssetScores, Comparable, CostResult, IncomeYear, MarketResult } from "./types";

/** Everything the royalty-relief formula needs, as integers. */
export type IncomeTerms = {
  revenueBaseFen: bigint;
  growthBp: number;
  royaltyBp: number;
  taxBp: number;
  discountBp: number;
  horizonMonths: number;
  grantProbabilityBp: number;
  /** Engine ≥ 1.2: a partial last year is discounted at t = H / 12, not as a whole year. */
  fractionalLastYear: boolean;
};

/** Fixed-point scale of the fractional discount factor: 12 significant digits. */
const SCALE = 10n ** 12n;

/**
 * (1 + r)^(m / 12) × SCALE, rounded to the nearest integer, computed exactly: the integer 12th root of
 * SCALE¹² · (BP + r)^m / BP^m. The same inputs give the same integer on every machine.
 */
export function fractionalDiscountFactor(discountBp: number, months: number): bigint {
  if (!Number.isInteger(months) || months < 0 || months > 12) throw new RangeError(`months ${months} outside 0–12`);
  const key = discountBp * 13 + months;
  const known = FACTORS.get(key);
  if (known !== undefined) return known;
  const factor = computeFactor(discountBp, months);
  // A few hundred rates and 12 month counts at most; the sensitivity rows ask for the same ones again.
  if (FACTORS.size < 10_000) FACTORS.set(key, factor);
  return factor;
}

const FACTORS = new Map<number, bigint>();

function computeFactor(discountBp: number, months: number): bigint {
  const radicand = (SCALE ** 12n * (BP + BigInt(discountBp)) ** BigInt(months)) / BP ** BigInt(months);
  const r = rootFloor(radicand, 12);
  // Round half up: r + ½ ≤ the root exactly when (2r + 1)¹² ≤ 2¹² · radicand.
  return (2n * r + 1n) ** 12n <= 4096n * radicand ? r + 1n : r;
}

/**
 * Income approach by royalty relief, cash flows at each year's end, one rounding per line so that
 * every line of the report can be checked with a calculator:
 *
 *   Rₜ  = round(R₀ · (1 + g)ᵗ)                         revenue forecast
 *   CFₜ = round(Rₜ · ρ · (1 − τ) · mₜ / 12)            royalty saved after tax (mₜ months of year t)
 *   PVₜ = round(CFₜ / (1 + r)^τₜ)                       present value, τₜ = t (a whole year)
 *   V   = round(Σ PVₜ · p)                              p: probability of grant (1 for a granted right)
 *
 * over t = 1 … ⌈H / 12⌉, where H is the horizon in months. The last year may be partial: its cash
 * flow arrives at the horizon, τ = H / 12 (engine 1.1 discounted it as a whole year, τ = ⌈H / 12⌉).
 */
export function royaltyRelief(x: IncomeTerms, withYears: true): { value: bigint; years: IncomeYear[] };
export function royaltyRelief(x: IncomeTerms, withYears?: false): { value: bigint; years: null };
export function royaltyRelief(x: IncomeTerms, withYears = false): { value: bigint; years: IncomeYear[] | null } {
  const years: IncomeYear[] | null = withYears ? [] : null;
  if (x.horizonMonths <= 0 || x.revenueBaseFen <= 0n || x.royaltyBp <= 0) return { value: 0n, years: years ?? null };
  const growth = BP + BigInt(x.growthBp);
  const discount = BP + BigInt(x.discountBp);
  const afterTax = BigInt(x.royaltyBp) * (BP - BigInt(x.taxBp));
  const n = Math.ceil(x.horizonMonths / 12);
  let sum = 0n;
  let gPow = 1n;
  let dPow = 1n;
  let bPow = 1n;
  for (let t = 1; t <= n; t++) {
    gPow *= growth;
    dPow *= discount;
    bPow *= BP;
    const months = Math.min(12, x.horizonMonths - 12 * (t - 1));
    const revenue = divRound(x.revenueBaseFen * gPow, bPow);
    const cashFlow = divRound(revenue * afterTax * BigInt(months), BP * BP * 12n);
    const pv = months < 12 && x.fractionalLastYear
      // (1 + r)^(t − 1 + m/12) = dPow / (BP + r) · factor / SCALE, over bPow / BP.
      ? divRound(cashFlow * (bPow / BP) * SCALE, (dPow / discount) * fractionalDiscountFactor(x.discountBp, months))
      : divRound(cashFlow * bPow, dPow);
    sum += pv;
    years?.push({ year: t, months, revenueFen: revenue, cashFlowFen: cashFlow, presentValueFen: pv });
  }
  return { value: divRound(sum * BigInt(x.grantProbabilityBp), BP), years };
}

/** The royalty rate: the industry's range, positioned by the asset's strength (a patent's composite score, a trademark's brand strength). */
export function royaltyRate(a: AssetFacts, scores: AssetScores, p: Parameters): { rateBp: number; range: [number, number] } {
  const table = a.kind === "trademark" ? p.royaltyRangesBp.trademark : p.royaltyRangesBp.patent;
  const [lo, hi] = (table as Record<string, readonly [number, number]>)[a.industry] ?? table.other;
  const strength = a.kind === "trademark" ? scores.brandStrength! : scores.composite;
  const base = lo + idivRound((hi - lo) * strength, 100);
  return { rateBp: idivRound(base * p.kindRoyaltyFactorBp[a.kind], 10_000), range: [lo, hi] };
}

/** Discount rate: risk-free + technology, market, funding and management premiums. */
export function discountRate(scores: AssetScores, p: Parameters) {
  const pick = (score: number, t: { strong: number; medium: number; weak: number }) =>
    score >= p.premiumBands.strong ? t.strong : score >= p.premiumBands.medium ? t.medium : t.weak;
  const parts = {
    riskFree: p.riskFreeBp,
    technology: pick(scores.technical, p.premiumsBp.technology),
    market: pick(scores.economic, p.premiumsBp.market),
    funding: p.premiumsBp.funding,
    management: p.premiumsBp.management,
  };
  return { rateBp: parts.riskFree + parts.technology + parts.market + parts.funding + parts.management, parts };
}

const sameIpcSubclass = (a: string[], b: string[]) => {
  const set = new Set(a.map((c) => c.replace(/\s+/g, "").slice(0, 4).toUpperCase()));
  return b.some((c) => set.has(c.replace(/\s+/g, "").slice(0, 4).toUpperCase()));
};

/**
 * Market approach: closed deals of the same kind and industry, and — when both sides name classes —
 * sharing an IPC subclass (patents) or a Nice class (trademarks). Each price per asset is scaled by
 * the ratio of remaining terms (bounded), and the median is the value; min and max give the range.
 */
export function marketApproach(a: AssetFacts, s: AssetState, comparables: Comparable[], p: Parameters): MarketResult {
  const matches = comparables.filter((c) => {
    if (c.kind !== a.kind || c.industry !== a.industry || c.priceFen <= 0n) return false;
    if (a.kind === "trademark") return !a.niceClasses.length || !c.niceClasses.length || c.niceClasses.some((n) => a.niceClasses.includes(n));
    return !a.ipcClasses.length || !c.ipcClasses.length || sameIpcSubclass(a.ipcClasses, c.ipcClasses);
  });
  const [lo, hi] = p.market.termAdjustmentBp;
  const rows = matches
    .map((c) => {
      const perAsset = divRound(c.priceFen, BigInt(Math.max(1, c.assetCount)));
      const factorBp = c.remainingMonths && c.remainingMonths > 0 && a.kind !== "trademark"
        ? clamp(idivRound(s.remainingMonths * 10_000, c.remainingMonths), lo, hi)
        : 10_000;
      return { id: c.id, pricePerAssetFen: perAsset, factorBp, adjustedFen: divRound(perAsset * BigInt(factorBp), BP) };
    })
    .sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const applicable = !s.hardStop && rows.length >= p.market.minComparables;
  if (!applicable) return { applicable: false, comparables: rows, low: 0n, base: 0n, high: 0n };
  const sorted = rows.map((r) => r.adjustedFen).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  return { applicable, comparables: rows, low: sorted[0]!, base: medianBig(sorted), high: sorted[sorted.length - 1]! };
}

/**
 * Cost approach: historical cost restated to today, less the share of the legal life used up
 * (functional depreciation) and an economic obsolescence that grows as the economic score falls:
 *   V = round(C · (1 + i)ʸ · (remaining / term) · (1 − o)),  o = (100 − economic) × k.
 * An IP right wears out by time, not use: there is no physical depreciation.
 */
export function costApproach(a: AssetFacts, s: AssetState, scores: AssetScores, costFen: bigint | null, costYear: number | null, date: IsoDate, p: Parameters): CostResult {
  const none: CostResult = {
    applicable: false, historicalCostFen: costFen ?? 0n, years: 0, replacementCostFen: 0n,
    remainingMonths: s.remainingMonths, termMonths: s.termMonths, obsolescenceBp: 0, value: 0n,
  };
  if (costFen == null || costFen <= 0n || s.hardStop) return none;
  const years = clamp(costYear ? yearOf(date) - costYear : 0, 0, 30);
  const replacement = divRound(costFen * powBig(BP + BigInt(p.cost.inflationBp), years), powBig(BP, years));
  // A trademark renews indefinitely: its cost does not wear out with the registration term.
  const remaining = a.kind === "trademark" ? s.termMonths : Math.min(s.remainingMonths, s.termMonths);
  const obsolescenceBp = (100 - scores.economic) * p.cost.obsolescencePerPointBp;
  const value = divRound(replacement * BigInt(remaining) * (BP - BigInt(obsolescenceBp)), BigInt(s.termMonths) * BP);
  return { applicable: true, historicalCostFen: costFen, years, replacementCostFen: replacement, remainingMonths: remaining, termMonths: s.termMonths, obsolescenceBp, value };
}
