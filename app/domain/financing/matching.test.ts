import { describe, expect, it } from "vitest";
import { allocateLowValue, loanToValueCap, matchApplication, matchProduct, rankMatches, rankProducts, type MatchApplication, type MatchProduct } from "./matching";

const product: MatchProduct = {
  id: "p1", bankOrgId: "bank1", minAmountFen: 100_000_00n, maxAmountFen: 5_000_000_00n, minTermMonths: 6, maxTermMonths: 36,
  spreadBp: 80, maxLtvBp: { invention: 2500, utility_model: 1500, trademark: 5000 }, acceptedKinds: ["invention", "utility_model", "trademark"],
  eligibleIndustries: [], eligibleParkIds: [], acceptsPlatformValuation: true, insuranceRequired: false,
};
const app: MatchApplication = {
  amountFen: 1_000_000_00n, termMonths: 12, industry: "integrated_circuits", parkId: "park-zj", campaignId: null,
  collateral: [{ kind: "invention", lowValueFen: 6_000_000_00n }, { kind: "trademark", lowValueFen: 1_000_000_00n }],
};
const ctx = { lprBp: 310 };
const rule = (a: Partial<MatchApplication>, p: Partial<MatchProduct>, name: string) =>
  matchProduct({ ...app, ...a }, { ...product, ...p }, ctx).rules.find((r) => r.rule === name)!;

describe("matching rules: each passes or fails with its reason", () => {
  it("amountRange: passes inside the range, fails below and above with the range", () => {
    expect(rule({}, {}, "amountRange")).toMatchObject({ pass: true, key: "financing.match.amountRange.ok" });
    expect(rule({ amountFen: 50_000_00n }, {}, "amountRange")).toMatchObject({ pass: false, key: "financing.match.amountRange.tooSmall", params: { minFen: "10000000" } });
    expect(rule({ amountFen: 6_000_000_00n }, {}, "amountRange")).toMatchObject({ pass: false, key: "financing.match.amountRange.tooLarge" });
  });

  it("termRange: passes inside the range, fails too short or too long", () => {
    expect(rule({}, {}, "termRange").pass).toBe(true);
    expect(rule({ termMonths: 3 }, {}, "termRange")).toMatchObject({ pass: false, key: "financing.match.termRange.tooShort" });
    expect(rule({ termMonths: 48 }, {}, "termRange")).toMatchObject({ pass: false, key: "financing.match.termRange.tooLong", params: { max: 36 } });
  });

  it("assetKinds: fails when a pledged asset's kind is not accepted, naming it", () => {
    expect(rule({}, {}, "assetKinds").pass).toBe(true);
    expect(rule({}, { acceptedKinds: ["invention"] }, "assetKinds")).toMatchObject({ pass: false, params: { kind: "trademark" } });
  });

  it("industry: any industry when the product names none; otherwise the enterprise's must be listed", () => {
    expect(rule({}, {}, "industry")).toMatchObject({ pass: true, key: "financing.match.industry.any" });
    expect(rule({}, { eligibleIndustries: ["integrated_circuits"] }, "industry")).toMatchObject({ pass: true, key: "financing.match.industry.ok" });
    expect(rule({}, { eligibleIndustries: ["biomedicine"] }, "industry")).toMatchObject({ pass: false, key: "financing.match.industry.notEligible" });
  });

  it("park: any park when the product names none; otherwise the enterprise's park must be listed", () => {
    expect(rule({}, {}, "park").pass).toBe(true);
    expect(rule({}, { eligibleParkIds: ["park-zj"] }, "park").pass).toBe(true);
    expect(rule({}, { eligibleParkIds: ["park-chj"] }, "park")).toMatchObject({ pass: false, key: "financing.match.park.notEligible" });
    expect(rule({ parkId: null }, { eligibleParkIds: ["park-zj"] }, "park").pass).toBe(false);
  });

  it("valuation: fails while an asset has no valuation", () => {
    expect(rule({ collateral: [{ kind: "invention", lowValueFen: null }] }, {}, "valuation")).toMatchObject({ pass: false, key: "financing.match.valuation.missing" });
  });

  it("loanToValue: caps the amount at LTV × the valuation's LOW value per asset kind", () => {
    // 6,000,000 × 25 % + 1,000,000 × 50 % = 2,000,000 元
    expect(rule({}, {}, "loanToValue")).toMatchObject({ pass: true, params: { capFen: "200000000" } });
    expect(rule({ amountFen: 2_000_000_01n }, {}, "loanToValue")).toMatchObject({ pass: false, key: "financing.match.loanToValue.exceeds", params: { capFen: "200000000" } });
    expect(rule({}, { maxLtvBp: { invention: 2500 } }, "loanToValue")).toMatchObject({ pass: false, key: "financing.match.loanToValue.noCap" });
  });

  it("an ineligible product has no score and lists every failed rule", () => {
    const m = matchProduct({ ...app, termMonths: 48, amountFen: 50_000_00n }, product, ctx);
    expect(m.eligible).toBe(false);
    expect(m.score).toBe(0);
    expect(m.rules.filter((r) => !r.pass).map((r) => r.rule)).toEqual(["amountRange", "termRange"]);
  });
});

