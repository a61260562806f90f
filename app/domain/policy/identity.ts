import { isActiveOrg, isOwner, isPlatformAdmin, sameOrg, type Rule } from "./types";

type OrgRef = { id: string };

export const identityRules = {
  /** Seeing one's own organisation's status is allowed even while pending or rejected. */
  "org.view-own-status": ((a, org: OrgRef) => (sameOrg(a, org.id) || isPlatformAdmin(a) ? true : "not-found")) as Rule<OrgRef>,
  "org.verify": ((a) => (isPlatformAdmin(a) ? true : "forbidden")) as Rule,
  "org.suspend": ((a) => (isPlatformAdmin(a) ? true : "forbidden")) as Rule,
  "admin.console": ((a) => (isPlatformAdmin(a) ? true : "forbidden")) as Rule,
  "audit.read": ((a) => (isPlatformAdmin(a) ? true : "forbidden")) as Rule,
  "apiKey.manage": ((a) => (a.type === "user" && a.orgKind === "bank" && isActiveOrg(a) && isOwner(a) ? true : "forbidden")) as Rule,
  /** An owner lets someone into their own organisation (or not), verified or still pending; others' requests are not found. */
  "org.join-decide": ((a, org: OrgRef) => (!sameOrg(a, org.id) ? "not-found" : isOwner(a) ? true : "forbidden")) as Rule<OrgRef>,
  /** Any page of the business needs a verified organisation. */
  "business.use": ((a) => (isActiveOrg(a) ? true : "forbidden")) as Rule,
} satisfies Record<string, Rule<never>>;
