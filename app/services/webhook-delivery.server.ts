import { and, arrayContains, eq, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import type { Db, Executor } from "#db/client.server";
import { domainEvents, webhookAttempts, webhookDeliveries, webhookEndpoints, webhookSecrets } from "#db/schema/index";
import { isWebhookEventType, webhookBody, type EventData } from "#app/domain/events";
import { decideAttempt, failingTooLong, RESPONSE_BODY_LIMIT, signingSecrets, type RetryPolicy } from "#app/domain/webhooks";
import { env } from "#app/utils/env.server";
import { postWebhook } from "#app/utils/webhook-http.server";
import { audit, enqueue } from "./operations.server";

/**
 * Delivery of domain events to banks' endpoints (Standard Webhooks v1). Each HTTP attempt is one job:
 * it posts, then records the answer and — in the same transaction — the next attempt's job (delayed
 * by the backoff or the receiver's Retry-After). A worker killed mid-attempt leaves the job to
 * BullMQ's stall recovery, which posts again with the same `webhook-id`: receivers dedupe on it.
 */

const SYSTEM = { type: "system", job: "webhooks" } as const;

export const retryPolicy = (): RetryPolicy => ({
  baseMs: env.WEBHOOK_BACKOFF_BASE_MS, factor: 3, capMs: env.WEBHOOK_BACKOFF_CAP_MS, windowMs: env.WEBHOOK_RETRY_WINDOW_MS, jitter: 0.2,
});

const attemptKey = (deliveryId: string, seq: number) => `webhook:${deliveryId}:${seq}`;

/** One delivery per enabled endpoint, of the organisations the event names, subscribed to its type. */
export async function fanOutEvent(db: Db, eventId: number) {
  return db.transaction(async (tx) => {
    const [e] = await tx.select().from(domainEvents).where(eq(domainEvents.id, eventId));
    if (!e || !isWebhookEventType(e.type) || !e.orgIds.length) return { deliveries: 0 };
    const endpoints = await tx.select({ id: webhookEndpoints.id, orgId: webhookEndpoints.orgId }).from(webhookEndpoints)
      .where(and(inArray(webhookEndpoints.orgId, e.orgIds), eq(webhookEndpoints.status, "enabled"), arrayContains(webhookEndpoints.eventTypes, [e.type])));
    if (!endpoints.length) return { deliveries: 0 };
    const body = JSON.stringify(webhookBody({ id: e.id, type: e.type, payload: e.payload as EventData, createdAt: e.createdAt }));
    const rows = await tx.insert(webhookDeliveries).values(endpoints.map((ep) => ({
      endpointId: ep.id, eventId: e.id, orgId: ep.orgId, eventType: e.type, messageId: `msg_${e.id}_${ep.id.slice(0, 8)}`, body,
    }))).onConflictDoNothing().returning({ id: webhookDeliveries.id });
    // Rows a previous run inserted already have their first attempt's job (written with them).
    for (const r of rows) await enqueue(tx, "webhooks", "deliver", { deliveryId: r.id, seq: 1, trigger: "auto" }, { dedupeKey: attemptKey(r.id, 1) });
    return { deliveries: rows.length };
  });
}

/** The Standard Webhooks headers of one attempt, signed with every secret in force (rotation overlap). */
export function signedHeaders(messageId: string, body: string, secrets: { secret: string }[], at: Date) {
  const signature = secrets.map((s) => new Webhook(s.secret).sign(messageId, at, body)).join(" ");
  return { "webhook-id": messageId, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": signature };
}

export async function deliverAttempt(db: Db, p: { deliveryId: string; seq: number; trigger: "auto" | "replay" }) {
  const [row] = await db.select({ d: webhookDeliveries, e: webhookEndpoints }).from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId)).where(eq(webhookDeliveries.id, p.deliveryId));
  if (!row) return { skipped: "missing" as const };
  // This attempt (or a later one) was already recorded: a re-run job must not post again.
  if (row.d.attempts >= p.seq) return { skipped: "recorded" as const };
  if (row.e.status === "disabled") {
    await db.update(webhookDeliveries).set({ status: "cancelled", nextAttemptAt: null, updatedAt: new Date() })
      .where(and(eq(webhookDeliveries.id, p.deliveryId), eq(webhookDeliveries.status, "pending")));
    return { skipped: "disabled" as const };
  }
  const now0 = new Date();
  const secrets = signingSecrets(await db.select().from(webhookSecrets).where(eq(webhookSecrets.endpointId, row.e.id)), now0);
  if (!secrets.length) throw new Error(`webhook endpoint ${row.e.id} has no secret`);
  const headers = signedHeaders(row.d.messageId, row.d.body, secrets, now0);
  const res = await postWebhook(row.e.url, headers, row.d.body);
  const now = new Date();
  const decision = decideAttempt({ status: res.status, retryAfter: res.headers["retry-after"] ?? null }, { seq: p.seq, startedAt: row.d.scheduleStartedAt, now, policy: retryPolicy() });

  return db.transaction(async (tx) => {
    const [logged] = await tx.insert(webhookAttempts).values({
      deliveryId: row.d.id, seq: p.seq, trigger: p.trigger, url: row.e.url, requestHeaders: headers,
      responseStatus: res.status, responseBody: res.body.slice(0, RESPONSE_BODY_LIMIT), error: res.error, durationMs: res.durationMs, startedAt: now0,
    }).onConflictDoNothing().returning({ id: webhookAttempts.id });
    if (!logged) return { skipped: "recorded" as const };
    const [ep] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, row.e.id)).for("update");
    const base = { attempts: p.seq, lastStatusCode: res.status, lastError: res.error, updatedAt: now };
    if (decision.outcome === "delivered") {
      await tx.update(webhookDeliveries).set({ ...base, status: "delivered", deliveredAt: now, nextAttemptAt: null }).where(eq(webhookDeliveries.id, row.d.id));
      await tx.update(webhookEndpoints).set({ failingSince: null }).where(eq(webhookEndpoints.id, row.e.id));
      return { outcome: decision.outcome };
    }
    const failingSince = ep!.failingSince ?? now0;
    await tx.update(webhookEndpoints).set({ failingSince }).where(eq(webhookEndpoints.id, row.e.id));
    if (decision.outcome === "gone") {
      await tx.update(webhookDeliveries).set({ ...base, status: "failed", nextAttemptAt: null }).where(eq(webhookDeliveries.id, row.d.id));
      await disableEndpoint(tx, ep!, "gone", now);
      return { outcome: decision.outcome };
    }
    if (decision.outcome === "retry" && !failingTooLong(failingSince, now, env.WEBHOOK_DISABLE_AFTER_MS)) {
      const at = new Date(now.getTime() + decision.delayMs);
      await tx.update(webhookDeliveries).set({ ...base, status: "pending", nextAttemptAt: at }).where(eq(webhookDeliveries.id, row.d.id));
      await enqueue(tx, "webhooks", "deliver", { deliveryId: row.d.id, seq: p.seq + 1, trigger: "auto" }, { dedupeKey: attemptKey(row.d.id, p.seq + 1), delayMs: decision.delayMs });
      return { outcome: decision.outcome, delayMs: decision.delayMs };
    }
    await tx.update(webhookDeliveries).set({ ...base, status: "failed", nextAttemptAt: null }).where(eq(webhookDeliveries.id, row.d.id));
    if (failingTooLong(failingSince, now, env.WEBHOOK_DISABLE_AFTER_MS)) await disableEndpoint(tx, ep!, "failing", now);
    return { outcome: "give-up" as const };
  });
}

