import { and, asc, eq, inArray } from "drizzle-orm";
import { getDb, type Db, type Executor } from "#db/client.server";
import {
  applicationAssets, collateralDisposals, encumbrances, ipAssets, loanInstalments, loans, lossSplits, pledgeApplications, pledgeRegistrations,
  repayments, riskSharingSchemes,
} from "#db/schema/index";
import { addMonths, shanghaiDate } from "#app/domain/dates";
import { applicationLifecycle, loanLifecycle, registrationLifecycle, type ApplicationStatus } from "#app/domain/financing/lifecycle";
import { DEFAULT_RISK_SCHEMES, lossAmount, splitLoss, type RiskScheme } from "#app/domain/financing/risk-sharing";
import {
  allocateRepayment, buildSchedule, instalmentDue, isOverdue, isSettled, type InstalmentState,
} from "#app/domain/financing/schedule";
import type { Actor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { ListingFormSchema } from "#app/domain/forms/market";
import { inTx, loadApplication, next, notice, userId } from "./financing-shared.server";
import { createListing } from "./listings.server";
import { refreshListingDocuments } from "./market-shared.server";
import { emitDomainEvent } from "./domain-events.server";
import { emitRegistrationCancelled } from "./pledge-registration.server";
import { audit } from "./operations.server";
import { recoverFromDisposalSale } from "./loan-recoveries.server";
import { releaseReceivables } from "./receivable-pledges.server";
import { isUuid } from "#app/domain/ids";

export type LoanRow = typeof loans.$inferSelect;

export async function loadLoan(exec: Executor, id: string, lock = false): Promise<LoanRow> {
  if (!isUuid(id)) throw new ServiceError(404, "errors.notFound");
  const q = exec.select().from(loans).where(eq(loans.id, id));
  const [loan] = lock ? await q.for("update") : await q;
  if (!loan) throw new ServiceError(404, "errors.notFound");
  return loan;
}

const ref = (l: LoanRow) => ({ enterpriseOrgId: l.enterpriseOrgId, bankOrgId: l.bankOrgId });

export async function instalmentsOf(exec: Executor, loanId: string): Promise<Array<InstalmentState & { id: string }>> {
  return exec.select({
    id: loanInstalments.id, seq: loanInstalments.seq, dueDate: loanInstalments.dueDate, principalFen: loanInstalments.principalFen,
    interestFen: loanInstalments.interestFen, paidPrincipalFen: loanInstalments.paidPrincipalFen, paidInterestFen: loanInstalments.paidInterestFen,
  }).from(loanInstalments).where(eq(loanInstalments.loanId, loanId)).orderBy(asc(loanInstalments.seq));
}

export async function getLoan(actor: Actor, id: string) {
  const db = await getDb();
  const loan = await loadLoan(db, id);
  requireCan(actor, "financing.loan.view", ref(loan));
  const schedule = await instalmentsOf(db, id);
  const paid = await db.select().from(repayments).where(eq(repayments.loanId, id)).orderBy(asc(repayments.paidOn), asc(repayments.createdAt));
  const [split] = await db.select().from(lossSplits).where(eq(lossSplits.loanId, id));
  const outstanding = schedule.reduce((a, i) => a + instalmentDue(i), 0n);
  return { loan, schedule, repayments: paid, lossSplit: split ?? null, outstandingFen: outstanding };
}

/** The bank pays the loan out: the schedule is fixed from the disbursement date. */
export async function disburseLoan(actor: Actor, loanId: string, input: { amountFen?: bigint; disbursedOn: string; reference?: string | null }, exec?: Executor) {
  return inTx(exec, async (tx) => {
    const loan = await loadLoan(tx, loanId, true);
    requireCan(actor, "financing.loan.manage", ref(loan));
    const status = next("loan", loanLifecycle, loan.status, "disburse");
    const app = await loadApplication(tx, loan.applicationId, { lock: true });
    const appStatus = next("pledge_application", applicationLifecycle, app.status, "disburse");
    const principal = input.amountFen ?? loan.principalFen;
    if (principal <= 0n || principal > loan.principalFen) throw new ServiceError(400, "errors.fixBelow", { amount: ["financing.errors.overOffer"] });
    const schedule = buildSchedule({ principalFen: principal, annualRateBp: loan.rateBp, termMonths: loan.termMonths, method: loan.repaymentMethod, dayCount: loan.dayCount, startDate: input.disbursedOn });
    await tx.insert(loanInstalments).values(schedule.map((i) => ({ loanId, seq: i.seq, dueDate: i.dueDate, principalFen: i.principalFen, interestFen: i.interestFen })));
    await tx.update(loans).set({
      status, principalFen: principal, disbursedOn: input.disbursedOn, maturityDate: addMonths(input.disbursedOn, loan.termMonths),
      bankReference: input.reference || null, updatedAt: new Date(),
    }).where(eq(loans.id, loanId));
    await tx.update(pledgeApplications).set({ status: appStatus, updatedAt: new Date() }).where(eq(pledgeApplications.id, app.id));
    // The financing secured may make the assets high-value patents: their market listings say so from now.
    const pledged = await tx.select({ id: applicationAssets.assetId }).from(applicationAssets).where(eq(applicationAssets.applicationId, app.id));
    await refreshListingDocuments(tx, pledged.map((p) => p.id));
    const auditId = await audit(tx, actor, { action: "financing.loan-disbursed", entityType: "loan", entityId: loanId, orgId: loan.enterpriseOrgId,
      before: { status: loan.status }, after: { status, principalFen: principal.toString(), disbursedOn: input.disbursedOn } });
    await notice(tx, loan.enterpriseOrgId, "financing.notice.disbursed", {}, `/financing/applications/${app.id}`, `disbursed:${auditId}`);
    return { id: loanId, status, principalFen: principal, instalments: schedule.length, maturityDate: addMonths(input.disbursedOn, loan.termMonths) };
  });
}

/** Ends the pledge: the registration is released and the assets are free again. */
async function releasePledge(tx: Executor, applicationId: string, on: string) {
  await releaseReceivables(tx, applicationId, on);
  const [reg] = await tx.select().from(pledgeRegistrations).where(eq(pledgeRegistrations.applicationId, applicationId)).for("update");
  if (!reg || reg.status !== "registered") return;
  const regStatus = next("pledge_registration", registrationLifecycle, reg.status, "release");
  await tx.update(pledgeRegistrations).set({ status: regStatus, releasedOn: on, updatedAt: new Date() }).where(eq(pledgeRegistrations.id, reg.id));
  await tx.update(encumbrances).set({ status: "released", releasedAt: new Date() })
    .where(and(eq(encumbrances.sourceType, "pledge_registration"), eq(encumbrances.sourceId, reg.id), inArray(encumbrances.status, ["pending", "active"])));
  await emitRegistrationCancelled(tx, reg);
}

/**
 * Records a repayment: interest before principal, oldest instalment first. A payment that would
 * go beyond what is owed is refused. Paying the last fen settles the loan and releases the pledge.
 */
export async function recordRepayment(actor: Actor, loanId: string, input: { amountFen: bigint; paidOn: string; reference?: string | null }, channel: "ui" | "api", exec?: Executor) {
  const run = async (tx: Executor) => {
    const loan = await loadLoan(tx, loanId, true);
    requireCan(actor, "financing.loan.manage", ref(loan));
    if (loan.status !== "active" && loan.status !== "overdue") throw new ServiceError(409, "errors.conflict");
    const current = await instalmentsOf(tx, loanId);
    const alloc = allocateRepayment(current, input.amountFen);
    if (alloc.unappliedFen > 0n) throw new ServiceError(400, "errors.fixBelow", { amount: ["financing.errors.overOutstanding"] });
    for (const i of alloc.instalments) {
      const before = current.find((c) => c.seq === i.seq)!;
      if (before.paidPrincipalFen !== i.paidPrincipalFen || before.paidInterestFen !== i.paidInterestFen) {
        await tx.update(loanInstalments).set({ paidPrincipalFen: i.paidPrincipalFen, paidInterestFen: i.paidInterestFen }).where(eq(loanInstalments.id, before.id));
      }
    }
    let repayment;
    try {
      [repayment] = await tx.insert(repayments).values({
        loanId, amountFen: input.amountFen, paidOn: input.paidOn, reference: input.reference || null, channel,
        allocation: alloc.parts.map((p) => ({ seq: p.seq, interestFen: p.interestFen.toString(), principalFen: p.principalFen.toString() })),
        recordedBy: userId(actor),
      }).returning();
    } catch (e) {
      if ((e as { code?: string; cause?: { code?: string } }).code === "23505" || (e as { cause?: { code?: string } }).cause?.code === "23505") {
        throw new ServiceError(409, "financing.errors.duplicateRepayment");
      }
      throw e;
    }
    let status: LoanRow["status"] = loan.status;
    const today = shanghaiDate();
    if (isSettled(alloc.instalments)) status = next("loan", loanLifecycle, status, "settle");
    else if (status === "overdue" && !isOverdue(alloc.instalments, today)) status = next("loan", loanLifecycle, status, "cure");
    if (status !== loan.status) await tx.update(loans).set({ status, settledAt: status === "settled" ? new Date() : null, updatedAt: new Date() }).where(eq(loans.id, loanId));
    if (status === "settled") {
      const app = await loadApplication(tx, loan.applicationId, { lock: true });
      const appStatus = next("pledge_application", applicationLifecycle, app.status, "settle");
      await tx.update(pledgeApplications).set({ status: appStatus, updatedAt: new Date() }).where(eq(pledgeApplications.id, app.id));
      await releasePledge(tx, app.id, input.paidOn);
    }
    const auditId = await audit(tx, actor, { action: status === "settled" ? "financing.loan-settled" : "financing.repayment-recorded", entityType: "loan", entityId: loanId,
      orgId: loan.enterpriseOrgId, before: { status: loan.status }, after: { status, amountFen: input.amountFen.toString(), paidOn: input.paidOn, repaymentId: repayment!.id } });
    await notice(tx, loan.enterpriseOrgId, status === "settled" ? "financing.notice.settled" : "financing.notice.repayment", {}, `/financing/applications/${loan.applicationId}`, `repaid:${auditId}`);
    return {
      id: repayment!.id, loanId, amountFen: input.amountFen, paidOn: input.paidOn, loanStatus: status,
      outstandingFen: alloc.instalments.reduce((a, i) => a + instalmentDue(i), 0n),
    };
  };
  return inTx(exec, run);
}

/** The monitoring sweep marks loans with an instalment past due as overdue (and cures paid ones). */
export async function refreshOverdue(exec: Executor, loanId: string, asOf: string) {
  const loan = await loadLoan(exec, loanId, true);
  if (loan.status !== "active" && loan.status !== "overdue") return loan.status;
  const late = isOverdue(await instalmentsOf(exec, loanId), asOf);
  const event = loan.status === "active" && late ? "fallOverdue" : loan.status === "overdue" && !late ? "cure" : null;
  if (!event) return loan.status;
  const status = next("loan", loanLifecycle, loan.status, event);
  await exec.update(loans).set({ status, updatedAt: new Date() }).where(eq(loans.id, loanId));
  await audit(exec, { type: "system", job: "monitoring" }, { action: `financing.loan-${event}`, entityType: "loan", entityId: loanId, orgId: loan.enterpriseOrgId, before: { status: loan.status }, after: { status } });
  return status;
}

export async function schemeByCode(exec: Executor, code: string | null): Promise<RiskScheme | null> {
  if (!code) return null;
  const [row] = await exec.select().from(riskSharingSchemes).where(eq(riskSharingSchemes.code, code));
  return (row?.config as RiskScheme | undefined) ?? DEFAULT_RISK_SCHEMES.find((s) => s.code === code) ?? null;
}

/** The enterprise's first loan paid out on the platform (a first-loan bonus in some schemes). */
export async function isFirstLoan(exec: Executor, loan: Pick<LoanRow, "id" | "enterpriseOrgId">) {
  const earlier = await exec.select({ id: loans.id }).from(loans).where(and(eq(loans.enterpriseOrgId, loan.enterpriseOrgId), inArray(loans.status, ["settled", "defaulted", "active", "overdue"])));
  return earlier.filter((l) => l.id !== loan.id).length === 0;
}

/**
 * The bank declares a default: the loss (what is still owed less what was recovered) is split by
 * the loan's risk-sharing scheme (all of it to the bank without one), and the pledged assets go
 * to disposal with the bank as the disposing party.
 */
export async function declareDefault(actor: Actor, loanId: string, input: { recoveredFen: bigint }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const loan = await loadLoan(tx, loanId, true);
    requireCan(actor, "financing.loan.manage", ref(loan));
    const status = next("loan", loanLifecycle, loan.status, "default");
    const app = await loadApplication(tx, loan.applicationId, { lock: true });
    let appStatus = next("pledge_application", applicationLifecycle, app.status, "default");
    const outstanding = (await instalmentsOf(tx, loanId)).reduce((a, i) => a + instalmentDue(i), 0n);
    const loss = lossAmount(outstanding, input.recoveredFen);
    const scheme = await schemeByCode(tx, loan.riskSchemeCode);
    const firstLoan = await isFirstLoan(tx, loan);
    const parts = scheme ? splitLoss(loss, scheme, { firstLoan }) : [{ party: "bank" as const, amountFen: loss, shareBp: 10_000 }];
    await tx.insert(lossSplits).values({ loanId, schemeCode: scheme?.code ?? null, lossFen: loss, firstLoan, parts: parts.map((p) => ({ ...p, amountFen: p.amountFen.toString() })) });
    await tx.update(loans).set({ status, defaultedAt: new Date(), updatedAt: new Date() }).where(eq(loans.id, loanId));
    appStatus = next("pledge_application", applicationLifecycle, appStatus, "startDisposal");
    await tx.update(pledgeApplications).set({ status: appStatus, updatedAt: new Date() }).where(eq(pledgeApplications.id, app.id));
    const assets = await tx.select({ assetId: applicationAssets.assetId }).from(applicationAssets).where(eq(applicationAssets.applicationId, app.id));
    const listingId = await listForDisposal(tx, actor, app.id, assets.map((a) => a.assetId));
    await tx.insert(collateralDisposals).values(assets.map((a) => ({ applicationId: app.id, assetId: a.assetId, bankOrgId: loan.bankOrgId, listingId })))
      .onConflictDoNothing({ target: [collateralDisposals.applicationId, collateralDisposals.assetId] });
    const auditId = await audit(tx, actor, { action: "financing.loan-defaulted", entityType: "loan", entityId: loanId, orgId: loan.enterpriseOrgId,
      before: { status: loan.status, applicationStatus: app.status }, after: { status, applicationStatus: appStatus, lossFen: loss.toString(), scheme: scheme?.code ?? null } });
    await notice(tx, loan.enterpriseOrgId, "financing.notice.defaulted", {}, `/financing/applications/${app.id}`, `default:${auditId}`);
    await emitDomainEvent(tx, { type: "loan.defaulted", subjectType: "loan", subjectId: loanId, orgIds: [loan.bankOrgId], payload: { applicationId: app.id, loanId }, dedupeKey: loanId });
    return { status, applicationStatus: appStatus, lossFen: loss, parts };
  });
}

