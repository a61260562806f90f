import { describe, expect, it } from "vitest";
import { precheck, precheckAsset, type PledgeContract, type PrecheckAgreement, type PrecheckAsset, type PrecheckContext } from "./precheck";

const OWNER = "org-owner";
const BANK = "org-bank";
const good: PrecheckAsset = {
  id: "a1", kind: "invention", number: "201910123456.X", title: "一种低功耗芯片时钟管理电路", ownerOrgId: OWNER, legalStatus: "valid",
  filingDate: "2019-03-15", grantDate: "2021-06-01", expiryDate: "2039-03-14", annuityPaidThrough: "2027-03-14",
  coOwners: [], disputeFlag: false, preservationFlag: false, invalidationPending: false, titleLocked: false, sameDayApplications: [],
};
const pledgor = { orgId: OWNER, name: "上海芯微半导体科技有限公司", uscc: "914403001922038216" };
const pledgee = { orgId: BANK, name: "申城银行张江科技支行", uscc: "9144030071526726XG" };
const contract: PledgeContract = { pledgor, pledgee: null, debtFen: 5_000_000_00n, termMonths: 12 };
const ctx: PrecheckContext = { asOf: "2026-11-23", contract };
const result = (asset: Partial<PrecheckAsset>, rule: string, c: Partial<PrecheckContext> = {}, k: Partial<PledgeContract> = {}) =>
  precheckAsset({ ...good, ...asset }, { ...ctx, ...c, contract: { ...contract, ...c.contract, ...k } }).results.find((r) => r.rule === rule)!;

