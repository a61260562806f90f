import { and, asc, desc, eq, inArray, ne, or, sql } from "drizzle-orm";
import { getDb, type Executor, type Tx } from "#db/client.server";
import { dealOffers, deals, encumbrances, ipAssets, licences, listings, organizations, payments } from "#db/schema/index";
import { effectiveLegalStatus, isDeadStatus, type LegalStatus } from "#app/domain/market/assets";
import {
  dealLifecycle, licenceKindFor, partyEvents, platformFee, reservationFor, toDateRange, type DealEvent, type DealStatus, type Side,
} from "#app/domain/market/deal";
import { isExclusiveMode, licencePeriod, listingLifecycle, overlaps, type ListingMode } from "#app/domain/market/listing";
import { listingManager } from "#app/domain/policy/market";
import { isPlatformAdmin, type Actor, type UserActor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { env, stripeEnabled } from "#app/utils/env.server";
import { ServiceError } from "#app/utils/http.server";
import { closeDisposalsSoldBy } from "./loans.server";
import { createReceivableForDeal } from "./royalty-receivables.server";
import { audit, enqueue } from "./operations.server";
import {
  listingAssetIds, liveEncumbrances, loadAssets, loadListing, next, notice, orgIdOf, pgError, today, userIdOf, type ListingRow,
} from "./market-shared.server";
import { isUuid } from "#app/domain/ids";
import { instalmentPlanOf } from "#app/domain/public-money/receivables";

export type DealRow = typeof deals.$inferSelect;
export type Terms = {
  priceFen: bigint; royaltyBp?: number | null; termMonths?: number | null; startDate?: string | null; message?: string | null;
  /** Instalment terms: a fixed fee (or minimum royalty) every `instalmentMonths`, `instalmentCount` times. */
  instalmentCount?: number | null; instalmentMonths?: number | null; instalmentFen?: bigint | null;
};

function instalmentTerms(t: Terms, mode: ListingMode) {
  const r = instalmentPlanOf(t, mode);
  if (!r.ok) throw new ServiceError(400, "errors.fixBelow", { instalmentCount: [r.error] });
  return r.plan;
}

export async function loadDeal(exec: Executor, id: string, opts: { lock?: boolean } = {}): Promise<DealRow> {
  if (!isUuid(id)) throw new ServiceError(404, "errors.notFound");
  const q = exec.select().from(deals).where(eq(deals.id, id));
  const [row] = opts.lock ? await q.for("update") : await q;
  if (!row) throw new ServiceError(404, "errors.notFound");
  return row;
}

const sideOf = (actor: Actor, d: DealRow): Side => (actor.type !== "system" && actor.orgId === d.buyerOrgId ? "buyer" : "seller");
const link = (d: { id: string }) => `/deals/${d.id}`;

/**
 * Runs a deal change and turns the database's last guards into clear 409s: the exclusion constraint
 * (two overlapping exclusive or sole licences), the title lock (a second transfer or a pledged asset),
 * and the one-live-deal-per-buyer and one-transfer-per-listing indexes.
 */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const err = pgError(e);
    if (err?.code === "23P01") throw new ServiceError(409, "market.errors.exclusiveTaken");
    if (err?.code === "23505" && (err.constraint === "encumbrances_one_title_lock" || err.constraint === "deals_one_transfer_per_listing")) {
      throw new ServiceError(409, "market.errors.titleTaken");
    }
    if (err?.code === "23505" && err.constraint === "deals_one_live_per_buyer") throw new ServiceError(409, "market.errors.dealExists");
    throw e;
  }
}

