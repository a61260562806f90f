import { randomUUID } from "node:crypto";
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auctionBids, auctionDataRoomViews, auctions, outbox } from "#db/schema/index";
import { closeAuction, createAuction, placeBid, registerBidder } from "#app/services/auctions.server";
import { reviewDeal } from "#app/services/deal-settlement.server";
import { createAdmin, createOrg, TEST_PASSWORD, type TestOrg } from "#tests/support/factories";
import { publishedListing } from "#tests/support/market";
import { client, startTestServer } from "#tests/support/server";

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: TestOrg;
beforeAll(async () => {
  server = await startTestServer();
  admin = await createAdmin();
});
afterAll(async () => {
  await server.close();
});

async function auction(kind: "ascending" | "sealed" = "ascending") {
  const seller = await createOrg({ kind: "university" });
  const { listingId } = await publishedListing(seller, admin, { mode: "transfer" });
  const { id } = await createAuction(seller.actor, listingId, {
    kind, reservePriceFen: 100_000_00n, startPriceFen: 50_000_00n, incrementFen: kind === "sealed" ? 0n : 1_000_00n,
    startsAt: new Date(Date.now() - 60_000), endsAt: new Date(Date.now() + 3_600_000), extensionMinutes: 5,
  });
  return { seller, listingId, id };
}