describe("explainable score", () => {
  it("sums its factors' points to the score, out of 100", () => {
    const m = matchProduct(app, product, ctx);
    expect(m.eligible).toBe(true);
    expect(m.factors.map((f) => f.factor)).toEqual(["ltvHeadroom", "rate", "amountFit", "termFit", "parkOrCampaign", "decisionSpeed"]);
    expect(m.factors.reduce((a, f) => a + f.weight, 0)).toBe(100);
    expect(Math.abs(m.factors.reduce((a, f) => a + f.points, 0) - m.score)).toBeLessThanOrEqual(1);
    expect(m.factors[0]).toMatchObject({ value: 0.5, params: { headroomPercent: 50 } });
  });

  it("ranks a cheaper product, a park-targeted one and a faster bank higher, all else equal", () => {
    const cheap = matchProduct(app, { ...product, spreadBp: 0 }, ctx).score;
    const dear = matchProduct(app, { ...product, spreadBp: 250 }, ctx).score;
    expect(cheap).toBeGreaterThan(dear);
    const targeted = matchProduct(app, { ...product, eligibleParkIds: ["park-zj"] }, ctx);
    expect(targeted.factors.find((f) => f.factor === "parkOrCampaign")).toMatchObject({ points: 15, key: "financing.match.factor.parkOrCampaign.park" });
    const fast = matchProduct(app, product, { ...ctx, bankMedianDecisionHours: new Map([["bank1", 24]]) }).score;
    const slow = matchProduct(app, product, { ...ctx, bankMedianDecisionHours: new Map([["bank1", 600]]) }).score;
    expect(fast).toBeGreaterThan(slow);
  });

  it("gives a product brought to the enterprise's campaign the park-or-campaign points, half to the bank's others", () => {
    const brought = matchProduct({ ...app, campaignId: "c1" }, product, { ...ctx, campaignFit: (p) => (p.id === "p1" ? 1 : 0) });
    expect(brought.factors.find((f) => f.factor === "parkOrCampaign")).toMatchObject({ value: 1, key: "financing.match.factor.parkOrCampaign.campaign" });
    const other = matchProduct({ ...app, campaignId: "c1" }, product, { ...ctx, campaignFit: () => 0.5 });
    expect(other.factors.find((f) => f.factor === "parkOrCampaign")).toMatchObject({ value: 0.5, points: 7.5, key: "financing.match.factor.parkOrCampaign.campaignBank" });
  });

  it("orders eligible matches by score, ineligible ones last", () => {
    const ranked = matchApplication(app, [
      { ...product, id: "dear", spreadBp: 250 }, { ...product, id: "no", minTermMonths: 24 }, { ...product, id: "cheap", spreadBp: 0 },
    ], ctx);
    expect(ranked.map((m) => m.productId)).toEqual(["cheap", "dear", "no"]);
  });

  it("notes the bank's conditions: an appraiser's report, insurance", () => {
    expect(matchProduct(app, { ...product, acceptsPlatformValuation: false, insuranceRequired: true }, ctx).conditions)
      .toEqual(["financing.match.condition.appraiser", "financing.match.condition.insurance"]);
  });
});

