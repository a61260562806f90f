import { and, eq, isNull } from "drizzle-orm";
import type Stripe from "stripe";
import { getDb, type Executor } from "#db/client.server";
import { deals, listings, payments, stripeEvents } from "#db/schema/index";
import { platformFee } from "#app/domain/market/deal";
import type { Actor } from "#app/domain/policy/index";
import { parsePayload } from "#jobs/queues";
import { requireCan } from "#app/utils/auth.server";
import { env, stripeEnabled } from "#app/utils/env.server";
import { ServiceError } from "#app/utils/http.server";
import { createCheckoutSession, createRefund, verifyWebhook } from "#app/utils/stripe.server";
import { loadDeal } from "./deals-shared.server";
import { refundPaymentsOf, settle } from "./deal-settlement.server";
import type { FailureHandler } from "./job-outcomes.server";
import { audit, enqueue } from "./operations.server";
import { recordInstalmentPayment } from "./royalty-receivables.server";
import { isUuid } from "#app/domain/ids";

/** Where the buyer transfers the money when Stripe is not configured. */
export const bankTransferDetails = () => ({
  accountName: env.PAYEE_ACCOUNT_NAME, bank: env.PAYEE_BANK, accountNumber: env.PAYEE_ACCOUNT_NUMBER, online: stripeEnabled(),
});

/**
 * The buyer pays an approved deal through Stripe Checkout. One payment row per attempt; the Stripe
 * request carries an idempotency key derived from the deal and the attempt, so a retried click (or a
 * retried request after a network error) gets the same session instead of a second one.
 */
export async function startCheckout(actor: Actor, dealId: string, opts: { origin: string; locale: "zh-CN" | "en" }) {
  if (!stripeEnabled()) throw new ServiceError(409, "errors.conflict");
  const db = await getDb();
  const prepared = await db.transaction(async (tx) => {
    const d = await loadDeal(tx, dealId, { lock: true });
    requireCan(actor, "deal.act", d);
    if (actor.type === "system" || actor.orgId !== d.buyerOrgId || d.status !== "approved") throw new ServiceError(409, "errors.conflict");
    const [open] = await tx.select().from(payments).where(and(eq(payments.dealId, d.id), eq(payments.provider, "stripe"), eq(payments.status, "pending"), eq(payments.attempt, d.paymentAttempt)));
    const [l] = await tx.select({ title: listings.title }).from(listings).where(eq(listings.id, d.listingId));
    if (open) return { payment: open, title: l!.title };
    const attempt = d.paymentAttempt + 1;
    const fee = platformFee(d.priceFen, env.PLATFORM_FEE_BPS);
    const [p] = await tx.insert(payments).values({
      dealId: d.id, provider: "stripe", status: "pending", attempt, amountFen: d.priceFen, feeFen: fee, totalFen: d.priceFen + fee,
      idempotencyKey: `deal_${d.id}_checkout_${attempt}`,
    }).returning();
    await tx.update(deals).set({ paymentAttempt: attempt, updatedAt: new Date() }).where(eq(deals.id, d.id));
    await audit(tx, actor, { action: "market.checkout-started", entityType: "payment", entityId: p!.id, orgId: d.buyerOrgId, after: { dealId: d.id, attempt, totalFen: p!.totalFen.toString() } });
    return { payment: p!, title: l!.title };
  });
  const p = prepared.payment;
  if (p.checkoutUrl) return { url: p.checkoutUrl };
  const session = await createCheckoutSession({
    dealId, paymentId: p.id, attempt: p.attempt, title: prepared.title, amountFen: p.amountFen, feeFen: p.feeFen,
    successUrl: `${opts.origin}/deals/${dealId}?paid=1`, cancelUrl: `${opts.origin}/deals/${dealId}`,
    idempotencyKey: p.idempotencyKey, locale: opts.locale === "en" ? "en" : "zh",
  });
  await db.update(payments).set({ checkoutSessionId: session.id, checkoutUrl: session.url, updatedAt: new Date() }).where(eq(payments.id, p.id));
  return { url: session.url };
}

/**
 * The webhook: signature checked on the raw body, each event id stored once, and the event handed to
 * the payments queue in the same transaction. A replayed event is acknowledged and changes nothing.
 */
export async function receiveStripeWebhook(rawBody: string, signature: string | null) {
  const event = verifyWebhook(rawBody, signature);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const inserted = await tx.insert(stripeEvents).values({ id: event.id, type: event.type, payload: event as unknown as object })
      .onConflictDoNothing({ target: stripeEvents.id }).returning({ id: stripeEvents.id });
    if (!inserted.length) return { duplicate: true, id: event.id };
    await enqueue(tx, "payments", "stripe-event", { eventId: event.id }, { dedupeKey: `stripe-event:${event.id}` });
    return { duplicate: false, id: event.id };
  });
}

const SYSTEM: Actor = { type: "system", job: "payments" };

/**
 * Processes a stored Stripe event once (the processed_at mark is written in the same transaction as
 * its effects). A completed Checkout completes its deal; if the deal was meanwhile rejected or
 * cancelled, the money goes back.
 */
