import { describe, expect, it } from "vitest";
import { isApproved, offerPeriod, soldReason, type Commitment } from "./availability";

const c = (over: Partial<Commitment>): Commitment => ({
  assetId: "a1", kind: "exclusive_licence", status: "pending", period: { start: "2026-01-01", end: "2028-01-01" }, dealStatus: "approved", ...over,
});

describe("offer period", () => {
  it("asks a licence for its term from its start, half-open, and a transfer for the title from its start on", () => {
    expect(offerPeriod("exclusive_licence", "2026-03-01", 24)).toEqual({ start: "2026-03-01", end: "2028-03-01" });
    expect(offerPeriod("non_exclusive_licence", "2026-03-01", null)).toEqual({ start: "2026-03-01", end: null });
    expect(offerPeriod("transfer", "2026-03-01", 24)).toEqual({ start: "2026-03-01", end: null });
  });
});

describe("a listing stops taking offers once an exclusive licence or a transfer is approved", () => {
  const asked = offerPeriod("exclusive_licence", "2026-06-01", 12);

  it("stays open while the seller's acceptance awaits the platform's approval (the deal may yet be rejected)", () => {
    const pending = c({ dealStatus: "pending_approval" });
    expect(isApproved(pending)).toBe(false);
    expect(soldReason(asked, [pending])).toBeNull();
    expect(soldReason(offerPeriod("transfer", "2026-06-01", null), [c({ kind: "transfer", period: { start: "2026-01-01", end: null }, dealStatus: "pending_approval" })])).toBeNull();
  });

  it("closes for an overlapping period once an exclusive or sole licence is approved, paid or recorded", () => {
    expect(soldReason(asked, [c({ dealStatus: "approved" })])).toBe("market.errors.exclusiveSold");
    expect(soldReason(asked, [c({ kind: "sole_licence", dealStatus: "paid" })])).toBe("market.errors.exclusiveSold");
    // A recorded licence is active whatever produced it.
    expect(soldReason(asked, [c({ status: "active", dealStatus: null })])).toBe("market.errors.exclusiveSold");
  });

  it("also closes a non-exclusive licence or a transfer of the same asset for that period", () => {
    expect(soldReason(offerPeriod("non_exclusive_licence", "2027-12-31", 6), [c({})])).toBe("market.errors.exclusiveSold");
    expect(soldReason(offerPeriod("transfer", "2030-01-01", null), [c({ period: { start: "2026-01-01", end: null } })])).toBe("market.errors.exclusiveSold");
  });

  it("leaves open a period that does not overlap the licence sold (periods are half-open: the end day is free)", () => {
    expect(soldReason(offerPeriod("exclusive_licence", "2028-01-01", 12), [c({})])).toBeNull();
    expect(soldReason(offerPeriod("exclusive_licence", "2024-01-01", 24), [c({})])).toBeNull();
    expect(soldReason(offerPeriod("exclusive_licence", "2024-01-01", 25), [c({})])).toBe("market.errors.exclusiveSold");
  });

  it("closes every licence and transfer once a transfer of the asset is approved", () => {
    const sold = c({ kind: "transfer", period: { start: "2026-01-01", end: null }, dealStatus: "paid" });
    expect(soldReason(asked, [sold])).toBe("market.errors.transferSold");
    expect(soldReason(offerPeriod("transfer", "2026-06-01", null), [sold])).toBe("market.errors.transferSold");
  });

  it("ignores deals that ended without a sale", () => {
    for (const dealStatus of ["cancelled", "rejected", "refunded", "declined"] as const) expect(soldReason(asked, [c({ dealStatus })])).toBeNull();
  });
});