/**
 * Puts the pledged assets on the marketplace for transfer, the bank disposing on the owner's
 * behalf (submitted for the platform's review). In a savepoint: if the market refuses (say, an
 * asset lapsed), the default still stands and the bank lists by hand.
 */
async function listForDisposal(tx: Executor, actor: Actor, applicationId: string, assetIds: string[]): Promise<string | null> {
  const rows = await tx.select({ title: ipAssets.title, number: ipAssets.number }).from(ipAssets).where(inArray(ipAssets.id, assetIds));
  const input = ListingFormSchema.safeParse({
    assetIds, mode: "transfer", priceMode: "negotiable", evaluationReport: false, intent: "submit",
    title: `质物处置：${rows.map((r) => r.title).join("、")}`.slice(0, 200),
    titleEn: `Collateral disposal: ${rows.map((r) => r.number).join(", ")}`.slice(0, 300),
    description: `质押融资申请 ${applicationId} 违约后由质权人银行处置。`,
  });
  if (!input.success) return null;
  try {
    return await (tx as Db).transaction(async (sp) => (await createListing(actor, input.data, { disposingFor: { assetIds }, submit: true, tx: sp })).id);
  } catch (e) {
    if (e instanceof ServiceError) return null;
    throw e;
  }
}

/** Closes a disposal: the application closes and the pledge is released (the registration and its encumbrances). */
async function finishDisposal(tx: Executor, actor: Actor, app: { id: string; status: ApplicationStatus; enterpriseOrgId: string }, cause: Record<string, string>) {
  const status = next("pledge_application", applicationLifecycle, app.status, "close");
  await tx.update(pledgeApplications).set({ status, updatedAt: new Date() }).where(eq(pledgeApplications.id, app.id));
  await releasePledge(tx, app.id, shanghaiDate());
  await audit(tx, actor, { action: "financing.disposal-closed", entityType: "pledge_application", entityId: app.id, orgId: app.enterpriseOrgId, before: { status: app.status }, after: { status, ...cause } });
  return status;
}

