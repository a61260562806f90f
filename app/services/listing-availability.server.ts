import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { preparedRows, type Executor } from "#db/client.server";
import { deals, listingAssets, listings } from "#db/schema/index";
import { offerPeriod, soldReason, type Commitment, type SoldReason } from "#app/domain/market/availability";
import { dealLifecycle, fromDateRange, OPEN_NEGOTIATION } from "#app/domain/market/deal";
import type { Actor } from "#app/domain/policy/index";
import { auditMany } from "./operations.server";
import type { ListingMode, Period } from "#app/domain/market/listing";
import { ServiceError } from "#app/utils/http.server";
import { next, notice, today } from "./market-shared.server";

/** Whether listings still take offers: the commitments on their assets, judged by the domain rule (availability.ts). */

type ListingRef = { id: string; mode: ListingMode; termMonths: number | null };

/**
 * The exclusive, sole and transfer reservations on these listings' assets with the status of the
 * deal behind each, keyed by listing; `exceptDealId`'s own is left out (a deal does not block itself).
 * A bank's disposal sale reserves no title (the bank's pledge holds it), so a transfer deal of the
 * listing itself counts too.
 */
async function commitmentsByListing(exec: Executor | undefined, listingIds: string[], exceptDealId?: string): Promise<Map<string, Commitment[]>> {
  const out = new Map<string, Commitment[]>(listingIds.map((id) => [id, []]));
  if (!listingIds.length) return out;
  // One statement of one text for any number of listings (an array parameter): it runs on every market
  // page, so it is prepared (parsed and planned once per connection; index look-ups whatever the ids).
  const ids = `{${listingIds.join(",")}}`;
  const except = exceptDealId ?? null;
  const rows = await preparedRows<{ listing_id: string; asset_id: string | null; kind: Commitment["kind"]; status: Commitment["status"]; period: string | null; deal_status: Commitment["dealStatus"]; start_date: string | null }>(exec, sql`
    select la.listing_id, e.asset_id, e.kind::text as kind, e.status::text as status, e.period::text as period, d.status::text as deal_status, null::text as start_date
    from listing_assets la
    join encumbrances e on e.asset_id = la.asset_id
    left join deals d on e.source_type = 'deal' and d.id = e.source_id
    where la.listing_id = any(${ids}::uuid[]) and e.status in ('pending', 'active') and e.kind in ('exclusive_licence', 'sole_licence', 'transfer')
      and (${except}::uuid is null or e.source_type <> 'deal' or e.source_id <> ${except}::uuid)
    union all
    select d.listing_id, null, 'transfer', 'pending', null, d.status::text, d.start_date::text
    from deals d
    where d.listing_id = any(${ids}::uuid[]) and d.mode = 'transfer' and d.status in ('approved', 'paid') and (${except}::uuid is null or d.id <> ${except}::uuid)`);
  for (const r of rows) {
    out.get(r.listing_id)!.push(r.period === null
      // A transfer deal of the listing itself (approved or paid): its title is sold from its start.
      ? { assetId: "", kind: "transfer", status: "pending", period: { start: r.start_date ?? today(), end: null }, dealStatus: r.deal_status }
      : { assetId: r.asset_id!, kind: r.kind, status: r.status, period: fromDateRange(r.period), dealStatus: r.deal_status });
  }
  return out;
}

/** Refuses an offer (or its acceptance) for `period` once the right has been sold: 409 with the reason. */
export async function assertStillOnOffer(exec: Executor, l: ListingRef, period: Period, exceptDealId?: string) {
  const commitments = (await commitmentsByListing(exec, [l.id], exceptDealId)).get(l.id)!;
  const reason = soldReason(period, commitments);
  if (reason) throw new ServiceError(409, reason);
}

/**
 * For each listing, why it no longer takes offers for its own term from today (null: it does). `exec`
 * undefined: the pool, with the statement prepared (market pages); a transaction reads in itself.
 */
export async function soldReasons(exec: Executor | undefined, ls: readonly ListingRef[]): Promise<Map<string, SoldReason | null>> {
  const byListing = await commitmentsByListing(exec, ls.map((l) => l.id));
  const t = today();
  return new Map(ls.map((l) => [l.id, soldReason(offerPeriod(l.mode, t, l.termMonths), byListing.get(l.id) ?? [])]));
}

/**
 * Once the platform approves an exclusive or sole licence or a transfer, the offers still under negotiation
 * that asked for the same right (on any listing of the same assets, for an overlapping period) can no longer
 * be honoured: each is declined on the seller's behalf with the reason, and its buyer told. Offers for a
 * period that does not overlap stay open. Runs in the approving transaction, after the approved deal's status
 * is written; declining an already declined offer cannot happen (only open negotiations are read).
 */
export async function closeNegotiationsSoldBy(tx: Executor, actor: Actor, approved: { id: string; listingId: string }) {
  const assets = tx.select({ id: listingAssets.assetId }).from(listingAssets).where(eq(listingAssets.listingId, approved.listingId));
  const sameAssets = tx.select({ id: listingAssets.listingId }).from(listingAssets).where(inArray(listingAssets.assetId, assets));
  const open = await tx
    .select({ id: deals.id, listingId: deals.listingId, mode: deals.mode, status: deals.status, startDate: deals.startDate, termMonths: deals.termMonths, buyerOrgId: deals.buyerOrgId, title: listings.title })
    .from(deals)
    .innerJoin(listings, eq(listings.id, deals.listingId))
    .where(and(inArray(deals.listingId, sameAssets), inArray(deals.status, [...OPEN_NEGOTIATION]), ne(deals.id, approved.id)))
    .for("update", { of: deals });
  if (!open.length) return 0;
  const commitments = await commitmentsByListing(tx, [...new Set(open.map((d) => d.listingId))]);
  const t = today();
  const closed = open.flatMap((d) => {
    const reason = soldReason(offerPeriod(d.mode, d.startDate ?? t, d.termMonths), commitments.get(d.listingId) ?? []);
    return reason ? [{ ...d, reason }] : [];
  });
  const now = new Date();
  for (const d of closed) {
    const status = next("deal", dealLifecycle, d.status, "decline");
    await tx.update(deals).set({ status, decisionReason: d.reason, decidedAt: now, updatedAt: now }).where(eq(deals.id, d.id));
    await notice(tx, d.buyerOrgId, "market.notify.offerClosedSold", { title: d.title }, `/deals/${d.id}`, `sold:${approved.id}:${d.id}`);
  }
  await auditMany(tx, actor, closed.map((d) => ({
    action: "market.deal-closed-sold", entityType: "deal", entityId: d.id, orgId: d.buyerOrgId,
    before: { status: d.status }, after: { status: "declined", reason: d.reason, soldBy: approved.id },
  })));
  return closed.length;
}

