import { and, eq, inArray, isNotNull, notInArray, sql } from "drizzle-orm";
import { queryRows, type Db, type Executor } from "#db/client.server";
import {
  applicationAssets, bankReviews, campaignBankProducts, campaignBanks, ipAssets, matches, organizations, pledgeApplications, valuations,
} from "#db/schema/index";
import { campaignFit, type CampaignOffer } from "#app/domain/campaign-fit";
import { applicationLifecycle, OPEN_FOR_BANKS } from "#app/domain/financing/lifecycle";
import { allocateLowValue, matchApplication, type MatchContext } from "#app/domain/financing/matching";
import { DEFAULT_LPR_1Y_BP } from "#app/domain/financing/rates";
import type { Actor } from "#app/domain/policy/index";
import { parsePayload } from "#jobs/queues";
import { listActiveProducts, toMatchProduct } from "./bank-products.server";
import { loadApplication, next, notice } from "./financing-shared.server";
import type { FailureHandler } from "./job-outcomes.server";
import { emitDomainEvent } from "./domain-events.server";
import { audit } from "./operations.server";
import { queueMatching } from "./pledge-applications.server";
import { valuationFigures } from "./pledge-valuation.server";
import { receivablesValue } from "./receivable-pledges.server";

const SYSTEM: Actor = { type: "system", job: "matching" };

/** Median hours from routing to decision of each bank's past reviews (the score's "decision speed"). */
export async function bankDecisionMedians(exec: Executor): Promise<Map<string, number | null>> {
  const rows = await queryRows<{ bank_org_id: string; hours: number | string | null }>(exec, sql`
    select bank_org_id, percentile_cont(0.5) within group (order by extract(epoch from decided_at - routed_at) / 3600.0) as hours
    from bank_reviews where decided_at is not null group by bank_org_id`);
  return new Map(rows.map((r) => [r.bank_org_id, r.hours === null ? null : Number(r.hours)]));
}

async function campaignOffers(exec: Executor, campaignId: string | null): Promise<CampaignOffer[]> {
  if (!campaignId) return [];
  const banks = await exec.select({ id: campaignBanks.id, bankOrgId: campaignBanks.bankOrgId }).from(campaignBanks).where(eq(campaignBanks.campaignId, campaignId));
  if (!banks.length) return [];
  const products = await exec.select().from(campaignBankProducts).where(inArray(campaignBankProducts.campaignBankId, banks.map((b) => b.id)));
  return banks.map((b) => ({ campaignId, bankOrgId: b.bankOrgId, productIds: products.filter((p) => p.campaignBankId === b.id).map((p) => p.productId) }));
}

/**
 * Matches one application against every active product and routes it to each bank with an
 * eligible product (its best one). Idempotent: matches are upserted per (application, product),
 * a bank is routed once, notices are deduplicated. Runs for a new application (matching →
 * matched) and again whenever a product changes while banks still review (no status change).
 */
