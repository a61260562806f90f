import { parsePayload } from "#jobs/queues";
import { processRefund, processStripeEvent } from "#app/services/payments.server";
import type { Processor } from "./types";

/** Verified Stripe events and refunds. Both are idempotent: the event's processed mark, the refund's idempotency key. */
export const processPayment: Processor = async (data, ctx) => {
  if (ctx.name === "stripe-event") {
    const p = parsePayload("payments", ctx.name, data) as { eventId: string };
    return processStripeEvent(ctx.db, p.eventId);
  }
  if (ctx.name === "refund") {
    const p = parsePayload("payments", ctx.name, data) as { paymentId: string };
    return processRefund(ctx.db, p.paymentId);
  }
  throw new Error(`payments: unknown job ${ctx.name}`);
};
