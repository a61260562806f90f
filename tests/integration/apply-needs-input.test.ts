import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditEvents, notifications, pledgeApplications, valuations } from "#db/schema/index";
import { startReview } from "#app/services/bank-review.server";
import { runMatching } from "#app/services/matching.server";
import { editApplication, loanCapPreview } from "#app/services/pledge-application-edit.server";
import { createApplication, submitApplication } from "#app/services/pledge-applications.server";
import { answerValuationInputs } from "#app/services/valuation-answers.server";
import { requestValuation } from "#app/services/valuations.server";
import { processValuation } from "#jobs/processors/valuation";
import type { JobContext } from "#jobs/processors/types";
import { createAsset, createOrg } from "#tests/support/factories";
import { createPark, createProduct } from "#tests/support/financing";

/** The embedded runner's view of the `run` job: the steps one after another, in-process. */
async function run(valuationId: string, attempt: number) {
  const ctx: JobContext = { id: `t.run.${valuationId}.${attempt}`, name: "run", attemptsMade: 0, db: await getDb(), updateProgress: async () => {}, log: () => {} };
  return processValuation({ valuationId, attempt }, ctx);
}

async function valuationRow(id: string) {
  const [v] = await (await getDb()).select().from(valuations).where(eq(valuations.id, id));
  return v!;
}

describe("a valuation without the inputs it needs", () => {
  it("ends in needs_input naming the missing inputs, never completed at ¥0.00 – ¥0.00; the owner is told", async () => {
    const org = await createOrg();
    const asset = await createAsset({ ownerOrgId: org.orgId });
    const { id } = await requestValuation(org.actor, { assetIds: [asset.id], purpose: "pledge", locale: "zh-CN" });
    await run(id, 1);
    const v = await valuationRow(id);
    expect([v.status, v.statusReason]).toEqual(["needs_input", "needs_input:annualRevenueFen,rdCostFen,rdCostYear"]);
    expect([v.lowValue, v.baseValue, v.highValue, v.result, v.completedAt]).toEqual([null, null, null, null, null]);
    const db = await getDb();
    expect(await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "valuation.needs-input")))).toHaveLength(1);
    expect(await db.select().from(notifications).where(and(eq(notifications.userId, org.userId), eq(notifications.kind, "valuation.notify.needsInput")))).toHaveLength(1);
  });

  it("resumes once the inputs are given and completes with a range above zero; the same form sent twice changes nothing", async () => {
    const org = await createOrg();
    const asset = await createAsset({ ownerOrgId: org.orgId });
    const { id } = await requestValuation(org.actor, { assetIds: [asset.id], purpose: "pledge", locale: "en" });
    await run(id, 1);
    const first = await answerValuationInputs(org.actor, id, { annualRevenueFen: 800_000_000n }, 1);
    expect(first).toMatchObject({ status: "queued", attempt: 2 });
    // The second submission of the form that showed attempt 1: nothing moves.
    expect(await answerValuationInputs(org.actor, id, { annualRevenueFen: 800_000_000n }, 1)).toMatchObject({ status: "queued", attempt: 2 });
    await run(id, 1); // a late job of the old attempt is superseded
    await run(id, 2);
    const v = await valuationRow(id);
    expect(v.status).toBe("completed");
    expect(v.lowValue! > 0n && v.highValue! >= v.lowValue!).toBe(true);
    expect(v.questionnaire).toMatchObject({ annualRevenueFen: "800000000" });
    expect(await (await getDb()).select().from(auditEvents).where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "valuation.inputs-given")))).toHaveLength(1);
    // No longer waiting: answering again for the current attempt is a conflict.
    await expect(answerValuationInputs(org.actor, id, { rdCostFen: 100_000_00n }, 2)).rejects.toMatchObject({ status: 409 });
  });

  it("refuses answers with neither sales nor R&D cost (400 with field messages), and another organisation's valuation (404)", async () => {
    const org = await createOrg();
    const stranger = await createOrg();
    const asset = await createAsset({ ownerOrgId: org.orgId });
    const { id } = await requestValuation(org.actor, { assetIds: [asset.id], purpose: "pledge", locale: "zh-CN" });
    await run(id, 1);
    await expect(answerValuationInputs(org.actor, id, { rdCostYear: 2020 }, 1))
      .rejects.toMatchObject({ status: 400, fieldErrors: { annualRevenue: ["valuation.needsInput.oneOf"], rdCost: ["valuation.needsInput.oneOf"] } });
    await expect(answerValuationInputs(stranger.actor, id, { annualRevenueFen: 1n }, 1)).rejects.toMatchObject({ status: 404 });
    expect((await valuationRow(id)).status).toBe("needs_input");
  });
});