export async function runMatching(db: Db, applicationId: string) {
  return db.transaction(async (tx) => {
    const app = await loadApplication(tx, applicationId, { lock: true });
    const first = app.status === "matching";
    if (!first && !OPEN_FOR_BANKS.has(app.status)) return { skipped: app.status };
    const figures = await valuationFigures(tx, app.valuationId);
    const assets = await tx.select({ id: ipAssets.id, kind: ipAssets.kind }).from(applicationAssets)
      .innerJoin(ipAssets, eq(ipAssets.id, applicationAssets.assetId)).where(eq(applicationAssets.applicationId, applicationId));
    const receivablesFen = await receivablesValue(tx, applicationId);
    // Receivables pledged alone need no valuation; anything with assets waits for one.
    if (assets.length && (!figures || figures.status !== "completed" || figures.lowFen === null)) return { skipped: "valuation" };
    if (!assets.length && receivablesFen === null) return { skipped: "valuation" };
    assets.sort((a, b) => (a.id < b.id ? -1 : 1));
    const collateral = assets.length ? allocateLowValue(figures!.lowFen!, assets.map((a) => ({ kind: a.kind, ownLowFen: figures!.perAssetLowFen.get(a.id) ?? null }))) : [];
    const [org] = await tx.select({ industry: organizations.industry, parkId: organizations.parkId }).from(organizations).where(eq(organizations.id, app.enterpriseOrgId));
    const products = await listActiveProducts(tx);
    const offers = await campaignOffers(tx, app.campaignId);
    const ctx: MatchContext = {
      lprBp: DEFAULT_LPR_1Y_BP,
      bankMedianDecisionHours: await bankDecisionMedians(tx),
      campaignFit: offers.length ? (p) => campaignFit(p, offers, app.campaignId).score : undefined,
    };
    const ranked = matchApplication({
      amountFen: app.amountFen, termMonths: app.termMonths, industry: org?.industry ?? null, parkId: org?.parkId ?? null,
      campaignId: app.campaignId, collateral, receivablesFen,
    }, products.map(toMatchProduct), ctx);
    const versions = new Map(products.map((p) => [p.id, p.version]));
    const now = new Date();

    if (ranked.length) {
      await tx.insert(matches).values(ranked.map((m, i) => ({
        applicationId, productId: m.productId, bankOrgId: m.bankOrgId, productVersion: versions.get(m.productId)!, eligible: m.eligible,
        score: m.score, rank: m.eligible ? i + 1 : null, ltvCapFen: m.ltvCapFen,
        // Why-not is what an ineligible product owes the enterprise: its failed rules.
        reasons: m.eligible ? { rules: m.rules, factors: m.factors, conditions: m.conditions } : { rules: m.rules.filter((x) => !x.pass), factors: [], conditions: m.conditions },
      }))).onConflictDoUpdate({
        target: [matches.applicationId, matches.productId],
        set: {
          productVersion: sql`excluded.product_version`, eligible: sql`excluded.eligible`, score: sql`excluded.score`, rank: sql`excluded.rank`,
          ltvCapFen: sql`excluded.ltv_cap_fen`, reasons: sql`excluded.reasons`, updatedAt: now,
        },
      });
    }
    // Paused or deleted products no longer speak for themselves.
    await tx.delete(matches).where(and(eq(matches.applicationId, applicationId),
      products.length ? notInArray(matches.productId, products.map((p) => p.id)) : sql`true`));

    const bestPerBank = new Map<string, string>();
    for (const m of ranked) if (m.eligible && !bestPerBank.has(m.bankOrgId)) bestPerBank.set(m.bankOrgId, m.productId);
    if (first) {
      // Matched afresh (after an enterprise's edit): a route no bank has opened follows the new
      // terms — to the bank's best product now, or dropped when none of its products fits any more.
      const kept = await tx.select({ id: bankReviews.id, bankOrgId: bankReviews.bankOrgId, productId: bankReviews.productId }).from(bankReviews)
        .where(and(eq(bankReviews.applicationId, applicationId), eq(bankReviews.status, "new")));
      for (const r of kept) {
        const best = bestPerBank.get(r.bankOrgId);
        if (!best) await tx.delete(bankReviews).where(eq(bankReviews.id, r.id));
        else if (best !== r.productId) await tx.update(bankReviews).set({ productId: best, updatedAt: now }).where(eq(bankReviews.id, r.id));
      }
    }
    const routed = bestPerBank.size
      ? await tx.insert(bankReviews).values([...bestPerBank].map(([bankOrgId, productId]) => ({ applicationId, bankOrgId, productId })))
          .onConflictDoNothing({ target: [bankReviews.applicationId, bankReviews.bankOrgId] })
          .returning({ id: bankReviews.id, bankOrgId: bankReviews.bankOrgId })
      : [];
    for (const r of routed) {
      await notice(tx, r.bankOrgId, "financing.notice.newApplication", {}, `/bank/applications/${applicationId}`, `routed:${r.id}`);
      await emitDomainEvent(tx, { type: "application.matched", subjectType: "pledge_application", subjectId: applicationId, orgIds: [r.bankOrgId], payload: { applicationId, reviewId: r.id }, dedupeKey: r.id });
    }

    let status = app.status;
    if (first) {
      status = next("pledge_application", applicationLifecycle, app.status, "matched");
      await tx.update(pledgeApplications).set({ status, matchedAt: now, updatedAt: now }).where(eq(pledgeApplications.id, applicationId));
      await notice(tx, app.enterpriseOrgId, "financing.notice.matched", { eligible: bestPerBank.size }, `/financing/applications/${applicationId}`, `matched:${applicationId}`);
    }
    await audit(tx, SYSTEM, {
      action: first ? "financing.matched" : "financing.rematched", entityType: "pledge_application", entityId: applicationId, orgId: app.enterpriseOrgId,
      before: { status: app.status }, after: { status, products: ranked.length, eligible: ranked.filter((m) => m.eligible).length, routed: routed.length },
    });
    return { status, eligible: ranked.filter((m) => m.eligible).length, routed: routed.length };
  });
}

