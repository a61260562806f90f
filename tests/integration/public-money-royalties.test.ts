import { and, eq, sql } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Stripe for this file only, pointed at the local stand-in, before any app module reads the environment.
const stripeServer = await vi.hoisted(async () => {
  const { startStripeServer } = await import("../support/stripe-server");
  const s = await startStripeServer();
  process.env.STRIPE_SECRET_KEY = "sk_test_royalties";
  process.env.STRIPE_WEBHOOK_SECRET = "whsec_royalties_integration_secret";
  process.env.STRIPE_API_BASE = s.base;
  return s;
});

const { getDb, queryRows } = await import("#db/client.server");
const { bankReviews, domainEvents, monitoringAlerts, payments, receivableInstalments, receivablePledges, receivableReceipts, royaltyReceivables } = await import("#db/schema/index");
const { addMonths, shanghaiDate } = await import("#app/domain/dates");
const { actOnDeal, makeOffer: makeDealOffer } = await import("#app/services/deals.server");
const { reviewDeal } = await import("#app/services/deal-settlement.server");
const { makeOffer } = await import("#app/services/bank-review.server");
const { runMatching } = await import("#app/services/matching.server");
const { acceptOffer, createApplication, submitApplication } = await import("#app/services/pledge-applications.server");
const { recordRegistration, startRegistration } = await import("#app/services/pledge-registration.server");
const { registryFilingFor } = await import("#app/services/receivable-pledges.server");
const { getReceivable, recordReceipt, startInstalmentCheckout } = await import("#app/services/royalty-receivables.server");
const { sweepRoyalties } = await import("#app/services/royalty-monitoring.server");
const { inlineDispatcher, relayBatch } = await import("#jobs/relay");
const { createAdmin, createOrg } = await import("#tests/support/factories");
const { createPark, createProduct } = await import("#tests/support/financing");
const { publishedListing } = await import("#tests/support/market");
const { startTestServer } = await import("#tests/support/server");
const { checkoutCompletedEvent } = await import("#tests/support/stripe-server");

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
  await stripeServer.close();
});

const today = shanghaiDate();
const sign = (payload: string) => new Stripe("sk_test_unused").webhooks.generateTestHeaderString({ payload, secret: "whsec_royalties_integration_secret" });
const drain = async () => {
  const db = await getDb();
  while ((await relayBatch(db, inlineDispatcher(db))) > 0) { /* until the outbox is empty */ }
};

/** A licence that began four months ago, paid ¥50,000 every three months, four times: the first instalment fell due a month ago. */
async function licenceWithInstalments() {
  const parkId = await createPark();
  const licensor = await createOrg({ kind: "enterprise", parkId, industry: "integrated_circuits" });
  const licensee = await createOrg();
  const admin = await createAdmin();
  const { listingId } = await publishedListing(licensor, admin, { mode: "non_exclusive_licence", termMonths: 24 });
  const deal = await makeDealOffer(licensee.actor, listingId, { priceFen: 0n, termMonths: 24, startDate: addMonths(today, -4), instalmentCount: 4, instalmentMonths: 3, instalmentFen: 50_000_00n });
  await actOnDeal(licensor.actor, deal.id, { event: "accept" });
  expect(await reviewDeal(admin.actor, deal.id, "approve", null)).toMatchObject({ status: "completed" });
  const db = await getDb();
  const [r] = await db.select().from(royaltyReceivables).where(eq(royaltyReceivables.dealId, deal.id));
  return { licensor, licensee, admin, parkId, dealId: deal.id, receivable: r! };
}

