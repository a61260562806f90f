import { parsePayload } from "#jobs/queues";
import { deliverAttempt, fanOutEvent, webhookHealthSweep } from "#app/services/webhook-delivery.server";
import type { Processor } from "./types";

/** Bank webhooks: fan an event out to its endpoints, post one attempt, disable endpoints failing for days. */
export const processWebhook: Processor = async (data, ctx) => {
  if (ctx.name === "fan-out") {
    const p = parsePayload("webhooks", ctx.name, data) as { eventId: number };
    return fanOutEvent(ctx.db, p.eventId);
  }
  if (ctx.name === "deliver") {
    const p = parsePayload("webhooks", ctx.name, data) as { deliveryId: string; seq: number; trigger: "auto" | "replay" };
    return deliverAttempt(ctx.db, p);
  }
  if (ctx.name === "health-sweep") return webhookHealthSweep(ctx.db);
  throw new Error(`webhooks: unknown job ${ctx.name}`);
};
