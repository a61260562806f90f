import { sql } from "drizzle-orm";
import {
  boolean, date, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid,
} from "drizzle-orm/pg-core";
import {
  APPLICATION_STATUSES, BANK_REVIEW_STATUSES, LOAN_STATUSES, PRODUCT_STATUSES, REGISTRATION_STATUSES,
} from "../../app/domain/financing/lifecycle";
import { AGREEABLE_RULES } from "../../app/domain/financing/precheck";
import { DAY_COUNTS, REPAYMENT_METHODS } from "../../app/domain/financing/schedule";
import { createdAt, fen, tstz } from "./columns";
import { assetKind, ipAssets } from "./catalogue";
import { organizations, users } from "./identity";
import { valuations } from "./valuation";

export const productStatus = pgEnum("bank_product_status", PRODUCT_STATUSES);
export const applicationStatus = pgEnum("pledge_application_status", APPLICATION_STATUSES);
export const bankReviewStatus = pgEnum("bank_review_status", BANK_REVIEW_STATUSES);
export const loanStatus = pgEnum("loan_status", LOAN_STATUSES);
export const registrationStatus = pgEnum("pledge_registration_status", REGISTRATION_STATUSES);
export const repaymentMethod = pgEnum("repayment_method", REPAYMENT_METHODS);
export const dayCount = pgEnum("day_count", DAY_COUNTS);

/** A bank's IP pledge loan product. `version` grows on every change, so re-matching can tell what it saw. */
export const bankProducts = pgTable(
  "bank_products",
  {
    id: uuid().primaryKey().defaultRandom(),
    bankOrgId: uuid().notNull().references(() => organizations.id),
    name: text().notNull(),
    description: text(),
    minAmountFen: fen().notNull(),
    maxAmountFen: fen().notNull(),
    minTermMonths: integer().notNull(),
    maxTermMonths: integer().notNull(),
    /** Rate = 1-year LPR + spread, in basis points (the spread may be negative). */
    spreadBp: integer().notNull(),
    /** Maximum loan-to-value per asset kind, bp of the valuation's low value. */
    maxLtvBp: jsonb().$type<Partial<Record<"invention" | "utility_model" | "design" | "trademark", number>>>().notNull(),
    acceptedKinds: assetKind().array().notNull(),
    eligibleIndustries: text().array().notNull().default(sql`'{}'::text[]`),
    eligibleParkIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    acceptsPlatformValuation: boolean().notNull().default(true),
    insuranceRequired: boolean().notNull().default(false),
    /** Loan-to-value on pledged licence-royalty receivables, bp of what is still to come in; null: not accepted. */
    receivableLtvBp: integer(),
    /** Codes of `risk_sharing_schemes` the product works with. */
    riskSchemes: text().array().notNull().default(sql`'{}'::text[]`),
    repaymentMethods: repaymentMethod().array().notNull().default(sql`'{equal_instalment}'::repayment_method[]`),
    status: productStatus().notNull().default("active"),
    version: integer().notNull().default(1),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [index().on(t.bankOrgId), index().on(t.status), index().on(t.createdBy)],
);

export const pledgeApplications = pgTable(
  "pledge_applications",
  {
    id: uuid().primaryKey().defaultRandom(),
    enterpriseOrgId: uuid().notNull().references(() => organizations.id),
    createdBy: uuid().references(() => users.id),
    amountFen: fen().notNull(),
    termMonths: integer().notNull(),
    purpose: text().notNull(),
    /** The 入园惠企 campaign applied in (no foreign key: campaigns are another context's table). */
    campaignId: uuid(),
    valuationId: uuid().references(() => valuations.id),
    status: applicationStatus().notNull().default("draft"),
    statusReason: text(),
    submittedAt: tstz(),
    matchedAt: tstz(),
    acceptedReviewId: uuid(),
    /** When the enterprise accepted a bank's offer (the queues show and filter by it). */
    acceptedAt: tstz(),
    createdAt: createdAt(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.enterpriseOrgId, t.createdAt), index().on(t.status), index().on(t.valuationId), index().on(t.createdBy),
    index().on(t.campaignId),
  ],
);

export const applicationAssets = pgTable(
  "application_assets",
  {
    applicationId: uuid().notNull().references(() => pledgeApplications.id, { onDelete: "cascade" }),
    assetId: uuid().notNull().references(() => ipAssets.id),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.assetId] }), index().on(t.assetId)],
);

/** A pre-check as it was run: the per-asset results are a snapshot (the assets may change later). */
export const prechecks = pgTable(
  "prechecks",
  {
    id: uuid().primaryKey().defaultRandom(),
    applicationId: uuid().notNull().references(() => pledgeApplications.id, { onDelete: "cascade" }),
    stage: text().notNull(),
    ok: boolean().notNull(),
    asOf: date({ mode: "string" }).notNull(),
    results: jsonb().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.applicationId, t.createdAt)],
);