describe("licence royalties as collateral", () => {
  it("a licence deal with instalment terms produces the licensor's receivable schedule", async () => {
    const { receivable, licensor, licensee } = await licenceWithInstalments();
    expect(receivable).toMatchObject({ licensorOrgId: licensor.orgId, licenseeOrgId: licensee.orgId, totalFen: 200_000_00n, status: "active" });
    const view = await getReceivable(licensee.actor, receivable.id);
    expect(view.instalments.map((i) => i.dueOn)).toEqual([1, 2, 3, 4].map((k) => addMonths(addMonths(today, -4), 3 * k)));
    await expect(getReceivable((await createOrg({ kind: "bank" })).actor, receivable.id)).rejects.toMatchObject({ status: 404 });
  });

  it("is pledged alone to a bank that accepts it, registered with the unified registry, and monitored: a late royalty alerts all three once, with a royalty.late event for the bank", async () => {
    const { receivable, licensor, licensee, parkId } = await licenceWithInstalments();
    const bank = await createOrg({ kind: "bank" });
    await createProduct(bank.orgId, { eligibleParkIds: [parkId], receivableLtvBp: 6000 });
    const refuses = await createOrg({ kind: "bank" });
    await createProduct(refuses.orgId, { eligibleParkIds: [parkId] });
    const { id } = await createApplication(licensor.actor, { assetIds: [], receivableIds: [receivable.id], amount: 100_000_00n, termMonths: 12, purpose: "以许可收益权质押融资" });
    expect(await submitApplication(licensor.actor, id)).toMatchObject({ status: "matching", valuationId: null });
    const db = await getDb();
    await runMatching(db, id);
    const reviews = await db.select().from(bankReviews).where(eq(bankReviews.applicationId, id));
    expect(reviews.map((r) => r.bankOrgId)).toEqual([bank.orgId]);
    // Its cap is 60 % of the ¥200,000 still to come.
    await expect(makeOffer(bank.actor, id, { amount: 120_000_01n, termMonths: 12, spreadBp: 80, repaymentMethod: "equal_principal" })).rejects.toMatchObject({ status: 400 });
    await makeOffer(bank.actor, id, { amount: 100_000_00n, termMonths: 12, spreadBp: 80, repaymentMethod: "equal_principal" });
    await acceptOffer(licensor.actor, id, reviews[0]!.id);
    await startRegistration(bank.actor, id);
    // Locked: a second application cannot take it.
    await expect(createApplication(licensor.actor, { assetIds: [], receivableIds: [receivable.id], amount: 100_000_00n, termMonths: 12, purpose: "再次质押" }))
      .rejects.toMatchObject({ status: 400, fieldErrors: { receivableIds: ["royalty.errors.notPledgeable"] } });
    const filing = await registryFilingFor(bank.actor, id);
    expect(filing.filings[0]).toMatchObject({ registrationType: "应收账款质押", pledgor: { uscc: expect.any(String) }, collateral: { outstandingFen: "20000000" } });
    await expect(registryFilingFor(refuses.actor, id)).rejects.toMatchObject({ status: 404 });
    await recordRegistration(bank.actor, id, { cnipaNumber: "ZD2026-0001234", registeredOn: today });
    const [pledge] = await db.select().from(receivablePledges).where(eq(receivablePledges.receivableId, receivable.id));
    expect(pledge).toMatchObject({ status: "active", registryNumber: "ZD2026-0001234", bankOrgId: bank.orgId });
    expect((await getReceivable(bank.actor, receivable.id)).pledges).toHaveLength(1);

    await sweepRoyalties(db, today);
    await sweepRoyalties(db, today);
    const alerts = await db.select().from(monitoringAlerts).where(and(eq(monitoringAlerts.kind, "royaltyLate"), eq(monitoringAlerts.applicationId, id)));
    expect(alerts).toHaveLength(1);
    const told = await queryRows<{ org: string; kind: string }>(db, sql`select payload->>'orgId' as org, payload->>'kind' as kind from outbox where payload->>'causeId' = ${alerts[0]!.id}`);
    expect(told.map((t) => t.org).sort()).toEqual([licensor.orgId, licensee.orgId, bank.orgId].sort());
    expect(told.find((t) => t.org === bank.orgId)!.kind).toBe("royalty.alert.latePledged");
    const events = await db.select().from(domainEvents).where(eq(domainEvents.subjectId, receivable.id));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "royalty.late", orgIds: [bank.orgId], payload: { receivableId: receivable.id, applicationId: id, instalmentSeq: 1, owedFen: "5000000" } });
  });

  it("records a Stripe payment of an instalment automatically, once, and the licensor's transfers by reference", async () => {
    const { receivable, licensor, licensee } = await licenceWithInstalments();
    const { url } = await startInstalmentCheckout(licensee.actor, receivable.id, { origin: server.base, locale: "zh-CN" });
    expect(url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    await expect(startInstalmentCheckout(licensor.actor, receivable.id, { origin: server.base, locale: "zh-CN" })).rejects.toMatchObject({ status: 403 });
    const db = await getDb();
    const [p] = await db.select().from(payments).where(eq(payments.dealId, receivable.dealId));
    expect(p).toMatchObject({ amountFen: 50_000_00n, feeFen: 0n, status: "pending", idempotencyKey: expect.stringMatching(/^receivable_.+_checkout_1$/) });
    const payload = JSON.stringify(checkoutCompletedEvent({ id: p!.checkoutSessionId!, amountTotal: 5_000_000, dealId: receivable.dealId, paymentId: p!.id }));
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${server.base}/webhooks/stripe`, { method: "POST", body: payload, headers: { "content-type": "application/json", "stripe-signature": sign(payload) } });
      expect(res.status).toBe(200);
      await drain();
    }
    const receipts = await db.select().from(receivableReceipts).where(eq(receivableReceipts.receivableId, receivable.id));
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({ channel: "stripe", paymentId: p!.id, amountFen: 50_000_00n });
    const [first] = await db.select().from(receivableInstalments).where(and(eq(receivableInstalments.receivableId, receivable.id), eq(receivableInstalments.seq, 1)));
    expect(first!.paidFen).toBe(50_000_00n);
    // Paid, it is not late any more.
    await sweepRoyalties(db, today);
    expect(await db.select().from(monitoringAlerts).where(eq(monitoringAlerts.dedupeKey, `royalty-late:${first!.id}`))).toHaveLength(0);

    await recordReceipt(licensor.actor, receivable.id, { amountFen: 30_000_00n, receivedOn: today, reference: "TR-001" });
    await expect(recordReceipt(licensor.actor, receivable.id, { amountFen: 1n, receivedOn: today, reference: "TR-001" })).rejects.toMatchObject({ status: 409 });
    await expect(recordReceipt(licensor.actor, receivable.id, { amountFen: 200_000_00n, receivedOn: today, reference: "TR-002" })).rejects.toMatchObject({ status: 400 });
    await expect(recordReceipt(licensee.actor, receivable.id, { amountFen: 1n, receivedOn: today, reference: "TR-003" })).rejects.toMatchObject({ status: 403 });
    const view = await getReceivable(licensor.actor, receivable.id);
    expect(view.outstandingFen).toBe(120_000_00n);
    await recordReceipt(licensor.actor, receivable.id, { amountFen: 120_000_00n, receivedOn: today, reference: "TR-004" });
    expect((await getReceivable(licensor.actor, receivable.id)).receivable.status).toBe("settled");
  });
});
