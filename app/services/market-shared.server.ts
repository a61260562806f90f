import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { Executor } from "#db/client.server";
import { applicationAssets, encumbrances, ipAssets, listingAssets, listings, loans, organizations } from "#db/schema/index";
import { highValueReasons, ipcSubclassesOf, type LegalStatus } from "#app/domain/market/assets";
import { shanghaiDate } from "#app/domain/dates";
import { fromDateRange } from "#app/domain/market/deal";
import { LIVE_LISTING_STATUSES, type EncumbranceFacts, type ListingAssetFacts } from "#app/domain/market/listing";
import { documentLexemes, normaliseDocument, tsvectorLiteral } from "#app/domain/market/search";
import type { Actor } from "#app/domain/policy/index";
import { transition, TransitionError, type TransitionTable } from "#app/domain/state-machine";
import { ServiceError } from "#app/utils/http.server";
import { enqueue } from "./operations.server";
import { isUuid } from "#app/domain/ids";
import { techTexts } from "#app/domain/market/technology";

/** Internal helpers of the market services (not use cases themselves). */

export const userIdOf = (actor: Actor) => (actor.type === "user" ? actor.userId : null);
export const orgIdOf = (actor: Actor) => (actor.type === "system" ? null : actor.orgId);
export const today = () => shanghaiDate();

/** The one way a market service changes a status: the domain's table, or a 409. */
export function next<S extends string, E extends string>(entity: string, table: TransitionTable<S, E>, from: S, event: E): S {
  try {
    return transition(entity, table, from, event);
  } catch (e) {
    if (e instanceof TransitionError) throw new ServiceError(409, "errors.conflict");
    throw e;
  }
}

/** The SQLSTATE and constraint of a database error, whichever driver (and drizzle wrapper) raised it. */
export function pgError(e: unknown): { code: string; constraint: string } | null {
  let cur = e as { code?: unknown; constraint_name?: string; constraint?: string; cause?: unknown } | undefined;
  for (let i = 0; cur && i < 4; i++) {
    if (typeof cur.code === "string" && /^[0-9A-Z]{5}$/.test(cur.code)) return { code: cur.code, constraint: cur.constraint_name ?? cur.constraint ?? "" };
    cur = cur.cause as typeof cur;
  }
  return null;
}

/** An in-app notice to every member of an organisation, once per cause. */
export async function notice(tx: Executor, orgId: string, kind: string, params: Record<string, string | number | null>, link: string | null, causeId: string) {
  await enqueue(tx, "notifications", "org-notice", { orgId, kind, params, link, causeId }, { dedupeKey: `notice:${kind}:${orgId}:${causeId}` });
}

export type ListingRow = typeof listings.$inferSelect;

export async function loadListing(exec: Executor, id: string, opts: { lock?: boolean } = {}): Promise<ListingRow> {
  if (!isUuid(id)) throw new ServiceError(404, "errors.notFound");
  const q = exec.select().from(listings).where(eq(listings.id, id));
  const [row] = opts.lock ? await q.for("update") : await q;
  if (!row) throw new ServiceError(404, "errors.notFound");
  return row;
}

export async function listingAssetIds(exec: Executor, listingId: string): Promise<string[]> {
  const rows = await exec.select({ assetId: listingAssets.assetId }).from(listingAssets).where(eq(listingAssets.listingId, listingId));
  return rows.map((r) => r.assetId).sort();
}

export type AssetRow = typeof ipAssets.$inferSelect;

/** Assets in a stable order; `lock` takes row locks so two requests on one asset queue up. */
export async function loadAssets(exec: Executor, ids: string[], opts: { lock?: boolean } = {}): Promise<AssetRow[]> {
  if (!ids.length) return [];
  const q = exec.select().from(ipAssets).where(inArray(ipAssets.id, ids)).orderBy(ipAssets.id);
  return opts.lock ? q.for("update") : q;
}

export const assetFacts = (a: AssetRow): ListingAssetFacts => ({
  id: a.id, title: a.title, kind: a.kind, ownerOrgId: a.ownerOrgId, legalStatus: a.legalStatus as LegalStatus,
  filingDate: a.filingDate, expiryDate: a.expiryDate, annuityPaidThrough: a.annuityPaidThrough, coOwners: a.coOwners,
});

