import { and, asc, desc, eq, inArray, ne } from "drizzle-orm";
import { getDb, type Executor } from "#db/client.server";
import {
  applicationAssets, bankProducts, bankReviews, encumbrances, ipAssets, loanOffers, loans, matches, organizations, parks,
  pledgeApplications, pledgeRegistrations, prechecks, reviewMessages,
} from "#db/schema/index";
import type { ApplicationInput } from "#app/domain/forms/financing";
import { ACTIVE_REVIEW, applicationLifecycle, bankReviewLifecycle, lostToAnotherBank, type ApplicationStatus } from "#app/domain/financing/lifecycle";
import { isPlatformAdmin, type Actor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import {
  applicationAssetIds, applicationRef, loadApplication, next, notice, precheckApplication, runPrecheck, storePrecheck, userId, type ApplicationRow,
} from "./financing-shared.server";
import { assertCanApplyInCampaign } from "./campaigns.server";
import { emitDomainEvent } from "./domain-events.server";
import { audit, enqueue } from "./operations.server";
import { valuationFigures, valuationForApplication, valuationForPledge } from "./pledge-valuation.server";
import { listPrecheckAgreements } from "./precheck-agreements.server";
import { applicationReceivableIds, applicationReceivablesView, attachReceivables, pledgeableReceivables } from "./receivable-pledges.server";
import { storeAttachment } from "./review-attachments.server";
import { discardUpload, type StoredFile } from "./stored-files.server";

/** The enterprise's own assets it might pledge (with any title lock shown). */
export async function listPledgeableAssets(actor: Actor) {
  requireCan(actor, "financing.application.create");
  const db = await getDb();
  const orgId = (actor as { orgId: string }).orgId;
  const rows = await db.select({
    id: ipAssets.id, kind: ipAssets.kind, number: ipAssets.number, title: ipAssets.title, titleEn: ipAssets.titleEn,
    legalStatus: ipAssets.legalStatus, expiryDate: ipAssets.expiryDate,
  }).from(ipAssets).where(eq(ipAssets.ownerOrgId, orgId)).orderBy(asc(ipAssets.number)).limit(500);
  const ids = rows.map((r) => r.id);
  const locked = ids.length
    ? new Set((await db.select({ assetId: encumbrances.assetId }).from(encumbrances).where(and(
        inArray(encumbrances.assetId, ids), inArray(encumbrances.kind, ["pledge", "transfer"]), inArray(encumbrances.status, ["pending", "active"]),
      ))).map((r) => r.assetId))
    : new Set<string>();
  return rows.map((r) => ({ ...r, pledged: locked.has(r.id) }));
}

/** The enterprise's licence-royalty receivables it might pledge (live, unpledged, money still to come). */
export async function listPledgeableReceivables(actor: Actor) {
  requireCan(actor, "financing.application.create");
  return pledgeableReceivables(await getDb(), (actor as { orgId: string }).orgId);
}

export async function listMyApplications(actor: Actor) {
  requireCan(actor, "financing.application.create");
  const db = await getDb();
  return db.select({
    id: pledgeApplications.id, amountFen: pledgeApplications.amountFen, termMonths: pledgeApplications.termMonths,
    purpose: pledgeApplications.purpose, status: pledgeApplications.status, createdAt: pledgeApplications.createdAt, submittedAt: pledgeApplications.submittedAt,
  }).from(pledgeApplications).where(eq(pledgeApplications.enterpriseOrgId, (actor as { orgId: string }).orgId))
    .orderBy(desc(pledgeApplications.createdAt)).limit(200);
}

/**
 * Creates a draft with its assets and runs the pre-check at once, so the enterprise sees every
 * failing ground per asset before it submits. Assets of another organisation are refused as
 * "not found" (their existence does not leak).
 */
export async function createApplication(actor: Actor, input: Omit<ApplicationInput, "receivableIds"> & { receivableIds?: string[] }, opts: { locale?: string } = {}) {
  requireCan(actor, "financing.application.create");
  const orgId = (actor as { orgId: string }).orgId;
  const assetIds = [...new Set(input.assetIds)].sort();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const own = await tx.select({ id: ipAssets.id }).from(ipAssets).where(and(inArray(ipAssets.id, assetIds), eq(ipAssets.ownerOrgId, orgId)));
    if (own.length !== assetIds.length) throw new ServiceError(400, "errors.fixBelow", { assetIds: ["financing.errors.assetNotYours"] });
    // Applying "within" a campaign is for the enterprises it serves; a tampered id is a field error.
    if (input.campaignId) await assertCanApplyInCampaign(tx, actor, input.campaignId);
    const [app] = await tx.insert(pledgeApplications).values({
      enterpriseOrgId: orgId, createdBy: userId(actor), amountFen: input.amount, termMonths: input.termMonths,
      purpose: input.purpose, campaignId: input.campaignId ?? null,
    }).returning();
    if (assetIds.length) await tx.insert(applicationAssets).values(assetIds.map((assetId) => ({ applicationId: app!.id, assetId })));
    const receivableIds = [...new Set(input.receivableIds ?? [])].sort();
    await attachReceivables(tx, app!.id, orgId, receivableIds);
    if (!assetIds.length && !receivableIds.length) throw new ServiceError(400, "errors.fixBelow", { assetIds: ["financing.errors.pickAsset"] });
    const report = await runPrecheck(tx, { assetIds, applicationId: app!.id, pledgorOrgId: orgId, debtFen: input.amount, termMonths: input.termMonths });
    await storePrecheck(tx, app!.id, "draft", report);
    // The valuation starts with the draft, so that the loan cap (or the inputs it lacks) shows before submitting.
    const valuationId = assetIds.length ? (await valuationForPledge(tx, actor, assetIds, opts.locale ?? "zh-CN")).valuationId : null;
    if (valuationId) await tx.update(pledgeApplications).set({ valuationId }).where(eq(pledgeApplications.id, app!.id));
    await audit(tx, actor, {
      action: "financing.application-created", entityType: "pledge_application", entityId: app!.id, orgId,
      after: { amountFen: input.amount.toString(), termMonths: input.termMonths, assetIds, receivableIds, precheckOk: report.ok, valuationId },
    });
    return { id: app!.id, precheck: report };
  });
}

