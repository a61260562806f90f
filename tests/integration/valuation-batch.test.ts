import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditEvents, deals, notifications, outbox, valuationAssets, valuationBatches, valuations, valuationSteps } from "#db/schema/index";
import { env } from "#app/utils/env.server";
import { getBatchProgress, getBatchView, requestValuationBatch } from "#app/services/valuation-batches.server";
import { getReportFile } from "#app/services/valuations.server";
import { answerValuationInputs } from "#app/services/valuation-answers.server";
import { processValuation } from "#jobs/processors/valuation";
import type { JobContext } from "#jobs/processors/types";
import { runWorker } from "#jobs/runtime";
import { createAdmin, createAsset, createOrg, TEST_PASSWORD } from "#tests/support/factories";
import { publishedListing } from "#tests/support/market";
import { client, startTestServer } from "#tests/support/server";

const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), "ipm-val-batch-"));
beforeAll(() => {
  env.REPORT_DIR = reportDir;
});
afterAll(() => fs.rmSync(reportDir, { recursive: true, force: true }));

/**
 * Three completed transfers of integrated-circuit inventions and of utility models: the market
 * approach values the batches' default patents (integrated circuits) without the owner's answers.
 * Biomedicine has no deals, so its patents have no basis for a value until the owner gives one.
 */
beforeAll(async () => {
  const admin = await createAdmin();
  const seller = await createOrg();
  const buyer = await createOrg();
  const db = await getDb();
  for (const kind of ["invention", "utility_model"] as const) {
    for (let i = 0; i < 3; i++) {
      const asset = await createAsset({ ownerOrgId: seller.orgId, kind, industry: "integrated_circuits", annuityPaidThrough: "2099-01-01" });
      const { listingId } = await publishedListing(seller, admin, { mode: "transfer", assetIds: [asset.id] });
      const at = new Date();
      await db.insert(deals).values({
        listingId, buyerOrgId: buyer.orgId, sellerOrgId: seller.orgId, mode: "transfer", status: "completed", priceFen: BigInt(200_000_00 + i * 50_000_00), acceptedAt: at, paidAt: at, completedAt: at,
      });
    }
  }
}, 60_000);

async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, ms = 90_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function university(patents: number) {
  const org = await createOrg({ kind: "university" });
  const assets = [];
  for (let i = 0; i < patents; i++) assets.push(await createAsset({ ownerOrgId: org.orgId, claimsCount: 5 + (i % 9), kind: i % 3 === 2 ? "utility_model" : "invention" }));
  return { org, assets };
}

/** The embedded runner: every outbox row of the batch, as the relay would run it in-process. */
async function runBatchInline(batchId: string) {
  const db = await getDb();
  const rows = await db.select().from(outbox).where(and(eq(outbox.queue, "valuation"), eq(outbox.name, "run-batch")));
  for (const r of rows.filter((x) => (x.payload as { batchId: string }).batchId === batchId)) {
    const ctx: JobContext = { id: r.jobId ?? "", name: "run-batch", attemptsMade: 0, db, updateProgress: async () => {}, log: () => {} };
    await processValuation(r.payload, ctx);
  }
}

const key = () => crypto.randomUUID();

