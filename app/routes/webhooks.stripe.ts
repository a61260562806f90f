import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiError } from "#app/utils/api.server";
import { getT } from "#app/utils/i18n.server";
import { bodyLimit, BodyError, jsonBodyError, readBytes } from "#app/utils/body.server";
import { receiveStripeWebhook } from "#app/services/payments.server";
import { stripeEnabled } from "#app/utils/env.server";
import { WebhookSignatureError } from "#app/utils/stripe.server";

/**
 * POST /webhooks/stripe. The signature is checked on the raw body (`request.text()`, before anything
 * parses it); a forged or stale signature gets 400. Each event id is stored once and handed to the
 * payments queue; a replay is acknowledged with 200 and changes nothing.
 */
export async function action({ request }: ActionFunctionArgs) {
  const { t } = getT(request);
  // Answers in JSON with a code and a message, as the API does (Stripe reads only the status).
  if (!stripeEnabled()) return apiError(t, 404, "errors.notFound", undefined, "not_found");
  if (request.method !== "POST") return apiError(t, 405, "errors.methodNotAllowed", undefined, "method_not_allowed", { Allow: "POST" });
  let raw: string;
  try {
    raw = new TextDecoder().decode(await readBytes(request, bodyLimit("json")));
  } catch (e) {
    if (e instanceof BodyError) return jsonBodyError(t, e);
    throw e;
  }
  try {
    const r = await receiveStripeWebhook(raw, request.headers.get("stripe-signature"));
    return Response.json({ received: true, duplicate: r.duplicate });
  } catch (e) {
    if (e instanceof WebhookSignatureError) return apiError(t, 400, "errors.badRequest", undefined, "invalid_signature");
    throw e;
  }
}

export function loader({ request }: LoaderFunctionArgs) {
  return apiError(getT(request).t, 405, "errors.methodNotAllowed", undefined, "method_not_allowed", { Allow: "POST" });
}
