import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { getDb, type Executor } from "#db/client.server";
import { deals, encumbrances, ipAssets, listingAssets, listings, organizations } from "#db/schema/index";
import type { ListingInput } from "#app/domain/forms/market";
import { dealLifecycle } from "#app/domain/market/deal";
import { isExclusiveMode, licencePeriod, listingLifecycle, listingProblems, type ListingEvent, type ListingMode } from "#app/domain/market/listing";
import { listingManager } from "#app/domain/policy/market";
import { isPlatformAdmin, type Actor, type UserActor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { audit, enqueue } from "./operations.server";
import {
  assetFacts, listingAssetIds, listingDocument, liveEncumbrances, liveListingAssetIds, loadAssets, loadListing, next, notice, orgIdOf,
  today, userIdOf, type ListingRow,
} from "./market-shared.server";

export type CreateListingOptions = {
  /**
   * A bank disposing of defaulted collateral: the assets must be pledged to the acting bank (an
   * active pledge encumbrance it holds). The listing is made for the owner, managed by the bank.
   */
  disposingFor?: { assetIds: string[] };
  /** Overrides `input.intent`: true submits the listing for review at once. */
  submit?: boolean;
  /** Run inside the caller's transaction (e.g. the financing service's). */
  tx?: Executor;
};

/** Checks the domain rules against the current state of the assets; throws the first problem as a 409. */
async function assertListable(tx: Executor, l: { mode: ListingMode; termMonths: number | null; sellerOrgId: string; disposingOrgId: string | null; evaluationReport: boolean }, assetIds: string[], exceptListingId?: string) {
  const assets = await loadAssets(tx, assetIds, { lock: true });
  if (assets.length !== assetIds.length) throw new ServiceError(404, "errors.notFound");
  const t = today();
  const problems = listingProblems({
    mode: l.mode,
    assets: assets.map(assetFacts),
    encumbrances: await liveEncumbrances(tx, assetIds),
    openLicenceAssetIds: isExclusiveMode(l.mode) ? await liveListingAssetIds(tx, assetIds, ["open_licence"], exceptListingId) : [],
    exclusiveListingAssetIds: isExclusiveMode(l.mode) ? await liveListingAssetIds(tx, assetIds, ["exclusive_licence", "sole_licence"], exceptListingId) : [],
    period: licencePeriod(t, l.termMonths),
    sellerOrgId: l.sellerOrgId,
    disposingOrgId: l.disposingOrgId,
    evaluationReport: l.evaluationReport,
    today: t,
  });
  if (l.mode === "transfer" && problems.length === 0) {
    const other = await liveListingAssetIds(tx, assetIds, ["transfer"], exceptListingId);
    if (other.length) problems.push({ key: "market.errors.transferListingExists", params: { title: assets.find((a) => a.id === other[0])!.title } });
  }
  if (problems.length) throw new ServiceError(409, problems[0]!.key, {}, problems[0]!.params ?? {});
  return assets;
}

/** The listing's texts and terms as the form gives them (prices in 分; the price sorted on is the fee or the asking price). */
const textOf = (input: ListingInput) => ({ title: input.title, titleEn: input.titleEn, description: input.description, technology: input.technology });
const termsOf = (input: ListingInput) => ({
  mode: input.mode, askingPriceFen: input.askingPriceFen, openFeeFen: input.openFeeFen, royaltyBp: input.royaltyBp, termMonths: input.termMonths,
  territory: input.territory, evaluationReport: input.evaluationReport, priceFen: input.mode === "open_licence" ? input.openFeeFen : input.askingPriceFen,
});

/**
 * Creates a listing (draft, or submitted for review). Signature for other contexts:
 *   createListing(actor, input: ListingInput, opts?: { disposingFor?: { assetIds }, submit?, tx? }) → { id, status }
 * With `disposingFor`, the actor is a bank listing collateral pledged to it, on the owner's behalf.
 */
export async function createListing(actor: Actor, input: ListingInput, opts: CreateListingOptions = {}) {
  const disposing = !!opts.disposingFor;
  requireCan(actor, disposing ? "listing.dispose" : "listing.create");
  const actorOrg = orgIdOf(actor);
  if (!actorOrg) throw new ServiceError(403, "errors.forbidden");
  const assetIds = [...new Set(input.assetIds)].sort();
  if (disposing && [...new Set(opts.disposingFor!.assetIds)].sort().join() !== assetIds.join()) throw new ServiceError(400, "market.errors.disposalAssets");
  const submit = opts.submit ?? input.intent === "submit";
  const run = async (tx: Executor) => {
    const assets = await loadAssets(tx, assetIds);
    if (assets.length !== assetIds.length) throw new ServiceError(404, "errors.notFound");
    if (disposing) {
      const pledged = await tx.select({ assetId: encumbrances.assetId }).from(encumbrances).where(and(
        inArray(encumbrances.assetId, assetIds), eq(encumbrances.kind, "pledge"), eq(encumbrances.status, "active"), eq(encumbrances.holderOrgId, actorOrg),
      ));
      if (new Set(pledged.map((p) => p.assetId)).size !== assetIds.length) throw new ServiceError(403, "market.errors.notPledgedToYou");
    } else if (assets.some((a) => a.ownerOrgId !== actorOrg)) {
      // Someone else's asset is not there for this organisation.
      throw new ServiceError(404, "errors.notFound");
    }
    const sellerOrgId = assets[0]!.ownerOrgId;
    const terms = { ...termsOf(input), sellerOrgId, disposingOrgId: disposing ? actorOrg : null };
    await assertListable(tx, terms, assetIds);
    const listing = { ...textOf(input), sellerOrgId };
    const status = submit ? next("listing", listingLifecycle, "draft", "submit") : "draft";
    const [row] = await tx.insert(listings).values({
      ...listing,
      ...terms,
      createdBy: userIdOf(actor),
      status,
      submittedAt: submit ? new Date() : null,
      ...(await listingDocument(tx, listing, assets)),
    }).returning({ id: listings.id });
    await tx.insert(listingAssets).values(assetIds.map((assetId) => ({ listingId: row!.id, assetId })));
    await audit(tx, actor, {
      action: "market.listing-created", entityType: "listing", entityId: row!.id, orgId: sellerOrgId,
      after: { status, mode: input.mode, assetIds, disposingOrgId: terms.disposingOrgId, askingPriceFen: input.askingPriceFen?.toString() ?? null, openFeeFen: input.openFeeFen?.toString() ?? null },
    });
    return { id: row!.id, status };
  };
  if (opts.tx) return run(opts.tx);
  const db = await getDb();
  return db.transaction(run);
}

/** A listing for its seller's edit form: its terms and its assets. Only the organisation that runs it may. */
export async function getDraftListing(actor: Actor, listingId: string) {
  const db = await getDb();
  const l = await loadListing(db, listingId);
  requireCan(actor, "listing.manage", l);
  const { searchLexemes: _l, searchText: _t, ...listing } = l;
  return { listing, assetIds: await listingAssetIds(db, l.id) };
}

/**
 * The seller edits its draft: assets, deal type, texts and terms, checked by the same rules as a new
 * listing; with `intent: "submit"` it goes to review in the same transaction. A listing that has left
 * the draft state is not edited (409): it is under review or on the market, where buyers rely on it.
 */
export async function updateDraftListing(actor: Actor, listingId: string, input: ListingInput) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const l = await loadListing(tx, listingId, { lock: true });
    requireCan(actor, "listing.manage", l);
    if (l.status !== "draft") throw new ServiceError(409, "market.errors.notDraft");
    const assetIds = [...new Set(input.assetIds)].sort();
    const before = (await listingAssetIds(tx, l.id)).sort();
    const assets = await loadAssets(tx, assetIds);
    // Another organisation's asset is not there for this seller.
    if (assets.length !== assetIds.length || assets.some((a) => a.ownerOrgId !== l.sellerOrgId)) throw new ServiceError(404, "errors.notFound");
    await assertListable(tx, { ...termsOf(input), sellerOrgId: l.sellerOrgId, disposingOrgId: l.disposingOrgId }, assetIds, l.id);
    const submit = input.intent === "submit";
    const status = submit ? next("listing", listingLifecycle, l.status, "submit") : l.status;
    const now = new Date();
    await tx.update(listings).set({
      ...textOf(input), ...termsOf(input), status, updatedAt: now, ...(submit ? { submittedAt: now } : {}),
      ...(await listingDocument(tx, { ...textOf(input), sellerOrgId: l.sellerOrgId }, assets)),
    }).where(eq(listings.id, l.id));
    if (before.join() !== assetIds.join()) {
      await tx.delete(listingAssets).where(eq(listingAssets.listingId, l.id));
      await tx.insert(listingAssets).values(assetIds.map((assetId) => ({ listingId: l.id, assetId })));
    }
    await audit(tx, actor, {
      action: submit ? "market.listing-edited-and-submitted" : "market.listing-edited", entityType: "listing", entityId: l.id, orgId: l.sellerOrgId,
      before: { status: l.status, mode: l.mode, title: l.title, assetIds: before, askingPriceFen: l.askingPriceFen?.toString() ?? null, openFeeFen: l.openFeeFen?.toString() ?? null },
      after: { status, mode: input.mode, title: input.title, assetIds, askingPriceFen: input.askingPriceFen?.toString() ?? null, openFeeFen: input.openFeeFen?.toString() ?? null },
    });
    return { id: l.id, status };
  });
}

