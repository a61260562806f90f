import { isActiveOrg, isOrgKind, isPlatformAdmin, sameOrg, type Actor, type Rule } from "./types";

/**
 * A valuation as the policy sees it. `bankOrgIds` are the banks the owner has applied to with these
 * assets (resolved by the service that loads the valuation; financing fills it in).
 */
export type ValuationRef = { orgId: string; bankOrgIds?: readonly string[] };

/**
 * A bank may read (and download) a valuation when the owner applied to it with the valued assets.
 * Financing owns this rule: the loader resolves `bankOrgIds` from the owner's pledge applications.
 */
export function bankMayReadValuation(a: Actor, v: ValuationRef): boolean {
  return a.type !== "system" && isOrgKind(a, "bank") && isActiveOrg(a) && !!v.bankOrgIds?.includes(a.orgId);
}

const ownerOrAdmin = (a: Actor, v: ValuationRef) => (sameOrg(a, v.orgId) && isActiveOrg(a)) || isPlatformAdmin(a);

export const valuationRules = {
  /** Enterprises and universities value their own assets (ownership of each asset is checked by the service); admins any. */
  "valuation.request": ((a) => (isPlatformAdmin(a) || (isActiveOrg(a) && isOrgKind(a, "enterprise", "university")) ? true : "forbidden")) as Rule,
  /** Someone else's valuation stays invisible (404), never "forbidden". */
  "valuation.view": ((a, v: ValuationRef) => (ownerOrAdmin(a, v) || bankMayReadValuation(a, v) ? true : "not-found")) as Rule<ValuationRef>,
  "valuation.download": ((a, v: ValuationRef) => (ownerOrAdmin(a, v) || bankMayReadValuation(a, v) ? true : "not-found")) as Rule<ValuationRef>,
  /** Retrying a failed run or re-valuing an expired one: the owner or an admin. */
  "valuation.retry": ((a, v: ValuationRef) => (ownerOrAdmin(a, v) ? true : bankMayReadValuation(a, v) ? "forbidden" : "not-found")) as Rule<ValuationRef>,
} satisfies Record<string, Rule<never>>;
