import { describe, expect, it } from "vitest";
import { fractionalDiscountFactor, royaltyRelief, marketApproach } from "./approaches";
import { divRound } from "./arithmetic";
import { allocate, serialiseResult, valuate, ValuationInputError } from "./engine";
import { baseFacts, inventionExample, trademarkExample, utilityModelExample } from "./examples";
import { engineOf, PARAMETERS } from "./parameters";
import { assetState } from "./scores";
import type { Comparable } from "./types";

/*
 * Worked examples, computed by hand (each line rounded half up to the fen, as the engine does).
 * Formulas: Rₜ = R₀(1+g)ᵗ; CFₜ = Rₜ·ρ·(1−τ)·mₜ/12; PVₜ = CFₜ/(1+r)^τₜ with τₜ = t for a whole year and
 * τ = H/12 for a partial last year; V = ΣPVₜ. Tax τ = 25 %.
 */
describe("worked example 1: an invention patent valued for a pledge (2026-01-01)", () => {
  /*
   * Facts: IC industry, filed 2019-03-15, granted 2021-06-01, in force through 2039-03-14, 10 claims,
   * 5 citations, 1 overseas family member. Answers: sales 10,000,000 元, growth 5 %, market 5 亿元,
   * share 2 %, maturity 4, substitutability 4.
   *
   * Legal (pledge weights 25/25/15/15/10/5/5):
   *   status 100; remaining term 158 of 240 months → 65.83 → 66; stability 100; encumbrances 100;
   *   co-ownership 100; claims 20+4·10 = 60; overseas 25·1 = 25
   *   (100·25 + 66·25 + 100·15 + 100·15 + 100·10 + 60·5 + 25·5) / 100 = 8575/100 = 85.75 → 86
   * Technical (30/25/20/15/10): maturity 75, substitutability 75, citations 20+8·5 = 60, trend 90 (IC), awards 30
   *   (2250 + 1875 + 1200 + 1350 + 300) / 100 = 69.75 → 70
   * Economic (30/20/20/20/10): sales 1e7 元 → band [1e7, 1e8) = 70; market 5e8 元 → 60; share 200 bp/20 = 10;
   *   maintained 4 years → 40; policy fit 100 → (2100 + 1200 + 200 + 800 + 1000) / 100 = 53
   * Composite (45/25/30): (86·45 + 70·25 + 53·30) / 100 = 72.1 → 72
   * Royalty: IC range 5–6 % → 500 + 100·72/100 = 572 bp (invention factor 1)
   * Discount: 1.85 % + technology 3 % (score 70 ≥ 70) + market 5 % (53) + funding 2 % + management 2 % = 13.85 %
   * Horizon: min(economic life 120, legal 158) = 120 months
   *   t  Rₜ               CFₜ = Rₜ·5.72 %·75 %   PVₜ = CFₜ/1.1385ᵗ
   *   1  1,050,000,000     45,045,000             39,565,217
   *   2  1,102,500,000     47,297,250             36,489,660
   *   3  1,157,625,000     49,662,113             33,653,178
   *   4  1,215,506,250     52,145,218             31,037,187
   *   5  1,276,281,563     54,752,479             28,624,546
   *   6  1,340,095,641     57,490,103             26,399,450
   *   7  1,407,100,423     60,364,608             24,347,319
   *   8  1,477,455,444     63,382,839             22,454,708
   *   9  1,551,328,216     66,551,980             20,709,216
   *  10  1,628,894,627     69,879,579             19,099,409
   *   Σ = 282,379,890 分 = ¥2,823,798.90
   * Low (r 15.85 %, g 2 %) = 227,502,179; high (r 11.85 %, g 8 %) = 355,619,637 (same table, other rates).
   * No comparables and no cost data: income is the only approach → the range is the income range.
   */
  const r = valuate(inventionExample);
  const a = r.assets[0]!;

  it("scores legal 86, technical 70, economic 53, composite 72", () => {
    expect([a.scores.legal, a.scores.technical, a.scores.economic, a.scores.composite]).toEqual([86, 70, 53, 72]);
  });
  it("uses a 5.72 % royalty, a 13.85 % discount rate and a 120-month horizon", () => {
    expect([a.income.royaltyBp, a.income.discountBp, a.income.horizonMonths]).toEqual([572, 1385, 120]);
  });
  it("computes each year of the royalty-relief table to the fen", () => {
    expect(a.income.years.map((y) => y.presentValueFen)).toEqual([
      39_565_217n, 36_489_660n, 33_653_178n, 31_037_187n, 28_624_546n, 26_399_450n, 24_347_319n, 22_454_708n, 20_709_216n, 19_099_409n,
    ]);
    expect(a.income.years[9]).toMatchObject({ revenueFen: 1_628_894_627n, cashFlowFen: 69_879_579n });
  });
  it("values it at 2,275,021.79 – 3,556,196.37 元, base 2,823,798.90 元", () => {
    expect([r.low, r.base, r.high]).toEqual([227_502_179n, 282_379_890n, 355_619_637n]);
  });
  it("flags it as a high-value invention patent (strategic industry, overseas family)", () => {
    expect(r.flags).toContainEqual(expect.objectContaining({ code: "high_value_invention", params: { criteria: "strategic_industry,overseas_family" } }));
  });
});

