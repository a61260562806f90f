import { sql } from "drizzle-orm";
import { bigint, index, integer, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, fen, tstz } from "./columns";
import { organizations, users } from "./identity";
import { deals, listings } from "./trading";

export const auctionKind = pgEnum("auction_kind", ["ascending", "sealed"]);
/** The data room's sections (app/domain/market/auction.ts DATA_ROOM_SECTIONS): a seller's upload is filed under one. */
export const auctionDocumentKind = pgEnum("auction_document_kind", ["history", "title", "licences", "encumbrances", "valuation"]);
export const auctionStatus = pgEnum("auction_status", ["scheduled", "open", "closed", "settled", "failed_reserve", "unsold", "cancelled"]);

/**
 * An auction of a listing (a bank's disposal of collateral, or any seller's): timed ascending with
 * an anti-sniping extension, or sealed bids. The winning bid becomes a deal on the ordinary path.
 */
export const auctions = pgTable(
  "auctions",
  {
    id: uuid().primaryKey().defaultRandom(),
    listingId: uuid().notNull().references(() => listings.id),
    /** The organisation that runs it: the listing's manager (owner or disposing bank). */
    sellerOrgId: uuid().notNull().references(() => organizations.id),
    createdBy: uuid().references(() => users.id),
    kind: auctionKind().notNull(),
    status: auctionStatus().notNull().default("scheduled"),
    reservePriceFen: fen().notNull(),
    /** The opening bid (ascending) or the lowest admissible bid (sealed). */
    startPriceFen: fen().notNull(),
    incrementFen: fen().notNull(),
    startsAt: tstz().notNull(),
    endsAt: tstz().notNull(),
    /** The end as first set: `endsAt` moves later with anti-sniping extensions. */
    scheduledEndsAt: tstz().notNull(),
    /** A bid this close to the end moves the end to this long after the bid (0: no extension). */
    extensionMinutes: integer().notNull().default(0),
    bidCount: integer().notNull().default(0),
    highestBidFen: fen(),
    winningBidId: uuid(),
    dealId: uuid().references(() => deals.id),
    closedAt: tstz(),
    createdAt: createdAt(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.listingId),
    index().on(t.sellerOrgId, t.createdAt),
    index().on(t.createdBy),
    index().on(t.dealId),
    index("auctions_due_idx").on(t.endsAt).where(sql`status in ('scheduled', 'open')`),
    // One auction at a time per listing.
    uniqueIndex("auctions_one_live_per_listing").on(t.listingId).where(sql`status in ('scheduled', 'open', 'closed')`),
  ],
);

/** A bidder organisation registered for an auction, having accepted its rules (version recorded). */
export const auctionRegistrations = pgTable(
  "auction_registrations",
  {
    id: uuid().primaryKey().defaultRandom(),
    auctionId: uuid().notNull().references(() => auctions.id),
    orgId: uuid().notNull().references(() => organizations.id),
    userId: uuid().references(() => users.id),
    rulesVersion: text().notNull(),
    acceptedAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.auctionId, t.orgId), index().on(t.orgId), index().on(t.userId)],
);

/** Bids in the order the auction row's lock admitted them (`seq` 1, 2, …). */
export const auctionBids = pgTable(
  "auction_bids",
  {
    id: uuid().primaryKey().defaultRandom(),
    auctionId: uuid().notNull().references(() => auctions.id),
    seq: integer().notNull(),
    bidderOrgId: uuid().notNull().references(() => organizations.id),
    userId: uuid().references(() => users.id),
    amountFen: fen().notNull(),
    /** The client's key for this bid: a retried request finds its bid instead of making a second. */
    idempotencyKey: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex().on(t.auctionId, t.seq),
    uniqueIndex().on(t.auctionId, t.bidderOrgId, t.idempotencyKey),
    index().on(t.bidderOrgId),
    index().on(t.userId),
  ],
);

/** Every opening of a data-room document: who (user, organisation), when, which document. */
export const auctionDataRoomViews = pgTable(
  "auction_data_room_views",
  {
    id: uuid().primaryKey().defaultRandom(),
    auctionId: uuid().notNull().references(() => auctions.id),
    orgId: uuid().notNull().references(() => organizations.id),
    userId: uuid().references(() => users.id),
    document: text().notNull(),
    viewedAt: createdAt(),
  },
  (t) => [index().on(t.auctionId, t.viewedAt), index().on(t.orgId), index().on(t.userId)],
);

/**
 * Who the lot was awarded to, in order: rank 1 the winner at the close, then each runner-up the seller
 * offered it to after the deal before fell through. An organisation is awarded a lot once.
 */
export const auctionAwards = pgTable(
  "auction_awards",
  {
    id: uuid().primaryKey().defaultRandom(),
    auctionId: uuid().notNull().references(() => auctions.id),
    rank: integer().notNull(),
    bidId: uuid().notNull().references(() => auctionBids.id),
    orgId: uuid().notNull().references(() => organizations.id),
    dealId: uuid().notNull().references(() => deals.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.auctionId, t.rank), uniqueIndex().on(t.auctionId, t.orgId), index().on(t.orgId), index().on(t.dealId), index().on(t.bidId)],
);

/**
 * A document the seller added to the data room (a file history, a chain-of-title deed, a licence, an
 * encumbrance record, a valuation report), stored as certificates are: under a generated name, its
 * type read from the bytes. Opened only by registered bidders, the seller and admins, each opening logged.
 */
export const auctionDocuments = pgTable(
  "auction_documents",
  {
    id: uuid().primaryKey().defaultRandom(),
    auctionId: uuid().notNull().references(() => auctions.id),
    kind: auctionDocumentKind().notNull(),
    fileName: text().notNull(),
    storedName: text().notNull().unique(),
    mime: text().notNull(),
    size: bigint({ mode: "number" }).notNull(),
    sha256: text().notNull(),
    uploadedBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.auctionId, t.kind), index().on(t.uploadedBy)],
);
