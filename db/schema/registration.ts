import { sql } from "drizzle-orm";
import { date, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { PACK_KINDS, PACK_REGISTRIES, PACK_STATUSES, PARTIES } from "../../app/domain/registration/lifecycle";
import { bytea, createdAt, tstz } from "./columns";
import { organizations, users } from "./identity";
import { pledgeApplications } from "./financing";

/**
 * Paperless registration: the packs both parties sign and file with CNIPA, their documents (every
 * signed version kept), the signatures, CNIPA's correction notices, and the platform's CA.
 */
export const packKind = pgEnum("registration_pack_kind", PACK_KINDS);
export const packStatus = pgEnum("registration_pack_status", PACK_STATUSES);
export const signingParty = pgEnum("signing_party", PARTIES);
export const packRegistry = pgEnum("registration_pack_registry", PACK_REGISTRIES);

/** The platform's certificate authority: one row, made on first use unless production supplies its own. */
export const signingAuthorities = pgTable("signing_authorities", {
  id: text().primaryKey(),
  certPem: text().notNull(),
  /** PKCS#8, encrypted with SIGNING_KEY_SECRET. */
  keyPem: text().notNull(),
  createdAt: createdAt(),
});

/** A signing certificate the platform's CA issued to an organisation (the current one is the newest unrevoked). */
export const signingCertificates = pgTable(
  "signing_certificates",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid().notNull().references(() => organizations.id),
    serial: text().notNull().unique(),
    certPem: text().notNull(),
    keyPem: text().notNull(),
    notAfter: tstz().notNull(),
    revokedAt: tstz(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("signing_certificates_one_current").on(t.orgId).where(sql`revoked_at is null`)],
);

export type PackInputs = { agent: string | null; declareValuation: boolean; change: string | null };

export const registrationPacks = pgTable(
  "registration_packs",
  {
    id: uuid().primaryKey().defaultRandom(),
    applicationId: uuid().notNull().references(() => pledgeApplications.id),
    kind: packKind().notNull(),
    /** Patent pledges and trademark pledges are registered apart: a pledge over both has a pack for each. */
    registry: packRegistry().notNull().default("patent"),
    status: packStatus().notNull().default("draft"),
    /** Goes up by one for each correction: the corrected documents are signed again. */
    revision: integer().notNull().default(1),
    inputs: jsonb().$type<PackInputs>().notNull(),
    filedOn: date({ mode: "string" }),
    /** When CNIPA's 3-working-day clock (re)started: the filing, or the day a correction completed it. */
    clockStartedOn: date({ mode: "string" }),
    dueOn: date({ mode: "string" }),
    cnipaNumber: text(),
    noticeNumber: text(),
    recordedOn: date({ mode: "string" }),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.applicationId), index().on(t.createdBy),
    // One pack of a kind in progress per application and register: a second "prepare" is the same pack.
    uniqueIndex("registration_packs_one_open").on(t.applicationId, t.kind, t.registry).where(sql`status not in ('recorded', 'cancelled')`),
  ],
);

export const packDocuments = pgTable(
  "pack_documents",
  {
    id: uuid().primaryKey().defaultRandom(),
    packId: uuid().notNull().references(() => registrationPacks.id, { onDelete: "cascade" }),
    revision: integer().notNull(),
    position: integer().notNull(),
    kind: text().notNull(),
    title: text().notNull(),
    /** The current bytes: unsigned, then with one signature, then with both. */
    pdf: bytea().notNull(),
    sha256: text().notNull(),
    createdAt: createdAt(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.packId, t.revision, t.kind), index().on(t.sha256)],
);

export const packSignatures = pgTable(
  "pack_signatures",
  {
    id: uuid().primaryKey().defaultRandom(),
    packId: uuid().notNull().references(() => registrationPacks.id, { onDelete: "cascade" }),
    revision: integer().notNull(),
    party: signingParty().notNull(),
    orgId: uuid().notNull().references(() => organizations.id),
    userId: uuid().notNull().references(() => users.id),
    certificateSerial: text().notNull(),
    ip: text(),
    /** Each signed document's SHA-256 after this signature. */
    documents: jsonb().$type<Record<string, string>>().notNull(),
    signedAt: tstz().notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.packId, t.revision, t.party), index().on(t.orgId), index().on(t.userId)],
);

/** CNIPA's correction notices (补正通知书); `completedOn` once both parties re-signed the corrected documents. */
export const correctionNotices = pgTable(
  "correction_notices",
  {
    id: uuid().primaryKey().defaultRandom(),
    packId: uuid().notNull().references(() => registrationPacks.id, { onDelete: "cascade" }),
    revision: integer().notNull(),
    receivedOn: date({ mode: "string" }).notNull(),
    items: text().notNull(),
    completedOn: date({ mode: "string" }),
    recordedBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.packId, t.revision), index().on(t.recordedBy)],
);

/**
 * Every PDF the platform issued, by its SHA-256: what the verification page looks a file up by
 * (each signed version of a pack document, and each valuation report downloaded).
 */
export const issuedDocuments = pgTable(
  "issued_documents",
  {
    sha256: text().primaryKey(),
    kind: text().notNull(),
    title: text().notNull(),
    entityType: text().notNull(),
    entityId: uuid().notNull(),
    issuedAt: tstz().notNull().defaultNow(),
  },
  (t) => [index().on(t.entityType, t.entityId)],
);
