import { describe, expect, it } from "vitest";
import { decide, type Actor } from "./index";

type Kind = Extract<Actor, { type: "user" }>["orgKind"];
const user = (orgId: string, orgKind: Kind, orgStatus: "verified" | "pending" | "suspended" = "verified"): Actor =>
  ({ type: "user", userId: `u-${orgId}`, orgId, orgKind, orgStatus, role: "owner" });
const key = (orgId: string): Actor => ({ type: "apiKey", keyId: `k-${orgId}`, orgId, orgKind: "bank", orgStatus: "verified" });
const admin = user("admin", "platform");
const insurer = user("ins", "insurer");
const otherInsurer = user("ins2", "insurer");
const fundAdmin = user("fundOrg", "fund");
const otherFund = user("fundOrg2", "fund");
const bank = user("bank", "bank");
const otherBank = user("bank2", "bank");
const ent = user("ent", "enterprise");

const fundClaim = { bankOrgId: "bank", enterpriseOrgId: "ent", payerOrgId: "fundOrg", payerKind: "fund" as const };
const insurerClaim = { ...fundClaim, payerOrgId: "ins", payerKind: "insurer" as const };
const policy = { insurerOrgId: "ins", insuredOrgId: "ent", beneficiaryOrgId: "bank" };

describe("insurer policy", () => {
  it("lets an insurer see and issue its own policies, and hides other insurers' (404)", () => {
    expect(decide(insurer, "insurance.policy.view", policy)).toBe(true);
    expect(decide(insurer, "insurance.policy.issue", policy)).toBe(true);
    expect(decide(otherInsurer, "insurance.policy.view", policy)).toBe("not-found");
    expect(decide(otherInsurer, "insurance.policy.issue", policy)).toBe("not-found");
  });
  it("shows a policy to the insured and the beneficiary bank, who may not issue it", () => {
    expect(decide(ent, "insurance.policy.view", policy)).toBe(true);
    expect(decide(bank, "insurance.policy.issue", policy)).toBe("forbidden");
    expect(decide(otherBank, "insurance.policy.view", policy)).toBe("not-found");
  });
  it("keeps an unverified insurer out, and products to the insurer that owns them", () => {
    expect(decide(user("ins", "insurer", "pending"), "insurance.policy.view", policy)).toBe("not-found");
    expect(decide(user("ins", "insurer", "pending"), "insurance.queue")).toBe("forbidden");
    expect(decide(insurer, "insurance.product.manage", { insurerOrgId: "ins" })).toBe(true);
    expect(decide(otherInsurer, "insurance.product.manage", { insurerOrgId: "ins" })).toBe("not-found");
    expect(decide(bank, "insurance.product.manage")).toBe("forbidden");
  });
  it("lets an insurer pay a claim on its own policy only, and see a loan's ledger only through cover on it", () => {
    expect(decide(insurer, "claim.decide", insurerClaim)).toBe(true);
    expect(decide(insurer, "claim.view", fundClaim)).toBe("not-found");
    expect(decide(insurer, "loan.ledger.view", { bankOrgId: "bank", enterpriseOrgId: "ent", payerOrgIds: ["ins"] })).toBe(true);
    expect(decide(otherInsurer, "loan.ledger.view", { bankOrgId: "bank", enterpriseOrgId: "ent", payerOrgIds: ["ins"] })).toBe("not-found");
  });
});

describe("fund administrator policy", () => {
  it("scopes a fund administrator to its own fund", () => {
    expect(decide(fundAdmin, "fund.view", { adminOrgId: "fundOrg" })).toBe(true);
    expect(decide(otherFund, "fund.view", { adminOrgId: "fundOrg" })).toBe("not-found");
    expect(decide(fundAdmin, "claim.decide", fundClaim)).toBe(true);
    expect(decide(otherFund, "claim.decide", fundClaim)).toBe("not-found");
    expect(decide(otherFund, "claim.view", fundClaim)).toBe("not-found");
  });
  it("lets the lending bank file and see its claim but not pay it; another bank sees nothing", () => {
    expect(decide(bank, "claim.file", { bankOrgId: "bank", enterpriseOrgId: "ent" })).toBe(true);
    expect(decide(key("bank"), "claim.file", { bankOrgId: "bank", enterpriseOrgId: "ent" })).toBe(true);
    expect(decide(key("bank2"), "claim.file", { bankOrgId: "bank", enterpriseOrgId: "ent" })).toBe("not-found");
    expect(decide(bank, "claim.decide", fundClaim)).toBe("forbidden");
    expect(decide(otherBank, "claim.view", fundClaim)).toBe("not-found");
  });
  it("lets admins look at claims but never pay them", () => {
    expect(decide(admin, "claim.view", fundClaim)).toBe(true);
    expect(decide(admin, "claim.decide", fundClaim)).toBe("forbidden");
    expect(decide(admin, "fund.manage")).toBe(true);
    expect(decide(fundAdmin, "fund.manage")).toBe("forbidden");
  });
});

describe("subsidy and receivable policy", () => {
  it("lets a verified enterprise apply and see only its own applications; admins decide", () => {
    expect(decide(ent, "subsidy.apply")).toBe(true);
    expect(decide(bank, "subsidy.apply")).toBe("forbidden");
    expect(decide(user("ent2", "enterprise"), "subsidy.application.view", { enterpriseOrgId: "ent" })).toBe("not-found");
    expect(decide(admin, "subsidy.application.decide")).toBe(true);
    expect(decide(ent, "subsidy.application.decide")).toBe("forbidden");
    expect(decide(fundAdmin, "subsidy.programme.manage")).toBe("forbidden");
  });
  it("shows a receivable to its parties and its pledgee bank; only the licensor records receipts", () => {
    const r = { licensorOrgId: "ent", licenseeOrgId: "lic", pledgeeOrgIds: ["bank"] };
    expect(decide(bank, "receivable.view", r)).toBe(true);
    expect(decide(otherBank, "receivable.view", r)).toBe("not-found");
    expect(decide(ent, "receivable.record-receipt", r)).toBe(true);
    expect(decide(user("lic", "enterprise"), "receivable.record-receipt", r)).toBe("forbidden");
    expect(decide(user("lic", "enterprise"), "receivable.pay", r)).toBe(true);
    expect(decide(bank, "receivable.registry", r)).toBe(true);
    expect(decide(ent, "receivable.registry", r)).toBe("forbidden");
  });
});
