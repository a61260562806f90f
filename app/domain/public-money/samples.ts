import type { FundRules } from "./claims";
import type { SubsidyDocument, SubsidyRules } from "./subsidy";

/**
 * The sample schemes found in local policies, shipped as CONFIGURABLE EXAMPLES: the seed stores
 * them as data (an admin edits or replaces them), nothing in the code depends on their values.
 * Readings that are ours, not the documents': Beijing's "rate counted at most LPR + 40 %" is read
 * as LPR × 1.4; an LPR-based subsidy is the interest the same principal would have cost at the LPR,
 * times the share.
 */
export type SampleProgramme = { code: string; nameZh: string; nameEn: string; region: string; rules: SubsidyRules; documents: SubsidyDocument[] };

export const SAMPLE_PROGRAMMES: SampleProgramme[] = [
  {
    code: "beijing-interest", nameZh: "知识产权质押贷款贴息（北京示例）", nameEn: "IP pledge loan interest subsidy (Beijing example)", region: "北京市",
    rules: { kind: "interest", basis: "interest_paid", shareBp: 5000, ceilingLprMarkupBp: 4000, capPerEnterpriseFen: "30000000", conditions: ["registered", "settled_in_period"] },
    documents: ["loan_contract", "pledge_registration", "repayment_records"],
  },
  {
    code: "qingdao-interest", nameZh: "专利权质押贷款贴息（青岛示例）", nameEn: "Patent pledge loan interest subsidy (Qingdao example)", region: "青岛市",
    rules: { kind: "interest", basis: "lpr", shareBp: 6000, capPerEnterpriseFen: "50000000", conditions: ["invention_pledged", "first_pledge", "registered_before_disbursement"] },
    documents: ["loan_contract", "pledge_registration", "repayment_records"],
  },
  {
    code: "fujian-interest", nameZh: "知识产权质押融资贴息（福建示例）", nameEn: "IP pledge financing interest subsidy (Fujian example)", region: "福建省",
    rules: { kind: "interest", basis: "lpr", shareBp: 2000, boostedShareBp: 5000, capPerEnterpriseFen: "20000000", maxMonths: 12, conditions: ["registered"] },
    documents: ["loan_contract", "repayment_records"],
  },
  {
    code: "xuchang-valuation-fee", nameZh: "知识产权评估费补贴（许昌示例）", nameEn: "IP valuation fee subsidy (Xuchang example)", region: "许昌市",
    rules: { kind: "valuation_fee", basis: "fee_paid", shareBp: 5000, capPerEnterpriseFen: "10000000", conditions: [] },
    documents: ["fee_invoice"],
  },
  {
    code: "xuchang-premium", nameZh: "质押融资保证保险保费补贴（许昌示例）", nameEn: "Pledge loan guarantee insurance premium subsidy (Xuchang example)", region: "许昌市",
    rules: { kind: "premium", basis: "fee_paid", shareBp: 5000, capPerEnterpriseFen: "2000000", conditions: [] },
    documents: ["insurance_policy"],
  },
];

export type SampleFund = { code: string; nameZh: string; nameEn: string; schemeCode: string; rules: FundRules };

export const SAMPLE_FUNDS: SampleFund[] = [
  {
    // 沪财金〔2023〕19号: for IP loans a deposit replaces pay-after-loss; a claim after 2 months non-performing, no write-off first.
    code: "sh-guarantee-fund-ip", nameZh: "上海市中小微企业政策性融资担保基金（知识产权·保证金模式）",
    nameEn: "Shanghai SME policy financing guarantee fund (IP, deposit model)", schemeCode: "sh-policy-guarantee",
    rules: { party: "guarantor", model: "deposit", triggerOverdueMonths: 2, covers: "principal" },
  },
  {
    code: "sh-credit-compensation", nameZh: "上海市中小微企业信贷风险补偿资金", nameEn: "Shanghai SME credit risk compensation fund",
    schemeCode: "sh-credit-compensation", rules: { party: "fund", model: "compensation", triggerOverdueMonths: 2, covers: "principal" },
  },
];
