import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditEvents, notifications, outbox, valuations, valuationSteps } from "#db/schema/index";
import { canonicalJson } from "#app/domain/valuation/arithmetic";
import { inputFromJson } from "#app/domain/valuation/codec";
import { valuate } from "#app/domain/valuation/engine";
import { formatYuan } from "#app/i18n/react";
import { env } from "#app/utils/env.server";
import { ServiceError } from "#app/utils/http.server";
import { runValuationStep } from "#app/services/valuation-flow.server";
import { ensureReportFile } from "#app/services/valuation-report-file.server";
import {
  expireValuations, findValidValuation, getValuationSummary, invalidateValuationsForAsset, latestValidValuationForAssets,
  getReportFile, requestValuation, retryValuation,
} from "#app/services/valuations.server";
import { processValuation } from "#jobs/processors/valuation";
import type { JobContext } from "#jobs/processors/types";
import { runWorker } from "#jobs/runtime";
import { createAdmin, createAsset, createOrg } from "#tests/support/factories";

const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), "ipm-val-flow-"));
beforeAll(() => {
  env.REPORT_DIR = reportDir;
});
afterAll(() => fs.rmSync(reportDir, { recursive: true, force: true }));

async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, ms = 45_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}

const questionnaire = { annualRevenueFen: 1_000_000_000n, revenueGrowthBp: 500, maturity: 4, substitutability: 4 };

/** The embedded runner's view of a job: what the outbox relay passes to a processor in-process. */
async function inline(name: string, data: unknown, attemptsMade = 0) {
  const ctx: JobContext = { id: `t.${name}`, name, attemptsMade, db: await getDb(), updateProgress: async () => {}, log: () => {} };
  return processValuation(data, ctx);
}

async function pdfText(file: string) {
  const pdf = await getDocumentProxy(new Uint8Array(fs.readFileSync(file)));
  return (await extractText(pdf, { mergePages: true })).text;
}

describe("the valuation flow on real Redis", () => {
  it("runs enrich → score → value → report as a BullMQ flow and completes with one stored, hashed report", async () => {
    const org = await createOrg();
    const asset = await createAsset({ ownerOrgId: org.orgId, claimsCount: 12, citationsCount: 3 });
    const worker = await runWorker({ concurrency: 2 });
    try {
      const { id } = await requestValuation(org.actor, { assetIds: [asset.id], purpose: "pledge", questionnaire, locale: "zh-CN" });
      const db = await getDb();
      const v = await waitFor(async () => (await db.select().from(valuations).where(and(eq(valuations.id, id), eq(valuations.status, "completed"))))[0]);

      // Each step ran once, as its own job of the flow.
      const steps = await db.select().from(valuationSteps).where(eq(valuationSteps.valuationId, id));
      expect(steps.map((s) => [s.step, s.status, s.runs]).sort()).toEqual([
        ["enrich", "completed", 1], ["report", "completed", 1], ["score", "completed", 1], ["value", "completed", 1],
      ]);
      const queue = worker.getQueue("valuation");
      for (const step of ["enrich", "score", "value", "report"]) {
        expect((await queue.getJob(`valuation.${id}.1.${step}`))?.name).toBe(step);
      }

      // The flow seals the report; the PDF is drawn on its first download and kept, with its hash.
      expect([v.reportPath, v.reportSha256]).toEqual([null, null]);
      const file = await getReportFile(org.actor, id);
      expect(file.path).toBe(path.join(reportDir, `${id}.pdf`));
      const bytes = fs.readFileSync(file.path);
      expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
      const [stored] = await db.select().from(valuations).where(eq(valuations.id, id));
      expect(crypto.createHash("sha256").update(bytes).digest("hex")).toBe(stored!.reportSha256);
      const text = await pdfText(file.path);
      expect(text).toContain(`${formatYuan(v.lowValue!, "zh-CN")} – ${formatYuan(v.highValue!, "zh-CN")}`);
      expect(text).toContain(v.modelVersion!);
      expect(await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "valuation.report-rendered")))).toHaveLength(1);

      // Reproducible: the engine on the stored snapshot gives the stored hash.
      expect(crypto.createHash("sha256").update(canonicalJson(valuate(inputFromJson(v.inputs)))).digest("hex")).toBe(v.resultHash);
      expect(v.validUntil!.getTime() - v.completedAt!.getTime()).toBeGreaterThan(360 * 86_400_000);

      // Owner notified once; other contexts can read the summary.
      const notes = await db.select().from(notifications).where(eq(notifications.userId, org.userId));
      expect(notes.filter((n) => n.kind === "valuation.notify.completed")).toHaveLength(1);
      const summary = await getValuationSummary(id);
      expect(summary).toMatchObject({ status: "completed", assetIds: [asset.id], lowFen: v.lowValue, baseFen: v.baseValue });
      expect(summary!.assets[0]).toMatchObject({ assetId: asset.id, baseFen: v.baseValue });
    } finally {
      await worker.close();
    }
  });
});

