import { and, eq, inArray, ne } from "drizzle-orm";
import { getDb, type Executor } from "#db/client.server";
import { applicationAssets, bankReviews, ipAssets, matches, pledgeApplications } from "#db/schema/index";
import { bestLoanCap } from "#app/domain/financing/loan-cap";
import { applicationLifecycle, type ApplicationStatus } from "#app/domain/financing/lifecycle";
import type { Actor } from "#app/domain/policy/index";
import { canTransition } from "#app/domain/state-machine";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { listActiveProducts, toMatchProduct } from "./bank-products.server";
import { applicationAssetIds, applicationRef, loadApplication, next, notice, precheckApplication, storePrecheck, type ApplicationRow } from "./financing-shared.server";
import { audit } from "./operations.server";
import { queueMatching } from "./pledge-applications.server";
import { valuationFigures, valuationForApplication } from "./pledge-valuation.server";
import { applicationReceivableIds } from "./receivable-pledges.server";

export type ApplicationEdit = { assetIds: string[]; amount: bigint; termMonths: number; purpose: string };

/** The refusal once a bank reviews: a 409 with a message the enterprise reads. */
const editRefused = () => new ServiceError(409, "financing.edit.refused");

/** May the enterprise still edit it? Until the first bank starts its review (the lifecycle's `edit`). */
export async function mayEditApplication(exec: Executor, app: Pick<ApplicationRow, "id" | "status">): Promise<boolean> {
  if (!canTransition(applicationLifecycle, app.status, "edit")) return false;
  const started = await exec.select({ id: bankReviews.id }).from(bankReviews)
    .where(and(eq(bankReviews.applicationId, app.id), ne(bankReviews.status, "new"))).limit(1);
  return started.length === 0;
}

/**
 * The enterprise changes the amount, term, assets or purpose of its application while no bank has
 * started its review. The pre-check runs again; a draft stays a draft. A submitted application goes
 * back to valuating (a valuation of the new asset set is reused or requested), its matches are
 * dropped and it is matched afresh once its valuation is ready; the banks it was routed to keep
 * their routes (told of the edit) until that matching drops the banks it no longer fits;
 * a submitted application must still pass the pre-check (422). Once a bank reviews: 409. Another
 * organisation's application or asset: 404 / 400, as if it did not exist. An edit that changes
 * nothing changes nothing (no new pre-check, no audit row).
 */
export async function editApplication(actor: Actor, id: string, input: ApplicationEdit, opts: { locale?: string } = {}) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const app = await loadApplication(tx, id, { lock: true });
    requireCan(actor, "financing.application.manage", await applicationRef(tx, app));
    if (!(await mayEditApplication(tx, app))) throw editRefused();
    const assetIds = [...new Set(input.assetIds)].sort();
    const before = await applicationAssetIds(tx, id);
    const unchanged = before.join(",") === assetIds.join(",") && app.amountFen === input.amount && app.termMonths === input.termMonths && app.purpose === input.purpose;
    if (unchanged) return { id, status: app.status, changed: false };
    const own = assetIds.length
      ? await tx.select({ id: ipAssets.id }).from(ipAssets).where(and(inArray(ipAssets.id, assetIds), eq(ipAssets.ownerOrgId, app.enterpriseOrgId)))
      : [];
    if (own.length !== assetIds.length) throw new ServiceError(400, "errors.fixBelow", { assetIds: ["financing.errors.assetNotYours"] });
    const receivables = await applicationReceivableIds(tx, id);
    if (!assetIds.length && !receivables.length) throw new ServiceError(400, "errors.fixBelow", { assetIds: ["financing.errors.pickAsset"] });

    let status: ApplicationStatus = next("pledge_application", applicationLifecycle, app.status, "edit");
    const now = new Date();
    await tx.delete(applicationAssets).where(eq(applicationAssets.applicationId, id));
    if (assetIds.length) await tx.insert(applicationAssets).values(assetIds.map((assetId) => ({ applicationId: id, assetId })));
    const edited = { ...app, amountFen: input.amount, termMonths: input.termMonths, purpose: input.purpose };
    const report = await precheckApplication(tx, edited);
    await storePrecheck(tx, id, "edit", report);
    if (status !== "draft" && !report.ok && assetIds.length) throw new ServiceError(422, "financing.errors.precheckFailed");
    const valuation = assetIds.length ? await valuationForApplication(tx, actor, app, assetIds, opts.locale ?? "zh-CN") : { valuationId: null };
    let ready = false;
    const routedBanks = status !== "draft"
      ? (await tx.select({ bankOrgId: bankReviews.bankOrgId }).from(bankReviews).where(eq(bankReviews.applicationId, id))).map((r) => r.bankOrgId)
      : [];
    if (status !== "draft") {
      // The old matches say nothing of the new terms. The banks' routes (none opened yet) stay, so a
      // bank's links answer the application as it now is; matching afresh keeps or drops each route.
      await tx.delete(matches).where(eq(matches.applicationId, id));
      const figures = await valuationFigures(tx, valuation.valuationId);
      ready = !assetIds.length || figures?.status === "completed";
      if (ready) status = next("pledge_application", applicationLifecycle, status, "valuationReady");
    }
    await tx.update(pledgeApplications).set({
      amountFen: input.amount, termMonths: input.termMonths, purpose: input.purpose, valuationId: valuation.valuationId, status, updatedAt: now,
    }).where(eq(pledgeApplications.id, id));
    const auditId = await audit(tx, actor, {
      action: "financing.application-edited", entityType: "pledge_application", entityId: id, orgId: app.enterpriseOrgId,
      before: { status: app.status, amountFen: app.amountFen.toString(), termMonths: app.termMonths, purpose: app.purpose, assetIds: before },
      after: { status, amountFen: input.amount.toString(), termMonths: input.termMonths, purpose: input.purpose, assetIds, precheckOk: report.ok, valuationId: valuation.valuationId },
    });
    for (const bankOrgId of routedBanks) {
      await notice(tx, bankOrgId, "financing.notice.applicationEdited", {}, `/bank/applications/${id}`, `edited:${auditId}`);
    }
    if (ready) await queueMatching(tx, id, `edited:${auditId}`);
    return { id, status, changed: true };
  });
}

