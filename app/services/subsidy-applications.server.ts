import { asc, eq, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/client.server";
import { organizations, parks, subsidyApplications, subsidyBudgetEntries, subsidyProgrammes } from "#db/schema/index";
import { shanghaiDate } from "#app/domain/dates";
import { isUuid } from "#app/domain/ids";
import { subsidyApplicationLifecycle } from "#app/domain/public-money/lifecycles";
import { windowOpen } from "#app/domain/public-money/subsidy";
import type { Actor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { isUniqueViolation, next, notice, userId } from "./financing-shared.server";
import { audit } from "./operations.server";
import { assessEnterprise, assessmentJson } from "./subsidy-eligibility.server";

/**
 * A subsidy application's life: the enterprise applies in one step (the amount and the evidence come
 * from its records), an admin approves in full or in part (with a reason) or rejects, and records the
 * payout. Approval commits the amount against the programme's budget and the payout pays it, each a
 * row of the budget ledger that exists once per application: the programme row is locked while the
 * budget is checked, so two approvals (of one application or of two) never overspend it.
 */
export type SubsidyApplicationRow = typeof subsidyApplications.$inferSelect;

async function loadProgramme(exec: Executor, id: string, lock = false) {
  if (!isUuid(id)) throw new ServiceError(404, "errors.notFound");
  const q = exec.select().from(subsidyProgrammes).where(eq(subsidyProgrammes.id, id));
  const [p] = lock ? await q.for("update") : await q;
  if (!p) throw new ServiceError(404, "errors.notFound");
  return p;
}

async function loadApplication(exec: Executor, id: string, lock = false) {
  if (!isUuid(id)) throw new ServiceError(404, "errors.notFound");
  const q = exec.select().from(subsidyApplications).where(eq(subsidyApplications.id, id));
  const [a] = lock ? await q.for("update") : await q;
  if (!a) throw new ServiceError(404, "errors.notFound");
  return a;
}

/** Committed (approved, paid or not) and paid so far, from the budget ledger. */
export async function budgetUse(exec: Executor, programmeId: string) {
  const [r] = await exec.select({
    committed: sql<string>`coalesce(sum(${subsidyBudgetEntries.amountFen}) filter (where ${subsidyBudgetEntries.kind} = 'commit'), 0)::text`,
    paid: sql<string>`coalesce(sum(${subsidyBudgetEntries.amountFen}) filter (where ${subsidyBudgetEntries.kind} = 'payout'), 0)::text`,
  }).from(subsidyBudgetEntries).where(eq(subsidyBudgetEntries.programmeId, programmeId));
  return { committedFen: BigInt(r?.committed ?? 0), paidFen: BigInt(r?.paid ?? 0) };
}

export async function applyForSubsidy(actor: Actor, programmeId: string) {
  requireCan(actor, "subsidy.apply");
  const orgId = (actor as { orgId: string }).orgId;
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const p = await loadProgramme(tx, programmeId);
      if (p.status !== "open" || !windowOpen(p, shanghaiDate())) throw new ServiceError(409, "subsidy.errors.windowClosed");
      const { assessment, evidence } = await assessEnterprise(tx, p, orgId);
      if (!assessment.eligible) throw new ServiceError(409, "subsidy.errors.notEligible");
      if (evidence.missing.length) throw new ServiceError(409, "subsidy.errors.missingDocuments");
      const [row] = await tx.insert(subsidyApplications).values({
        programmeId: p.id, enterpriseOrgId: orgId, requestedFen: assessment.amountFen, assessment: assessmentJson(assessment), evidence, appliedBy: userId(actor),
      }).returning({ id: subsidyApplications.id, status: subsidyApplications.status });
      await audit(tx, actor, { action: "subsidy.applied", entityType: "subsidy_application", entityId: row!.id, orgId, after: { programmeId: p.id, requestedFen: assessment.amountFen.toString() } });
      return { id: row!.id, status: row!.status, requestedFen: assessment.amountFen };
    });
  } catch (e) {
    if (isUniqueViolation(e, "subsidy_applications_one_live")) throw new ServiceError(409, "subsidy.errors.alreadyApplied");
    throw e;
  }
}

export async function withdrawSubsidyApplication(actor: Actor, applicationId: string) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const a = await loadApplication(tx, applicationId, true);
    requireCan(actor, "subsidy.application.withdraw", a);
    const status = next("subsidy_application", subsidyApplicationLifecycle, a.status, "withdraw");
    await tx.update(subsidyApplications).set({ status, updatedAt: new Date() }).where(eq(subsidyApplications.id, a.id));
    await audit(tx, actor, { action: "subsidy.withdrawn", entityType: "subsidy_application", entityId: a.id, orgId: a.enterpriseOrgId, before: { status: a.status }, after: { status } });
    return { id: a.id, status };
  });
}

export type SubsidyDecision =
  | { intent: "approve"; amount: bigint; reason?: string | null }
  | { intent: "reject"; reason: string }
  | { intent: "pay"; paidOn: string; reference: string };

