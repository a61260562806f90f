import type { TransitionTable } from "./state-machine";

/**
 * Someone who signed up with a USCC that is already registered asks to join that organisation;
 * one of its owners accepts (with a role) or declines. A decided request stays decided.
 */
export type JoinRequestStatus = "pending" | "accepted" | "declined";
export type JoinRequestEvent = "approve" | "decline";

export const joinRequestLifecycle: TransitionTable<JoinRequestStatus, JoinRequestEvent> = {
  pending: { approve: "accepted", decline: "declined" },
  accepted: {},
  declined: {},
};

/** The state an event leads to from `pending`: a second click of the same decision finds it there already. */
export const joinRequestOutcome = (event: JoinRequestEvent): JoinRequestStatus => joinRequestLifecycle.pending[event]!;
