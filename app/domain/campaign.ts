import type { TransitionTable } from "./state-machine";

/**
 * A 入园惠企 campaign: prepared as a draft (parks, banks, whitelist), launched to the park's
 * enterprises and the participating banks, closed at the end of its period (reopened if extended).
 */
export const CAMPAIGN_STATUSES = ["draft", "active", "closed", "cancelled"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export type CampaignEvent = "launch" | "close" | "reopen" | "cancel";

export const campaignLifecycle: TransitionTable<CampaignStatus, CampaignEvent> = {
  draft: { launch: "active", cancel: "cancelled" },
  active: { close: "closed", cancel: "cancelled" },
  closed: { reopen: "active" },
  cancelled: {},
};

/** Campaigns that enterprises and banks can see and act in. */
export const isCampaignOpen = (s: CampaignStatus) => s === "active";
/** Whitelists may be edited until the campaign ends. */
export const isCampaignEditable = (s: CampaignStatus) => s === "draft" || s === "active";

/**
 * A whitelist import: uploaded and checked (preview with row errors), then committed in one
 * transaction or discarded. Committing twice is refused by this table.
 */
export type WhitelistImportStatus = "previewed" | "committed" | "discarded";
export type WhitelistImportEvent = "commit" | "discard";

export const whitelistImportLifecycle: TransitionTable<WhitelistImportStatus, WhitelistImportEvent> = {
  previewed: { commit: "committed", discard: "discarded" },
  committed: {},
  discarded: {},
};
