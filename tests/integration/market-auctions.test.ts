import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, queryRows } from "#db/client.server";
import { auctions, auctionBids, auditEvents, bankReviews, collateralDisposals, deals, encumbrances, ipAssets, listings, outbox, pledgeApplications } from "#db/schema/index";
import type { AuctionTerms } from "#app/domain/market/auction";
import { createAuction, closeAuction, placeBid, registerBidder, sweepAuctions } from "#app/services/auctions.server";
import { dataRoomIndex, dataRoomViewLog, openDataRoomDocument } from "#app/services/auction-data-room.server";
import { getAuctionView } from "#app/services/auction-views.server";
import { makeOffer as makeDealOffer } from "#app/services/deals.server";
import { confirmOfflinePayment, reviewDeal } from "#app/services/deal-settlement.server";
import { reviewListing } from "#app/services/listings.server";
import { acceptOffer, createApplication, submitApplication } from "#app/services/pledge-applications.server";
import { makeOffer as makeLoanOffer } from "#app/services/bank-review.server";
import { runMatching } from "#app/services/matching.server";
import { recordRegistration, startRegistration } from "#app/services/pledge-registration.server";
import { declareDefault, disburseLoan } from "#app/services/loans.server";
import { processMonitoring } from "#jobs/processors/monitoring";
import { createAdmin, createOrg, type TestOrg } from "#tests/support/factories";
import { createProduct, enterpriseWithValuedAssets } from "#tests/support/financing";
import { publishedListing } from "#tests/support/market";

let admin: TestOrg;
beforeAll(async () => {
  admin = await createAdmin();
});

const MIN = 60_000;
const terms = (over: Partial<AuctionTerms> = {}): AuctionTerms => ({
  kind: "ascending", reservePriceFen: 100_000_00n, startPriceFen: 50_000_00n, incrementFen: 1_000_00n,
  startsAt: new Date(Date.now() - MIN), endsAt: new Date(Date.now() + 60 * MIN), extensionMinutes: 5, ...over,
});

/** An auction on a fresh transfer listing of `seller`, with registered bidders. */
async function auctionWithBidders(n: number, over: Partial<AuctionTerms> = {}) {
  const seller = await createOrg({ kind: "university" });
  const { listingId, assetIds } = await publishedListing(seller, admin, { mode: "transfer", title: "一种拍卖用专利" });
  const { id } = await createAuction(seller.actor, listingId, terms(over));
  const bidders: TestOrg[] = [];
  for (let i = 0; i < n; i++) {
    const b = await createOrg({ kind: "enterprise" });
    await registerBidder(b.actor, id, { acceptRules: true });
    bidders.push(b);
  }
  return { seller, listingId, assetIds, id, bidders };
}

const bid = (b: TestOrg, id: string, yuan: number, key = randomUUID()) => placeBid(b.actor, id, { amountFen: BigInt(yuan) * 100n, idempotencyKey: key });
/** The end has come (the test moves it rather than waiting). */
async function endNow(id: string) {
  const db = await getDb();
  await db.update(auctions).set({ endsAt: new Date(Date.now() - 1000) }).where(eq(auctions.id, id));
}
async function noticesTo(orgId: string, kind: string) {
  const db = await getDb();
  return queryRows<{ n: number }>(db, sql`select count(*)::int as n from outbox where payload->>'kind' = ${kind} and payload->>'orgId' = ${orgId}`).then((r) => r[0]!.n);
}