describe("worked example 2: a utility model valued for a transfer, horizon cut by the legal term", () => {
  /*
   * Facts: high-end equipment, filed 2019-05-20, granted 2019-12-10, in force through 2029-05-19,
   * 6 claims, citations unknown, 1 co-owner who consented. Answers: sales 3,000,000 元, growth not
   * given (default 3 %), maturity 5, substitutability 3, R&D cost 800,000 元 in 2019.
   *
   * Legal (transfer 20/25/15/15/10/10/5): status 100; remaining 40 of 120 months → 33; stability 100;
   *   claims 20+4·6 = 44; overseas 0; co-owned with consent 70; encumbrances 100
   *   (2000 + 825 + 1500 + 660 + 0 + 700 + 500) / 100 = 61.85 → 62
   * Technical (25/25/20/20/10): maturity 100, substitutability 50, citations 40 (default), trend 90, awards 30
   *   (2500 + 1250 + 800 + 1800 + 300) / 100 = 66.5 → 67
   * Economic (30/25/20/15/10): market size 40 (default), sales 3e6 元 → 50, share 30 (default),
   *   maintained 6 years → 60, policy 100 → (1200 + 1250 + 600 + 900 + 1000) / 100 = 49.5 → 50
   * Composite (transfer 30/30/40): (62·30 + 67·30 + 50·40) / 100 = 58.7 → 59
   * Royalty: equipment range 3–4 % → 300 + 100·59/100 = 359 bp, × utility-model factor 0.6 = 215.4 → 215 bp
   * Discount: 1.85 + 5 (67 < 70) + 5 (50) + 2 + 2 = 15.85 %
   * Horizon: min(economic life 72, legal 40) = 40 months: 3 full years and 4 months
   *   t  mₜ  Rₜ            CFₜ = Rₜ·2.15 %·75 %·mₜ/12   τₜ      PVₜ = CFₜ/1.1585^τₜ
   *   1  12  309,000,000    4,982,625                    1       4,300,928
   *   2  12  318,270,000    5,132,104                    2       3,823,872
   *   3  12  327,818,100    5,286,067                    3       3,399,731
   *   4   4  337,652,643    1,814,883                    40/12   1,111,378   (engine 1.1: τ = 4 → 1,007,545)
   *   income = 12,635,909 (low 11,476,054 at r 17.85 %, g 0; high 13,922,756 at r 13.85 %, g 6 %)
   *   engine 1.1: 12,532,076 (11,379,322; 13,813,312), 0.8 % lower
   * Cost: 80,000,000 × 1.03⁷ = 98,389,909; × 40/120 × (1 − (100−50)·0.5 %) = 24,597,477
   * Reconciliation (transfer: income 55, market 35 – no comparables, cost 10 → over 65):
   *   base (55·12,635,909 + 10·24,597,477) / 65 = 14,476,150
   *   low  (55·11,476,054 + 10·24,597,477) / 65 = 13,494,734
   *   high (55·13,922,756 + 10·24,597,477) / 65 = 15,565,021
   *   engine 1.1: 13,412,884 – 15,472,414, base 14,388,292
   */
  const r = valuate(utilityModelExample);
  const a = r.assets[0]!;

  it("scores legal 62, technical 67, economic 50, composite 59", () => {
    expect([a.scores.legal, a.scores.technical, a.scores.economic, a.scores.composite]).toEqual([62, 67, 50, 59]);
  });
  it("caps the horizon at the 40 months of legal term left, and discounts the partial last year at t = 40/12, not 4", () => {
    expect(a.income.horizonMonths).toBe(40);
    expect(a.income.years.map((y) => [y.months, y.presentValueFen])).toEqual([[12, 4_300_928n], [12, 3_823_872n], [12, 3_399_731n], [4, 1_111_378n]]);
    expect(r.flags.map((f) => f.code)).toContain("horizon_capped");
  });
  it("values the income at 12,635,909 分 and the cost at 24,597,477 分", () => {
    expect([a.income.royaltyBp, a.income.discountBp]).toEqual([215, 1585]);
    expect([a.income.low, a.income.base, a.income.high]).toEqual([11_476_054n, 12_635_909n, 13_922_756n]);
    expect(a.cost).toMatchObject({ replacementCostFen: 98_389_909n, value: 24_597_477n });
  });
  it("reconciles income 55 : cost 10 into 134,947.34 – 155,650.21 元, base 144,761.50 元", () => {
    expect(a.weights).toEqual({ income: 55, market: 0, cost: 10 });
    expect([r.low, r.base, r.high]).toEqual([13_494_734n, 14_476_150n, 15_565_021n]);
  });
  it("engine 1.1 reproduces the figures it made (the partial year discounted as a whole year)", () => {
    const old = valuate(utilityModelExample, "1.1");
    expect(old.modelVersion).toBe(`ipv-engine-1.1+params-${PARAMETERS.version}`);
    expect(old.assets[0]!.income.years[3]!.presentValueFen).toBe(1_007_545n);
    expect([old.low, old.base, old.high]).toEqual([13_412_884n, 14_388_292n, 15_472_414n]);
  });
});

