import { sql } from "drizzle-orm";
import {
  bigint, boolean, check, date, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid,
} from "drizzle-orm/pg-core";
import {
  CLAIM_STATUSES, POLICY_STATUSES, PRODUCT_STATUSES, PROGRAMME_STATUSES, RECEIVABLE_PLEDGE_STATUSES, RECEIVABLE_STATUSES,
  SUBSIDY_APPLICATION_STATUSES,
} from "../../app/domain/public-money/lifecycles";
import { INSURANCE_KINDS } from "../../app/domain/public-money/insurance";
import { SUBSIDY_KINDS } from "../../app/domain/public-money/subsidy";
import { createdAt, fen, tstz } from "./columns";
import { loans, pledgeApplications } from "./financing";
import { organizations, users } from "./identity";
import { deals, payments } from "./trading";
import { valuations } from "./valuation";

/**
 * Public money: subsidy programmes and their applications and budget, the funds that share loan
 * losses and the claims on them, recoveries from disposal, IP insurance, and licence royalties as
 * collateral. Rules (a programme's, a fund's) are configurable data in `rules` (JSON), read by the
 * pure functions in app/domain/public-money/.
 */
export const subsidyKind = pgEnum("subsidy_kind", SUBSIDY_KINDS);
export const programmeStatus = pgEnum("subsidy_programme_status", PROGRAMME_STATUSES);
export const subsidyApplicationStatus = pgEnum("subsidy_application_status", SUBSIDY_APPLICATION_STATUSES);
export const budgetEntryKind = pgEnum("subsidy_budget_entry_kind", ["commit", "payout"]);
export const claimStatus = pgEnum("loss_claim_status", CLAIM_STATUSES);
export const claimPayerKind = pgEnum("loss_claim_payer_kind", ["fund", "insurer"]);
export const insuranceKind = pgEnum("insurance_kind", INSURANCE_KINDS);
export const insuranceProductStatus = pgEnum("insurance_product_status", PRODUCT_STATUSES);
export const policyStatus = pgEnum("insurance_policy_status", POLICY_STATUSES);
export const receivableStatus = pgEnum("royalty_receivable_status", RECEIVABLE_STATUSES);
export const receivablePledgeStatus = pgEnum("receivable_pledge_status", RECEIVABLE_PLEDGE_STATUSES);

/** A subsidy programme of a district or park: its rules, evidence period, application window and budget. */
export const subsidyProgrammes = pgTable(
  "subsidy_programmes",
  {
    id: uuid().primaryKey().defaultRandom(),
    code: text().notNull().unique(),
    nameZh: text().notNull(),
    nameEn: text().notNull(),
    /** Who runs it, as shown (e.g. 徐汇区知识产权局, or a sample's region). */
    issuer: text().notNull(),
    district: text(),
    kind: subsidyKind().notNull(),
    /** `SubsidyRules` (app/domain/public-money/subsidy.ts). */
    rules: jsonb().notNull(),
    documents: text().array().notNull().default(sql`'{}'::text[]`),
    periodStart: date({ mode: "string" }).notNull(),
    periodEnd: date({ mode: "string" }).notNull(),
    opensOn: date({ mode: "string" }).notNull(),
    closesOn: date({ mode: "string" }).notNull(),
    budgetFen: fen().notNull(),
    status: programmeStatus().notNull().default("draft"),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.status), index().on(t.createdBy),
    check("subsidy_programmes_period_ck", sql`${t.periodEnd} >= ${t.periodStart} and ${t.closesOn} >= ${t.opensOn}`),
    check("subsidy_programmes_budget_ck", sql`${t.budgetFen} >= 0`),
  ],
);

