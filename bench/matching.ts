/**
 * Matching benchmark: 10,000 pledge applications against 1,000 active bank products, through the
 * same pure engine the `matching` queue runs (app/domain/financing/matching.ts): every eligibility
 * rule with its reason for every pair, the explainable score for eligible ones, and the ranking.
 * Target: ≤ 10 s on the project's 2-core machine. Run: `npx tsx bench/matching.ts [apps] [products]`.
 */
import { performance } from "node:perf_hooks";
import type { AssetKind } from "../app/domain/market/assets";
import { matchApplication, type MatchApplication, type MatchContext, type MatchProduct } from "../app/domain/financing/matching";

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

const started = performance.now();
let eligible = 0;
let reasons = 0;
for (const app of applications) {
  const ranked = matchApplication(app, products, ctx);
  for (const m of ranked) {
    if (m.eligible) eligible++;
    reasons += m.rules.length + m.factors.length;
  }
}
const ms = performance.now() - started;
const pairs = APPS * PRODUCTS;
console.log(JSON.stringify({
  applications: APPS, products: PRODUCTS, pairs, eligiblePairs: eligible, reasons,
  seconds: Math.round(ms) / 1000, microsecondsPerPair: Math.round((ms * 1000 / pairs) * 100) / 100, targetSeconds: 10, withinTarget: ms <= 10_000,
}, null, 2));
