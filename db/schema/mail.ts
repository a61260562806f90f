import { index, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, tstz } from "./columns";
import { users } from "./identity";

export const notificationChannel = pgEnum("notification_channel", ["in_app", "email", "digest"]);
export const userTokenPurpose = pgEnum("user_token_purpose", ["verify_email", "reset_password"]);

/** Per user and kind of notification (its dictionary prefix, e.g. `financing`): no row means e-mail. */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid().notNull().references(() => users.id, { onDelete: "cascade" }),
    category: text().notNull(),
    channel: notificationChannel().notNull(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.userId, t.category)],
);

/**
 * E-mail verification and password reset. Only the SHA-256 of the token is stored; the token itself
 * is an HMAC of the row id under the session secret, so the e-mail job can rebuild it without the
 * outbox ever holding it. Single use (`used_at`), expiring.
 */
export const userTokens = pgTable(
  "user_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid().notNull().references(() => users.id, { onDelete: "cascade" }),
    purpose: userTokenPurpose().notNull(),
    tokenHash: text().notNull().unique(),
    expiresAt: tstz().notNull(),
    usedAt: tstz(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.userId, t.purpose, t.createdAt)],
);

/** Every e-mail the platform sends, once per dedupe key (one per notification, token or digest day). */
export const emailMessages = pgTable(
  "email_messages",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid().references(() => users.id, { onDelete: "set null" }),
    dedupeKey: text().notNull(),
    kind: text().notNull(),
    to: text().notNull(),
    locale: text().notNull(),
    subject: text().notNull(),
    /** The transport's message id (SMTP) or the `.eml` file (embedded mode). */
    transportId: text(),
    sentAt: tstz(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.dedupeKey), index().on(t.userId), index().on(t.createdAt)],
);
