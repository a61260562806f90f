import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { and, desc, eq, gt, inArray, ne, sql } from "drizzle-orm";
import type { Db, Executor } from "#db/client.server";
import {
  deals, encumbrances, ipAssets, listingAssets, organizations, valuationAssets, valuations, valuationSteps,
} from "#db/schema/index";
import { addMonths, monthsBetween, shanghaiDate } from "#app/domain/dates";
import { canonicalJson } from "#app/domain/valuation/arithmetic";
import { inputFromJson, reviveFen, toJsonValue } from "#app/domain/valuation/codec";
import { scoreAssets, valuate } from "#app/domain/valuation/engine";
import {
  IN_PROGRESS, STEP_PROGRESS, VALUATION_STEPS, valuationLifecycle, type ValuationStatus, type ValuationStep,
} from "#app/domain/valuation/lifecycle";
import { isIndustry } from "#app/domain/industries";
import { engineOf, modelVersion, PARAMETERS, type Purpose } from "#app/domain/valuation/parameters";
import { compactQuestionnaire } from "#app/domain/valuation/questionnaire";
import type { AssetFacts, Comparable, EncumbranceKind, Questionnaire, ValuationInput, ValuationResult } from "#app/domain/valuation/types";
import type { Actor } from "#app/domain/policy/index";
import { transition } from "#app/domain/state-machine";
import { parsePayload } from "#jobs/queues";
import { env } from "#app/utils/env.server";
import { pledgeFinancedByAsset } from "./market-shared.server";
import { notifyOrgMembers } from "./notifications.server";
import type { FailureHandler } from "./job-outcomes.server";
import { audit, enqueue } from "./operations.server";

/**
 * The valuation flow's steps. Each is idempotent: its row in `valuation_steps` (unique per
 * valuation and step) is completed once, in the same transaction as the valuation's own columns;
 * a step that runs again (a retry, a worker killed and restarted) finds it done, or redoes the work
 * and stores one result. Only the run (attempt) that is current may write.
 */

export type StepPayload = { valuationId: string; attempt: number };
/** Tries per step (BullMQ attempts, or relay passes in embedded mode) before the valuation fails. */
export const STEP_ATTEMPTS = 3;
const SYSTEM = { type: "system", job: "valuation" } as const;

export type StepOutcome = { step: ValuationStep; status: "done" | "skipped"; reason?: string };