describe("a batch of valuations on real Redis", () => {
  it("values all of a university's patents in one action, in chunk flows, with one progress and one notice", async () => {
    const { org, assets } = await university(120);
    // A trademark and a lapsed patent are not "patents in force or pending".
    await createAsset({ ownerOrgId: org.orgId, kind: "trademark" });
    await createAsset({ ownerOrgId: org.orgId, legalStatus: "lapsed" });
    const worker = await runWorker({ concurrency: 4 });
    try {
      const { id, created } = await requestValuationBatch(org.actor, { scope: "all", assetIds: [], purpose: "pledge", locale: "zh-CN", requestKey: key() });
      expect(created).toBe(true);
      const db = await getDb();
      // One delivery per chunk of 100, not one per valuation.
      const rows = await db.select({ payload: outbox.payload }).from(outbox).where(eq(outbox.name, "run-batch"));
      expect(rows.filter((r) => (r.payload as { batchId: string }).batchId === id).map((r) => (r.payload as { items: unknown[] }).items.length)).toEqual([100, 20]);

      const finished = await waitFor(async () => {
        const p = await getBatchProgress(org.actor, id);
        return p.finishedAt ? p : null;
      });
      expect(finished).toMatchObject({ total: 120, done: 120, percent: 100 });
      expect(finished.counts).toMatchObject({ completed: 120, failed: 0, queued: 0, running: 0 });

      const batchValuations = await db.select().from(valuations).where(eq(valuations.batchId, id));
      expect(batchValuations).toHaveLength(120);
      const valued = await db.select({ assetId: valuationAssets.assetId }).from(valuationAssets).where(inArray(valuationAssets.valuationId, batchValuations.map((v) => v.id)));
      expect(valued.map((v) => v.assetId).sort()).toEqual(assets.map((a) => a.id).sort());
      for (const v of batchValuations) expect([v.status, v.progress, typeof v.resultHash]).toEqual(["completed", 100, "string"]);
      const steps = await db.select({ status: valuationSteps.status }).from(valuationSteps).where(inArray(valuationSteps.valuationId, batchValuations.map((v) => v.id)));
      expect(steps.filter((s) => s.status === "completed")).toHaveLength(480);

      // The owner hears once, of the batch; not 120 times.
      const notes = await db.select().from(notifications).where(eq(notifications.userId, org.userId));
      expect(notes.map((n) => n.kind)).toEqual(["valuation.notify.batchFinished"]);
      expect(notes[0]!.link).toBe(`/valuations/batches/${id}`);
      expect(await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "valuation.batch-finished")))).toHaveLength(1);

      // Every report is there to download.
      const file = await getReportFile(org.actor, batchValuations[0]!.id);
      expect(fs.readFileSync(file.path).subarray(0, 5).toString()).toBe("%PDF-");
    } finally {
      await worker.close();
    }
  }, 180_000);
});

