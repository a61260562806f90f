import { describe, expect, it } from "vitest";
import { dictionaries } from "#app/i18n/index";
import { matchProduct, type MatchProduct } from "./matching";
import { precheckAsset, type PrecheckAsset } from "./precheck";
import { ANNUITY_ALERT_KINDS } from "../annuity";
import { RENEWAL_ALERT_KINDS } from "../renewal";

const zh = dictionaries["zh-CN"];
const en = dictionaries.en;

describe("financing messages", () => {
  it("have the same keys in Chinese and English (every context)", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it("word every annuity and renewal alert the collateral sweep can send", () => {
    for (const k of [...ANNUITY_ALERT_KINDS, ...RENEWAL_ALERT_KINDS]) {
      expect(zh[`financing.alert.${k}`], k).toBeTruthy();
      expect(en[`financing.alert.${k}`], k).toBeTruthy();
    }
  });

  it("cover every pre-check outcome the rules can produce", () => {
    const base: PrecheckAsset = {
      id: "a", kind: "invention", number: "201910123456.X", title: "t", ownerOrgId: "o", legalStatus: "valid", filingDate: "2019-01-01", grantDate: "2020-01-01",
      expiryDate: "2038-12-31", annuityPaidThrough: "2026-12-31", coOwners: [], disputeFlag: false, preservationFlag: false, invalidationPending: false, titleLocked: false,
      sameDayApplications: [],
    };
    const variants: Partial<PrecheckAsset>[] = [
      {}, { ownerOrgId: "x" }, { legalStatus: "lapsed" }, { legalStatus: "invalidated" }, { legalStatus: "expired" }, { legalStatus: "pending", grantDate: null },
      { annuityPaidThrough: null }, { annuityPaidThrough: "2026-10-31" }, { annuityPaidThrough: "2025-01-01" }, { kind: "trademark" }, { disputeFlag: true },
      { preservationFlag: true }, { disputeFlag: true, preservationFlag: true }, { expiryDate: "2026-12-01" }, { coOwners: [{ name: "甲", consentRecorded: false }] },
      { coOwners: [{ name: "甲", consentRecorded: true }] }, { titleLocked: true }, { invalidationPending: true },
      { annuityPaidThrough: "2038-12-31" }, { title: "" }, { number: "201910123456.1" }, { grantDate: "2018-01-01" }, { expiryDate: "2040-01-01" },
      { sameDayApplications: ["201920123456.5"] }, { kind: "design" },
    ];
    const party = (orgId: string) => ({ orgId, name: "甲", uscc: "914403001922038216" });
    const contracts = [
      { pledgor: party("o"), pledgee: null, debtFen: 1n, termMonths: 12 }, { pledgor: party("o"), pledgee: party("b"), debtFen: 1n, termMonths: 12 },
      { pledgor: { orgId: "o", name: "", uscc: "" }, pledgee: null, debtFen: 1n, termMonths: 12 }, { pledgor: party("o"), pledgee: { orgId: "b", name: "", uscc: "x" }, debtFen: 1n, termMonths: 12 },
      { pledgor: party("o"), pledgee: null, debtFen: 0n, termMonths: 12 }, { pledgor: party("o"), pledgee: null, debtFen: 1n, termMonths: 0 },
    ];
    const agreements: Array<Array<{ assetId: string; rule: "noInvalidation" | "sameDayApplication"; orgId: string }>> = [[], [{ assetId: "a", rule: "noInvalidation" as const, orgId: "o" }, { assetId: "a", rule: "sameDayApplication" as const, orgId: "o" }],
      [{ assetId: "a", rule: "noInvalidation" as const, orgId: "b" }, { assetId: "a", rule: "sameDayApplication" as const, orgId: "b" }]];
    agreements.push([...agreements[1]!, ...agreements[2]!]);
    const seen = new Set<string>();
    for (const v of variants) {
      for (const contract of contracts) {
        for (const a of agreements) {
          for (const r of precheckAsset({ ...base, ...v }, { asOf: "2026-11-23", contract, agreements: a }).results) {
            seen.add(r.key);
            expect(zh[r.key], r.key).toBeTruthy();
            expect(en[r.key], r.key).toBeTruthy();
            expect(zh[`financing.precheckRule.${r.rule}`]).toBeTruthy();
          }
        }
      }
    }
    // Every variant of the agreement-dependent grounds was produced, so none of their keys escaped the check.
    for (const rule of ["noInvalidation", "sameDayApplication"]) {
      for (const variant of ["needsAgreement", "needsPledgor", "needsPledgee", "agreedByPledgor", "agreedByBoth"]) expect(seen).toContain(`financing.precheck.${rule}.${variant}`);
    }
  });

  it("cover every matching reason and factor", () => {
    const p: MatchProduct = {
      id: "p", bankOrgId: "b", minAmountFen: 100n, maxAmountFen: 1000n, minTermMonths: 6, maxTermMonths: 12, spreadBp: 0, maxLtvBp: { invention: 5000 },
      acceptedKinds: ["invention"], eligibleIndustries: ["biomedicine"], eligibleParkIds: ["park"], acceptsPlatformValuation: false, insuranceRequired: true,
    };
    const apps = [
      { amountFen: 500n, termMonths: 12, industry: "biomedicine", parkId: "park", campaignId: null, collateral: [{ kind: "invention" as const, lowValueFen: 10_000n }] },
      { amountFen: 50n, termMonths: 3, industry: "other", parkId: null, campaignId: null, collateral: [{ kind: "trademark" as const, lowValueFen: null }] },
      { amountFen: 5000n, termMonths: 24, industry: null, parkId: "x", campaignId: null, collateral: [{ kind: "invention" as const, lowValueFen: 100n }] },
    ];
    for (const a of apps) {
      for (const prod of [p, { ...p, eligibleIndustries: [], eligibleParkIds: [] }]) {
        for (const fit of [undefined, () => 1, () => 0.5]) {
          const m = matchProduct(a, prod, { lprBp: 300, campaignFit: fit });
          for (const k of [...m.rules.map((r) => r.key), ...m.factors.map((f) => f.key), ...m.conditions]) {
            expect(zh[k], k).toBeTruthy();
            expect(en[k], k).toBeTruthy();
          }
        }
      }
    }
  });
});