export async function runValuationStep(db: Db, p: StepPayload, step: ValuationStep): Promise<StepOutcome> {
  const [v] = await db.select({ status: valuations.status, attempt: valuations.attempt }).from(valuations).where(eq(valuations.id, p.valuationId));
  if (!v) return { step, status: "skipped", reason: "missing" };
  if (v.attempt !== p.attempt) return { step, status: "skipped", reason: "superseded" };
  if (v.status !== "queued" && v.status !== "running") return { step, status: "skipped", reason: v.status };
  const [row] = await db.select({ status: valuationSteps.status }).from(valuationSteps)
    .where(and(eq(valuationSteps.valuationId, p.valuationId), eq(valuationSteps.step, step)));
  if (row?.status === "completed") return { step, status: "skipped", reason: "done" };

  await db.transaction(async (tx) => {
    const now = new Date();
    await tx.insert(valuationSteps).values({ valuationId: p.valuationId, step, status: "running", attempt: p.attempt, runs: 1, startedAt: now })
      .onConflictDoUpdate({
        target: [valuationSteps.valuationId, valuationSteps.step],
        set: { status: "running", attempt: p.attempt, runs: sql`${valuationSteps.runs} + 1`, startedAt: now, error: null },
        setWhere: ne(valuationSteps.status, "completed"),
      });
    const [cur] = await tx.select({ status: valuations.status }).from(valuations).where(eq(valuations.id, p.valuationId)).for("update");
    if (cur?.status === "queued") {
      const status = transition("valuation", valuationLifecycle, cur.status, "start");
      await tx.update(valuations).set({ status, step, updatedAt: now }).where(eq(valuations.id, p.valuationId));
      await audit(tx, SYSTEM, { action: "valuation.started", entityType: "valuation", entityId: p.valuationId, before: { status: cur.status }, after: { status, attempt: p.attempt } });
    } else {
      await tx.update(valuations).set({ step, updatedAt: now }).where(eq(valuations.id, p.valuationId));
    }
  });

  const work = await STEP_WORK[step](db, p.valuationId);

  return db.transaction(async (tx) => {
    const [cur] = await tx.select({ status: valuations.status, attempt: valuations.attempt, orgId: valuations.orgId })
      .from(valuations).where(eq(valuations.id, p.valuationId)).for("update");
    if (!cur || cur.attempt !== p.attempt || cur.status !== "running") return { step, status: "skipped" as const, reason: cur?.status ?? "missing" };
    const now = new Date();
    const updated = await tx.update(valuationSteps).set({ status: "completed", result: work.stepResult, finishedAt: now, error: null })
      .where(and(eq(valuationSteps.valuationId, p.valuationId), eq(valuationSteps.step, step), ne(valuationSteps.status, "completed")))
      .returning({ id: valuationSteps.id });
    if (!updated.length) return { step, status: "skipped" as const, reason: "done" };
    const patch: Partial<typeof valuations.$inferInsert> = { ...work.patch, step, progress: STEP_PROGRESS[step], updatedAt: now };
    if (step === "report") {
      patch.status = transition("valuation", valuationLifecycle, cur.status, "complete");
      patch.completedAt = now;
      patch.validUntil = new Date(`${addMonths(shanghaiDate(now), PARAMETERS.validityMonths)}T00:00:00+08:00`);
    }
    await tx.update(valuations).set(patch).where(eq(valuations.id, p.valuationId));
    if (step === "report") {
      await audit(tx, SYSTEM, {
        action: "valuation.completed", entityType: "valuation", entityId: p.valuationId, orgId: cur.orgId,
        before: { status: cur.status }, after: { status: patch.status, reportSha256: patch.reportSha256, validUntil: patch.validUntil },
      });
      await notifyOrgMembers(tx, { orgId: cur.orgId, kind: "valuation.notify.completed", params: {}, link: `/valuations/${p.valuationId}`, dedupeKey: `valuation-completed:${p.valuationId}` });
    }
    return { step, status: "done" as const };
  });
}

/**
 * The last try of a step failed: the valuation fails with a reason the owner can read (a dictionary
 * key) and may be retried; the technical detail stays on the step row for admins.
 */
export async function failValuation(db: Db, p: StepPayload, step: ValuationStep, error: unknown) {
  const detail = String((error as Error)?.message ?? error);
  const reason = error instanceof FlowError ? error.key : "valuation.error.internal";
  await db.transaction((tx) => failValuationIn(tx, p, step, reason, detail));
}

async function failValuationIn(tx: Executor, p: StepPayload, step: ValuationStep, reason: string, detail: string) {
  const [cur] = await tx.select({ status: valuations.status, attempt: valuations.attempt, orgId: valuations.orgId })
    .from(valuations).where(eq(valuations.id, p.valuationId)).for("update");
  if (!cur || cur.attempt !== p.attempt || !IN_PROGRESS.includes(cur.status)) return false;
  const status = transition("valuation", valuationLifecycle, cur.status, "fail");
  const now = new Date();
  const error = detail.slice(0, 2000);
  await tx.insert(valuationSteps).values({ valuationId: p.valuationId, step, status: "failed", attempt: p.attempt, runs: 1, error, finishedAt: now })
    .onConflictDoUpdate({
      target: [valuationSteps.valuationId, valuationSteps.step],
      set: { status: "failed", error, finishedAt: now },
      setWhere: ne(valuationSteps.status, "completed"),
    });
  await tx.update(valuations).set({ status, error: reason, step, updatedAt: now }).where(eq(valuations.id, p.valuationId));
  await audit(tx, SYSTEM, { action: "valuation.failed", entityType: "valuation", entityId: p.valuationId, orgId: cur.orgId, before: { status: cur.status }, after: { status, step, reason, detail: error } });
  await notifyOrgMembers(tx, { orgId: cur.orgId, kind: "valuation.notify.failed", params: {}, link: `/valuations/${p.valuationId}`, dedupeKey: `valuation-failed:${p.valuationId}:${p.attempt}` });
  return true;
}

