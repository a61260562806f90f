import { PARAMETERS } from "./parameters";
import type { AssetFacts, ValuationInput } from "./types";

/**
 * The worked examples of the unit tests (and the benchmark's workload): one invention patent, one
 * utility model, one trademark, each with the figures computed by hand in `engine.test.ts`.
 */
export const baseFacts: AssetFacts = {
  id: "00000000-0000-4000-8000-000000000001", kind: "invention", number: "201910123456.1", title: "一种低功耗芯片时钟管理电路",
  industry: "integrated_circuits", filingDate: "2019-03-15", grantDate: "2021-06-01", expiryDate: "2039-03-14", legalStatus: "valid",
  annuityPaidThrough: "2026-03-14", ipcClasses: ["H01L 21/00"], niceClasses: [], claimsCount: 10, citationsCount: 5,
  overseasFamilyCount: 1, awards: [], coOwnerCount: 0, coOwnersAllConsented: true, disputeFlag: false, preservationFlag: false,
  invalidationPending: false, encumbrances: [], pledgeFinancedFen: null,
};

export const inventionExample: ValuationInput = {
  valuationDate: "2026-01-01", purpose: "pledge", comparables: [], parameters: PARAMETERS,
  questionnaire: { annualRevenueFen: 1_000_000_000n, revenueGrowthBp: 500, marketSizeFen: 50_000_000_000n, marketShareBp: 200, maturity: 4, substitutability: 4 },
  assets: [baseFacts],
};

export const utilityModelExample: ValuationInput = {
  valuationDate: "2026-01-01", purpose: "transfer", comparables: [], parameters: PARAMETERS,
  questionnaire: { annualRevenueFen: 300_000_000n, maturity: 5, substitutability: 3, rdCostFen: 80_000_000n, rdCostYear: 2019 },
  assets: [{
    ...baseFacts, id: "00000000-0000-4000-8000-000000000002", kind: "utility_model", number: "201920512345.6", title: "一种数控机床夹具",
    industry: "high_end_equipment", filingDate: "2019-05-20", grantDate: "2019-12-10", expiryDate: "2029-05-19", annuityPaidThrough: "2026-05-19",
    ipcClasses: ["B23Q 3/06"], claimsCount: 6, citationsCount: null, overseasFamilyCount: 0, coOwnerCount: 1, coOwnersAllConsented: true,
  }],
};

export const trademarkExample: ValuationInput = {
  valuationDate: "2026-01-01", purpose: "pledge", comparables: [], parameters: PARAMETERS,
  questionnaire: { annualRevenueFen: 2_000_000_000n, revenueGrowthBp: 0, marketSizeFen: 1_000_000_000_000n, marketShareBp: 50, maturity: 5, substitutability: 4, economicLifeYears: 5 },
  assets: [{
    ...baseFacts, id: "00000000-0000-4000-8000-000000000003", kind: "trademark", number: "17654321", title: "申江",
    industry: "fashion_consumer", filingDate: "2015-03-01", grantDate: "2016-08-07", expiryDate: "2026-08-06", annuityPaidThrough: null,
    ipcClasses: [], niceClasses: [25, 35], claimsCount: null, citationsCount: null, overseasFamilyCount: 0,
  }],
};
