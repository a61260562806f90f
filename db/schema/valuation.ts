import {
  index, integer, jsonb, pgEnum, pgTable, primaryKey, text, uuid,
} from "drizzle-orm/pg-core";
import { createdAt, fen, tstz } from "./columns";
import { ipAssets } from "./catalogue";
import { organizations, users } from "./identity";

export const valuationStatus = pgEnum("valuation_status", ["queued", "running", "completed", "failed", "expired", "invalidated"]);
export const valuationPurpose = pgEnum("valuation_purpose", ["pledge", "licence", "transfer"]);

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
  },
  (t) => [index().on(t.orgId, t.createdAt), index().on(t.requestedBy), index().on(t.status, t.validUntil)],
);

export const valuationAssets = pgTable(
  "valuation_assets",
  {
    valuationId: uuid().notNull().references(() => valuations.id, { onDelete: "cascade" }),
    assetId: uuid().notNull().references(() => ipAssets.id),
  },
  (t) => [primaryKey({ columns: [t.valuationId, t.assetId] }), index().on(t.assetId)],
);
