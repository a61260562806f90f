import { and, asc, desc, eq, gt, inArray, lte } from "drizzle-orm";
import { getDb, type Db, type Executor, type Tx } from "#db/client.server";
import { auctionAwards, auctionBids, auctionRegistrations, auctions, deals, dealOffers } from "#db/schema/index";
import {
  AUCTION_RULES_VERSION, auctionLifecycle, auctionTermErrors, extendedEnd, isBiddable, minimumBid, winningBid,
  type AuctionStatus, type AuctionTerms,
} from "#app/domain/market/auction";
import { dealLifecycle, type DealStatus } from "#app/domain/market/deal";
import { listingManager } from "#app/domain/policy/market";
import type { Actor } from "#app/domain/policy/index";
import { isUuid } from "#app/domain/ids";
import { yuanText } from "#app/domain/money";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { audit, enqueue } from "./operations.server";
import { loadListing, next, notice, orgIdOf, pgError, today, userIdOf } from "./market-shared.server";
import { guarded } from "./deals-shared.server";
import { reserve } from "./deals.server";

/**
 * Auctions of a listing: creation by its manager (the owner, or the bank disposing of collateral),
 * registration of bidders who accept the rules, bids under the auction row's lock, and the close
 * (a delayed outbox job at the end, and a sweep for any the job missed) that turns the winning bid
 * into a deal awaiting the admin's approval.
 */

export type AuctionRow = typeof auctions.$inferSelect;
const SYSTEM: Actor = { type: "system", job: "auction-close" };
export const auctionLink = (a: { id: string }) => `/auctions/${a.id}`;

export async function loadAuction(exec: Executor, id: string, opts: { lock?: boolean } = {}): Promise<AuctionRow> {
  if (!isUuid(id)) throw new ServiceError(404, "errors.notFound");
  const q = exec.select().from(auctions).where(eq(auctions.id, id));
  const [row] = opts.lock ? await q.for("update") : await q;
  if (!row) throw new ServiceError(404, "errors.notFound");
  return row;
}

/** The close job of the current end: a later end (an extension) is another job; an earlier one finds nothing to do. */
async function scheduleClose(tx: Executor, a: { id: string; endsAt: Date }) {
  await enqueue(tx, "monitoring", "auction-close", { auctionId: a.id }, { dedupeKey: `auction-close:${a.id}:${a.endsAt.getTime()}`, delayMs: Math.max(0, a.endsAt.getTime() - Date.now()) });
}

/** The listing's manager puts a published listing up for auction. */
export async function createAuction(actor: Actor, listingId: string, terms: AuctionTerms) {
  const db = await getDb();
  return guardedAuction(() => db.transaction(async (tx) => {
    const l = await loadListing(tx, listingId, { lock: true });
    requireCan(actor, "listing.manage", l);
    if (l.status !== "published" || l.mode === "open_licence") throw new ServiceError(409, "auction.errors.listingNotAuctionable");
    const now = new Date();
    const errors = auctionTermErrors(terms, now);
    if (Object.keys(errors).length) throw new ServiceError(400, "errors.fixBelow", errors);
    const [busy] = await tx.select({ id: deals.id }).from(deals)
      .where(and(eq(deals.listingId, l.id), inArray(deals.status, ["accepted", "pending_approval", "approved", "paid"]))).limit(1);
    if (busy) throw new ServiceError(409, "auction.errors.listingHasDeal");
    let status: AuctionStatus = "scheduled";
    if (terms.startsAt.getTime() <= now.getTime()) status = next("auction", auctionLifecycle, status, "open");
    const [a] = await tx.insert(auctions).values({
      listingId: l.id, sellerOrgId: listingManager(l), createdBy: userIdOf(actor), kind: terms.kind, status,
      reservePriceFen: terms.reservePriceFen, startPriceFen: terms.startPriceFen, incrementFen: terms.kind === "sealed" ? 0n : terms.incrementFen,
      startsAt: terms.startsAt, endsAt: terms.endsAt, scheduledEndsAt: terms.endsAt, extensionMinutes: terms.kind === "sealed" ? 0 : terms.extensionMinutes,
    }).returning();
    await audit(tx, actor, {
      action: "auction.created", entityType: "auction", entityId: a!.id, orgId: a!.sellerOrgId,
      after: { listingId: l.id, kind: a!.kind, status, reservePriceFen: a!.reservePriceFen.toString(), startsAt: a!.startsAt.toISOString(), endsAt: a!.endsAt.toISOString(), extensionMinutes: a!.extensionMinutes },
    });
    await scheduleClose(tx, a!);
    return { id: a!.id, status };
  }));
}

