import type { AssetKind } from "../market/assets";

/**
 * Matching an application against bank products: every eligibility rule passes or fails with a
 * reason, and eligible products are ranked by a score that explains itself (each factor's weight,
 * value and points). Pure and allocation-light: the matching queue and the benchmark run this for
 * every active product.
 */
export type MatchProduct = {
  id: string;
  bankOrgId: string;
  minAmountFen: bigint;
  maxAmountFen: bigint;
  minTermMonths: number;
  maxTermMonths: number;
  /** Over the LPR, in basis points (may be negative). */
  spreadBp: number;
  /** Maximum loan-to-value per asset kind, in basis points of the valuation's LOW value. */
  maxLtvBp: Partial<Record<AssetKind, number>>;
  acceptedKinds: readonly AssetKind[];
  /** Empty: every industry. */
  eligibleIndustries: readonly string[];
  /** Empty: every park. */
  eligibleParkIds: readonly string[];
  acceptsPlatformValuation: boolean;
  insuranceRequired: boolean;
  /** Loan-to-value on pledged licence-royalty receivables, bp of what is still to come in; null or absent: not accepted. */
  receivableLtvBp?: number | null;
};

export type MatchApplication = {
  amountFen: bigint;
  termMonths: number;
  industry: string | null;
  parkId: string | null;
  campaignId: string | null;
  /** Each pledged asset with its share of the valuation's low value (null: not valued yet). */
  collateral: ReadonlyArray<{ kind: AssetKind; lowValueFen: bigint | null }>;
  /** Licence-royalty receivables pledged beside (or instead of) the assets: what is still to come in. */
  receivablesFen?: bigint | null;
};

export type MatchContext = {
  /** The 1-year LPR in basis points, to quote the rate. */
  lprBp: number;
  /** Median hours from routing to decision per bank; missing or null: no history yet. */
  bankMedianDecisionHours?: ReadonlyMap<string, number | null>;
  /**
   * 入园惠企 campaign fit of a product (app/domain/campaign-fit.ts): 1 a product the bank brought
   * to the enterprise's campaign, 0.5 another product of a participating bank, 0 none.
   */
  campaignFit?: (product: { id: string; bankOrgId: string }) => number;
};

export const MATCH_RULES = ["amountRange", "termRange", "assetKinds", "receivables", "industry", "park", "valuation", "loanToValue"] as const;
export type MatchRule = (typeof MATCH_RULES)[number];
export type MatchParams = Record<string, string | number>;
export type MatchRuleResult = { rule: MatchRule; pass: boolean; key: string; params: MatchParams };

export const SCORE_FACTORS = ["ltvHeadroom", "rate", "amountFit", "termFit", "parkOrCampaign", "decisionSpeed"] as const;
export type ScoreFactor = (typeof SCORE_FACTORS)[number];
/** Weights sum to 100, so the score reads as points out of 100. */
export const SCORE_WEIGHTS: Record<ScoreFactor, number> = { ltvHeadroom: 30, rate: 25, amountFit: 10, termFit: 10, parkOrCampaign: 15, decisionSpeed: 10 };
/** The spread that scores full marks, and the one that scores nothing (configurable defaults). */
export const RATE_SCALE = { bestSpreadBp: -50, worstSpreadBp: 300 };
/** Decision time that scores full marks, and the one that scores nothing. */
export const SPEED_SCALE = { bestHours: 24, worstHours: 30 * 24 };

export type FactorResult = { factor: ScoreFactor; weight: number; value: number; points: number; key: string; params: MatchParams };

export type MatchResult = {
  productId: string;
  bankOrgId: string;
  spreadBp: number;
  eligible: boolean;
  score: number;
  ltvCapFen: bigint | null;
  rules: MatchRuleResult[];
  factors: FactorResult[];
  /** Conditions the bank attaches (appraiser report, insurance), shown with eligible matches. */
  conditions: string[];
};