describe("auction terms and bidders", () => {
  it("refuses terms that cannot work, field by field (400)", async () => {
    const seller = await createOrg({ kind: "university" });
    const { listingId } = await publishedListing(seller, admin, { mode: "transfer" });
    await expect(createAuction(seller.actor, listingId, terms({ reservePriceFen: 0n, endsAt: new Date(Date.now() - MIN) })))
      .rejects.toMatchObject({ status: 400, fieldErrors: { reservePrice: ["auction.errors.reservePositive"], endsAt: expect.any(Array) } });
  });

  it("lets only the listing's manager create an auction; another organisation gets 404", async () => {
    const seller = await createOrg({ kind: "university" });
    const stranger = await createOrg();
    const { listingId } = await publishedListing(seller, admin, { mode: "transfer" });
    await expect(createAuction(stranger.actor, listingId, terms())).rejects.toMatchObject({ status: 404 });
    await createAuction(seller.actor, listingId, terms());
    // One auction at a time; and offers by negotiation are closed while it runs.
    await expect(createAuction(seller.actor, listingId, terms())).rejects.toMatchObject({ status: 409, messageKey: "auction.errors.alreadyAtAuction" });
    await expect(makeDealOffer(stranger.actor, listingId, { priceFen: 1_000_00n })).rejects.toMatchObject({ status: 409, messageKey: "auction.errors.listingAtAuction" });
  });

  it("records registration and the accepted rules once, audited; refuses without accepting the rules", async () => {
    const { id } = await auctionWithBidders(0);
    const b = await createOrg();
    await expect(registerBidder(b.actor, id, { acceptRules: false })).rejects.toMatchObject({ status: 400, fieldErrors: { acceptRules: ["auction.errors.acceptRules"] } });
    expect(await registerBidder(b.actor, id, { acceptRules: true })).toMatchObject({ already: false });
    expect(await registerBidder(b.actor, id, { acceptRules: true })).toMatchObject({ already: true });
    const db = await getDb();
    const rows = await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "auction.bidder-registered")));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.after).toMatchObject({ rulesVersion: expect.any(String) });
  });

  it("refuses an unverified organisation's registration and an unregistered organisation's bid (403)", async () => {
    const { id } = await auctionWithBidders(0);
    const pending = await createOrg({ status: "pending" });
    await expect(registerBidder(pending.actor, id, { acceptRules: true })).rejects.toMatchObject({ status: 403 });
    const unregistered = await createOrg();
    await expect(bid(unregistered, id, 60_000)).rejects.toMatchObject({ status: 403, messageKey: "auction.errors.notRegistered" });
  });
});