describe("worked example 3: a trademark by royalty relief with a brand-strength score", () => {
  /*
   * Facts: fashion & consumer goods, registered 2016-08-07, registration in force through 2026-08-06,
   * Nice classes 25 and 35. Answers: sales 20,000,000 元, growth 0, market 100 亿元, share 0.5 %,
   * maturity 5, substitutability 4, economic life 5 years.
   *
   * Legal (trademark pledge 30/20/20/15/10/5): status 100; remaining 7 of 120 months → 5.83 → 6;
   *   stability 100; encumbrances 100; co-ownership 100; overseas 0 → 7620/100 = 76.2 → 76
   * Brand strength (30/20/20/15/15): registered 9 years → 90; 2 classes → 50; substitutability 75;
   *   maturity 100; awards 30 → (2700 + 1000 + 1500 + 1500 + 450) / 100 = 71.5 → 72
   * Economic (40/30/30): sales 2e7 元 → 70; share 50/20 = 2.5 → 3; market 1e10 元 → 100
   *   (2800 + 90 + 3000) / 100 = 58.9 → 59
   * Royalty: trademark range for consumer goods 3–6 % → 300 + 300·72/100 = 516 bp
   * Discount: 1.85 + 3 (brand 72) + 5 (59) + 2 + 2 = 13.85 %
   * Horizon: a trademark renews every 10 years, so the economic life alone: 60 months
   *   CFₜ = 2,000,000,000 · 5.16 % · 75 % = 77,400,000 each year
   *   PVₜ = 67,984,190; 59,713,825; 52,449,561; 46,069,004; 40,464,650 → Σ = 266,681,230
   *   low (r 15.85 %, g −3 %) 234,391,450; high (r 11.85 %, g 3 %) 304,271,464
   */
  const r = valuate(trademarkExample);
  const a = r.assets[0]!;

  it("scores a brand strength of 72 and sets the royalty from it", () => {
    expect([a.scores.legal, a.scores.brandStrength, a.scores.economic, a.scores.composite]).toEqual([76, 72, 59, 70]);
    expect(a.income.royaltyBp).toBe(516);
  });
  it("values it at 2,343,914.50 – 3,042,714.64 元, base 2,666,812.30 元", () => {
    expect(a.income.years.map((y) => y.presentValueFen)).toEqual([67_984_190n, 59_713_825n, 52_449_561n, 46_069_004n, 40_464_650n]);
    expect([r.low, r.base, r.high]).toEqual([234_391_450n, 266_681_230n, 304_271_464n]);
  });
  it("warns that the registration must be renewed within 12 months", () => {
    expect(r.flags).toContainEqual(expect.objectContaining({ code: "trademark_renewal_due", severity: "warn", params: { months: 7 } }));
  });
});

