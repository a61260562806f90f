import { sql } from "drizzle-orm";
import {
  type AnyPgColumn, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid,
} from "drizzle-orm/pg-core";
import { createdAt, fen, tstz } from "./columns";
import { ipAssets } from "./catalogue";
import { organizations, users } from "./identity";

export const valuationStatus = pgEnum("valuation_status", ["queued", "running", "needs_input", "completed", "failed", "expired", "invalidated"]);
export const valuationPurpose = pgEnum("valuation_purpose", ["pledge", "licence", "transfer"]);

/**
 * A request to value many assets at once (a university's whole portfolio, or a selected set): one
 * single-asset valuation each, run in chunks. It has no status of its own — its progress is its
 * valuations' — only when the last of them finished (`finishedAt`, set once, with the owner's notice).
 */
export const valuationBatches = pgTable(
  "valuation_batches",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid().notNull().references(() => organizations.id),
    requestedBy: uuid().references(() => users.id),
    purpose: valuationPurpose().notNull(),
    locale: text().notNull().default("zh-CN"),
    /** The form's one-time token: the same form submitted twice finds this batch instead of making another. */
    requestKey: text().notNull(),
    total: integer().notNull(),
    createdAt: createdAt(),
    finishedAt: tstz(),
  },
  (t) => [uniqueIndex().on(t.orgId, t.requestKey), index().on(t.requestedBy), index().on(t.orgId, t.createdAt)],
);

export const valuations = pgTable(
  "valuations",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid().notNull().references(() => organizations.id),
    requestedBy: uuid().references(() => users.id),
    purpose: valuationPurpose().notNull(),
    status: valuationStatus().notNull().default("queued"),
    /** Current step of the flow: enrich → score → value → report. */
    step: text(),
    progress: integer().notNull().default(0),
    error: text(),
    modelVersion: text(),
    inputs: jsonb(),
    questionnaire: jsonb(),
    scores: jsonb(),
    result: jsonb(),
    lowValue: fen(),
    baseValue: fen(),
    highValue: fen(),
    reportPath: text(),
    reportSha256: text(),
    locale: text().notNull().default("zh-CN"),
    completedAt: tstz(),
    validUntil: tstz(),
    createdAt: createdAt(),
    /** The asset ids, sorted and comma-joined: finds a valuation of exactly this set. */
    assetKey: text().notNull().default(""),
    /** Run number: a retry after a failure starts a new flow (new job ids) that resumes at the failed step. */
    attempt: integer().notNull().default(1),
    /** Restarts the system made after an interruption (stalled worker, lost job) since the owner last asked. */
    autoRetries: integer().notNull().default(0),
    /** SHA-256 of the result's canonical JSON: re-running the engine on `inputs` must give the same hash. */
    resultHash: text(),
    /** Why it was invalidated (e.g. `legal_status_changed`), and when it expired or was invalidated. */
    statusReason: text(),
    closedAt: tstz(),
    updatedAt: tstz().notNull().defaultNow(),
    /** The batch it was requested in, if any. */
    batchId: uuid().references((): AnyPgColumn => valuationBatches.id),
  },
  (t) => [
    index().on(t.batchId, t.status),
    index().on(t.orgId, t.createdAt), index().on(t.requestedBy), index().on(t.status, t.validUntil),
    index().on(t.assetKey, t.status),
    // Reconciliation: valuations in progress, oldest first (stuck ones).
    index("valuations_in_progress_idx").on(t.updatedAt).where(sql`status in ('queued', 'running')`),
  ],
);

export const valuationStep = pgEnum("valuation_step", ["enrich", "score", "value", "report"]);
export const valuationStepStatus = pgEnum("valuation_step_status", ["running", "completed", "failed"]);

/**
 * One row per valuation and step: the unique key makes every step idempotent (a step that runs
 * twice — a retried job, a worker killed and restarted — finds its row and stores one result).
 */
export const valuationSteps = pgTable(
  "valuation_steps",
  {
    id: uuid().primaryKey().defaultRandom(),
    valuationId: uuid().notNull().references(() => valuations.id, { onDelete: "cascade" }),
    step: valuationStep().notNull(),
    status: valuationStepStatus().notNull().default("running"),
    /** The valuation's attempt that last touched this step. */
    attempt: integer().notNull().default(1),
    /** How many times the step was started (retries and restarts included). */
    runs: integer().notNull().default(0),
    result: jsonb(),
    error: text(),
    startedAt: tstz(),
    finishedAt: tstz(),
  },
  (t) => [uniqueIndex().on(t.valuationId, t.step)],
);

export const valuationAssets = pgTable(
  "valuation_assets",
  {
    valuationId: uuid().notNull().references(() => valuations.id, { onDelete: "cascade" }),
    assetId: uuid().notNull().references(() => ipAssets.id),
  },
  (t) => [primaryKey({ columns: [t.valuationId, t.assetId] }), index().on(t.assetId)],
);