/** An admin decides (approve in full or in part, reject) or records the payout; every decision audited. */
export async function decideSubsidy(actor: Actor, applicationId: string, d: SubsidyDecision) {
  requireCan(actor, "subsidy.application.decide");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const a = await loadApplication(tx, applicationId, true);
    const status = next("subsidy_application", subsidyApplicationLifecycle, a.status, d.intent);
    const now = new Date();
    const who = { decidedBy: userId(actor), decidedAt: now, updatedAt: now };
    let after: Record<string, unknown> = { status };
    if (d.intent === "approve") {
      if (d.amount > a.requestedFen) throw new ServiceError(400, "errors.fixBelow", { amount: ["subsidy.errors.overRequested"] });
      if (d.amount < a.requestedFen && !d.reason) throw new ServiceError(400, "errors.fixBelow", { reason: ["subsidy.errors.partialReason"] });
      // The programme row is the budget's lock: approvals of one programme queue here.
      const p = await loadProgramme(tx, a.programmeId, true);
      const use = await budgetUse(tx, p.id);
      if (use.committedFen + d.amount > p.budgetFen) throw new ServiceError(409, "subsidy.errors.overBudget", {}, { left: (p.budgetFen - use.committedFen).toString() });
      await tx.insert(subsidyBudgetEntries).values({ programmeId: p.id, applicationId: a.id, kind: "commit", amountFen: d.amount, createdBy: userId(actor) });
      await tx.update(subsidyApplications).set({ status, approvedFen: d.amount, decisionReason: d.reason || null, ...who }).where(eq(subsidyApplications.id, a.id));
      after = { status, approvedFen: d.amount.toString(), partial: d.amount < a.requestedFen, reason: d.reason || null };
    } else if (d.intent === "reject") {
      await tx.update(subsidyApplications).set({ status, decisionReason: d.reason, ...who }).where(eq(subsidyApplications.id, a.id));
      after = { status, reason: d.reason };
    } else {
      if (d.paidOn > shanghaiDate()) throw new ServiceError(400, "errors.fixBelow", { paidOn: ["subsidy.errors.future"] });
      await tx.insert(subsidyBudgetEntries).values({ programmeId: a.programmeId, applicationId: a.id, kind: "payout", amountFen: a.approvedFen!, createdBy: userId(actor) });
      await tx.update(subsidyApplications).set({ status, paidFen: a.approvedFen, paidOn: d.paidOn, paymentReference: d.reference, updatedAt: now }).where(eq(subsidyApplications.id, a.id));
      after = { status, paidFen: a.approvedFen!.toString(), paidOn: d.paidOn, reference: d.reference };
    }
    const auditId = await audit(tx, actor, { action: `subsidy.${d.intent === "approve" ? "approved" : d.intent === "reject" ? "rejected" : "paid"}`, entityType: "subsidy_application", entityId: a.id,
      orgId: a.enterpriseOrgId, before: { status: a.status, requestedFen: a.requestedFen.toString() }, after });
    await notice(tx, a.enterpriseOrgId, `subsidy.notice.${d.intent}`, { reason: "reason" in d ? (d.reason ?? "") : "" }, "/subsidies", `subsidy:${auditId}`);
    return { id: a.id, status };
  });
}

/** A programme's applications for its admins, waiting ones first, with the enterprise's park. */
export async function listProgrammeApplications(actor: Actor, programmeId: string) {
  requireCan(actor, "subsidy.application.decide");
  const db = await getDb();
  const p = await loadProgramme(db, programmeId);
  const rows = await db.select({
    id: subsidyApplications.id, status: subsidyApplications.status, requestedFen: subsidyApplications.requestedFen, approvedFen: subsidyApplications.approvedFen,
    paidFen: subsidyApplications.paidFen, paidOn: subsidyApplications.paidOn, paymentReference: subsidyApplications.paymentReference, decisionReason: subsidyApplications.decisionReason,
    assessment: subsidyApplications.assessment, evidence: subsidyApplications.evidence, createdAt: subsidyApplications.createdAt,
    enterpriseName: organizations.name, uscc: organizations.uscc, parkZh: parks.nameZh, parkEn: parks.nameEn,
  }).from(subsidyApplications).innerJoin(organizations, eq(organizations.id, subsidyApplications.enterpriseOrgId)).leftJoin(parks, eq(parks.id, organizations.parkId))
    .where(eq(subsidyApplications.programmeId, p.id))
    .orderBy(sql`${subsidyApplications.status} = 'submitted' desc`, sql`${subsidyApplications.status} = 'approved' desc`, asc(subsidyApplications.createdAt)).limit(500);
  return { programme: p, budget: await budgetUse(db, p.id), applications: rows };
}

/** One application for its enterprise (or an admin). */
export async function getSubsidyApplication(actor: Actor, id: string) {
  const db = await getDb();
  const a = await loadApplication(db, id);
  requireCan(actor, "subsidy.application.view", a);
  const p = await loadProgramme(db, a.programmeId);
  return { application: a, programme: p };
}
