import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { assetAttachments, encumbrances, ipAssets, licences, listingAssets, listings, organizations } from "#db/schema/index";
import type { AssetInput } from "#app/domain/forms/market";
import { effectiveLegalStatus, expiryDate, highValueReasons, type LegalStatus } from "#app/domain/market/assets";
import { canRenew, renewalWindow } from "#app/domain/renewal";
import { upkeepOf } from "#app/domain/upkeep";
import { LIVE_LISTING_STATUSES } from "#app/domain/market/listing";
import type { Actor, UserActor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { emitDomainEvent } from "./domain-events.server";
import { audit } from "./operations.server";
import { discardUpload, readUpload, storeUpload } from "./stored-files.server";
import { invalidateValuationsForAsset } from "./valuations.server";
import { pgError, pledgeFinancedByAsset, refreshListingDocuments, today, userIdOf } from "./market-shared.server";
import { isUuid } from "#app/domain/ids";
import { consumeUpload } from "#app/utils/rate-limit.server";

async function loadAsset(id: string) {
  if (!isUuid(id)) throw new ServiceError(404, "errors.notFound");
  const db = await getDb();
  const [row] = await db.select().from(ipAssets).where(eq(ipAssets.id, id));
  if (!row) throw new ServiceError(404, "errors.notFound");
  return row;
}

const PAGE = 50;

/** The organisation's assets, newest first, keyset-paginated by (created_at, id). */
export async function listMyAssets(actor: UserActor, opts: { after?: { createdAt: string; id: string } | null; q?: string } = {}) {
  requireCan(actor, "asset.create");
  const db = await getDb();
  const rows = await db
    .select({
      id: ipAssets.id, kind: ipAssets.kind, number: ipAssets.number, title: ipAssets.title, titleEn: ipAssets.titleEn,
      legalStatus: ipAssets.legalStatus, filingDate: ipAssets.filingDate, expiryDate: ipAssets.expiryDate, annuityPaidThrough: ipAssets.annuityPaidThrough,
      industry: ipAssets.industry, createdAt: ipAssets.createdAt,
      // Microsecond precision: an import writes thousands of rows with one timestamp, a JS Date would lose the order.
      key: sql<string>`${ipAssets.createdAt}::text`,
    })
    .from(ipAssets)
    .where(and(
      eq(ipAssets.ownerOrgId, actor.orgId),
      opts.after ? sql`(${ipAssets.createdAt}, ${ipAssets.id}) < (${opts.after.createdAt}::timestamptz, ${opts.after.id}::uuid)` : undefined,
    ))
    .orderBy(desc(ipAssets.createdAt), desc(ipAssets.id))
    .limit(PAGE + 1);
  const t = today();
  const items = rows.slice(0, PAGE).map((r) => ({ ...r, effectiveStatus: effectiveLegalStatus({ ...r, legalStatus: r.legalStatus as LegalStatus }, t), upkeep: upkeepOf(r, t) }));
  const last = rows.length > PAGE ? items[items.length - 1]! : null;
  return { items, next: last ? { createdAt: last.key, id: last.id } : null };
}

/** One asset with what burdens it, for its owner (and admins). */
export async function getAsset(actor: Actor, id: string) {
  const asset = await loadAsset(id);
  requireCan(actor, "asset.view", asset);
  const db = await getDb();
  const [files, enc, inListings, lic] = await Promise.all([
    db.select({ id: assetAttachments.id, fileName: assetAttachments.fileName, mime: assetAttachments.mime, size: assetAttachments.size, createdAt: assetAttachments.createdAt })
      .from(assetAttachments).where(eq(assetAttachments.assetId, id)).orderBy(asc(assetAttachments.createdAt)),
    db.select({ kind: encumbrances.kind, status: encumbrances.status, period: encumbrances.period, holder: organizations.name })
      .from(encumbrances).leftJoin(organizations, eq(organizations.id, encumbrances.holderOrgId))
      .where(and(eq(encumbrances.assetId, id), inArray(encumbrances.status, ["pending", "active"]))),
    db.select({ id: listings.id, title: listings.title, mode: listings.mode, status: listings.status })
      .from(listingAssets).innerJoin(listings, eq(listings.id, listingAssets.listingId))
      .where(eq(listingAssets.assetId, id)).orderBy(desc(listings.createdAt)).limit(20),
    db.select({ id: licences.id, kind: licences.kind, period: licences.period, licensee: organizations.name })
      .from(licences).innerJoin(organizations, eq(organizations.id, licences.licenseeOrgId))
      .where(eq(licences.assetId, id)).orderBy(desc(licences.createdAt)).limit(50),
  ]);
  const t = today();
  const facts = { ...asset, legalStatus: asset.legalStatus as LegalStatus, pledgeFinancedFen: (await pledgeFinancedByAsset(db, [id])).get(id) ?? null };
  return {
    asset, files, encumbrances: enc, listings: inListings, licences: lic,
    effectiveStatus: effectiveLegalStatus(facts, t),
    highValue: highValueReasons(facts, t),
    renewal: asset.kind === "trademark" ? { ...renewalWindow(asset.expiryDate), open: canRenew(asset, t) } : null,
    canEdit: actor.type !== "system" && actor.orgId === asset.ownerOrgId,
  };
}

function numberTaken(e: unknown): never {
  const err = pgError(e);
  if (err?.code === "23505" && /ip_assets_(patent|trademark)_number_uq/.test(err.constraint)) {
    throw new ServiceError(409, "errors.fixBelow", { number: ["market.errors.numberTaken"] });
  }
  throw e;
}

export async function createAsset(actor: Actor, input: AssetInput) {
  requireCan(actor, "asset.create");
  if (actor.type === "system") throw new ServiceError(403, "errors.forbidden");
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(ipAssets).values({ ...input, ownerOrgId: actor.orgId, createdBy: userIdOf(actor) }).returning({ id: ipAssets.id });
      await audit(tx, actor, { action: "market.asset-created", entityType: "ip_asset", entityId: row!.id, orgId: actor.orgId, after: { kind: input.kind, number: input.number, title: input.title } });
      return { id: row!.id };
    });
  } catch (e) {
    numberTaken(e);
  }
}

