import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for api.stripe.com: records every request the SDK makes (method, path, headers, the
 * form-encoded body) and answers Checkout Session and Refund creation with realistic JSON. Point the
 * app at it with STRIPE_API_BASE.
 */
export type RecordedRequest = { method: string; path: string; headers: http.IncomingHttpHeaders; body: Record<string, string> };

export async function startStripeServer() {
  const requests: RecordedRequest[] = [];
  // Stripe answers a repeated idempotency key with the first response.
  const byKey = new Map<string, unknown>();
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const body = Object.fromEntries(new URLSearchParams(raw));
      requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body });
      const key = req.headers["idempotency-key"];
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { "content-type": "application/json", "request-id": `req_${crypto.randomBytes(6).toString("hex")}` });
        res.end(JSON.stringify(json));
      };
      if (typeof key === "string" && byKey.has(key)) return send(200, byKey.get(key));
      let out: unknown;
      if (req.method === "POST" && req.url === "/v1/checkout/sessions") out = checkoutSession(body);
      else if (req.method === "POST" && req.url === "/v1/refunds") out = refund(body);
      else return send(404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${req.method}: ${req.url})` } });
      if (typeof key === "string") byKey.set(key, out);
      send(200, out);
    });
  });
  server.listen(0, "127.0.0.1");
  await new Promise<void>((r) => server.once("listening", () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const id = (prefix: string) => `${prefix}_${crypto.randomBytes(12).toString("hex")}`;

function checkoutSession(b: Record<string, string>) {
  let total = 0;
  for (let i = 0; b[`line_items[${i}][price_data][unit_amount]`] !== undefined; i++) {
    total += Number(b[`line_items[${i}][price_data][unit_amount]`]) * Number(b[`line_items[${i}][quantity]`] ?? 1);
  }
  const sid = id("cs_test");
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(b)) {
    const m = /^metadata\[(.+)\]$/.exec(k);
    if (m) metadata[m[1]!] = v;
  }
  return {
    id: sid, object: "checkout.session", amount_subtotal: total, amount_total: total, currency: b["line_items[0][price_data][currency]"] ?? "cny",
    client_reference_id: b.client_reference_id ?? null, created: Math.floor(Date.now() / 1000), expires_at: Math.floor(Date.now() / 1000) + 86_400,
    livemode: false, locale: b.locale ?? null, metadata, mode: b.mode ?? "payment", payment_intent: null, payment_status: "unpaid", status: "open",
    success_url: b.success_url, cancel_url: b.cancel_url, url: `https://checkout.stripe.com/c/pay/${sid}`,
  };
}

function refund(b: Record<string, string>) {
  return { id: id("re"), object: "refund", amount: 0, currency: "cny", payment_intent: b.payment_intent, status: "succeeded", created: Math.floor(Date.now() / 1000) };
}

/** The event Stripe sends when a Checkout Session is paid. */
export function checkoutCompletedEvent(session: { id: string; amountTotal: number; dealId: string; paymentId: string }, eventId = id("evt")) {
  return {
    id: eventId, object: "event", api_version: "2026-10-28.endive", created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1,
    type: "checkout.session.completed",
    data: {
      object: {
        id: session.id, object: "checkout.session", amount_total: session.amountTotal, currency: "cny", client_reference_id: session.dealId,
        metadata: { dealId: session.dealId, paymentId: session.paymentId }, mode: "payment", payment_intent: id("pi"), payment_status: "paid", status: "complete",
      },
    },
  };
}
