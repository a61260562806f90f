import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, queryRows } from "#db/client.server";
import {
  applicationAssets, bankReviews, collateralDisposals, encumbrances, listings, ipAssets, loanOffers, lossSplits, matches, monitoringAlerts, notifications, pledgeApplications,
} from "#db/schema/index";
import { acceptOffer, answerInfoRequest, createApplication, getApplicationView, submitApplication, withdrawApplication } from "#app/services/pledge-applications.server";
import { makeOffer, rejectApplication, requestInfo } from "#app/services/bank-review.server";
import { runMatching, rematchForProduct } from "#app/services/matching.server";
import { recordRegistration, startRegistration } from "#app/services/pledge-registration.server";
import { closeDisposal, declareDefault, disburseLoan, getLoan, recordRepayment } from "#app/services/loans.server";
import { actOnDeal, makeOffer as makeDealOffer } from "#app/services/deals.server";
import { confirmOfflinePayment, reviewDeal } from "#app/services/deal-settlement.server";
import { reviewListing } from "#app/services/listings.server";
import { sweepCollateral } from "#app/services/collateral-monitoring.server";
import { getMyProduct, setProductStatus, updateProduct } from "#app/services/bank-products.server";
import { processNotification } from "#jobs/processors/notifications";
import { createAdmin, createAsset, createOrg } from "#tests/support/factories";
import { createCompletedValuation, createPark, createProduct, enterpriseWithValuedAssets } from "#tests/support/financing";
import { publishedListing } from "#tests/support/market";

const offer = { amount: 1_000_000_00n, termMonths: 12, spreadBp: 80, repaymentMethod: "equal_principal" as const, riskSchemeCode: "sh-policy-guarantee" };

/** An application taken through submission and matching, with one eligible bank and one that is not. */
async function matchedApplication() {
  const { ent, assetIds, parkId } = await enterpriseWithValuedAssets();
  const bank = await createOrg({ kind: "bank" });
  const other = await createOrg({ kind: "bank" });
  const product = await createProduct(bank.orgId, { eligibleParkIds: [parkId] });
  const shortOnly = await createProduct(other.orgId, { maxTermMonths: 6, name: "短期贷", eligibleParkIds: [parkId] });
  const { id } = await createApplication(ent.actor, { assetIds, amount: 1_500_000_00n, termMonths: 12, purpose: "研发投入与流动资金" });
  const submitted = await submitApplication(ent.actor, id);
  expect(submitted).toMatchObject({ status: "matching", valuationReused: true });
  const db = await getDb();
  await runMatching(db, id);
  return { ent, bank, other, product, shortOnly, id, assetIds, db, parkId };
}

