import { and, asc, desc, eq, inArray, ne, or, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { dealOffers, deals, ipAssets, licences, listings, organizations, payments } from "#db/schema/index";
import { partyEvents, platformFee, type Side } from "#app/domain/market/deal";
import { isPlatformAdmin, type Actor, type UserActor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { env, stripeEnabled } from "#app/utils/env.server";
import { loadListing } from "./market-shared.server";
import { loadDeal, sideOf } from "./deals-shared.server";
import { unreadByDeal } from "./deal-threads.server";

/** Deals and licences as their parties and the admins read them. */

const dealColumns = {
  id: deals.id, status: deals.status, mode: deals.mode, priceFen: deals.priceFen, royaltyBp: deals.royaltyBp, termMonths: deals.termMonths,
  openLicence: deals.openLicence, lastOfferBy: deals.lastOfferBy, updatedAt: deals.updatedAt, listingId: deals.listingId, title: listings.title,
  buyerOrgId: deals.buyerOrgId, sellerOrgId: deals.sellerOrgId,
};

/** The organisation's deals as buyer ("outgoing") and as seller ("incoming"). */
export async function listMyDeals(actor: UserActor) {
  requireCan(actor, "market.trade");
  const db = await getDb();
  const rows = await db.select({ ...dealColumns, buyer: organizations.name })
    .from(deals).innerJoin(listings, eq(listings.id, deals.listingId)).innerJoin(organizations, eq(organizations.id, deals.buyerOrgId))
    .where(or(eq(deals.buyerOrgId, actor.orgId), eq(deals.sellerOrgId, actor.orgId)))
    .orderBy(desc(deals.updatedAt)).limit(300);
  const unread = await unreadByDeal(actor, rows.map((r) => r.id));
  const withUnread = rows.map((r) => ({ ...r, unread: unread.get(r.id) ?? 0 }));
  return {
    incoming: withUnread.filter((r) => r.sellerOrgId === actor.orgId),
    outgoing: withUnread.filter((r) => r.buyerOrgId === actor.orgId),
  };
}

/** One deal for its parties and admins: terms, history, payments and what the viewer may do. */
export async function getDeal(actor: Actor, dealId: string) {
  const db = await getDb();
  const d = await loadDeal(db, dealId);
  requireCan(actor, "deal.view", d);
  const [l, history, pays, orgs, lic, unread] = await Promise.all([
    loadListing(db, d.listingId),
    db.select().from(dealOffers).where(eq(dealOffers.dealId, d.id)).orderBy(asc(dealOffers.createdAt)),
    db.select({ id: payments.id, provider: payments.provider, status: payments.status, amountFen: payments.amountFen, feeFen: payments.feeFen, totalFen: payments.totalFen, reference: payments.reference, confirmedAt: payments.confirmedAt, createdAt: payments.createdAt, checkoutUrl: payments.checkoutUrl })
      .from(payments).where(eq(payments.dealId, d.id)).orderBy(asc(payments.createdAt)),
    db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, [d.buyerOrgId, d.sellerOrgId])),
    db.select({ id: licences.id, kind: licences.kind, period: licences.period, assetId: licences.assetId }).from(licences).where(eq(licences.dealId, d.id)),
    unreadByDeal(actor, [d.id]),
  ]);
  const side: Side | null = actor.type !== "system" && (actor.orgId === d.buyerOrgId || actor.orgId === d.sellerOrgId) ? sideOf(actor, d) : null;
  const fee = platformFee(d.priceFen, env.PLATFORM_FEE_BPS);
  return {
    deal: d,
    listing: { id: l.id, title: l.title, titleEn: l.titleEn, mode: l.mode, status: l.status },
    buyer: orgs.find((o) => o.id === d.buyerOrgId)?.name ?? "",
    seller: orgs.find((o) => o.id === d.sellerOrgId)?.name ?? "",
    history, payments: pays, licences: lic, side, unreadMessages: unread.get(d.id) ?? 0,
    events: side ? partyEvents(d, side) : [],
    canPay: side === "buyer" && d.status === "approved",
    isAdmin: isPlatformAdmin(actor),
    feeFen: fee, totalFen: d.priceFen + fee, feeBps: env.PLATFORM_FEE_BPS,
  };
}

/** Admin queues: deals awaiting approval, and approved deals awaiting an offline payment. */
export async function listDealQueues(actor: Actor) {
  requireCan(actor, "deal.approve");
  const db = await getDb();
  const buyer = sql<string>`(select name from organizations where id = ${deals.buyerOrgId})`;
  const seller = sql<string>`(select name from organizations where id = ${deals.sellerOrgId})`;
  const cols = { ...dealColumns, buyer, seller, acceptedAt: deals.acceptedAt };
  const [approval, awaitingPayment, paid] = await Promise.all([
    db.select(cols).from(deals).innerJoin(listings, eq(listings.id, deals.listingId)).where(eq(deals.status, "pending_approval")).orderBy(asc(deals.acceptedAt)).limit(200),
    db.select({ ...cols, reference: sql<string | null>`(select reference from payments p where p.deal_id = ${deals.id} and p.provider = 'offline' and p.status = 'pending' limit 1)` })
      .from(deals).innerJoin(listings, eq(listings.id, deals.listingId))
      .where(and(eq(deals.status, "approved"), ne(deals.priceFen, 0n))).orderBy(asc(deals.updatedAt)).limit(200),
    db.select(cols).from(deals).innerJoin(listings, eq(listings.id, deals.listingId)).where(eq(deals.status, "paid")).limit(100),
  ]);
  return { approval, awaitingPayment: stripeEnabled() ? [] : awaitingPayment, paid, feeBps: env.PLATFORM_FEE_BPS };
}

/** Licences the organisation holds (as licensee) and has granted (as licensor). */
export async function listMyLicences(actor: UserActor) {
  requireCan(actor, "market.trade");
  const db = await getDb();
  const licensor = sql<string>`(select name from organizations where id = ${licences.licensorOrgId})`;
  const licensee = sql<string>`(select name from organizations where id = ${licences.licenseeOrgId})`;
  const cols = {
    id: licences.id, kind: licences.kind, period: licences.period, feeFen: licences.feeFen, royaltyBp: licences.royaltyBp, territory: licences.territory,
    dealId: licences.dealId, createdAt: licences.createdAt, assetTitle: ipAssets.title, assetNumber: ipAssets.number, licensor, licensee,
  };
  const [held, granted] = await Promise.all([
    db.select(cols).from(licences).innerJoin(ipAssets, eq(ipAssets.id, licences.assetId)).where(eq(licences.licenseeOrgId, actor.orgId)).orderBy(desc(licences.createdAt)).limit(300),
    db.select(cols).from(licences).innerJoin(ipAssets, eq(ipAssets.id, licences.assetId)).where(eq(licences.licensorOrgId, actor.orgId)).orderBy(desc(licences.createdAt)).limit(300),
  ]);
  return { held, granted };
}
