import { describe, expect, it } from "vitest";
import type { CampaignStatus } from "../campaign";
import { decide, type Actor } from "./index";
import type { CampaignRef } from "./campaigns";

const user = (orgKind: Extract<Actor, { type: "user" }>["orgKind"], orgId: string, orgStatus: "verified" | "pending" | "suspended" = "verified"): Actor =>
  ({ type: "user", userId: `u-${orgId}`, orgId, orgKind, orgStatus, role: "owner" });
const admin = user("platform", "platform");
const bankIn = user("bank", "bankIn");
const bankOut = user("bank", "bankOut");
const parkFirm = user("enterprise", "firm1");
const otherFirm = user("enterprise", "firm2");

const campaign = (status: CampaignStatus, viewer: { parkId?: string | null; enrolled?: boolean } = {}): CampaignRef => ({
  status, parkIds: ["zhangjiang"], bankOrgIds: ["bankIn"], viewerParkId: viewer.parkId ?? null, viewerEnrolled: viewer.enrolled ?? false,
});

describe("who sees a campaign's enterprise needs", () => {
  it("lets the admin and the campaign's own bank see the whitelist with the needs", () => {
    expect(decide(admin, "campaign.view-needs", campaign("active"))).toBe(true);
    expect(decide(bankIn, "campaign.view-needs", campaign("active"))).toBe(true);
  });
  it("hides the needs (and the campaign) from a bank outside the campaign", () => {
    expect(decide(bankOut, "campaign.view-needs", campaign("active"))).toBe("not-found");
    expect(decide(bankOut, "campaign.view", campaign("active"))).toBe("not-found");
  });
  it("does not show other enterprises' needs to an enterprise of the park", () => {
    expect(decide(parkFirm, "campaign.view-needs", campaign("active", { parkId: "zhangjiang" }))).toBe("forbidden");
  });
  it("shows nothing of a draft campaign to its own bank yet", () => {
    expect(decide(bankIn, "campaign.view-needs", campaign("draft"))).toBe("not-found");
  });
  it("hides a participating bank's view once its organisation is suspended", () => {
    expect(decide(user("bank", "bankIn", "suspended"), "campaign.view-needs", campaign("active"))).toBe("not-found");
  });
});

describe("who sees and applies within a campaign", () => {
  it("shows a launched campaign to the park's enterprises and to whitelisted ones from elsewhere", () => {
    expect(decide(parkFirm, "campaign.view", campaign("active", { parkId: "zhangjiang" }))).toBe(true);
    expect(decide(otherFirm, "campaign.view", campaign("active", { parkId: "caohejing", enrolled: true }))).toBe(true);
    expect(decide(otherFirm, "campaign.view", campaign("active", { parkId: "caohejing" }))).toBe("not-found");
  });
  it("lets a park enterprise apply only while the campaign runs", () => {
    expect(decide(parkFirm, "campaign.apply", campaign("active", { parkId: "zhangjiang" }))).toBe(true);
    expect(decide(parkFirm, "campaign.apply", campaign("closed", { parkId: "zhangjiang" }))).toBe("forbidden");
    expect(decide(parkFirm, "campaign.apply", campaign("draft", { parkId: "zhangjiang" }))).toBe("not-found");
    expect(decide(otherFirm, "campaign.apply", campaign("active", { parkId: "caohejing" }))).toBe("not-found");
  });
  it("keeps campaign management and dashboards to admins", () => {
    for (const a of [bankIn, parkFirm]) {
      expect(decide(a, "campaign.manage")).toBe("forbidden");
      expect(decide(a, "campaign.dashboard")).toBe("forbidden");
    }
    expect(decide(admin, "campaign.manage")).toBe(true);
  });
});
