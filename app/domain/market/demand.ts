import type { TransitionTable } from "../state-machine";

/**
 * A technology demand (技术需求 / 难题) an enterprise posts: draft until published, open while owners
 * may answer, then closed by its enterprise, solved (a challenge's solver was chosen) or expired
 * (its deadline passed). The only table that moves a demand's status.
 */
export const DEMAND_STATUSES = ["draft", "open", "closed", "solved", "expired"] as const;
export type DemandStatus = (typeof DEMAND_STATUSES)[number];
export type DemandEvent = "publish" | "close" | "solve" | "expire";

export const demandLifecycle: TransitionTable<DemandStatus, DemandEvent> = {
  draft: { publish: "open", close: "closed" },
  open: { close: "closed", solve: "solved", expire: "expired" },
  closed: {},
  solved: {},
  expired: {},
};

/** Public: anyone signed in reads it; verified: members of verified organisations only. */
export const DEMAND_VISIBILITIES = ["public", "verified"] as const;
export type DemandVisibility = (typeof DEMAND_VISIBILITIES)[number];

export const PROPOSAL_FEEDBACK = ["useful", "not_useful"] as const;
export type ProposalFeedback = (typeof PROPOSAL_FEEDBACK)[number];

/** Statuses whose content the posting enterprise may still edit. */
export const EDITABLE_DEMAND_STATUSES: readonly DemandStatus[] = ["draft", "open"];

/** A demand's deadline (a Shanghai calendar day) has passed once `today` is after it. */
export const isPastDeadline = (deadline: string | null, today: string) => deadline !== null && deadline < today;
