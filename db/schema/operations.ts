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
    /**
     * The BullMQ job whose completion means the row's effect is recorded (for a valuation flow, its
     * last step); the worker closes the row when that job finishes (`completed_at`).
     */
    jobId: text(),
    availableAt: tstz().notNull().defaultNow(),
    /** Handed to BullMQ (or run in-process). Delivery stays open until `completed_at` or `failed_at`. */
    dispatchedAt: tstz(),
    completedAt: tstz(),
    /** The job failed for good (or could not be dispatched): `failure` says why; the entity was failed too. */
    failedAt: tstz(),
    failure: text(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index("outbox_pending_idx").on(t.availableAt).where(sql`dispatched_at is null and completed_at is null and failed_at is null`),
    // Deliveries handed over but not closed: what reconciliation checks against Redis.
    index("outbox_open_idx").on(t.dispatchedAt).where(sql`dispatched_at is not null and completed_at is null and failed_at is null`),
    index("outbox_open_job_idx").on(t.jobId).where(sql`completed_at is null and failed_at is null`),
  ],
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
