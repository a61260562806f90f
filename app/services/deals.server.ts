import { and, eq, inArray } from "drizzle-orm";
import { getDb, type Executor, type Tx } from "#db/client.server";
import { auctions, dealOffers, deals, encumbrances } from "#db/schema/index";
import { effectiveLegalStatus, isDeadStatus, type LegalStatus } from "#app/domain/market/assets";
import { dealLifecycle, partyEvents, reservationFor, toDateRange, type DealEvent, type DealStatus } from "#app/domain/market/deal";
import { isExclusiveMode, licencePeriod, overlaps, type ListingMode } from "#app/domain/market/listing";
import { listingManager } from "#app/domain/policy/market";
import type { Actor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { audit } from "./operations.server";
import {
  listingAssetIds, liveEncumbrances, loadAssets, loadListing, next, notice, orgIdOf, today, userIdOf, type ListingRow,
} from "./market-shared.server";
import { guarded, link, loadDeal, release, sideOf, type DealRow, type Terms } from "./deals-shared.server";
import { settle } from "./deal-settlement.server";
import { assertStillOnOffer } from "./listing-availability.server";
import { offerPeriod } from "#app/domain/market/availability";
import { instalmentPlanOf } from "#app/domain/public-money/receivables";

function instalmentTerms(t: Terms, mode: ListingMode) {
  const r = instalmentPlanOf(t, mode);
  if (!r.ok) throw new ServiceError(400, "errors.fixBelow", { instalmentCount: [r.error] });
  return r.plan;
}

/** Deals on the market, while the parties negotiate: offers, counter-offers, acceptance, open-licence acceptance. */

async function assertTradable(tx: Executor, l: ListingRow, mode: ListingMode, period: { start: string; end: string | null }, dealId?: string) {
  if (l.status !== "published") throw new ServiceError(409, "market.errors.listingNotOpen");
  await assertStillOnOffer(tx, l, period, dealId);
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
    // A listing at auction sells to the highest bidder, not by negotiation.
    const [auction] = await tx.select({ id: auctions.id }).from(auctions).where(and(eq(auctions.listingId, l.id), inArray(auctions.status, ["scheduled", "open", "closed"])));
    if (auction) throw new ServiceError(409, "auction.errors.listingAtAuction");
    const buyerOrgId = orgIdOf(actor)!;
    const startDate = terms.startDate ?? today();
    const termMonths = l.mode === "transfer" ? null : (terms.termMonths ?? l.termMonths);
    await assertStillOnOffer(tx, l, offerPeriod(l.mode, startDate, termMonths));
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
export async function reserve(tx: Tx, d: DealRow, l: ListingRow) {
  const r = reservationFor(d.mode, d.startDate ?? today(), d.termMonths);
  if (!r) return;
  // A bank's disposal sale: the bank's own pledge already locks the title; the listing's unique transfer index guards it.
  if (r.kind === "transfer" && l.disposingOrgId) return;
  const assetIds = await listingAssetIds(tx, l.id);
  await tx.insert(encumbrances).values(assetIds.map((assetId) => ({
    assetId, kind: r.kind, status: "pending" as const, holderOrgId: d.buyerOrgId, period: toDateRange(r.period), sourceType: "deal", sourceId: d.id,
  })));
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
      await assertTradable(tx, l, d.mode, offerPeriod(d.mode, start, d.termMonths), d.id);
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
