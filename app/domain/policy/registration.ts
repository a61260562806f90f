import { isActiveOrg, isOrgKind, isPlatformAdmin, sameOrg, type Actor, type Decision, type Rule } from "./types";

/**
 * The registration pack: only its two parties (the pledgor enterprise and the pledgee bank) and
 * platform admins see it; anyone else gets "not-found". A signature is a person's act: users of the
 * two parties, never an API key and never an admin. Filing with CNIPA, its correction notices and
 * its decision are recorded by the pledgee bank (which files online under the 2024 paperless
 * notice) or by a platform admin at the park's registration window.
 */
export type PackRef = { enterpriseOrgId: string; bankOrgId: string };

const pledgor = (a: Actor, r: PackRef) => isActiveOrg(a) && isOrgKind(a, "enterprise") && sameOrg(a, r.enterpriseOrgId);
const pledgee = (a: Actor, r: PackRef) => isActiveOrg(a) && isOrgKind(a, "bank") && sameOrg(a, r.bankOrgId);
const visible = (a: Actor, r: PackRef) => isPlatformAdmin(a) || pledgor(a, r) || pledgee(a, r);
const seeOr = (a: Actor, r: PackRef, allowed: boolean): Decision => (allowed ? true : visible(a, r) ? "forbidden" : "not-found");

export const registrationRules = {
  "registration.pack.view": ((a, r: PackRef) => (visible(a, r) ? true : "not-found")) as Rule<PackRef>,
  /** Preparing (or withdrawing) a pack: either party's users, or an admin. */
  "registration.pack.prepare": ((a, r: PackRef) => seeOr(a, r, a.type === "user" && visible(a, r))) as Rule<PackRef>,
  "registration.pack.sign": ((a, r: PackRef) => seeOr(a, r, a.type === "user" && (pledgor(a, r) || pledgee(a, r)))) as Rule<PackRef>,
  "registration.pack.cnipa": ((a, r: PackRef) => seeOr(a, r, isPlatformAdmin(a) || pledgee(a, r))) as Rule<PackRef>,
} satisfies Record<string, Rule<never>>;

/** The party an actor signs as, if any. */
export function partyOf(a: Actor, r: PackRef): "pledgor" | "pledgee" | null {
  if (pledgor(a, r)) return "pledgor";
  if (pledgee(a, r)) return "pledgee";
  return null;
}