describe("a pledge application applied for without a valuation", () => {
  async function setting() {
    const parkId = await createPark();
    const ent = await createOrg({ kind: "enterprise", industry: "integrated_circuits", parkId });
    const asset = await createAsset({ ownerOrgId: ent.orgId });
    const bank = await createOrg({ kind: "bank" });
    await createProduct(bank.orgId, { eligibleParkIds: [parkId] });
    return { ent, asset, bank };
  }

  it("shows 'needs inputs' before submitting, then the loan cap once they are given; edits until a bank reviews, then 409", async () => {
    const { ent, asset, bank } = await setting();
    const { id } = await createApplication(ent.actor, { assetIds: [asset.id], amount: 500_000_00n, termMonths: 12, purpose: "研发投入" });
    const db = await getDb();
    const [draft] = await db.select().from(pledgeApplications).where(eq(pledgeApplications.id, id));
    expect(draft!.valuationId).not.toBeNull();
    expect(await loanCapPreview(db, draft!)).toEqual({ state: "valuating", valuationId: draft!.valuationId });
    await run(draft!.valuationId!, 1);
    expect(await loanCapPreview(db, draft!)).toEqual({ state: "needs_input", valuationId: draft!.valuationId });

    await answerValuationInputs(ent.actor, draft!.valuationId!, { annualRevenueFen: 3_000_000_000n, rdCostFen: 500_000_000n, rdCostYear: 2021 }, 1);
    await run(draft!.valuationId!, 2);
    const preview = await loanCapPreview(db, draft!);
    expect(preview.state).toBe("ready");
    const v = await valuationRow(draft!.valuationId!);
    // The product lends 30 % of an invention's low value.
    expect(preview).toMatchObject({ lowFen: v.lowValue, capFen: (v.lowValue! * 3000n) / 10_000n, products: 1 });
    expect((preview as { capFen: bigint }).capFen > 0n).toBe(true);

    // A draft is edited in place and stays a draft.
    expect(await editApplication(ent.actor, id, { assetIds: [asset.id], amount: 400_000_00n, termMonths: 18, purpose: "研发投入与设备" }))
      .toMatchObject({ status: "draft", changed: true });
    const submitted = await submitApplication(ent.actor, id);
    expect(submitted).toMatchObject({ status: "matching", valuationId: draft!.valuationId, valuationReused: true });
    await runMatching(db, id);

    // Matched, no bank has opened it: still editable; it is matched again.
    const edited = await editApplication(ent.actor, id, { assetIds: [asset.id], amount: 450_000_00n, termMonths: 18, purpose: "研发投入与设备" });
    expect(edited).toMatchObject({ status: "matching", changed: true });
    expect((await runMatching(db, id)).status).toBe("matched");
    const [row] = await db.select().from(pledgeApplications).where(eq(pledgeApplications.id, id));
    expect([row!.amountFen, row!.termMonths]).toEqual([450_000_00n, 18]);

    await startReview(bank.actor, id);
    await expect(editApplication(ent.actor, id, { assetIds: [asset.id], amount: 300_000_00n, termMonths: 18, purpose: "研发投入与设备" }))
      .rejects.toMatchObject({ status: 409, message: "financing.edit.refused" });
    const [after] = await db.select().from(pledgeApplications).where(eq(pledgeApplications.id, id));
    expect([after!.status, after!.amountFen]).toEqual(["under_review", 450_000_00n]);
    expect(await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "financing.application-edited")))).toHaveLength(2);
  });

  it("refuses another organisation's application (404) and another organisation's asset (400), changing nothing", async () => {
    const { ent, asset } = await setting();
    const stranger = await createOrg();
    const theirs = await createAsset({ ownerOrgId: stranger.orgId });
    const { id } = await createApplication(ent.actor, { assetIds: [asset.id], amount: 500_000_00n, termMonths: 12, purpose: "研发投入" });
    const edit = { assetIds: [asset.id], amount: 1_00n, termMonths: 6, purpose: "别人的" };
    await expect(editApplication(stranger.actor, id, edit)).rejects.toMatchObject({ status: 404 });
    await expect(editApplication(ent.actor, id, { ...edit, assetIds: [theirs.id] })).rejects.toMatchObject({ status: 400 });
    await expect(editApplication(ent.actor, "not-a-uuid", edit)).rejects.toMatchObject({ status: 404 });
    const [row] = await (await getDb()).select().from(pledgeApplications).where(eq(pledgeApplications.id, id));
    expect([row!.amountFen, row!.purpose]).toEqual([500_000_00n, "研发投入"]);
  });
});
