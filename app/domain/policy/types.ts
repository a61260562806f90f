import type { OrgKind, OrgStatus } from "../organization";

/** Who is acting: a signed-in user, a bank's API key, or the system (jobs). */
export type Actor =
  | {
      type: "user";
      userId: string;
      orgId: string;
      orgKind: OrgKind;
      orgStatus: OrgStatus;
      role: "owner" | "member";
      ip?: string | null;
    }
  | { type: "apiKey"; keyId: string; orgId: string; orgKind: "bank"; orgStatus: OrgStatus; ip?: string | null }
  | { type: "system"; job: string };

export type UserActor = Extract<Actor, { type: "user" }>;

export const isPlatformAdmin = (a: Actor) => a.type === "user" && a.orgKind === "platform" && a.orgStatus === "verified";
/** Business actions need a verified organisation (platform admins are verified by seeding). */
export const isActiveOrg = (a: Actor) => a.type !== "system" && a.orgStatus === "verified";
export const isOrgKind = (a: Actor, ...kinds: OrgKind[]) => a.type !== "system" && kinds.includes(a.orgKind);
export const sameOrg = (a: Actor, orgId: string | null | undefined) => a.type !== "system" && !!orgId && a.orgId === orgId;
export const isOwner = (a: Actor) => a.type === "user" && a.role === "owner";

/**
 * A rule answers whether the actor may act; `"not-found"` means the object must stay invisible
 * (a foreign object answers 404, never 403, so its existence does not leak).
 */
export type Decision = true | "forbidden" | "not-found";
export type Rule<R = unknown> = (actor: Actor, resource: R) => Decision;