export type LoanCapPreview =
  | { state: "none" }
  | { state: "valuating" | "needs_input" | "failed" | "expired"; valuationId: string }
  | { state: "ready"; valuationId: string; lowFen: bigint; highFen: bigint; capFen: bigint | null; products: number };

/**
 * What the application page shows before submitting (and until a bank reviews): the loan cap from
 * the valuation's low value and the active products' pledge rates, or where the valuation stands —
 * never ¥0.00 for a valuation that lacks inputs.
 */
export async function loanCapPreview(exec: Executor, app: Pick<ApplicationRow, "id" | "valuationId">): Promise<LoanCapPreview> {
  const v = await valuationFigures(exec, app.valuationId);
  if (!v) return { state: "none" };
  if (v.status === "queued" || v.status === "running") return { state: "valuating", valuationId: v.id };
  if (v.status === "needs_input" || v.status === "failed") return { state: v.status, valuationId: v.id };
  if (v.status !== "completed" || v.lowFen === null || v.highFen === null) return { state: "expired", valuationId: v.id };
  const assets = await exec.select({ id: ipAssets.id, kind: ipAssets.kind }).from(applicationAssets)
    .innerJoin(ipAssets, eq(ipAssets.id, applicationAssets.assetId)).where(eq(applicationAssets.applicationId, app.id));
  assets.sort((a, b) => (a.id < b.id ? -1 : 1));
  const products = (await listActiveProducts(exec)).map(toMatchProduct);
  const cap = bestLoanCap(v.lowFen, assets.map((a) => ({ kind: a.kind, ownLowFen: v.perAssetLowFen.get(a.id) ?? null })), products);
  return { state: "ready", valuationId: v.id, lowFen: v.lowFen, highFen: v.highFen, capFen: cap?.capFen ?? null, products: cap?.products ?? 0 };
}

/**
 * What the enterprise's application page adds to the view: the loan cap (or where the valuation
 * stands) and whether it may still edit. Only the applicant sees it (another organisation: 404).
 */
export async function getApplicationPanel(actor: Actor, id: string) {
  const db = await getDb();
  const app = await loadApplication(db, id);
  requireCan(actor, "financing.application.manage", await applicationRef(db, app));
  const [preview, mayEdit, assetIds] = await Promise.all([loanCapPreview(db, app), mayEditApplication(db, app), applicationAssetIds(db, id)]);
  return { preview, mayEdit, assetIds };
}
