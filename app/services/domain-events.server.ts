import type { Executor } from "#db/client.server";
import { domainEvents } from "#db/schema/index";

/**
 * Business events for other contexts to consume, written in the caller's transaction, once per
 * dedupe key. The first consumer is the bank webhooks (issue 14): each event names the organisations
 * entitled to hear of it (`orgIds`) and carries a thin payload (ids and the event; the receiver
 * fetches details through the API). Event types in use: `royalty.late`.
 */
export const DOMAIN_EVENT_TYPES = ["royalty.late"] as const;
export type DomainEventType = (typeof DOMAIN_EVENT_TYPES)[number];

export async function emitDomainEvent(
  tx: Executor,
  e: { type: DomainEventType; subjectType: string; subjectId: string; orgIds: string[]; payload: Record<string, string | number | null>; dedupeKey: string },
) {
  const rows = await tx.insert(domainEvents).values({
    type: e.type, subjectType: e.subjectType, subjectId: e.subjectId, orgIds: [...new Set(e.orgIds)], payload: e.payload, dedupeKey: `${e.type}:${e.dedupeKey}`,
  }).onConflictDoNothing({ target: domainEvents.dedupeKey }).returning({ id: domainEvents.id });
  return rows[0]?.id ?? null;
}
