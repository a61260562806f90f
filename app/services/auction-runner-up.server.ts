import { and, asc, eq, inArray, ne } from "drizzle-orm";
import { getDb, type Executor } from "#db/client.server";
import { auctionAwards, auctionBids, auctions, deals } from "#db/schema/index";
import { auctionLifecycle, awardLapsed, runnerUpBid } from "#app/domain/market/auction";
import { RESERVING_STATUSES } from "#app/domain/market/deal";
import type { Actor } from "#app/domain/policy/index";
import { yuanText } from "#app/domain/money";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { audit } from "./operations.server";
import { loadListing, next, notice } from "./market-shared.server";
import { auctionLink, awardDeal, loadAuction, registrants, type AuctionRow } from "./auctions.server";

/**
 * After the deal a settled auction made falls through before it completes (the admin rejects it, or
 * the buyer cancels it): the seller offers the lot to the runner-up — the next-best bid at or above
 * the reserve from an organisation not yet awarded it — or ends the auction unsold. Each is one
 * transaction under the auction row's lock, audited, and a repeated request changes nothing.
 */

type Awarded = { awards: Array<typeof auctionAwards.$inferSelect>; deal: { id: string; status: string } | null };

async function awardState(exec: Executor, a: AuctionRow): Promise<Awarded> {
  const awards = await exec.select().from(auctionAwards).where(eq(auctionAwards.auctionId, a.id)).orderBy(asc(auctionAwards.rank));
  const [deal] = a.dealId ? await exec.select({ id: deals.id, status: deals.status }).from(deals).where(eq(deals.id, a.dealId)) : [];
  return { awards, deal: deal ?? null };
}

/** What the seller's page shows of a settled auction whose deal fell through: the lapsed deal and the runner-up, if any. */
export async function lapsedAward(exec: Executor, a: AuctionRow) {
  if (a.status !== "settled") return null;
  const { awards, deal } = await awardState(exec, a);
  if (!deal || !awardLapsed(deal.status)) return null;
  const bids = await exec.select().from(auctionBids).where(eq(auctionBids.auctionId, a.id));
  const ru = runnerUpBid(bids, a.reservePriceFen, awards.map((x) => x.orgId));
  return { dealId: deal.id, dealStatus: deal.status, runnerUp: ru ? { bidId: ru.id, orgId: ru.bidderOrgId, amountFen: ru.amountFen } : null };
}

/** The seller's lock and checks shared by both actions. */
async function sellerAuction(tx: Executor, actor: Actor, auctionId: string) {
  const a = await loadAuction(tx, auctionId, { lock: true });
  const l = await loadListing(tx, a.listingId, { lock: true });
  requireCan(actor, "listing.manage", l);
  return { a, l, ...(await awardState(tx, a)) };
}

/** The seller offers the lot to the runner-up, whose bid becomes a deal awaiting the admin's approval. */
export async function offerToRunnerUp(actor: Actor, auctionId: string) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { a, l, awards, deal } = await sellerAuction(tx, actor, auctionId);
    const status = next("auction", auctionLifecycle, a.status, "reoffer");
    if (!deal || !awardLapsed(deal.status)) {
      // A repeated request after the offer was made finds the runner-up's live deal.
      if (deal && awards.length > 1 && awards.at(-1)!.dealId === deal.id) return { dealId: deal.id, rank: awards.length, already: true };
      throw new ServiceError(409, "auction.errors.awardLive");
    }
    if (l.status !== "published") throw new ServiceError(409, "auction.errors.listingUnavailable");
    const [busy] = await tx.select({ id: deals.id }).from(deals)
      .where(and(eq(deals.listingId, l.id), ne(deals.id, deal.id), inArray(deals.status, [...RESERVING_STATUSES]))).limit(1);
    if (busy) throw new ServiceError(409, "auction.errors.listingHasDeal");
    const bids = await tx.select().from(auctionBids).where(eq(auctionBids.auctionId, a.id));
    const ru = runnerUpBid(bids, a.reservePriceFen, awards.map((x) => x.orgId));
    if (!ru) throw new ServiceError(409, "auction.errors.noRunnerUp");
    const rank = awards.length + 1;
    const dealId = await awardDeal(tx, a, l, ru, rank);
    await tx.update(auctions).set({ status, winningBidId: ru.id, dealId, updatedAt: new Date() }).where(eq(auctions.id, a.id));
    await audit(tx, actor, {
      action: "auction.runner-up-offered", entityType: "auction", entityId: a.id, orgId: a.sellerOrgId,
      before: { dealId: deal.id, dealStatus: deal.status, winningBidId: a.winningBidId },
      after: { dealId, rank, bidId: ru.id, bidderOrgId: ru.bidderOrgId, amountFen: ru.amountFen.toString() },
    });
    await notice(tx, ru.bidderOrgId, "auction.notify.runnerUp", { title: l.title, amount: yuanText(ru.amountFen) }, `/deals/${dealId}`, `runner-up:${a.id}:${rank}`);
    return { dealId, rank, already: false };
  });
}

/** The seller ends the auction unsold instead (or because there is no runner-up); registered bidders are told. */
export async function endUnsold(actor: Actor, auctionId: string) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { a, l, deal } = await sellerAuction(tx, actor, auctionId);
    if (a.status === "unsold") return { status: a.status, already: true };
    const status = next("auction", auctionLifecycle, a.status, "abandon");
    if (!deal || !awardLapsed(deal.status)) throw new ServiceError(409, "auction.errors.awardLive");
    const now = new Date();
    await tx.update(auctions).set({ status, updatedAt: now }).where(eq(auctions.id, a.id));
    await audit(tx, actor, { action: "auction.ended-unsold", entityType: "auction", entityId: a.id, orgId: a.sellerOrgId, before: { status: a.status, dealId: deal.id, dealStatus: deal.status }, after: { status } });
    for (const org of await registrants(tx, a.id)) await notice(tx, org, "auction.notify.unsold", { title: l.title }, auctionLink(a), `unsold:${a.id}`);
    return { status, already: false };
  });
}