describe("hard stops and pending applications", () => {
  it("a lapsed patent has no income value and no value at all, and says why", () => {
    const r = valuate({ ...inventionExample, assets: [{ ...baseFacts, legalStatus: "lapsed" }] });
    const a = r.assets[0]!;
    expect(a.income.base).toBe(0n);
    expect([r.low, r.base, r.high]).toEqual([0n, 0n, 0n]);
    expect(r.flags).toContainEqual(expect.objectContaining({ code: "hard_stop", severity: "stop", params: { status: "lapsed" } }));
  });
  it("treats a patent whose annuity is unpaid beyond the 6-month grace as lapsed, even if the record says valid", () => {
    const r = valuate({ ...inventionExample, assets: [{ ...baseFacts, annuityPaidThrough: "2025-03-14" }] });
    expect(r.assets[0]!.effectiveStatus).toBe("lapsed");
    expect(r.base).toBe(0n);
  });
  it("warns, but still values, a patent whose annuity is in the late-payment period (due 2026-03-15, valued 2026-05-01)", () => {
    const r = valuate({ ...inventionExample, valuationDate: "2026-05-01" });
    expect(r.base).toBeGreaterThan(0n);
    expect(r.flags).toContainEqual(expect.objectContaining({ code: "annuity_in_grace", params: { paidThrough: "2026-03-14", dueDate: "2026-03-15", graceMonth: 2, graceEnds: "2026-09-15" } }));
    // On the anniversary itself nothing is late yet.
    expect(valuate({ ...inventionExample, valuationDate: "2026-03-15" }).flags.map((f) => f.code)).not.toContain("annuity_in_grace");
  });
  it("values a patent on the last day of its late-payment period and treats it as lapsed the day after", () => {
    expect(valuate({ ...inventionExample, valuationDate: "2026-09-15" }).assets[0]!.effectiveStatus).toBe("valid");
    expect(valuate({ ...inventionExample, valuationDate: "2026-09-16" }).assets[0]!.effectiveStatus).toBe("lapsed");
    // Engine 1.1 lapsed it a day early; its results are re-run with its own rule.
    expect(valuate({ ...inventionExample, valuationDate: "2026-09-15" }, "1.1").assets[0]!.effectiveStatus).toBe("lapsed");
  });
  it("an expired or invalidated patent is worth nothing", () => {
    for (const legalStatus of ["expired", "invalidated"] as const) {
      expect(valuate({ ...inventionExample, assets: [{ ...baseFacts, legalStatus }] }).base).toBe(0n);
    }
    expect(valuate({ ...inventionExample, valuationDate: "2039-03-15" }).base).toBe(0n);
  });
  it("values a pending application at the grant probability and flags it", () => {
    const granted = valuate(inventionExample).assets[0]!;
    const r = valuate({ ...inventionExample, assets: [{ ...baseFacts, legalStatus: "pending", grantDate: null }] });
    const a = r.assets[0]!;
    expect(a.income.grantProbabilityBp).toBe(5_500);
    expect(a.income.base).toBe(divRound(a.income.years.reduce((s, y) => s + y.presentValueFen, 0n) * 5_500n, 10_000n));
    expect(a.income.base).toBeLessThan(granted.income.base);
    expect(r.flags).toContainEqual(expect.objectContaining({ code: "pending_application", severity: "warn" }));
  });
});

