import { describe, expect, it } from "vitest";
import { canTransition, transition } from "../state-machine";
import { valuate } from "./engine";
import { baseFacts, inventionExample } from "./examples";
import { valuationLifecycle } from "./lifecycle";
import { missingInputs } from "./needs-input";
import type { Comparable, ValuationInput } from "./types";

/** The invention of worked example 1 with no answers at all: what "apply without a valuation" sends. */
const bare: ValuationInput = { ...inventionExample, questionnaire: {} };

const comparable = (id: string, priceFen: bigint): Comparable => ({
  id, kind: "invention", industry: baseFacts.industry, ipcClasses: ["H01L 27/00"], niceClasses: [], priceFen, dealDate: "2025-06-01", assetCount: 1, remainingMonths: 150,
});

describe("a valuation with no basis for a value asks for inputs instead of completing at zero", () => {
  it("names the sales and the R&D cost (with its year) when nothing is known: every approach would give ¥0", () => {
    expect(missingInputs(bare)).toEqual(["annualRevenueFen", "rdCostFen", "rdCostYear"]);
    // What it would otherwise have completed with (issue 13, B2: "¥0.00 – ¥0.00, 已完成").
    const zero = valuate(bare);
    expect([zero.low, zero.base, zero.high]).toEqual([0n, 0n, 0n]);
  });
  it("needs nothing once the sales are given, and the value range is then above zero", () => {
    const q = { annualRevenueFen: 500_000_000n };
    expect(missingInputs({ ...bare, questionnaire: q })).toEqual([]);
    expect(valuate({ ...bare, questionnaire: q }).low > 0n).toBe(true);
  });
  it("needs nothing once an R&D cost is given (the cost approach values it), even without its year", () => {
    const q = { rdCostFen: 200_000_000n };
    expect(missingInputs({ ...bare, questionnaire: q })).toEqual([]);
    expect(valuate({ ...bare, questionnaire: q }).low > 0n).toBe(true);
  });
  it("takes a market size with a share as sales; a size alone is not enough", () => {
    expect(missingInputs({ ...bare, questionnaire: { marketSizeFen: 10_000_000_000n, marketShareBp: 100 } })).toEqual([]);
    expect(missingInputs({ ...bare, questionnaire: { marketSizeFen: 10_000_000_000n } })).toEqual(["annualRevenueFen", "rdCostFen", "rdCostYear"]);
  });
  it("asks only for what is still missing (a year without an amount still lacks the amount)", () => {
    expect(missingInputs({ ...bare, questionnaire: { rdCostYear: 2020 } })).toEqual(["annualRevenueFen", "rdCostFen"]);
  });
  it("needs nothing when enough comparable deals value every asset by the market approach", () => {
    const comps = [comparable("c1", 300_000_00n), comparable("c2", 400_000_00n), comparable("c3", 500_000_00n)];
    const input = { ...bare, comparables: comps };
    expect(missingInputs(input)).toEqual([]);
    expect(valuate(input).low > 0n).toBe(true);
  });
  it("does not ask about a lapsed patent: no answer gives it a value (its stop flag says why)", () => {
    const lapsed = { ...bare, assets: [{ ...baseFacts, legalStatus: "lapsed" as const }] };
    expect(missingInputs(lapsed)).toEqual([]);
  });
  it("asks when one asset of a bundle has no basis although another is lapsed", () => {
    const second = { ...baseFacts, id: "00000000-0000-4000-8000-000000000009", number: "201910123457.X", legalStatus: "lapsed" as const };
    expect(missingInputs({ ...bare, assets: [baseFacts, second] })).toEqual(["annualRevenueFen", "rdCostFen", "rdCostYear"]);
  });
  it("is a state of the lifecycle: running → needs_input → (inputs given) queued; never completed from there", () => {
    expect(transition("valuation", valuationLifecycle, "running", "needInput")).toBe("needs_input");
    expect(transition("valuation", valuationLifecycle, "needs_input", "provideInput")).toBe("queued");
    expect(transition("valuation", valuationLifecycle, "needs_input", "invalidate")).toBe("invalidated");
    expect(canTransition(valuationLifecycle, "needs_input", "complete")).toBe(false);
    expect(canTransition(valuationLifecycle, "queued", "needInput")).toBe(false);
  });
});
