import { eq, ne } from "drizzle-orm";
import type { Db, Executor } from "#db/client.server";
import { valuations, valuationSteps } from "#db/schema/index";
import {
  IN_PROGRESS, VALUATION_STEPS, valuationLifecycle, type ValuationStatus, type ValuationStep,
} from "#app/domain/valuation/lifecycle";
import type { Actor } from "#app/domain/policy/index";
import { transition } from "#app/domain/state-machine";
import { parsePayload } from "#jobs/queues";
import { env } from "#app/utils/env.server";
import { errorMessage } from "#app/utils/logger.server";
import { notifyOrgMembers } from "./notifications.server";
import type { FailureHandler } from "./job-outcomes.server";
import { audit, enqueue } from "./operations.server";
import { finishBatches } from "./valuation-batches.server";
import { FlowError } from "./valuation-inputs.server";
import { runValuationSteps, SYSTEM, type StepOutcome, type StepPayload } from "./valuation-steps.server";

export { FlowError, collectInputs, collectInputsMany, loadComparables } from "./valuation-inputs.server";
export { writeReportFile } from "./valuation-report-file.server";
export { runValuationSteps, type StepOutcome, type StepPayload };

/** Tries per step (BullMQ attempts, or relay passes in embedded mode) before the valuation fails. */
export const STEP_ATTEMPTS = 3;

/** One valuation's step (a `run` flow): the set-based step for one; its work's error is thrown, to be retried. */
export async function runValuationStep(db: Db, p: StepPayload, step: ValuationStep): Promise<Exclude<StepOutcome, { status: "error" }>> {
  const out = (await runValuationSteps(db, [p], step)).get(p.valuationId)!;
  if (out.status === "error") throw out.error;
  return out;
}

/**
 * The last try of a step failed: the valuation fails with a reason the owner can read (a dictionary
 * key) and may be retried; the technical detail stays on the step row for admins.
 */
export async function failValuation(db: Db, p: StepPayload, step: ValuationStep, error: unknown) {
  const detail = errorMessage(error);
  const reason = error instanceof FlowError ? error.key : "valuation.error.internal";
  await db.transaction((tx) => failValuationIn(tx, p, step, reason, detail));
}

/** `failValuation` for many valuations of a chunk, in one transaction (a chunk's step that finally failed). */
export async function failValuations(db: Db, items: StepPayload[], step: ValuationStep, error: unknown) {
  const detail = errorMessage(error);
  const reason = error instanceof FlowError ? error.key : "valuation.error.internal";
  const sorted = [...items].sort((a, b) => (a.valuationId < b.valuationId ? -1 : 1));
  await db.transaction(async (tx) => {
    for (const p of sorted) await failValuationIn(tx, p, step, reason, detail);
  });
}

async function failValuationIn(tx: Executor, p: StepPayload, step: ValuationStep, reason: string, detail: string) {
  const [cur] = await tx.select({ status: valuations.status, attempt: valuations.attempt, orgId: valuations.orgId, batchId: valuations.batchId })
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
  // A batch's failures are counted on its page and announced with the batch.
  if (cur.batchId) await finishBatches(tx, [cur.batchId]);
  else await notifyOrgMembers(tx, { orgId: cur.orgId, kind: "valuation.notify.failed", params: {}, link: `/valuations/${p.valuationId}`, dedupeKey: `valuation-failed:${p.valuationId}:${p.attempt}` });
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
  if (f.name !== "run" && f.name !== "run-batch" && !(VALUATION_STEPS as readonly string[]).includes(f.name)) return;
  const data = parsePayload("valuation", f.name, f.data) as StepPayload | { batchId: string; items: StepPayload[] };
  const items = "items" in data ? [...data.items].sort((a, b) => (a.valuationId < b.valuationId ? -1 : 1)) : [data];
  for (const p of items) {
    const [v] = await tx.select({ id: valuations.id, status: valuations.status, attempt: valuations.attempt, orgId: valuations.orgId, autoRetries: valuations.autoRetries, step: valuations.step })
      .from(valuations).where(eq(valuations.id, p.valuationId)).for("update");
    if (!v || v.attempt !== p.attempt || !IN_PROGRESS.includes(v.status)) continue;
    if (v.autoRetries < env.VALUATION_AUTO_RETRIES) {
      await restartValuation(tx, v, SYSTEM, { auto: true, reason: f.reason });
      continue;
    }
    const step = (VALUATION_STEPS as readonly string[]).includes(v.step ?? "") ? (v.step as ValuationStep) : "enrich";
    await failValuationIn(tx, p, step, "valuation.error.interrupted", f.reason);
  }
};
