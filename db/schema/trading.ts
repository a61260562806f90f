import { sql } from "drizzle-orm";
import {
  boolean, customType, date, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid,
} from "drizzle-orm/pg-core";
import type { Industry } from "../../app/domain/industries";
import type { Technology } from "../../app/domain/market/technology";
import { assetKind, ipAssets } from "./catalogue";
import { createdAt, daterange, fen, tstz } from "./columns";
import { organizations, parks, users } from "./identity";

/** A tsvector kept as its text form; written with `array_to_tsvector(...)`. */
const tsvector = customType<{ data: string; driverData: string }>({ dataType: () => "tsvector" });

export const listingMode = pgEnum("listing_mode", ["exclusive_licence", "sole_licence", "non_exclusive_licence", "open_licence", "transfer"]);
export const listingStatus = pgEnum("listing_status", ["draft", "pending_review", "published", "paused", "closed", "rejected", "withdrawn"]);
export const dealStatus = pgEnum("deal_status", [
  "offered", "countered", "accepted", "pending_approval", "approved", "paid", "completed", "declined", "cancelled", "rejected", "refunded",
]);
export const dealSide = pgEnum("deal_side", ["buyer", "seller"]);
export const licenceKind = pgEnum("licence_kind", ["exclusive", "sole", "non_exclusive"]);
export const paymentProvider = pgEnum("payment_provider", ["stripe", "offline"]);
export const paymentStatus = pgEnum("payment_status", ["pending", "succeeded", "refund_pending", "refunded", "expired", "failed"]);

/**
 * A listing of one asset or a bundle. Besides its terms it carries a denormalised search document and
 * the facts the market filters on, so a market query reads one indexed table (GIN indexes on
 * `search_text` (pg_trgm) and `search_lexemes` are in the migration `market_search_indexes`).
 */
export const listings = pgTable(
  "listings",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The owner of the listed assets. */
    sellerOrgId: uuid().notNull().references(() => organizations.id),
    /** A bank disposing of defaulted collateral on the owner's behalf; it then manages the listing. */
    disposingOrgId: uuid().references(() => organizations.id),
    createdBy: uuid().references(() => users.id),
    mode: listingMode().notNull(),
    status: listingStatus().notNull().default("draft"),
    title: text().notNull(),
    titleEn: text(),
    description: text(),
    /** The plain-language technology description (problem, solution, advantages, applications, TRL, what the buyer gets). */
    technology: jsonb().$type<Technology>(),
    /** Null: price negotiable. */
    askingPriceFen: fen(),
    /** Open licence terms (published, a standing offer): a fixed fee and/or a royalty, a term and a territory. */
    openFeeFen: fen(),
    royaltyBp: integer(),
    termMonths: integer(),
    territory: text(),
    /** Utility models and designs need a patent evaluation report before an open licence is declared. */
    evaluationReport: boolean().notNull().default(false),
    kinds: assetKind().array().notNull(),
    industry: text().$type<Industry>().notNull().default("other"),
    parkId: uuid().references(() => parks.id),
    highValue: boolean().notNull().default(false),
    /** The IPC subclasses (H01M) of the listed patents: a demand's IPC classes recall listings by them (GIN). */
    ipcSubclasses: text().array().notNull().default(sql`'{}'::text[]`),
    /** What the market sorts and filters by: the asking price, or an open licence's fee. */
    priceFen: fen(),
    searchText: text().notNull().default(""),
    searchLexemes: tsvector().notNull().default(sql`''::tsvector`),
    reviewReason: text(),
    reviewedBy: uuid().references(() => users.id),
    reviewedAt: tstz(),
    submittedAt: tstz(),
    publishedAt: tstz(),
    closedAt: tstz(),
    createdAt: createdAt(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.sellerOrgId, t.createdAt),
    index().on(t.disposingOrgId),
    index().on(t.createdBy),
    index().on(t.parkId),
    index().on(t.reviewedBy),
    index("listings_review_queue_idx").on(t.submittedAt).where(sql`status = 'pending_review'`),
    index("listings_published_newest_idx").on(t.publishedAt.desc(), t.id.desc()).where(sql`status = 'published'`),
    index("listings_published_price_idx").on(t.priceFen, t.id).where(sql`status = 'published'`),
    // Newest first within an industry or a park: a common term with these filters reads only their listings in order.
    index("listings_published_industry_newest_idx").on(t.industry, t.publishedAt.desc(), t.id.desc()).where(sql`status = 'published'`),
    index("listings_published_park_newest_idx").on(t.parkId, t.publishedAt.desc(), t.id.desc()).where(sql`status = 'published'`),
    index("listings_published_ipc_idx").using("gin", t.ipcSubclasses).where(sql`status = 'published'`),
  ],
);

export const listingAssets = pgTable(
  "listing_assets",
  {
    listingId: uuid().notNull().references(() => listings.id, { onDelete: "cascade" }),
    assetId: uuid().notNull().references(() => ipAssets.id),
  },
  (t) => [primaryKey({ columns: [t.listingId, t.assetId] }), index().on(t.assetId)],
);

/** Live = still able to become (or already) a licence or a transfer. */
const LIVE_DEAL = sql`status in ('offered', 'countered', 'accepted', 'pending_approval', 'approved', 'paid')`;