describe("the report, drawn on first download", () => {
  it("is the same bytes and hash when drawn again from the stored result", async () => {
    const org = await createOrg();
    const asset = await createAsset({ ownerOrgId: org.orgId });
    const { id } = await requestValuation(org.actor, { assetIds: [asset.id], purpose: "pledge", questionnaire, locale: "en" });
    const db = await getDb();
    expect(await ensureReportFile(db, id)).toBeNull(); // not before it completed
    await inline("run", { valuationId: id, attempt: 1 });
    const first = (await ensureReportFile(db, id))!;
    const bytes = fs.readFileSync(first.path);
    fs.rmSync(first.path);
    const again = (await ensureReportFile(db, id))!;
    expect(again.sha256).toBe(first.sha256);
    expect(fs.readFileSync(again.path).equals(bytes)).toBe(true);
    const [v] = await db.select({ reportSha256: valuations.reportSha256 }).from(valuations).where(eq(valuations.id, id));
    expect(v!.reportSha256).toBe(first.sha256);
  });
});

describe("idempotent steps", () => {
  it("a step that runs twice stores one result", async () => {
    const org = await createOrg();
    const asset = await createAsset({ ownerOrgId: org.orgId });
    const { id } = await requestValuation(org.actor, { assetIds: [asset.id], purpose: "licence", locale: "en" }, undefined);
    const db = await getDb();
    const first = await runValuationStep(db, { valuationId: id, attempt: 1 }, "enrich");
    const second = await runValuationStep(db, { valuationId: id, attempt: 1 }, "enrich");
    expect([first.status, second.status, second.reason]).toEqual(["done", "skipped", "done"]);
    const rows = await db.select().from(valuationSteps).where(eq(valuationSteps.valuationId, id));
    expect(rows.map((r) => [r.step, r.runs])).toEqual([["enrich", 1]]);
  });

  it("a second request of the same form returns the open valuation instead of a new one", async () => {
    const org = await createOrg();
    const asset = await createAsset({ ownerOrgId: org.orgId });
    const a = await requestValuation(org.actor, { assetIds: [asset.id], purpose: "pledge", questionnaire, locale: "zh-CN" });
    const b = await requestValuation(org.actor, { assetIds: [asset.id], purpose: "pledge", questionnaire, locale: "zh-CN" });
    expect(b.id).toBe(a.id);
  });
});

describe("failures and retries (embedded runner)", () => {
  it("a step that fails on its last try fails the valuation with a reason; a retry resumes at that step", async () => {
    const org = await createOrg();
    const asset = await createAsset({ ownerOrgId: org.orgId });
    const { id } = await requestValuation(org.actor, { assetIds: [asset.id], purpose: "transfer", questionnaire, locale: "zh-CN" });
    const db = await getDb();
    for (const step of ["enrich", "score", "value"] as const) await runValuationStep(db, { valuationId: id, attempt: 1 }, step);
    // The report step seals the result: an engine that no longer reproduces the stored hash fails it.
    const [valued] = await db.select({ resultHash: valuations.resultHash }).from(valuations).where(eq(valuations.id, id));
    await db.update(valuations).set({ resultHash: "0".repeat(64) }).where(eq(valuations.id, id));
    await expect(inline("run", { valuationId: id, attempt: 1 }, 0)).rejects.toThrow(/no longer reproduces/);
    expect((await db.select().from(valuations).where(eq(valuations.id, id)))[0]!.status).toBe("running");
    expect(await inline("run", { valuationId: id, attempt: 1 }, 2)).toEqual({ failed: "report" });
    await db.update(valuations).set({ resultHash: valued!.resultHash }).where(eq(valuations.id, id));
    const [failed] = await db.select().from(valuations).where(eq(valuations.id, id));
    expect([failed!.status, failed!.error]).toEqual(["failed", "valuation.error.report"]);

    await retryValuation(org.actor, id);
    const [row] = await db.select().from(outbox).where(eq(outbox.dedupeKey, `valuation:${id}:2`));
    expect(row?.name).toBe("run");
    await inline("run", { valuationId: id, attempt: 2 });
    const [done] = await db.select().from(valuations).where(eq(valuations.id, id));
    expect([done!.status, done!.attempt, done!.error]).toEqual(["completed", 2, null]);
    const steps = Object.fromEntries((await db.select().from(valuationSteps).where(eq(valuationSteps.valuationId, id))).map((s) => [s.step, s.runs]));
    // The steps done before the failure were not redone; the report step ran three times.
    expect(steps).toEqual({ enrich: 1, score: 1, value: 1, report: 3 });
    // A job of the superseded first attempt changes nothing.
    expect(await inline("report", { valuationId: id, attempt: 1 })).toMatchObject({ status: "skipped", reason: "superseded" });
  });

  it("only a failed valuation can be retried", async () => {
    const org = await createOrg();
    const asset = await createAsset({ ownerOrgId: org.orgId });
    const { id } = await requestValuation(org.actor, { assetIds: [asset.id], purpose: "pledge", locale: "zh-CN" });
    await expect(retryValuation(org.actor, id)).rejects.toMatchObject({ status: 409 });
  });
});

