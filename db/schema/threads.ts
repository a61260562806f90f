import { bigint, index, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, tstz } from "./columns";
import { organizations, users } from "./identity";
import { deals } from "./trading";

/**
 * The negotiation thread of an offer or deal, between buyer and seller (admins read it). Append-only:
 * a trigger refuses UPDATE and DELETE (migration `deal_threads`), so nothing said can be unsaid.
 * An attachment is stored like a certificate (generated name under UPLOAD_DIR, type read from the bytes).
 */
export const dealMessages = pgTable(
  "deal_messages",
  {
    id: uuid().primaryKey().defaultRandom(),
    dealId: uuid().notNull().references(() => deals.id),
    authorUserId: uuid().notNull().references(() => users.id),
    authorOrgId: uuid().notNull().references(() => organizations.id),
    body: text().notNull(),
    fileName: text(),
    storedName: text().unique(),
    mime: text(),
    size: bigint({ mode: "number" }),
    sha256: text(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.dealId, t.createdAt), index().on(t.authorUserId), index().on(t.authorOrgId)],
);

/** How far each party's organisation has read a thread: unread = the other side's messages after it. */
export const dealThreadReads = pgTable(
  "deal_thread_reads",
  {
    dealId: uuid().notNull().references(() => deals.id),
    orgId: uuid().notNull().references(() => organizations.id),
    readAt: tstz().notNull(),
  },
  (t) => [primaryKey({ columns: [t.dealId, t.orgId] }), index().on(t.orgId)],
);
