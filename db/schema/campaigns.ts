import { sql } from "drizzle-orm";
import {
  bigint, check, date, doublePrecision, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid,
} from "drizzle-orm/pg-core";
import type { Industry } from "../../app/domain/industries";
import { CAMPAIGN_STATUSES } from "../../app/domain/campaign";
import { TARGET_METRICS, TARGET_PERIODS, TARGET_SCOPES } from "../../app/domain/targets";
import { createdAt, fen, tstz } from "./columns";
import { bankReviews, pledgeApplications } from "./financing";
import { organizations, parks, users } from "./identity";

export const campaignStatus = pgEnum("campaign_status", CAMPAIGN_STATUSES);
export const whitelistImportStatus = pgEnum("whitelist_import_status", ["previewed", "committed", "discarded"]);
export const targetScope = pgEnum("policy_target_scope", TARGET_SCOPES);
export const targetPeriod = pgEnum("policy_target_period", TARGET_PERIODS);
export const targetMetric = pgEnum("policy_target_metric", TARGET_METRICS);

/** A 知识产权质押融资入园惠企 drive: banks go into one or more parks for a period, against targets. */
export const campaigns = pgTable(
  "campaigns",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    description: text(),
    startsOn: date({ mode: "string" }).notNull(),
    endsOn: date({ mode: "string" }).notNull(),
    targetAmount: fen().notNull(),
    targetEnterprises: integer().notNull(),
    status: campaignStatus().notNull().default("draft"),
    createdBy: uuid().references(() => users.id),
    launchedAt: tstz(),
    closedAt: tstz(),
    createdAt: createdAt(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.status, t.startsOn),
    index().on(t.createdBy),
    check("campaigns_period_ck", sql`${t.endsOn} >= ${t.startsOn}`),
    check("campaigns_targets_ck", sql`${t.targetAmount} >= 0 and ${t.targetEnterprises} >= 0`),
  ],
);

export const campaignParks = pgTable(
  "campaign_parks",
  {
    campaignId: uuid().notNull().references(() => campaigns.id, { onDelete: "cascade" }),
    parkId: uuid().notNull().references(() => parks.id),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.parkId] }), index().on(t.parkId)],
);

/** A bank taking part, with the credit line it intends to offer the park's enterprises. */
export const campaignBanks = pgTable(
  "campaign_banks",
  {
    id: uuid().primaryKey().defaultRandom(),
    campaignId: uuid().notNull().references(() => campaigns.id, { onDelete: "cascade" }),
    bankOrgId: uuid().notNull().references(() => organizations.id),
    intendedCreditLine: fen(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.campaignId, t.bankOrgId), index().on(t.bankOrgId)],
);

/**
 * Which of its products a bank brings to the campaign (its catalogue there). None listed: all its
 * active products. `product_id` references `bank_products` (constraint added in a custom migration,
 * after the financing context's table exists).
 */
export const campaignBankProducts = pgTable(
  "campaign_bank_products",
  {
    campaignBankId: uuid().notNull().references(() => campaignBanks.id, { onDelete: "cascade" }),
    productId: uuid().notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignBankId, t.productId] }), index().on(t.productId)],
);

/** An uploaded whitelist, kept between its preview and its commit (one transaction). */
export const whitelistImports = pgTable(
  "whitelist_imports",
  {
    id: uuid().primaryKey().defaultRandom(),
    campaignId: uuid().notNull().references(() => campaigns.id, { onDelete: "cascade" }),
    fileName: text().notNull(),
    status: whitelistImportStatus().notNull().default("previewed"),
    /** Valid rows, amounts as decimal strings of 分. */
    rows: jsonb().notNull(),
    errors: jsonb().notNull(),
    validCount: integer().notNull(),
    errorCount: integer().notNull(),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
    committedAt: tstz(),
  },
  (t) => [index().on(t.campaignId, t.createdAt), index().on(t.createdBy)],
);

/** The whitelist: enterprises the park brings, with their financing needs. */
export const campaignEnrolments = pgTable(
  "campaign_enrolments",
  {
    id: uuid().primaryKey().defaultRandom(),
    campaignId: uuid().notNull().references(() => campaigns.id, { onDelete: "cascade" }),
    enterpriseName: text().notNull(),
    /** Normalised unified social credit code; links the entry to the organisation once registered. */
    uscc: text().notNull(),
    orgId: uuid().references(() => organizations.id),
    needAmount: fen().notNull(),
    purpose: text(),
    contactName: text(),
    contactPhone: text(),
    industry: text().$type<Industry>(),
    importId: uuid().references(() => whitelistImports.id),
    addedBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex().on(t.campaignId, t.uscc),
    index().on(t.uscc),
    index().on(t.orgId),
    index().on(t.importId),
    index().on(t.addedBy),
    check("campaign_enrolments_need_ck", sql`${t.needAmount} > 0`),
  ],
);

