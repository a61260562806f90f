import { describe, expect, it } from "vitest";
import { upkeepOf } from "./upkeep";

describe("what keeps a right alive", () => {
  const patent = { kind: "invention" as const, legalStatus: "valid", filingDate: "2017-07-21", expiryDate: "2037-07-20", annuityPaidThrough: "2026-07-20" };
  const tm = { kind: "trademark" as const, legalStatus: "valid", filingDate: "2016-01-10", expiryDate: "2027-06-06", annuityPaidThrough: null };

  it("gives a patent's next annuity (due on the anniversary), then its grace month and surcharge, then the end of grace (due + 6 months)", () => {
    expect(upkeepOf(patent, "2026-05-01")).toEqual({ kind: "annuityPaid", date: "2026-07-21", tone: "ok" });
    expect(upkeepOf(patent, "2026-09-01")).toEqual({ kind: "annuityGrace", date: "2027-01-21", graceMonth: 2, surchargePercent: 5, tone: "warn" });
    expect(upkeepOf(patent, "2027-01-21")).toEqual({ kind: "annuityGrace", date: "2027-01-21", graceMonth: 6, surchargePercent: 25, tone: "warn" });
    expect(upkeepOf(patent, "2027-01-22")).toEqual({ kind: "annuityPastGrace", date: "2027-01-21", tone: "bad" });
    expect(upkeepOf({ ...patent, annuityPaidThrough: "2037-07-20" }, "2030-01-01")).toEqual({ kind: "annuityPaidToTerm", date: "2037-07-20", tone: "ok" });
    expect(upkeepOf({ ...patent, annuityPaidThrough: null }, "2026-05-01")).toEqual({ kind: "annuityUnknown", tone: "neutral" });
  });

  it("gives a trademark's renewal window: when it opens, until expiry, the grace period, and after", () => {
    expect(upkeepOf(tm, "2026-01-01")).toEqual({ kind: "renewalLater", date: "2026-06-07", tone: "ok" });
    expect(upkeepOf(tm, "2026-06-07")).toEqual({ kind: "renewalOpen", date: "2027-06-06", tone: "warn" });
    expect(upkeepOf(tm, "2027-06-07")).toEqual({ kind: "renewalGrace", date: "2027-12-06", tone: "warn" });
    expect(upkeepOf(tm, "2027-12-07")).toEqual({ kind: "renewalPastGrace", date: "2027-12-06", tone: "bad" });
  });

  it("says nothing for a right that is already gone", () => {
    expect(upkeepOf({ ...patent, legalStatus: "invalidated" }, "2026-05-01")).toBeNull();
    expect(upkeepOf({ ...patent, expiryDate: "2026-01-01" }, "2026-05-01")).toBeNull();
  });
});
