import { index, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, tstz } from "./columns";
import { organizations, users } from "./identity";
import { listings } from "./trading";

export const savedSearchFrequency = pgEnum("saved_search_frequency", ["instant", "daily", "weekly"]);

/**
 * A market search a user asked to be told about. `query` is the canonical query string of the market
 * page (its filters, never a cursor); listings published after `checkedUpTo` are the next candidates.
 * When it last told its user, and how often, is read from its hits (nothing kept twice).
 */
export const savedSearches = pgTable(
  "saved_searches",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid().notNull().references(() => users.id, { onDelete: "cascade" }),
    orgId: uuid().notNull().references(() => organizations.id, { onDelete: "cascade" }),
    name: text().notNull(),
    query: text().notNull(),
    frequency: savedSearchFrequency().notNull(),
    /** Listings published up to this instant have been looked at (set to the creation time at first). */
    checkedUpTo: tstz().notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.userId, t.query), index().on(t.orgId), index().on(t.frequency, t.checkedUpTo)],
);

/** A listing a saved search has told its owner about: the primary key makes it once per listing. */
export const savedSearchHits = pgTable(
  "saved_search_hits",
  {
    savedSearchId: uuid().notNull().references(() => savedSearches.id, { onDelete: "cascade" }),
    listingId: uuid().notNull().references(() => listings.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.savedSearchId, t.listingId] }), index().on(t.listingId)],
);