type RestartableValuation = { id: string; status: ValuationStatus; attempt: number; orgId: string; autoRetries: number };

/**
 * A new attempt of the flow (new job ids), queued; it resumes at the first step not completed. The
 * owner's retry resets the system's restart budget; a restart by the system uses it up.
 */
export async function restartValuation(tx: Executor, v: RestartableValuation, actor: Actor, opts: { auto: boolean; reason?: string }) {
  const status = transition("valuation", valuationLifecycle, v.status, "retry");
  const attempt = v.attempt + 1;
  const autoRetries = opts.auto ? v.autoRetries + 1 : 0;
  await tx.update(valuations).set({ status, attempt, autoRetries, error: null, updatedAt: new Date() }).where(eq(valuations.id, v.id));
  await audit(tx, actor, {
    action: opts.auto ? "valuation.auto-retried" : "valuation.retried", entityType: "valuation", entityId: v.id, orgId: v.orgId,
    before: { status: v.status, attempt: v.attempt }, after: { status, attempt, reason: opts.reason?.slice(0, 500) ?? null },
  });
  await enqueue(tx, "valuation", "run", { valuationId: v.id, attempt }, { dedupeKey: `valuation:${v.id}:${attempt}` });
  return { status, attempt };
}

/**
 * BullMQ gave up on a step (or the flow) from outside the processor: the stall limit (workers
 * killed while it ran), a failed child, or the row could not be dispatched. A step's own final
 * error has already failed the valuation in the processor, so a valuation still in progress here
 * was interrupted: the system restarts it `VALUATION_AUTO_RETRIES` times, then fails it with a
 * reason the owner reads, who may retry it from its page.
 */
export const onValuationJobFailed: FailureHandler = async (tx, f) => {
  if (f.name !== "run" && !(VALUATION_STEPS as readonly string[]).includes(f.name)) return;
  const p = parsePayload("valuation", "run", f.data) as StepPayload;
  const [v] = await tx.select({ id: valuations.id, status: valuations.status, attempt: valuations.attempt, orgId: valuations.orgId, autoRetries: valuations.autoRetries, step: valuations.step })
    .from(valuations).where(eq(valuations.id, p.valuationId)).for("update");
  if (!v || v.attempt !== p.attempt || !IN_PROGRESS.includes(v.status)) return;
  if (v.autoRetries < env.VALUATION_AUTO_RETRIES) {
    await restartValuation(tx, v, SYSTEM, { auto: true, reason: f.reason });
    return;
  }
  const step = (VALUATION_STEPS as readonly string[]).includes(v.step ?? "") ? (v.step as ValuationStep) : "enrich";
  await failValuationIn(tx, p, step, "valuation.error.interrupted", f.reason);
};

/** A failure whose reason the owner can act on (the key is shown in their language). */
export class FlowError extends Error {
  constructor(readonly key: string, detail: string) {
    super(detail);
    this.name = "FlowError";
  }
}

type Work = { stepResult: unknown; patch: Partial<typeof valuations.$inferInsert> };