/** A product changed: re-match every application banks are still reviewing (and those being matched). */
export async function rematchForProduct(db: Db, productId: string) {
  const open = await db.select({ id: pledgeApplications.id }).from(pledgeApplications)
    .where(inArray(pledgeApplications.status, ["matching", ...OPEN_FOR_BANKS]));
  let done = 0;
  for (const a of open) {
    const r = await runMatching(db, a.id);
    if (!("skipped" in r)) done++;
  }
  return { productId, rematched: done };
}

/**
 * Applications waiting on a valuation move on once it has completed: the polling half of the
 * hand-over from the valuation context (no callback needed; idempotent).
 */
export async function sweepValuations(db: Db) {
  const ready = await db.select({ id: pledgeApplications.id }).from(pledgeApplications)
    .innerJoin(valuations, eq(valuations.id, pledgeApplications.valuationId))
    .where(and(eq(pledgeApplications.status, "valuating"), eq(valuations.status, "completed"), isNotNull(valuations.lowValue)))
    .limit(500);
  let moved = 0;
  for (const { id } of ready) {
    await db.transaction(async (tx) => {
      const app = await loadApplication(tx, id, { lock: true });
      if (app.status !== "valuating") return;
      const status = next("pledge_application", applicationLifecycle, app.status, "valuationReady");
      await tx.update(pledgeApplications).set({ status, updatedAt: new Date() }).where(eq(pledgeApplications.id, id));
      await audit(tx, SYSTEM, { action: "financing.valuation-ready", entityType: "pledge_application", entityId: id, orgId: app.enterpriseOrgId, before: { status: app.status }, after: { status } });
      await queueMatching(tx, id, "valuation-ready");
      moved++;
    });
  }
  return { moved };
}

/**
 * BullMQ gave up on matching an application (stall limit, attempts used up): nothing was decided,
 * so it stays `matching`; the failure is audited on the application, the enterprise is told, and an
 * admin requeues the delivery from /admin/jobs. Re-matching after a product change and the sweep
 * need nothing: the next change or the next schedule runs them again.
 */
export const onMatchingJobFailed: FailureHandler = async (tx, f) => {
  if (f.name !== "match-application") return;
  const { applicationId } = parsePayload("matching", f.name, f.data) as { applicationId: string };
  const [app] = await tx.select({ status: pledgeApplications.status, orgId: pledgeApplications.enterpriseOrgId })
    .from(pledgeApplications).where(eq(pledgeApplications.id, applicationId));
  if (!app || app.status !== "matching") return;
  await audit(tx, SYSTEM, {
    action: "financing.matching-failed", entityType: "pledge_application", entityId: applicationId, orgId: app.orgId,
    after: { status: app.status, reason: f.reason, jobId: f.jobId },
  });
  await notice(tx, app.orgId, "notify.matchingFailed", {}, `/financing/applications/${applicationId}`, `matching-failed:${applicationId}:${f.jobId ?? f.outboxId}`);
};
