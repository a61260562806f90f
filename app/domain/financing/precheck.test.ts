import { describe, expect, it } from "vitest";
import { precheck, precheckAsset, type PrecheckAsset, type PrecheckContext } from "./precheck";

const OWNER = "org-owner";
const good: PrecheckAsset = {
  id: "a1", kind: "invention", number: "201910123456.1", ownerOrgId: OWNER, legalStatus: "valid",
  filingDate: "2019-03-15", grantDate: "2021-06-01", expiryDate: "2039-03-15", annuityPaidThrough: "2027-03-14",
  coOwners: [], disputeFlag: false, preservationFlag: false, invalidationPending: false, titleLocked: false,
};
const ctx: PrecheckContext = { pledgorOrgId: OWNER, termMonths: 12, asOf: "2026-11-23" };
const result = (asset: Partial<PrecheckAsset>, rule: string, c: Partial<PrecheckContext> = {}) =>
  precheckAsset({ ...good, ...asset }, { ...ctx, ...c }).results.find((r) => r.rule === rule)!;

describe("pledge pre-check (CNIPA refusal grounds)", () => {
  it("passes a clean, granted, paid-up patent on every ground", () => {
    const r = precheckAsset(good, ctx);
    expect(r.ok).toBe(true);
    expect(r.results.every((x) => x.outcome === "pass")).toBe(true);
    expect(r.results).toHaveLength(9);
  });

  it("ground 1: refuses a pledgor that is not the registered owner", () => {
    expect(result({ ownerOrgId: "someone-else" }, "owner")).toMatchObject({ outcome: "fail", key: "financing.precheck.owner.notOwner" });
  });

  it("ground 2: refuses a lapsed, invalidated or expired right", () => {
    expect(result({ legalStatus: "lapsed" }, "legalStatus")).toMatchObject({ outcome: "fail", key: "financing.precheck.legalStatus.lapsed" });
    expect(result({ legalStatus: "invalidated" }, "legalStatus")).toMatchObject({ outcome: "fail", key: "financing.precheck.legalStatus.invalidated" });
    expect(result({ legalStatus: "expired" }, "legalStatus").outcome).toBe("fail");
  });

  it("ground 3: refuses an application that is not granted yet", () => {
    expect(result({ legalStatus: "pending", grantDate: null }, "granted")).toMatchObject({ outcome: "fail", key: "financing.precheck.granted.notGranted" });
    expect(result({ grantDate: null }, "granted").outcome).toBe("fail");
  });

  it("ground 4: allows an unpaid annuity within the grace period and shows the surcharge", () => {
    // Due 2026-03-15; on 2026-05-20 it is grace month 3 → 10 % of the year-8 annuity (¥2,000).
    const r = result({ annuityPaidThrough: "2026-03-14" }, "annuity", { asOf: "2026-05-20" });
    expect(r).toMatchObject({ outcome: "warn", key: "financing.precheck.annuity.grace" });
    expect(r.params).toMatchObject({ graceMonth: 3, surchargePercent: 10, surchargeFen: "20000", annuityFen: "200000", totalFen: "220000" });
    expect(precheckAsset({ ...good, annuityPaidThrough: "2026-03-14" }, { ...ctx, asOf: "2026-05-20" }).ok).toBe(true);
  });

  it("ground 4: refuses an annuity unpaid past the 6-month grace period", () => {
    expect(result({ annuityPaidThrough: "2026-03-14" }, "annuity", { asOf: "2026-09-15" })).toMatchObject({ outcome: "fail", key: "financing.precheck.annuity.pastGrace" });
  });

  it("ground 4: refuses a patent without an annuity payment record", () => {
    expect(result({ annuityPaidThrough: null }, "annuity").outcome).toBe("fail");
  });

  it("ground 5: refuses an asset under an ownership dispute or court preservation", () => {
    expect(result({ disputeFlag: true }, "disputeOrPreservation")).toMatchObject({ outcome: "fail", key: "financing.precheck.disputeOrPreservation.dispute" });
    expect(result({ preservationFlag: true }, "disputeOrPreservation")).toMatchObject({ outcome: "fail", key: "financing.precheck.disputeOrPreservation.preservation" });
  });

  it("ground 6: refuses a pledge whose loan term outlives the patent", () => {
    const r = result({ expiryDate: "2027-06-30" }, "termWithinExpiry", { termMonths: 12 });
    expect(r).toMatchObject({ outcome: "fail", params: { maturityDate: "2027-11-23", expiryDate: "2027-06-30" } });
    expect(result({ expiryDate: "2027-11-23" }, "termWithinExpiry", { termMonths: 12 }).outcome).toBe("pass");
  });

  it("ground 8: refuses a co-owned patent without every co-owner's recorded consent, naming who is missing", () => {
    const r = result({ coOwners: [{ name: "甲大学", consentRecorded: true }, { name: "乙公司", consentRecorded: false }] }, "coOwnerConsent");
    expect(r).toMatchObject({ outcome: "fail", params: { names: "乙公司", count: 1 } });
    expect(result({ coOwners: [{ name: "甲大学", consentRecorded: true }] }, "coOwnerConsent").outcome).toBe("pass");
  });

  it("ground 9: refuses an asset that is already pledged", () => {
    expect(result({ titleLocked: true }, "notPledged")).toMatchObject({ outcome: "fail", key: "financing.precheck.notPledged.pledged" });
  });

  it("ground 11: refuses an asset with invalidation proceedings pending", () => {
    expect(result({ invalidationPending: true }, "noInvalidation")).toMatchObject({ outcome: "fail", key: "financing.precheck.noInvalidation.pending" });
  });

  it("reports every failing ground of every asset, not only the first", () => {
    const report = precheck([good, { ...good, id: "a2", disputeFlag: true, invalidationPending: true, ownerOrgId: "x" }], ctx);
    expect(report.ok).toBe(false);
    expect(report.assets[0]!.ok).toBe(true);
    expect(report.assets[1]!.results.filter((r) => r.outcome === "fail").map((r) => r.rule)).toEqual(["owner", "disputeOrPreservation", "noInvalidation"]);
  });

  it("checks a trademark without annuities", () => {
    expect(result({ kind: "trademark", annuityPaidThrough: null }, "annuity")).toMatchObject({ outcome: "pass", key: "financing.precheck.annuity.notApplicable" });
  });

  it("is not ok with no assets at all", () => {
    expect(precheck([], ctx).ok).toBe(false);
  });
});