async function assertTradable(tx: Executor, l: ListingRow, mode: ListingMode, period: { start: string; end: string | null }, dealId?: string) {
  if (l.status !== "published") throw new ServiceError(409, "market.errors.listingNotOpen");
  const assetIds = await listingAssetIds(tx, l.id);
  const assets = await loadAssets(tx, assetIds);
  const t = today();
  for (const a of assets) {
    if (isDeadStatus(effectiveLegalStatus({ ...a, legalStatus: a.legalStatus as LegalStatus }, t))) {
      throw new ServiceError(409, "market.errors.assetNotListable", {}, { title: a.title, status: a.legalStatus });
    }
    if (mode === "transfer" && !l.disposingOrgId && a.ownerOrgId !== l.sellerOrgId) throw new ServiceError(409, "market.errors.listingNotOpen");
  }
  // Ordinary licences take no reservation, so only code can stop one inside an exclusive licence's period.
  if (!isExclusiveMode(mode) && mode !== "transfer") {
    const enc = await liveEncumbrances(tx, assetIds, dealId ? { sourceType: "deal", sourceId: dealId } : undefined);
    const hit = enc.find((e) => (e.kind === "exclusive_licence" || e.kind === "sole_licence") && overlaps(e.period, period));
    if (hit) throw new ServiceError(409, "market.errors.exclusiveOverlap", {}, { title: assets.find((a) => a.id === hit.assetId)?.title ?? "" });
  }
  return assetIds;
}

/** A buyer's offer on a published listing (not an open licence: that one is accepted as published). */
export async function makeOffer(actor: Actor, listingId: string, terms: Terms) {
  const db = await getDb();
  return guarded(() => db.transaction(async (tx) => {
    const l = await loadListing(tx, listingId);
    requireCan(actor, "deal.offer", l);
    if (l.mode === "open_licence") throw new ServiceError(409, "market.errors.useOpenLicence");
    if (l.status !== "published") throw new ServiceError(409, "market.errors.listingNotOpen");
    const buyerOrgId = orgIdOf(actor)!;
    const startDate = terms.startDate ?? today();
    const termMonths = l.mode === "transfer" ? null : (terms.termMonths ?? l.termMonths);
    const plan = instalmentTerms(terms, l.mode);
    const status: DealStatus = "offered"; // a deal begins as an offer
    const [d] = await tx.insert(deals).values({
      listingId: l.id, buyerOrgId, sellerOrgId: listingManager(l), createdBy: userIdOf(actor), mode: l.mode, status,
      priceFen: terms.priceFen, royaltyBp: terms.royaltyBp ?? null, termMonths, startDate, territory: l.territory, lastOfferBy: "buyer", ...plan,
    }).returning();
    await tx.insert(dealOffers).values({ dealId: d!.id, side: "buyer", byUserId: userIdOf(actor), priceFen: terms.priceFen, royaltyBp: terms.royaltyBp ?? null, termMonths, startDate, message: terms.message ?? null, ...plan });
    await audit(tx, actor, { action: "market.deal-offered", entityType: "deal", entityId: d!.id, orgId: buyerOrgId, after: { status, listingId: l.id, priceFen: terms.priceFen.toString() } });
    await notice(tx, d!.sellerOrgId, "market.notify.offerReceived", { title: l.title }, link(d!), `offer:${d!.id}`);
    return { id: d!.id, status };
  }));
}

/**
 * Accepting an open licence: a non-exclusive licence deal at the published terms, without negotiation.
 * It needs no admin approval — the terms were reviewed when the listing was, and by law anyone who
 * accepts them and pays gets the licence — so it goes straight to "approved" (through the table), and
 * a free one (royalty only) completes at once.
 */
