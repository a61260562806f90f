import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, queryRows } from "#db/client.server";
import { auctionAwards, auctions, auditEvents, deals } from "#db/schema/index";
import { closeAuction, createAuction, placeBid, registerBidder } from "#app/services/auctions.server";
import { endUnsold, offerToRunnerUp } from "#app/services/auction-runner-up.server";
import { getAuctionView } from "#app/services/auction-views.server";
import { actOnDeal } from "#app/services/deals.server";
import { reviewDeal } from "#app/services/deal-settlement.server";
import { createAdmin, createOrg, type TestOrg } from "#tests/support/factories";
import { publishedListing } from "#tests/support/market";

let admin: TestOrg;
beforeAll(async () => {
  admin = await createAdmin();
});

const MIN = 60_000;
const bid = (b: TestOrg, id: string, yuan: number) => placeBid(b.actor, id, { amountFen: BigInt(yuan) * 100n, idempotencyKey: randomUUID() });

/**
 * A closed auction (reserve ¥100,000) won by A at ¥150,000. Bids in order: C 60,000 (below the
 * reserve), A 120,000, D 125,000, B 130,000, A 150,000 — so the runner-up is B, then D, then nobody
 * (A's own lower bid and C's bid under the reserve never count).
 */
async function settledAuction() {
  const seller = await createOrg({ kind: "university" });
  const { listingId } = await publishedListing(seller, admin, { mode: "transfer", title: "一种次高出价用专利" });
  const { id } = await createAuction(seller.actor, listingId, {
    kind: "ascending", reservePriceFen: 100_000_00n, startPriceFen: 50_000_00n, incrementFen: 1_000_00n,
    startsAt: new Date(Date.now() - MIN), endsAt: new Date(Date.now() + 60 * MIN), extensionMinutes: 0,
  });
  const [A, B, C, D] = [await createOrg(), await createOrg(), await createOrg(), await createOrg()];
  for (const o of [A, B, C, D]) await registerBidder(o.actor, id, { acceptRules: true });
  await bid(C, id, 60_000);
  await bid(A, id, 120_000);
  await bid(D, id, 125_000);
  await bid(B, id, 130_000);
  await bid(A, id, 150_000);
  const db = await getDb();
  await db.update(auctions).set({ endsAt: new Date(Date.now() - 1000) }).where(eq(auctions.id, id));
  const { dealId } = await closeAuction(db, id);
  return { seller, listingId, id, A, B, C, D, winnerDealId: dealId! };
}

async function noticesTo(orgId: string, kind: string) {
  const db = await getDb();
  return queryRows<{ n: number }>(db, sql`select count(*)::int as n from outbox where payload->>'kind' = ${kind} and payload->>'orgId' = ${orgId}`).then((r) => r[0]!.n);
}
async function auditCount(id: string, action: string) {
  const db = await getDb();
  return (await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, action)))).length;
}