/** Pending and active encumbrances of these assets, optionally without those a given source holds. */
export async function liveEncumbrances(exec: Executor, assetIds: string[], except?: { sourceType: string; sourceId: string }): Promise<EncumbranceFacts[]> {
  if (!assetIds.length) return [];
  const rows = await exec
    .select({ assetId: encumbrances.assetId, kind: encumbrances.kind, status: encumbrances.status, holderOrgId: encumbrances.holderOrgId, period: encumbrances.period, sourceType: encumbrances.sourceType, sourceId: encumbrances.sourceId })
    .from(encumbrances)
    .where(and(inArray(encumbrances.assetId, assetIds), inArray(encumbrances.status, ["pending", "active"])));
  return rows
    .filter((r) => !(except && r.sourceType === except.sourceType && r.sourceId === except.sourceId))
    .map((r) => ({ assetId: r.assetId, kind: r.kind, status: r.status as "pending" | "active", holderOrgId: r.holderOrgId, period: fromDateRange(r.period) }));
}

/** Live listings of these assets in the given modes, other than `exceptListingId`. */
export async function liveListingAssetIds(exec: Executor, assetIds: string[], modes: ListingRow["mode"][], exceptListingId?: string): Promise<string[]> {
  if (!assetIds.length) return [];
  const rows = await exec
    .select({ assetId: listingAssets.assetId })
    .from(listingAssets)
    .innerJoin(listings, eq(listings.id, listingAssets.listingId))
    .where(and(
      inArray(listingAssets.assetId, assetIds),
      inArray(listings.mode, modes),
      inArray(listings.status, [...LIVE_LISTING_STATUSES]),
      exceptListingId ? ne(listings.id, exceptListingId) : sql`true`,
    ));
  return [...new Set(rows.map((r) => r.assetId))];
}

/**
 * Pledge financing each asset has secured (a high-value criterion): the largest loan paid out against
 * a pledge that included it — one financing that was "relatively high". A mixed pledge's loan counts
 * in full for each of its assets, as it was granted on all of them. The platform dashboard counts the
 * same in SQL (campaign-progress.server.ts).
 */
export async function pledgeFinancedByAsset(exec: Executor, assetIds: string[]): Promise<Map<string, bigint>> {
  if (!assetIds.length) return new Map();
  const rows = await exec.select({ assetId: applicationAssets.assetId, total: sql<string>`max(${loans.principalFen})` })
    .from(loans).innerJoin(applicationAssets, eq(applicationAssets.applicationId, loans.applicationId))
    .where(and(inArray(applicationAssets.assetId, assetIds), inArray(loans.status, ["active", "overdue", "settled", "defaulted"])))
    .groupBy(applicationAssets.assetId);
  return new Map(rows.map((r) => [r.assetId, BigInt(r.total)]));
}

/**
 * The listing's denormalised market document: what search reads (titles, abstracts, numbers of every
 * asset), its lexemes for 1–2 character queries, and the facts the filters use.
 */
export async function listingDocument(exec: Executor, l: Pick<ListingRow, "title" | "titleEn" | "description" | "sellerOrgId"> & Partial<Pick<ListingRow, "technology">>, assets: AssetRow[]) {
  const text = normaliseDocument([l.title, l.titleEn, l.description, ...techTexts(l.technology), ...assets.flatMap((a) => [a.title, a.titleEn, a.abstract, a.abstractEn, a.number])]
    .filter((x): x is string => !!x && x.trim() !== "")
    .join("\n")
    .slice(0, 8000));
  const [org] = await exec.select({ parkId: organizations.parkId }).from(organizations).where(eq(organizations.id, l.sellerOrgId));
  const t = today();
  const financed = await pledgeFinancedByAsset(exec, assets.map((a) => a.id));
  return {
    searchText: text,
    searchLexemes: sql`${tsvectorLiteral(documentLexemes(text))}::tsvector`,
    kinds: [...new Set(assets.map((a) => a.kind))],
    industry: assets[0]?.industry ?? "other",
    ipcSubclasses: ipcSubclassesOf(assets.flatMap((a) => a.ipcClasses)),
    parkId: org?.parkId ?? null,
    highValue: assets.some((a) => highValueReasons({ ...a, legalStatus: a.legalStatus as LegalStatus, pledgeFinancedFen: financed.get(a.id) ?? null }, t).length > 0),
  };
}

/** Rewrites the market document of every listing that contains one of these assets (after an edit). */
export async function refreshListingDocuments(exec: Executor, assetIds: string[]) {
  if (!assetIds.length) return;
  const rows = await exec.selectDistinct({ listingId: listingAssets.listingId }).from(listingAssets).where(inArray(listingAssets.assetId, assetIds));
  for (const { listingId } of rows) {
    const l = await loadListing(exec, listingId);
    const assets = await loadAssets(exec, await listingAssetIds(exec, listingId));
    await exec.update(listings).set({ ...(await listingDocument(exec, l, assets)), updatedAt: new Date() }).where(eq(listings.id, listingId));
  }
}
