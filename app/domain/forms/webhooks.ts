import { z } from "zod";
import { WEBHOOK_EVENT_TYPES } from "../events";

/** One schema for the console's endpoint form and the API's JSON body. Messages are dictionary keys. */
const eventTypes = z.preprocess(
  (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.enum(WEBHOOK_EVENT_TYPES, { error: "webhooks.errors.eventType" })).min(1, { error: "webhooks.errors.eventTypes" }),
);

export const WebhookEndpointSchema = z.object({
  url: z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(2_000, { error: "errors.tooLong" }),
  description: z.string().trim().max(200, { error: "errors.tooLong" }).optional().default(""),
  eventTypes,
});
export type WebhookEndpointInput = z.output<typeof WebhookEndpointSchema>;

export const WebhookEndpointPatchSchema = WebhookEndpointSchema.partial().extend({
  enabled: z.boolean({ error: "errors.invalid" }).optional(),
});