const K = "financing.match";
const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);
/** Keys are built once (matching runs for every application × product pair). */
const VARIANTS = {
  amountRange: ["ok", "tooSmall", "tooLarge"], termRange: ["ok", "tooShort", "tooLong"], assetKinds: ["ok", "notAccepted"], receivables: ["none", "ok", "notAccepted"],
  industry: ["any", "ok", "notEligible"], park: ["any", "ok", "notEligible"], valuation: ["ok", "missing"], loanToValue: ["ok", "exceeds", "noCap"],
  "factor.ltvHeadroom": ["ok"], "factor.rate": ["ok"], "factor.amountFit": ["ok"], "factor.termFit": ["ok"],
  "factor.parkOrCampaign": ["campaign", "park", "campaignBank", "none"], "factor.decisionSpeed": ["ok", "noHistory"],
} as const;
const KEYS: Record<string, Record<string, string>> = Object.fromEntries(
  Object.entries(VARIANTS).map(([rule, vs]) => [rule, Object.fromEntries(vs.map((v) => [v, `${K}.${rule}.${v}`]))]),
);
const FACTOR_KEYS: Record<string, Record<string, string>> = Object.fromEntries(SCORE_FACTORS.map((f) => [f, KEYS[`factor.${f}`]!]));
const r = (rule: MatchRule, ok: boolean, variant: string, params: MatchParams): MatchRuleResult => ({ rule, pass: ok, key: KEYS[rule]![variant]!, params });

/** Σ floor(low value × LTV of its kind); null when any asset has no value or its kind no LTV. */
export function loanToValueCap(collateral: MatchApplication["collateral"], maxLtvBp: MatchProduct["maxLtvBp"]): bigint | null {
  let cap = 0n;
  for (const c of collateral) {
    const ltv = maxLtvBp[c.kind];
    if (c.lowValueFen === null || ltv === undefined) return null;
    cap += (c.lowValueFen * BigInt(ltv)) / 10_000n;
  }
  return cap;
}

/** Per-product strings, computed once per product rather than once per pair. */
const prepared = new WeakMap<MatchProduct, { minFen: string; maxFen: string }>();
const prep = (p: MatchProduct) => {
  let x = prepared.get(p);
  if (!x) {
    x = { minFen: p.minAmountFen.toString(), maxFen: p.maxAmountFen.toString() };
    prepared.set(p, x);
  }
  return x;
};

export function evaluateRules(app: MatchApplication, p: MatchProduct, amount: string = app.amountFen.toString()): { rules: MatchRuleResult[]; cap: bigint | null } {
  const pp = prep(p);
  const rules: MatchRuleResult[] = [];
  const inAmount = app.amountFen >= p.minAmountFen && app.amountFen <= p.maxAmountFen;
  rules.push(r("amountRange", inAmount, inAmount ? "ok" : app.amountFen < p.minAmountFen ? "tooSmall" : "tooLarge",
    { amountFen: amount, minFen: pp.minFen, maxFen: pp.maxFen }));
  const inTerm = app.termMonths >= p.minTermMonths && app.termMonths <= p.maxTermMonths;
  rules.push(r("termRange", inTerm, inTerm ? "ok" : app.termMonths < p.minTermMonths ? "tooShort" : "tooLong",
    { months: app.termMonths, min: p.minTermMonths, max: p.maxTermMonths }));
  let missingKind: AssetKind | null = null;
  for (const c of app.collateral) {
    if (!p.acceptedKinds.includes(c.kind)) { missingKind = c.kind; break; }
  }
  rules.push(r("assetKinds", missingKind === null, missingKind === null ? "ok" : "notAccepted", missingKind ? { kind: missingKind } : {}));
  const receivables = app.receivablesFen ?? null;
  const takesReceivables = p.receivableLtvBp != null;
  rules.push(r("receivables", receivables === null || takesReceivables, receivables === null ? "none" : takesReceivables ? "ok" : "notAccepted",
    receivables === null ? {} : { outstandingFen: receivables.toString(), ltvPercent: (p.receivableLtvBp ?? 0) / 100 }));
  const industryOk = p.eligibleIndustries.length === 0 || (app.industry !== null && p.eligibleIndustries.includes(app.industry));
  rules.push(r("industry", industryOk, p.eligibleIndustries.length === 0 ? "any" : industryOk ? "ok" : "notEligible", { industry: app.industry ?? "other" }));
  const parkOk = p.eligibleParkIds.length === 0 || (app.parkId !== null && p.eligibleParkIds.includes(app.parkId));
  rules.push(r("park", parkOk, p.eligibleParkIds.length === 0 ? "any" : parkOk ? "ok" : "notEligible", {}));
  // Receivables alone need no valuation: their value is what is still to come in.
  let valued = app.collateral.length > 0 || receivables !== null;
  for (const c of app.collateral) if (c.lowValueFen === null) valued = false;
  rules.push(r("valuation", valued, valued ? "ok" : "missing", {}));
  const assetCap = !valued ? null : app.collateral.length ? loanToValueCap(app.collateral, p.maxLtvBp) : 0n;
  const cap = assetCap === null ? null : receivables !== null && takesReceivables ? assetCap + (receivables * BigInt(p.receivableLtvBp!)) / 10_000n : assetCap;
  const ltvOk = cap !== null && app.amountFen <= cap;
  rules.push(r("loanToValue", ltvOk, cap === null ? "noCap" : ltvOk ? "ok" : "exceeds", { amountFen: amount, capFen: cap === null ? "0" : cap.toString() }));
  return { rules, cap };
}