export const precheckAgreementRule = pgEnum("precheck_agreement_rule", AGREEABLE_RULES);

/**
 * A party's declaration that, told of a refusal ground the parties may waive (10: a same-day
 * invention and utility model; 11: invalidation pending), it agrees to register the asset anyway.
 * `facts` is what the party was shown when it agreed.
 */
export const precheckAgreements = pgTable(
  "precheck_agreements",
  {
    id: uuid().primaryKey().defaultRandom(),
    applicationId: uuid().notNull().references(() => pledgeApplications.id, { onDelete: "cascade" }),
    assetId: uuid().notNull().references(() => ipAssets.id),
    rule: precheckAgreementRule().notNull(),
    orgId: uuid().notNull().references(() => organizations.id),
    userId: uuid().references(() => users.id),
    facts: jsonb().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.applicationId, t.assetId, t.rule, t.orgId), index().on(t.assetId), index().on(t.orgId), index().on(t.userId)],
);

/** One product's verdict on one application: eligible or not, score, and every reason. */
export const matches = pgTable(
  "matches",
  {
    id: uuid().primaryKey().defaultRandom(),
    applicationId: uuid().notNull().references(() => pledgeApplications.id, { onDelete: "cascade" }),
    productId: uuid().notNull().references(() => bankProducts.id),
    bankOrgId: uuid().notNull().references(() => organizations.id),
    productVersion: integer().notNull(),
    eligible: boolean().notNull(),
    score: integer().notNull(),
    rank: integer(),
    ltvCapFen: fen(),
    reasons: jsonb().notNull(),
    createdAt: createdAt(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.applicationId, t.productId), index().on(t.bankOrgId), index().on(t.productId)],
);

/**
 * One bank's review of one application (a bank with several matching products reviews once,
 * with its best-scoring product). Its own lifecycle: `bankReviewLifecycle`.
 */
export const bankReviews = pgTable(
  "bank_reviews",
  {
    id: uuid().primaryKey().defaultRandom(),
    applicationId: uuid().notNull().references(() => pledgeApplications.id, { onDelete: "cascade" }),
    bankOrgId: uuid().notNull().references(() => organizations.id),
    productId: uuid().notNull().references(() => bankProducts.id),
    status: bankReviewStatus().notNull().default("new"),
    rejectReason: text(),
    routedAt: tstz().notNull().defaultNow(),
    decidedAt: tstz(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.applicationId, t.bankOrgId), index().on(t.bankOrgId, t.status), index().on(t.productId)],
);

/** The information-request thread between a bank and the applicant. */
export const reviewMessages = pgTable(
  "review_messages",
  {
    id: uuid().primaryKey().defaultRandom(),
    reviewId: uuid().notNull().references(() => bankReviews.id, { onDelete: "cascade" }),
    authorOrgId: uuid().notNull().references(() => organizations.id),
    authorUserId: uuid().references(() => users.id),
    kind: text().notNull(),
    body: text().notNull(),
    /** An attachment to an answer (audited accounts, scans), stored as certificates are: see stored-files.server.ts. */
    fileName: text(),
    storedName: text(),
    mime: text(),
    size: integer(),
    sha256: text(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.reviewId, t.createdAt), index().on(t.authorOrgId), index().on(t.authorUserId)],
);

/** A bank's offered terms; one per review. Whether it is open, accepted or closed is the review's status. */
export const loanOffers = pgTable(
  "loan_offers",
  {
    id: uuid().primaryKey().defaultRandom(),
    reviewId: uuid().notNull().references(() => bankReviews.id, { onDelete: "cascade" }),
    applicationId: uuid().notNull().references(() => pledgeApplications.id, { onDelete: "cascade" }),
    bankOrgId: uuid().notNull().references(() => organizations.id),
    productId: uuid().notNull().references(() => bankProducts.id),
    amountFen: fen().notNull(),
    termMonths: integer().notNull(),
    lprBp: integer().notNull(),
    spreadBp: integer().notNull(),
    rateBp: integer().notNull(),
    repaymentMethod: repaymentMethod().notNull(),
    /** How interest accrues: rate / 12 a month, or rate / 360 an actual day. */
    dayCount: dayCount().notNull().default("monthly"),
    riskSchemeCode: text(),
    conditions: text(),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.reviewId), index().on(t.applicationId), index().on(t.bankOrgId), index().on(t.productId), index().on(t.createdBy)],
);

/** The CNIPA pledge registration; the encumbrance rows (one per asset) carry the database lock. */
export const pledgeRegistrations = pgTable(
  "pledge_registrations",
  {
    id: uuid().primaryKey().defaultRandom(),
    applicationId: uuid().notNull().references(() => pledgeApplications.id),
    bankOrgId: uuid().notNull().references(() => organizations.id),
    status: registrationStatus().notNull().default("pending"),
    cnipaNumber: text(),
    registeredOn: date({ mode: "string" }),
    releasedOn: date({ mode: "string" }),
    recordedBy: uuid().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.applicationId), index().on(t.bankOrgId), index().on(t.recordedBy),
    uniqueIndex("pledge_registrations_cnipa_number_uq").on(t.cnipaNumber).where(sql`cnipa_number is not null`),
  ],
);