describe("a batch patent without the inputs it needs (the single valuation's rule)", () => {
  it("ends in needs_input, never a completed zero; the batch lists it with a link to answer, and answering resumes it", async () => {
    const org = await createOrg({ kind: "university" });
    const valued = await createAsset({ ownerOrgId: org.orgId, industry: "integrated_circuits" });
    const bare = [await createAsset({ ownerOrgId: org.orgId, industry: "biomedicine" }), await createAsset({ ownerOrgId: org.orgId, industry: "biomedicine", kind: "utility_model" })];
    const worker = await runWorker({ concurrency: 2 });
    const server = await startTestServer();
    try {
      const { id } = await requestValuationBatch(org.actor, { scope: "all", assetIds: [], purpose: "pledge", locale: "zh-CN", requestKey: key() });
      const finished = await waitFor(async () => {
        const p = await getBatchProgress(org.actor, id);
        return p.finishedAt ? p : null;
      });
      expect(finished.counts).toMatchObject({ completed: 1, needs_input: 2, failed: 0, queued: 0, running: 0 });
      expect(finished).toMatchObject({ total: 3, done: 3, percent: 100 });
      const db = await getDb();
      const rows = await db.select({ v: valuations, assetId: valuationAssets.assetId }).from(valuations)
        .innerJoin(valuationAssets, eq(valuationAssets.valuationId, valuations.id)).where(eq(valuations.batchId, id));
      const of = (assetId: string) => rows.find((r) => r.assetId === assetId)!.v;
      expect(of(valued.id).status).toBe("completed");
      expect(of(valued.id).lowValue! > 0n).toBe(true);
      for (const a of bare) {
        const v = of(a.id);
        // No zero range stored, no completion: the missing inputs are named.
        expect([v.status, v.statusReason, v.lowValue, v.highValue, v.result, v.completedAt])
          .toEqual(["needs_input", "needs_input:annualRevenueFen,rdCostFen,rdCostYear", null, null, null, null]);
      }
      // The owner hears once, of the batch, and that two patents wait for inputs.
      const notes = await db.select().from(notifications).where(eq(notifications.userId, org.userId));
      expect(notes.map((n) => [n.kind, n.params])).toEqual([["valuation.notify.batchFinishedNeedsInput", { total: 3, needsInput: 2 }]]);

      // The batch page (both languages) says so and links each waiting patent to the form that asks.
      const owner = client(server.base);
      await owner.login(org.email, TEST_PASSWORD);
      const zh = await (await owner.get(`/valuations/batches/${id}`)).text();
      expect(zh).toContain("1 件完成，2 件待补充信息，0 件未能完成");
      const waiting = bare.map((a) => of(a.id).id);
      for (const vid of waiting) expect(zh).toMatch(new RegExp(`href="/valuations/${vid}#needs-input-title"[^>]*>补充信息<`));
      expect(zh).not.toContain(`href="/valuations/${of(valued.id).id}#needs-input-title"`);
      const en = await (await owner.get(`/valuations/batches/${id}?lang=en`)).text();
      expect(en).toContain("1 completed, 2 need inputs, 0 could not be completed");
      expect(en).toMatch(/>Give inputs</);

      // Answering one resumes it (a new attempt through the worker) to a range above zero.
      const target = waiting[0]!;
      expect(await answerValuationInputs(org.actor, target, { rdCostFen: 1_200_000_00n, rdCostYear: 2020 }, 1)).toMatchObject({ status: "queued", attempt: 2 });
      const done = await waitFor(async () => {
        const [v] = await db.select().from(valuations).where(eq(valuations.id, target));
        return v!.status === "completed" ? v : null;
      });
      expect(done.lowValue! > 0n && done.highValue! >= done.lowValue!).toBe(true);
      expect([done.attempt, done.batchId]).toEqual([2, id]);
      expect((await getBatchProgress(org.actor, id)).counts).toMatchObject({ completed: 2, needs_input: 1 });
      // Another organisation cannot answer the batch's other waiting patent.
      await expect(answerValuationInputs((await createOrg({ kind: "university" })).actor, waiting[1]!, { rdCostFen: 1n }, 1)).rejects.toMatchObject({ status: 404 });
    } finally {
      await server.close();
      await worker.close();
    }
  }, 180_000);
});

