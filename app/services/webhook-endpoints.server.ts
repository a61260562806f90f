import crypto from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/client.server";
import { webhookAttempts, webhookDeliveries, webhookEndpoints, webhookSecrets } from "#db/schema/index";
import type { Actor } from "#app/domain/policy/index";
import type { WebhookEndpointInput } from "#app/domain/forms/webhooks";
import { isUuid } from "#app/domain/ids";
import { requireCan } from "#app/utils/auth.server";
import { env } from "#app/utils/env.server";
import { ServiceError } from "#app/utils/http.server";
import { targetProblem } from "#app/utils/webhook-http.server";
import { audit } from "./operations.server";
import { scheduleReplay } from "./webhook-delivery.server";

/**
 * A bank's webhook endpoints, from its console or its API: create, change, rotate the secret,
 * disable or enable, the delivery log and replays. Every change is audited; another organisation's
 * endpoint is a 404.
 */

export const newSecret = () => `whsec_${crypto.randomBytes(24).toString("base64")}`;
const orgOf = (actor: Actor) => (actor as { orgId: string }).orgId;
const byUser = (actor: Actor) => (actor.type === "user" ? actor.userId : null);

function checkUrl(url: string) {
  const problem = targetProblem(url);
  if (problem) throw new ServiceError(400, "errors.fixBelow", { url: [problem] });
}

const endpointColumns = {
  id: webhookEndpoints.id, orgId: webhookEndpoints.orgId, url: webhookEndpoints.url, description: webhookEndpoints.description,
  eventTypes: webhookEndpoints.eventTypes, status: webhookEndpoints.status, disabledReason: webhookEndpoints.disabledReason,
  disabledAt: webhookEndpoints.disabledAt, failingSince: webhookEndpoints.failingSince, createdAt: webhookEndpoints.createdAt,
};

export async function listEndpoints(actor: Actor) {
  requireCan(actor, "webhook.manage");
  const db = await getDb();
  return db.select(endpointColumns).from(webhookEndpoints).where(eq(webhookEndpoints.orgId, orgOf(actor))).orderBy(desc(webhookEndpoints.createdAt));
}

async function loadEndpoint(exec: Executor, actor: Actor, id: string, opts: { lock?: boolean } = {}) {
  if (!isUuid(id)) throw new ServiceError(404, "errors.notFound");
  const q = exec.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  const [ep] = opts.lock ? await q.for("update") : await q;
  if (!ep) throw new ServiceError(404, "errors.notFound");
  requireCan(actor, "webhook.endpoint", { orgId: ep.orgId });
  return ep;
}

/** The endpoint, its secrets in force (the bank needs them to verify) and its latest deliveries. */
export async function getEndpoint(actor: Actor, id: string) {
  const db = await getDb();
  const ep = await loadEndpoint(db, actor, id);
  const secrets = await db.select({ id: webhookSecrets.id, secret: webhookSecrets.secret, expiresAt: webhookSecrets.expiresAt, createdAt: webhookSecrets.createdAt })
    .from(webhookSecrets).where(and(eq(webhookSecrets.endpointId, id), sql`(${webhookSecrets.expiresAt} is null or ${webhookSecrets.expiresAt} > now())`))
    .orderBy(desc(webhookSecrets.createdAt));
  const deliveries = await db.select({
    id: webhookDeliveries.id, eventType: webhookDeliveries.eventType, messageId: webhookDeliveries.messageId, status: webhookDeliveries.status,
    attempts: webhookDeliveries.attempts, lastStatusCode: webhookDeliveries.lastStatusCode, lastError: webhookDeliveries.lastError,
    nextAttemptAt: webhookDeliveries.nextAttemptAt, deliveredAt: webhookDeliveries.deliveredAt, createdAt: webhookDeliveries.createdAt,
  }).from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, id)).orderBy(desc(webhookDeliveries.createdAt)).limit(100);
  return { endpoint: ep, secrets, deliveries };
}

export async function createEndpoint(actor: Actor, input: WebhookEndpointInput, exec?: Executor) {
  requireCan(actor, "webhook.manage");
  checkUrl(input.url);
  const run = async (tx: Executor) => {
    const [ep] = await tx.insert(webhookEndpoints).values({
      orgId: orgOf(actor), url: input.url, description: input.description ?? "", eventTypes: [...new Set(input.eventTypes)], createdBy: byUser(actor),
    }).returning({ id: webhookEndpoints.id });
    const secret = newSecret();
    await tx.insert(webhookSecrets).values({ endpointId: ep!.id, secret });
    await audit(tx, actor, { action: "webhook.endpoint-created", entityType: "webhook_endpoint", entityId: ep!.id, orgId: orgOf(actor), after: { url: input.url, eventTypes: input.eventTypes } });
    return { id: ep!.id, secret };
  };
  return exec ? run(exec) : (await getDb()).transaction(run);
}

