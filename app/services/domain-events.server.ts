import type { Executor } from "#db/client.server";
import { domainEvents } from "#db/schema/index";
import { enqueue } from "./operations.server";
import { WEBHOOK_EVENT_TYPES, type EventData, type WebhookEventType } from "#app/domain/events";

/**
 * Business events for other contexts to consume, written in the caller's transaction, once per
 * dedupe key. The consumer is the bank webhooks (issue 14): each event names the organisations
 * entitled to hear of it (`orgIds`, usually the bank of the application) and carries a thin payload
 * (ids and the event; the receiver fetches details through the API). The catalogue of types is
 * app/domain/events.ts.
 */
export const DOMAIN_EVENT_TYPES = WEBHOOK_EVENT_TYPES;
export type DomainEventType = WebhookEventType;

export type DomainEventInput = {
  type: DomainEventType;
  subjectType: string;
  subjectId: string;
  orgIds: string[];
  payload: EventData;
  /** Unique per type: the same cause emits once however often the code runs. */
  dedupeKey: string;
};

export async function emitDomainEvent(tx: Executor, e: DomainEventInput) {
  const payload: Record<string, string | number | null> = {};
  for (const [k, v] of Object.entries(e.payload)) if (v !== undefined) payload[k] = v;
  const rows = await tx.insert(domainEvents).values({
    type: e.type, subjectType: e.subjectType, subjectId: e.subjectId, orgIds: [...new Set(e.orgIds)], payload, dedupeKey: `${e.type}:${e.dedupeKey}`,
  }).onConflictDoNothing({ target: domainEvents.dedupeKey }).returning({ id: domainEvents.id });
  const id = rows[0]?.id ?? null;
  // Fan-out to the subscribed webhook endpoints is a job of its own, written in this transaction.
  if (id !== null) await enqueue(tx, "webhooks", "fan-out", { eventId: id }, { dedupeKey: `webhook-event:${id}` });
  return id;
}