export async function acceptOpenLicence(actor: Actor, listingId: string) {
  const db = await getDb();
  return guarded(() => db.transaction(async (tx) => {
    const l = await loadListing(tx, listingId, { lock: true });
    requireCan(actor, "deal.offer", l);
    if (l.mode !== "open_licence") throw new ServiceError(409, "market.errors.notOpenLicence");
    const start = today();
    await assertTradable(tx, l, l.mode, licencePeriod(start, l.termMonths));
    const buyerOrgId = orgIdOf(actor)!;
    let status: DealStatus = "offered";
    for (const e of ["accept", "submit", "approve"] as const) status = next("deal", dealLifecycle, status, e);
    const now = new Date();
    const [d] = await tx.insert(deals).values({
      listingId: l.id, buyerOrgId, sellerOrgId: listingManager(l), createdBy: userIdOf(actor), mode: l.mode, status, openLicence: true,
      priceFen: l.openFeeFen ?? 0n, royaltyBp: l.royaltyBp, termMonths: l.termMonths, startDate: start, territory: l.territory,
      lastOfferBy: "seller", acceptedAt: now, decidedAt: now,
    }).returning();
    await tx.insert(dealOffers).values({ dealId: d!.id, side: "seller", priceFen: d!.priceFen, royaltyBp: d!.royaltyBp, termMonths: d!.termMonths, startDate: start, message: null });
    await audit(tx, actor, { action: "market.open-licence-accepted", entityType: "deal", entityId: d!.id, orgId: buyerOrgId, after: { status, listingId: l.id, priceFen: d!.priceFen.toString() } });
    await notice(tx, d!.sellerOrgId, "market.notify.openLicenceAccepted", { title: l.title }, link(d!), `open:${d!.id}`);
    if (d!.priceFen === 0n) {
      const done = await settle(tx, actor, d!, null);
      return { id: d!.id, status: done };
    }
    return { id: d!.id, status };
  }));
}

/** Holds the asset for an accepted deal: a pending exclusive period, or the title for a transfer. */
async function reserve(tx: Tx, d: DealRow, l: ListingRow) {
  const r = reservationFor(d.mode, d.startDate ?? today(), d.termMonths);
  if (!r) return;
  // A bank's disposal sale: the bank's own pledge already locks the title; the listing's unique transfer index guards it.
  if (r.kind === "transfer" && l.disposingOrgId) return;
  const assetIds = await listingAssetIds(tx, l.id);
  await tx.insert(encumbrances).values(assetIds.map((assetId) => ({
    assetId, kind: r.kind, status: "pending" as const, holderOrgId: d.buyerOrgId, period: toDateRange(r.period), sourceType: "deal", sourceId: d.id,
  })));
}

async function release(tx: Executor, dealId: string) {
  await tx.update(encumbrances).set({ status: "released", releasedAt: new Date() })
    .where(and(eq(encumbrances.sourceType, "deal"), eq(encumbrances.sourceId, dealId), inArray(encumbrances.status, ["pending", "active"])));
}

export type PartyAction = { event: "accept" | "decline" | "cancel" } | { event: "counter"; terms: Terms } | { event: "decline" | "cancel"; reason?: string | null };

/** A party moves the negotiation: accept, counter, decline (seller) or cancel (buyer). */
export async function actOnDeal(actor: Actor, dealId: string, action: PartyAction) {
  const db = await getDb();
  return guarded(() => db.transaction(async (tx) => {
    const d = await loadDeal(tx, dealId, { lock: true });
    requireCan(actor, "deal.act", d);
    const side = sideOf(actor, d);
    if (!partyEvents(d, side).includes(action.event as DealEvent)) throw new ServiceError(409, "market.errors.notYourMove");
    const l = await loadListing(tx, d.listingId);
    const now = new Date();
    const other = side === "buyer" ? d.sellerOrgId : d.buyerOrgId;
    let status: DealStatus;
    if (action.event === "counter") {
      const t = (action as { terms: Terms }).terms;
      status = next("deal", dealLifecycle, d.status, "counter");
      const termMonths = d.mode === "transfer" ? null : (t.termMonths ?? d.termMonths);
      const startDate = t.startDate ?? d.startDate;
      const plan = instalmentTerms(t, d.mode);
      await tx.update(deals).set({ status, priceFen: t.priceFen, royaltyBp: t.royaltyBp ?? d.royaltyBp, termMonths, startDate, lastOfferBy: side, round: d.round + 1, updatedAt: now, ...plan }).where(eq(deals.id, d.id));
      await tx.insert(dealOffers).values({ dealId: d.id, side, byUserId: userIdOf(actor), priceFen: t.priceFen, royaltyBp: t.royaltyBp ?? d.royaltyBp, termMonths, startDate, message: t.message ?? null, ...plan });
      await notice(tx, other, "market.notify.countered", { title: l.title }, link(d), `counter:${d.id}:${d.round + 1}`);
    } else if (action.event === "accept") {
      const start = d.startDate ?? today();
      await assertTradable(tx, l, d.mode, licencePeriod(start, d.termMonths), d.id);
      status = next("deal", dealLifecycle, d.status, "accept");
      await tx.update(deals).set({ status, acceptedAt: now, updatedAt: now }).where(eq(deals.id, d.id));
      await reserve(tx, d, l);
      status = next("deal", dealLifecycle, status, "submit");
      await tx.update(deals).set({ status }).where(eq(deals.id, d.id));
      await notice(tx, other, "market.notify.accepted", { title: l.title }, link(d), `accept:${d.id}`);
    } else {
      status = next("deal", dealLifecycle, d.status, action.event);
      await tx.update(deals).set({ status, decisionReason: ("reason" in action ? action.reason : null) ?? null, updatedAt: now }).where(eq(deals.id, d.id));
      await release(tx, d.id);
      await notice(tx, other, action.event === "decline" ? "market.notify.declined" : "market.notify.dealCancelled", { title: l.title }, link(d), `${action.event}:${d.id}`);
    }
    await audit(tx, actor, { action: `market.deal-${action.event}`, entityType: "deal", entityId: d.id, orgId: d.buyerOrgId, before: { status: d.status, priceFen: d.priceFen.toString() }, after: { status, side } });
    return { id: d.id, status };
  }));
}