/** A matchmaking session (银企对接会). */
export const campaignEvents = pgTable(
  "campaign_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    campaignId: uuid().notNull().references(() => campaigns.id, { onDelete: "cascade" }),
    title: text().notNull(),
    heldAt: tstz().notNull(),
    place: text().notNull(),
    notes: text(),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.campaignId, t.heldAt), index().on(t.createdBy)],
);

export const campaignEventBanks = pgTable(
  "campaign_event_banks",
  {
    eventId: uuid().notNull().references(() => campaignEvents.id, { onDelete: "cascade" }),
    bankOrgId: uuid().notNull().references(() => organizations.id),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.bankOrgId] }), index().on(t.bankOrgId)],
);

export const campaignEventInvitees = pgTable(
  "campaign_event_invitees",
  {
    eventId: uuid().notNull().references(() => campaignEvents.id, { onDelete: "cascade" }),
    enrolmentId: uuid().notNull().references(() => campaignEnrolments.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.enrolmentId] }), index().on(t.enrolmentId)],
);

/** One bank meeting one enterprise at an event. */
export const eventMeetings = pgTable(
  "event_meetings",
  {
    id: uuid().primaryKey().defaultRandom(),
    eventId: uuid().notNull().references(() => campaignEvents.id, { onDelete: "cascade" }),
    bankOrgId: uuid().notNull().references(() => organizations.id),
    enrolmentId: uuid().notNull().references(() => campaignEnrolments.id, { onDelete: "cascade" }),
    notes: text(),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.eventId, t.bankOrgId, t.enrolmentId), index().on(t.bankOrgId), index().on(t.enrolmentId), index().on(t.createdBy)],
);

/**
 * A letter of intent (意向书) signed between a bank and a whitelisted enterprise, followed to the
 * enterprise's applications and loans. `application_id` references `pledge_applications` (custom
 * migration) once one is linked.
 */
export const lettersOfIntent = pgTable(
  "letters_of_intent",
  {
    id: uuid().primaryKey().defaultRandom(),
    campaignId: uuid().notNull().references(() => campaigns.id, { onDelete: "cascade" }),
    eventId: uuid().references(() => campaignEvents.id, { onDelete: "set null" }),
    bankOrgId: uuid().notNull().references(() => organizations.id),
    enrolmentId: uuid().notNull().references(() => campaignEnrolments.id, { onDelete: "cascade" }),
    intendedAmount: fen().notNull(),
    signedOn: date({ mode: "string" }).notNull(),
    applicationId: uuid(),
    notes: text(),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex().on(t.campaignId, t.bankOrgId, t.enrolmentId),
    index().on(t.eventId),
    index().on(t.bankOrgId),
    index().on(t.enrolmentId),
    index().on(t.applicationId),
    index().on(t.createdBy),
    check("letters_of_intent_amount_ck", sql`${t.intendedAmount} > 0`),
  ],
);

/**
 * Policy targets the platform dashboard measures against (defaults from the Shanghai, Pudong and
 * Xuhui plans in migrations; admins edit them). `scope_key`: the city's name, a district's name, or a
 * park's code. The metric fixes the unit (`app/domain/targets.ts`): money targets fill `target_amount`
 * (分), counts, ratios and growth rates fill `target_value` in the metric's unit; a baseline (e.g. 20
 * per 10,000 people in 2020) is optional.
 */
