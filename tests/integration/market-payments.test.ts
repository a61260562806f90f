import { and, eq, sql } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Stripe is configured for this file only, pointed at a local stand-in, before any app module reads the environment.
const stripeServer = await vi.hoisted(async () => {
  const { startStripeServer } = await import("../support/stripe-server");
  const s = await startStripeServer();
  process.env.STRIPE_SECRET_KEY = "sk_test_market_integration";
  process.env.STRIPE_WEBHOOK_SECRET = "whsec_market_integration_secret";
  process.env.STRIPE_API_BASE = s.base;
  process.env.PLATFORM_FEE_BPS = "300";
  return s;
});

const { getDb, queryRows } = await import("#db/client.server");
const { auditEvents, deals, licences, payments, stripeEvents } = await import("#db/schema/index");
const { acceptOpenLicence } = await import("#app/services/deals.server");
const { reviewDeal } = await import("#app/services/deal-settlement.server");
const { inlineDispatcher, relayBatch } = await import("#jobs/relay");
const { processStripeEvent } = await import("#app/services/payments.server");
const { createAdmin, createOrg, TEST_PASSWORD } = await import("#tests/support/factories");
const { publishedListing } = await import("#tests/support/market");
const { client, startTestServer } = await import("#tests/support/server");
const { checkoutCompletedEvent } = await import("#tests/support/stripe-server");

const SECRET = "whsec_market_integration_secret";
let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: Awaited<ReturnType<typeof createAdmin>>;
beforeAll(async () => {
  server = await startTestServer();
  admin = await createAdmin();
});
afterAll(async () => {
  await server.close();
  await stripeServer.close();
});

const stripe = new Stripe("sk_test_unused");
const sign = (payload: string, opts: { secret?: string; timestamp?: number } = {}) =>
  stripe.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? SECRET, ...(opts.timestamp ? { timestamp: opts.timestamp } : {}) });
const postWebhook = (payload: string, signature: string | null) =>
  fetch(`${server.base}/webhooks/stripe`, { method: "POST", body: payload, headers: { "content-type": "application/json", ...(signature ? { "stripe-signature": signature } : {}) } });
const drain = async () => {
  const db = await getDb();
  while ((await relayBatch(db, inlineDispatcher(db))) > 0) { /* until the outbox is empty */ }
};

/** An approved open-licence deal (50,000 元) and the buyer's signed-in client. */
async function approvedDeal() {
  const seller = await createOrg({ kind: "university" });
  const buyer = await createOrg();
  const { listingId } = await publishedListing(seller, admin, { mode: "open_licence", openFee: "50000", termMonths: 36 });
  const deal = await acceptOpenLicence(buyer.actor, listingId);
  const c = client(server.base);
  await c.login(buyer.email, TEST_PASSWORD);
  return { deal, buyer, c };
}

async function checkout(c: ReturnType<typeof client>, dealId: string) {
  const res = await c.post(`/deals/${dealId}`, { intent: "pay" });
  expect(res.status).toBe(302);
  const db = await getDb();
  const [p] = await db.select().from(payments).where(eq(payments.dealId, dealId));
  return { res, payment: p! };
}

describe("Stripe Checkout", () => {
  it("sends the deal amount plus the platform fee to Stripe with an idempotency key derived from the deal", async () => {
    const { deal, c } = await approvedDeal();
    const before = stripeServer.requests.length;
    const { res, payment } = await checkout(c, deal.id);
    expect(res.headers.get("location")).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
    const sent = stripeServer.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: "POST", path: "/v1/checkout/sessions" });
    expect(sent[0]!.headers["idempotency-key"]).toBe(`deal_${deal.id}_checkout_1`);
    expect(sent[0]!.headers.authorization).toBe("Bearer sk_test_market_integration");
    expect(sent[0]!.body).toMatchObject({
      mode: "payment", client_reference_id: deal.id,
      "line_items[0][price_data][currency]": "cny", "line_items[0][price_data][unit_amount]": "5000000",
      "line_items[1][price_data][unit_amount]": "150000", "metadata[dealId]": deal.id, "metadata[paymentId]": payment.id,
    });
    expect(payment).toMatchObject({ amountFen: 5_000_000n, feeFen: 150_000n, totalFen: 5_150_000n, status: "pending", attempt: 1 });

    // Paying again reuses the open session: no second payment, no second Stripe request.
    await checkout(c, deal.id);
    expect(stripeServer.requests.length).toBe(before + 1);
    const db = await getDb();
    expect(await db.select().from(payments).where(eq(payments.dealId, deal.id))).toHaveLength(1);
  });
});

