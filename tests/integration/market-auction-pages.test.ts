import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auctionBids, auctionDataRoomViews, auctions } from "#db/schema/index";
import { createAuction, registerBidder } from "#app/services/auctions.server";
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

async function auction() {
  const seller = await createOrg({ kind: "university" });
  const { listingId } = await publishedListing(seller, admin, { mode: "transfer" });
  const { id } = await createAuction(seller.actor, listingId, {
    kind: "ascending", reservePriceFen: 100_000_00n, startPriceFen: 50_000_00n, incrementFen: 1_000_00n,
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
});
