import type { TransitionTable } from "./state-machine";

/** A user account is active or suspended by an admin; suspension ends every session at once. */
export type UserAccountStatus = "active" | "suspended";
export type UserAccountEvent = "suspend" | "reinstate";

export const userAccountLifecycle: TransitionTable<UserAccountStatus, UserAccountEvent> = {
  active: { suspend: "suspended" },
  suspended: { reinstate: "active" },
};

export const userAccountStatus = (suspendedAt: Date | string | null | undefined): UserAccountStatus => (suspendedAt ? "suspended" : "active");