describe("requesting a batch", () => {
  it("the same form submitted twice makes one batch", async () => {
    const { org } = await university(3);
    const requestKey = key();
    const a = await requestValuationBatch(org.actor, { scope: "all", assetIds: [], purpose: "licence", locale: "en", requestKey });
    const b = await requestValuationBatch(org.actor, { scope: "all", assetIds: [], purpose: "licence", locale: "en", requestKey });
    expect([b.id, b.created]).toEqual([a.id, false]);
    const db = await getDb();
    expect(await db.select().from(valuationBatches).where(eq(valuationBatches.orgId, org.orgId))).toHaveLength(1);
    expect(await db.select().from(valuations).where(eq(valuations.batchId, a.id))).toHaveLength(3);
  });

  it("values exactly the selected assets", async () => {
    const { org, assets } = await university(4);
    const picked = [assets[1]!.id, assets[3]!.id];
    const { id } = await requestValuationBatch(org.actor, { scope: "selected", assetIds: picked, purpose: "pledge", locale: "zh-CN", requestKey: key() });
    await runBatchInline(id);
    const view = await getBatchView(org.actor, id);
    expect(view.progress).toMatchObject({ total: 2, done: 2 });
    expect(view.items.map((i) => i.number).sort()).toEqual([assets[1]!.number, assets[3]!.number].sort());
  });

  it("refuses another organisation's asset as if it did not exist, and an empty portfolio with a reason", async () => {
    const { assets } = await university(1);
    const other = await createOrg({ kind: "university" });
    await expect(requestValuationBatch(other.actor, { scope: "selected", assetIds: [assets[0]!.id], purpose: "pledge", locale: "zh-CN", requestKey: key() }))
      .rejects.toMatchObject({ status: 404 });
    await expect(requestValuationBatch(other.actor, { scope: "all", assetIds: [], purpose: "pledge", locale: "zh-CN", requestKey: key() }))
      .rejects.toMatchObject({ status: 400, messageKey: "valuation.batch.errors.noPatents" });
  });

  it("a valuation whose assets are gone fails alone; the rest of its chunk completes and the batch finishes", async () => {
    const { org } = await university(5);
    const { id } = await requestValuationBatch(org.actor, { scope: "all", assetIds: [], purpose: "pledge", locale: "zh-CN", requestKey: key() });
    const db = await getDb();
    const [victim] = await db.select({ id: valuations.id }).from(valuations).where(eq(valuations.batchId, id)).limit(1);
    await db.delete(valuationAssets).where(eq(valuationAssets.valuationId, victim!.id));
    await runBatchInline(id);
    const p = await getBatchProgress(org.actor, id);
    expect(p.counts).toMatchObject({ completed: 4, failed: 1 });
    expect(p.finishedAt).not.toBeNull();
    const [v] = await db.select().from(valuations).where(eq(valuations.id, victim!.id));
    expect([v!.status, v!.error]).toEqual(["failed", "valuation.error.assetsGone"]);
    // Run again (a redelivered chunk): nothing changes, nobody is told twice.
    await runBatchInline(id);
    expect((await getBatchProgress(org.actor, id)).counts).toMatchObject({ completed: 4, failed: 1 });
    expect(await db.select().from(notifications).where(and(eq(notifications.userId, org.userId), eq(notifications.kind, "valuation.notify.batchFinished")))).toHaveLength(1);
  });
});

describe("who sees a batch", () => {
  it("the owner and an admin; another organisation and a bank get 404", async () => {
    const { org } = await university(1);
    const { id } = await requestValuationBatch(org.actor, { scope: "all", assetIds: [], purpose: "pledge", locale: "zh-CN", requestKey: key() });
    expect((await getBatchProgress(org.actor, id)).total).toBe(1);
    expect((await getBatchProgress((await createAdmin()).actor, id)).total).toBe(1);
    await expect(getBatchProgress((await createOrg({ kind: "university" })).actor, id)).rejects.toMatchObject({ status: 404 });
    await expect(getBatchProgress((await createOrg({ kind: "bank" })).actor, id)).rejects.toMatchObject({ status: 404 });
    await expect(getBatchProgress(org.actor, "not-a-uuid")).rejects.toMatchObject({ status: 404 });
  });

  it("over HTTP: the form answers 400 with field messages, the batch page and its progress are the owner's alone", async () => {
    const { org } = await university(2);
    const other = await createOrg({ kind: "university" });
    const server = await startTestServer();
    try {
      const owner = client(server.base);
      await owner.login(org.email, TEST_PASSWORD);
      const bad = await owner.post("/valuations/batches/new?lang=en", { scope: "selected", purpose: "pledge", requestKey: key() });
      expect(bad.status).toBe(400);
      expect(await bad.text()).toContain("Choose at least one asset");

      const requestKey = key();
      const first = await owner.post("/valuations/batches/new", { scope: "all", purpose: "pledge", locale: "zh-CN", requestKey });
      const second = await owner.post("/valuations/batches/new", { scope: "all", purpose: "pledge", locale: "zh-CN", requestKey });
      expect(first.status).toBe(302);
      expect(second.headers.get("location")).toBe(first.headers.get("location"));
      const page = first.headers.get("location")!;
      expect((await owner.get(page)).status).toBe(200);
      const progress = await owner.get(`${page}/progress`);
      expect(progress.status).toBe(200);
      expect(await progress.json()).toMatchObject({ total: 2 });

      const stranger = client(server.base);
      await stranger.login(other.email, TEST_PASSWORD);
      expect((await stranger.get(page)).status).toBe(404);
      expect((await stranger.get(`${page}/progress`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