/**
 * The owner edits an asset. Its kind and number cannot change while it is listed or encumbered (a
 * buyer agreed to that right); the market documents of its listings are rewritten in the same transaction.
 */
export async function updateAsset(actor: Actor, id: string, input: AssetInput) {
  const before = await loadAsset(id);
  requireCan(actor, "asset.edit", before);
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const [cur] = await tx.select().from(ipAssets).where(eq(ipAssets.id, id)).for("update");
      if (!cur || cur.ownerOrgId !== before.ownerOrgId) throw new ServiceError(404, "errors.notFound");
      if (cur.kind !== input.kind || cur.number !== input.number) {
        const [busy] = await tx.select({ n: sql<number>`1` }).from(listingAssets).innerJoin(listings, eq(listings.id, listingAssets.listingId))
          .where(and(eq(listingAssets.assetId, id), inArray(listings.status, [...LIVE_LISTING_STATUSES]))).limit(1);
        const [burdened] = await tx.select({ n: sql<number>`1` }).from(encumbrances).where(and(eq(encumbrances.assetId, id), inArray(encumbrances.status, ["pending", "active"]))).limit(1);
        if (busy || burdened) throw new ServiceError(409, "market.errors.identityLocked", { number: ["market.errors.identityLocked"] });
      }
      await tx.update(ipAssets).set({ ...input, updatedAt: new Date() }).where(eq(ipAssets.id, id));
      // A valuation rests on the legal status: a change invalidates the asset's open valuations.
      if (cur.legalStatus !== input.legalStatus) {
        await invalidateValuationsForAsset(tx, id, { actor });
        // Banks holding a pledge on the asset hear of it (their systems re-check the collateral).
        const pledgees = await tx.selectDistinct({ orgId: encumbrances.holderOrgId }).from(encumbrances)
          .where(and(eq(encumbrances.assetId, id), eq(encumbrances.kind, "pledge"), inArray(encumbrances.status, ["pending", "active"])));
        const orgIds = pledgees.map((p) => p.orgId).filter((o): o is string => !!o);
        if (orgIds.length) {
          await emitDomainEvent(tx, {
            type: "collateral.status_changed", subjectType: "ip_asset", subjectId: id, orgIds,
            payload: { assetId: id, legalStatus: input.legalStatus }, dedupeKey: `${id}:${cur.updatedAt.getTime()}`,
          });
        }
      }
      await refreshListingDocuments(tx, [id]);
      await audit(tx, actor, {
        action: "market.asset-updated", entityType: "ip_asset", entityId: id, orgId: cur.ownerOrgId,
        before: { kind: cur.kind, number: cur.number, title: cur.title, legalStatus: cur.legalStatus, annuityPaidThrough: cur.annuityPaidThrough, renewals: cur.renewals, expiryDate: cur.expiryDate },
        after: { kind: input.kind, number: input.number, title: input.title, legalStatus: input.legalStatus, annuityPaidThrough: input.annuityPaidThrough, renewals: input.renewals, expiryDate: input.expiryDate },
      });
      return { id };
    });
  } catch (e) {
    numberTaken(e);
  }
}