/**
 * An admin approves or rejects an accepted deal. Rejecting releases the reservation; rejecting a
 * paid deal refunds it (Stripe through the payments queue; an offline payment is returned by bank transfer).
 */
export async function reviewDeal(actor: Actor, dealId: string, decision: "approve" | "reject", reason: string | null) {
  requireCan(actor, "deal.approve");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const d = await loadDeal(tx, dealId, { lock: true });
    const status = next("deal", dealLifecycle, d.status, decision);
    const now = new Date();
    await tx.update(deals).set({ status, decisionReason: reason, decidedBy: userIdOf(actor), decidedAt: now, updatedAt: now }).where(eq(deals.id, d.id));
    if (decision === "reject") {
      await release(tx, d.id);
      if (status === "refunded") await refundPaymentsOf(tx, actor, d.id);
    }
    const auditId = await audit(tx, actor, { action: `market.deal-${decision === "approve" ? "approved" : "rejected"}`, entityType: "deal", entityId: d.id, orgId: d.buyerOrgId, before: { status: d.status }, after: { status, reason } });
    const kind = decision === "approve" ? "market.notify.dealApproved" : "market.notify.dealRejected";
    const [l] = await tx.select({ title: listings.title }).from(listings).where(eq(listings.id, d.listingId));
    for (const org of [d.buyerOrgId, d.sellerOrgId]) await notice(tx, org, kind, { title: l?.title ?? "", reason: reason ?? "" }, link(d), String(auditId));
    // Nothing to pay (a royalty-only licence): approval completes the deal.
    if (status === "approved" && d.priceFen === 0n) return { id: d.id, status: await settle(tx, actor, { ...d, status }, null) };
    return { id: d.id, status };
  });
}

/** Marks the deal's successful payments for refund; Stripe refunds run in the payments queue. */
export async function refundPaymentsOf(tx: Executor, actor: Actor, dealId: string) {
  const paid = await tx.select().from(payments).where(and(eq(payments.dealId, dealId), eq(payments.status, "succeeded")));
  for (const p of paid) {
    const status = p.provider === "stripe" ? "refund_pending" : "refunded";
    await tx.update(payments).set({ status, updatedAt: new Date() }).where(eq(payments.id, p.id));
    await audit(tx, actor, { action: "market.payment-refund", entityType: "payment", entityId: p.id, orgId: null, before: { status: p.status }, after: { status } });
    if (p.provider === "stripe") await enqueue(tx, "payments", "refund", { paymentId: p.id }, { dedupeKey: `refund:${p.id}` });
  }
}