/**
 * Submits a draft: the pre-check must pass now; a valid pledge valuation of the same assets is
 * reused or one is requested; with a ready valuation, matching is queued at once (otherwise the
 * matching sweep queues it when the valuation completes). Submitting twice is refused (409).
 */
export async function submitApplication(actor: Actor, id: string, opts: { locale?: string } = {}) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const app = await loadApplication(tx, id, { lock: true });
    requireCan(actor, "financing.application.manage", await applicationRef(tx, app));
    let status = next("pledge_application", applicationLifecycle, app.status, "submit");
    const assetIds = await applicationAssetIds(tx, id);
    const report = await precheckApplication(tx, app);
    await storePrecheck(tx, id, "submit", report);
    // Receivables alone: no CNIPA pre-check and no valuation (their value is what is still to come in).
    const receivablesOnly = assetIds.length === 0 && (await applicationReceivableIds(tx, id)).length > 0;
    if (!report.ok && !receivablesOnly) throw new ServiceError(422, "financing.errors.precheckFailed");
    status = next("pledge_application", applicationLifecycle, status, "startValuation");
    const { valuationId, reused } = receivablesOnly ? { valuationId: null, reused: false } : await valuationForApplication(tx, actor, app, assetIds, opts.locale ?? "zh-CN");
    const figures = await valuationFigures(tx, valuationId);
    const ready = receivablesOnly || figures?.status === "completed";
    if (ready) status = next("pledge_application", applicationLifecycle, status, "valuationReady");
    const now = new Date();
    await tx.update(pledgeApplications).set({ status, valuationId, submittedAt: now, updatedAt: now }).where(eq(pledgeApplications.id, id));
    await audit(tx, actor, {
      action: "financing.application-submitted", entityType: "pledge_application", entityId: id, orgId: app.enterpriseOrgId,
      before: { status: app.status }, after: { status, valuationId, valuationReused: reused },
    });
    if (ready) await queueMatching(tx, id, "submitted");
    return { id, status, valuationId, valuationReused: reused };
  });
}

export async function queueMatching(tx: Executor, applicationId: string, cause: string) {
  await enqueue(tx, "matching", "match-application", { applicationId }, { dedupeKey: `match-application:${applicationId}:${cause}` });
}