describe("pledge pre-check (CNIPA refusal grounds)", () => {
  it("passes a clean, granted, paid-up patent on every ground", () => {
    const r = precheckAsset(good, ctx);
    expect(r.ok).toBe(true);
    expect(r.results.every((x) => x.outcome === "pass")).toBe(true);
    expect(r.results).toHaveLength(12);
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

  it("ground 4 (专利权质押登记办法 2021): refuses a patent whose annuity is in the late-payment period (滞纳期), naming the surcharge to pay", () => {
    // Due 2026-03-15; on 2026-05-20 it is late-payment month 3 → 10 % of the year-8 annuity (¥2,000).
    const r = result({ annuityPaidThrough: "2026-03-14" }, "annuity", { asOf: "2026-05-20" });
    expect(r).toMatchObject({ outcome: "fail", key: "financing.precheck.annuity.latePayment" });
    expect(r.params).toMatchObject({ graceMonth: 3, surchargePercent: 10, surchargeFen: "20000", annuityFen: "200000", totalFen: "220000", graceEnds: "2026-09-15" });
    expect(precheckAsset({ ...good, annuityPaidThrough: "2026-03-14" }, { ...ctx, asOf: "2026-05-20" }).ok).toBe(false);
  });

  it("ground 4: passes once the annuity is recorded as paid", () => {
    expect(result({ annuityPaidThrough: "2027-03-14" }, "annuity", { asOf: "2026-05-20" })).toMatchObject({ outcome: "pass", params: { nextDueDate: "2027-03-15" } });
  });

  it("ground 4: passes on the anniversary itself, the last day to pay without surcharge (缴费期限届满日即申请日在该年的相应日)", () => {
    expect(result({ annuityPaidThrough: "2026-03-14" }, "annuity", { asOf: "2026-03-15" }).outcome).toBe("pass");
    expect(result({ annuityPaidThrough: "2026-03-14" }, "annuity", { asOf: "2026-03-16" }).outcome).toBe("fail");
  });

  it("ground 4: refuses an annuity unpaid past the 6-month late-payment period, and ground 2 then finds the patent lapsed", () => {
    expect(result({ annuityPaidThrough: "2026-03-14" }, "annuity", { asOf: "2026-09-15" })).toMatchObject({ outcome: "fail", key: "financing.precheck.annuity.latePayment" });
    expect(result({ annuityPaidThrough: "2026-03-14" }, "legalStatus", { asOf: "2026-09-15" }).outcome).toBe("pass");
    expect(result({ annuityPaidThrough: "2026-03-14" }, "annuity", { asOf: "2026-09-16" })).toMatchObject({ outcome: "fail", key: "financing.precheck.annuity.pastGrace" });
    expect(result({ annuityPaidThrough: "2026-03-14" }, "legalStatus", { asOf: "2026-09-16" })).toMatchObject({ outcome: "fail", key: "financing.precheck.legalStatus.lapsed" });
  });

  it("ground 4: refuses a patent without an annuity payment record", () => {
    expect(result({ annuityPaidThrough: null }, "annuity").outcome).toBe("fail");
  });

  it("ground 5: refuses an asset under an ownership dispute or court preservation", () => {
    expect(result({ disputeFlag: true }, "disputeOrPreservation")).toMatchObject({ outcome: "fail", key: "financing.precheck.disputeOrPreservation.dispute" });
    expect(result({ preservationFlag: true }, "disputeOrPreservation")).toMatchObject({ outcome: "fail", key: "financing.precheck.disputeOrPreservation.preservation" });
  });

  it("ground 6: refuses a pledge whose loan term outlives the patent", () => {
    const r = result({ expiryDate: "2027-06-30" }, "termWithinExpiry", {}, { termMonths: 12 });
    expect(r).toMatchObject({ outcome: "fail", params: { maturityDate: "2027-11-23", expiryDate: "2027-06-30" } });
    expect(result({ expiryDate: "2027-11-23" }, "termWithinExpiry", {}, { termMonths: 12 }).outcome).toBe("pass");
  });

  it("ground 8: refuses a co-owned patent without every co-owner's recorded consent, naming who is missing", () => {
    const r = result({ coOwners: [{ name: "甲大学", consentRecorded: true }, { name: "乙公司", consentRecorded: false }] }, "coOwnerConsent");
    expect(r).toMatchObject({ outcome: "fail", params: { names: "乙公司", count: 1 } });
    expect(result({ coOwners: [{ name: "甲大学", consentRecorded: true }] }, "coOwnerConsent").outcome).toBe("pass");
  });

  it("ground 9: refuses an asset that is already pledged", () => {
    expect(result({ titleLocked: true }, "notPledged")).toMatchObject({ outcome: "fail", key: "financing.precheck.notPledged.pledged" });
  });

  it("ground 7: names the contract's parties, the secured debt and its term, and each right's particulars", () => {
    expect(result({}, "contractContent")).toMatchObject({ outcome: "pass", key: "financing.precheck.contractContent.pledgeeLater", params: { debtFen: "500000000", maturityDate: "2027-11-23" } });
    expect(result({}, "contractContent", {}, { pledgee })).toMatchObject({ outcome: "pass", key: "financing.precheck.contractContent.ok", params: { pledgee: pledgee.name } });
  });

  it("ground 7: refuses a contract without a party's name or valid credit code, without the debt or its term, or without the right's title and grant date", () => {
    expect(result({}, "contractContent", {}, { pledgor: { ...pledgor, uscc: "914403001922038217" } }).key).toBe("financing.precheck.contractContent.pledgor");
    expect(result({}, "contractContent", {}, { pledgee: { ...pledgee, name: " " } }).key).toBe("financing.precheck.contractContent.pledgee");
    expect(result({}, "contractContent", {}, { debtFen: 0n }).key).toBe("financing.precheck.contractContent.debt");
    expect(result({}, "contractContent", {}, { termMonths: 0 }).key).toBe("financing.precheck.contractContent.term");
    expect(result({ title: "" }, "contractContent")).toMatchObject({ outcome: "fail", key: "financing.precheck.contractContent.particulars" });
    expect(result({ grantDate: null }, "contractContent").outcome).toBe("fail");
  });

  const agree = (...who: Array<[string, PrecheckAgreement["rule"]]>): PrecheckAgreement[] => who.map(([orgId, rule]) => ({ assetId: "a1", orgId, rule }));

  it("ground 10: refuses a utility model with a same-day invention application unless the parties agree", () => {
    const um = { kind: "utility_model" as const, number: "201920123456.5", sameDayApplications: ["201910123456.X"] };
    expect(result(um, "sameDayApplication")).toMatchObject({ outcome: "fail", key: "financing.precheck.sameDayApplication.needsAgreement", params: { numbers: "201910123456.X" } });
    // Before an offer only the pledgor can declare, and its declaration lets the application go to the banks.
    expect(result(um, "sameDayApplication", { agreements: agree([OWNER, "sameDayApplication"]) })).toMatchObject({ outcome: "warn", key: "financing.precheck.sameDayApplication.agreedByPledgor" });
    // At registration the pledgee must have declared too.
    expect(result(um, "sameDayApplication", { agreements: agree([OWNER, "sameDayApplication"]) }, { pledgee }).key).toBe("financing.precheck.sameDayApplication.needsPledgee");
    expect(result(um, "sameDayApplication", { agreements: agree([BANK, "sameDayApplication"]) }, { pledgee }).key).toBe("financing.precheck.sameDayApplication.needsPledgor");
    expect(result(um, "sameDayApplication", { agreements: agree([OWNER, "sameDayApplication"], [BANK, "sameDayApplication"]) }, { pledgee })).toMatchObject({ outcome: "warn", key: "financing.precheck.sameDayApplication.agreedByBoth" });
    // Another ground's declaration, or another bank's, does not count.
    expect(result(um, "sameDayApplication", { agreements: agree([OWNER, "noInvalidation"], ["other-bank", "sameDayApplication"]) }, { pledgee }).outcome).toBe("fail");
    expect(result({ ...um, kind: "design", number: "201930123456.0" }, "sameDayApplication").key).toBe("financing.precheck.sameDayApplication.notApplicable");
    expect(result({}, "sameDayApplication").key).toBe("financing.precheck.sameDayApplication.ok");
  });

  it("ground 11: refuses an asset with invalidation proceedings pending unless the parties agree", () => {
    expect(result({ invalidationPending: true }, "noInvalidation")).toMatchObject({ outcome: "fail", key: "financing.precheck.noInvalidation.needsAgreement" });
    expect(result({ invalidationPending: true }, "noInvalidation", { agreements: agree([OWNER, "noInvalidation"]) }).outcome).toBe("warn");
    expect(result({ invalidationPending: true }, "noInvalidation", { agreements: agree([OWNER, "noInvalidation"]) }, { pledgee }).outcome).toBe("fail");
    expect(result({ invalidationPending: true }, "noInvalidation", { agreements: agree([OWNER, "noInvalidation"], [BANK, "noInvalidation"]) }, { pledgee }).key)
      .toBe("financing.precheck.noInvalidation.agreedByBoth");
    expect(precheckAsset({ ...good, invalidationPending: true }, { ...ctx, contract: { ...contract, pledgee }, agreements: agree([OWNER, "noInvalidation"], [BANK, "noInvalidation"]) }).ok).toBe(true);
  });

  it("ground 12: refuses register data that does not conform — a bad check character, dates out of order, an expiry beyond the legal term", () => {
    expect(result({}, "registerData").outcome).toBe("pass");
    expect(result({ number: "201910123456.1" }, "registerData").key).toBe("financing.precheck.registerData.number");
    expect(result({ kind: "utility_model" }, "registerData").key).toBe("financing.precheck.registerData.number");
    expect(result({ grantDate: "2018-01-01" }, "registerData").key).toBe("financing.precheck.registerData.dates");
    expect(result({ grantDate: "2027-01-01" }, "registerData").key).toBe("financing.precheck.registerData.dates");
    expect(result({ expiryDate: "2039-03-15" }, "registerData")).toMatchObject({ outcome: "fail", params: { legalExpiryDate: "2039-03-14" } });
  });

  it("reports every failing ground of every asset, not only the first", () => {
    const report = precheck([good, { ...good, id: "a2", disputeFlag: true, invalidationPending: true, ownerOrgId: "x" }], ctx);
    expect(report.ok).toBe(false);
    expect(report.assets[0]!.ok).toBe(true);
    expect(report.assets[1]!.results.filter((r) => r.outcome === "fail").map((r) => r.rule)).toEqual(["owner", "disputeOrPreservation", "noInvalidation"]);
    expect(report.loanMaturity).toBe("2027-11-23");
  });

  it("checks a trademark without annuities", () => {
    expect(result({ kind: "trademark", annuityPaidThrough: null }, "annuity")).toMatchObject({ outcome: "pass", key: "financing.precheck.annuity.notApplicable" });
  });

  it("is not ok with no assets at all", () => {
    expect(precheck([], ctx).ok).toBe(false);
  });
});