/**
 * Payment received: paid, then completed — a licence recorded per asset (its exclusive period made
 * active), or for a transfer the ownership moved to the buyer, the title lock released, the listing
 * closed and the seller's other listings of those assets withdrawn. If the deal can no longer complete
 * (an asset lapsed or changed hands meanwhile), it is rejected after payment, i.e. refunded.
 * Returns the deal's final status. Runs in the caller's transaction with the deal row locked.
 */
export async function settle(tx: Tx, actor: Actor, d: DealRow, paymentId: string | null): Promise<DealStatus> {
  const now = new Date();
  let status = next("deal", dealLifecycle, d.status, "pay");
  await tx.update(deals).set({ status, paidAt: now, updatedAt: now }).where(eq(deals.id, d.id));
  const l = await loadListing(tx, d.listingId, { lock: true });
  const assetIds = await listingAssetIds(tx, l.id);
  const assets = await loadAssets(tx, assetIds, { lock: true });
  const t = today();
  const broken = assets.find((a) => isDeadStatus(effectiveLegalStatus({ ...a, legalStatus: a.legalStatus as LegalStatus }, t))
    || (d.mode === "transfer" && a.ownerOrgId !== l.sellerOrgId));
  if (broken) {
    status = next("deal", dealLifecycle, status, "reject");
    await tx.update(deals).set({ status, decisionReason: "market.errors.cannotComplete", updatedAt: now }).where(eq(deals.id, d.id));
    await release(tx, d.id);
    if (paymentId) await refundPaymentsOf(tx, actor, d.id);
    await audit(tx, actor, { action: "market.deal-refunded", entityType: "deal", entityId: d.id, orgId: d.buyerOrgId, before: { status: d.status }, after: { status, asset: broken.id } });
    for (const org of [d.buyerOrgId, d.sellerOrgId]) await notice(tx, org, "market.notify.refunded", { title: l.title }, link(d), `refunded:${d.id}`);
    return status;
  }
  const kind = licenceKindFor(d.mode);
  const start = d.startDate ?? t;
  if (kind) {
    await tx.insert(licences).values(assets.map((a) => ({
      dealId: d.id, assetId: a.id, licensorOrgId: a.ownerOrgId, licenseeOrgId: d.buyerOrgId, kind,
      period: toDateRange(licencePeriod(start, d.termMonths)), feeFen: d.priceFen, royaltyBp: d.royaltyBp, territory: d.territory,
    }))).onConflictDoNothing();
    await tx.update(encumbrances).set({ status: "active" })
      .where(and(eq(encumbrances.sourceType, "deal"), eq(encumbrances.sourceId, d.id), eq(encumbrances.status, "pending")));
    // Instalment terms: the licensor's receivable schedule.
    await createReceivableForDeal(tx, actor, d, l.sellerOrgId);
  } else {
    // Ownership moves; the title lock has done its job (a pledge or sale by the new owner must not be blocked by it).
    await tx.update(ipAssets).set({ ownerOrgId: d.buyerOrgId, coOwners: [], updatedAt: now }).where(inArray(ipAssets.id, assetIds));
    await release(tx, d.id);
    // Collateral sold by the bank that held it: the pledge ends with the sale.
    if (l.disposingOrgId) await closeDisposalsSoldBy(tx, actor, l.id, d);
    if (l.status === "published" || l.status === "paused") {
      const ls = next("listing", listingLifecycle, l.status, "close");
      await tx.update(listings).set({ status: ls, closedAt: now, updatedAt: now }).where(eq(listings.id, l.id));
    }
    await withdrawOtherListings(tx, actor, assetIds, l.id);
  }
  status = next("deal", dealLifecycle, status, "complete");
  await tx.update(deals).set({ status, completedAt: now, updatedAt: now }).where(eq(deals.id, d.id));
  await audit(tx, actor, {
    action: "market.deal-completed", entityType: "deal", entityId: d.id, orgId: d.buyerOrgId, before: { status: d.status },
    after: { status, paymentId, mode: d.mode, ...(kind ? { licence: kind } : { newOwnerOrgId: d.buyerOrgId, assetIds }) },
  });
  for (const org of [d.buyerOrgId, d.sellerOrgId]) await notice(tx, org, "market.notify.completed", { title: l.title }, link(d), `completed:${d.id}`);
  if (l.disposingOrgId && l.disposingOrgId !== d.sellerOrgId) await notice(tx, l.disposingOrgId, "market.notify.completed", { title: l.title }, link(d), `completed:${d.id}`);
  return status;
}