describe("pledge application: pre-check, submission and matching", () => {
  it("refuses to submit while a ground fails and keeps the draft, listing every failing ground", async () => {
    const ent = await createOrg();
    const ok = await createAsset({ ownerOrgId: ent.orgId });
    const bad = await createAsset({ ownerOrgId: ent.orgId, disputeFlag: true, invalidationPending: true });
    const { id, precheck } = await createApplication(ent.actor, { assetIds: [ok.id, bad.id], amount: 100_000_00n, termMonths: 12, purpose: "测试用途" });
    expect(precheck.ok).toBe(false);
    const failing = precheck.assets.find((a) => a.assetId === bad.id)!.results.filter((r) => r.outcome === "fail").map((r) => r.rule);
    expect(failing).toEqual(["disputeOrPreservation", "noInvalidation"]);
    await expect(submitApplication(ent.actor, id)).rejects.toMatchObject({ status: 422 });
    const db = await getDb();
    const [row] = await db.select({ status: pledgeApplications.status }).from(pledgeApplications).where(eq(pledgeApplications.id, id));
    expect(row!.status).toBe("draft");
  });

  it("refuses another organisation's asset as if it did not exist", async () => {
    const ent = await createOrg();
    const stranger = await createOrg();
    const theirs = await createAsset({ ownerOrgId: stranger.orgId });
    await expect(createApplication(ent.actor, { assetIds: [theirs.id], amount: 100_000_00n, termMonths: 12, purpose: "测试用途" })).rejects.toMatchObject({ status: 400 });
  });

  it("refuses an application within a campaign that does not exist, as a field error (400), writing nothing", async () => {
    const ent = await createOrg();
    const mine = await createAsset({ ownerOrgId: ent.orgId });
    const input = { assetIds: [mine.id], amount: 100_000_00n, termMonths: 12, purpose: "测试用途" };
    await expect(createApplication(ent.actor, { ...input, campaignId: "00000000-0000-4000-8000-000000000000" }))
      .rejects.toMatchObject({ status: 400, fieldErrors: { campaignId: ["campaign.errors.notAvailable"] } });
    const { listMyApplications } = await import("#app/services/pledge-applications.server");
    expect(await listMyApplications(ent.actor)).toHaveLength(0);
  });

  it("ranks eligible products, explains why the others are not, and routes only eligible banks", async () => {
    const { id, bank, other, product, shortOnly, db } = await matchedApplication();
    const rows = await db.select().from(matches).where(eq(matches.applicationId, id));
    const mine = rows.find((m) => m.productId === product.id)!;
    const theirs = rows.find((m) => m.productId === shortOnly.id)!;
    expect(mine).toMatchObject({ eligible: true, rank: 1 });
    expect(mine.score).toBeGreaterThan(0);
    expect(theirs.eligible).toBe(false);
    const failed = (theirs.reasons as { rules: Array<{ rule: string; pass: boolean }> }).rules.filter((r) => !r.pass).map((r) => r.rule);
    expect(failed).toEqual(["termRange"]);
    const reviews = await db.select().from(bankReviews).where(eq(bankReviews.applicationId, id));
    expect(reviews.map((r) => r.bankOrgId)).toEqual([bank.orgId]);
    expect(reviews.map((r) => r.bankOrgId)).not.toContain(other.orgId);
  });

  it("re-matching is idempotent: same matches, one review per bank, one notice", async () => {
    const { id, bank, product, db } = await matchedApplication();
    const before = await db.select().from(matches).where(eq(matches.applicationId, id));
    await runMatching(db, id);
    await rematchForProduct(db, product.id);
    expect(await db.select().from(matches).where(eq(matches.applicationId, id))).toHaveLength(before.length);
    expect(await db.select().from(bankReviews).where(eq(bankReviews.applicationId, id))).toHaveLength(1);
    const jobs = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from outbox where payload->>'orgId' = ${bank.orgId} and payload->>'kind' = 'financing.notice.newApplication'`);
    expect(jobs[0]!.n).toBe(1);
  });

  it("re-matches after a product change and routes a bank whose product now fits", async () => {
    const { id, other, shortOnly, db, parkId } = await matchedApplication();
    await updateProduct(other.actor, shortOnly.id, {
      name: "短期贷", minAmount: 100_000_00n, maxAmount: 10_000_000_00n, minTermMonths: 6, maxTermMonths: 24, spreadBp: 60, ltvInvention: 3000,
      eligibleIndustries: [], eligibleParkIds: [parkId], acceptsPlatformValuation: true, insuranceRequired: false, riskSchemes: [], repaymentMethods: ["equal_instalment"],
    });
    await rematchForProduct(db, shortOnly.id);
    const reviews = await db.select().from(bankReviews).where(eq(bankReviews.applicationId, id));
    expect(reviews.map((r) => r.bankOrgId)).toContain(other.orgId);
  });
});

describe("bank products", () => {
  it("a bank edits and pauses only its own products; another bank gets 404", async () => {
    const bank = await createOrg({ kind: "bank" });
    const other = await createOrg({ kind: "bank" });
    const product = await createProduct(bank.orgId, { eligibleParkIds: [await createPark()] });
    await expect(getMyProduct(other.actor, product.id)).rejects.toMatchObject({ status: 404 });
    await expect(setProductStatus(other.actor, product.id, "pause")).rejects.toMatchObject({ status: 404 });
    expect(await setProductStatus(bank.actor, product.id, "pause")).toMatchObject({ status: "paused" });
    await expect(setProductStatus(bank.actor, product.id, "pause")).rejects.toMatchObject({ status: 409 });
    const ent = await createOrg();
    await expect(getMyProduct(ent.actor, product.id)).rejects.toMatchObject({ status: 403 });
  });
});

describe("bank review", () => {
  it("runs info request ⇄ answer, caps the offer by LTV × low value, and closes other banks on acceptance", async () => {
    const { ent, bank, id, db, parkId } = await matchedApplication();
    // Second bank routed too, to see its review close.
    const bank2 = await createOrg({ kind: "bank" });
    await createProduct(bank2.orgId, { eligibleParkIds: [parkId] });
    await runMatching(db, id);

    expect(await requestInfo(bank.actor, id, "请提供近三年财务报表")).toMatchObject({ status: "info_requested" });
    const [review] = await db.select().from(bankReviews).where(and(eq(bankReviews.applicationId, id), eq(bankReviews.bankOrgId, bank.orgId)));
    expect(await answerInfoRequest(ent.actor, id, review!.id, "已上传，请查收")).toMatchObject({ status: "under_review" });

    // Low value ¥8,000,000 × 30 % = ¥2,400,000 cap, and no more than the ¥1,500,000 asked.
    await expect(makeOffer(bank.actor, id, { ...offer, amount: 1_500_000_01n })).rejects.toMatchObject({ status: 400, fieldErrors: { amount: ["financing.errors.offerOverCap"] } });
    expect(await makeOffer(bank.actor, id, offer)).toMatchObject({ status: "offered" });
    expect(await makeOffer(bank2.actor, id, { ...offer, spreadBp: 50 })).toMatchObject({ status: "offered" });

    // A bank never sees another bank's offer.
    const seen = await getApplicationView(bank.actor, id);
    expect(seen.reviews).toHaveLength(1);
    expect(seen.reviews[0]!.offer?.bankOrgId).toBe(bank.orgId);
    expect(seen.matches.every((m) => m.bankOrgId === bank.orgId)).toBe(true);

    expect(await acceptOffer(ent.actor, id, review!.id)).toMatchObject({ status: "accepted" });
    const after = await db.select({ bankOrgId: bankReviews.bankOrgId, status: bankReviews.status }).from(bankReviews).where(eq(bankReviews.applicationId, id));
    expect(after.find((r) => r.bankOrgId === bank.orgId)!.status).toBe("accepted");
    expect(after.find((r) => r.bankOrgId === bank2.orgId)!.status).toBe("closed");
  });

  it("rejects the application once its only bank rejects it", async () => {
    const { bank, id, db } = await matchedApplication();
    expect(await rejectApplication(bank.actor, id, "经营年限不足")).toMatchObject({ status: "rejected", reviewStatus: "rejected" });
    const [row] = await db.select({ status: pledgeApplications.status }).from(pledgeApplications).where(eq(pledgeApplications.id, id));
    expect(row!.status).toBe("rejected");
  });

  it("answers 404 to an enterprise of another organisation and to a bank the application was not routed to", async () => {
    const { id, other } = await matchedApplication();
    const stranger = await createOrg();
    await expect(getApplicationView(stranger.actor, id)).rejects.toMatchObject({ status: 404 });
    await expect(getApplicationView(other.actor, id)).rejects.toMatchObject({ status: 404 });
    await expect(requestInfo(other.actor, id, "我想看看")).rejects.toMatchObject({ status: 404 });
    await expect(withdrawApplication(stranger.actor, id)).rejects.toMatchObject({ status: 404 });
  });
});

describe("registration, loan and release", () => {
  it("registers, disburses, repays to settlement and releases the pledge", async () => {
    const { ent, bank, id, assetIds, db } = await matchedApplication();
    await makeOffer(bank.actor, id, offer);
    const [review] = await db.select().from(bankReviews).where(and(eq(bankReviews.applicationId, id), eq(bankReviews.bankOrgId, bank.orgId)));
    await acceptOffer(ent.actor, id, review!.id);
    expect(await startRegistration(bank.actor, id)).toMatchObject({ status: "registering" });
    const { loanId, status } = await recordRegistration(bank.actor, id, { cnipaNumber: `Y2026310000${Date.now() % 100000}`, registeredOn: "2026-11-20" });
    expect(status).toBe("registered");
    const locks = await db.select().from(encumbrances).where(inArray(encumbrances.assetId, assetIds));
    expect(locks.map((l) => l.status)).toEqual(["active", "active"]);

    const d = await disburseLoan(bank.actor, loanId, { disbursedOn: "2026-11-21" });
    expect(d).toMatchObject({ status: "active", instalments: 12 });
    const loan = await getLoan(bank.actor, loanId);
    expect(loan.schedule.reduce((a, i) => a + i.principalFen, 0n)).toBe(1_000_000_00n);

    const first = loan.schedule[0]!;
    const r1 = await recordRepayment(bank.actor, loanId, { amountFen: first.principalFen + first.interestFen, paidOn: "2026-12-21" }, "ui");
    expect(r1.loanStatus).toBe("active");
    await expect(recordRepayment(bank.actor, loanId, { amountFen: r1.outstandingFen + 1n, paidOn: "2026-12-22" }, "ui")).rejects.toMatchObject({ status: 400 });
    const r2 = await recordRepayment(bank.actor, loanId, { amountFen: r1.outstandingFen, paidOn: "2026-12-22" }, "ui");
    expect(r2).toMatchObject({ loanStatus: "settled", outstandingFen: 0n });

    const [app] = await db.select({ status: pledgeApplications.status }).from(pledgeApplications).where(eq(pledgeApplications.id, id));
    expect(app!.status).toBe("settled");
    const released = await db.select().from(encumbrances).where(inArray(encumbrances.assetId, assetIds));
    expect(released.every((l) => l.status === "released" && l.releasedAt)).toBe(true);
  });

  it("a loan of 10 million 元 or more makes the pledged patent a high-value one on the market from the day it is paid out", async () => {
    const admin = await createAdmin();
    const parkId = await createPark();
    const ent = await createOrg({ kind: "enterprise", industry: "other", parkId });
    const asset = await createAsset({ ownerOrgId: ent.orgId, kind: "invention", industry: "other" });
    await createCompletedValuation(ent.orgId, [asset.id], 40_000_000_00n);
    const { listingId } = await publishedListing(ent, admin, { mode: "non_exclusive_licence", assetIds: [asset.id] });
    const db = await getDb();
    const highValue = async () => (await db.select({ v: listings.highValue }).from(listings).where(eq(listings.id, listingId)))[0]!.v;
    expect(await highValue()).toBe(false);

    const bank = await createOrg({ kind: "bank" });
    await createProduct(bank.orgId, { eligibleParkIds: [parkId], maxAmountFen: 20_000_000_00n });
    const { id } = await createApplication(ent.actor, { assetIds: [asset.id], amount: 10_000_000_00n, termMonths: 12, purpose: "扩大生产与研发投入" });
    await submitApplication(ent.actor, id);
    await runMatching(db, id);
    await makeOffer(bank.actor, id, { ...offer, amount: 10_000_000_00n });
    const [review] = await db.select().from(bankReviews).where(and(eq(bankReviews.applicationId, id), eq(bankReviews.bankOrgId, bank.orgId)));
    await acceptOffer(ent.actor, id, review!.id);
    await startRegistration(bank.actor, id);
    const { loanId } = await recordRegistration(bank.actor, id, { cnipaNumber: `Y2026310001${Date.now() % 100000}`, registeredOn: "2026-11-20" });
    expect(await highValue()).toBe(false);
    await disburseLoan(bank.actor, loanId, { disbursedOn: "2026-11-21" });
    expect(await highValue()).toBe(true);
  });

  it("re-runs the pre-check before registration: an asset that lapsed meanwhile blocks it", async () => {
    const { ent, bank, id, assetIds, db } = await matchedApplication();
    await makeOffer(bank.actor, id, offer);
    const [review] = await db.select().from(bankReviews).where(and(eq(bankReviews.applicationId, id), eq(bankReviews.bankOrgId, bank.orgId)));
    await acceptOffer(ent.actor, id, review!.id);
    await db.update(ipAssets).set({ legalStatus: "lapsed" }).where(eq(ipAssets.id, assetIds[0]!));
    await expect(startRegistration(bank.actor, id)).rejects.toMatchObject({ status: 422 });
    const [row] = await db.select({ status: pledgeApplications.status }).from(pledgeApplications).where(eq(pledgeApplications.id, id));
    expect(row!.status).toBe("accepted");
  });

  it("a platform admin may record the registration; the enterprise may not (403)", async () => {
    const { ent, bank, id, db } = await matchedApplication();
    await makeOffer(bank.actor, id, offer);
    const [review] = await db.select().from(bankReviews).where(and(eq(bankReviews.applicationId, id), eq(bankReviews.bankOrgId, bank.orgId)));
    await acceptOffer(ent.actor, id, review!.id);
    await expect(startRegistration(ent.actor, id)).rejects.toMatchObject({ status: 403 });
    const admin = await createAdmin();
    expect(await startRegistration(admin.actor, id)).toMatchObject({ status: "registering" });
    expect(await recordRegistration(admin.actor, id, { cnipaNumber: `Y-ADM-${Date.now()}`, registeredOn: "2026-11-20" })).toMatchObject({ status: "registered" });
  });

  it("50 concurrent attempts to pledge one asset end with exactly one active pledge", async () => {
    const db = await getDb();
    const ent = await createOrg();
    const bank = await createOrg({ kind: "bank" });
    const product = await createProduct(bank.orgId, { eligibleParkIds: [await createPark()] });
    const asset = await createAsset({ ownerOrgId: ent.orgId });
    // Fixtures: 50 applications of the same asset, each already accepted by the bank.
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const [app] = await db.insert(pledgeApplications).values({ enterpriseOrgId: ent.orgId, amountFen: 100_000_00n, termMonths: 12, purpose: "并发测试", status: "accepted" }).returning();
      await db.insert(applicationAssets).values({ applicationId: app!.id, assetId: asset.id });
      const [rev] = await db.insert(bankReviews).values({ applicationId: app!.id, bankOrgId: bank.orgId, productId: product.id, status: "accepted" }).returning();
      await db.insert(loanOffers).values({ reviewId: rev!.id, applicationId: app!.id, bankOrgId: bank.orgId, productId: product.id, amountFen: 100_000_00n, termMonths: 12, lprBp: 300, spreadBp: 80, rateBp: 380, repaymentMethod: "equal_instalment" });
      await db.update(pledgeApplications).set({ acceptedReviewId: rev!.id }).where(eq(pledgeApplications.id, app!.id));
      ids.push(app!.id);
    }
    const results = await Promise.allSettled(ids.map((id) => startRegistration(bank.actor, id)));
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    // Losers are refused either by the constraint (409) or, once the winner committed, by the pre-check's "already pledged" (422).
    for (const r of results) if (r.status === "rejected") expect([409, 422], String(r.reason)).toContain((r.reason as { status?: number }).status);
    const [{ n }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from encumbrances where asset_id = ${asset.id} and kind = 'pledge' and status in ('pending', 'active')`);
    expect(n).toBe(1);
    // The last guard is the database itself: a second pending pledge of the asset is refused by the index.
    await expect(db.insert(encumbrances).values({ assetId: asset.id, kind: "pledge", status: "pending", holderOrgId: bank.orgId, sourceType: "test", sourceId: ids[0]! }))
      .rejects.toSatisfy((e: unknown) => /encumbrances_one_title_lock/.test(String((e as { cause?: Error }).cause?.message ?? e)));
  });

  it("on default splits the loss by the scheme (exactly, within caps) and puts the collateral up for disposal", async () => {
    const { ent, bank, id, assetIds, db } = await matchedApplication();
    await makeOffer(bank.actor, id, offer);
    const [review] = await db.select().from(bankReviews).where(and(eq(bankReviews.applicationId, id), eq(bankReviews.bankOrgId, bank.orgId)));
    await acceptOffer(ent.actor, id, review!.id);
    await startRegistration(bank.actor, id);
    const { loanId } = await recordRegistration(bank.actor, id, { cnipaNumber: `Y2026D${Date.now() % 1000000}`, registeredOn: "2026-11-20" });
    await disburseLoan(bank.actor, loanId, { disbursedOn: "2026-11-21" });
    const r = await declareDefault(bank.actor, loanId, { recoveredFen: 0n });
    expect(r.applicationStatus).toBe("in_disposal");
    const [split] = await db.select().from(lossSplits).where(eq(lossSplits.loanId, loanId));
    const parts = split!.parts as Array<{ party: string; amountFen: string }>;
    expect(parts.reduce((a, p) => a + BigInt(p.amountFen), 0n)).toBe(split!.lossFen);
    const guarantor = BigInt(parts.find((p) => p.party === "guarantor")!.amountFen);
    expect(guarantor * 10_000n <= split!.lossFen * 8_000n).toBe(true);
    // Listed on the marketplace for transfer, the bank as the disposing party.
    const disposals = await db.select().from(collateralDisposals).where(eq(collateralDisposals.applicationId, id));
    expect(disposals).toHaveLength(2);
    const [listing] = await db.select().from(listings).where(eq(listings.id, disposals[0]!.listingId!));
    expect(listing).toMatchObject({ disposingOrgId: bank.orgId, mode: "transfer" });

    // The platform publishes it, a buyer offers, the bank accepts, the admin approves and confirms payment:
    // the sale moves ownership, releases the pledge and closes the disposal, all at once.
    const admin = await createAdmin();
    await reviewListing(admin.actor, listing!.id, "approve", null);
    const buyer = await createOrg();
    const deal = await makeDealOffer(buyer.actor, listing!.id, { priceFen: 3_000_000_00n });
    await actOnDeal(bank.actor, deal.id, { event: "accept" });
    await reviewDeal(admin.actor, deal.id, "approve", null);
    await confirmOfflinePayment(admin.actor, deal.id, "HK-20261130");
    const owned = await db.select({ ownerOrgId: ipAssets.ownerOrgId }).from(ipAssets).where(inArray(ipAssets.id, assetIds));
    expect(owned.every((a) => a.ownerOrgId === buyer.orgId)).toBe(true);
    const pledges = await db.select().from(encumbrances).where(and(inArray(encumbrances.assetId, assetIds), eq(encumbrances.kind, "pledge")));
    expect(pledges.every((p) => p.status === "released")).toBe(true);
    const [closed] = await db.select({ status: pledgeApplications.status }).from(pledgeApplications).where(eq(pledgeApplications.id, id));
    expect(closed!.status).toBe("closed");
    const told = await queryRows<{ org: string }>(db, sql`select payload->>'orgId' as org from outbox where payload->>'kind' = 'financing.notice.disposalSold' and payload->>'link' like ${`%${id}`}`);
    expect(told.map((t) => t.org).sort()).toEqual([ent.orgId, bank.orgId].sort());
    // The bank cannot close it a second time.
    await expect(closeDisposal(bank.actor, loanId)).rejects.toMatchObject({ status: 409 });
  });
});