/** Disables an endpoint (once), cancels what it still had pending, audits it and tells the bank's members. */
export async function disableEndpoint(tx: Executor, ep: typeof webhookEndpoints.$inferSelect, reason: "gone" | "failing", now: Date) {
  const [changed] = await tx.update(webhookEndpoints).set({ status: "disabled", disabledReason: reason, disabledAt: now, updatedAt: now })
    .where(and(eq(webhookEndpoints.id, ep.id), eq(webhookEndpoints.status, "enabled"))).returning({ id: webhookEndpoints.id });
  if (!changed) return false;
  await tx.update(webhookDeliveries).set({ status: "cancelled", nextAttemptAt: null, updatedAt: now })
    .where(and(eq(webhookDeliveries.endpointId, ep.id), eq(webhookDeliveries.status, "pending")));
  const auditId = await audit(tx, SYSTEM, { action: "webhook.endpoint-disabled", entityType: "webhook_endpoint", entityId: ep.id, orgId: ep.orgId, after: { reason, url: ep.url } });
  await enqueue(tx, "notifications", "org-notice", {
    orgId: ep.orgId, kind: reason === "gone" ? "webhooks.notice.gone" : "webhooks.notice.failing", params: { url: ep.url }, link: `/bank/webhooks/${ep.id}`, causeId: String(auditId),
  }, { dedupeKey: `notice:webhook-disabled:${ep.id}:${auditId}` });
  return true;
}

/**
 * Scheduled backstop: an endpoint whose last success is days ago is disabled even when no attempt
 * is due (all its deliveries gave up), and its bank told.
 */
export async function webhookHealthSweep(db: Db, now = new Date()) {
  const cutoff = new Date(now.getTime() - env.WEBHOOK_DISABLE_AFTER_MS);
  const stale = await db.select().from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.status, "enabled"), isNotNull(webhookEndpoints.failingSince), lt(webhookEndpoints.failingSince, cutoff)));
  let disabled = 0;
  for (const ep of stale) if (await db.transaction((tx) => disableEndpoint(tx, ep, "failing", now))) disabled++;
  return { disabled };
}

/** Attempt `seq` of a replay starts a fresh schedule (its retries, if it fails, count from now). */
export async function scheduleReplay(tx: Executor, delivery: { id: string; attempts: number }) {
  const seq = delivery.attempts + 1;
  const [row] = await tx.update(webhookDeliveries).set({ status: "pending", scheduleStartedAt: new Date(), nextAttemptAt: new Date(), updatedAt: new Date() })
    .where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.attempts, delivery.attempts), sql`status <> 'pending'`))
    .returning({ id: webhookDeliveries.id });
  if (!row) return null;
  await enqueue(tx, "webhooks", "deliver", { deliveryId: delivery.id, seq, trigger: "replay" }, { dedupeKey: attemptKey(delivery.id, seq) });
  return seq;
}
