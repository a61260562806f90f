import { describe, expect, it } from "vitest";
import { matchProduct, type MatchProduct } from "./matching";

const product: MatchProduct = {
  id: "p", bankOrgId: "b", minAmountFen: 100_000_00n, maxAmountFen: 10_000_000_00n, minTermMonths: 6, maxTermMonths: 36, spreadBp: 80,
  maxLtvBp: { invention: 3000 }, acceptedKinds: ["invention"], eligibleIndustries: [], eligibleParkIds: [], acceptsPlatformValuation: true, insuranceRequired: false,
};
const base = { termMonths: 12, industry: null, parkId: null, campaignId: null };
const rule = (m: ReturnType<typeof matchProduct>, r: string) => m.rules.find((x) => x.rule === r)!;

describe("matching with licence royalties pledged", () => {
  it("adds what the receivables will still bring in, at the product's rate, to the patents' cap", () => {
    const m = matchProduct({ ...base, amountFen: 1_500_000_00n, collateral: [{ kind: "invention", lowValueFen: 4_000_000_00n }], receivablesFen: 1_000_000_00n },
      { ...product, receivableLtvBp: 6000 }, { lprBp: 300 });
    // ¥4,000,000 × 30 % + ¥1,000,000 × 60 % = ¥1,800,000.
    expect(m.ltvCapFen).toBe(1_800_000_00n);
    expect(m.eligible).toBe(true);
    expect(rule(m, "receivables")).toMatchObject({ pass: true, key: "financing.match.receivables.ok" });
  });

  it("refuses receivables with a product that does not accept them, saying why", () => {
    const m = matchProduct({ ...base, amountFen: 1_000_000_00n, collateral: [{ kind: "invention", lowValueFen: 4_000_000_00n }], receivablesFen: 1_000_000_00n }, product, { lprBp: 300 });
    expect(m.eligible).toBe(false);
    expect(rule(m, "receivables")).toMatchObject({ pass: false, key: "financing.match.receivables.notAccepted" });
  });

  it("lends against receivables alone without a valuation", () => {
    const m = matchProduct({ ...base, amountFen: 500_000_00n, collateral: [], receivablesFen: 1_000_000_01n }, { ...product, receivableLtvBp: 6000 }, { lprBp: 300 });
    expect(rule(m, "valuation").pass).toBe(true);
    expect(m.ltvCapFen).toBe(600_000_00n); // rounded down from ¥600,000.006
    expect(m.eligible).toBe(true);
  });

  it("leaves an application without receivables as it was", () => {
    const m = matchProduct({ ...base, amountFen: 1_000_000_00n, collateral: [{ kind: "invention", lowValueFen: 4_000_000_00n }] }, product, { lprBp: 300 });
    expect(rule(m, "receivables")).toMatchObject({ pass: true, key: "financing.match.receivables.none" });
    expect(m.ltvCapFen).toBe(1_200_000_00n);
  });
});