const STEP_WORK: Record<ValuationStep, (db: Db, id: string) => Promise<Work>> = {
  /** Collects the facts (register, encumbrances, comparables) and freezes them as the input snapshot. */
  async enrich(db, id) {
    const input = await collectInputs(db, id, shanghaiDate(new Date()));
    const json = toJsonValue(input);
    return { stepResult: { assets: input.assets.length, comparables: input.comparables.length, valuationDate: input.valuationDate }, patch: { inputs: json, modelVersion: modelVersion(input.parameters) } };
  },
  async score(db, id) {
    const scores = scoreAssets(await snapshotOf(db, id));
    const json = toJsonValue(scores);
    return { stepResult: json, patch: { scores: json } };
  },
  async value(db, id) {
    let result: ValuationResult;
    try {
      result = valuate(await snapshotOf(db, id));
    } catch (e) {
      throw new FlowError("valuation.error.input", (e as Error).message);
    }
    const text = canonicalJson(result);
    const hash = crypto.createHash("sha256").update(text).digest("hex");
    // The stored result omits the input snapshot: it is in `inputs` already.
    const { inputs: _omit, ...stored } = JSON.parse(text) as Record<string, unknown>;
    return {
      stepResult: { resultHash: hash, low: result.low.toString(), base: result.base.toString(), high: result.high.toString() },
      patch: { result: stored, resultHash: hash, lowValue: result.low, baseValue: result.base, highValue: result.high, modelVersion: result.modelVersion },
    };
  },
  async report(db, id) {
    const [v] = await db.select({ inputs: valuations.inputs, locale: valuations.locale, orgName: organizations.name, createdAt: valuations.createdAt, modelVersion: valuations.modelVersion })
      .from(valuations).innerJoin(organizations, eq(organizations.id, valuations.orgId)).where(eq(valuations.id, id));
    if (!v?.inputs) throw new FlowError("valuation.error.internal", "report before enrich");
    // Re-run the engine that made the result on the frozen snapshot: the report shows exactly what it computed.
    const result = valuate(inputFromJson(v.inputs), engineOf(v.modelVersion));
    let file: Awaited<ReturnType<typeof writeReportFile>>;
    try {
      // Loaded on first use: pdfkit and fontkit are a second of start-up every worker would pay.
      const { renderValuationReport } = await import("./valuation-report.server");
      const pdf = await renderValuationReport({ id, result, orgName: v.orgName, locale: v.locale === "en" ? "en" : "zh-CN" });
      file = await writeReportFile(id, pdf);
    } catch (e) {
      throw new FlowError("valuation.error.report", (e as Error).message);
    }
    return { stepResult: file, patch: { reportPath: file.path, reportSha256: file.sha256 } };
  },
};

async function snapshotOf(db: Db, id: string): Promise<ValuationInput> {
  const [v] = await db.select({ inputs: valuations.inputs }).from(valuations).where(eq(valuations.id, id));
  if (!v?.inputs) throw new FlowError("valuation.error.internal", "no input snapshot (enrich has not run)");
  return inputFromJson(v.inputs);
}

/**
 * One file per valuation (`<id>.pdf`): written beside its final name, then renamed, so that a
 * worker killed mid-write leaves no second report and a re-run simply replaces it.
 */
export async function writeReportFile(id: string, pdf: Buffer) {
  const dir = path.resolve(env.REPORT_DIR);
  await fs.mkdir(dir, { recursive: true });
  const final = path.join(dir, `${id}.pdf`);
  const partial = `${final}.partial`;
  await fs.writeFile(partial, pdf);
  await fs.rename(partial, final);
  return { path: final, sha256: crypto.createHash("sha256").update(pdf).digest("hex"), bytes: pdf.length };
}

