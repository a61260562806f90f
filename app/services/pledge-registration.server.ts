import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/client.server";
import { bankReviews, encumbrances, loanOffers, loans, organizations, pledgeApplications, pledgeRegistrations } from "#db/schema/index";
import { applicationLifecycle, loanLifecycle, registrationLifecycle } from "#app/domain/financing/lifecycle";
import type { Actor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import {
  applicationAssetIds, inTx, isUniqueViolation, loadApplication, next, notice, precheckApplication, storePrecheck, userId,
} from "./financing-shared.server";
import { emitDomainEvent } from "./domain-events.server";
import { audit } from "./operations.server";
import { lockReceivables, registerReceivables } from "./receivable-pledges.server";
import { applicationAssetList, queueConditions } from "./pledge-queue-search.server";
import { DESK_STATUSES } from "#app/domain/forms/financing";

async function acceptedReview(tx: Executor, applicationId: string, reviewId: string | null) {
  if (!reviewId) throw new ServiceError(409, "errors.conflict");
  const [review] = await tx.select().from(bankReviews).where(and(eq(bankReviews.id, reviewId), eq(bankReviews.applicationId, applicationId)));
  if (!review) throw new ServiceError(409, "errors.conflict");
  return review;
}

/**
 * Files the pledge: the pre-check runs again on today's data, then each asset gets a pending
 * pledge encumbrance. The partial unique index `encumbrances_one_title_lock` is the last guard:
 * of any number of concurrent attempts on one asset exactly one wins; the rest answer 409.
 */
/**
 * The bank hears once that a pledge registration was cancelled (注销): on settlement the platform
 * releases the pledge, and the cancellation pack recorded at CNIPA later is the same cancellation.
 * Both call this; the event is keyed on the registration id, so whichever comes first is the one
 * event and the other writes nothing.
 */
export async function emitRegistrationCancelled(tx: Executor, reg: { id: string; applicationId: string; bankOrgId: string }, extra: Record<string, string | null> = {}) {
  return emitDomainEvent(tx, {
    type: "registration.cancelled", subjectType: "pledge_registration", subjectId: reg.id, orgIds: [reg.bankOrgId],
    payload: { ...extra, applicationId: reg.applicationId, registrationId: reg.id }, dedupeKey: reg.id,
  });
}

export async function startRegistration(actor: Actor, applicationId: string, exec?: Executor) {
  try {
    return await inTx(exec, async (tx) => {
      const app = await loadApplication(tx, applicationId, { lock: true });
      const review = await acceptedReview(tx, applicationId, app.acceptedReviewId).catch(() => null);
      requireCan(actor, "financing.registration.record", { enterpriseOrgId: app.enterpriseOrgId, bankOrgId: review?.bankOrgId ?? "" });
      if (!review) throw new ServiceError(409, "errors.conflict");
      const status = next("pledge_application", applicationLifecycle, app.status, "startRegistration");
      const assetIds = await applicationAssetIds(tx, applicationId);
      // The contract now names the pledgee and the accepted offer's debt and term (ground 6 counts the offer's term).
      const report = await precheckApplication(tx, app);
      await storePrecheck(tx, applicationId, "registration", report);
      const receivables = await lockReceivables(tx, applicationId, review.bankOrgId);
      if (!report.ok && !(assetIds.length === 0 && receivables > 0)) throw new ServiceError(422, "financing.errors.precheckFailed");
      const [reg] = await tx.insert(pledgeRegistrations).values({ applicationId, bankOrgId: review.bankOrgId, recordedBy: userId(actor) }).returning();
      if (assetIds.length) {
        await tx.insert(encumbrances).values(assetIds.map((assetId) => ({
          assetId, kind: "pledge" as const, status: "pending" as const, holderOrgId: review.bankOrgId, sourceType: "pledge_registration", sourceId: reg!.id,
        })));
      }
      await tx.update(pledgeApplications).set({ status, updatedAt: new Date() }).where(eq(pledgeApplications.id, applicationId));
      await audit(tx, actor, { action: "financing.registration-started", entityType: "pledge_registration", entityId: reg!.id, orgId: app.enterpriseOrgId, before: { status: app.status }, after: { status, assetIds } });
      return { status, registrationId: reg!.id };
    });
  } catch (e) {
    if (isUniqueViolation(e, "encumbrances_one_title_lock")) throw new ServiceError(409, "financing.errors.alreadyPledged");
    if (isUniqueViolation(e, "pledge_registrations_application_id")) throw new ServiceError(409, "errors.conflict");
    throw e;
  }
}

/**
 * Records CNIPA's registration number and date: the pledge becomes active, the assets encumbered,
 * and the loan is set up from the accepted offer, waiting for disbursement. The bank hears of it by
 * one `registration.recorded` event; a caller recording it from a registration pack adds the pack's
 * ids to that event (`eventData`) rather than sending a second one.
 */
export async function recordRegistration(
  actor: Actor, applicationId: string, input: { cnipaNumber: string; registeredOn: string }, exec?: Executor,
  opts: { eventData?: Record<string, string | number | null> } = {},
) {
  try {
    return await inTx(exec, async (tx) => {
      const app = await loadApplication(tx, applicationId, { lock: true });
      const [reg] = await tx.select().from(pledgeRegistrations).where(eq(pledgeRegistrations.applicationId, applicationId)).for("update");
      requireCan(actor, "financing.registration.record", { enterpriseOrgId: app.enterpriseOrgId, bankOrgId: reg?.bankOrgId ?? "" });
      if (!reg) throw new ServiceError(409, "errors.conflict");
      const status = next("pledge_application", applicationLifecycle, app.status, "register");
      const regStatus = next("pledge_registration", registrationLifecycle, reg.status, "register");
      const now = new Date();
      // Receivables pledged alone are registered with the unified registry only: the number is its.
      const receivablesOnly = (await applicationAssetIds(tx, applicationId)).length === 0;
      await tx.update(pledgeRegistrations).set({ status: regStatus, cnipaNumber: receivablesOnly ? null : input.cnipaNumber, registeredOn: input.registeredOn, recordedBy: userId(actor), updatedAt: now })
        .where(eq(pledgeRegistrations.id, reg.id));
      if (receivablesOnly) await registerReceivables(tx, applicationId, { registryNumber: input.cnipaNumber, registeredOn: input.registeredOn });
      await tx.update(encumbrances).set({ status: "active" })
        .where(and(eq(encumbrances.sourceType, "pledge_registration"), eq(encumbrances.sourceId, reg.id), eq(encumbrances.status, "pending")));
      const [offer] = await tx.select().from(loanOffers).where(eq(loanOffers.reviewId, app.acceptedReviewId!));
      if (!offer) throw new ServiceError(409, "errors.conflict");
      const [loan] = await tx.insert(loans).values({
        applicationId, offerId: offer.id, bankOrgId: offer.bankOrgId, enterpriseOrgId: app.enterpriseOrgId, status: "pending",
        principalFen: offer.amountFen, rateBp: offer.rateBp, termMonths: offer.termMonths, repaymentMethod: offer.repaymentMethod, dayCount: offer.dayCount,
        riskSchemeCode: offer.riskSchemeCode,
      }).returning({ id: loans.id, status: loans.status });
      // The loan starts "pending"; the table says what disbursement will make of it.
      next("loan", loanLifecycle, loan!.status, "disburse");
      await tx.update(pledgeApplications).set({ status, updatedAt: now }).where(eq(pledgeApplications.id, applicationId));
      const auditId = await audit(tx, actor, { action: "financing.pledge-registered", entityType: "pledge_registration", entityId: reg.id, orgId: app.enterpriseOrgId,
        before: { status: app.status }, after: { status, cnipaNumber: input.cnipaNumber, registeredOn: input.registeredOn, loanId: loan!.id } });
      await notice(tx, app.enterpriseOrgId, "financing.notice.registered", { number: input.cnipaNumber }, `/financing/applications/${applicationId}`, `registered:${auditId}`);
      await emitDomainEvent(tx, { type: "registration.recorded", subjectType: "pledge_registration", subjectId: reg.id, orgIds: [reg.bankOrgId], payload: { ...opts.eventData, applicationId, registrationId: reg.id, loanId: loan!.id }, dedupeKey: reg.id });
      return { status, loanId: loan!.id };
    });
  } catch (e) {
    if (isUniqueViolation(e, "pledge_registrations_cnipa_number_uq")) throw new ServiceError(400, "errors.fixBelow", { cnipaNumber: ["financing.errors.cnipaNumberTaken"] });
    throw e;
  }
}

/**
 * The bank's own system reports CNIPA's registration (bank API): the filing is started here if it was
 * not yet — the pre-check runs again — and the registration recorded, in one transaction.
 */
export async function registerPledge(actor: Actor, applicationId: string, input: { cnipaNumber: string; registeredOn: string }, exec?: Executor) {
  return inTx(exec, async (tx) => {
    // Locks the application (and answers 404 for an id that is none) before looking for its filing.
    await loadApplication(tx, applicationId, { lock: true });
    const [filed] = await tx.select({ id: pledgeRegistrations.id }).from(pledgeRegistrations).where(eq(pledgeRegistrations.applicationId, applicationId));
    if (!filed) await startRegistration(actor, applicationId, tx);
    return recordRegistration(actor, applicationId, input, tx);
  });
}

/**
 * The platform's registration desk: applications with an accepted offer waiting for or in registration
 * ("open"), or with every later stage too ("all"), so that an accepted application never drops out of sight.
 */
const DESK_OPEN = ["accepted", "registering"] as const;
export type DeskFilter = { status?: "open" | "all" | (typeof DESK_STATUSES)[number]; q?: string; from?: string; to?: string };

/** The registration desk's list, filtered by status and submission days and searched by number, asset or company. */
export async function listRegistrationDesk(actor: Actor, opts: DeskFilter = {}) {
  requireCan(actor, "financing.admin");
  const db = await getDb();
  const status = opts.status ?? "open";
  const where = [inArray(pledgeApplications.status, status === "open" ? [...DESK_OPEN] : status === "all" ? [...DESK_STATUSES] : [status])];
  where.push(...queueConditions(opts));
  return db.select({
    id: pledgeApplications.id, status: pledgeApplications.status, amountFen: pledgeApplications.amountFen, termMonths: pledgeApplications.termMonths,
    enterpriseName: organizations.name, bankName: sql<string>`(select name from organizations b where b.id = ${bankReviews.bankOrgId})`,
    submittedAt: pledgeApplications.submittedAt, updatedAt: pledgeApplications.updatedAt, acceptedAt: pledgeApplications.acceptedAt, assets: applicationAssetList,
  }).from(pledgeApplications)
    .innerJoin(organizations, eq(organizations.id, pledgeApplications.enterpriseOrgId))
    .innerJoin(bankReviews, eq(bankReviews.id, pledgeApplications.acceptedReviewId))
    .where(and(...where))
    .orderBy(asc(pledgeApplications.updatedAt)).limit(500);
}
