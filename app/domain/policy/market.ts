import { isActiveOrg, isOrgKind, isPlatformAdmin, sameOrg, type Actor, type Decision, type Rule } from "./types";

type AssetRef = { ownerOrgId: string };
export type ListingRef = { status: string; sellerOrgId: string; disposingOrgId: string | null };
type DealRef = { buyerOrgId: string; sellerOrgId: string };

/** The organisation that runs a listing: the owner, or the bank disposing of the asset for it. */
export const listingManager = (l: ListingRef) => l.disposingOrgId ?? l.sellerOrgId;
const manages = (a: Actor, l: ListingRef) => sameOrg(a, listingManager(l));
const isParty = (a: Actor, d: DealRef) => sameOrg(a, d.buyerOrgId) || sameOrg(a, d.sellerOrgId);
const admin = (a: Actor): Decision => (isPlatformAdmin(a) ? true : "forbidden");
/** Admins may look but not act for an organisation; everyone else must not learn that the object exists. */
const ownOrHidden = (a: Actor, own: boolean): Decision => (own ? (isActiveOrg(a) ? true : "forbidden") : isPlatformAdmin(a) ? "forbidden" : "not-found");

/** Anonymous visitors (no actor) see published listings only. */
export function canViewListing(a: Actor | null, l: ListingRef): boolean {
  if (l.status === "published") return true;
  if (!a) return false;
  return manages(a, l) || sameOrg(a, l.sellerOrgId) || isPlatformAdmin(a);
}

const holdsIp = (a: Actor) => isActiveOrg(a) && isOrgKind(a, "enterprise", "university");

export const marketRules = {
  "asset.create": ((a) => (holdsIp(a) ? true : "forbidden")) as Rule,
  "asset.view": ((a, r: AssetRef) => (sameOrg(a, r.ownerOrgId) || isPlatformAdmin(a) ? true : "not-found")) as Rule<AssetRef>,
  "asset.edit": ((a, r: AssetRef) => ownOrHidden(a, sameOrg(a, r.ownerOrgId))) as Rule<AssetRef>,
  "listing.create": ((a) => (holdsIp(a) ? true : "forbidden")) as Rule,
  /** A bank lists defaulted collateral pledged to it (the service checks the pledge). */
  "listing.dispose": ((a) => (isActiveOrg(a) && isOrgKind(a, "bank") ? true : "forbidden")) as Rule,
  "listing.view": ((a, l: ListingRef) => (canViewListing(a, l) ? true : "not-found")) as Rule<ListingRef>,
  "listing.manage": ((a, l: ListingRef) => ownOrHidden(a, manages(a, l))) as Rule<ListingRef>,
  "listing.review": ((a) => admin(a)) as Rule,
  /** Enterprises and universities buy; nobody buys from itself. */
  "deal.offer": ((a, l: ListingRef) => {
    if (!canViewListing(a, l)) return "not-found";
    return holdsIp(a) && !manages(a, l) && !sameOrg(a, l.sellerOrgId) ? true : "forbidden";
  }) as Rule<ListingRef>,
  "deal.view": ((a, d: DealRef) => (isParty(a, d) || isPlatformAdmin(a) ? true : "not-found")) as Rule<DealRef>,
  "deal.act": ((a, d: DealRef) => ownOrHidden(a, isParty(a, d))) as Rule<DealRef>,
  "deal.approve": ((a) => admin(a)) as Rule,
  "payment.confirm": ((a) => admin(a)) as Rule,
  /** A saved search is its user's alone: anyone else (admins too) does not learn it exists. */
  "savedSearch.manage": ((a, s: { userId: string }) => (a.type === "user" && a.userId === s.userId ? true : "not-found")) as Rule<{ userId: string }>,
  "market.trade": ((a) => (isActiveOrg(a) && isOrgKind(a, "enterprise", "university", "bank") ? true : "forbidden")) as Rule,
} satisfies Record<string, Rule<never>>;
