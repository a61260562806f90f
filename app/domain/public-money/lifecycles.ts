import type { TransitionTable } from "../state-machine";

/** The lifecycles of public money: one table each; services move statuses only through these. */

/** A subsidy application: applied in one step, approved in full or in part (with a reason) or rejected, then paid. */
export const SUBSIDY_APPLICATION_STATUSES = ["submitted", "approved", "rejected", "paid", "withdrawn"] as const;
export type SubsidyApplicationStatus = (typeof SUBSIDY_APPLICATION_STATUSES)[number];
export type SubsidyApplicationEvent = "approve" | "reject" | "pay" | "withdraw";
export const subsidyApplicationLifecycle: TransitionTable<SubsidyApplicationStatus, SubsidyApplicationEvent> = {
  submitted: { approve: "approved", reject: "rejected", withdraw: "withdrawn" },
  approved: { pay: "paid" },
  rejected: {},
  paid: {},
  withdrawn: {},
};
/** Applications that hold the programme's door shut for a second one by the same enterprise. */
export const LIVE_SUBSIDY_STATUSES = ["submitted", "approved", "paid"] as const;

export const PROGRAMME_STATUSES = ["draft", "open", "closed"] as const;
export type ProgrammeStatus = (typeof PROGRAMME_STATUSES)[number];
export const programmeLifecycle: TransitionTable<ProgrammeStatus, "open" | "close" | "reopen"> = {
  draft: { open: "open" },
  open: { close: "closed" },
  closed: { reopen: "open" },
};

/** A claim on a fund or an insurer: filed by the bank; the payer pays (possibly less, with a reason) or rejects. */
export const CLAIM_STATUSES = ["filed", "paid", "rejected", "withdrawn"] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export type ClaimEvent = "pay" | "reject" | "withdraw";
export const claimLifecycle: TransitionTable<ClaimStatus, ClaimEvent> = {
  filed: { pay: "paid", reject: "rejected", withdraw: "withdrawn" },
  paid: {},
  rejected: {},
  withdrawn: {},
};
export const LIVE_CLAIM_STATUSES = ["filed", "paid"] as const;

/** An insurance policy: requested for a loan or deal, issued (attached) by the insurer or declined; ends by expiry or cancellation. */
export const POLICY_STATUSES = ["requested", "active", "declined", "expired", "cancelled", "withdrawn"] as const;
export type PolicyStatus = (typeof POLICY_STATUSES)[number];
export type PolicyEvent = "issue" | "decline" | "withdraw" | "expire" | "cancel";
export const policyLifecycle: TransitionTable<PolicyStatus, PolicyEvent> = {
  requested: { issue: "active", decline: "declined", withdraw: "withdrawn" },
  active: { expire: "expired", cancel: "cancelled" },
  declined: {},
  expired: {},
  cancelled: {},
  withdrawn: {},
};
export const LIVE_POLICY_STATUSES = ["requested", "active"] as const;

export const PRODUCT_STATUSES = ["active", "paused"] as const;
export type InsuranceProductStatus = (typeof PRODUCT_STATUSES)[number];

/** A royalty receivable: collected until fully paid (or the licence ends early). */
export const RECEIVABLE_STATUSES = ["active", "settled", "cancelled"] as const;
export type ReceivableStatus = (typeof RECEIVABLE_STATUSES)[number];
export const receivableLifecycle: TransitionTable<ReceivableStatus, "settle" | "cancel"> = {
  active: { settle: "settled", cancel: "cancelled" },
  settled: {},
  cancelled: {},
};

/** A receivable's pledge: pending while the registration is filed, active once registered, released when the debt ends. */
export const RECEIVABLE_PLEDGE_STATUSES = ["pending", "active", "released", "cancelled"] as const;
export type ReceivablePledgeStatus = (typeof RECEIVABLE_PLEDGE_STATUSES)[number];
export const receivablePledgeLifecycle: TransitionTable<ReceivablePledgeStatus, "register" | "release" | "cancel"> = {
  pending: { register: "active", cancel: "cancelled" },
  active: { release: "released" },
  released: {},
  cancelled: {},
};