export const subsidyApplications = pgTable(
  "subsidy_applications",
  {
    id: uuid().primaryKey().defaultRandom(),
    programmeId: uuid().notNull().references(() => subsidyProgrammes.id),
    enterpriseOrgId: uuid().notNull().references(() => organizations.id),
    status: subsidyApplicationStatus().notNull().default("submitted"),
    /** The eligible amount the platform computed when the enterprise applied. */
    requestedFen: fen().notNull(),
    approvedFen: fen(),
    paidFen: fen(),
    decisionReason: text(),
    /** The assessment as computed (lines per loan or fee), and the documents attached from the records. */
    assessment: jsonb().notNull(),
    evidence: jsonb().notNull(),
    appliedBy: uuid().references(() => users.id),
    decidedBy: uuid().references(() => users.id),
    decidedAt: tstz(),
    paidOn: date({ mode: "string" }),
    paymentReference: text(),
    createdAt: createdAt(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.programmeId, t.status), index().on(t.enterpriseOrgId), index().on(t.appliedBy), index().on(t.decidedBy),
    // One live application per enterprise and programme: a double-clicked "apply" makes one.
    uniqueIndex("subsidy_applications_one_live").on(t.programmeId, t.enterpriseOrgId).where(sql`status in ('submitted', 'approved', 'paid')`),
  ],
);

/**
 * The budget's ledger: an approval commits its amount, a payout pays it. One entry of each kind per
 * application (unique), so a decision or payout submitted twice moves the budget once.
 */
export const subsidyBudgetEntries = pgTable(
  "subsidy_budget_entries",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    programmeId: uuid().notNull().references(() => subsidyProgrammes.id),
    applicationId: uuid().notNull().references(() => subsidyApplications.id),
    kind: budgetEntryKind().notNull(),
    amountFen: fen().notNull(),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.applicationId, t.kind), index().on(t.programmeId, t.kind), index().on(t.createdBy)],
);

/** A valuation (appraisal) fee the enterprise paid, recorded once from its invoice: the evidence of a valuation-fee subsidy. */
export const valuationFees = pgTable(
  "valuation_fees",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid().notNull().references(() => organizations.id),
    valuationId: uuid().references(() => valuations.id),
    payee: text().notNull(),
    invoiceNumber: text().notNull(),
    amountFen: fen().notNull(),
    paidOn: date({ mode: "string" }).notNull(),
    recordedBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.orgId, t.invoiceNumber), index().on(t.valuationId), index().on(t.recordedBy), check("valuation_fees_amount_ck", sql`${t.amountFen} > 0`)],
);

/** A risk-compensation or guarantee fund: the scheme it backs, its rules and the organisation that administers it. */
export const funds = pgTable(
  "funds",
  {
    id: uuid().primaryKey().defaultRandom(),
    code: text().notNull().unique(),
    nameZh: text().notNull(),
    nameEn: text().notNull(),
    adminOrgId: uuid().references(() => organizations.id),
    /** The `risk_sharing_schemes` code whose fund (or guarantor) part this fund pays. */
    schemeCode: text().notNull(),
    /** `FundRules` (app/domain/public-money/claims.ts). */
    rules: jsonb().notNull(),
    sizeFen: fen(),
    active: boolean().notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.adminOrgId), index().on(t.schemeCode)],
);

export const insuranceProducts = pgTable(
  "insurance_products",
  {
    id: uuid().primaryKey().defaultRandom(),
    insurerOrgId: uuid().notNull().references(() => organizations.id),
    kind: insuranceKind().notNull(),
    name: text().notNull(),
    description: text(),
    premiumRateBp: integer().notNull(),
    /** Of the bank's part of a loss (pledge-loan guarantee insurance). */
    shareBp: integer().notNull().default(0),
    maxCoverFen: fen().notNull(),
    status: insuranceProductStatus().notNull().default("active"),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.insurerOrgId), index().on(t.createdBy),
    check("insurance_products_rates_ck", sql`${t.premiumRateBp} between 0 and 10000 and ${t.shareBp} between 0 and 10000 and ${t.maxCoverFen} > 0`),
  ],
);

