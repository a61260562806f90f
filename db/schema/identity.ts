import { sql } from "drizzle-orm";
import {
  boolean, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid,
} from "drizzle-orm/pg-core";
import type { Industry } from "../../app/domain/industries";
import { createdAt, tstz } from "./columns";

export const orgKind = pgEnum("org_kind", ["enterprise", "university", "bank", "platform", "insurer", "fund"]);
export const orgStatus = pgEnum("org_status", ["pending", "verified", "rejected", "suspended"]);
export const memberRole = pgEnum("member_role", ["owner", "member"]);

export const parks = pgTable("parks", {
  id: uuid().primaryKey().defaultRandom(),
  code: text().notNull().unique(),
  nameZh: text().notNull(),
  nameEn: text().notNull(),
  district: text().notNull(),
  createdAt: createdAt(),
});

export const organizations = pgTable(
  "organizations",
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: orgKind().notNull(),
    name: text().notNull(),
    /** Unified social credit code, normalised (upper case, half-width). */
    uscc: text().notNull().unique(),
    parkId: uuid().references(() => parks.id),
    industry: text().$type<Industry>(),
    district: text(),
    /** The registered address (住所), as on the business licence: pledge contracts must name it. */
    address: text(),
    status: orgStatus().notNull().default("pending"),
    statusReason: text(),
    verifiedAt: tstz(),
    verifiedBy: uuid(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.parkId), index().on(t.status, t.createdAt), index().on(t.verifiedBy)],
);

export const users = pgTable("users", {
  id: uuid().primaryKey().defaultRandom(),
  /** Stored lower-cased. */
  email: text().notNull().unique(),
  name: text().notNull(),
  passwordHash: text().notNull(),
  locale: text().notNull().default("zh-CN"),
  /** Set when the user opened the link of the verification e-mail. */
  emailVerifiedAt: tstz(),
  suspendedAt: tstz(),
  createdAt: createdAt(),
});

export const memberships = pgTable(
  "memberships",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid().notNull().references(() => users.id, { onDelete: "cascade" }),
    orgId: uuid().notNull().references(() => organizations.id, { onDelete: "cascade" }),
    role: memberRole().notNull().default("member"),
    createdAt: createdAt(),
  },
  // One organisation per user keeps every request's scope unambiguous.
  (t) => [uniqueIndex().on(t.userId), index().on(t.orgId)],
);

export const sessions = pgTable(
  "sessions",
  {
    /** SHA-256 of the cookie token: a stolen database does not yield live sessions. */
    id: text().primaryKey(),
    userId: uuid().notNull().references(() => users.id, { onDelete: "cascade" }),
    expiresAt: tstz().notNull(),
    ip: text(),
    userAgent: text(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.userId), index().on(t.expiresAt)],
);

export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    email: text().notNull(),
    ip: text(),
    success: boolean().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.email, t.createdAt)],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid().notNull().references(() => organizations.id, { onDelete: "cascade" }),
    name: text().notNull(),
    /** First characters of the key, shown so owners can tell keys apart. */
    prefix: text().notNull(),
    /** SHA-256 of the whole key. */
    keyHash: text().notNull().unique(),
    createdBy: uuid().references(() => users.id),
    lastUsedAt: tstz(),
    revokedAt: tstz(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.orgId), index().on(t.createdBy)],
);

export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid().notNull().references(() => organizations.id, { onDelete: "cascade" }),
    key: text().notNull(),
    requestHash: text().notNull(),
    status: integer(),
    body: jsonb(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.orgId, t.key)],
);

export const orgIsUsable = sql`status = 'verified'`;

/** rate-limiter-flexible's drizzle store (PostgreSQL without Redis): one counter per key until `expire`. */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text().primaryKey(),
    points: integer().notNull().default(0),
    expire: tstz(),
  },
  (t) => [index().on(t.expire)],
);

export const joinRequestStatus = pgEnum("join_request_status", ["pending", "accepted", "declined"]);

/** Someone who signed up with an already registered USCC asks that organisation's owner to let them in. */
export const joinRequests = pgTable(
  "join_requests",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid().notNull().references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid().notNull().references(() => users.id, { onDelete: "cascade" }),
    status: joinRequestStatus().notNull().default("pending"),
    decidedBy: uuid().references(() => users.id),
    decidedAt: tstz(),
    createdAt: createdAt(),
  },
  // A user belongs to at most one organisation, so asks at most one at a time.
  (t) => [uniqueIndex().on(t.userId), index().on(t.orgId, t.status), index().on(t.decidedBy)],
);