/**
 * The collateral was sold through its disposal listing (the transfer deal completed): every disposal
 * that listing served closes in the same transaction as the ownership moves, so the buyer never holds
 * an asset still pledged to the seller's bank. Idempotent: a closed disposal is left alone.
 */
export async function closeDisposalsSoldBy(tx: Executor, actor: Actor, listingId: string, deal: { id: string; priceFen: bigint }) {
  const dealId = deal.id;
  const rows = await tx.selectDistinct({ applicationId: collateralDisposals.applicationId }).from(collateralDisposals).where(eq(collateralDisposals.listingId, listingId));
  const sold: string[] = [];
  for (const { applicationId } of rows) {
    const app = await loadApplication(tx, applicationId, { lock: true });
    if (app.status !== "in_disposal") continue;
    sold.push(app.id);
    await finishDisposal(tx, actor, app, { soldBy: dealId });
    const [loan] = await tx.select({ bankOrgId: loans.bankOrgId }).from(loans).where(eq(loans.applicationId, app.id));
    await notice(tx, app.enterpriseOrgId, "financing.notice.disposalSold", {}, `/financing/applications/${app.id}`, `disposal-sold:${app.id}`);
    if (loan) {
      await notice(tx, loan.bankOrgId, "financing.notice.disposalSold", {}, `/bank/applications/${app.id}`, `disposal-sold:${app.id}`);
      await emitDomainEvent(tx, { type: "disposal.sold", subjectType: "pledge_application", subjectId: app.id, orgIds: [loan.bankOrgId], payload: { applicationId: app.id, dealId }, dedupeKey: app.id });
    }
  }
  // The sale price is a recovery on the loan: it reduces the loss, and paid claims get their share back.
  await recoverFromDisposalSale(tx, actor, sold, deal);
}

/** Disposal finished another way (licensed through the marketplace, or sold off it): the bank closes it by hand. */
export async function closeDisposal(actor: Actor, loanId: string) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const loan = await loadLoan(tx, loanId, true);
    requireCan(actor, "financing.loan.manage", ref(loan));
    const app = await loadApplication(tx, loan.applicationId, { lock: true });
    return { status: await finishDisposal(tx, actor, app, { by: "bank" }) };
  });
}
