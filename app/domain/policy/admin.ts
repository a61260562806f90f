import { isPlatformAdmin, type Actor, type Rule } from "./types";

type UserRef = { id: string };
const adminOnly: Rule = (a) => (isPlatformAdmin(a) ? true : "forbidden");

/** The admin console: every page and action is the platform admins' alone. */
export const adminRules = {
  /** An admin may suspend any user but themself (a console with no one left to reinstate). */
  "user.suspend": ((a: Actor, user: UserRef) => {
    if (!isPlatformAdmin(a)) return "forbidden";
    return a.type === "user" && a.userId === user?.id ? "forbidden" : true;
  }) as Rule<UserRef>,
  "user.list": adminOnly,
  "jobs.manage": adminOnly,
  "audit.export": adminOnly,
  "policyTarget.manage": adminOnly,
  "progress.platform": adminOnly,
} satisfies Record<string, Rule<never>>;