/** After a transfer, the former owner's other live listings of those assets are withdrawn, and their open offers cancelled. */
async function withdrawOtherListings(tx: Tx, actor: Actor, assetIds: string[], exceptListingId: string) {
  const rows = await tx.execute(sql`select l.id, l.status, l.seller_org_id from listings l
    where l.id in (select listing_id from listing_assets where asset_id in (${sql.join(assetIds.map((a) => sql`${a}::uuid`), sql`, `)}))
      and l.id <> ${exceptListingId}::uuid and l.status in ('draft', 'pending_review', 'published', 'paused', 'rejected') for update`);
  const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as Array<{ id: string; status: ListingRow["status"]; seller_org_id: string }>;
  for (const r of list) {
    const status = next("listing", listingLifecycle, r.status, "withdraw");
    await tx.update(listings).set({ status, closedAt: new Date(), updatedAt: new Date() }).where(eq(listings.id, r.id));
    const open = await tx.select({ id: deals.id, status: deals.status }).from(deals).where(and(eq(deals.listingId, r.id), inArray(deals.status, ["offered", "countered"])));
    for (const d of open) await tx.update(deals).set({ status: next("deal", dealLifecycle, d.status, "cancel"), decisionReason: "market.errors.assetTransferred", updatedAt: new Date() }).where(eq(deals.id, d.id));
    await audit(tx, actor, { action: "market.listing-withdraw", entityType: "listing", entityId: r.id, orgId: r.seller_org_id, before: { status: r.status }, after: { status, reason: "asset transferred" } });
  }
}

/**
 * Offline payment: an admin confirms the bank transfer arrived, which completes the deal. Confirming
 * twice changes nothing (the second call finds the deal completed).
 */
export async function confirmOfflinePayment(actor: Actor, dealId: string, reference: string | null) {
  requireCan(actor, "payment.confirm");
  const db = await getDb();
  return guarded(() => db.transaction(async (tx) => {
    const d = await loadDeal(tx, dealId, { lock: true });
    if (d.status === "completed") return { id: d.id, status: d.status, already: true };
    if (d.status !== "approved") throw new ServiceError(409, "errors.conflict");
    const fee = platformFee(d.priceFen, env.PLATFORM_FEE_BPS);
    const attempt = d.paymentAttempt + 1;
    const [existing] = await tx.select().from(payments).where(and(eq(payments.dealId, d.id), eq(payments.provider, "offline"), eq(payments.status, "pending")));
    const now = new Date();
    let paymentId: string;
    if (existing) {
      await tx.update(payments).set({ status: "succeeded", reference: reference ?? existing.reference, confirmedBy: userIdOf(actor), confirmedAt: now, updatedAt: now }).where(eq(payments.id, existing.id));
      paymentId = existing.id;
    } else {
      const [p] = await tx.insert(payments).values({
        dealId: d.id, provider: "offline", status: "succeeded", attempt, amountFen: d.priceFen, feeFen: fee, totalFen: d.priceFen + fee,
        idempotencyKey: `deal_${d.id}_offline_${attempt}`, reference, confirmedBy: userIdOf(actor), confirmedAt: now,
      }).returning({ id: payments.id });
      paymentId = p!.id;
      await tx.update(deals).set({ paymentAttempt: attempt }).where(eq(deals.id, d.id));
    }
    await audit(tx, actor, { action: "market.payment-confirmed", entityType: "payment", entityId: paymentId, orgId: d.buyerOrgId, after: { dealId: d.id, provider: "offline", totalFen: (d.priceFen + fee).toString(), reference } });
    const status = await settle(tx, actor, d, paymentId);
    return { id: d.id, status, already: false };
  }));
}

