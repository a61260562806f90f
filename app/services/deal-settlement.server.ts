import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Executor, type Tx } from "#db/client.server";
import { deals, encumbrances, ipAssets, licences, listings, payments } from "#db/schema/index";
import { effectiveLegalStatus, isDeadStatus, type LegalStatus } from "#app/domain/market/assets";
import { dealLifecycle, licenceKindFor, platformFee, toDateRange, type DealStatus } from "#app/domain/market/deal";
import { licencePeriod, listingLifecycle } from "#app/domain/market/listing";
import type { Actor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { env, stripeEnabled } from "#app/utils/env.server";
import { ServiceError } from "#app/utils/http.server";
import { closeNegotiationsSoldBy } from "./listing-availability.server";
import { closeDisposalsSoldBy } from "./loans.server";
import { audit, enqueue } from "./operations.server";
import { createReceivableForDeal } from "./royalty-receivables.server";
import { listingAssetIds, loadAssets, loadListing, next, notice, today, userIdOf, type ListingRow } from "./market-shared.server";
import { guarded, link, loadDeal, release, sideOf, type DealRow } from "./deals-shared.server";

/** After the parties agree: the admin's approval, payment (Stripe or offline), completion — licences recorded or the title moved — and refunds. */

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
    // The right is sold: other offers for it close now rather than wait for an acceptance that would be refused.
    if (decision === "approve") await closeNegotiationsSoldBy(tx, actor, d);
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