const SELLER_EVENTS = ["submit", "pause", "resume", "close", "withdraw"] as const;
export type SellerListingEvent = (typeof SELLER_EVENTS)[number];

/** Cancels the open negotiations of a listing that stops trading (accepted deals go on). */
async function cancelOpenNegotiations(tx: Executor, actor: Actor, listing: ListingRow, cause: string) {
  const open = await tx.select({ id: deals.id, status: deals.status, buyerOrgId: deals.buyerOrgId }).from(deals)
    .where(and(eq(deals.listingId, listing.id), inArray(deals.status, ["offered", "countered"]))).for("update");
  for (const d of open) {
    const status = next("deal", dealLifecycle, d.status, "cancel");
    await tx.update(deals).set({ status, decisionReason: cause, updatedAt: new Date() }).where(eq(deals.id, d.id));
    await audit(tx, actor, { action: "market.deal-cancelled", entityType: "deal", entityId: d.id, orgId: d.buyerOrgId, before: { status: d.status }, after: { status, reason: cause } });
    await notice(tx, d.buyerOrgId, "market.notify.dealCancelled", { title: listing.title }, `/deals/${d.id}`, `listing-${cause}:${d.id}`);
  }
}

/** The seller (or disposing bank) moves its listing: submit a draft, pause, resume, close, withdraw. */
export async function changeListing(actor: Actor, listingId: string, event: SellerListingEvent) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const l = await loadListing(tx, listingId, { lock: true });
    requireCan(actor, "listing.manage", l);
    const status = next("listing", listingLifecycle, l.status, event as ListingEvent);
    if (event === "submit" || event === "resume") {
      await assertListable(tx, { ...l, termMonths: l.termMonths }, await listingAssetIds(tx, l.id), l.id);
    }
    const now = new Date();
    await tx.update(listings).set({
      status, updatedAt: now,
      ...(event === "submit" ? { submittedAt: now } : {}),
      ...(status === "closed" || status === "withdrawn" ? { closedAt: now } : {}),
    }).where(eq(listings.id, l.id));
    if (status === "closed" || status === "withdrawn" || status === "paused") await cancelOpenNegotiations(tx, actor, l, status);
    await audit(tx, actor, { action: `market.listing-${event}`, entityType: "listing", entityId: l.id, orgId: l.sellerOrgId, before: { status: l.status }, after: { status } });
    return { id: l.id, status };
  });
}