function factor(f: ScoreFactor, value: number, variant: string, params: MatchParams): FactorResult {
  const w = SCORE_WEIGHTS[f];
  const v = clamp01(value);
  return { factor: f, weight: w, value: Math.round(v * 1000) / 1000, points: Math.round(w * v * 10) / 10, key: FACTOR_KEYS[f]![variant]!, params };
}

export function scoreFactors(app: MatchApplication, p: MatchProduct, cap: bigint, ctx: MatchContext): FactorResult[] {
  const amount = Number(app.amountFen);
  const capN = Number(cap);
  const headroom = capN > 0 ? 1 - amount / capN : 0;
  const rateBp = ctx.lprBp + p.spreadBp;
  const rateValue = (RATE_SCALE.worstSpreadBp - p.spreadBp) / (RATE_SCALE.worstSpreadBp - RATE_SCALE.bestSpreadBp);
  const min = Number(p.minAmountFen);
  const max = Number(p.maxAmountFen);
  const half = (max - min) / 2;
  const amountFit = half > 0 ? 1 - Math.abs(amount - (min + half)) / half : 1;
  const termSpan = p.maxTermMonths - p.minTermMonths;
  const termFit = termSpan > 0 ? (p.maxTermMonths - app.termMonths) / termSpan : 1;
  const targeted = app.parkId !== null && p.eligibleParkIds.includes(app.parkId);
  const campaign = ctx.campaignFit ? ctx.campaignFit(p) : 0;
  const hours = ctx.bankMedianDecisionHours?.get(p.bankOrgId) ?? null;
  const speed = hours === null ? 0.5 : 1 - (hours - SPEED_SCALE.bestHours) / (SPEED_SCALE.worstHours - SPEED_SCALE.bestHours);
  return [
    factor("ltvHeadroom", headroom, "ok", { headroomPercent: Math.round(clamp01(headroom) * 1000) / 10, capFen: cap.toString() }),
    factor("rate", rateValue, "ok", { ratePercent: rateBp / 100, spreadBp: p.spreadBp }),
    factor("amountFit", amountFit, "ok", { minFen: p.minAmountFen.toString(), maxFen: p.maxAmountFen.toString() }),
    factor("termFit", termFit, "ok", { months: app.termMonths, max: p.maxTermMonths }),
    factor("parkOrCampaign", Math.max(campaign, targeted ? 1 : 0), campaign >= 1 ? "campaign" : targeted ? "park" : campaign > 0 ? "campaignBank" : "none", {}),
    factor("decisionSpeed", speed, hours === null ? "noHistory" : "ok", { hours: hours === null ? 0 : Math.round(hours) }),
  ];
}

const CONDITION_APPRAISER = `${K}.condition.appraiser`;
const CONDITION_INSURANCE = `${K}.condition.insurance`;

export function matchProduct(app: MatchApplication, p: MatchProduct, ctx: MatchContext, amount?: string): MatchResult {
  const { rules, cap } = evaluateRules(app, p, amount);
  let eligible = true;
  for (const x of rules) if (!x.pass) { eligible = false; break; }
  const conditions: string[] = [];
  if (!p.acceptsPlatformValuation) conditions.push(CONDITION_APPRAISER);
  if (p.insuranceRequired) conditions.push(CONDITION_INSURANCE);
  if (!eligible || cap === null) return { productId: p.id, bankOrgId: p.bankOrgId, spreadBp: p.spreadBp, eligible: false, score: 0, ltvCapFen: cap, rules, factors: [], conditions };
  const factors = scoreFactors(app, p, cap, ctx);
  let sum = 0;
  for (const f of factors) sum += f.weight * f.value;
  return { productId: p.id, bankOrgId: p.bankOrgId, spreadBp: p.spreadBp, eligible: true, score: Math.round(sum), ltvCapFen: cap, rules, factors, conditions };
}

const byScore = (a: MatchResult, b: MatchResult) => {
  if (a.score !== b.score) return b.score - a.score;
  if (a.spreadBp !== b.spreadBp) return a.spreadBp - b.spreadBp;
  return a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0;
};