export const policyTargets = pgTable(
  "policy_targets",
  {
    id: uuid().primaryKey().defaultRandom(),
    code: text().notNull().unique(),
    scope: targetScope().notNull(),
    scopeKey: text().notNull(),
    labelZh: text().notNull(),
    labelEn: text().notNull(),
    metric: targetMetric().notNull().default("pledge_registered"),
    period: targetPeriod().notNull(),
    fromYear: integer().notNull(),
    toYear: integer().notNull(),
    targetAmount: fen(),
    targetValue: bigint({ mode: "bigint" }),
    baselineYear: integer(),
    baselineValue: bigint({ mode: "bigint" }),
    source: text(),
    updatedBy: uuid().references(() => users.id),
    updatedAt: tstz().notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    index().on(t.updatedBy),
    check("policy_targets_years_ck", sql`${t.toYear} >= ${t.fromYear}`),
    check("policy_targets_amount_ck", sql`${t.targetAmount} > 0`),
    check("policy_targets_value_ck", sql`${t.targetValue} > 0`),
    // Exactly one of the two figures, the one the metric's unit calls for.
    check("policy_targets_unit_ck", sql`(${t.metric} in ('pledge_registered', 'ip_trading')) = (${t.targetAmount} is not null)
      and (${t.targetAmount} is null) = (${t.targetValue} is not null)`),
    check("policy_targets_baseline_ck", sql`(${t.baselineYear} is null) = (${t.baselineValue} is null)`),
  ],
);

/**
 * Population of a scope in a year (admin-maintained, e.g. from the statistics bureau): the denominator
 * of per-10,000-people targets.
 */
export const populations = pgTable(
  "populations",
  {
    id: uuid().primaryKey().defaultRandom(),
    scope: targetScope().notNull(),
    scopeKey: text().notNull(),
    year: integer().notNull(),
    people: bigint({ mode: "number" }).notNull(),
    source: text(),
    updatedBy: uuid().references(() => users.id),
    updatedAt: tstz().notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex().on(t.scope, t.scopeKey, t.year), index().on(t.updatedBy),
    check("populations_people_ck", sql`${t.people} > 0`),
  ],
);

/**
 * The progress dashboards' read model: one row per pledge application with the figures the
 * dashboards add up (applied, approved, registered, disbursed, repaid), kept current by triggers on
 * the financing tables in the same transaction as each change (migration `pledge_facts_sync`), so
 * dashboards aggregate one narrow table instead of joining six. `industry`, `district` and `park_id`
 * are the enterprise's as of the application's last change.
 */
export const pledgeFacts = pgTable(
  "pledge_facts",
  {
    applicationId: uuid().primaryKey().references(() => pledgeApplications.id, { onDelete: "cascade" }),
    campaignId: uuid(),
    enterpriseOrgId: uuid().notNull(),
    industry: text().$type<Industry>().notNull(),
    district: text(),
    parkId: uuid(),
    submittedAt: tstz(),
    appliedAmount: fen().notNull(),
    /** The accepted offer's amount, else the largest offer; null without an offer. */
    approvedAmount: fen(),
    offers: integer().notNull().default(0),
    /** The registered loan's contract amount; null until the pledge is registered. */
    registeredAmount: fen(),
    registeredOn: date({ mode: "string" }),
    registrationBankOrgId: uuid(),
    loanId: uuid(),
    loanBankOrgId: uuid(),
    loanStatus: text(),
    disbursedOn: date({ mode: "string" }),
    principal: fen(),
    paidPrincipal: fen().notNull().default(sql`0`),
    maturityDate: date({ mode: "string" }),
    settledAt: tstz(),
    refreshedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    index("pledge_facts_campaign_idx").on(t.campaignId).where(sql`submitted_at is not null`),
    index("pledge_facts_registered_idx").on(t.registeredOn).where(sql`registered_on is not null`),
    index("pledge_facts_disbursed_idx").on(t.enterpriseOrgId, t.disbursedOn).where(sql`disbursed_on is not null`),
    // The totals trigger recomputes an enterprise's campaign rows from its facts.
    index("pledge_facts_enterprise_idx").on(t.enterpriseOrgId),
  ],
);

/** One row per bank review, with the application's campaign and submission time (decision times per bank). */
export const pledgeReviewFacts = pgTable(
  "pledge_review_facts",
  {
    reviewId: uuid().primaryKey().references(() => bankReviews.id, { onDelete: "cascade" }),
    applicationId: uuid().notNull(),
    campaignId: uuid(),
    bankOrgId: uuid().notNull(),
    status: text().notNull(),
    submittedAt: tstz(),
    decidedAt: tstz(),
    /** Days from submission to the bank's offer or rejection; null until it decided. */
    decisionDays: doublePrecision(),
    offeredAmount: fen(),
  },
  // The per-bank figures read a covering index (campaign_id, bank_org_id) INCLUDE (…) made in a custom migration.
  (t) => [index().on(t.applicationId)],
);
