import { describe, expect, it } from "vitest";
import { campaignFit, type CampaignOffer } from "./campaign-fit";

const offers: CampaignOffer[] = [
  { campaignId: "c1", bankOrgId: "bankA", productIds: ["pA1"] },
  { campaignId: "c1", bankOrgId: "bankB", productIds: [] },
  { campaignId: "c2", bankOrgId: "bankC", productIds: ["pC1"] },
];

describe("campaign fit for matching", () => {
  it("scores a product the bank brought to the campaign highest", () => {
    expect(campaignFit({ id: "pA1", bankOrgId: "bankA" }, offers)).toEqual({ score: 1, campaignId: "c1", reason: "campaign.fit.product" });
  });
  it("treats a bank that listed no products as offering all of them", () => {
    expect(campaignFit({ id: "anything", bankOrgId: "bankB" }, offers).score).toBe(1);
  });
  it("gives a participating bank's other product half", () => {
    expect(campaignFit({ id: "pA2", bankOrgId: "bankA" }, offers)).toMatchObject({ score: 0.5, reason: "campaign.fit.bank" });
  });
  it("gives nothing to a bank outside the campaign", () => {
    expect(campaignFit({ id: "pX", bankOrgId: "bankX" }, offers)).toEqual({ score: 0, campaignId: null, reason: "campaign.fit.none" });
  });
  it("only counts the campaign the application was made in, when given", () => {
    expect(campaignFit({ id: "pC1", bankOrgId: "bankC" }, offers, "c1").score).toBe(0);
    expect(campaignFit({ id: "pC1", bankOrgId: "bankC" }, offers, "c2").score).toBe(1);
  });
});