/** The buyer says it has transferred the money (optional, helps the admin match the receipt). */
export async function reportOfflineTransfer(actor: Actor, dealId: string, reference: string | null) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const d = await loadDeal(tx, dealId, { lock: true });
    requireCan(actor, "deal.act", d);
    if (sideOf(actor, d) !== "buyer" || d.status !== "approved" || stripeEnabled()) throw new ServiceError(409, "errors.conflict");
    const [existing] = await tx.select({ id: payments.id }).from(payments).where(and(eq(payments.dealId, d.id), eq(payments.provider, "offline"), eq(payments.status, "pending")));
    if (existing) {
      await tx.update(payments).set({ reference, updatedAt: new Date() }).where(eq(payments.id, existing.id));
      return { paymentId: existing.id };
    }
    const fee = platformFee(d.priceFen, env.PLATFORM_FEE_BPS);
    const attempt = d.paymentAttempt + 1;
    const [p] = await tx.insert(payments).values({
      dealId: d.id, provider: "offline", status: "pending", attempt, amountFen: d.priceFen, feeFen: fee, totalFen: d.priceFen + fee,
      idempotencyKey: `deal_${d.id}_offline_${attempt}`, reference,
    }).returning({ id: payments.id });
    await tx.update(deals).set({ paymentAttempt: attempt, updatedAt: new Date() }).where(eq(deals.id, d.id));
    await audit(tx, actor, { action: "market.transfer-reported", entityType: "payment", entityId: p!.id, orgId: d.buyerOrgId, after: { dealId: d.id, reference } });
    return { paymentId: p!.id };
  });
}

const dealColumns = {
  id: deals.id, status: deals.status, mode: deals.mode, priceFen: deals.priceFen, royaltyBp: deals.royaltyBp, termMonths: deals.termMonths,
  openLicence: deals.openLicence, lastOfferBy: deals.lastOfferBy, updatedAt: deals.updatedAt, listingId: deals.listingId, title: listings.title,
  buyerOrgId: deals.buyerOrgId, sellerOrgId: deals.sellerOrgId,
};

/** The organisation's deals as buyer ("outgoing") and as seller ("incoming"). */
export async function listMyDeals(actor: UserActor) {
  requireCan(actor, "market.trade");
  const db = await getDb();
  const rows = await db.select({ ...dealColumns, buyer: organizations.name })
    .from(deals).innerJoin(listings, eq(listings.id, deals.listingId)).innerJoin(organizations, eq(organizations.id, deals.buyerOrgId))
    .where(or(eq(deals.buyerOrgId, actor.orgId), eq(deals.sellerOrgId, actor.orgId)))
    .orderBy(desc(deals.updatedAt)).limit(300);
  return {
    incoming: rows.filter((r) => r.sellerOrgId === actor.orgId),
    outgoing: rows.filter((r) => r.buyerOrgId === actor.orgId),
  };
}