/**
 * Eligible products first, best score first (ties to the lower rate, then the product id);
 * ineligible ones after them in the products' order. Only the eligible part needs a real sort.
 */
export function rankMatches(results: MatchResult[]): MatchResult[] {
  const eligible: MatchResult[] = [];
  const rest: MatchResult[] = [];
  for (const m of results) (m.eligible ? eligible : rest).push(m);
  eligible.sort(byScore);
  return eligible.concat(rest);
}

// ---------------------------------------------------------------------------------------------
// Ranking without reasons: the same rules and score on plain numbers, no object per pair

const KIND_INDEX: Record<AssetKind, number> = { invention: 0, utility_model: 1, design: 2, trademark: 3 };
/** Below these, fen × basis points stays an exact double (2^53); beyond, a pair takes the bigint path. */
const SAFE_FEN = 2 ** 38;
const SAFE_BP = 2 ** 14;
const round3 = (v: number) => Math.round(clamp01(v) * 1000) / 1000;

type NumericProduct = {
  exact: boolean; min: number; max: number; accepted: number; ltv: number[]; half: number; mid: number; termSpan: number;
  /** Σ weight × value of the factors that depend on the product alone. */
  rate: number;
};
/** Per list of products (matching runs every application against the same list): prepared once. */
const numericLists = new WeakMap<readonly MatchProduct[], NumericProduct[]>();
function numericList(products: readonly MatchProduct[]): NumericProduct[] {
  let list = numericLists.get(products);
  if (!list || list.length !== products.length) {
    list = products.map(numericProduct);
    numericLists.set(products, list);
  }
  return list;
}
function numericProduct(p: MatchProduct): NumericProduct {
  const min = Number(p.minAmountFen);
  const max = Number(p.maxAmountFen);
  const ltv = [-1, -1, -1, -1];
  let exact = p.maxAmountFen <= BigInt(Number.MAX_SAFE_INTEGER) && p.minAmountFen >= -BigInt(Number.MAX_SAFE_INTEGER);
  for (const [k, v] of Object.entries(p.maxLtvBp)) {
    if (v === undefined) continue;
    ltv[KIND_INDEX[k as AssetKind]] = v;
    if (!Number.isInteger(v) || v < 0 || v >= SAFE_BP) exact = false;
  }
  let accepted = 0;
  for (const k of p.acceptedKinds) accepted |= 1 << KIND_INDEX[k];
  const half = (max - min) / 2;
  const rateValue = (RATE_SCALE.worstSpreadBp - p.spreadBp) / (RATE_SCALE.worstSpreadBp - RATE_SCALE.bestSpreadBp);
  return { exact, min, max, accepted, ltv, half, mid: min + half, termSpan: p.maxTermMonths - p.minTermMonths, rate: SCORE_WEIGHTS.rate * round3(rateValue) };
}

/**
 * The ranking `matchProduct` + `rankMatches` would give, computed on plain numbers: cheap numeric
 * rejections first (amount, term, kinds), and the score only for eligible pairs, so a product that
 * fails costs a few comparisons and no allocation. `order` lists product indexes, eligible ones by
 * rank then the rest in the products' order; `score` is by product index (0 when ineligible).
 * Reasons are built afterwards (`matchProduct`) only for the pairs that are stored or shown.
 */
