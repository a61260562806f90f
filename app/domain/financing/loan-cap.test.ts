import { describe, expect, it } from "vitest";
import { eventsFrom, transition } from "../state-machine";
import { applicationLifecycle } from "./lifecycle";
import { bestLoanCap } from "./loan-cap";

const product = (id: string, maxLtvBp: Record<string, number>, acceptedKinds = Object.keys(maxLtvBp)) =>
  ({ id, maxLtvBp, acceptedKinds: acceptedKinds as never });

describe("the loan cap shown before an application is submitted", () => {
  it("is the valuation's low value times the best product's pledge rate for the kind", () => {
    // Low value ¥1,000,000.00; rates 30 % and 40 %: the cap is ¥400,000.00.
    const cap = bestLoanCap(100_000_000n, [{ kind: "invention" }], [product("a", { invention: 3000 }), product("b", { invention: 4000 })]);
    expect(cap).toEqual({ capFen: 40_000_000n, productId: "b", products: 2 });
  });
  it("splits the low value over a bundle by each asset's own low value, each at its kind's rate", () => {
    const cap = bestLoanCap(100_000_000n, [{ kind: "invention", ownLowFen: 80_000_000n }, { kind: "trademark", ownLowFen: 20_000_000n }],
      [product("a", { invention: 4000, trademark: 2500 })]);
    expect(cap!.capFen).toBe(32_000_000n + 5_000_000n);
  });
  it("ignores products that do not lend on every kind pledged; none left: no cap", () => {
    expect(bestLoanCap(100_000_000n, [{ kind: "design" }], [product("a", { invention: 4000 })])).toBeNull();
  });
});

describe("editing an application until the first bank starts its review", () => {
  it("keeps a draft a draft and sends a submitted one back to valuating", () => {
    expect(transition("application", applicationLifecycle, "draft", "edit")).toBe("draft");
    for (const from of ["valuating", "matching", "matched"] as const) {
      expect(transition("application", applicationLifecycle, from, "edit")).toBe("valuating");
    }
  });
  it("has no edit once a bank reviews, asks for information, offers, or later", () => {
    for (const from of ["under_review", "info_requested", "offered", "accepted", "registering", "rejected", "withdrawn"] as const) {
      expect(eventsFrom(applicationLifecycle, from)).not.toContain("edit");
    }
  });
});