describe("bids", () => {
  it("asks for the opening price, then the highest bid plus the increment (400 with the minimum)", async () => {
    const { id, bidders: [a, b] } = await auctionWithBidders(2);
    await expect(bid(a!, id, 49_999)).rejects.toMatchObject({ status: 400, fieldErrors: { amount: ["auction.errors.bidTooLow"] }, params: { min: "¥50,000.00" } });
    await bid(a!, id, 50_000);
    await expect(bid(b!, id, 50_999)).rejects.toMatchObject({ status: 400, params: { min: "¥51,000.00" } });
    expect(await bid(b!, id, 51_000)).toMatchObject({ seq: 2 });
  });

  it("makes one bid of a retried request (same idempotency key)", async () => {
    const { id, bidders: [a] } = await auctionWithBidders(1);
    const key = randomUUID();
    const first = await bid(a!, id, 60_000, key);
    const again = await bid(a!, id, 60_000, key);
    expect(again).toMatchObject({ id: first.id, already: true });
    const db = await getDb();
    expect(await db.select().from(auctionBids).where(eq(auctionBids.auctionId, id))).toHaveLength(1);
  });

  it("refuses a bid after the end with 409 and a message", async () => {
    const { id, bidders: [a] } = await auctionWithBidders(1);
    await endNow(id);
    await expect(bid(a!, id, 60_000)).rejects.toMatchObject({ status: 409, messageKey: "auction.errors.ended" });
  });

  it("extends the end to N minutes after a bid in the last N minutes, and schedules the close for the new end", async () => {
    const { id, bidders: [a, b] } = await auctionWithBidders(2, { endsAt: new Date(Date.now() + 2 * MIN), extensionMinutes: 5 });
    const db = await getDb();
    const [before] = await db.select().from(auctions).where(eq(auctions.id, id));
    const t0 = Date.now();
    const r = await bid(a!, id, 60_000);
    expect(r.endsAt.getTime()).toBeGreaterThanOrEqual(t0 + 5 * MIN);
    expect(r.endsAt.getTime()).toBeGreaterThan(before!.endsAt.getTime());
    const jobs = await db.select({ key: outbox.dedupeKey, availableAt: outbox.availableAt }).from(outbox).where(sql`${outbox.dedupeKey} like ${`auction-close:${id}:%`}`);
    expect(jobs.map((j) => j.key).sort()).toEqual([`auction-close:${id}:${before!.endsAt.getTime()}`, `auction-close:${id}:${r.endsAt.getTime()}`].sort());
    // The job of the old end finds the auction still open and changes nothing.
    expect(await closeAuction(db, id)).toMatchObject({ changed: false, status: "open" });
    // A bid well before the (new) end does not extend it.
    await db.update(auctions).set({ endsAt: new Date(Date.now() + 30 * MIN) }).where(eq(auctions.id, id));
    const later = await bid(b!, id, 61_000);
    expect(later.endsAt.getTime()).toBeGreaterThan(Date.now() + 25 * MIN);
    expect(later.endsAt.getTime()).toBeLessThan(Date.now() + 31 * MIN);
  });

  it("gives 100 concurrent bids one consistent order and one winner", async () => {
    const { id, bidders } = await auctionWithBidders(10, { reservePriceFen: 50_000_00n });
    // Distinct multiples of the increment, in shuffled order: each admitted bid must beat the one before it.
    const amounts = Array.from({ length: 100 }, (_, i) => 50_000 + i * 1_000).sort(() => Math.random() - 0.5);
    const results = await Promise.allSettled(amounts.map((y, i) => bid(bidders[i % 10]!, id, y)));
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ status: 400, fieldErrors: { amount: ["auction.errors.bidTooLow"] } });
    const db = await getDb();
    const rows = await db.select().from(auctionBids).where(eq(auctionBids.auctionId, id)).orderBy(auctionBids.seq);
    expect(rows.length).toBe(results.filter((r) => r.status === "fulfilled").length);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.amountFen >= rows[i - 1]!.amountFen + 1_000_00n).toBe(true);
    const top = rows.at(-1)!;
    expect(top.amountFen).toBe(BigInt(Math.max(...amounts)) * 100n);
    const [a] = await db.select().from(auctions).where(eq(auctions.id, id));
    expect(a).toMatchObject({ bidCount: rows.length, highestBidFen: top.amountFen });
    await endNow(id);
    const closed = await closeAuction(db, id);
    expect(closed).toMatchObject({ status: "settled", changed: true });
    const won = await db.select().from(deals).where(eq(deals.id, closed.dealId!));
    expect(won).toEqual([expect.objectContaining({ buyerOrgId: top.bidderOrgId, priceFen: top.amountFen, status: "pending_approval" })]);
    // Closing again (a retried job) changes nothing: still one deal.
    expect(await closeAuction(db, id)).toMatchObject({ changed: false });
    expect(await db.select().from(deals).where(eq(deals.listingId, a!.listingId))).toHaveLength(1);
  });
});