describe("validity", () => {
  async function completed(opts: { assetIds?: string[]; purpose?: "pledge" | "licence" | "transfer" } = {}) {
    const org = await createOrg();
    const a = await createAsset({ ownerOrgId: org.orgId });
    const b = await createAsset({ ownerOrgId: org.orgId, kind: "utility_model" });
    const assetIds = opts.assetIds ?? [a.id, b.id];
    const { id } = await requestValuation(org.actor, { assetIds: assetIds.length ? assetIds : [a.id, b.id], purpose: opts.purpose ?? "pledge", questionnaire, locale: "zh-CN" });
    await inline("run", { valuationId: id, attempt: 1 });
    return { org, a, b, id };
  }

  it("finds the latest valid valuation of exactly the asset set, in any order, for the purpose asked", async () => {
    const { a, b, id } = await completed();
    const db = await getDb();
    expect((await findValidValuation(db, [b.id, a.id], "pledge"))?.id).toBe(id);
    expect((await findValidValuation(db, [a.id, b.id]))?.id).toBe(id);
    expect(await findValidValuation(db, [a.id])).toBeNull();
    expect(await findValidValuation(db, [a.id, b.id], "licence")).toBeNull();
    expect((await latestValidValuationForAssets([a.id, b.id]))?.lowFen).toBeTypeOf("bigint");
  });

  it("a change to an asset's legal status invalidates its open valuations", async () => {
    const { org, a, b, id } = await completed();
    const db = await getDb();
    const n = await db.transaction((tx) => invalidateValuationsForAsset(tx, a.id, { actor: org.actor }));
    expect(n).toBe(1);
    const [v] = await db.select().from(valuations).where(eq(valuations.id, id));
    expect([v!.status, v!.statusReason]).toEqual(["invalidated", "legal_status_changed"]);
    expect(await findValidValuation(db, [a.id, b.id])).toBeNull();
    const audits = await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "valuation.invalidated")));
    expect(audits).toHaveLength(1);
  });

  it("the scheduler expires valuations after 12 months and offers the owner a re-valuation", async () => {
    const { org, id } = await completed();
    const db = await getDb();
    await db.update(valuations).set({ validUntil: new Date(Date.now() - 1000) }).where(eq(valuations.id, id));
    expect(await inline("expire-sweep", {})).toMatchObject({ expired: 1 });
    expect(await expireValuations(db)).toEqual({ expired: 0 });
    const [v] = await db.select().from(valuations).where(eq(valuations.id, id));
    expect(v!.status).toBe("expired");
    const notes = await db.select().from(notifications).where(and(eq(notifications.userId, org.userId), eq(notifications.kind, "valuation.notify.expired")));
    expect(notes.map((x) => x.link)).toEqual([`/valuations/${id}`]);
  });
});

describe("who may request", () => {
  it("another organisation cannot value my assets (404, as if they did not exist)", async () => {
    const owner = await createOrg();
    const other = await createOrg();
    const asset = await createAsset({ ownerOrgId: owner.orgId });
    const err = await requestValuation(other.actor, { assetIds: [asset.id], purpose: "pledge", locale: "zh-CN" }).catch((e) => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect(err.status).toBe(404);
  });

  it("an admin may request for an owner; the valuation belongs to the owner", async () => {
    const admin = await createAdmin();
    const owner = await createOrg();
    const asset = await createAsset({ ownerOrgId: owner.orgId });
    const { id } = await requestValuation(admin.actor, { assetIds: [asset.id], purpose: "licence", locale: "en" });
    const [v] = await (await getDb()).select().from(valuations).where(eq(valuations.id, id));
    expect(v!.orgId).toBe(owner.orgId);
  });

  it("a bundle must have one owner", async () => {
    const admin = await createAdmin();
    const a = await createAsset({ ownerOrgId: (await createOrg()).orgId });
    const b = await createAsset({ ownerOrgId: (await createOrg()).orgId });
    await expect(requestValuation(admin.actor, { assetIds: [a.id, b.id], purpose: "pledge", locale: "zh-CN" })).rejects.toMatchObject({ status: 422 });
  });
});