describe("market approach", () => {
  const comp = (id: string, priceFen: bigint, over: Partial<Comparable> = {}): Comparable => ({
    id, kind: "invention", industry: "integrated_circuits", ipcClasses: ["H01L 23/00"], niceClasses: [], priceFen, dealDate: "2025-06-01",
    assetCount: 1, remainingMonths: 158, ...over,
  });
  const state = assetState(baseFacts, "2026-01-01", PARAMETERS);

  it("takes the median of comparables of the same kind, industry and IPC subclass, scaled by remaining term", () => {
    const m = marketApproach(baseFacts, state, [
      comp("a", 100_000_000n), comp("b", 300_000_000n), comp("c", 200_000_000n, { remainingMonths: 316 }),
      comp("d", 999_000_000n, { industry: "biomedicine" }), comp("e", 999_000_000n, { ipcClasses: ["A61K 9/00"] }),
      comp("f", 400_000_000n, { assetCount: 2 }),
    ], PARAMETERS);
    // c: 158/316 = 0.5 → 100,000,000; f: 400,000,000 / 2 assets = 200,000,000. Sorted 1e8, 1e8, 2e8, 3e8 → median 1.5e8.
    expect(m.comparables.map((c) => c.id)).toEqual(["a", "b", "c", "f"]);
    expect([m.applicable, m.low, m.base, m.high]).toEqual([true, 100_000_000n, 150_000_000n, 300_000_000n]);
  });
  it("is not used with fewer than three comparables", () => {
    expect(marketApproach(baseFacts, state, [comp("a", 1n), comp("b", 2n)], PARAMETERS).applicable).toBe(false);
  });
});

describe("reproducibility", () => {
  it("the same inputs give the same output, byte for byte", () => {
    for (const x of [inventionExample, utilityModelExample, trademarkExample]) {
      expect(serialiseResult(valuate(structuredClone(x)))).toBe(serialiseResult(valuate(x)));
    }
  });
  it("the order of the assets and comparables does not change the output", () => {
    const bundle = { ...inventionExample, assets: [...utilityModelExample.assets, baseFacts, ...trademarkExample.assets] };
    const shuffled = { ...bundle, assets: [bundle.assets[2]!, bundle.assets[0]!, bundle.assets[1]!] };
    expect(serialiseResult(valuate(shuffled))).toBe(serialiseResult(valuate(bundle)));
  });
  it("carries the model version and a snapshot of every input", () => {
    const r = valuate(inventionExample);
    expect(r.modelVersion).toBe(`ipv-engine-1.2+params-${PARAMETERS.version}`);
    expect(r.inputs).toEqual({ ...inventionExample, assets: [baseFacts] });
    // Re-running on the snapshot reproduces the result.
    expect(serialiseResult(valuate(r.inputs))).toBe(serialiseResult(r));
  });
  it("refuses an input it cannot value, rather than guessing", () => {
    expect(() => valuate({ ...inventionExample, assets: [] })).toThrow(ValuationInputError);
    expect(() => valuate({ ...inventionExample, valuationDate: "1/1/2026" })).toThrow(ValuationInputError);
  });
});