describe("closing", () => {
  it("fails below the reserve and tells the seller, through the close job", async () => {
    const { id, seller, bidders: [a] } = await auctionWithBidders(1);
    await bid(a!, id, 60_000); // reserve is 100,000
    await endNow(id);
    const db = await getDb();
    await processMonitoring({ auctionId: id }, { id: "t", name: "auction-close", attemptsMade: 0, db, updateProgress: async () => {}, log: () => {} });
    const [row] = await db.select().from(auctions).where(eq(auctions.id, id));
    expect(row).toMatchObject({ status: "failed_reserve", dealId: null });
    expect(await noticesTo(seller.orgId, "auction.notify.failedReserve")).toBe(1);
    expect(await db.select().from(deals).where(eq(deals.listingId, row!.listingId))).toHaveLength(0);
  });

  it("closes an auction whose job never ran, from the sweep", async () => {
    const { id, bidders: [a] } = await auctionWithBidders(1);
    await bid(a!, id, 120_000);
    await endNow(id);
    const db = await getDb();
    const r = await sweepAuctions(db);
    expect(r.closed).toBeGreaterThanOrEqual(1);
    const [row] = await db.select().from(auctions).where(eq(auctions.id, id));
    expect(row!.status).toBe("settled");
  });

  it("sealed bids: hidden from other bidders until the end, then the highest at or above the reserve wins", async () => {
    const { id, bidders: [a, b, c] } = await auctionWithBidders(3, { kind: "sealed" });
    await bid(a!, id, 150_000);
    await bid(b!, id, 120_000); // under a sealed auction a lower bid is admissible: nobody sees the others
    await bid(c!, id, 90_000);
    // One sealed bid per bidder: a second is refused, the same request retried finds the first.
    await expect(bid(a!, id, 160_000)).rejects.toMatchObject({ status: 409, messageKey: "auction.errors.sealedOnce" });
    const seen = await getAuctionView(b!.actor, id);
    expect(seen.bids.map((x) => x.amountFen)).toEqual([120_000_00n]);
    expect(seen.auction.currentPriceFen).toBeNull();
    await endNow(id);
    const db = await getDb();
    const closed = await closeAuction(db, id);
    const [d] = await db.select().from(deals).where(eq(deals.id, closed.dealId!));
    expect(d).toMatchObject({ buyerOrgId: a!.orgId, priceFen: 150_000_00n });
    expect((await getAuctionView(b!.actor, id)).bids).toHaveLength(3);
    expect((await getAuctionView(a!.actor, id)).wonDealId).toBe(d!.id);
    expect((await getAuctionView(b!.actor, id)).wonDealId).toBeNull();
  });
});

describe("one sealed bid per bidder", () => {
  it("admits one of two concurrent sealed bids from the same organisation, and a retry of it returns it", async () => {
    const { id, bidders: [a] } = await auctionWithBidders(1, { kind: "sealed" });
    const [k1, k2] = [randomUUID(), randomUUID()];
    const results = await Promise.allSettled([bid(a!, id, 120_000, k1), bid(a!, id, 130_000, k2)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ status: 409, messageKey: "auction.errors.sealedOnce" });
    const won = (results.find((r) => r.status === "fulfilled") as PromiseFulfilledResult<Awaited<ReturnType<typeof bid>>>).value;
    const key = won.amountFen === 120_000_00n ? k1 : k2;
    expect(await bid(a!, id, Number(won.amountFen / 100n), key)).toMatchObject({ id: won.id, already: true });
    const db = await getDb();
    expect(await db.select().from(auctionBids).where(eq(auctionBids.auctionId, id))).toHaveLength(1);
  });
});

describe("data room", () => {
  it("is 404 to an organisation that has not registered, and logs every view the seller then reads", async () => {
    const { id, seller, bidders: [a] } = await auctionWithBidders(1);
    const outsider = await createOrg();
    await expect(dataRoomIndex(outsider.actor, id)).rejects.toMatchObject({ status: 404 });
    const room = await dataRoomIndex(a!.actor, id);
    const key = room.assets[0]!.documents.find((d) => d.section === "encumbrances")!.key;
    await expect(openDataRoomDocument(outsider.actor, id, key)).rejects.toMatchObject({ status: 404 });
    await openDataRoomDocument(a!.actor, id, key);
    await openDataRoomDocument(a!.actor, id, room.assets[0]!.documents[0]!.key);
    await expect(openDataRoomDocument(a!.actor, id, `${randomUUID()}:history`)).rejects.toMatchObject({ status: 404 });
    const log = await dataRoomViewLog(seller.actor, id);
    expect(log.map((l) => l.document).sort()).toEqual([key, room.assets[0]!.documents[0]!.key].sort());
    expect(log.every((l) => l.orgName === a!.name)).toBe(true);
    await expect(dataRoomViewLog(a!.actor, id)).rejects.toMatchObject({ status: 404 });
  });
});

