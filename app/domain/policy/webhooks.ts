import { isActiveOrg, isOrgKind, isOwner, isPlatformAdmin, sameOrg, type Rule } from "./types";

type Owned = { orgId: string };

/** Bank webhooks (endpoints, secrets, the delivery log) and the platform's mail log. */
export const webhookRules = {
  /** A bank's owner in its console, or the bank's own system with its API key. */
  "webhook.manage": ((a) => (isOrgKind(a, "bank") && isActiveOrg(a) && (a.type === "apiKey" || isOwner(a)) ? true : "forbidden")) as Rule,
  /** One endpoint (and its deliveries): its bank's owner or API key, or a platform admin; anyone else never learns it exists. */
  "webhook.endpoint": ((a, r: Owned) => {
    if (isPlatformAdmin(a)) return true;
    if (!sameOrg(a, r.orgId)) return "not-found";
    return isActiveOrg(a) && (a.type === "apiKey" || isOwner(a)) ? true : "forbidden";
  }) as Rule<Owned>,
  "mail.log.read": ((a) => (isPlatformAdmin(a) ? true : "forbidden")) as Rule,
} satisfies Record<string, Rule<never>>;