export function rankProducts(app: MatchApplication, products: readonly MatchProduct[], ctx: MatchContext): { order: Int32Array; eligibleCount: number; score: Int32Array } {
  const n = products.length;
  const score = new Int32Array(n);
  const eligible: number[] = [];
  const amount = Number(app.amountFen);
  const kinds = new Int32Array(app.collateral.length);
  const lows = new Float64Array(app.collateral.length);
  let mask = 0;
  let valued = app.collateral.length > 0;
  // Pledged receivables change the cap and the rules per product: such an application takes the exact path.
  let exactApp = app.amountFen <= BigInt(Number.MAX_SAFE_INTEGER) && app.amountFen >= -BigInt(Number.MAX_SAFE_INTEGER)
    && (app.receivablesFen ?? null) === null;
  app.collateral.forEach((c, i) => {
    kinds[i] = KIND_INDEX[c.kind];
    mask |= 1 << kinds[i]!;
    if (c.lowValueFen === null) valued = false;
    else if (c.lowValueFen < 0n || c.lowValueFen >= BigInt(SAFE_FEN)) exactApp = false;
    else lows[i] = Number(c.lowValueFen);
  });
  const term = app.termMonths;
  const numeric = numericList(products);
  for (let i = 0; i < n; i++) {
    const p = products[i]!;
    const q = numeric[i]!;
    if (!exactApp || !q.exact) {
      // Figures beyond exact doubles: the bigint rules decide.
      const m = matchProduct(app, p, ctx);
      if (m.eligible) { score[i] = m.score; eligible.push(i); }
      continue;
    }
    if (amount < q.min || amount > q.max || term < p.minTermMonths || term > p.maxTermMonths || (mask & ~q.accepted) !== 0 || !valued) continue;
    if (p.eligibleIndustries.length && (app.industry === null || !p.eligibleIndustries.includes(app.industry))) continue;
    if (p.eligibleParkIds.length && (app.parkId === null || !p.eligibleParkIds.includes(app.parkId))) continue;
    let cap = 0;
    for (let j = 0; j < kinds.length; j++) {
      const ltv = q.ltv[kinds[j]!]!;
      if (ltv < 0) { cap = -1; break; }
      const x = lows[j]! * ltv; // exact: < 2^52
      cap += (x - (x % 10_000)) / 10_000;
    }
    if (cap < 0 || amount > cap) continue;
    // The score exactly as `scoreFactors` + `matchProduct` sum it (same operations, same order).
    let sum = 0;
    sum += SCORE_WEIGHTS.ltvHeadroom * round3(cap > 0 ? 1 - amount / cap : 0);
    sum += q.rate;
    sum += SCORE_WEIGHTS.amountFit * round3(q.half > 0 ? 1 - Math.abs(amount - q.mid) / q.half : 1);
    sum += SCORE_WEIGHTS.termFit * round3(q.termSpan > 0 ? (p.maxTermMonths - term) / q.termSpan : 1);
    const campaign = ctx.campaignFit ? ctx.campaignFit(p) : 0;
    const targeted = app.parkId !== null && p.eligibleParkIds.includes(app.parkId);
    sum += SCORE_WEIGHTS.parkOrCampaign * round3(Math.max(campaign, targeted ? 1 : 0));
    const hours = ctx.bankMedianDecisionHours?.get(p.bankOrgId) ?? null;
    sum += SCORE_WEIGHTS.decisionSpeed * round3(hours === null ? 0.5 : 1 - (hours - SPEED_SCALE.bestHours) / (SPEED_SCALE.worstHours - SPEED_SCALE.bestHours));
    score[i] = Math.round(sum);
    eligible.push(i);
  }
  eligible.sort((a, b) => {
    if (score[a] !== score[b]) return score[b]! - score[a]!;
    const pa = products[a]!, pb = products[b]!;
    if (pa.spreadBp !== pb.spreadBp) return pa.spreadBp - pb.spreadBp;
    return pa.id < pb.id ? -1 : pa.id > pb.id ? 1 : 0;
  });
  const order = new Int32Array(n);
  let k = 0;
  for (const i of eligible) order[k++] = i;
  if (k < n) {
    const taken = new Uint8Array(n);
    for (const i of eligible) taken[i] = 1;
    for (let i = 0; i < n; i++) if (!taken[i]) order[k++] = i;
  }
  return { order, eligibleCount: eligible.length, score };
}

/**
 * Every match of an application with its reasons, in rank order (`rankProducts`); the reasons are
 * built here, once per match, for callers that store or show all of them.
 */
export function matchApplication(app: MatchApplication, products: readonly MatchProduct[], ctx: MatchContext): MatchResult[] {
  const amount = app.amountFen.toString();
  const { order } = rankProducts(app, products, ctx);
  const out = new Array<MatchResult>(order.length);
  for (let i = 0; i < order.length; i++) out[i] = matchProduct(app, products[order[i]!]!, ctx, amount);
  return out;
}

/**
 * Splits a valuation's low value over its assets: by each asset's own low value where the
 * valuation gives one, otherwise evenly (the remainder to the last asset, so the parts sum exactly).
 */
export function allocateLowValue(totalLowFen: bigint, assets: ReadonlyArray<{ kind: AssetKind; ownLowFen?: bigint | null }>) {
  if (assets.length && assets.every((a) => a.ownLowFen !== undefined && a.ownLowFen !== null)) {
    return assets.map((a) => ({ kind: a.kind, lowValueFen: a.ownLowFen as bigint }));
  }
  const n = BigInt(assets.length || 1);
  const each = totalLowFen / n;
  return assets.map((a, i) => ({ kind: a.kind, lowValueFen: i === assets.length - 1 ? totalLowFen - each * (n - 1n) : each }));
}

/** The most an offer may lend: the product's LTV cap on the valuation's low value. */
export const maxOfferFen = loanToValueCap;