describe("the Stripe webhook", () => {
  it("completes the deal from a signed checkout.session.completed event, and a replayed event changes nothing", async () => {
    const { deal, buyer, c } = await approvedDeal();
    const { payment } = await checkout(c, deal.id);
    const payload = JSON.stringify(checkoutCompletedEvent({ id: payment.checkoutSessionId!, amountTotal: 5_150_000, dealId: deal.id, paymentId: payment.id }));
    const first = await postWebhook(payload, sign(payload));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, duplicate: false });
    await drain();

    const db = await getDb();
    const snapshot = async () => ({
      deal: (await db.select({ status: deals.status }).from(deals).where(eq(deals.id, deal.id)))[0]!.status,
      payments: await db.select({ status: payments.status }).from(payments).where(eq(payments.dealId, deal.id)),
      licences: (await db.select().from(licences).where(eq(licences.dealId, deal.id))).length,
      audits: (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from audit_events where entity_id in (${deal.id}, ${payment.id})`))[0]!.n,
      outbox: (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from outbox`))[0]!.n,
      events: (await db.select().from(stripeEvents)).length,
    });
    const done = await snapshot();
    expect(done).toMatchObject({ deal: "completed", payments: [{ status: "succeeded" }], licences: 1 });
    const [lic] = await db.select().from(licences).where(eq(licences.dealId, deal.id));
    expect(lic!.licenseeOrgId).toBe(buyer.orgId);

    const replay = await postWebhook(payload, sign(payload));
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ received: true, duplicate: true });
    await drain();
    const eventId = (JSON.parse(payload) as { id: string }).id;
    expect(await processStripeEvent(db, eventId)).toEqual({ result: "already-processed" });
    expect(await snapshot()).toEqual(done);
  });

  it("answers a forged, stale or missing signature with 400 and stores nothing", async () => {
    const { deal, c } = await approvedDeal();
    const { payment } = await checkout(c, deal.id);
    const payload = JSON.stringify(checkoutCompletedEvent({ id: payment.checkoutSessionId!, amountTotal: 5_150_000, dealId: deal.id, paymentId: payment.id }));
    expect((await postWebhook(payload, sign(payload, { secret: "whsec_forged" }))).status).toBe(400);
    expect((await postWebhook(payload, sign(payload, { timestamp: Math.floor(Date.now() / 1000) - 3600 }))).status).toBe(400);
    expect((await postWebhook(payload, null)).status).toBe(400);
    // A body altered after signing fails too.
    expect((await postWebhook(payload.replace("5150000", "1"), sign(payload))).status).toBe(400);
    const db = await getDb();
    const eventId = (JSON.parse(payload) as { id: string }).id;
    expect(await db.select().from(stripeEvents).where(eq(stripeEvents.id, eventId))).toHaveLength(0);
    const [d] = await db.select({ status: deals.status }).from(deals).where(eq(deals.id, deal.id));
    expect(d!.status).toBe("approved");
  });

  it("refunds a payment that arrives after an admin rejected the deal", async () => {
    const { deal, c } = await approvedDeal();
    const { payment } = await checkout(c, deal.id);
    await reviewDeal(admin.actor, deal.id, "reject", "许可条件与备案不符");
    const before = stripeServer.requests.length;
    const event = checkoutCompletedEvent({ id: payment.checkoutSessionId!, amountTotal: 5_150_000, dealId: deal.id, paymentId: payment.id });
    const payload = JSON.stringify(event);
    expect((await postWebhook(payload, sign(payload))).status).toBe(200);
    await drain();
    const refunds = stripeServer.requests.slice(before).filter((r) => r.path === "/v1/refunds");
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.body.payment_intent).toBe(event.data.object.payment_intent);
    expect(refunds[0]!.headers["idempotency-key"]).toBe(`refund_${payment.id}`);
    const db = await getDb();
    const [p] = await db.select().from(payments).where(eq(payments.id, payment.id));
    expect(p).toMatchObject({ status: "refunded" });
    expect(p!.refundId).toMatch(/^re_/);
    const [d] = await db.select({ status: deals.status }).from(deals).where(eq(deals.id, deal.id));
    expect(d!.status).toBe("rejected");
    expect(await db.select().from(licences).where(eq(licences.dealId, deal.id))).toHaveLength(0);
    const audits = await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, payment.id), eq(auditEvents.action, "market.payment-refunded")));
    expect(audits).toHaveLength(1);
  });
});