export const deals = pgTable(
  "deals",
  {
    id: uuid().primaryKey().defaultRandom(),
    listingId: uuid().notNull().references(() => listings.id),
    buyerOrgId: uuid().notNull().references(() => organizations.id),
    /** The organisation that negotiates for the seller: the owner, or the disposing bank. */
    sellerOrgId: uuid().notNull().references(() => organizations.id),
    createdBy: uuid().references(() => users.id),
    mode: listingMode().notNull(),
    status: dealStatus().notNull().default("offered"),
    /** Accepted at an open licence's published terms, without negotiation. */
    openLicence: boolean().notNull().default(false),
    /** The current terms (the latest offer or counter-offer). */
    priceFen: fen().notNull(),
    royaltyBp: integer(),
    termMonths: integer(),
    startDate: date({ mode: "string" }),
    territory: text(),
    /** Instalment terms (a fixed fee or minimum royalty every N months after the start): the licensor's receivable. */
    instalmentCount: integer(),
    instalmentMonths: integer(),
    instalmentFen: fen(),
    lastOfferBy: dealSide().notNull().default("buyer"),
    round: integer().notNull().default(1),
    decisionReason: text(),
    decidedBy: uuid().references(() => users.id),
    decidedAt: tstz(),
    paymentAttempt: integer().notNull().default(0),
    acceptedAt: tstz(),
    paidAt: tstz(),
    completedAt: tstz(),
    createdAt: createdAt(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.listingId),
    index().on(t.buyerOrgId, t.updatedAt),
    index().on(t.sellerOrgId, t.updatedAt),
    index().on(t.createdBy),
    index().on(t.decidedBy),
    index("deals_status_idx").on(t.status, t.updatedAt),
    // One live deal per buyer and listing: a double-clicked offer or open-licence acceptance makes one deal.
    uniqueIndex("deals_one_live_per_buyer").on(t.listingId, t.buyerOrgId).where(LIVE_DEAL),
    // A transfer listing sells once (also for a bank's disposal, where the pledge is the title lock).
    uniqueIndex("deals_one_transfer_per_listing").on(t.listingId)
      .where(sql`mode = 'transfer' and status in ('accepted', 'pending_approval', 'approved', 'paid', 'completed')`),
  ],
);

/** Every offer and counter-offer, in order. */
export const dealOffers = pgTable(
  "deal_offers",
  {
    id: uuid().primaryKey().defaultRandom(),
    dealId: uuid().notNull().references(() => deals.id, { onDelete: "cascade" }),
    side: dealSide().notNull(),
    byUserId: uuid().references(() => users.id),
    priceFen: fen().notNull(),
    royaltyBp: integer(),
    termMonths: integer(),
    startDate: date({ mode: "string" }),
    instalmentCount: integer(),
    instalmentMonths: integer(),
    instalmentFen: fen(),
    message: text(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.dealId, t.createdAt), index().on(t.byUserId)],
);

/** Licences granted through completed deals. */
export const licences = pgTable(
  "licences",
  {
    id: uuid().primaryKey().defaultRandom(),
    dealId: uuid().notNull().references(() => deals.id),
    assetId: uuid().notNull().references(() => ipAssets.id),
    licensorOrgId: uuid().notNull().references(() => organizations.id),
    licenseeOrgId: uuid().notNull().references(() => organizations.id),
    kind: licenceKind().notNull(),
    period: daterange().notNull(),
    feeFen: fen().notNull(),
    royaltyBp: integer(),
    territory: text(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex().on(t.dealId, t.assetId),
    index().on(t.assetId),
    index().on(t.licensorOrgId),
    index().on(t.licenseeOrgId, t.createdAt),
  ],
);

export const payments = pgTable(
  "payments",
  {
    id: uuid().primaryKey().defaultRandom(),
    dealId: uuid().notNull().references(() => deals.id),
    provider: paymentProvider().notNull(),
    status: paymentStatus().notNull().default("pending"),
    attempt: integer().notNull().default(1),
    amountFen: fen().notNull(),
    feeFen: fen().notNull(),
    totalFen: fen().notNull(),
    currency: text().notNull().default("cny"),
    /** Sent to Stripe with the Checkout request: derived from the deal and attempt, so a retry creates one session. */
    idempotencyKey: text().notNull().unique(),
    checkoutSessionId: text().unique(),
    checkoutUrl: text(),
    paymentIntentId: text(),
    refundId: text(),
    /** Offline payments: the bank transfer's reference, and the admin who confirmed receipt. */
    reference: text(),
    confirmedBy: uuid().references(() => users.id),
    confirmedAt: tstz(),
    /** Set when the payment is an instalment of the deal's royalty receivable (no foreign key: public money's table). */
    receivableInstalmentId: uuid(),
    createdAt: createdAt(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.dealId),
    index().on(t.confirmedBy),
    index().on(t.receivableInstalmentId),
    // A deal is paid once; a second successful Checkout (a race between attempts) is refunded, not recorded as paid.
    uniqueIndex("payments_one_success_per_deal").on(t.dealId).where(sql`status = 'succeeded' and receivable_instalment_id is null`),
    uniqueIndex("payments_one_success_per_instalment").on(t.receivableInstalmentId).where(sql`status = 'succeeded' and receivable_instalment_id is not null`),
  ],
);

/** Each Stripe event once: the primary key is Stripe's event id. */
export const stripeEvents = pgTable(
  "stripe_events",
  {
    id: text().primaryKey(),
    type: text().notNull(),
    payload: jsonb().notNull(),
    receivedAt: createdAt(),
    processedAt: tstz(),
    result: text(),
  },
  (t) => [index("stripe_events_unprocessed_idx").on(t.receivedAt).where(sql`processed_at is null`)],
);
