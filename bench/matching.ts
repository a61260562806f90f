/**
 * Matching benchmark: 10,000 pledge applications against 1,000 active bank products, through the
 * same pure engine the `matching` queue runs (app/domain/financing/matching.ts): every eligibility
 * rule with its reason for every pair, the explainable score for eligible ones, and the ranking.
 * The ranking of all pairs runs beside a floor (the same numeric comparisons on typed arrays) in the
 * same process; target ≤ 1.5× the floor. Run: `npx tsx bench/matching.ts [apps] [products]`.
 */
import { performance } from "node:perf_hooks";
import type { AssetKind } from "../app/domain/market/assets";
import { matchApplication, rankProducts, type MatchApplication, type MatchContext, type MatchProduct } from "../app/domain/financing/matching";

const APPS = Number(process.argv[2] ?? 10_000);
const PRODUCTS = Number(process.argv[3] ?? 1_000);

// A small deterministic PRNG (mulberry32) so every run measures the same work.
let seed = 20_261_123;
const rand = () => {
  seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
const KINDS: AssetKind[] = ["invention", "utility_model", "design", "trademark"];
const INDUSTRIES = ["integrated_circuits", "biomedicine", "artificial_intelligence", "electronic_information", "high_end_equipment", "other"];
const PARKS = Array.from({ length: 12 }, (_, i) => `park-${i}`);
const BANKS = Array.from({ length: 60 }, (_, i) => `bank-${i}`);

const products: MatchProduct[] = Array.from({ length: PRODUCTS }, (_, i) => {
  const min = BigInt(Math.floor(rand() * 50) + 5) * 1_000_000n;
  const accepted = KINDS.filter(() => rand() < 0.7);
  return {
    id: `product-${String(i).padStart(5, "0")}`, bankOrgId: pick(BANKS), minAmountFen: min, maxAmountFen: min * BigInt(Math.floor(rand() * 40) + 2),
    minTermMonths: pick([3, 6, 12]), maxTermMonths: pick([12, 24, 36, 60]), spreadBp: Math.floor(rand() * 250) - 20,
    maxLtvBp: Object.fromEntries(accepted.map((k) => [k, 1000 + Math.floor(rand() * 4000)])), acceptedKinds: accepted.length ? accepted : ["invention"],
    eligibleIndustries: rand() < 0.3 ? [pick(INDUSTRIES), pick(INDUSTRIES)] : [], eligibleParkIds: rand() < 0.3 ? [pick(PARKS)] : [],
    acceptsPlatformValuation: rand() < 0.8, insuranceRequired: rand() < 0.2,
  };
});
const applications: MatchApplication[] = Array.from({ length: APPS }, () => ({
  amountFen: BigInt(Math.floor(rand() * 500) + 10) * 1_000_000n, termMonths: pick([6, 12, 18, 24, 36]), industry: pick(INDUSTRIES), parkId: pick(PARKS),
  campaignId: rand() < 0.2 ? "campaign-1" : null,
  collateral: Array.from({ length: 1 + Math.floor(rand() * 3) }, () => ({ kind: pick(KINDS), lowValueFen: BigInt(Math.floor(rand() * 5_000) + 100) * 1_000_000n })),
}));
const campaignBanks = new Set(BANKS.slice(0, 8));
const ctx: MatchContext = {
  lprBp: 300,
  bankMedianDecisionHours: new Map(BANKS.map((b) => [b, rand() < 0.2 ? null : 12 + rand() * 500])),
  campaignFit: (p) => (campaignBanks.has(p.bankOrgId) ? 1 : 0),
};

// The floor: the same comparisons and score arithmetic on typed arrays of plain numbers (industries
// and parks as bit masks, everything per product precomputed), eligible pairs sorted by score.
const IND = new Map(INDUSTRIES.map((x, i) => [x, i]));
const PK = new Map(PARKS.map((x, i) => [x, i]));
const KI = new Map(KINDS.map((x, i) => [x, i]));
const P = PRODUCTS;
const pMin = new Float64Array(P), pMax = new Float64Array(P), pTmin = new Int32Array(P), pTmax = new Int32Array(P), pKinds = new Int32Array(P);
const pInd = new Int32Array(P), pPark = new Int32Array(P), pLtv = new Float64Array(P * 4).fill(-1), pConst = new Float64Array(P), pCamp = new Float64Array(P), pSpread = new Int32Array(P);
const r3 = (v: number) => Math.round((v < 0 ? 0 : v > 1 ? 1 : v) * 1000) / 1000;
products.forEach((p, i) => {
  pMin[i] = Number(p.minAmountFen); pMax[i] = Number(p.maxAmountFen); pTmin[i] = p.minTermMonths; pTmax[i] = p.maxTermMonths; pSpread[i] = p.spreadBp;
  for (const k of p.acceptedKinds) pKinds[i]! |= 1 << KI.get(k)!;
  for (const x of p.eligibleIndustries) pInd[i]! |= 1 << IND.get(x)!;
  for (const x of p.eligibleParkIds) pPark[i]! |= 1 << PK.get(x)!;
  for (const [k, v] of Object.entries(p.maxLtvBp)) pLtv[i * 4 + KI.get(k as never)!] = v!;
  const hours = ctx.bankMedianDecisionHours!.get(p.bankOrgId) ?? null;
  pCamp[i] = ctx.campaignFit!(p);
  pConst[i] = 25 * r3((300 - p.spreadBp) / 350) + 10 * r3(hours === null ? 0.5 : 1 - (hours - 24) / (720 - 24));
});
const aAmt = new Float64Array(APPS), aTerm = new Int32Array(APPS), aKinds = new Int32Array(APPS), aInd = new Int32Array(APPS), aPark = new Int32Array(APPS);
const aColl = applications.map((a) => a.collateral.map((c) => [KI.get(c.kind)!, Number(c.lowValueFen)] as const));
applications.forEach((a, i) => {
  aAmt[i] = Number(a.amountFen); aTerm[i] = a.termMonths; aInd[i] = 1 << IND.get(a.industry!)!; aPark[i] = 1 << PK.get(a.parkId!)!;
  for (const c of a.collateral) aKinds[i]! |= 1 << KI.get(c.kind)!;
});
function floor() {
  let eligible = 0;
  const score = new Int32Array(P);
  const idx = new Int32Array(P);
  for (let a = 0; a < APPS; a++) {
    const amount = aAmt[a]!, term = aTerm[a]!, kinds = aKinds[a]!, coll = aColl[a]!;
    let n = 0;
    for (let i = 0; i < P; i++) {
      if (amount < pMin[i]! || amount > pMax[i]! || term < pTmin[i]! || term > pTmax[i]! || (kinds & ~pKinds[i]!) !== 0) continue;
      if (pInd[i] && !(pInd[i]! & aInd[a]!)) continue;
      if (pPark[i] && !(pPark[i]! & aPark[a]!)) continue;
      let cap = 0;
      for (const [k, low] of coll) {
        const ltv = pLtv[i * 4 + k]!;
        if (ltv < 0) { cap = -1; break; }
        const x = low * ltv;
        cap += (x - (x % 10_000)) / 10_000;
      }
      if (cap < 0 || amount > cap) continue;
      const half = (pMax[i]! - pMin[i]!) / 2;
      const span = pTmax[i]! - pTmin[i]!;
      const s = 30 * r3(cap > 0 ? 1 - amount / cap : 0) + 10 * r3(half > 0 ? 1 - Math.abs(amount - (pMin[i]! + half)) / half : 1)
        + 10 * r3(span > 0 ? (pTmax[i]! - term) / span : 1) + pConst[i]!
        + 15 * r3(Math.max(pCamp[i]!, pPark[i]! & aPark[a]! ? 1 : 0));
      score[i] = Math.round(s);
      idx[n++] = i;
    }
    idx.subarray(0, n).sort((x, y) => score[y]! - score[x]! || pSpread[x]! - pSpread[y]! || x - y);
    eligible += n;
  }
  return eligible;
}

const { figure } = await import("./support");
let eligibleRanked = 0;
let eligibleFloor = 0;
await figure("matching", {
  name: `matching ${APPS.toLocaleString("en")} × ${PRODUCTS.toLocaleString("en")} (every rule, score and ranking; rankProducts)`,
  metric: "s", better: "lower", ratioTarget: 1.5,
  subject: () => {
    const t = performance.now();
    let eligible = 0;
    for (const app of applications) eligible += rankProducts(app, products, ctx).eligibleCount;
    eligibleRanked = eligible;
    return { s: (performance.now() - t) / 1000 };
  },
  anchor: {
    name: "floor: the same comparisons on typed arrays of plain numbers",
    run: () => {
      const t = performance.now();
      eligibleFloor = floor();
      return { s: (performance.now() - t) / 1000 };
    },
  },
});
if (eligibleRanked !== eligibleFloor) throw new Error(`the floor found ${eligibleFloor} eligible pairs, the engine ${eligibleRanked}`);
console.log(`    ${eligibleRanked.toLocaleString("en")} eligible pairs of ${(APPS * PRODUCTS).toLocaleString("en")}`);

// What the matching queue stores for one application: every product's match with its reasons.
await figure("matching", {
  name: `reasons for one application's ${PRODUCTS.toLocaleString("en")} stored matches (matchApplication, 100 applications)`,
  metric: "ms per application", better: "lower",
  subject: () => {
    const t = performance.now();
    let reasons = 0;
    for (const app of applications.slice(0, 100)) for (const m of matchApplication(app, products, ctx)) reasons += m.rules.length + m.factors.length;
    if (!reasons) throw new Error("no reasons");
    return { "ms per application": (performance.now() - t) / 100 };
  },
});