export async function updateEndpoint(actor: Actor, id: string, input: Partial<WebhookEndpointInput> & { enabled?: boolean }, exec?: Executor) {
  if (input.url !== undefined) checkUrl(input.url);
  const run = async (tx: Executor) => {
    const ep = await loadEndpoint(tx, actor, id, { lock: true });
    const set: Partial<typeof webhookEndpoints.$inferInsert> = { updatedAt: new Date() };
    if (input.url !== undefined) set.url = input.url;
    if (input.description !== undefined) set.description = input.description;
    if (input.eventTypes !== undefined) set.eventTypes = [...new Set(input.eventTypes)];
    if (input.enabled === true && ep.status === "disabled") Object.assign(set, { status: "enabled", disabledReason: null, disabledAt: null, failingSince: null });
    if (input.enabled === false && ep.status === "enabled") Object.assign(set, { status: "disabled", disabledReason: "manual", disabledAt: new Date() });
    await tx.update(webhookEndpoints).set(set).where(eq(webhookEndpoints.id, id));
    if (set.status === "disabled") {
      await tx.update(webhookDeliveries).set({ status: "cancelled", nextAttemptAt: null, updatedAt: new Date() })
        .where(and(eq(webhookDeliveries.endpointId, id), eq(webhookDeliveries.status, "pending")));
    }
    await audit(tx, actor, { action: "webhook.endpoint-updated", entityType: "webhook_endpoint", entityId: id, orgId: ep.orgId,
      before: { url: ep.url, eventTypes: ep.eventTypes, status: ep.status }, after: { ...input } });
    return { id };
  };
  return exec ? run(exec) : (await getDb()).transaction(run);
}

export async function deleteEndpoint(actor: Actor, id: string, exec?: Executor) {
  const run = async (tx: Executor) => {
    const ep = await loadEndpoint(tx, actor, id, { lock: true });
    await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    await audit(tx, actor, { action: "webhook.endpoint-deleted", entityType: "webhook_endpoint", entityId: id, orgId: ep.orgId, before: { url: ep.url } });
    return { id };
  };
  return exec ? run(exec) : (await getDb()).transaction(run);
}

/**
 * A new secret signs from now on; the current one keeps signing beside it until the overlap ends,
 * so a receiver that still verifies with the old one keeps accepting while it switches.
 */
export async function rotateSecret(actor: Actor, id: string, exec?: Executor) {
  const run = async (tx: Executor) => {
    const ep = await loadEndpoint(tx, actor, id, { lock: true });
    const overlapEnds = new Date(Date.now() + env.WEBHOOK_SECRET_OVERLAP_MS);
    await tx.update(webhookSecrets).set({ expiresAt: overlapEnds }).where(and(eq(webhookSecrets.endpointId, id), isNull(webhookSecrets.expiresAt)));
    const secret = newSecret();
    await tx.insert(webhookSecrets).values({ endpointId: id, secret });
    await audit(tx, actor, { action: "webhook.secret-rotated", entityType: "webhook_endpoint", entityId: id, orgId: ep.orgId, after: { overlapEnds: overlapEnds.toISOString() } });
    return { id, secret, previousExpiresAt: overlapEnds };
  };
  return exec ? run(exec) : (await getDb()).transaction(run);
}

/** One delivery with its attempts (the log): request headers, answer, time. */
export async function getDelivery(actor: Actor, endpointId: string, deliveryId: string) {
  const db = await getDb();
  await loadEndpoint(db, actor, endpointId);
  if (!isUuid(deliveryId)) throw new ServiceError(404, "errors.notFound");
  const [d] = await db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId)));
  if (!d) throw new ServiceError(404, "errors.notFound");
  const attempts = await db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, deliveryId)).orderBy(webhookAttempts.seq);
  return { delivery: d, attempts };
}

/** Sends a delivery again (same `webhook-id` and body, fresh signatures); refused while one is still scheduled. */
export async function replayDelivery(actor: Actor, endpointId: string, deliveryId: string, exec?: Executor) {
  const run = async (tx: Executor) => {
    const ep = await loadEndpoint(tx, actor, endpointId);
    if (ep.status === "disabled") throw new ServiceError(409, "webhooks.errors.disabled");
    if (!isUuid(deliveryId)) throw new ServiceError(404, "errors.notFound");
    const [d] = await tx.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId))).for("update");
    if (!d) throw new ServiceError(404, "errors.notFound");
    const seq = await scheduleReplay(tx, d);
    if (seq === null) throw new ServiceError(409, "webhooks.errors.stillPending");
    await audit(tx, actor, { action: "webhook.delivery-replayed", entityType: "webhook_delivery", entityId: deliveryId, orgId: ep.orgId, after: { seq } });
    return { deliveryId, seq };
  };
  return exec ? run(exec) : (await getDb()).transaction(run);
}
