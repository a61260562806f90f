import { describe, expect, it } from "vitest";
import { assertCombinable, DEFAULT_RISK_SCHEMES, findScheme, RiskSchemeError, splitLoss, type RiskScheme } from "./risk-sharing";

const scheme = (code: string) => findScheme(code)!;
const total = (parts: { amountFen: bigint }[]) => parts.reduce((a, p) => a + p.amountFen, 0n);
const of = (parts: { party: string; amountFen: bigint }[], party: string) => parts.find((p) => p.party === party)?.amountFen ?? 0n;

describe("risk-sharing splits", () => {
  it("sum exactly to the loss for every default scheme and awkward amounts", () => {
    for (const s of DEFAULT_RISK_SCHEMES) {
      for (const loss of [0n, 1n, 3n, 7n, 99n, 1_000_000_01n, 3_333_333_33n]) {
        for (const firstLoan of [false, true]) expect(total(splitLoss(loss, s, { firstLoan })), `${s.code} ${loss}`).toBe(loss);
      }
    }
  });

  it("Shanghai policy guarantee: the fund covers at most 80 %, the bank keeps at least 20 %", () => {
    const parts = splitLoss(1_000_000_00n, scheme("sh-policy-guarantee"));
    expect(of(parts, "guarantor")).toBe(800_000_00n);
    expect(of(parts, "bank")).toBe(200_000_00n);
    const greedy: RiskScheme = { ...scheme("sh-policy-guarantee"), weights: { guarantor: 95, bank: 5 } };
    const capped = splitLoss(1_000_000_00n, greedy);
    expect(of(capped, "guarantor")).toBe(800_000_00n);
    expect(of(capped, "bank")).toBe(200_000_00n);
  });

  it("Shanghai credit compensation: 55 %, 60 % for a first loan", () => {
    expect(of(splitLoss(1_000_000n, scheme("sh-credit-compensation")), "fund")).toBe(550_000n);
    expect(of(splitLoss(1_000_000n, scheme("sh-credit-compensation"), { firstLoan: true }), "fund")).toBe(600_000n);
  });

  it("Shanghai credit compensation cannot be combined with the policy guarantee", () => {
    expect(() => assertCombinable([scheme("sh-credit-compensation"), scheme("sh-policy-guarantee")])).toThrow(RiskSchemeError);
    expect(() => assertCombinable([scheme("sh-credit-compensation")])).not.toThrow();
  });

  it("Zhongshan 54 : 26 : 16 : 4 and Shenzhen 1 : 1", () => {
    const z = splitLoss(1_000_000n, scheme("zhongshan"));
    expect(z.map((p) => [p.party, p.amountFen])).toEqual([["bank", 260_000n], ["fund", 540_000n], ["insurer", 160_000n], ["appraiser", 40_000n]]);
    const s = splitLoss(1_001n, scheme("shenzhen"));
    expect(total(s)).toBe(1_001n);
    expect(of(s, "fund") - of(s, "bank")).toBeLessThanOrEqual(1n);
  });

  it("respects an amount cap and moves the excess to the bank", () => {
    const capped: RiskScheme = { code: "x", weights: { fund: 1, bank: 1 }, capFen: { fund: "300000" } };
    const parts = splitLoss(1_000_000n, capped);
    expect(of(parts, "fund")).toBe(300_000n);
    expect(of(parts, "bank")).toBe(700_000n);
    for (const loss of [1n, 17n, 999_999n, 123_456_789n]) {
      const p = splitLoss(loss, scheme("sh-policy-guarantee"));
      expect(of(p, "guarantor") * 10_000n <= loss * 8_000n).toBe(true);
      expect(total(p)).toBe(loss);
    }
  });
});
