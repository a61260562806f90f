import { z } from "zod";
import { WEBHOOK_EVENT_TYPES } from "./events";
import { WebhookEndpointPatchSchema, WebhookEndpointSchema } from "./forms/webhooks";

/**
 * The webhook part of the bank API's OpenAPI document: endpoint management under `/webhooks`, and
 * the events themselves as OpenAPI 3.1 `webhooks` (Standard Webhooks v1 headers, thin payloads).
 */
type Helpers = {
  json: (s: z.ZodType, io?: "input" | "output") => object;
  error: (description: string) => object;
  idParam: (name: string, description: string) => object;
  idempotency: object;
  lang: object;
  common: Record<string, object>;
};

const Endpoint = z.object({
  id: z.uuid(), url: z.string(), description: z.string(), eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  status: z.enum(["enabled", "disabled"]), disabledReason: z.enum(["gone", "failing", "manual"]).nullable(), createdAt: z.string(),
});
const Created = z.object({ id: z.uuid(), secret: z.string().describe("whsec_… — verify signatures with it (standardwebhooks)"), url: z.string(), eventTypes: z.array(z.string()) });
const Rotated = z.object({ id: z.uuid(), secret: z.string(), previousExpiresAt: z.string().describe("Until then both secrets sign (two signatures in webhook-signature)") });
export const WebhookEventBody = z.object({
  type: z.enum(WEBHOOK_EVENT_TYPES),
  timestamp: z.string(),
  data: z.object({ eventId: z.string(), applicationId: z.uuid().optional(), loanId: z.uuid().optional(), registrationId: z.uuid().optional(), assetId: z.uuid().optional(), reviewId: z.uuid().optional() }).catchall(z.union([z.string(), z.number(), z.null()])),
});

export function webhookPaths(h: Helpers) {
  const id = h.idParam("id", "Endpoint id");
  return {
    "/webhooks": {
      get: { operationId: "listWebhookEndpoints", summary: "The bank's webhook endpoints", parameters: [h.lang], responses: { "200": { description: "Endpoints", content: h.json(z.object({ data: z.array(Endpoint) })) }, "401": h.common["401"] } },
      post: {
        operationId: "createWebhookEndpoint", summary: "Register an endpoint (URL and event types); the answer carries its signing secret",
        parameters: [h.idempotency, h.lang], requestBody: { required: true, content: h.json(WebhookEndpointSchema, "input") },
        responses: { "201": { description: "Created", content: h.json(Created) }, "400": h.error("Invalid body, or a private/loopback target (field messages)"), "401": h.common["401"] },
      },
    },
    "/webhooks/{id}": {
      get: { operationId: "getWebhookEndpoint", summary: "The endpoint, its secrets in force and its latest deliveries", parameters: [id, h.lang], responses: { "200": { description: "The endpoint" }, ...h.common } },
      post: {
        operationId: "updateWebhookEndpoint", summary: "Change URL, event types, description, or enable/disable it",
        parameters: [id, h.idempotency, h.lang], requestBody: { required: true, content: h.json(WebhookEndpointPatchSchema, "input") },
        responses: { "200": { description: "Changed" }, "400": h.error("Invalid body (field messages)"), ...h.common },
      },
      delete: { operationId: "deleteWebhookEndpoint", summary: "Remove the endpoint", parameters: [id, h.lang], responses: { "200": { description: "Removed" }, ...h.common } },
    },
    "/webhooks/{id}/rotate": {
      post: { operationId: "rotateWebhookSecret", summary: "A new signing secret; the old one keeps signing during the overlap", parameters: [id, h.idempotency, h.lang], responses: { "200": { description: "Rotated", content: h.json(Rotated) }, ...h.common } },
    },
    "/webhooks/{id}/deliveries/{deliveryId}": {
      get: { operationId: "getWebhookDelivery", summary: "One delivery and its attempts (request headers, response code, time)", parameters: [id, h.idParam("deliveryId", "Delivery id"), h.lang], responses: { "200": { description: "The delivery log" }, ...h.common } },
    },
    "/webhooks/{id}/deliveries/{deliveryId}/replay": {
      post: {
        operationId: "replayWebhookDelivery", summary: "Send a delivery again: same webhook-id and body, fresh signatures",
        parameters: [id, h.idParam("deliveryId", "Delivery id"), h.idempotency, h.lang],
        responses: { "202": { description: "Scheduled" }, ...h.common, "409": h.error("The endpoint is disabled, or the delivery still waits for a retry") },
      },
    },
  };
}

/** OpenAPI 3.1 `webhooks`: what the platform POSTs to an endpoint, per event type. */
export function webhookEvents(h: Pick<Helpers, "json">) {
  const headers = Object.fromEntries(["webhook-id", "webhook-timestamp", "webhook-signature"].map((n) => [n, { required: true, schema: { type: "string" } }]));
  return Object.fromEntries(WEBHOOK_EVENT_TYPES.map((type) => [type, {
    post: {
      summary: `Event ${type} (Standard Webhooks v1; answer 2xx within 15 s, 410 to unsubscribe, 429/503 with Retry-After to slow down)`,
      requestBody: { required: true, content: h.json(WebhookEventBody) },
      parameters: Object.entries(headers).map(([name, v]) => ({ name, in: "header", ...v })),
      responses: { "200": { description: "Received" } },
    },
  }]));
}
