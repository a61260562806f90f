import type { TransitionTable } from "./state-machine";

export const ORG_KINDS = ["enterprise", "university", "bank", "platform"] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
/** Kinds a visitor may sign up as; platform organisations are created by operators. */
export const SIGNUP_ORG_KINDS = ["enterprise", "university", "bank"] as const;

export type OrgStatus = "pending" | "verified" | "rejected" | "suspended";
export type OrgEvent = "verify" | "reject" | "suspend" | "reinstate" | "resubmit";

export const orgLifecycle: TransitionTable<OrgStatus, OrgEvent> = {
  pending: { verify: "verified", reject: "rejected" },
  verified: { suspend: "suspended" },
  rejected: { resubmit: "pending" },
  suspended: { reinstate: "verified" },
};
