/**
 * The catalogue of business events the platform pushes out (issue 14): to banks as Standard Webhooks
 * (thin payloads — ids and the event; the bank fetches the details through the API, so its reads stay
 * audited). A service emits one with `emitDomainEvent` (app/services/domain-events.server.ts) in the
 * transaction that makes the change, naming the organisations entitled to hear of it.
 *
 * Names are `<subject>.<what happened>`, lower-case with underscores, as Standard Webhooks' `type`.
 * Add a type here and its label in app/i18n/messages/webhooks.ts; never rename one (banks subscribe by name).
 */
export const WEBHOOK_EVENT_TYPES = [
  "application.matched",
  "application.submitted",
  "application.info_answered",
  "offer.accepted",
  "offer.declined",
  "registration.filed",
  "registration.corrected",
  "registration.recorded",
  /** The first register's pack of a pledge over patents and trademarks recorded; `registration.recorded` follows when the second is. */
  "registration.pack_recorded",
  "registration.cancelled",
  "collateral.annuity_due",
  "collateral.annuity_grace",
  "collateral.annuity_lapsed",
  "collateral.status_changed",
  "repayment.due",
  "repayment.overdue",
  "loan.defaulted",
  "disposal.sold",
  "royalty.late",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const isWebhookEventType = (s: string): s is WebhookEventType => (WEBHOOK_EVENT_TYPES as readonly string[]).includes(s);

/**
 * The ids a thin payload may carry. Only ids: anything else (amounts, names, dates) is read through
 * `/api/v1/*` with the bank's key.
 */
export type EventData = {
  applicationId?: string;
  loanId?: string;
  registrationId?: string;
  assetId?: string;
  offerId?: string;
  instalmentId?: string;
  receivableId?: string;
  correctionId?: string;
  /** e.g. the asset's new legal status, or the instalment's sequence number. */
  [key: string]: string | number | null | undefined;
};

/** The body of a webhook, as the Standard Webhooks spec shapes it. */
export type WebhookBody = { type: WebhookEventType; timestamp: string; data: EventData & { eventId: string } };

export function webhookBody(e: { id: number; type: WebhookEventType; payload: EventData; createdAt: Date }): WebhookBody {
  const data: Record<string, string | number | null> = {};
  for (const [k, v] of Object.entries(e.payload)) if (v !== undefined) data[k] = v;
  return { type: e.type, timestamp: e.createdAt.toISOString(), data: { ...data, eventId: `evt_${e.id}` } };
}

/** The dictionary key of an event's label: `t(eventLabelKey(type))` fails to compile if a type has no label. */
export const eventLabelKey = <T extends WebhookEventType>(type: T) => `webhooks.event.${type}` as const;