describe("low value per asset", () => {
  it("splits a total evenly with the remainder on the last asset", () => {
    const parts = allocateLowValue(1_000_01n, [{ kind: "invention" }, { kind: "invention" }, { kind: "trademark" }]);
    expect(parts.map((p) => p.lowValueFen)).toEqual([33_333n, 33_333n, 33_335n]);
    expect(parts.reduce((a, p) => a + p.lowValueFen, 0n)).toBe(1_000_01n);
  });

  it("uses each asset's own low value when the valuation gives them", () => {
    expect(allocateLowValue(9n, [{ kind: "invention", ownLowFen: 4n }, { kind: "trademark", ownLowFen: 5n }]).map((p) => p.lowValueFen)).toEqual([4n, 5n]);
    expect(loanToValueCap([{ kind: "invention", lowValueFen: 10_000n }], { invention: 2500 })).toBe(2_500n);
  });
});

describe("ranking on plain numbers", () => {
  // A deterministic PRNG (mulberry32): the same pairs on every run, boundaries and huge figures included.
  let seed = 7;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]) => xs[int(xs.length)]!;
  const kinds = ["invention", "utility_model", "design", "trademark"] as const;
  const fen = () => pick([0n, 1n, 9_999n, 10_000n, 1_000_000_00n, 2n ** 38n - 1n, 2n ** 38n, 2n ** 60n, BigInt(int(5_000_000)) * 100n]);

  it("decides eligibility, score and order exactly as the rules and the explained score do, pair by pair", () => {
    for (let round = 0; round < 300; round++) {
      const products: MatchProduct[] = Array.from({ length: 12 }, (_, i) => {
        const min = pick([0n, 10_000n, 1_000_000_00n, BigInt(int(1000)) * 10_000n]);
        return {
          ...product, id: `p${String(i).padStart(2, "0")}`, bankOrgId: `bank${int(3)}`, minAmountFen: min, maxAmountFen: min + pick([0n, 1n, 5_000_000_00n, 2n ** 40n, 2n ** 62n]),
          minTermMonths: pick([1, 6, 12]), maxTermMonths: pick([12, 24, 36]), spreadBp: pick([-50, 0, 80, 80, 300, 400]),
          maxLtvBp: Object.fromEntries(kinds.filter(() => rand() < 0.7).map((k) => [k, pick([0, 1, 2500, 5000, 10_000, 20_000])])),
          acceptedKinds: kinds.filter(() => rand() < 0.7), eligibleIndustries: rand() < 0.3 ? ["biomedicine"] : [], eligibleParkIds: rand() < 0.3 ? ["park-zj"] : [],
          receivableLtvBp: rand() < 0.5 ? null : pick([0, 3000, 6000]),
        };
      });
      const a: MatchApplication = {
        amountFen: pick([1n, 10_000n, 1_000_000_00n, 2_000_000_00n, 2n ** 54n, BigInt(int(3_000_000)) * 100n]), termMonths: pick([3, 6, 12, 24, 48]),
        industry: pick(["biomedicine", "integrated_circuits", null]), parkId: pick(["park-zj", null]), campaignId: null,
        collateral: Array.from({ length: int(3) + (round % 7 === 0 ? 0 : 1) }, () => ({ kind: pick(kinds), lowValueFen: rand() < 0.05 ? null : fen() })),
        // Licence-royalty receivables pledged beside (or instead of) the assets in some rounds.
        receivablesFen: round % 5 === 0 ? pick([0n, 1_000_000_00n, BigInt(int(3_000_000)) * 100n]) : null,
      };
      const c = { lprBp: 310, bankMedianDecisionHours: new Map([["bank0", 30], ["bank1", null]]), campaignFit: (p: { bankOrgId: string }) => (p.bankOrgId === "bank2" ? 0.5 : 0) };
      const expected = rankMatches(products.map((p) => matchProduct(a, p, c)));
      const ranked = rankProducts(a, products, c);
      expect(Array.from(ranked.order, (i) => products[i]!.id)).toEqual(expected.map((m) => m.productId));
      expect(ranked.eligibleCount).toBe(expected.filter((m) => m.eligible).length);
      for (const m of expected) expect(ranked.score[products.findIndex((p) => p.id === m.productId)]).toBe(m.score);
    }
  });
});
