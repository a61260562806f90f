import Stripe from "stripe";
import { env, stripeEnabled } from "./env.server";

/**
 * Stripe, and only Stripe, lives here: the client (pointed at STRIPE_API_BASE in tests), Checkout
 * sessions, refunds and webhook signature checks.
 */
const g = globalThis as unknown as { __ipmStripe?: Stripe };

export function stripeClient(): Stripe {
  if (!stripeEnabled()) throw new Error("Stripe is not configured (STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET)");
  if (!g.__ipmStripe) {
    const base = env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : null;
    g.__ipmStripe = new Stripe(env.STRIPE_SECRET_KEY!, {
      maxNetworkRetries: 2,
      timeout: 20_000,
      appInfo: { name: "ip-pledge-marketplace" },
      ...(base ? { host: base.hostname, port: base.port || (base.protocol === "http:" ? 80 : 443), protocol: base.protocol === "http:" ? "http" as const : "https" as const } : {}),
    });
  }
  return g.__ipmStripe;
}

export class WebhookSignatureError extends Error {}

/** Verifies the signature (and its age) on the raw body exactly as received; throws WebhookSignatureError. */
export function verifyWebhook(rawBody: string, signature: string | null): Stripe.Event {
  if (!signature) throw new WebhookSignatureError("missing Stripe-Signature");
  try {
    return stripeClient().webhooks.constructEvent(rawBody, signature, env.STRIPE_WEBHOOK_SECRET!);
  } catch (e) {
    throw new WebhookSignatureError((e as Error).message);
  }
}

export type CheckoutInput = {
  dealId: string; paymentId: string; attempt: number; title: string; amountFen: bigint; feeFen: bigint;
  successUrl: string; cancelUrl: string; idempotencyKey: string; locale: "zh" | "en";
};

/** A Checkout Session for a deal: the deal amount and the platform fee as two lines, in 分 (CNY's minor unit). */
export async function createCheckoutSession(i: CheckoutInput) {
  const line = (name: string, fen: bigint) => ({ quantity: 1, price_data: { currency: "cny", unit_amount: Number(fen), product_data: { name } } });
  const session = await stripeClient().checkout.sessions.create({
    mode: "payment",
    locale: i.locale,
    client_reference_id: i.dealId,
    line_items: [line(i.title.slice(0, 200), i.amountFen), ...(i.feeFen > 0n ? [line(i.locale === "en" ? "Platform fee" : "平台服务费", i.feeFen)] : [])],
    metadata: { dealId: i.dealId, paymentId: i.paymentId, attempt: String(i.attempt) },
    payment_intent_data: { metadata: { dealId: i.dealId, paymentId: i.paymentId } },
    success_url: i.successUrl,
    cancel_url: i.cancelUrl,
  }, { idempotencyKey: i.idempotencyKey });
  return { id: session.id, url: session.url };
}

export async function createRefund(paymentIntentId: string, idempotencyKey: string) {
  const refund = await stripeClient().refunds.create({ payment_intent: paymentIntentId }, { idempotencyKey });
  return { id: refund.id, status: refund.status };
}