/** The enrich step's reading of the database: facts of each asset, the owner's answers, comparables. */
export async function collectInputs(exec: Executor, id: string, valuationDate: string): Promise<ValuationInput> {
  const [v] = await exec.select({ purpose: valuations.purpose, questionnaire: valuations.questionnaire }).from(valuations).where(eq(valuations.id, id));
  if (!v) throw new FlowError("valuation.error.internal", "valuation missing");
  const rows = await exec.select().from(ipAssets)
    .innerJoin(valuationAssets, eq(valuationAssets.assetId, ipAssets.id)).where(eq(valuationAssets.valuationId, id));
  if (!rows.length) throw new FlowError("valuation.error.assetsGone", "no assets");
  const assetIds = rows.map((r) => r.ip_assets.id);
  const enc = await exec.select({ assetId: encumbrances.assetId, kind: encumbrances.kind }).from(encumbrances)
    .where(and(inArray(encumbrances.assetId, assetIds), eq(encumbrances.status, "active")));
  const financedFen = await pledgeFinancedByAsset(exec, assetIds);
  const assets: AssetFacts[] = rows.map(({ ip_assets: a }) => ({
    id: a.id, kind: a.kind, number: a.number, title: a.title, industry: a.industry,
    filingDate: a.filingDate, grantDate: a.grantDate, expiryDate: a.expiryDate, legalStatus: a.legalStatus,
    annuityPaidThrough: a.annuityPaidThrough, ipcClasses: [...a.ipcClasses].sort(), niceClasses: [...a.niceClasses].sort((x, y) => x - y),
    claimsCount: a.claimsCount, citationsCount: a.citationsCount, overseasFamilyCount: a.overseasFamilyCount,
    awards: [...a.awards].sort(), coOwnerCount: a.coOwners.length, coOwnersAllConsented: a.coOwners.every((c) => c.consentRecorded),
    disputeFlag: a.disputeFlag, preservationFlag: a.preservationFlag, invalidationPending: a.invalidationPending,
    encumbrances: [...new Set(enc.filter((e) => e.assetId === a.id).map((e) => e.kind as EncumbranceKind))].sort(),
    pledgeFinancedFen: financedFen.get(a.id) ?? null,
  }));
  return {
    valuationDate, purpose: v.purpose, assets,
    questionnaire: compactQuestionnaire(reviveFen<Questionnaire>(v.questionnaire ?? {})),
    comparables: await loadComparables(exec, assets, v.purpose, valuationDate),
    parameters: PARAMETERS,
  };
}

/**
 * Completed deals on the platform for assets of the same kinds and industries (transfers; licences
 * when a licence is being valued), one comparable per asset of each deal, last five years.
 */
export async function loadComparables(exec: Executor, subject: AssetFacts[], purpose: Purpose, valuationDate: string): Promise<Comparable[]> {
  const modes = purpose === "licence"
    ? (["exclusive_licence", "sole_licence", "non_exclusive_licence", "open_licence"] as const)
    : (["transfer"] as const);
  const kinds = [...new Set(subject.map((a) => a.kind))];
  const industries = [...new Set(subject.map((a) => a.industry))];
  const rows = await exec.select({
    dealId: deals.id, priceFen: deals.priceFen, completedAt: deals.completedAt, assetId: ipAssets.id, kind: ipAssets.kind,
    industry: ipAssets.industry, ipcClasses: ipAssets.ipcClasses, niceClasses: ipAssets.niceClasses, expiryDate: ipAssets.expiryDate,
    assetCount: sql<number>`(select count(*)::int from ${listingAssets} la2 where la2.listing_id = ${deals.listingId})`,
  }).from(deals)
    .innerJoin(listingAssets, eq(listingAssets.listingId, deals.listingId))
    .innerJoin(ipAssets, eq(ipAssets.id, listingAssets.assetId))
    .where(and(
      eq(deals.status, "completed"), inArray(deals.mode, [...modes]), inArray(ipAssets.kind, kinds), inArray(ipAssets.industry, industries.filter(isIndustry)),
      gt(deals.completedAt, new Date(`${addMonths(valuationDate, -60)}T00:00:00+08:00`)),
    ))
    .orderBy(desc(deals.completedAt)).limit(300);
  const own = new Set(subject.map((a) => a.id));
  return rows.filter((r) => !own.has(r.assetId)).map((r) => {
    const dealDate = shanghaiDate(r.completedAt ?? new Date(0));
    return {
      id: `${r.dealId}/${r.assetId}`, kind: r.kind, industry: r.industry, ipcClasses: [...r.ipcClasses].sort(), niceClasses: [...r.niceClasses].sort((x, y) => x - y),
      priceFen: r.priceFen, dealDate, assetCount: Math.max(1, Number(r.assetCount)),
      remainingMonths: Math.max(0, monthsBetween(dealDate, r.expiryDate)),
    };
  });
}