describe("collateral monitoring", () => {
  it("alerts the enterprise and the bank once for a repayment falling due and for an annuity in its grace period", async () => {
    const { ent, bank, id, assetIds, db } = await matchedApplication();
    await makeOffer(bank.actor, id, offer);
    const [review] = await db.select().from(bankReviews).where(and(eq(bankReviews.applicationId, id), eq(bankReviews.bankOrgId, bank.orgId)));
    await acceptOffer(ent.actor, id, review!.id);
    await startRegistration(bank.actor, id);
    const { loanId } = await recordRegistration(bank.actor, id, { cnipaNumber: `Y2026M${Date.now() % 1000000}`, registeredOn: "2026-11-20" });
    await disburseLoan(bank.actor, loanId, { disbursedOn: "2026-11-21" });
    // Filed 2019-03-15 and paid through the eighth year: the ninth year's annuity falls due on the
    // anniversary, 2027-03-15; on 2027-05-20 it is late-payment month 3 (more than two whole months).
    await db.update(ipAssets).set({ annuityPaidThrough: "2027-03-14" }).where(eq(ipAssets.id, assetIds[0]!));
    await db.update(ipAssets).set({ annuityPaidThrough: "2028-03-14" }).where(eq(ipAssets.id, assetIds[1]!));
    await sweepCollateral(db, "2027-05-20");
    await sweepCollateral(db, "2027-05-20");
    const alerts = await db.select().from(monitoringAlerts).where(eq(monitoringAlerts.loanId, loanId));
    const grace = alerts.filter((a) => a.kind === "annuityGrace");
    expect(grace).toHaveLength(1);
    expect(grace[0]!.params).toMatchObject({ graceMonth: 3, surchargePercent: 10 });
    expect(alerts.filter((a) => a.kind === "repaymentOverdue").length).toBeGreaterThan(0);
    const loan = await getLoan(bank.actor, loanId);
    expect(loan.loan.status).toBe("overdue");

    const rows = await queryRows<{ payload: unknown; name: string; dedupe_key: string }>(db, sql`select payload, name, dedupe_key from outbox where payload->>'kind' = 'financing.alert.annuityGrace' and payload->>'orgId' in (${ent.orgId}, ${bank.orgId})`);
    expect(rows).toHaveLength(2);
    for (const job of rows) {
      const ctx = { id: job.dedupe_key, name: job.name, attemptsMade: 0, db, updateProgress: async () => {}, log: () => {} };
      await processNotification(job.payload, ctx);
      await processNotification(job.payload, ctx);
    }
    const notes = await db.select().from(notifications).where(and(eq(notifications.kind, "financing.alert.annuityGrace"), inArray(notifications.orgId, [ent.orgId, bank.orgId])));
    expect(notes).toHaveLength(2);
  });

  it("alerts the enterprise and the bank once when a pledged trademark's renewal falls due", async () => {
    const parkId = await createPark();
    const ent = await createOrg({ kind: "enterprise", industry: "integrated_circuits", parkId });
    const tm = await createAsset({ ownerOrgId: ent.orgId, kind: "trademark", filingDate: "2016-01-10", grantDate: "2017-06-07", expiryDate: "2027-06-06", annuityPaidThrough: null, niceClasses: [9] });
    await createCompletedValuation(ent.orgId, [tm.id], 8_000_000_00n);
    const bank = await createOrg({ kind: "bank" });
    await createProduct(bank.orgId, { eligibleParkIds: [parkId] });
    // Six months: the loan matures before the registration expires, so the pre-check lets it through.
    const { id } = await createApplication(ent.actor, { assetIds: [tm.id], amount: 1_500_000_00n, termMonths: 6, purpose: "品牌推广与流动资金" });
    await submitApplication(ent.actor, id);
    const db = await getDb();
    await runMatching(db, id);
    await makeOffer(bank.actor, id, { ...offer, termMonths: 6 });
    const [review] = await db.select().from(bankReviews).where(and(eq(bankReviews.applicationId, id), eq(bankReviews.bankOrgId, bank.orgId)));
    await acceptOffer(ent.actor, id, review!.id);
    await startRegistration(bank.actor, id);
    const { loanId } = await recordRegistration(bank.actor, id, { cnipaNumber: `Y2026T${Date.now() % 1000000}`, registeredOn: "2026-11-20" });
    await disburseLoan(bank.actor, loanId, { disbursedOn: "2026-11-21" });
    await sweepCollateral(db, "2026-12-01");
    await sweepCollateral(db, "2027-05-10");
    await sweepCollateral(db, "2027-05-12");
    const alerts = await db.select().from(monitoringAlerts).where(eq(monitoringAlerts.loanId, loanId));
    expect(alerts.filter((a) => a.kind.startsWith("renewal")).map((a) => a.kind).sort()).toEqual(["renewalDue", "renewalOpen"]);
    const rows = await queryRows<{ org: string }>(db, sql`select payload->>'orgId' as org from outbox where payload->>'kind' = 'financing.alert.renewalDue' and payload->>'orgId' in (${ent.orgId}, ${bank.orgId})`);
    expect(rows.map((r) => r.org).sort()).toEqual([ent.orgId, bank.orgId].sort());
  });
});
