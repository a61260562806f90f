import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { getDb, type Executor } from "#db/client.server";
import { auctionDataRoomViews, auctionDocuments, deals, encumbrances, ipAssets, licences, listingAssets, organizations, users, valuationAssets, valuations } from "#db/schema/index";
import { DATA_ROOM_SECTIONS, documentKey, parseDocumentKey, type DataRoomSection } from "#app/domain/market/auction";
import { isPlatformAdmin, sameOrg, type Actor } from "#app/domain/policy/index";
import { ServiceError } from "#app/utils/http.server";
import { audit } from "./operations.server";
import { isRegistered, loadAuction, type AuctionRow } from "./auctions.server";
import { listingAssetIds, loadAssets, orgIdOf, userIdOf } from "./market-shared.server";

/**
 * The data room of an auction: per asset its file history, chain of title, licences, encumbrances
 * (the pledge among them) and valuation, read from the platform's own records. Open to registered
 * bidders, the seller and admins; to anyone else the auction's room does not exist (404). Every
 * opening of a document is logged, and the seller reads the log.
 */

export async function requireRoomAccess(exec: Executor, actor: Actor, a: AuctionRow) {
  if (isPlatformAdmin(actor) || sameOrg(actor, a.sellerOrgId)) return;
  const orgId = orgIdOf(actor);
  if (actor.type !== "system" && actor.orgStatus === "verified" && orgId && (await isRegistered(exec, a.id, orgId))) return;
  throw new ServiceError(404, "errors.notFound");
}

/** The room's index: each asset and its documents, and the files the seller uploaded (auction-documents.server.ts). */
export async function dataRoomIndex(actor: Actor, auctionId: string) {
  const db = await getDb();
  const a = await loadAuction(db, auctionId);
  await requireRoomAccess(db, actor, a);
  const assets = await loadAssets(db, await listingAssetIds(db, a.listingId));
  const files = await db.select({ id: auctionDocuments.id, kind: auctionDocuments.kind, fileName: auctionDocuments.fileName, size: auctionDocuments.size, createdAt: auctionDocuments.createdAt })
    .from(auctionDocuments).where(eq(auctionDocuments.auctionId, a.id)).orderBy(asc(auctionDocuments.createdAt));
  return {
    auctionId: a.id,
    canUpload: sameOrg(actor, a.sellerOrgId) && (a.status === "scheduled" || a.status === "open"),
    files,
    assets: assets.map((x) => ({ id: x.id, number: x.number, title: x.title, documents: DATA_ROOM_SECTIONS.map((s) => ({ key: documentKey(x.id, s), section: s })) })),
  };
}

export type DataRoomRow = { label: string; value: string | null };
export type DataRoomDocument = { key: string; section: DataRoomSection; assetNumber: string; assetTitle: string; rows: DataRoomRow[][] };

/** One document, logged (who, when, which) in the same transaction as it is read. */
export async function openDataRoomDocument(actor: Actor, auctionId: string, key: string): Promise<DataRoomDocument> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const a = await loadAuction(tx, auctionId);
    await requireRoomAccess(tx, actor, a);
    const ref = parseDocumentKey(key);
    const assetIds = await listingAssetIds(tx, a.listingId);
    if (!ref || !assetIds.includes(ref.assetId)) throw new ServiceError(404, "errors.notFound");
    const [asset] = await loadAssets(tx, [ref.assetId]);
    const rows = await sectionRows(tx, asset!, ref.section);
    await tx.insert(auctionDataRoomViews).values({ auctionId: a.id, orgId: orgIdOf(actor)!, userId: userIdOf(actor), document: key });
    await audit(tx, actor, { action: "auction.data-room-viewed", entityType: "auction", entityId: a.id, orgId: a.sellerOrgId, after: { document: key } });
    return { key, section: ref.section, assetNumber: asset!.number, assetTitle: asset!.title, rows };
  });
}

const d = (x: Date | string | null | undefined) => (x == null ? null : typeof x === "string" ? x : x.toISOString().slice(0, 10));

