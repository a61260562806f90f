import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptOpenLicence, actOnDeal, makeOffer } from "#app/services/deals.server";
import { reviewDeal } from "#app/services/deal-settlement.server";
import { addMonths, shanghaiDate } from "#app/domain/dates";
import { eq, like } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { deals, outbox } from "#db/schema/index";
import { createAdmin, createOrg, TEST_PASSWORD } from "#tests/support/factories";
import { publishedListing } from "#tests/support/market";
import { client, startTestServer } from "#tests/support/server";

/** Issue 13, Part B item 8: a listing whose exclusive licence or transfer has been approved stops taking offers. */

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: Awaited<ReturnType<typeof createAdmin>>;
beforeAll(async () => {
  server = await startTestServer();
  admin = await createAdmin();
});
afterAll(async () => {
  await server.close();
});

/** A seller's exclusive licence listing with one buyer's offer accepted by the seller and approved by the platform. */
async function soldExclusive(mode: "exclusive_licence" | "sole_licence" = "exclusive_licence", opts: { alsoNonExclusive?: boolean } = {}) {
  const seller = await createOrg();
  const { listingId, assetIds } = await publishedListing(seller, admin, { mode, askingPrice: "200000", termMonths: 24 });
  // Listed before the sale (a new one would be refused while the exclusive reservation stands).
  const nonExclusiveId = opts.alsoNonExclusive ? await publishedListingOf(seller, assetIds, "non_exclusive_licence") : "";
  const winner = await createOrg();
  const d = await makeOffer(winner.actor, listingId, { priceFen: 20_000_000n });
  await actOnDeal(seller.actor, d.id, { event: "accept" });
  return { seller, listingId, assetIds, winner, dealId: d.id, nonExclusiveId };
}