export const loans = pgTable(
  "loans",
  {
    id: uuid().primaryKey().defaultRandom(),
    applicationId: uuid().notNull().references(() => pledgeApplications.id),
    offerId: uuid().notNull().references(() => loanOffers.id),
    bankOrgId: uuid().notNull().references(() => organizations.id),
    enterpriseOrgId: uuid().notNull().references(() => organizations.id),
    status: loanStatus().notNull().default("pending"),
    principalFen: fen().notNull(),
    rateBp: integer().notNull(),
    termMonths: integer().notNull(),
    repaymentMethod: repaymentMethod().notNull(),
    /** How interest accrues: rate / 12 a month, or rate / 360 an actual day. */
    dayCount: dayCount().notNull().default("monthly"),
    riskSchemeCode: text(),
    disbursedOn: date({ mode: "string" }),
    maturityDate: date({ mode: "string" }),
    bankReference: text(),
    settledAt: tstz(),
    defaultedAt: tstz(),
    createdAt: createdAt(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.applicationId), index().on(t.offerId), index().on(t.bankOrgId, t.status), index().on(t.enterpriseOrgId),
  ],
);

export const loanInstalments = pgTable(
  "loan_instalments",
  {
    id: uuid().primaryKey().defaultRandom(),
    loanId: uuid().notNull().references(() => loans.id, { onDelete: "cascade" }),
    seq: integer().notNull(),
    dueDate: date({ mode: "string" }).notNull(),
    principalFen: fen().notNull(),
    interestFen: fen().notNull(),
    paidPrincipalFen: fen().notNull().default(sql`0`),
    paidInterestFen: fen().notNull().default(sql`0`),
  },
  (t) => [uniqueIndex().on(t.loanId, t.seq), index().on(t.dueDate)],
);

export const repayments = pgTable(
  "repayments",
  {
    id: uuid().primaryKey().defaultRandom(),
    loanId: uuid().notNull().references(() => loans.id, { onDelete: "cascade" }),
    amountFen: fen().notNull(),
    paidOn: date({ mode: "string" }).notNull(),
    /** The bank's own reference; unique per loan so the same payment is not recorded twice. */
    reference: text(),
    channel: text().notNull(),
    allocation: jsonb().notNull(),
    recordedBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index().on(t.loanId, t.paidOn), index().on(t.recordedBy),
    uniqueIndex("repayments_loan_reference_uq").on(t.loanId, t.reference).where(sql`reference is not null`),
  ],
);

/** Risk-sharing schemes (configurable): weights, caps and combination rules as in app/domain/financing/risk-sharing.ts. */
export const riskSharingSchemes = pgTable("risk_sharing_schemes", {
  code: text().primaryKey(),
  nameZh: text().notNull(),
  nameEn: text().notNull(),
  config: jsonb().notNull(),
  active: boolean().notNull().default(true),
  createdAt: createdAt(),
});

/** How a defaulted loan's loss was split; one per loan. */
export const lossSplits = pgTable(
  "loss_splits",
  {
    id: uuid().primaryKey().defaultRandom(),
    loanId: uuid().notNull().references(() => loans.id),
    schemeCode: text().references(() => riskSharingSchemes.code),
    lossFen: fen().notNull(),
    firstLoan: boolean().notNull(),
    parts: jsonb().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.loanId), index().on(t.schemeCode)],
);

/** Pledged assets put up for disposal on the marketplace, the bank disposing. */
export const collateralDisposals = pgTable(
  "collateral_disposals",
  {
    id: uuid().primaryKey().defaultRandom(),
    applicationId: uuid().notNull().references(() => pledgeApplications.id),
    assetId: uuid().notNull().references(() => ipAssets.id),
    bankOrgId: uuid().notNull().references(() => organizations.id),
    listingId: uuid(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.applicationId, t.assetId), index().on(t.assetId), index().on(t.bankOrgId), index().on(t.listingId)],
);

/** Collateral monitoring: each alert fires once (the dedupe key names its cause). */
export const monitoringAlerts = pgTable(
  "monitoring_alerts",
  {
    id: uuid().primaryKey().defaultRandom(),
    dedupeKey: text().notNull().unique(),
    kind: text().notNull(),
    applicationId: uuid().references(() => pledgeApplications.id),
    loanId: uuid().references(() => loans.id),
    assetId: uuid().references(() => ipAssets.id),
    params: jsonb().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.applicationId), index().on(t.loanId), index().on(t.assetId), index().on(t.kind, t.createdAt)],
);
