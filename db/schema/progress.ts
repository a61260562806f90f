import { sql } from "drizzle-orm";
import { bigint, date, index, integer, pgTable, primaryKey, text, unique, uuid } from "drizzle-orm/pg-core";

/**
 * Totals of the read model (`pledge_facts`, `pledge_review_facts`), kept by triggers on those two
 * tables in the same transaction as every change (migration `progress_totals`): a dashboard reads a
 * few dozen rows instead of adding up 100,000. Each trigger subtracts the fact's old contribution and
 * adds its new one, so the totals always equal a GROUP BY over the facts (`progress_totals_rebuild()`
 * recomputes them from scratch). docs/decisions/campaign-progress-read-model.md.
 */
const count = () => integer().notNull().default(0);
const amount = () => bigint({ mode: "bigint" }).notNull().default(sql`0`);

/** Per campaign and industry: the submitted applications' sums (campaign dashboard, first statement). */
export const campaignIndustryTotals = pgTable(
  "campaign_industry_totals",
  {
    campaignId: uuid().notNull(),
    industry: text().notNull(),
    appliedCount: count(), appliedAmount: amount(),
    approvedCount: count(), approvedAmount: amount(),
    registeredCount: count(), registeredAmount: amount(),
    disbursedCount: count(), disbursedAmount: amount(),
    settledCount: count(), settledEarlyCount: count(),
    defaultedCount: count(), defaultedAmount: amount(),
    outstandingAmount: amount(),
    /** Enterprises of the industry with a loan paid out in the campaign (rows of `campaign_enterprises`). */
    financedEnterprises: count(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.industry] })],
);

/**
 * Per campaign: distinct enterprises that applied, were financed, and whose first loan on the platform
 * is the campaign's (kept by `progress_enterprise_refresh`, which rewrites one enterprise's
 * `campaign_enterprises` rows: it takes the enterprise's old contribution off and adds the new one),
 * and the whitelist's size and needs (a trigger on `campaign_enrolments`).
 */
export const campaignTotals = pgTable("campaign_totals", {
  campaignId: uuid().primaryKey(),
  appliedEnterprises: count(), financedEnterprises: count(), firstLoanEnterprises: count(),
  whitelistCount: count(), whitelistNeed: amount(),
});

/** Per campaign and bank: reviews routed, offers, rejections, decisions, and the money it lent. */
export const campaignBankTotals = pgTable(
  "campaign_bank_totals",
  {
    campaignId: uuid().notNull(),
    bankOrgId: uuid().notNull(),
    routed: count(), offers: count(), offeredAmount: amount(), rejected: count(), decisions: count(), disbursedAmount: amount(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.bankOrgId] })],
);

/**
 * Per campaign, enterprise and industry: its submitted applications, its first loan paid out in the
 * campaign, and its first loan paid out anywhere on the platform (first-loan enterprises).
 */
export const campaignEnterprises = pgTable(
  "campaign_enterprises",
  {
    campaignId: uuid().notNull(),
    enterpriseOrgId: uuid().notNull(),
    industry: text().notNull(),
    applications: count(),
    firstHere: date({ mode: "string" }),
    firstAnywhere: date({ mode: "string" }),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.enterpriseOrgId, t.industry] }), index().on(t.enterpriseOrgId)],
);

/** Registered pledges by year, district, park, registering bank and industry (the platform dashboard). */
export const registrationTotals = pgTable(
  "registration_totals",
  {
    year: integer().notNull(),
    district: text(),
    parkId: uuid(),
    bankOrgId: uuid(),
    industry: text().notNull(),
    registrations: count(),
    amount: amount(),
  },
  (t) => [unique("registration_totals_key").on(t.year, t.district, t.parkId, t.bankOrgId, t.industry).nullsNotDistinct()],
);