export async function processStripeEvent(db: Executor, eventId: string) {
  return (db as Awaited<ReturnType<typeof getDb>>).transaction(async (tx) => {
    const [ev] = await tx.select().from(stripeEvents).where(and(eq(stripeEvents.id, eventId), isNull(stripeEvents.processedAt))).for("update");
    if (!ev) return { result: "already-processed" };
    const event = ev.payload as Stripe.Event;
    let result = "ignored";
    if (event.type === "checkout.session.completed" || event.type === "checkout.session.async_payment_succeeded") {
      const session = event.data.object as Stripe.Checkout.Session;
      result = session.payment_status === "paid" || event.type === "checkout.session.async_payment_succeeded" ? await sessionPaid(tx, session) : "awaiting-async-payment";
    } else if (event.type === "checkout.session.expired" || event.type === "checkout.session.async_payment_failed") {
      const session = event.data.object as Stripe.Checkout.Session;
      const status = event.type === "checkout.session.expired" ? "expired" : "failed";
      const n = await tx.update(payments).set({ status, updatedAt: new Date() })
        .where(and(eq(payments.checkoutSessionId, session.id), eq(payments.status, "pending"))).returning({ id: payments.id });
      result = n.length ? status : "no-pending-payment";
    }
    await tx.update(stripeEvents).set({ processedAt: new Date(), result }).where(eq(stripeEvents.id, eventId));
    return { result };
  });
}

async function sessionPaid(tx: Executor, session: Stripe.Checkout.Session): Promise<string> {
  const paymentId = session.metadata?.paymentId;
  const [p] = await tx.select().from(payments)
    .where(paymentId && isUuid(paymentId) ? eq(payments.id, paymentId) : eq(payments.checkoutSessionId, session.id)).for("update");
  if (!p || p.provider !== "stripe") return "unknown-payment";
  if (p.status !== "pending" && p.status !== "expired") return "already-recorded";
  if (session.amount_total !== null && BigInt(session.amount_total) !== p.totalFen) {
    await audit(tx, SYSTEM, { action: "market.payment-amount-mismatch", entityType: "payment", entityId: p.id, after: { expected: p.totalFen.toString(), got: session.amount_total } });
    return "amount-mismatch";
  }
  const intent = typeof session.payment_intent === "string" ? session.payment_intent : (session.payment_intent?.id ?? null);
  // An instalment of a licence's royalty receivable, not the deal itself.
  if (p.receivableInstalmentId) return recordInstalmentPayment(tx, p, { id: session.id, intent });
  const d = await loadDeal(tx, p.dealId, { lock: true });
  const now = new Date();
  if (d.status !== "approved") {
    // Paid for a deal that can no longer be paid (rejected, cancelled, or already paid by another attempt): refund.
    await tx.update(payments).set({ status: "refund_pending", checkoutSessionId: session.id, paymentIntentId: intent, updatedAt: now }).where(eq(payments.id, p.id));
    await audit(tx, SYSTEM, { action: "market.payment-refund", entityType: "payment", entityId: p.id, orgId: d.buyerOrgId, before: { status: p.status }, after: { status: "refund_pending", dealStatus: d.status } });
    await enqueue(tx, "payments", "refund", { paymentId: p.id }, { dedupeKey: `refund:${p.id}` });
    return "refund-late-payment";
  }
  await tx.update(payments).set({ status: "succeeded", checkoutSessionId: session.id, paymentIntentId: intent, confirmedAt: now, updatedAt: now }).where(eq(payments.id, p.id));
  await audit(tx, SYSTEM, { action: "market.payment-succeeded", entityType: "payment", entityId: p.id, orgId: d.buyerOrgId, after: { dealId: d.id, provider: "stripe", totalFen: p.totalFen.toString(), sessionId: session.id } });
  const status = await settle(tx as Parameters<typeof settle>[0], SYSTEM, d, p.id);
  return status === "completed" ? "deal-completed" : `deal-${status}`;
}

/** Refunds a Stripe payment; the idempotency key makes a retried job refund once. */
export async function processRefund(db: Executor, paymentId: string) {
  const [p] = await db.select().from(payments).where(eq(payments.id, paymentId));
  if (!p || p.provider !== "stripe") return { result: "unknown-payment" };
  if (p.status === "refunded") return { result: "already-refunded" };
  if (p.status !== "refund_pending" || !p.paymentIntentId) return { result: "not-refundable" };
  const refund = await createRefund(p.paymentIntentId, `refund_${p.id}`);
  await (db as Awaited<ReturnType<typeof getDb>>).transaction(async (tx) => {
    await tx.update(payments).set({ status: "refunded", refundId: refund.id, updatedAt: new Date() }).where(and(eq(payments.id, p.id), eq(payments.status, "refund_pending")));
    await audit(tx, SYSTEM, { action: "market.payment-refunded", entityType: "payment", entityId: p.id, after: { refundId: refund.id, totalFen: p.totalFen.toString() } });
  });
  return { result: "refunded", refundId: refund.id };
}

/**
 * BullMQ gave up on a payment job. A Stripe event stays unprocessed with the failure as its result;
 * a refund stays `refund_pending`. Both are audited and shown on /admin/jobs, where an admin requeues
 * them (each is idempotent: the processed mark, the refund's idempotency key).
 */
export const onPaymentJobFailed: FailureHandler = async (tx, f) => {
  if (f.name === "stripe-event") {
    const { eventId } = parsePayload("payments", f.name, f.data) as { eventId: string };
    const rows = await tx.update(stripeEvents).set({ result: `failed: ${f.reason}`.slice(0, 500) })
      .where(and(eq(stripeEvents.id, eventId), isNull(stripeEvents.processedAt))).returning({ id: stripeEvents.id });
    if (rows.length) await audit(tx, SYSTEM, { action: "market.stripe-event-failed", entityType: "stripe_event", entityId: eventId, after: { reason: f.reason } });
  } else if (f.name === "refund") {
    const { paymentId } = parsePayload("payments", f.name, f.data) as { paymentId: string };
    const [p] = await tx.select({ status: payments.status }).from(payments).where(eq(payments.id, paymentId));
    if (p?.status === "refund_pending") await audit(tx, SYSTEM, { action: "market.refund-failed", entityType: "payment", entityId: paymentId, after: { reason: f.reason } });
  }
};

export { refundPaymentsOf };