export async function withdrawApplication(actor: Actor, id: string) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const app = await loadApplication(tx, id, { lock: true });
    requireCan(actor, "financing.application.manage", await applicationRef(tx, app));
    const status = next("pledge_application", applicationLifecycle, app.status, "withdraw");
    await tx.update(pledgeApplications).set({ status, updatedAt: new Date() }).where(eq(pledgeApplications.id, id));
    const open = await tx.select().from(bankReviews).where(eq(bankReviews.applicationId, id));
    for (const r of open.filter((x) => ACTIVE_REVIEW.has(x.status))) {
      await tx.update(bankReviews).set({ status: next("bank_review", bankReviewLifecycle, r.status, "close"), updatedAt: new Date() }).where(eq(bankReviews.id, r.id));
      await notice(tx, r.bankOrgId, "financing.notice.withdrawn", {}, `/bank/applications/${id}`, `withdrawn:${id}`);
    }
    await audit(tx, actor, { action: "financing.application-withdrawn", entityType: "pledge_application", entityId: id, orgId: app.enterpriseOrgId, before: { status: app.status }, after: { status } });
    return { id, status };
  });
}

/**
 * The enterprise answers a bank's information request in the review's thread, optionally with an
 * attachment (audited accounts, scans: PDF, JPEG, PNG or XLSX, type read from the bytes, size
 * limited: 400 / 413 with the file field's message), stored as certificates are.
 */
export async function answerInfoRequest(actor: Actor, id: string, reviewId: string, body: string, file?: { name: string; bytes: Uint8Array } | null) {
  const db = await getDb();
  // Who may answer is checked before anything is written to disk.
  const owner = await loadApplication(db, id);
  requireCan(actor, "financing.application.manage", await applicationRef(db, owner));
  const stored = file && file.bytes.length ? await storeAttachment(file) : null;
  try {
    return await answerIn(db, actor, id, reviewId, body, stored);
  } catch (e) {
    if (stored) await discardUpload(stored.storedName);
    throw e;
  }
}

async function answerIn(db: Awaited<ReturnType<typeof getDb>>, actor: Actor, id: string, reviewId: string, body: string, stored: StoredFile | null) {
  return db.transaction(async (tx) => {
    const app = await loadApplication(tx, id, { lock: true });
    requireCan(actor, "financing.application.manage", await applicationRef(tx, app));
    const [review] = await tx.select().from(bankReviews).where(and(eq(bankReviews.id, reviewId), eq(bankReviews.applicationId, id))).for("update");
    if (!review) throw new ServiceError(404, "errors.notFound");
    const reviewStatus = next("bank_review", bankReviewLifecycle, review.status, "answerInfo");
    await tx.update(bankReviews).set({ status: reviewStatus, updatedAt: new Date() }).where(eq(bankReviews.id, reviewId));
    const [message] = await tx.insert(reviewMessages).values({ reviewId, authorOrgId: app.enterpriseOrgId, authorUserId: userId(actor), kind: "answer", body, ...(stored ?? {}) })
      .returning({ id: reviewMessages.id });
    let status: ApplicationStatus = app.status;
    if (app.status === "info_requested") {
      const waiting = await tx.select({ id: bankReviews.id }).from(bankReviews)
        .where(and(eq(bankReviews.applicationId, id), eq(bankReviews.status, "info_requested"), ne(bankReviews.id, reviewId)));
      if (!waiting.length) status = next("pledge_application", applicationLifecycle, app.status, "answerInfo");
    }
    if (status !== app.status) await tx.update(pledgeApplications).set({ status, updatedAt: new Date() }).where(eq(pledgeApplications.id, id));
    const attachment = stored ? { messageId: message!.id, fileName: stored.fileName, mime: stored.mime, size: stored.size, sha256: stored.sha256 } : null;
    const auditId = await audit(tx, actor, { action: "financing.info-answered", entityType: "bank_review", entityId: reviewId, orgId: app.enterpriseOrgId, before: { status: app.status }, after: { status, reviewStatus, attachment } });
    await notice(tx, review.bankOrgId, "financing.notice.infoAnswered", {}, `/bank/applications/${id}`, `answer:${auditId}`);
    await emitDomainEvent(tx, { type: "application.info_answered", subjectType: "bank_review", subjectId: reviewId, orgIds: [review.bankOrgId], payload: { applicationId: id, reviewId }, dedupeKey: String(auditId) });
    return { status, reviewStatus };
  });
}

