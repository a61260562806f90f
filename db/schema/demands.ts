import { sql } from "drizzle-orm";
import { check, date, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import type { Industry } from "../../app/domain/industries";
import { DEMAND_STATUSES, DEMAND_VISIBILITIES, PROPOSAL_FEEDBACK } from "../../app/domain/market/demand";
import type { MatchReason } from "../../app/domain/market/demand-match";
import { ipAssets } from "./catalogue";
import { campaigns } from "./campaigns";
import { createdAt, fen, tstz } from "./columns";
import { organizations, users } from "./identity";
import { listings } from "./trading";

export const demandStatus = pgEnum("demand_status", DEMAND_STATUSES);
export const demandVisibility = pgEnum("demand_visibility", DEMAND_VISIBILITIES);
export const proposalFeedback = pgEnum("demand_proposal_feedback", PROPOSAL_FEEDBACK);

/**
 * A technology demand (技术需求) of an enterprise. `matchVersion` counts content changes: each
 * version is matched once (the outbox's dedupe key), so an edit re-matches and a retry does not.
 * A campaign may run it as a 揭榜 challenge (`campaignId`, `challengeDeadline`, then `solverAnswerId`).
 */
export const demands = pgTable(
  "demands",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid().notNull().references(() => organizations.id),
    createdBy: uuid().references(() => users.id),
    status: demandStatus().notNull().default("draft"),
    visibility: demandVisibility().notNull().default("public"),
    title: text().notNull(),
    titleEn: text(),
    problem: text().notNull(),
    problemEn: text(),
    industry: text().$type<Industry>().notNull().default("other"),
    ipcClasses: text().array().notNull().default(sql`'{}'::text[]`),
    keywords: text().array().notNull(),
    /** Null: budget to be negotiated. */
    budgetFen: fen(),
    /** The last Shanghai calendar day answers are taken; the sweep expires the demand after it. */
    deadline: date({ mode: "string" }).notNull(),
    matchVersion: integer().notNull().default(1),
    matchedAt: tstz(),
    campaignId: uuid().references(() => campaigns.id),
    challengeDeadline: date({ mode: "string" }),
    solverAnswerId: uuid().references((): AnyPgColumn => demandAnswers.id),
    publishedAt: tstz(),
    closedAt: tstz(),
    createdAt: createdAt(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.orgId, t.createdAt),
    index().on(t.createdBy),
    index().on(t.campaignId),
    index().on(t.solverAnswerId),
    index("demands_open_newest_idx").on(t.publishedAt.desc(), t.id.desc()).where(sql`status = 'open'`),
    check("demands_keywords_ck", sql`cardinality(${t.keywords}) between 1 and 10`),
    check("demands_budget_ck", sql`${t.budgetFen} is null or ${t.budgetFen} >= 0`),
  ],
);

/**
 * A listing or a university's patent the platform proposed for a demand, with the reasons shown to
 * both sides and the enterprise's feedback. One row per demand and listing (or patent): the owner is
 * told once per fitting asset, however often matching runs.
 */
export const demandProposals = pgTable(
  "demand_proposals",
  {
    id: uuid().primaryKey().defaultRandom(),
    demandId: uuid().notNull().references(() => demands.id, { onDelete: "cascade" }),
    listingId: uuid().references(() => listings.id),
    assetId: uuid().references(() => ipAssets.id),
    ownerOrgId: uuid().notNull().references(() => organizations.id),
    score: integer().notNull(),
    reasons: jsonb().$type<MatchReason[]>().notNull(),
    feedback: proposalFeedback(),
    feedbackBy: uuid().references(() => users.id),
    feedbackAt: tstz(),
    createdAt: createdAt(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("demand_proposals_listing_uq").on(t.demandId, t.listingId).where(sql`listing_id is not null`),
    uniqueIndex("demand_proposals_asset_uq").on(t.demandId, t.assetId).where(sql`asset_id is not null`),
    index().on(t.listingId),
    index().on(t.assetId),
    index().on(t.ownerOrgId, t.createdAt),
    index().on(t.feedbackBy),
    check("demand_proposals_target_ck", sql`(${t.listingId} is null) <> (${t.assetId} is null)`),
  ],
);

/** An owner's answer to a demand: one of its listings, a message, or both. Answers are never edited (no service updates them). */
export const demandAnswers = pgTable(
  "demand_answers",
  {
    id: uuid().primaryKey().defaultRandom(),
    demandId: uuid().notNull().references(() => demands.id, { onDelete: "cascade" }),
    orgId: uuid().notNull().references(() => organizations.id),
    userId: uuid().notNull().references(() => users.id),
    listingId: uuid().references(() => listings.id),
    message: text().notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [
    index().on(t.demandId, t.createdAt),
    index().on(t.orgId),
    index().on(t.userId),
    index().on(t.listingId),
    // A listing answers a demand once (a double submit makes one answer).
    uniqueIndex("demand_answers_listing_uq").on(t.demandId, t.listingId).where(sql`listing_id is not null`),
    check("demand_answers_content_ck", sql`${t.listingId} is not null or length(${t.message}) > 0`),
  ],
);