describe("auction pages over HTTP", () => {
  it("answers the data room with 404 to a bidder who has not registered, and logs a registered bidder's view", async () => {
    const { id } = await auction();
    const bidder = await createOrg();
    const c = client(server.base);
    await c.login(bidder.email, TEST_PASSWORD);
    expect((await c.get(`/auctions/${id}/room`)).status).toBe(404);
    expect((await c.get(`/auctions/${id}/views`)).status).toBe(404);
    await registerBidder(bidder.actor, id, { acceptRules: true });
    const room = await c.get(`/auctions/${id}/room`);
    expect(room.status).toBe(200);
    const key = /\?doc=([^"&]+)/.exec(await room.text())![1]!;
    expect((await c.get(`/auctions/${id}/room?doc=${key}`)).status).toBe(200);
    const db = await getDb();
    expect(await db.select().from(auctionDataRoomViews).where(eq(auctionDataRoomViews.auctionId, id))).toHaveLength(1);
  });

  it("refuses a bid below the minimum with 400 at the field, and one after the end with 409 and the message, in English", async () => {
    const { id } = await auction();
    const bidder = await createOrg();
    await registerBidder(bidder.actor, id, { acceptRules: true });
    const c = client(server.base);
    await c.login(bidder.email, TEST_PASSWORD);
    const low = await c.post(`/auctions/${id}?lang=en`, { intent: "bid", amount: "100", idempotencyKey: randomUUID() });
    expect(low.status).toBe(400);
    const db = await getDb();
    await db.update(auctions).set({ endsAt: new Date(Date.now() - 1000) }).where(eq(auctions.id, id));
    const late = await c.post(`/auctions/${id}?lang=en`, { intent: "bid", amount: "60000", idempotencyKey: randomUUID() });
    expect(late.status).toBe(409);
    expect(await late.text()).toContain("The auction has ended; your bid was not accepted");
    expect(await db.select().from(auctionBids).where(eq(auctionBids.auctionId, id))).toHaveLength(0);
  });

  it("states the soft close in the rules of an ascending auction only (sealed bids never extend)", async () => {
    const bidder = await createOrg();
    const c = client(server.base);
    await c.login(bidder.email, TEST_PASSWORD);
    const ascending = await (await c.get(`/auctions/${(await auction()).id}?lang=en`)).text();
    expect(ascending).toContain("A bid in the last 5 minutes extends the end.");
    const sealed = await (await c.get(`/auctions/${(await auction("sealed")).id}?lang=en`)).text();
    expect(sealed).toContain("Sealed bids: each bidder bids once");
    expect(sealed).not.toContain("extends the end");
  });

  it("lets only the listing's manager open the creation form", async () => {
    const { seller, listingId } = await auction();
    const stranger = await createOrg();
    const s = client(server.base);
    await s.login(stranger.email, TEST_PASSWORD);
    expect((await s.get(`/listings/${listingId}/auction`)).status).toBe(404);
    const m = client(server.base);
    await m.login(seller.email, TEST_PASSWORD);
    expect((await m.get(`/listings/${listingId}/auction`)).status).toBe(200);
  });

  it("tells the leading bidder once when outbid (not when it raises its own bid), and lets only the seller cancel, registrants told", async () => {
    const { seller, id } = await auction();
    const [a, b] = [await createOrg(), await createOrg()];
    for (const o of [a, b]) await registerBidder(o.actor, id, { acceptRules: true });
    await placeBid(a.actor, id, { amountFen: 50_000_00n, idempotencyKey: randomUUID() });
    await placeBid(a.actor, id, { amountFen: 51_000_00n, idempotencyKey: randomUUID() }); // raises its own lead
    const key = randomUUID();
    const over = await placeBid(b.actor, id, { amountFen: 60_000_00n, idempotencyKey: key });
    await placeBid(b.actor, id, { amountFen: 60_000_00n, idempotencyKey: key }); // the same request retried
    const db = await getDb();
    const notices = async (orgId: string, kind: string) => (await db.select({ key: outbox.dedupeKey }).from(outbox)
      .where(like(outbox.dedupeKey, `notice:${kind}:${orgId}:%`))).map((r) => r.key);
    expect(await notices(a.orgId, "auction.notify.outbid")).toEqual([`notice:auction.notify.outbid:${a.orgId}:outbid:${over.id}`]);
    const [told] = await db.select({ payload: outbox.payload }).from(outbox).where(like(outbox.dedupeKey, `notice:auction.notify.outbid:${a.orgId}:%`));
    expect((told!.payload as { params: { amount: string } }).params.amount).toBe("¥60,000.00");
    expect(await notices(b.orgId, "auction.notify.outbid")).toEqual([]);

    const c = client(server.base);
    await c.login(b.email, TEST_PASSWORD);
    // A bidder does not manage the listing: the policy answers as for anything it does not own.
    expect((await c.post(`/auctions/${id}?lang=en`, { intent: "cancel" })).status).toBe(404);
    const m = client(server.base);
    await m.login(seller.email, TEST_PASSWORD);
    const page = await (await m.get(`/auctions/${id}?lang=en`)).text();
    expect(page).toContain("Cancel the auction");
    // Without JavaScript the time left is the server's figure (the live countdown replaces it once hydrated).
    expect(page).toMatch(/data-testid="auction-time-left"[^>]*>About 6\d min</);
    const done = await m.post(`/auctions/${id}?lang=en`, { intent: "cancel" });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("The auction is cancelled");
    expect((await db.select({ status: auctions.status }).from(auctions).where(eq(auctions.id, id)))[0]!.status).toBe("cancelled");
    for (const o of [a, b]) expect(await notices(o.orgId, "auction.notify.cancelled")).toHaveLength(1);
    expect((await m.post(`/auctions/${id}?lang=en`, { intent: "cancel" })).status).toBe(409);
  });

  it("shows the seller the runner-up after the admin rejects the winner's deal, and offers it the lot in one post (zh-CN page, en post)", async () => {
    const { seller, id } = await auction();
    const [a, b] = [await createOrg(), await createOrg()];
    for (const o of [a, b]) await registerBidder(o.actor, id, { acceptRules: true });
    await placeBid(b.actor, id, { amountFen: 110_000_00n, idempotencyKey: randomUUID() });
    await placeBid(a.actor, id, { amountFen: 120_000_00n, idempotencyKey: randomUUID() });
    const db = await getDb();
    await db.update(auctions).set({ endsAt: new Date(Date.now() - 1000) }).where(eq(auctions.id, id));
    const { dealId } = await closeAuction(db, id);
    await reviewDeal(admin.actor, dealId!, "reject", null);
    const m = client(server.base);
    await m.login(seller.email, TEST_PASSWORD);
    const page = await (await m.get(`/auctions/${id}`)).text();
    expect(page).toContain("给予次高出价人");
    expect(page).toContain(b.name);
    const bc = client(server.base);
    await bc.login(b.email, TEST_PASSWORD);
    expect(await (await bc.get(`/auctions/${id}`)).text()).not.toContain("给予次高出价人");
    expect((await bc.post(`/auctions/${id}?lang=en`, { intent: "runnerUp" })).status).toBe(404);
    const done = await m.post(`/auctions/${id}?lang=en`, { intent: "runnerUp" });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("Offered to the runner-up");
    const [row] = await db.select({ dealId: auctions.dealId }).from(auctions).where(eq(auctions.id, id));
    expect(row!.dealId).not.toBe(dealId);
  });
});
