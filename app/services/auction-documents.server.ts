import { and, eq } from "drizzle-orm";
import { getDb, type Executor } from "#db/client.server";
import { auctionDataRoomViews, auctionDocuments } from "#db/schema/index";
import { fileDocumentKey, type DataRoomSection } from "#app/domain/market/auction";
import { isUuid } from "#app/domain/ids";
import type { Actor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { consumeUpload } from "#app/utils/rate-limit.server";
import { audit } from "./operations.server";
import { loadListing, orgIdOf, userIdOf } from "./market-shared.server";
import { loadAuction } from "./auctions.server";
import { requireRoomAccess } from "./auction-data-room.server";
import { discardUpload, readUpload, storeUpload } from "./stored-files.server";

/**
 * Documents the seller adds to an auction's data room, filed under one of its sections. Stored as
 * certificates are (the type from the bytes: PDF, PNG or JPEG; the size limited; a generated name on
 * disk); each upload is audited. Whoever may enter the room may open them (registered bidders, the
 * seller, admins; anyone else 404), and each opening is logged like any other document's.
 */

/**
 * Who may upload to an auction's room, and whether it still takes documents: the seller (the listing's
 * manager; anyone else 404 or 403) while the auction is scheduled or open (else 409). The route asks
 * before it reads an upload's body, so a stranger's file is refused unread, whatever its size.
 */
export async function requireDataRoomUploader(actor: Actor, auctionId: string, exec?: Executor) {
  const db = exec ?? (await getDb());
  const a = await loadAuction(db, auctionId);
  requireCan(actor, "listing.manage", await loadListing(db, a.listingId));
  if (a.status !== "scheduled" && a.status !== "open") throw new ServiceError(409, "auction.errors.roomClosed");
  return a;
}

/** The seller (the listing's manager) uploads while the auction still runs. */
export async function addDataRoomDocument(actor: Actor, auctionId: string, input: { kind: DataRoomSection; file: { name: string; bytes: Uint8Array } }) {
  const db = await getDb();
  const a = await requireDataRoomUploader(actor, auctionId, db);
  await consumeUpload(actor);
  const stored = await storeUpload(input.file, "file", { tooLargeStatus: 413 });
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(auctionDocuments).values({ auctionId: a.id, kind: input.kind, ...stored, uploadedBy: userIdOf(actor) }).returning({ id: auctionDocuments.id });
      await audit(tx, actor, {
        action: "auction.data-room-uploaded", entityType: "auction", entityId: a.id, orgId: a.sellerOrgId,
        after: { documentId: row!.id, kind: input.kind, fileName: stored.fileName, mime: stored.mime, size: stored.size, sha256: stored.sha256 },
      });
      return { id: row!.id };
    });
  } catch (e) {
    await discardUpload(stored.storedName);
    throw e;
  }
}

/** One uploaded document's bytes, the opening logged and audited in the same transaction. */
export async function openDataRoomFile(actor: Actor, auctionId: string, fileId: string) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const a = await loadAuction(tx, auctionId);
    await requireRoomAccess(tx, actor, a);
    if (!isUuid(fileId)) throw new ServiceError(404, "errors.notFound");
    const [f] = await tx.select().from(auctionDocuments).where(and(eq(auctionDocuments.id, fileId), eq(auctionDocuments.auctionId, a.id)));
    if (!f) throw new ServiceError(404, "errors.notFound");
    const bytes = await readUpload(f.storedName);
    const key = fileDocumentKey(f.id);
    await tx.insert(auctionDataRoomViews).values({ auctionId: a.id, orgId: orgIdOf(actor)!, userId: userIdOf(actor), document: key });
    await audit(tx, actor, { action: "auction.data-room-viewed", entityType: "auction", entityId: a.id, orgId: a.sellerOrgId, after: { document: key, sha256: f.sha256 } });
    return { bytes, fileName: f.fileName, mime: f.mime, sha256: f.sha256 };
  });
}
