import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/client.server";
import { applicationAssets, bankProducts, bankReviews, ipAssets, loanOffers, matches, organizations, pledgeApplications, reviewMessages } from "#db/schema/index";
import type { OfferInput } from "#app/domain/forms/financing";
import { ACTIVE_REVIEW, applicationLifecycle, bankReviewLifecycle, lostToAnotherBank, type ApplicationStatus, type BankReviewStatus } from "#app/domain/financing/lifecycle";
import { allocateLowValue, maxOfferFen } from "#app/domain/financing/matching";
import { DEFAULT_LPR_1Y_BP, rateOf } from "#app/domain/financing/rates";
import type { Actor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { applicationRef, inTx, loadApplication, next, notice, userId, type ApplicationRow } from "./financing-shared.server";
import { audit } from "./operations.server";
import { applicationAssetList, queueConditions } from "./pledge-queue-search.server";
import { valuationFigures } from "./pledge-valuation.server";
import { receivablesValue } from "./receivable-pledges.server";
import { receivableCap } from "#app/domain/public-money/receivables";

/**
 * A bank's review of the applications routed to it. Every action moves the bank's own review
 * (bankReviewLifecycle) and, where it is the furthest any bank has gone, the application too.
 */
const bankOf = (actor: Actor) => (actor.type === "system" ? "" : actor.orgId);

export type QueueFilter = { status?: "open" | "all" | BankReviewStatus; q?: string; from?: string; to?: string };

/**
 * The bank's queue: applications routed to it, oldest waiting first, each with its number, pledged
 * assets and dates. `status` narrows to open reviews (default), all, or one review status; `q` finds
 * an application by its number (ZY-…), an asset's number or title, or the enterprise's name; `from`
 * and `to` bound the day it was submitted. Only this bank's reviews, whatever the filter says.
 */
export async function listBankQueue(actor: Actor, opts: QueueFilter = {}) {
  requireCan(actor, "financing.queue");
  const db = await getDb();
  const bank = bankOf(actor);
  const status = opts.status ?? "open";
  const where = [eq(bankReviews.bankOrgId, bank)];
  if (status === "open") where.push(inArray(bankReviews.status, [...ACTIVE_REVIEW]));
  else if (status !== "all") where.push(eq(bankReviews.status, status));
  where.push(...queueConditions(opts));
  const rows = await db.select({
    reviewId: bankReviews.id, applicationId: pledgeApplications.id, reviewStatus: bankReviews.status, applicationStatus: pledgeApplications.status,
    amountFen: pledgeApplications.amountFen, termMonths: pledgeApplications.termMonths, purpose: pledgeApplications.purpose,
    submittedAt: pledgeApplications.submittedAt, routedAt: bankReviews.routedAt, updatedAt: pledgeApplications.updatedAt, enterpriseName: organizations.name,
    productId: bankReviews.productId, productName: bankProducts.name, score: matches.score, assets: applicationAssetList,
    acceptedReviewId: pledgeApplications.acceptedReviewId, acceptedAt: pledgeApplications.acceptedAt,
  }).from(bankReviews)
    .innerJoin(pledgeApplications, eq(pledgeApplications.id, bankReviews.applicationId))
    .innerJoin(organizations, eq(organizations.id, pledgeApplications.enterpriseOrgId))
    .innerJoin(bankProducts, eq(bankProducts.id, bankReviews.productId))
    .leftJoin(matches, and(eq(matches.applicationId, bankReviews.applicationId), eq(matches.productId, bankReviews.productId)))
    .where(and(...where))
    .orderBy(asc(pledgeApplications.submittedAt)).limit(500)
    // Prepared on PostgreSQL (one statement per filter shape and pooled connection): the queue is read on
    // every view, and parsing and planning its joins cost more than running them.
    .prepare("bank_queue").execute();
  return rows.map(({ acceptedReviewId, ...r }) =>
    lostToAnotherBank(acceptedReviewId, [r.reviewId])
      ? { closed: true as const, reviewId: r.reviewId, applicationId: r.applicationId, reviewStatus: "closed" as const, routedAt: r.routedAt }
      : { closed: false as const, ...r });
}

const REMATCHING: ReadonlySet<ApplicationStatus> = new Set(["submitted", "valuating", "matching"]);

async function loadForBank(tx: Executor, actor: Actor, applicationId: string) {
  const app = await loadApplication(tx, applicationId, { lock: true });
  requireCan(actor, "financing.application.review", await applicationRef(tx, app));
  const [review] = await tx.select().from(bankReviews)
    .where(and(eq(bankReviews.applicationId, applicationId), eq(bankReviews.bankOrgId, bankOf(actor)))).for("update");
  if (!review) throw new ServiceError(404, "errors.notFound");
  // Edited by the enterprise and not matched again yet: the bank reads it, but acts on the new terms once matched.
  if (REMATCHING.has(app.status)) throw new ServiceError(409, "financing.errors.rematching");
  return { app, review };
}

/** Moves the application along by `events` in order (skipping none), from wherever it is. */
function advance(app: ApplicationRow, events: Array<"startReview" | "requestInfo" | "offer" | "reject">): ApplicationStatus {
  let s = app.status;
  for (const e of events) s = next("pledge_application", applicationLifecycle, s, e);
  return s;
}

async function setStatuses(tx: Executor, app: ApplicationRow, status: ApplicationStatus, reviewId: string, reviewStatus: BankReviewStatus, extra: Partial<typeof bankReviews.$inferInsert> = {}) {
  const now = new Date();
  await tx.update(bankReviews).set({ status: reviewStatus, updatedAt: now, ...extra }).where(eq(bankReviews.id, reviewId));
  if (status !== app.status) await tx.update(pledgeApplications).set({ status, updatedAt: now }).where(eq(pledgeApplications.id, app.id));
}

/**
 * The bank opens its review (new → under_review; a matched application → under_review): from now on
 * the enterprise may no longer edit the application. Opening it again changes nothing.
 */
export async function startReview(actor: Actor, applicationId: string, exec?: Executor) {
  return inTx(exec, async (tx) => {
    const { app, review } = await loadForBank(tx, actor, applicationId);
    if (review.status !== "new") return { status: app.status, reviewStatus: review.status };
    const reviewStatus = next("bank_review", bankReviewLifecycle, review.status, "open");
    const status = app.status === "matched" ? advance(app, ["startReview"]) : app.status;
    await setStatuses(tx, app, status, review.id, reviewStatus);
    const auditId = await audit(tx, actor, { action: "financing.review-started", entityType: "bank_review", entityId: review.id, orgId: app.enterpriseOrgId, before: { status: app.status, reviewStatus: review.status }, after: { status, reviewStatus } });
    await notice(tx, app.enterpriseOrgId, "financing.notice.reviewStarted", {}, `/financing/applications/${applicationId}`, `review-started:${auditId}`);
    return { status, reviewStatus };
  });
}

export async function requestInfo(actor: Actor, applicationId: string, body: string, exec?: Executor) {
  return inTx(exec, async (tx) => {
    const { app, review } = await loadForBank(tx, actor, applicationId);
    const reviewStatus = next("bank_review", bankReviewLifecycle, review.status, "requestInfo");
    const status = app.status === "matched" ? advance(app, ["startReview", "requestInfo"])
      : app.status === "under_review" ? advance(app, ["requestInfo"])
      : app.status === "info_requested" || app.status === "offered" ? app.status
      : advance(app, ["requestInfo"]);
    await setStatuses(tx, app, status, review.id, reviewStatus);
    await tx.insert(reviewMessages).values({ reviewId: review.id, authorOrgId: review.bankOrgId, authorUserId: userId(actor), kind: "request", body });
    const auditId = await audit(tx, actor, { action: "financing.info-requested", entityType: "bank_review", entityId: review.id, orgId: app.enterpriseOrgId, before: { status: app.status, reviewStatus: review.status }, after: { status, reviewStatus } });
    await notice(tx, app.enterpriseOrgId, "financing.notice.infoRequested", {}, `/financing/applications/${applicationId}`, `info:${auditId}`);
    return { status, reviewStatus };
  });
}

/** The most this bank may lend on this application: its product's LTV on the valuation's low value, and no more than asked. */
export async function offerCeiling(exec: Executor, app: ApplicationRow, productId: string) {
  const [product] = await exec.select().from(bankProducts).where(eq(bankProducts.id, productId));
  const figures = await valuationFigures(exec, app.valuationId);
  // Pledged licence royalties add what is still to come in, at the product's receivable rate.
  const receivables = await receivablesValue(exec, app.id);
  const fromReceivables = product && receivables !== null && product.receivableLtvBp != null ? receivableCap(receivables, product.receivableLtvBp) : 0n;
  if (!product || (!figures?.lowFen && !fromReceivables)) return { product: product ?? null, capFen: 0n };
  const assets = await exec.select({ id: ipAssets.id, kind: ipAssets.kind }).from(applicationAssets)
    .innerJoin(ipAssets, eq(ipAssets.id, applicationAssets.assetId)).where(eq(applicationAssets.applicationId, app.id));
  assets.sort((a, b) => (a.id < b.id ? -1 : 1));
  const collateral = figures?.lowFen ? allocateLowValue(figures.lowFen, assets.map((a) => ({ kind: a.kind, ownLowFen: figures.perAssetLowFen.get(a.id) ?? null }))) : [];
  const cap = (assets.length ? (maxOfferFen(collateral, product.maxLtvBp) ?? 0n) : 0n) + fromReceivables;
  return { product, capFen: cap < app.amountFen ? cap : app.amountFen };
}

export async function makeOffer(actor: Actor, applicationId: string, input: OfferInput, exec?: Executor) {
  return inTx(exec, async (tx) => {
    const { app, review } = await loadForBank(tx, actor, applicationId);
    const reviewStatus = next("bank_review", bankReviewLifecycle, review.status, "offer");
    const status = app.status === "matched" ? advance(app, ["startReview", "offer"]) : app.status === "offered" ? app.status : advance(app, ["offer"]);
    const { product, capFen } = await offerCeiling(tx, app, review.productId);
    if (!product) throw new ServiceError(404, "errors.notFound");
    const fields: Record<string, string[]> = {};
    if (input.amount > capFen) fields.amount = ["financing.errors.offerOverCap"];
    if (input.termMonths < product.minTermMonths || input.termMonths > product.maxTermMonths) fields.termMonths = ["financing.errors.termOutsideProduct"];
    if (!product.repaymentMethods.includes(input.repaymentMethod)) fields.repaymentMethod = ["errors.invalid"];
    if (input.riskSchemeCode && !product.riskSchemes.includes(input.riskSchemeCode)) fields.riskSchemeCode = ["errors.invalid"];
    if (Object.keys(fields).length) throw new ServiceError(400, "errors.fixBelow", fields, { cap: capFen.toString() });
    const lprBp = DEFAULT_LPR_1Y_BP;
    const [offer] = await tx.insert(loanOffers).values({
      reviewId: review.id, applicationId, bankOrgId: review.bankOrgId, productId: review.productId, amountFen: input.amount,
      termMonths: input.termMonths, lprBp, spreadBp: input.spreadBp, rateBp: rateOf(lprBp, input.spreadBp),
      repaymentMethod: input.repaymentMethod, dayCount: input.dayCount ?? "monthly", riskSchemeCode: input.riskSchemeCode || null, conditions: input.conditions || null,
      createdBy: userId(actor),
    }).returning();
    await setStatuses(tx, app, status, review.id, reviewStatus, { decidedAt: new Date() });
    await audit(tx, actor, { action: "financing.offer-made", entityType: "bank_review", entityId: review.id, orgId: app.enterpriseOrgId,
      before: { status: app.status, reviewStatus: review.status }, after: { status, reviewStatus, amountFen: input.amount.toString(), rateBp: offer!.rateBp } });
    await notice(tx, app.enterpriseOrgId, "financing.notice.offer", {}, `/financing/applications/${applicationId}`, `offer:${offer!.id}`);
    return { status, reviewStatus, offerId: offer!.id };
  });
}

export async function rejectApplication(actor: Actor, applicationId: string, reason: string, exec?: Executor) {
  return inTx(exec, async (tx) => {
    const { app, review } = await loadForBank(tx, actor, applicationId);
    const reviewStatus = next("bank_review", bankReviewLifecycle, review.status, "reject");
    const others = await tx.select({ status: bankReviews.status }).from(bankReviews)
      .where(and(eq(bankReviews.applicationId, applicationId), sql`${bankReviews.id} <> ${review.id}`));
    const anyOpen = others.some((o) => ACTIVE_REVIEW.has(o.status));
    // The application is rejected only when no bank is left reviewing it.
    const status = anyOpen ? app.status : app.status === "offered" ? app.status : advance(app, ["reject"]);
    await setStatuses(tx, app, status, review.id, reviewStatus, { decidedAt: new Date(), rejectReason: reason });
    const auditId = await audit(tx, actor, { action: "financing.application-rejected", entityType: "bank_review", entityId: review.id, orgId: app.enterpriseOrgId,
      before: { status: app.status, reviewStatus: review.status }, after: { status, reviewStatus, reason } });
    await notice(tx, app.enterpriseOrgId, "financing.notice.rejected", { reason }, `/financing/applications/${applicationId}`, `reject:${auditId}`);
    return { status, reviewStatus };
  });
}

export type BankDecision =
  | { decision: "approve"; offer: OfferInput }
  | { decision: "reject"; reason: string }
  | { decision: "request_info"; message: string };

export async function decide(actor: Actor, applicationId: string, d: BankDecision, exec?: Executor) {
  if (d.decision === "approve") return makeOffer(actor, applicationId, d.offer, exec);
  if (d.decision === "reject") return rejectApplication(actor, applicationId, d.reason, exec);
  return requestInfo(actor, applicationId, d.message, exec);
}

/** The ceiling and product terms a bank's offer form starts from. */
export async function offerContext(actor: Actor, applicationId: string) {
  const db = await getDb();
  const app = await loadApplication(db, applicationId);
  requireCan(actor, "financing.application.review", await applicationRef(db, app));
  const [review] = await db.select().from(bankReviews).where(and(eq(bankReviews.applicationId, applicationId), eq(bankReviews.bankOrgId, bankOf(actor))));
  if (!review) throw new ServiceError(404, "errors.notFound");
  const { product, capFen } = await offerCeiling(db, app, review.productId);
  return {
    capFen, lprBp: DEFAULT_LPR_1Y_BP,
    product: product ? { id: product.id, name: product.name, spreadBp: product.spreadBp, minTermMonths: product.minTermMonths, maxTermMonths: product.maxTermMonths, repaymentMethods: product.repaymentMethods, riskSchemes: product.riskSchemes } : null,
  };
}