describe("a bank's disposal of defaulted collateral by auction", () => {
  it("the winner's deal goes through approval and payment; the sale moves the title and releases the pledge", async () => {
    const { ent, assetIds, parkId } = await enterpriseWithValuedAssets();
    const bank = await createOrg({ kind: "bank" });
    await createProduct(bank.orgId, { eligibleParkIds: [parkId] });
    const { id: appId } = await createApplication(ent.actor, { assetIds, amount: 1_500_000_00n, termMonths: 12, purpose: "研发投入与流动资金" });
    await submitApplication(ent.actor, appId);
    const db = await getDb();
    await runMatching(db, appId);
    await makeLoanOffer(bank.actor, appId, { amount: 1_000_000_00n, termMonths: 12, spreadBp: 80, repaymentMethod: "equal_principal", riskSchemeCode: "sh-policy-guarantee" });
    const [review] = await db.select().from(bankReviews).where(and(eq(bankReviews.applicationId, appId), eq(bankReviews.bankOrgId, bank.orgId)));
    await acceptOffer(ent.actor, appId, review!.id);
    await startRegistration(bank.actor, appId);
    const { loanId } = await recordRegistration(bank.actor, appId, { cnipaNumber: `Y2026A${Date.now() % 1000000}`, registeredOn: "2026-11-20" });
    await disburseLoan(bank.actor, loanId, { disbursedOn: "2026-11-21" });
    await declareDefault(bank.actor, loanId, { recoveredFen: 0n });
    const [disposal] = await db.select().from(collateralDisposals).where(eq(collateralDisposals.applicationId, appId));
    const listingId = disposal!.listingId!;
    await reviewListing(admin.actor, listingId, "approve", null);

    const { id } = await createAuction(bank.actor, listingId, terms({ reservePriceFen: 2_000_000_00n, startPriceFen: 1_500_000_00n, incrementFen: 50_000_00n }));
    const [x, y] = [await createOrg(), await createOrg()];
    for (const b of [x, y]) await registerBidder(b.actor, id, { acceptRules: true });
    // The pledge is in the data room.
    const room = await dataRoomIndex(x.actor, id);
    const enc = await openDataRoomDocument(x.actor, id, room.assets[0]!.documents.find((d) => d.section === "encumbrances")!.key);
    expect(enc.rows.some((r) => r.some((f) => f.value === "pledge"))).toBe(true);
    await bid(x, id, 1_500_000);
    await bid(y, id, 2_100_000);
    await endNow(id);
    const { dealId } = await closeAuction(db, id);
    const [d] = await db.select().from(deals).where(eq(deals.id, dealId!));
    expect(d).toMatchObject({ buyerOrgId: y.orgId, sellerOrgId: bank.orgId, priceFen: 2_100_000_00n, status: "pending_approval" });

    await reviewDeal(admin.actor, dealId!, "approve", null);
    await confirmOfflinePayment(admin.actor, dealId!, "HK-AUCTION-1");
    const owned = await db.select({ ownerOrgId: ipAssets.ownerOrgId }).from(ipAssets).where(inArray(ipAssets.id, assetIds));
    expect(owned.every((o) => o.ownerOrgId === y.orgId)).toBe(true);
    const pledges = await db.select().from(encumbrances).where(and(inArray(encumbrances.assetId, assetIds), eq(encumbrances.kind, "pledge")));
    expect(pledges.length).toBeGreaterThan(0);
    expect(pledges.every((p) => p.status === "released")).toBe(true);
    const [app] = await db.select({ status: pledgeApplications.status }).from(pledgeApplications).where(eq(pledgeApplications.id, appId));
    expect(app!.status).toBe("closed");
    const [l] = await db.select({ status: listings.status }).from(listings).where(eq(listings.id, listingId));
    expect(l!.status).toBe("closed");
  });
});