/** A verified buyer organisation registers and accepts the rules (once; a second call changes nothing). */
export async function registerBidder(actor: Actor, auctionId: string, opts: { acceptRules: boolean }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const a = await loadAuction(tx, auctionId);
    const l = await loadListing(tx, a.listingId);
    requireCan(actor, "deal.offer", l);
    if (!opts.acceptRules) throw new ServiceError(400, "errors.fixBelow", { acceptRules: ["auction.errors.acceptRules"] });
    if (a.status !== "scheduled" && a.status !== "open") throw new ServiceError(409, "auction.errors.ended");
    const orgId = orgIdOf(actor)!;
    const [row] = await tx.insert(auctionRegistrations).values({ auctionId: a.id, orgId, userId: userIdOf(actor), rulesVersion: AUCTION_RULES_VERSION })
      .onConflictDoNothing().returning({ id: auctionRegistrations.id });
    if (!row) return { registered: true, already: true };
    await audit(tx, actor, { action: "auction.bidder-registered", entityType: "auction", entityId: a.id, orgId, after: { rulesVersion: AUCTION_RULES_VERSION, registrationId: row.id } });
    await notice(tx, a.sellerOrgId, "auction.notify.bidderRegistered", { title: l.title }, auctionLink(a), `register:${row.id}`);
    return { registered: true, already: false };
  });
}

export async function isRegistered(exec: Executor, auctionId: string, orgId: string) {
  const [r] = await exec.select({ id: auctionRegistrations.id }).from(auctionRegistrations)
    .where(and(eq(auctionRegistrations.auctionId, auctionId), eq(auctionRegistrations.orgId, orgId)));
  return !!r;
}

/**
 * A bid. Under the auction row's lock: the bidder's retried request finds its bid; the auction must
 * take bids now (the clock read after the lock, so a bid that waited past the end is refused); the
 * amount must reach the minimum; the bid gets the next sequence number, and a bid in the
 * anti-sniping window moves the end (with a close job for the new end).
 */
export async function placeBid(actor: Actor, auctionId: string, input: { amountFen: bigint; idempotencyKey: string }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const a = await loadAuction(tx, auctionId, { lock: true });
    const l = await loadListing(tx, a.listingId);
    requireCan(actor, "deal.offer", l);
    const orgId = orgIdOf(actor)!;
    if (!(await isRegistered(tx, a.id, orgId))) throw new ServiceError(403, "auction.errors.notRegistered");
    const [again] = await tx.select().from(auctionBids)
      .where(and(eq(auctionBids.auctionId, a.id), eq(auctionBids.bidderOrgId, orgId), eq(auctionBids.idempotencyKey, input.idempotencyKey)));
    if (again) return { id: again.id, seq: again.seq, amountFen: again.amountFen, endsAt: a.endsAt, already: true };
    // A sealed bid is final: one per bidder (nobody sees another's bid to answer it).
    if (a.kind === "sealed") {
      const [mine] = await tx.select({ id: auctionBids.id }).from(auctionBids).where(and(eq(auctionBids.auctionId, a.id), eq(auctionBids.bidderOrgId, orgId))).limit(1);
      if (mine) throw new ServiceError(409, "auction.errors.sealedOnce");
    }
    const now = new Date();
    if (!isBiddable(a, now)) {
      if (a.startsAt.getTime() > now.getTime() && a.status === "scheduled") throw new ServiceError(409, "auction.errors.notStarted");
      throw new ServiceError(409, "auction.errors.ended");
    }
    const min = minimumBid(a);
    if (input.amountFen < min) throw new ServiceError(400, "errors.fixBelow", { amount: ["auction.errors.bidTooLow"] }, { min: yuanText(min) });
    let status = a.status;
    if (status === "scheduled") status = next("auction", auctionLifecycle, status, "open");
    const seq = a.bidCount + 1;
    // The bidder this bid outbids (ascending only: a sealed bid tells nobody anything until the end).
    const [leader] = a.kind === "ascending" && a.highestBidFen !== null && input.amountFen > a.highestBidFen
      ? await tx.select({ orgId: auctionBids.bidderOrgId }).from(auctionBids).where(eq(auctionBids.auctionId, a.id))
        .orderBy(desc(auctionBids.amountFen), asc(auctionBids.seq)).limit(1)
      : [];
    const [bid] = await tx.insert(auctionBids).values({ auctionId: a.id, seq, bidderOrgId: orgId, userId: userIdOf(actor), amountFen: input.amountFen, idempotencyKey: input.idempotencyKey })
      .returning({ id: auctionBids.id });
    const highest = a.highestBidFen === null || input.amountFen > a.highestBidFen ? input.amountFen : a.highestBidFen;
    const extended = extendedEnd(a, now);
    const endsAt = extended ?? a.endsAt;
    await tx.update(auctions).set({ status, bidCount: seq, highestBidFen: highest, endsAt, updatedAt: now }).where(eq(auctions.id, a.id));
    await audit(tx, actor, {
      action: "auction.bid", entityType: "auction", entityId: a.id, orgId,
      after: { bidId: bid!.id, seq, amountFen: a.kind === "sealed" ? null : input.amountFen.toString(), ...(extended ? { endsAt: endsAt.toISOString() } : {}) },
    });
    if (extended) await scheduleClose(tx, { id: a.id, endsAt });
    if (leader && leader.orgId !== orgId) {
      await notice(tx, leader.orgId, "auction.notify.outbid", { title: l.title, amount: yuanText(input.amountFen) }, auctionLink(a), `outbid:${bid!.id}`);
    }
    return { id: bid!.id, seq, amountFen: input.amountFen, endsAt, already: false };
  });
}

