import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveStripeWebhook } from "#app/services/payments.server";
import { stripeEnabled } from "#app/utils/env.server";
import { WebhookSignatureError } from "#app/utils/stripe.server";

/**
 * POST /webhooks/stripe. The signature is checked on the raw body (`request.text()`, before anything
 * parses it); a forged or stale signature gets 400. Each event id is stored once and handed to the
 * payments queue; a replay is acknowledged with 200 and changes nothing.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (!stripeEnabled()) return new Response("Not Found", { status: 404 });
  if (request.method !== "POST") return new Response("Method Not Allowed", { status: 405 });
  const raw = await request.text();
  try {
    const r = await receiveStripeWebhook(raw, request.headers.get("stripe-signature"));
    return Response.json({ received: true, duplicate: r.duplicate });
  } catch (e) {
    if (e instanceof WebhookSignatureError) return Response.json({ error: "invalid_signature" }, { status: 400 });
    throw e;
  }
}

export function loader() {
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}