/** One deal for its parties and admins: terms, history, payments and what the viewer may do. */
export async function getDeal(actor: Actor, dealId: string) {
  const db = await getDb();
  const d = await loadDeal(db, dealId);
  requireCan(actor, "deal.view", d);
  const [l, history, pays, orgs, lic] = await Promise.all([
    loadListing(db, d.listingId),
    db.select().from(dealOffers).where(eq(dealOffers.dealId, d.id)).orderBy(asc(dealOffers.createdAt)),
    db.select({ id: payments.id, provider: payments.provider, status: payments.status, amountFen: payments.amountFen, feeFen: payments.feeFen, totalFen: payments.totalFen, reference: payments.reference, confirmedAt: payments.confirmedAt, createdAt: payments.createdAt, checkoutUrl: payments.checkoutUrl })
      .from(payments).where(eq(payments.dealId, d.id)).orderBy(asc(payments.createdAt)),
    db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, [d.buyerOrgId, d.sellerOrgId])),
    db.select({ id: licences.id, kind: licences.kind, period: licences.period, assetId: licences.assetId }).from(licences).where(eq(licences.dealId, d.id)),
  ]);
  const side: Side | null = actor.type !== "system" && (actor.orgId === d.buyerOrgId || actor.orgId === d.sellerOrgId) ? sideOf(actor, d) : null;
  const fee = platformFee(d.priceFen, env.PLATFORM_FEE_BPS);
  return {
    deal: d,
    listing: { id: l.id, title: l.title, titleEn: l.titleEn, mode: l.mode, status: l.status },
    buyer: orgs.find((o) => o.id === d.buyerOrgId)?.name ?? "",
    seller: orgs.find((o) => o.id === d.sellerOrgId)?.name ?? "",
    history, payments: pays, licences: lic, side,
    events: side ? partyEvents(d, side) : [],
    canPay: side === "buyer" && d.status === "approved",
    isAdmin: isPlatformAdmin(actor),
    feeFen: fee, totalFen: d.priceFen + fee, feeBps: env.PLATFORM_FEE_BPS,
  };
}

/** Admin queues: deals awaiting approval, and approved deals awaiting an offline payment. */
export async function listDealQueues(actor: Actor) {
  requireCan(actor, "deal.approve");
  const db = await getDb();
  const buyer = sql<string>`(select name from organizations where id = ${deals.buyerOrgId})`;
  const seller = sql<string>`(select name from organizations where id = ${deals.sellerOrgId})`;
  const cols = { ...dealColumns, buyer, seller, acceptedAt: deals.acceptedAt };
  const [approval, awaitingPayment, paid] = await Promise.all([
    db.select(cols).from(deals).innerJoin(listings, eq(listings.id, deals.listingId)).where(eq(deals.status, "pending_approval")).orderBy(asc(deals.acceptedAt)).limit(200),
    db.select({ ...cols, reference: sql<string | null>`(select reference from payments p where p.deal_id = ${deals.id} and p.provider = 'offline' and p.status = 'pending' limit 1)` })
      .from(deals).innerJoin(listings, eq(listings.id, deals.listingId))
      .where(and(eq(deals.status, "approved"), ne(deals.priceFen, 0n))).orderBy(asc(deals.updatedAt)).limit(200),
    db.select(cols).from(deals).innerJoin(listings, eq(listings.id, deals.listingId)).where(eq(deals.status, "paid")).limit(100),
  ]);
  return { approval, awaitingPayment: stripeEnabled() ? [] : awaitingPayment, paid, feeBps: env.PLATFORM_FEE_BPS };
}

/** Licences the organisation holds (as licensee) and has granted (as licensor). */
export async function listMyLicences(actor: UserActor) {
  requireCan(actor, "market.trade");
  const db = await getDb();
  const licensor = sql<string>`(select name from organizations where id = ${licences.licensorOrgId})`;
  const licensee = sql<string>`(select name from organizations where id = ${licences.licenseeOrgId})`;
  const cols = {
    id: licences.id, kind: licences.kind, period: licences.period, feeFen: licences.feeFen, royaltyBp: licences.royaltyBp, territory: licences.territory,
    dealId: licences.dealId, createdAt: licences.createdAt, assetTitle: ipAssets.title, assetNumber: ipAssets.number, licensor, licensee,
  };
  const [held, granted] = await Promise.all([
    db.select(cols).from(licences).innerJoin(ipAssets, eq(ipAssets.id, licences.assetId)).where(eq(licences.licenseeOrgId, actor.orgId)).orderBy(desc(licences.createdAt)).limit(300),
    db.select(cols).from(licences).innerJoin(ipAssets, eq(ipAssets.id, licences.assetId)).where(eq(licences.licensorOrgId, actor.orgId)).orderBy(desc(licences.createdAt)).limit(300),
  ]);
  return { held, granted };
}