/**
 * An admin approves (publishes) or rejects a listing under review. The rules are checked again: the
 * asset may have lapsed or been licensed exclusively since it was submitted.
 */
export async function reviewListing(actor: Actor, listingId: string, decision: "approve" | "reject", reason: string | null) {
  requireCan(actor, "listing.review");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const l = await loadListing(tx, listingId, { lock: true });
    const status = next("listing", listingLifecycle, l.status, decision);
    if (decision === "approve") await assertListable(tx, l, await listingAssetIds(tx, l.id), l.id);
    const now = new Date();
    await tx.update(listings).set({
      status, reviewReason: decision === "reject" ? reason : null, reviewedBy: userIdOf(actor), reviewedAt: now, updatedAt: now,
      ...(decision === "approve" ? { publishedAt: now } : {}),
    }).where(eq(listings.id, l.id));
    const auditId = await audit(tx, actor, {
      action: decision === "approve" ? "market.listing-approved" : "market.listing-rejected", entityType: "listing", entityId: l.id, orgId: l.sellerOrgId,
      before: { status: l.status }, after: { status, reason },
    });
    await notice(tx, listingManager(l), decision === "approve" ? "market.notify.listingApproved" : "market.notify.listingRejected",
      { title: l.title, reason: reason ?? "" }, `/listings/${l.id}`, String(auditId));
    if (decision === "approve") await enqueue(tx, "notifications", "listing-published", { listingId: l.id }, { dedupeKey: `listing-published:${auditId}` });
    return { id: l.id, title: l.title, status };
  });
}