/**
 * The owner records a trademark renewal CNIPA granted: another 10-year term, only within the renewal
 * window (12 months before expiry to the end of the 6-month grace period). A second click finds the
 * window of the new expiry closed (409), so a renewal is never counted twice. Open valuations rested
 * on the old term and are invalidated.
 */
export async function recordRenewal(actor: Actor, id: string) {
  const before = await loadAsset(id);
  requireCan(actor, "asset.edit", before);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [cur] = await tx.select().from(ipAssets).where(eq(ipAssets.id, id)).for("update");
    if (!cur || cur.ownerOrgId !== before.ownerOrgId) throw new ServiceError(404, "errors.notFound");
    if (!canRenew(cur, today())) {
      const w = renewalWindow(cur.expiryDate);
      throw new ServiceError(409, cur.kind === "trademark" ? "market.errors.renewalClosed" : "errors.conflict", {}, { opens: w.opens, graceEnds: w.graceEnds });
    }
    const renewals = cur.renewals + 1;
    const expiry = expiryDate({ kind: cur.kind, filingDate: cur.filingDate, registrationDate: cur.grantDate, renewals })!;
    await tx.update(ipAssets).set({ renewals, expiryDate: expiry, updatedAt: new Date() }).where(eq(ipAssets.id, id));
    await invalidateValuationsForAsset(tx, id, { actor, reason: "renewed" });
    await refreshListingDocuments(tx, [id]);
    await audit(tx, actor, {
      action: "market.asset-renewed", entityType: "ip_asset", entityId: id, orgId: cur.ownerOrgId,
      before: { renewals: cur.renewals, expiryDate: cur.expiryDate }, after: { renewals, expiryDate: expiry },
    });
    return { id, renewals, expiryDate: expiry };
  });
}

/** Stores a certificate (see `storeUpload`) and records it on the asset, audited. */
export async function addAttachment(actor: Actor, assetId: string, file: { name: string; bytes: Uint8Array }) {
  const asset = await loadAsset(assetId);
  requireCan(actor, "asset.edit", asset);
  await consumeUpload(actor);
  const stored = await storeUpload(file);
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(assetAttachments).values({ assetId, ...stored, uploadedBy: userIdOf(actor) }).returning({ id: assetAttachments.id });
      await audit(tx, actor, { action: "market.attachment-added", entityType: "ip_asset", entityId: assetId, orgId: asset.ownerOrgId, after: { attachmentId: row!.id, mime: stored.mime, size: stored.size } });
      return { id: row!.id };
    });
  } catch (e) {
    await discardUpload(stored.storedName);
    throw e;
  }
}

/** A certificate for download: only the owner organisation and admins (anyone else: 404). */
export async function openAttachment(actor: Actor, assetId: string, fileId: string) {
  const asset = await loadAsset(assetId);
  requireCan(actor, "asset.view", asset);
  if (!isUuid(fileId)) throw new ServiceError(404, "errors.notFound");
  const db = await getDb();
  const [f] = await db.select().from(assetAttachments).where(and(eq(assetAttachments.id, fileId), eq(assetAttachments.assetId, assetId)));
  if (!f) throw new ServiceError(404, "errors.notFound");
  return { bytes: await readUpload(f.storedName), fileName: f.fileName, mime: f.mime };
}

/** Assets to choose from when creating a listing: the pre-selected ones and the 300 most recent. */
export async function listAssetChoices(actor: UserActor, selected: string[]) {
  requireCan(actor, "listing.create");
  const db = await getDb();
  const cols = { id: ipAssets.id, kind: ipAssets.kind, number: ipAssets.number, title: ipAssets.title, legalStatus: ipAssets.legalStatus, filingDate: ipAssets.filingDate, expiryDate: ipAssets.expiryDate, annuityPaidThrough: ipAssets.annuityPaidThrough };
  const ids = selected.filter(isUuid).slice(0, 20);
  const [chosen, recent] = await Promise.all([
    ids.length ? db.select(cols).from(ipAssets).where(and(eq(ipAssets.ownerOrgId, actor.orgId), inArray(ipAssets.id, ids))) : [],
    db.select(cols).from(ipAssets).where(eq(ipAssets.ownerOrgId, actor.orgId)).orderBy(desc(ipAssets.createdAt)).limit(300),
  ]);
  const t = today();
  const all = [...chosen, ...recent.filter((r) => !ids.includes(r.id))];
  return all.map((a) => ({ ...a, effectiveStatus: effectiveLegalStatus({ ...a, legalStatus: a.legalStatus as LegalStatus }, t), selected: ids.includes(a.id) }));
}
