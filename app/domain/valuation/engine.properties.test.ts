import { describe, expect, it } from "vitest";
import { royaltyRelief } from "./approaches";
import { valuate } from "./engine";
import { baseFacts } from "./examples";
import { PARAMETERS } from "./parameters";
import type { AssetFacts, ValuationInput } from "./types";

/** Properties of the valuation engine over random inputs (a seeded PRNG, so every run checks the same cases). */

/** A small deterministic PRNG (mulberry32), so the property tests are reproducible. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const between = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

function randomTerms(r: () => number) {
  return {
    revenueBaseFen: BigInt(between(r, 1, 1_000_000)) * 10_000n,
    growthBp: between(r, -3000, 5000),
    royaltyBp: between(r, 1, 1500),
    taxBp: between(r, 0, 4000),
    discountBp: between(r, 1, 3000),
    horizonMonths: between(r, 1, 240),
    grantProbabilityBp: between(r, 1, 10_000),
    fractionalLastYear: r() < 0.5,
  };
}

const KINDS = ["invention", "utility_model", "design", "trademark"] as const;
function randomInput(r: () => number): ValuationInput {
  const kind = KINDS[between(r, 0, 3)]!;
  const year = between(r, 2005, 2025);
  const filing = `${year}-0${between(r, 1, 9)}-1${between(r, 0, 9)}`;
  const termYears = kind === "invention" ? 20 : kind === "design" ? 15 : 10;
  const expiry = `${year + termYears}${filing.slice(4)}`;
  const asset: AssetFacts = {
    ...baseFacts, id: `a-${between(r, 0, 1e6)}`, kind, filingDate: filing, expiryDate: expiry, grantDate: filing,
    annuityPaidThrough: null, claimsCount: between(r, 0, 30), citationsCount: between(r, 0, 20), overseasFamilyCount: between(r, 0, 5),
    industry: ["integrated_circuits", "biomedicine", "automotive", "fashion_consumer", "other"][between(r, 0, 4)]!,
  };
  return {
    valuationDate: `2026-0${between(r, 1, 9)}-1${between(r, 0, 9)}`, purpose: (["pledge", "licence", "transfer"] as const)[between(r, 0, 2)]!,
    comparables: [], parameters: PARAMETERS, assets: [asset],
    questionnaire: {
      annualRevenueFen: BigInt(between(r, 0, 100_000_000)) * 100n, revenueGrowthBp: between(r, -3000, 5000),
      maturity: between(r, 1, 5), substitutability: between(r, 1, 5), economicLifeYears: between(r, 1, 25),
    },
  };
}

describe("properties of the income approach", () => {
  const cases = Array.from({ length: 300 }, (_, i) => randomTerms(rng(1000 + i)));

  it("value never falls when the royalty rate rises", () => {
    for (const t of cases) expect(royaltyRelief({ ...t, royaltyBp: t.royaltyBp + 50 }).value).toBeGreaterThanOrEqual(royaltyRelief(t).value);
  });
  it("value never falls when revenue rises", () => {
    for (const t of cases) expect(royaltyRelief({ ...t, revenueBaseFen: t.revenueBaseFen * 2n }).value).toBeGreaterThanOrEqual(royaltyRelief(t).value);
  });
  it("value never rises when the discount rate rises", () => {
    for (const t of cases) expect(royaltyRelief({ ...t, discountBp: t.discountBp + 100 }).value).toBeLessThanOrEqual(royaltyRelief(t).value);
  });
  it("value rises strictly with royalty and revenue when the cash flows are material", () => {
    const t = { revenueBaseFen: 500_000_000n, growthBp: 300, royaltyBp: 400, taxBp: 2500, discountBp: 1200, horizonMonths: 66, grantProbabilityBp: 10_000, fractionalLastYear: true };
    const v = royaltyRelief(t).value;
    expect(royaltyRelief({ ...t, royaltyBp: 401 }).value).toBeGreaterThan(v);
    expect(royaltyRelief({ ...t, revenueBaseFen: 500_000_100n }).value).toBeGreaterThan(v);
    expect(royaltyRelief({ ...t, discountBp: 1201 }).value).toBeLessThan(v);
  });
});

describe("properties of the whole engine", () => {
  const inputs = Array.from({ length: 200 }, (_, i) => randomInput(rng(7 + i)));

  it("the horizon never exceeds the remaining legal term of a patent, in the base case or the sensitivity", () => {
    for (const x of inputs) {
      const res = valuate(x);
      const a = res.assets[0]!;
      if (a.kind !== "trademark") {
        expect(a.income.horizonMonths).toBeLessThanOrEqual(a.remainingMonths);
        // Extending the horizon by a year cannot add value once the legal term binds.
        const horizon = res.sensitivity.find((s) => s.driver === "horizon")!;
        if (a.income.horizonMonths === a.remainingMonths) expect(horizon.plus).toBe(res.base);
      }
    }
  });
  it("keeps low ≤ base ≤ high", () => {
    for (const x of inputs) {
      const res = valuate(x);
      expect(res.low <= res.base && res.base <= res.high).toBe(true);
    }
  });
  it("value never falls when the owner's sales rise", () => {
    for (const x of inputs) {
      const more = { ...x, questionnaire: { ...x.questionnaire, annualRevenueFen: (x.questionnaire.annualRevenueFen ?? 0n) * 3n + 100_000_00n } };
      expect(valuate(more).base).toBeGreaterThanOrEqual(valuate(x).base);
    }
  });
  it("a higher royalty-rate range never lowers the value", () => {
    const richer = structuredClone(PARAMETERS);
    for (const table of [richer.royaltyRangesBp.patent, richer.royaltyRangesBp.trademark]) {
      for (const k of Object.keys(table) as Array<keyof typeof table>) table[k] = [table[k][0] + 100, table[k][1] + 100];
    }
    for (const x of inputs) expect(valuate({ ...x, parameters: richer }).base).toBeGreaterThanOrEqual(valuate(x).base);
  });
  it("a higher risk-free rate never raises the value", () => {
    const dearer = { ...PARAMETERS, riskFreeBp: PARAMETERS.riskFreeBp + 300 };
    for (const x of inputs) expect(valuate({ ...x, parameters: dearer }).base).toBeLessThanOrEqual(valuate(x).base);
  });
});
