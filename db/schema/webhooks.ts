import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, tstz } from "./columns";
import { organizations, users } from "./identity";
import { domainEvents } from "./public-money";

export const webhookEndpointStatus = pgEnum("webhook_endpoint_status", ["enabled", "disabled"]);
export const webhookDeliveryStatus = pgEnum("webhook_delivery_status", ["pending", "delivered", "failed", "cancelled"]);

/** A bank's receiver: where to POST which events (Standard Webhooks v1). */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid().notNull().references(() => organizations.id, { onDelete: "cascade" }),
    url: text().notNull(),
    description: text().notNull().default(""),
    /** Catalogue names (app/domain/events.ts) this endpoint receives. */
    eventTypes: text().array().notNull(),
    status: webhookEndpointStatus().notNull().default("enabled"),
    /** `gone` (the receiver answered 410), `failing` (failed for days), `manual`. */
    disabledReason: text(),
    disabledAt: tstz(),
    /** The first failed attempt since the last success; cleared by a success. */
    failingSince: tstz(),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [index().on(t.orgId), index().on(t.createdBy)],
);

/**
 * Signing secrets (`whsec_…`). Kept in clear: the platform must sign with them (Standard Webhooks
 * is symmetric). The current one has no `expires_at`; a rotated-out one signs alongside the new one
 * until its `expires_at` (the overlap).
 */
export const webhookSecrets = pgTable(
  "webhook_secrets",
  {
    id: uuid().primaryKey().defaultRandom(),
    endpointId: uuid().notNull().references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    secret: text().notNull(),
    expiresAt: tstz(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.endpointId)],
);

/** One event for one endpoint: its message id (`webhook-id`) and body never change, across retries and replays. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid().primaryKey().defaultRandom(),
    endpointId: uuid().notNull().references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    eventId: bigint({ mode: "number" }).notNull().references(() => domainEvents.id),
    orgId: uuid().notNull().references(() => organizations.id, { onDelete: "cascade" }),
    eventType: text().notNull(),
    messageId: text().notNull(),
    body: text().notNull(),
    status: webhookDeliveryStatus().notNull().default("pending"),
    /** Attempts made (the next attempt's number is this + 1). */
    attempts: integer().notNull().default(0),
    /** When the current retry schedule began (creation, or the last replay). */
    scheduleStartedAt: tstz().notNull().defaultNow(),
    nextAttemptAt: tstz(),
    lastStatusCode: integer(),
    lastError: text(),
    deliveredAt: tstz(),
    createdAt: createdAt(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.endpointId, t.eventId),
    index().on(t.eventId),
    index().on(t.orgId, t.createdAt),
    index("webhook_deliveries_endpoint_created_idx").on(t.endpointId, t.createdAt),
    index("webhook_deliveries_pending_idx").on(t.endpointId).where(sql`status = 'pending'`),
  ],
);

/** The delivery log: each HTTP attempt, its request headers and the receiver's answer. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    deliveryId: uuid().notNull().references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    seq: integer().notNull(),
    /** `auto` (the schedule) or `replay` (a person or the API asked). */
    trigger: text().notNull(),
    url: text().notNull(),
    requestHeaders: jsonb().notNull(),
    responseStatus: integer(),
    responseBody: text(),
    error: text(),
    durationMs: integer().notNull(),
    startedAt: tstz().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.deliveryId, t.seq)],
);