/** The enterprise accepts one bank's offer; every other open review closes. */
export async function acceptOffer(actor: Actor, id: string, reviewId: string) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const app = await loadApplication(tx, id, { lock: true });
    requireCan(actor, "financing.application.manage", await applicationRef(tx, app));
    const status = next("pledge_application", applicationLifecycle, app.status, "accept");
    const reviews = await tx.select().from(bankReviews).where(eq(bankReviews.applicationId, id)).for("update");
    const chosen = reviews.find((r) => r.id === reviewId);
    if (!chosen) throw new ServiceError(404, "errors.notFound");
    const now = new Date();
    await tx.update(bankReviews).set({ status: next("bank_review", bankReviewLifecycle, chosen.status, "accept"), updatedAt: now }).where(eq(bankReviews.id, chosen.id));
    for (const r of reviews.filter((x) => x.id !== reviewId && ACTIVE_REVIEW.has(x.status))) {
      await tx.update(bankReviews).set({ status: next("bank_review", bankReviewLifecycle, r.status, "close"), updatedAt: now }).where(eq(bankReviews.id, r.id));
      await notice(tx, r.bankOrgId, "financing.notice.otherOfferAccepted", {}, `/bank/applications/${id}`, `accepted:${id}`);
      // A bank whose offer stood is told its offer was declined; one still reviewing only that the review closed.
      if (r.status === "offered") await emitDomainEvent(tx, { type: "offer.declined", subjectType: "bank_review", subjectId: r.id, orgIds: [r.bankOrgId], payload: { applicationId: id, reviewId: r.id }, dedupeKey: r.id });
    }
    await tx.update(pledgeApplications).set({ status, acceptedReviewId: reviewId, acceptedAt: now, updatedAt: now }).where(eq(pledgeApplications.id, id));
    await audit(tx, actor, { action: "financing.offer-accepted", entityType: "pledge_application", entityId: id, orgId: app.enterpriseOrgId, before: { status: app.status }, after: { status, reviewId } });
    await notice(tx, chosen.bankOrgId, "financing.notice.offerAccepted", {}, `/bank/applications/${id}`, `accepted:${id}`);
    await emitDomainEvent(tx, { type: "offer.accepted", subjectType: "bank_review", subjectId: chosen.id, orgIds: [chosen.bankOrgId], payload: { applicationId: id, reviewId: chosen.id }, dedupeKey: chosen.id });
    return { status };
  });
}

/**
 * A bank that lost the race asks for the application: the only answer is that it is closed. Where a
 * route does not show that answer, it is a 404 like any object the actor may not see.
 */
export class ApplicationClosedError extends ServiceError {
  constructor(readonly applicationId: string) {
    super(404, "financing.closed.title");
  }
}

/**
 * Everything one actor may see of an application. A bank sees its own review, its own offer and
 * its own thread — never another bank's; the enterprise and admins see all.
 */
export async function getApplicationView(actor: Actor, id: string) {
  // One snapshot: the status and the matches a page shows are from the same moment.
  return (await getDb()).transaction((tx) => applicationView(tx, actor, id), { isolationLevel: "repeatable read", accessMode: "read only" });
}