/** The seller (or an admin) calls the auction off before it is settled; registered bidders are told. */
export async function cancelAuction(actor: Actor, auctionId: string) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const a = await loadAuction(tx, auctionId, { lock: true });
    const l = await loadListing(tx, a.listingId);
    if (actor.type === "user" && actor.orgKind !== "platform") requireCan(actor, "listing.manage", l);
    else requireCan(actor, "deal.approve");
    const status = next("auction", auctionLifecycle, a.status, "cancel");
    const now = new Date();
    await tx.update(auctions).set({ status, closedAt: now, updatedAt: now }).where(eq(auctions.id, a.id));
    await audit(tx, actor, { action: "auction.cancelled", entityType: "auction", entityId: a.id, orgId: a.sellerOrgId, before: { status: a.status }, after: { status } });
    for (const r of await registrants(tx, a.id)) await notice(tx, r, "auction.notify.cancelled", { title: l.title }, auctionLink(a), `cancel:${a.id}`);
    return { id: a.id, status };
  });
}

export async function registrants(exec: Executor, auctionId: string) {
  const rows = await exec.select({ orgId: auctionRegistrations.orgId }).from(auctionRegistrations).where(eq(auctionRegistrations.auctionId, auctionId));
  return rows.map((r) => r.orgId);
}

/**
 * Closes an auction whose end has passed (a job at its end, or the sweep): the highest bid at or
 * above the reserve becomes a deal awaiting the admin's approval (then payment and the transfer or
 * licence, and for collateral the pledge release, as any deal); otherwise failed_reserve and the
 * seller is told. Idempotent: an auction already closed, or whose end moved later, is left alone.
 */
export async function closeAuction(db: Db, auctionId: string): Promise<{ status: AuctionStatus; dealId: string | null; changed: boolean }> {
  return guardedAuction(() => db.transaction(async (tx) => {
    const a = await loadAuction(tx, auctionId, { lock: true });
    const now = new Date();
    if ((a.status !== "open" && a.status !== "scheduled") || a.endsAt.getTime() > now.getTime()) return { status: a.status, dealId: a.dealId, changed: false };
    let status: AuctionStatus = a.status === "scheduled" ? next("auction", auctionLifecycle, a.status, "open") : a.status;
    status = next("auction", auctionLifecycle, status, "close");
    const bids = await tx.select().from(auctionBids).where(eq(auctionBids.auctionId, a.id)).orderBy(asc(auctionBids.seq));
    const win = winningBid(bids, a.reservePriceFen);
    const l = await loadListing(tx, a.listingId, { lock: true });
    let dealId: string | null = null;
    if (win) {
      status = next("auction", auctionLifecycle, status, "award");
      dealId = await awardDeal(tx, a, l, win, 1);
    } else {
      status = next("auction", auctionLifecycle, status, "fail");
    }
    await tx.update(auctions).set({ status, winningBidId: win?.id ?? null, dealId, closedAt: now, updatedAt: now }).where(eq(auctions.id, a.id));
    await audit(tx, SYSTEM, {
      action: win ? "auction.settled" : "auction.failed-reserve", entityType: "auction", entityId: a.id, orgId: a.sellerOrgId,
      before: { status: a.status }, after: { status, bids: bids.length, winningBidId: win?.id ?? null, amountFen: win?.amountFen.toString() ?? null, dealId },
    });
    const params = { title: l.title };
    if (win) {
      await notice(tx, win.bidderOrgId, "auction.notify.won", params, `/deals/${dealId}`, `won:${a.id}`);
      await notice(tx, a.sellerOrgId, "auction.notify.sold", params, `/deals/${dealId}`, `sold:${a.id}`);
    } else {
      await notice(tx, a.sellerOrgId, "auction.notify.failedReserve", params, auctionLink(a), `failed:${a.id}`);
    }
    for (const org of await registrants(tx, a.id)) if (org !== win?.bidderOrgId) await notice(tx, org, "auction.notify.closed", params, auctionLink(a), `closed:${a.id}`);
    return { status, dealId, changed: true };
  }));
}

