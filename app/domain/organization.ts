import type { TransitionTable } from "./state-machine";

export const ORG_KINDS = ["enterprise", "university", "bank", "platform", "insurer", "fund"] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
/**
 * Kinds a visitor may sign up as (an admin verifies each like a bank); platform organisations are
 * created by operators. A fund's administrator signs up as a `fund` organisation, and an admin
 * assigns it the funds it administers.
 */
export const SIGNUP_ORG_KINDS = ["enterprise", "university", "bank", "insurer", "fund"] as const;

export type OrgStatus = "pending" | "verified" | "rejected" | "suspended";
export type OrgEvent = "verify" | "reject" | "suspend" | "reinstate" | "resubmit";

export const orgLifecycle: TransitionTable<OrgStatus, OrgEvent> = {
  pending: { verify: "verified", reject: "rejected" },
  verified: { suspend: "suspended" },
  rejected: { resubmit: "pending" },
  suspended: { reinstate: "verified" },
};
