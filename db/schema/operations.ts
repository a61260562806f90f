import { sql } from "drizzle-orm";
import {
  bigint, index, integer, jsonb, pgTable, text, uniqueIndex, uuid,
} from "drizzle-orm/pg-core";
import { createdAt, tstz } from "./columns";
import { organizations, users } from "./identity";

/** Append-only: a trigger in the migrations rejects UPDATE, DELETE and TRUNCATE. */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    actorUserId: uuid().references(() => users.id),
    actorOrgId: uuid().references(() => organizations.id),
    /** The organisation the change concerns (used to scope who may read the entry). */
    orgId: uuid().references(() => organizations.id),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text().notNull(),
    before: jsonb(),
    after: jsonb(),
    ip: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index().on(t.actorUserId),
    index().on(t.actorOrgId),
    index().on(t.orgId),
    index().on(t.entityType, t.entityId),
    index().on(t.createdAt),
  ],
);

/** Jobs to enqueue, written in the same transaction as the change that causes them. */
export const outbox = pgTable(
  "outbox",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    queue: text().notNull(),
    name: text().notNull(),
    payload: jsonb().notNull(),
    /** Also the BullMQ job id, so a relay that runs twice enqueues once. */
    dedupeKey: text().notNull().unique(),
    availableAt: tstz().notNull().defaultNow(),
    dispatchedAt: tstz(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    createdAt: createdAt(),
  },
  (t) => [index("outbox_pending_idx").on(t.availableAt).where(sql`dispatched_at is null`)],
);

export const notifications = pgTable(
  "notifications",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid().notNull().references(() => users.id, { onDelete: "cascade" }),
    orgId: uuid().references(() => organizations.id, { onDelete: "cascade" }),
    /** A dictionary key; the text is rendered in the reader's language. */
    kind: text().notNull(),
    params: jsonb().notNull().default({}),
    link: text(),
    /** One notification per cause and recipient, however often the job runs. */
    dedupeKey: text().notNull(),
    readAt: tstz(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.dedupeKey, t.userId), index().on(t.userId, t.createdAt), index().on(t.orgId)],
);