const listingColumns = {
  id: listings.id, title: listings.title, titleEn: listings.titleEn, mode: listings.mode, status: listings.status,
  askingPriceFen: listings.askingPriceFen, openFeeFen: listings.openFeeFen, royaltyBp: listings.royaltyBp, termMonths: listings.termMonths,
  submittedAt: listings.submittedAt, publishedAt: listings.publishedAt, createdAt: listings.createdAt, disposingOrgId: listings.disposingOrgId,
};

/** Listings the organisation runs: its own, and (for a bank) the collateral it disposes of. */
export async function listMyListings(actor: UserActor) {
  requireCan(actor, "market.trade");
  const db = await getDb();
  const own = actor.orgKind === "bank" ? eq(listings.disposingOrgId, actor.orgId) : eq(listings.sellerOrgId, actor.orgId);
  return db.select(listingColumns).from(listings).where(own).orderBy(desc(listings.createdAt)).limit(200);
}

/** The admin's review queue, oldest submission first. */
export async function listReviewQueue(actor: Actor) {
  requireCan(actor, "listing.review");
  const db = await getDb();
  const rows = await db.select({ ...listingColumns, seller: organizations.name, kinds: listings.kinds, description: listings.description, territory: listings.territory })
    .from(listings).innerJoin(organizations, eq(organizations.id, listings.sellerOrgId))
    .where(eq(listings.status, "pending_review")).orderBy(asc(listings.submittedAt)).limit(200);
  const ids = rows.map((r) => r.id);
  const assets = ids.length
    ? await db.select({ listingId: listingAssets.listingId, id: ipAssets.id, number: ipAssets.number, title: ipAssets.title, kind: ipAssets.kind, legalStatus: ipAssets.legalStatus, expiryDate: ipAssets.expiryDate })
      .from(listingAssets).innerJoin(ipAssets, eq(ipAssets.id, listingAssets.assetId)).where(inArray(listingAssets.listingId, ids))
    : [];
  return rows.map((r) => ({ ...r, assets: assets.filter((a) => a.listingId === r.id) }));
}

/** A listing for the organisation that runs it (and admins), with its assets and deals. */
export async function getListingForManager(actor: Actor, listingId: string) {
  const db = await getDb();
  const l = await loadListing(db, listingId);
  requireCan(actor, "listing.view", l);
  // The public page is /market/:id; this one is for the organisations behind the listing (and admins).
  if (actor.type !== "system" && actor.orgId !== listingManager(l) && actor.orgId !== l.sellerOrgId && !isPlatformAdmin(actor)) {
    throw new ServiceError(404, "errors.notFound");
  }
  const [assets, ds] = await Promise.all([
    db.select({ id: ipAssets.id, number: ipAssets.number, title: ipAssets.title, kind: ipAssets.kind, legalStatus: ipAssets.legalStatus, expiryDate: ipAssets.expiryDate })
      .from(listingAssets).innerJoin(ipAssets, eq(ipAssets.id, listingAssets.assetId)).where(eq(listingAssets.listingId, l.id)),
    db.select({ id: deals.id, status: deals.status, priceFen: deals.priceFen, buyer: organizations.name, updatedAt: deals.updatedAt })
      .from(deals).innerJoin(organizations, eq(organizations.id, deals.buyerOrgId)).where(eq(deals.listingId, l.id)).orderBy(desc(deals.updatedAt)).limit(100),
  ]);
  const { searchLexemes: _l, searchText: _t, ...listing } = l;
  return { listing, assets, deals: ds, canManage: actor.type !== "system" && actor.orgId === listingManager(l) };
}