describe("after the winner's deal falls through", () => {
  it("offers the lot to the runner-up once (the next-best other organisation at or above the reserve), audited and notified", async () => {
    const { seller, listingId, id, A, B, winnerDealId } = await settledAuction();
    // While the winner's deal is live, neither action is open.
    await expect(offerToRunnerUp(seller.actor, id)).rejects.toMatchObject({ status: 409, messageKey: "auction.errors.awardLive" });
    await expect(endUnsold(seller.actor, id)).rejects.toMatchObject({ status: 409, messageKey: "auction.errors.awardLive" });
    await reviewDeal(admin.actor, winnerDealId, "reject", "资料不全");
    const view = await getAuctionView(seller.actor, id);
    expect(view.lapsed).toMatchObject({ dealId: winnerDealId, dealStatus: "rejected", runnerUp: { amountFen: 130_000_00n, bidder: B.name } });

    const first = await offerToRunnerUp(seller.actor, id);
    expect(first).toMatchObject({ rank: 2, already: false });
    const db = await getDb();
    const [d] = await db.select().from(deals).where(eq(deals.id, first.dealId));
    expect(d).toMatchObject({ buyerOrgId: B.orgId, sellerOrgId: seller.orgId, priceFen: 130_000_00n, status: "pending_approval", listingId });
    const [a] = await db.select().from(auctions).where(eq(auctions.id, id));
    expect(a).toMatchObject({ status: "settled", dealId: first.dealId });
    // A repeated request (a double click, a retry) changes nothing.
    expect(await offerToRunnerUp(seller.actor, id)).toMatchObject({ dealId: first.dealId, already: true });
    expect(await db.select().from(deals).where(eq(deals.listingId, listingId))).toHaveLength(2);
    const awards = await db.select().from(auctionAwards).where(eq(auctionAwards.auctionId, id)).orderBy(auctionAwards.rank);
    expect(awards.map((x) => [x.rank, x.orgId, x.dealId])).toEqual([[1, A.orgId, winnerDealId], [2, B.orgId, first.dealId]]);
    expect(await auditCount(id, "auction.runner-up-offered")).toBe(1);
    expect(await noticesTo(B.orgId, "auction.notify.runnerUp")).toBe(1);
    // The runner-up now sees the lot as theirs; the first winner no longer does; the seller's choice is gone.
    expect((await getAuctionView(B.actor, id)).wonDealId).toBe(first.dealId);
    expect((await getAuctionView(A.actor, id)).wonDealId).toBeNull();
    expect((await getAuctionView(seller.actor, id)).lapsed).toBeNull();
    // The runner-up's deal is an ordinary one: the admin approves it.
    expect(await reviewDeal(admin.actor, first.dealId, "approve", null)).toMatchObject({ status: "approved" });
  });

  it("goes down the ranking when the runner-up withdraws, and says when nobody is left", async () => {
    const { seller, id, B, D, winnerDealId } = await settledAuction();
    await reviewDeal(admin.actor, winnerDealId, "reject", null);
    const second = await offerToRunnerUp(seller.actor, id);
    await actOnDeal(B.actor, second.dealId, { event: "cancel" });
    const third = await offerToRunnerUp(seller.actor, id);
    const db = await getDb();
    const [d] = await db.select().from(deals).where(eq(deals.id, third.dealId));
    expect(d).toMatchObject({ buyerOrgId: D.orgId, priceFen: 125_000_00n, status: "pending_approval" });
    await reviewDeal(admin.actor, third.dealId, "reject", null);
    // A's own lower bid and C's bid under the reserve do not count.
    await expect(offerToRunnerUp(seller.actor, id)).rejects.toMatchObject({ status: 409, messageKey: "auction.errors.noRunnerUp" });
    expect((await getAuctionView(seller.actor, id)).lapsed).toMatchObject({ runnerUp: null });
  });

  it("ends the auction unsold after the winner cancels, once, telling the registered bidders", async () => {
    const { seller, id, A, B, C, D, winnerDealId } = await settledAuction();
    await actOnDeal(A.actor, winnerDealId, { event: "cancel" });
    expect(await endUnsold(seller.actor, id)).toMatchObject({ status: "unsold", already: false });
    expect(await endUnsold(seller.actor, id)).toMatchObject({ status: "unsold", already: true });
    const db = await getDb();
    const [a] = await db.select().from(auctions).where(eq(auctions.id, id));
    expect(a!.status).toBe("unsold");
    expect(await auditCount(id, "auction.ended-unsold")).toBe(1);
    for (const o of [A, B, C, D]) expect(await noticesTo(o.orgId, "auction.notify.unsold")).toBe(1);
    // Unsold is final: no runner-up afterwards.
    await expect(offerToRunnerUp(seller.actor, id)).rejects.toMatchObject({ status: 409 });
    // The listing may go to auction again.
    const again = await createAuction(seller.actor, a!.listingId, {
      kind: "sealed", reservePriceFen: 100_000_00n, startPriceFen: 50_000_00n, incrementFen: 0n,
      startsAt: new Date(Date.now() - MIN), endsAt: new Date(Date.now() + 60 * MIN), extensionMinutes: 0,
    });
    expect(again.status).toBe("open");
  });

  it("is the seller's alone: a bidder or another organisation gets 404, and nothing changes", async () => {
    const { id, B, winnerDealId } = await settledAuction();
    await reviewDeal(admin.actor, winnerDealId, "reject", null);
    const stranger = await createOrg();
    for (const who of [B, stranger]) {
      await expect(offerToRunnerUp(who.actor, id)).rejects.toMatchObject({ status: 404 });
      await expect(endUnsold(who.actor, id)).rejects.toMatchObject({ status: 404 });
    }
    await expect(offerToRunnerUp(stranger.actor, randomUUID())).rejects.toMatchObject({ status: 404 });
    const db = await getDb();
    const [a] = await db.select().from(auctions).where(eq(auctions.id, id));
    expect(a).toMatchObject({ status: "settled", dealId: winnerDealId });
    expect(await getAuctionView(B.actor, id).then((v) => v.lapsed)).toBeNull();
  });
});