async function applicationView(db: Executor, actor: Actor, id: string) {
  const app = await loadApplication(db, id);
  const ref = await applicationRef(db, app);
  requireCan(actor, "financing.application.view", ref);
  const bankView = actor.type !== "system" && actor.orgKind === "bank";
  const ownBank = bankView ? (actor as { orgId: string }).orgId : null;
  if (ownBank) {
    const own = await db.select({ id: bankReviews.id }).from(bankReviews).where(and(eq(bankReviews.applicationId, id), eq(bankReviews.bankOrgId, ownBank)));
    if (lostToAnotherBank(app.acceptedReviewId, own.map((r) => r.id))) throw new ApplicationClosedError(id);
  }

  const [enterprise] = await db.select({ name: organizations.name, uscc: organizations.uscc, industry: organizations.industry, parkZh: parks.nameZh, parkEn: parks.nameEn })
    .from(organizations).leftJoin(parks, eq(parks.id, organizations.parkId)).where(eq(organizations.id, app.enterpriseOrgId));
  const assets = await db.select({
    id: ipAssets.id, kind: ipAssets.kind, number: ipAssets.number, title: ipAssets.title, titleEn: ipAssets.titleEn,
    expiryDate: ipAssets.expiryDate, legalStatus: ipAssets.legalStatus, annuityPaidThrough: ipAssets.annuityPaidThrough,
  }).from(applicationAssets).innerJoin(ipAssets, eq(ipAssets.id, applicationAssets.assetId)).where(eq(applicationAssets.applicationId, id)).orderBy(asc(ipAssets.number));
  const [latestPrecheck] = await db.select().from(prechecks).where(eq(prechecks.applicationId, id)).orderBy(desc(prechecks.createdAt)).limit(1);

  const matchRows = await db.select({
    id: matches.id, productId: matches.productId, bankOrgId: matches.bankOrgId, eligible: matches.eligible, score: matches.score, rank: matches.rank,
    ltvCapFen: matches.ltvCapFen, reasons: matches.reasons, productName: bankProducts.name, spreadBp: bankProducts.spreadBp, bankName: organizations.name,
  }).from(matches).innerJoin(bankProducts, eq(bankProducts.id, matches.productId)).innerJoin(organizations, eq(organizations.id, matches.bankOrgId))
    .where(ownBank ? and(eq(matches.applicationId, id), eq(matches.bankOrgId, ownBank)) : eq(matches.applicationId, id))
    .orderBy(desc(matches.eligible), asc(matches.rank), desc(matches.score));

  const reviewRows = await db.select({
    id: bankReviews.id, bankOrgId: bankReviews.bankOrgId, productId: bankReviews.productId, status: bankReviews.status, rejectReason: bankReviews.rejectReason,
    routedAt: bankReviews.routedAt, decidedAt: bankReviews.decidedAt, bankName: organizations.name, productName: bankProducts.name,
  }).from(bankReviews).innerJoin(organizations, eq(organizations.id, bankReviews.bankOrgId)).innerJoin(bankProducts, eq(bankProducts.id, bankReviews.productId))
    .where(ownBank ? and(eq(bankReviews.applicationId, id), eq(bankReviews.bankOrgId, ownBank)) : eq(bankReviews.applicationId, id))
    .orderBy(asc(bankReviews.routedAt));
  const reviewIds = reviewRows.map((r) => r.id);
  const messages = reviewIds.length
    ? await db.select({
      id: reviewMessages.id, reviewId: reviewMessages.reviewId, authorOrgId: reviewMessages.authorOrgId, authorUserId: reviewMessages.authorUserId,
      kind: reviewMessages.kind, body: reviewMessages.body, createdAt: reviewMessages.createdAt, fileName: reviewMessages.fileName, mime: reviewMessages.mime, size: reviewMessages.size,
    }).from(reviewMessages).where(inArray(reviewMessages.reviewId, reviewIds)).orderBy(asc(reviewMessages.createdAt))
    : [];
  const offers = reviewIds.length ? await db.select().from(loanOffers).where(inArray(loanOffers.reviewId, reviewIds)) : [];
  const reviews = reviewRows.map((r) => ({
    ...r,
    messages: messages.filter((m) => m.reviewId === r.id),
    offer: offers.find((o) => o.reviewId === r.id) ?? null,
  }));

  const [registration] = await db.select().from(pledgeRegistrations).where(eq(pledgeRegistrations.applicationId, id));
  const visibleRegistration = registration && (!ownBank || registration.bankOrgId === ownBank) ? registration : null;
  const [loan] = await db.select().from(loans).where(eq(loans.applicationId, id));
  const visibleLoan = loan && (!ownBank || loan.bankOrgId === ownBank) ? loan : null;
  const valuation = await valuationFigures(db, app.valuationId);
  // A bank sees its own declarations and the applicant's, not another bank's.
  const agreements = (await listPrecheckAgreements(db, id)).filter((a) => !ownBank || a.orgId === ownBank || a.orgId === app.enterpriseOrgId);
  const receivables = await applicationReceivablesView(db, id);

  return {
    application: app,
    enterprise: enterprise ?? null,
    assets,
    receivables,
    precheck: latestPrecheck ?? null,
    matches: matchRows,
    reviews,
    registration: visibleRegistration,
    loan: visibleLoan,
    valuation,
    agreements,
    viewer: { isEnterprise: actor.type === "user" && actor.orgId === app.enterpriseOrgId, bankOrgId: ownBank, isAdmin: isPlatformAdmin(actor) },
  };
}

export type ApplicationView = Awaited<ReturnType<typeof applicationView>>;
export type { ApplicationRow };
