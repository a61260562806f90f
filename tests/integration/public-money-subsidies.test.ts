import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditEvents, repayments, subsidyBudgetEntries } from "#db/schema/index";
import { addDays, shanghaiDate, yearOf } from "#app/domain/dates";
import { ProgrammeSchema } from "#app/domain/forms/public-money";
import { decideSubsidy, applyForSubsidy, getSubsidyApplication, listProgrammeApplications } from "#app/services/subsidy-applications.server";
import { listProgrammesForEnterprise } from "#app/services/subsidy-eligibility.server";
import { createProgramme, setProgrammeStatus, subsidyDashboard, subsidyExportBatches } from "#app/services/subsidy-programmes.server";
import { createAdmin, createOrg } from "#tests/support/factories";
import { disbursedLoan } from "#tests/support/public-money";

const year = yearOf(shanghaiDate());

/** The Beijing example as an open programme for last year's interest, with a budget in 元. */
async function beijingProgramme(admin: Awaited<ReturnType<typeof createAdmin>>, budget: string, over: Record<string, unknown> = {}) {
  const input = ProgrammeSchema.parse({
    code: `bj-${Math.random().toString(36).slice(2, 10)}`, nameZh: "测试贴息", nameEn: "Test interest subsidy", issuer: "测试区知识产权局",
    kind: "interest", basis: "interest_paid", share: "50", ceilingMarkup: "40", cap: "300000", conditions: ["registered", "settled_in_period"],
    documents: ["loan_contract", "pledge_registration", "repayment_records"], periodStart: `${year - 1}-01-01`, periodEnd: `${year - 1}-12-31`,
    opensOn: addDays(shanghaiDate(), -1), closesOn: addDays(shanghaiDate(), 30), budget, ...over,
  });
  const { id } = await createProgramme(admin.actor, input);
  await setProgrammeStatus(admin.actor, id, "open");
  return id;
}

/** A ¥1,000,000 loan at 3.80 % over 6 months, disbursed and settled last year. */
const settledLastYear = () => disbursedLoan({ disbursedOn: `${year - 1}-03-10`, paid: 6, termMonths: 6 });

async function interestPaid(loanId: string) {
  const db = await getDb();
  const rows = await db.select().from(repayments).where(eq(repayments.loanId, loanId));
  return rows.flatMap((r) => r.allocation as Array<{ interestFen: string }>).reduce((a, x) => a + BigInt(x.interestFen), 0n);
}

