import { sql } from "drizzle-orm";
import {
  bigint, boolean, check, date, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid,
} from "drizzle-orm/pg-core";
import type { Industry } from "../../app/domain/industries";
import type { Award } from "../../app/domain/market/assets";
import { createdAt, daterange, tstz } from "./columns";
import { organizations, users } from "./identity";

export const assetKind = pgEnum("asset_kind", ["invention", "utility_model", "design", "trademark"]);
export const legalStatus = pgEnum("legal_status", ["pending", "valid", "lapsed", "expired", "invalidated"]);
export const encumbranceKind = pgEnum("encumbrance_kind", ["pledge", "exclusive_licence", "sole_licence", "transfer"]);
export const encumbranceStatus = pgEnum("encumbrance_status", ["pending", "active", "released"]);

export type CoOwner = { name: string; uscc?: string | null; consentRecorded: boolean };

export const ipAssets = pgTable(
  "ip_assets",
  {
    id: uuid().primaryKey().defaultRandom(),
    ownerOrgId: uuid().notNull().references(() => organizations.id),
    kind: assetKind().notNull(),
    /** Normalised: patents `202110123456.7` (no ZL), trademarks digits only. */
    number: text().notNull(),
    title: text().notNull(),
    titleEn: text(),
    abstract: text(),
    abstractEn: text(),
    filingDate: date({ mode: "string" }).notNull(),
    grantDate: date({ mode: "string" }),
    /** Trademarks: times the registration was renewed (each adds 10 years); the expiry date follows from it. */
    renewals: integer().notNull().default(0),
    expiryDate: date({ mode: "string" }).notNull(),
    legalStatus: legalStatus().notNull().default("valid"),
    annuityPaidThrough: date({ mode: "string" }),
    ipcClasses: text().array().notNull().default(sql`'{}'::text[]`),
    niceClasses: integer().array().notNull().default(sql`'{}'::integer[]`),
    industry: text().$type<Industry>().notNull().default("other"),
    claimsCount: integer(),
    citationsCount: integer(),
    overseasFamilyCount: integer().notNull().default(0),
    awards: text().array().$type<Award[]>().notNull().default(sql`'{}'::text[]`),
    coOwners: jsonb().$type<CoOwner[]>().notNull().default([]),
    disputeFlag: boolean().notNull().default(false),
    preservationFlag: boolean().notNull().default(false),
    invalidationPending: boolean().notNull().default(false),
    /** Applications filed the same day for the same invention-creation (an invention beside a utility model; CNIPA ground 10). */
    sameDayApplications: text().array().notNull().default(sql`'{}'::text[]`),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.ownerOrgId),
    index().on(t.createdBy),
    uniqueIndex("ip_assets_patent_number_uq").on(t.number).where(sql`kind <> 'trademark'`),
    uniqueIndex("ip_assets_trademark_number_uq").on(t.number).where(sql`kind = 'trademark'`),
    check("ip_assets_renewals_check", sql`${t.renewals} >= 0 and (${t.renewals} = 0 or ${t.kind} = 'trademark')`),
  ],
);

export const assetAttachments = pgTable(
  "asset_attachments",
  {
    id: uuid().primaryKey().defaultRandom(),
    assetId: uuid().notNull().references(() => ipAssets.id, { onDelete: "cascade" }),
    fileName: text().notNull(),
    storedName: text().notNull().unique(),
    mime: text().notNull(),
    size: bigint({ mode: "number" }).notNull(),
    sha256: text().notNull(),
    uploadedBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.assetId), index().on(t.uploadedBy)],
);

/**
 * Rights that burden an asset. The constraints in the migrations are the last guard:
 * one active pledge per asset, no two overlapping exclusive licences, one transfer.
 */
export const encumbrances = pgTable(
  "encumbrances",
  {
    id: uuid().primaryKey().defaultRandom(),
    assetId: uuid().notNull().references(() => ipAssets.id),
    kind: encumbranceKind().notNull(),
    status: encumbranceStatus().notNull().default("active"),
    /** The holder: licensee, pledgee bank or transferee. */
    holderOrgId: uuid().references(() => organizations.id),
    period: daterange().notNull().default(sql`daterange(current_date, null)`),
    sourceType: text().notNull(),
    sourceId: uuid().notNull(),
    createdAt: createdAt(),
    releasedAt: tstz(),
  },
  (t) => [
    index().on(t.assetId),
    index().on(t.holderOrgId),
    index().on(t.sourceType, t.sourceId),
    // A pledge and a transfer both bind the title: at most one of them, ever, at a time.
    uniqueIndex("encumbrances_one_title_lock").on(t.assetId)
      .where(sql`kind in ('pledge', 'transfer') and status in ('pending', 'active')`),
  ],
);

export const assetImportStatus = pgEnum("asset_import_status", ["previewed", "confirmed", "discarded"]);

/** One parsed row of an import, with its errors (dictionary keys) and the values it would write. */
export type AssetImportRow = {
  line: number;
  cells: Record<string, string>;
  errors: Array<{ field: string; key: string; params?: Record<string, string | number> }>;
  /** The validated asset, present when the row has no errors. */
  asset?: Record<string, unknown>;
};

/**
 * A bulk import between preview and confirmation. The parsed rows stay on the server, scoped to the
 * organisation, so the confirmation writes exactly what was previewed and trusts nothing from the client.
 */
export const assetImports = pgTable(
  "asset_imports",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid().notNull().references(() => organizations.id, { onDelete: "cascade" }),
    createdBy: uuid().references(() => users.id),
    fileName: text().notNull(),
    status: assetImportStatus().notNull().default("previewed"),
    rows: jsonb().$type<AssetImportRow[]>().notNull(),
    validCount: integer().notNull(),
    errorCount: integer().notNull(),
    importedCount: integer(),
    createdAt: createdAt(),
    confirmedAt: tstz(),
  },
  (t) => [index().on(t.orgId, t.createdAt), index().on(t.createdBy)],
);
