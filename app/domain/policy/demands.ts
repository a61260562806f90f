import type { DemandStatus, DemandVisibility } from "../market/demand";
import { isActiveOrg, isOrgKind, isPlatformAdmin, sameOrg, type Actor, type Decision, type Rule } from "./types";

export type DemandRef = { orgId: string; status: DemandStatus; visibility: DemandVisibility };

/**
 * Who reads a demand: its own organisation and platform admins always; once published, a public
 * demand anyone signed in (verified or not — an enterprise's call for technology wants reach), a
 * verified-only one members of verified organisations. Anonymous visitors see none: a demand names
 * its enterprise's problem and budget. Anyone else gets a 404.
 */
export function canViewDemand(a: Actor, d: DemandRef): boolean {
  if (a.type === "system") return true;
  if (sameOrg(a, d.orgId) || isPlatformAdmin(a)) return true;
  if (d.status === "draft") return false;
  return d.visibility === "public" ? a.type === "user" : isActiveOrg(a);
}

const hidden = (a: Actor, d: DemandRef): Decision => (canViewDemand(a, d) ? "forbidden" : "not-found");

export const demandRules = {
  /** Enterprises of verified organisations post demands. */
  "demand.create": ((a) => (isActiveOrg(a) && isOrgKind(a, "enterprise") ? true : "forbidden")) as Rule,
  "demand.view": ((a, d: DemandRef) => (canViewDemand(a, d) ? true : "not-found")) as Rule<DemandRef>,
  /** Edit, publish, close, and mark proposals: the posting organisation only (admins look, never act for it). */
  "demand.manage": ((a, d: DemandRef) => (sameOrg(a, d.orgId) && isActiveOrg(a) ? true : hidden(a, d))) as Rule<DemandRef>,
  /** Owners of technology (verified enterprises and universities) answer others' open demands. */
  "demand.answer": ((a, d: DemandRef) => {
    if (!canViewDemand(a, d)) return "not-found";
    return isActiveOrg(a) && isOrgKind(a, "enterprise", "university") && !sameOrg(a, d.orgId) ? true : "forbidden";
  }) as Rule<DemandRef>,
  /** A campaign runs a demand as a 揭榜 challenge and names its solver: campaigns are the platform's. */
  "demand.challenge": ((a) => (isPlatformAdmin(a) ? true : "forbidden")) as Rule,
} satisfies Record<string, Rule<never>>;