/**
 * A bid as a deal at its amount, accepted by the auction's terms (an accepted bid binds) and waiting for
 * the admin's approval; recorded as the auction's award of that rank (1: the winner; then runners-up).
 */
export async function awardDeal(tx: Tx, a: AuctionRow, l: Awaited<ReturnType<typeof loadListing>>, win: typeof auctionBids.$inferSelect, rank: number) {
  // The winner's own negotiation on this listing gives way to the auction's result (one live deal per buyer and listing).
  const open = await tx.select({ id: deals.id, status: deals.status }).from(deals)
    .where(and(eq(deals.listingId, l.id), eq(deals.buyerOrgId, win.bidderOrgId), inArray(deals.status, ["offered", "countered"])));
  for (const d of open) await tx.update(deals).set({ status: next("deal", dealLifecycle, d.status, "cancel"), decisionReason: "auction.errors.supersededByAuction", updatedAt: new Date() }).where(eq(deals.id, d.id));
  let status: DealStatus = "offered";
  for (const e of ["accept", "submit"] as const) status = next("deal", dealLifecycle, status, e);
  const startDate = today();
  const now = new Date();
  const [d] = await tx.insert(deals).values({
    listingId: l.id, buyerOrgId: win.bidderOrgId, sellerOrgId: a.sellerOrgId, createdBy: win.userId, mode: l.mode, status,
    priceFen: win.amountFen, termMonths: l.mode === "transfer" ? null : l.termMonths, startDate, territory: l.territory,
    lastOfferBy: "buyer", acceptedAt: now,
  }).returning();
  await tx.insert(dealOffers).values({ dealId: d!.id, side: "buyer", byUserId: win.userId, priceFen: win.amountFen, termMonths: d!.termMonths, startDate, message: null });
  await reserve(tx, d!, l);
  await tx.insert(auctionAwards).values({ auctionId: a.id, rank, bidId: win.id, orgId: win.bidderOrgId, dealId: d!.id });
  await audit(tx, SYSTEM, { action: "market.deal-from-auction", entityType: "deal", entityId: d!.id, orgId: win.bidderOrgId, after: { status, auctionId: a.id, bidId: win.id, priceFen: win.amountFen.toString() } });
  return d!.id;
}

/** Scheduled: opens auctions whose start has come and closes those past their end (a close job lost or never run). */
export async function sweepAuctions(db: Db) {
  const now = new Date();
  const starting = await db.select({ id: auctions.id }).from(auctions)
    .where(and(eq(auctions.status, "scheduled"), lte(auctions.startsAt, now), gt(auctions.endsAt, now)));
  for (const { id } of starting) {
    await db.transaction(async (tx) => {
      const a = await loadAuction(tx, id, { lock: true });
      if (a.status !== "scheduled") return;
      await tx.update(auctions).set({ status: next("auction", auctionLifecycle, a.status, "open"), updatedAt: new Date() }).where(eq(auctions.id, a.id));
    });
  }
  const due = await db.select({ id: auctions.id }).from(auctions)
    .where(and(inArray(auctions.status, ["scheduled", "open"]), lte(auctions.endsAt, now))).orderBy(asc(auctions.endsAt)).limit(200);
  let closed = 0;
  for (const { id } of due) if ((await closeAuction(db, id)).changed) closed++;
  return { opened: starting.length, closed };
}

/** The auction's bids, highest first (what the close and the seller's view read). */
export async function bidsOf(exec: Executor, auctionId: string) {
  return exec.select().from(auctionBids).where(eq(auctionBids.auctionId, auctionId)).orderBy(desc(auctionBids.seq));
}

async function guardedAuction<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await guarded(fn);
  } catch (e) {
    const err = pgError(e);
    if (err?.code === "23505" && err.constraint === "auctions_one_live_per_listing") throw new ServiceError(409, "auction.errors.alreadyAtAuction");
    throw e;
  }
}