describe("subsidy programmes", () => {
  it("compute the enterprise's amount from its own repayments: half the interest paid (its 3.80 % is under the LPR + 40 % ceiling)", async () => {
    const admin = await createAdmin();
    const programmeId = await beijingProgramme(admin, "1000000");
    const { ent, loanId } = await settledLastYear();
    const paid = await interestPaid(loanId);
    expect(paid).toBeGreaterThan(0n);
    const view = await listProgrammesForEnterprise(ent.actor);
    const p = view.programmes.find((x) => x.programme.id === programmeId)!;
    expect(p.assessment.lines).toHaveLength(1);
    expect(p.assessment.lines[0]).toMatchObject({ basisFen: paid, countedFen: paid, amountFen: paid / 2n, failed: [] });
    expect(p.missing).toEqual([]);
  });

  it("apply, approve in part with a reason and pay: the budget moves once even when the approval and the payout are each submitted twice at once", async () => {
    const admin = await createAdmin();
    const programmeId = await beijingProgramme(admin, "1000000");
    const { ent, loanId } = await settledLastYear();
    const requested = (await interestPaid(loanId)) / 2n;
    const app = await applyForSubsidy(ent.actor, programmeId);
    expect(app).toMatchObject({ status: "submitted", requestedFen: requested });
    await expect(applyForSubsidy(ent.actor, programmeId)).rejects.toMatchObject({ status: 409, messageKey: "subsidy.errors.alreadyApplied" });

    const part = requested - 1_000n;
    await expect(decideSubsidy(admin.actor, app.id, { intent: "approve", amount: part })).rejects.toMatchObject({ status: 400, fieldErrors: { reason: ["subsidy.errors.partialReason"] } });
    await expect(decideSubsidy(admin.actor, app.id, { intent: "approve", amount: requested + 1n, reason: "x" })).rejects.toMatchObject({ status: 400 });
    const approvals = await Promise.allSettled([1, 2].map(() => decideSubsidy(admin.actor, app.id, { intent: "approve", amount: part, reason: "一笔利息凭证不全" })));
    expect(approvals.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(approvals.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.status)).toEqual([409]);

    const payouts = await Promise.allSettled([1, 2].map(() => decideSubsidy(admin.actor, app.id, { intent: "pay", paidOn: shanghaiDate(), reference: "CZ-2026-001" })));
    expect(payouts.filter((r) => r.status === "fulfilled")).toHaveLength(1);

    const db = await getDb();
    const entries = await db.select().from(subsidyBudgetEntries).where(eq(subsidyBudgetEntries.applicationId, app.id));
    expect(entries.map((e) => [e.kind, e.amountFen]).sort()).toEqual([["commit", part], ["payout", part]]);
    const queue = await listProgrammeApplications(admin.actor, programmeId);
    expect(queue.budget).toEqual({ committedFen: part, paidFen: part });
    expect(queue.applications[0]).toMatchObject({ status: "paid", approvedFen: part, paidFen: part, decisionReason: "一笔利息凭证不全", paymentReference: "CZ-2026-001" });
    const dash = await subsidyDashboard(admin.actor);
    const row = dash.programmes.find((x) => x.programme.id === programmeId)!;
    expect(row).toMatchObject({ committedFen: part, paidFen: part, remainingFen: 100_000_000n - part });
    expect(row.byPark.reduce((a, r) => a + r.paidFen, 0n)).toBe(part);
    // Every decision is in the audit log.
    const audited = await db.select({ action: auditEvents.action }).from(auditEvents).where(and(eq(auditEvents.entityType, "subsidy_application"), eq(auditEvents.entityId, app.id)));
    expect(audited.map((a) => a.action).sort()).toEqual(["subsidy.applied", "subsidy.approved", "subsidy.paid"]);
    // The finance bureau's export carries the payout to the fen.
    const batch = await subsidyExportBatches(admin.actor, programmeId)(null);
    expect(batch.rows).toHaveLength(1);
    expect(batch.rows[0]).toMatchObject({ status: "paid", approved_fen: part.toString(), paid_fen: part.toString(), payment_reference: "CZ-2026-001" });
  });

  it("never approves beyond the budget, however many approvals race for it", async () => {
    const admin = await createAdmin();
    const loans = await Promise.all([settledLastYear(), settledLastYear(), settledLastYear()]);
    const each = (await interestPaid(loans[0]!.loanId)) / 2n;
    // Room for exactly two of the three.
    const programmeId = await beijingProgramme(admin, ((each * 2n + 99n) / 100n).toString());
    const apps = await Promise.all(loans.map((l) => applyForSubsidy(l.ent.actor, programmeId)));
    const results = await Promise.allSettled(apps.map((a) => decideSubsidy(admin.actor, a.id, { intent: "approve", amount: a.requestedFen })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ status: 409, messageKey: "subsidy.errors.overBudget" });
  });

  it("refuse a loan not settled in the period, and show one enterprise's application to nobody else", async () => {
    const admin = await createAdmin();
    const programmeId = await beijingProgramme(admin, "1000000");
    const open = await disbursedLoan({ disbursedOn: `${year - 1}-09-10`, paid: 3 });
    const view = await listProgrammesForEnterprise(open.ent.actor);
    const p = view.programmes.find((x) => x.programme.id === programmeId)!;
    expect(p.assessment.lines[0]!.failed).toEqual(["settled_in_period"]);
    await expect(applyForSubsidy(open.ent.actor, programmeId)).rejects.toMatchObject({ status: 409, messageKey: "subsidy.errors.notEligible" });

    const { ent } = await settledLastYear();
    const app = await applyForSubsidy(ent.actor, programmeId);
    const stranger = await createOrg();
    await expect(getSubsidyApplication(stranger.actor, app.id)).rejects.toMatchObject({ status: 404 });
    await expect(decideSubsidy(ent.actor, app.id, { intent: "approve", amount: 1n })).rejects.toMatchObject({ status: 403 });
    const bank = await createOrg({ kind: "bank" });
    await expect(listProgrammesForEnterprise(bank.actor)).rejects.toMatchObject({ status: 403 });
  });

  it("take no application outside the window", async () => {
    const admin = await createAdmin();
    const programmeId = await beijingProgramme(admin, "1000000", { opensOn: addDays(shanghaiDate(), 5), closesOn: addDays(shanghaiDate(), 30) });
    const { ent } = await settledLastYear();
    await expect(applyForSubsidy(ent.actor, programmeId)).rejects.toMatchObject({ status: 409, messageKey: "subsidy.errors.windowClosed" });
  });
});