async function orgNames(exec: Executor, ids: string[]) {
  if (!ids.length) return new Map<string, string>();
  const rows = await exec.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function sectionRows(tx: Executor, asset: Awaited<ReturnType<typeof loadAssets>>[number], section: DataRoomSection): Promise<DataRoomRow[][]> {
  if (section === "history") {
    return [[
      { label: "auction.room.field.number", value: asset.number },
      { label: "auction.room.field.kind", value: asset.kind },
      { label: "auction.room.field.filingDate", value: asset.filingDate },
      { label: "auction.room.field.grantDate", value: asset.grantDate },
      { label: "auction.room.field.expiryDate", value: asset.expiryDate },
      { label: "auction.room.field.legalStatus", value: asset.legalStatus },
      { label: "auction.room.field.annuityPaidThrough", value: asset.annuityPaidThrough },
    ]];
  }
  if (section === "title") {
    const transfers = await tx.select({ buyer: deals.buyerOrgId, completedAt: deals.completedAt }).from(deals)
      .innerJoin(listingAssets, eq(listingAssets.listingId, deals.listingId))
      .where(and(eq(listingAssets.assetId, asset.id), eq(deals.mode, "transfer"), eq(deals.status, "completed"))).orderBy(deals.completedAt);
    const names = await orgNames(tx, [asset.ownerOrgId, ...transfers.map((t) => t.buyer)]);
    return [
      ...transfers.map((t) => [{ label: "auction.room.field.transferredTo", value: names.get(t.buyer) ?? null }, { label: "auction.room.field.date", value: d(t.completedAt) }]),
      [{ label: "auction.room.field.currentOwner", value: names.get(asset.ownerOrgId) ?? null }, { label: "auction.room.field.coOwners", value: asset.coOwners.map((c) => c.name).join("、") || null }],
    ];
  }
  if (section === "licences") {
    const rows = await tx.select().from(licences).where(eq(licences.assetId, asset.id)).orderBy(licences.createdAt);
    const names = await orgNames(tx, rows.map((r) => r.licenseeOrgId));
    return rows.map((r) => [
      { label: "auction.room.field.licensee", value: names.get(r.licenseeOrgId) ?? null },
      { label: "auction.room.field.licenceKind", value: r.kind },
      { label: "auction.room.field.period", value: r.period },
      { label: "auction.room.field.territory", value: r.territory },
    ]);
  }
  if (section === "encumbrances") {
    const rows = await tx.select().from(encumbrances).where(eq(encumbrances.assetId, asset.id)).orderBy(encumbrances.createdAt);
    const names = await orgNames(tx, rows.flatMap((r) => (r.holderOrgId ? [r.holderOrgId] : [])));
    return rows.map((r) => [
      { label: "auction.room.field.encumbranceKind", value: r.kind },
      { label: "auction.room.field.status", value: r.status },
      { label: "auction.room.field.holder", value: r.holderOrgId ? (names.get(r.holderOrgId) ?? null) : null },
      { label: "auction.room.field.period", value: r.period },
    ]);
  }
  const [v] = await tx.select({ low: valuations.lowValue, base: valuations.baseValue, high: valuations.highValue, completedAt: valuations.completedAt, validUntil: valuations.validUntil, model: valuations.modelVersion })
    .from(valuations).innerJoin(valuationAssets, eq(valuationAssets.valuationId, valuations.id))
    .where(and(eq(valuationAssets.assetId, asset.id), inArray(valuations.status, ["completed", "expired"]))).orderBy(desc(valuations.completedAt)).limit(1);
  if (!v) return [];
  const yuan = (f: bigint | null) => (f == null ? null : (Number(f) / 100).toFixed(2));
  return [[
    { label: "auction.room.field.low", value: yuan(v.low) }, { label: "auction.room.field.base", value: yuan(v.base) }, { label: "auction.room.field.high", value: yuan(v.high) },
    { label: "auction.room.field.valuedOn", value: d(v.completedAt) }, { label: "auction.room.field.validUntil", value: d(v.validUntil) }, { label: "auction.room.field.model", value: v.model },
  ]];
}

/** The seller's (and admins') log of who opened which document when. */
export async function dataRoomViewLog(actor: Actor, auctionId: string) {
  const db = await getDb();
  const a = await loadAuction(db, auctionId);
  if (!(isPlatformAdmin(actor) || sameOrg(actor, a.sellerOrgId))) throw new ServiceError(404, "errors.notFound");
  return db.select({ document: auctionDataRoomViews.document, viewedAt: auctionDataRoomViews.viewedAt, orgName: organizations.name, userName: users.name, userEmail: users.email })
    .from(auctionDataRoomViews)
    .innerJoin(organizations, eq(organizations.id, auctionDataRoomViews.orgId))
    .leftJoin(users, eq(users.id, auctionDataRoomViews.userId))
    .where(eq(auctionDataRoomViews.auctionId, a.id)).orderBy(desc(auctionDataRoomViews.viewedAt)).limit(500);
}