/** A policy on one loan or one deal: requested by the insured, issued (attached) by the insurer. */
export const insurancePolicies = pgTable(
  "insurance_policies",
  {
    id: uuid().primaryKey().defaultRandom(),
    productId: uuid().notNull().references(() => insuranceProducts.id),
    insurerOrgId: uuid().notNull().references(() => organizations.id),
    kind: insuranceKind().notNull(),
    loanId: uuid().references(() => loans.id),
    dealId: uuid().references(() => deals.id),
    /** The enterprise insured (the borrower, or the licensee of a deal). */
    insuredOrgId: uuid().notNull().references(() => organizations.id),
    /** Who a claim pays: the lending bank (a loan), the licensor (a deal). */
    beneficiaryOrgId: uuid().notNull().references(() => organizations.id),
    status: policyStatus().notNull().default("requested"),
    requestedCoverFen: fen().notNull(),
    policyNumber: text(),
    coverFen: fen(),
    premiumFen: fen(),
    shareBp: integer(),
    startsOn: date({ mode: "string" }),
    endsOn: date({ mode: "string" }),
    premiumPaidOn: date({ mode: "string" }),
    decisionReason: text(),
    requestedBy: uuid().references(() => users.id),
    issuedBy: uuid().references(() => users.id),
    issuedAt: tstz(),
    createdAt: createdAt(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.insurerOrgId, t.status), index().on(t.productId), index().on(t.loanId), index().on(t.dealId), index().on(t.insuredOrgId),
    index().on(t.beneficiaryOrgId), index().on(t.requestedBy), index().on(t.issuedBy), index("insurance_policies_starts_on_idx").on(t.startsOn),
    check("insurance_policies_one_subject_ck", sql`(${t.loanId} is null) <> (${t.dealId} is null)`),
    uniqueIndex("insurance_policies_number_uq").on(t.insurerOrgId, t.policyNumber).where(sql`policy_number is not null`),
    // One live policy of a kind per loan and per deal.
    uniqueIndex("insurance_policies_one_live_per_loan").on(t.loanId, t.kind).where(sql`loan_id is not null and status in ('requested', 'active')`),
    uniqueIndex("insurance_policies_one_live_per_deal").on(t.dealId, t.kind).where(sql`deal_id is not null and status in ('requested', 'active')`),
  ],
);

/** A claim on a fund (guarantee or compensation) or on an insurer, for one loan. */
export const lossClaims = pgTable(
  "loss_claims",
  {
    id: uuid().primaryKey().defaultRandom(),
    loanId: uuid().notNull().references(() => loans.id),
    payerKind: claimPayerKind().notNull(),
    fundId: uuid().references(() => funds.id),
    policyId: uuid().references(() => insurancePolicies.id),
    payerOrgId: uuid().references(() => organizations.id),
    bankOrgId: uuid().notNull().references(() => organizations.id),
    enterpriseOrgId: uuid().notNull().references(() => organizations.id),
    status: claimStatus().notNull().default("filed"),
    netLossFen: fen().notNull(),
    claimedFen: fen().notNull(),
    paidFen: fen(),
    /** The computation as filed: position, shares, caps, scheme and options. */
    computation: jsonb().notNull(),
    evidence: jsonb().notNull(),
    channel: text().notNull(),
    reason: text(),
    filedBy: uuid().references(() => users.id),
    decidedBy: uuid().references(() => users.id),
    decidedAt: tstz(),
    paidOn: date({ mode: "string" }),
    paymentReference: text(),
    createdAt: createdAt(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.loanId), index().on(t.fundId, t.status), index().on(t.policyId), index().on(t.payerOrgId, t.status), index().on(t.bankOrgId),
    index().on(t.enterpriseOrgId), index().on(t.filedBy), index().on(t.decidedBy),
    check("loss_claims_one_payer_ck", sql`(${t.fundId} is null) <> (${t.policyId} is null)`),
    uniqueIndex("loss_claims_one_live_per_fund").on(t.loanId, t.fundId).where(sql`fund_id is not null and status in ('filed', 'paid')`),
    uniqueIndex("loss_claims_one_live_per_policy").on(t.loanId, t.policyId).where(sql`policy_id is not null and status in ('filed', 'paid')`),
  ],
);

/** Money recovered on a defaulted loan (disposal proceeds, or a sale off the platform): it reduces the loss. */
export const loanRecoveries = pgTable(
  "loan_recoveries",
  {
    id: uuid().primaryKey().defaultRandom(),
    loanId: uuid().notNull().references(() => loans.id),
    amountFen: fen().notNull(),
    receivedOn: date({ mode: "string" }).notNull(),
    /** `disposal_sale` (the disposal listing's deal) or `manual` (the bank's own record). */
    source: text().notNull(),
    sourceRef: text().notNull(),
    recordedBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.loanId, t.source, t.sourceRef), index().on(t.recordedBy), check("loan_recoveries_amount_ck", sql`${t.amountFen} > 0`)],
);

