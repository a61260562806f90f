import { and, desc, eq, inArray } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { auctionBids, auctions, organizations } from "#db/schema/index";
import { isBiddable, minimumBid } from "#app/domain/market/auction";
import { canViewListing, listingManager } from "#app/domain/policy/market";
import { isPlatformAdmin, sameOrg, type Actor } from "#app/domain/policy/index";
import { ServiceError } from "#app/utils/http.server";
import { isRegistered, loadAuction } from "./auctions.server";
import { loadListing, orgIdOf } from "./market-shared.server";
import { lapsedAward } from "./auction-runner-up.server";

/**
 * What the auction page shows. Ascending: the current price and the bid history (bidders named only
 * to the seller and admins; others see "bidder N"). Sealed: while open, nobody sees another's bid —
 * a bidder sees only its own; once closed, everyone who may see the auction sees all bids.
 */
export async function getAuctionView(actor: Actor | null, auctionId: string) {
  const db = await getDb();
  const a = await loadAuction(db, auctionId);
  const l = await loadListing(db, a.listingId);
  const seller = !!actor && sameOrg(actor, a.sellerOrgId);
  const admin = !!actor && isPlatformAdmin(actor);
  if (!seller && !admin && !canViewListing(actor, l)) throw new ServiceError(404, "errors.notFound");
  const orgId = actor ? orgIdOf(actor) : null;
  const registered = !!orgId && (await isRegistered(db, a.id, orgId));
  const now = new Date();
  const ended = !(a.status === "scheduled" || a.status === "open");
  const hidden = a.kind === "sealed" && !ended;
  const rows = await db.select({ id: auctionBids.id, seq: auctionBids.seq, amountFen: auctionBids.amountFen, bidderOrgId: auctionBids.bidderOrgId, createdAt: auctionBids.createdAt, orgName: organizations.name })
    .from(auctionBids).innerJoin(organizations, eq(organizations.id, auctionBids.bidderOrgId))
    .where(and(eq(auctionBids.auctionId, a.id), hidden && !admin ? (orgId ? eq(auctionBids.bidderOrgId, orgId) : inArray(auctionBids.bidderOrgId, [])) : undefined))
    .orderBy(desc(auctionBids.seq));
  // Bidders are numbered in order of their first bid, so the history reads without naming them.
  const order = new Map<string, number>();
  for (const r of [...rows].reverse()) if (!order.has(r.bidderOrgId)) order.set(r.bidderOrgId, order.size + 1);
  const bids = rows.map((r) => ({
    id: r.id, seq: r.seq, amountFen: r.amountFen, createdAt: r.createdAt, mine: r.bidderOrgId === orgId,
    bidder: seller || admin ? r.orgName : null, bidderNo: order.get(r.bidderOrgId)!,
  }));
  // The seller's choice after the deal fell through: the runner-up (named as in the history) or the end.
  const lapsed = seller || admin ? await lapsedAward(db, a) : null;
  const runnerUp = lapsed?.runnerUp ? { amountFen: lapsed.runnerUp.amountFen, bidder: rows.find((r) => r.id === lapsed.runnerUp!.bidId)?.orgName ?? null } : null;
  return {
    lapsed: lapsed ? { dealId: lapsed.dealId, dealStatus: lapsed.dealStatus, runnerUp } : null,
    auction: {
      id: a.id, kind: a.kind, status: a.status, startsAt: a.startsAt, endsAt: a.endsAt, scheduledEndsAt: a.scheduledEndsAt, extensionMinutes: a.extensionMinutes,
      reservePriceFen: seller || admin ? a.reservePriceFen : null, reserveMet: hidden ? null : a.highestBidFen !== null && a.highestBidFen >= a.reservePriceFen,
      startPriceFen: a.startPriceFen, incrementFen: a.incrementFen, bidCount: a.bidCount,
      currentPriceFen: hidden ? null : a.highestBidFen, minimumBidFen: minimumBid(hidden ? { ...a, highestBidFen: null } : a), dealId: a.dealId,
      biddable: isBiddable(a, now),
    },
    listing: { id: l.id, title: l.title, titleEn: l.titleEn, mode: l.mode, disposal: !!l.disposingOrgId },
    bids, seller, admin, registered,
    wonDealId: a.dealId && orgId && rows.some((r) => r.id === a.winningBidId && r.bidderOrgId === orgId) ? a.dealId : null,
    canRegister: !!actor && !seller && !admin && !registered && (a.status === "scheduled" || a.status === "open") && orgId !== l.sellerOrgId && orgId !== listingManager(l),
  };
}

/** Auctions of one listing, newest first (the listing page links them; its manager creates them). */
export async function auctionsOfListing(listingId: string) {
  const db = await getDb();
  return db.select({ id: auctions.id, kind: auctions.kind, status: auctions.status, endsAt: auctions.endsAt }).from(auctions)
    .where(eq(auctions.listingId, listingId)).orderBy(desc(auctions.createdAt)).limit(20);
}