describe("a partial final year of the income approach (engine 1.2)", () => {
  it("computes (1 + r)^(m/12) exactly to 12 digits: 1.1585^(4/12) = 1.050264…, 1.10^(6/12) = 1.048808…", () => {
    expect(fractionalDiscountFactor(1585, 4)).toBe(1_050_264_483_638n);
    expect(fractionalDiscountFactor(1000, 6)).toBe(1_048_808_848_170n);
    expect(fractionalDiscountFactor(1000, 0)).toBe(1_000_000_000_000n);
    expect(fractionalDiscountFactor(1000, 12)).toBe(1_100_000_000_000n);
  });
  it("discounts the last cash flow at t = H/12: an 18-month horizon's second cash flow at 1.5 years", () => {
    const t = { revenueBaseFen: 1_000_000_00n, growthBp: 0, royaltyBp: 1000, taxBp: 0, discountBp: 1000, horizonMonths: 18, grantProbabilityBp: 10_000, fractionalLastYear: true };
    const years = royaltyRelief(t, true).years;
    // CF₂ = 1,000,000 × 10 % × 6/12 = 50,000 元 = 5,000,000 分; / 1.1^1.5 = 4,333,920.86… → 4,333,921.
    expect(years[1]).toMatchObject({ months: 6, cashFlowFen: 5_000_000n, presentValueFen: 4_333_921n });
    // Engine 1.1: / 1.1² → 4,132,231.
    expect(royaltyRelief({ ...t, fractionalLastYear: false }, true).years[1]!.presentValueFen).toBe(4_132_231n);
  });
  it("never values less than whole-year discounting, and the same when the horizon is whole years", () => {
    for (const h of [1, 11, 12, 13, 59, 60, 121]) {
      const t = { revenueBaseFen: 3_000_000_00n, growthBp: 300, royaltyBp: 500, taxBp: 2500, discountBp: 1385, horizonMonths: h, grantProbabilityBp: 10_000, fractionalLastYear: true };
      const now = royaltyRelief(t).value;
      const before = royaltyRelief({ ...t, fractionalLastYear: false }).value;
      if (h % 12 === 0) expect(now).toBe(before);
      else expect(now).toBeGreaterThan(before);
    }
  });
  it("re-runs a result by the engine its model version names, and refuses a version it cannot reproduce", () => {
    const old = valuate(utilityModelExample, "1.1");
    expect(serialiseResult(valuate(old.inputs, engineOf(old.modelVersion)))).toBe(serialiseResult(old));
    expect(serialiseResult(valuate(old.inputs))).not.toBe(serialiseResult(old));
    expect(() => engineOf("ipv-engine-0.9+params-2026.1")).toThrow(RangeError);
    expect(() => engineOf(null)).toThrow(RangeError);
  });
});

describe("bundles", () => {
  it("shares the owner's sales among the assets by composite score, to the fen", () => {
    expect(allocate(1_000n, [72, 59, 70])).toEqual([358n, 294n, 348n]);
    expect(allocate(1_000n, [72, 59, 70]).reduce((s, v) => s + v, 0n)).toBe(1_000n);
  });
  it("the bundle's range is the sum of its assets' ranges", () => {
    const r = valuate({ ...inventionExample, assets: [baseFacts, { ...baseFacts, id: "z", number: "201910654321.0" }] });
    expect(r.base).toBe(r.assets[0]!.base + r.assets[1]!.base);
    expect(r.low).toBe(r.assets[0]!.low + r.assets[1]!.low);
  });
});

describe("rounding", () => {
  it("rounds half away from zero", () => {
    expect([divRound(5n, 2n), divRound(7n, 2n), divRound(-5n, 2n), divRound(4n, 3n), divRound(5n, 3n)]).toEqual([3n, 4n, -3n, 1n, 2n]);
  });
});