/** What a recovery owes back to a paid claim's payer (its share of the proceeds). */
export const claimRecoveries = pgTable(
  "claim_recoveries",
  {
    id: uuid().primaryKey().defaultRandom(),
    claimId: uuid().notNull().references(() => lossClaims.id),
    recoveryId: uuid().notNull().references(() => loanRecoveries.id),
    amountFen: fen().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.claimId, t.recoveryId), index().on(t.recoveryId)],
);

/** The receivable a licence deal with instalment terms produces for its licensor. */
export const royaltyReceivables = pgTable(
  "royalty_receivables",
  {
    id: uuid().primaryKey().defaultRandom(),
    dealId: uuid().notNull().unique().references(() => deals.id),
    licensorOrgId: uuid().notNull().references(() => organizations.id),
    licenseeOrgId: uuid().notNull().references(() => organizations.id),
    status: receivableStatus().notNull().default("active"),
    totalFen: fen().notNull(),
    createdAt: createdAt(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [index().on(t.licensorOrgId), index().on(t.licenseeOrgId)],
);

export const receivableInstalments = pgTable(
  "receivable_instalments",
  {
    id: uuid().primaryKey().defaultRandom(),
    receivableId: uuid().notNull().references(() => royaltyReceivables.id, { onDelete: "cascade" }),
    seq: integer().notNull(),
    dueOn: date({ mode: "string" }).notNull(),
    amountFen: fen().notNull(),
    paidFen: fen().notNull().default(sql`0`),
  },
  (t) => [uniqueIndex().on(t.receivableId, t.seq), index().on(t.dueOn), check("receivable_instalments_paid_ck", sql`${t.paidFen} between 0 and ${t.amountFen}`)],
);

/** A payment received against a receivable (Stripe, recorded by the webhook; or offline, by the licensor). */
export const receivableReceipts = pgTable(
  "receivable_receipts",
  {
    id: uuid().primaryKey().defaultRandom(),
    receivableId: uuid().notNull().references(() => royaltyReceivables.id),
    amountFen: fen().notNull(),
    receivedOn: date({ mode: "string" }).notNull(),
    channel: text().notNull(),
    paymentId: uuid().unique().references(() => payments.id),
    reference: text(),
    allocation: jsonb().notNull(),
    recordedBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index().on(t.receivableId, t.receivedOn), index().on(t.recordedBy),
    uniqueIndex("receivable_receipts_reference_uq").on(t.receivableId, t.reference).where(sql`reference is not null`),
  ],
);

/** Receivables offered in a pledge application (alone or beside patents). */
export const applicationReceivables = pgTable(
  "application_receivables",
  {
    applicationId: uuid().notNull().references(() => pledgeApplications.id, { onDelete: "cascade" }),
    receivableId: uuid().notNull().references(() => royaltyReceivables.id),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.receivableId] }), index().on(t.receivableId)],
);

/** A receivable's pledge, registered with the unified registry; the partial unique index is its title lock. */
export const receivablePledges = pgTable(
  "receivable_pledges",
  {
    id: uuid().primaryKey().defaultRandom(),
    receivableId: uuid().notNull().references(() => royaltyReceivables.id),
    applicationId: uuid().notNull().references(() => pledgeApplications.id),
    bankOrgId: uuid().notNull().references(() => organizations.id),
    status: receivablePledgeStatus().notNull().default("pending"),
    registryNumber: text(),
    registeredOn: date({ mode: "string" }),
    releasedOn: date({ mode: "string" }),
    createdAt: createdAt(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.applicationId, t.receivableId), index().on(t.bankOrgId),
    uniqueIndex("receivable_pledges_one_live").on(t.receivableId).where(sql`status in ('pending', 'active')`),
  ],
);

/**
 * Business events other contexts consume (bank webhooks are the first: issue 14), written in the
 * same transaction as the change; `org_ids` are the organisations entitled to hear of it.
 */
export const domainEvents = pgTable(
  "domain_events",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    type: text().notNull(),
    subjectType: text().notNull(),
    subjectId: text().notNull(),
    orgIds: uuid().array().notNull(),
    payload: jsonb().notNull(),
    dedupeKey: text().notNull().unique(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.type, t.createdAt), index().on(t.createdAt)],
);