describe("a listing whose exclusive licence has been approved", () => {
  it("still takes offers while the seller's acceptance awaits approval, and refuses them (409) once approved", async () => {
    const { listingId, dealId } = await soldExclusive();
    const early = await createOrg();
    expect((await makeOffer(early.actor, listingId, { priceFen: 19_000_000n })).id).toBeTruthy();
    await reviewDeal(admin.actor, dealId, "approve", null);
    const late = await createOrg();
    await expect(makeOffer(late.actor, listingId, { priceFen: 30_000_000n })).rejects.toMatchObject({ status: 409, messageKey: "market.errors.exclusiveSold" });
  });

  it("closes the offers left open from before the approval (their buyers told), and the seller can no longer accept one", async () => {
    const { seller, listingId, dealId, nonExclusiveId } = await soldExclusive("sole_licence", { alsoNonExclusive: true });
    const early = await createOrg();
    const stale = await makeOffer(early.actor, listingId, { priceFen: 19_000_000n });
    const sibling = await makeOffer(early.actor, nonExclusiveId, { priceFen: 100n });
    // An offer for a later period that does not overlap the licence sold stays open.
    const later = await makeOffer((await createOrg()).actor, listingId, { priceFen: 10_000_000n, startDate: addMonths(shanghaiDate(), 24), termMonths: 12 });
    await reviewDeal(admin.actor, dealId, "approve", null);
    const db = await getDb();
    const status = async (id: string) => (await db.select({ status: deals.status, reason: deals.decisionReason }).from(deals).where(eq(deals.id, id)))[0];
    expect(await status(stale.id)).toEqual({ status: "declined", reason: "market.errors.exclusiveSold" });
    expect(await status(sibling.id)).toEqual({ status: "declined", reason: "market.errors.exclusiveSold" });
    expect((await status(later.id))!.status).toBe("offered");
    const told = await db.select({ key: outbox.dedupeKey }).from(outbox).where(like(outbox.dedupeKey, `notice:market.notify.offerClosedSold:${early.orgId}:%`));
    expect(told).toHaveLength(2);
    await expect(actOnDeal(seller.actor, stale.id, { event: "accept" })).rejects.toMatchObject({ status: 409 });
  });

  it("takes an offer for a later period that does not overlap the licence sold", async () => {
    const { listingId, dealId } = await soldExclusive();
    await reviewDeal(admin.actor, dealId, "approve", null);
    const later = await createOrg();
    const start = addMonths(shanghaiDate(), 24); // the sold licence is [today, today + 24 months)
    expect((await makeOffer(later.actor, listingId, { priceFen: 10_000_000n, startDate: start, termMonths: 12 })).id).toBeTruthy();
    await expect(makeOffer((await createOrg()).actor, listingId, { priceFen: 10_000_000n, startDate: addMonths(shanghaiDate(), 23), termMonths: 12 }))
      .rejects.toMatchObject({ messageKey: "market.errors.exclusiveSold" });
  });

  it("takes offers again once the approved buyer withdraws before paying", async () => {
    const { listingId, dealId, winner } = await soldExclusive();
    await reviewDeal(admin.actor, dealId, "approve", null);
    await actOnDeal(winner.actor, dealId, { event: "cancel" });
    expect((await makeOffer((await createOrg()).actor, listingId, { priceFen: 1_000_000n })).id).toBeTruthy();
  });

  it("stops another listing of the same asset, a non-exclusive licence, for that period", async () => {
    const { nonExclusiveId, dealId } = await soldExclusive("exclusive_licence", { alsoNonExclusive: true });
    const other = await createOrg();
    expect((await makeOffer(other.actor, nonExclusiveId, { priceFen: 100n })).id).toBeTruthy();
    await reviewDeal(admin.actor, dealId, "approve", null);
    await expect(makeOffer((await createOrg()).actor, nonExclusiveId, { priceFen: 100n })).rejects.toMatchObject({ status: 409, messageKey: "market.errors.exclusiveSold" });
  });

  it("shows the market page, the search and the API as no longer available, and answers the form with 409 in the user's language", async () => {
    const { listingId, dealId } = await soldExclusive();
    await reviewDeal(admin.actor, dealId, "approve", null);
    const buyer = await createOrg();
    const c = client(server.base);
    await c.login(buyer.email, TEST_PASSWORD);
    const page = await (await c.get(`/market/${listingId}`)).text();
    expect(page).toContain("本挂牌不再接受报价");
    expect(page).not.toContain('name="intent" value="offer"');
    const en = await c.post(`/market/${listingId}?lang=en`, { intent: "offer", listingId, price: "300000" });
    expect(en.status).toBe(409);
    expect(await en.text()).toContain("this listing no longer takes offers");
    const zh = await c.post(`/market/${listingId}`, { intent: "offer", listingId, price: "300000" });
    expect(zh.status).toBe(409);
    expect(await zh.text()).toContain("本挂牌不再接受报价");

    const api = await (await fetch(`${server.base}/api/v1/listings/${listingId}?lang=en`)).json() as { data: { available: boolean; unavailableReason: string } };
    expect(api.data.available).toBe(false);
    expect(api.data.unavailableReason).toContain("no longer takes offers");
    const search = await (await fetch(`${server.base}/api/v1/listings?limit=50`)).json() as { data: Array<{ id: string; available: boolean }> };
    expect(search.data.find((i) => i.id === listingId)?.available).toBe(false);
  });
});

describe("a listing whose transfer has been approved", () => {
  it("refuses further offers with the transfer reason, and another listing of the asset too", async () => {
    const seller = await createOrg();
    const { listingId, assetIds } = await publishedListing(seller, admin, { mode: "transfer", askingPrice: "500000" });
    const open = await publishedListingOf(seller, assetIds, "open_licence");
    const winner = await createOrg();
    const d = await makeOffer(winner.actor, listingId, { priceFen: 50_000_000n });
    await actOnDeal(seller.actor, d.id, { event: "accept" });
    expect((await makeOffer((await createOrg()).actor, listingId, { priceFen: 40_000_000n })).id).toBeTruthy();
    await reviewDeal(admin.actor, d.id, "approve", null);
    await expect(makeOffer((await createOrg()).actor, listingId, { priceFen: 60_000_000n })).rejects.toMatchObject({ status: 409, messageKey: "market.errors.transferSold" });
    await expect(acceptOpenLicence((await createOrg()).actor, open)).rejects.toMatchObject({ status: 409, messageKey: "market.errors.transferSold" });
  });
});

async function publishedListingOf(seller: Awaited<ReturnType<typeof createOrg>>, assetIds: string[], mode: "non_exclusive_licence" | "open_licence") {
  return (await publishedListing(seller, admin, { mode, assetIds, askingPrice: mode === "open_licence" ? undefined : "1000" })).listingId;
}
