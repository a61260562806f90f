import type { CampaignStatus } from "../campaign";
import { isActiveOrg, isOrgKind, isPlatformAdmin, type Actor, type Rule } from "./types";

/**
 * A campaign as the policy sees it, with the viewer's relation to it resolved by the service
 * (the actor carries no park): whether the viewer's organisation is in one of the campaign's parks
 * and whether it is on the whitelist.
 */
export type CampaignRef = {
  status: CampaignStatus;
  parkIds: string[];
  bankOrgIds: string[];
  viewerParkId: string | null;
  viewerEnrolled: boolean;
};

const adminOnly: Rule = (a) => (isPlatformAdmin(a) ? true : "forbidden");
const visibleToOthers = (s: CampaignStatus) => s === "active" || s === "closed";
const isParticipatingBank = (a: Actor, c: CampaignRef) => isOrgKind(a, "bank") && a.type !== "system" && c.bankOrgIds.includes(a.orgId);
const isParkEnterprise = (a: Actor, c: CampaignRef) =>
  isOrgKind(a, "enterprise") && (c.viewerEnrolled || (!!c.viewerParkId && c.parkIds.includes(c.viewerParkId)));

export const campaignRules = {
  "campaign.manage": adminOnly,
  "campaign.dashboard": adminOnly,
  /**
   * Admins see every campaign; a participating bank and the park's (or whitelisted) enterprises see
   * it once launched. Anyone else gets a 404: a campaign's existence is not public.
   */
  "campaign.view": ((a, c: CampaignRef) => {
    if (isPlatformAdmin(a)) return true;
    if (!isActiveOrg(a) || !visibleToOthers(c.status)) return "not-found";
    return isParticipatingBank(a, c) || isParkEnterprise(a, c) ? true : "not-found";
  }) as Rule<CampaignRef>,
  /**
   * The whitelist with every enterprise's financing need: admins and the campaign's own banks only.
   * A bank outside the campaign must not learn the needs (nor that the campaign exists).
   */
  "campaign.view-needs": ((a, c: CampaignRef) => {
    if (isPlatformAdmin(a)) return true;
    if (!isActiveOrg(a) || !visibleToOthers(c.status)) return "not-found";
    if (isParticipatingBank(a, c)) return true;
    return isParkEnterprise(a, c) ? "forbidden" : "not-found";
  }) as Rule<CampaignRef>,
  /** Applying within a campaign: an enterprise of the park (or on the whitelist) while it runs. */
  "campaign.apply": ((a, c: CampaignRef) => {
    if (!isActiveOrg(a) || !isOrgKind(a, "enterprise")) return isPlatformAdmin(a) ? "forbidden" : "not-found";
    if (!isParkEnterprise(a, c) || !visibleToOthers(c.status)) return "not-found";
    return c.status === "active" ? true : "forbidden";
  }) as Rule<CampaignRef>,
} satisfies Record<string, Rule<never>>;
