import crypto from "node:crypto";
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { queryRows, type Db, type Executor } from "#db/client.server";
import { valuations, valuationSteps } from "#db/schema/index";
import { addMonths, shanghaiDate } from "#app/domain/dates";
import { canonicalJson } from "#app/domain/valuation/arithmetic";
import { inputFromJson, toJsonValue } from "#app/domain/valuation/codec";
import { scoreAssets, valuate } from "#app/domain/valuation/engine";
import { STEP_PROGRESS, valuationLifecycle, type ValuationStep } from "#app/domain/valuation/lifecycle";
import { missingInputs, needsInputReason, type NeededInput } from "#app/domain/valuation/needs-input";
import { engineOf, modelVersion, PARAMETERS } from "#app/domain/valuation/parameters";
import type { ValuationResult } from "#app/domain/valuation/types";
import { transition } from "#app/domain/state-machine";
import { env } from "#app/utils/env.server";
import { notifyOrgMembersMany } from "./notifications.server";
import { auditMany } from "./operations.server";
import { finishBatches } from "./valuation-batches.server";
import { collectInputsMany, FlowError } from "./valuation-inputs.server";
import { REPORT_TEMPLATE } from "./valuation-report-file.server";

/**
 * The valuation flow's steps, set-based: one call runs a step for one valuation (a `run` flow) or a
 * chunk of them (a `run-batch` flow) in a fixed number of statements. Each is idempotent: its row in
 * `valuation_steps` (unique per valuation and step) is completed once, in the same transaction as the
 * valuation's own columns; a step that runs again (a retry, a worker killed and restarted) finds it
 * done, or redoes the work and stores one result. Only the run (attempt) that is current may write.
 */

export type StepPayload = { valuationId: string; attempt: number };
export type StepOutcome = { step: ValuationStep; status: "done" | "skipped"; reason?: string } | { step: ValuationStep; status: "error"; error: Error };
export const SYSTEM = { type: "system", job: "valuation" } as const;

type Patch = Partial<typeof valuations.$inferInsert>;
/** `needsInput`: the value step found no basis for a value; the valuation stops there and asks the owner. */
type Work = { stepResult: unknown; patch: Patch; needsInput?: NeededInput[] };

const byId = <T extends { valuationId: string }>(xs: T[]) => [...xs].sort((a, b) => (a.valuationId < b.valuationId ? -1 : 1));

export async function runValuationSteps(db: Db, items: StepPayload[], step: ValuationStep): Promise<Map<string, StepOutcome>> {
  const out = new Map<string, StepOutcome>();
  const live = await db.transaction(async (tx) => {
    const now = new Date();
    // The valuations locked (in id order: chunks that overlap never deadlock), with this step's row.
    const locked = await tx.select({ id: valuations.id, status: valuations.status, attempt: valuations.attempt, orgId: valuations.orgId, stepStatus: valuationSteps.status })
      .from(valuations)
      .leftJoin(valuationSteps, and(eq(valuationSteps.valuationId, valuations.id), eq(valuationSteps.step, step)))
      .where(inArray(valuations.id, items.map((p) => p.valuationId))).orderBy(asc(valuations.id)).for("update", { of: valuations });
    const cur = new Map(locked.map((r) => [r.id, r]));
    const running = byId(items).filter((p) => {
      const v = cur.get(p.valuationId);
      const reason = !v ? "missing" : v.attempt !== p.attempt ? "superseded"
        : v.status !== "queued" && v.status !== "running" ? v.status : v.stepStatus === "completed" ? "done" : null;
      if (reason) out.set(p.valuationId, { step, status: "skipped", reason });
      return !reason;
    });
    if (!running.length) return running;
    const queued = running.filter((p) => cur.get(p.valuationId)!.status === "queued").map((p) => p.valuationId);
    const others = running.filter((p) => !queued.includes(p.valuationId)).map((p) => p.valuationId);
    const started = transition("valuation", valuationLifecycle, "queued", "start");
    // Independent writes, sent together: one round trip on the transaction's connection.
    await Promise.all([
      tx.insert(valuationSteps).values(running.map((p) => ({ valuationId: p.valuationId, step, status: "running" as const, attempt: p.attempt, runs: 1, startedAt: now })))
        .onConflictDoUpdate({
          target: [valuationSteps.valuationId, valuationSteps.step],
          set: { status: "running", attempt: sql`excluded.attempt`, runs: sql`${valuationSteps.runs} + 1`, startedAt: now, error: null },
          setWhere: ne(valuationSteps.status, "completed"),
        }),
      queued.length ? tx.update(valuations).set({ status: started, step, updatedAt: now }).where(inArray(valuations.id, queued)) : null,
      auditMany(tx, SYSTEM, queued.map((id) => ({
        action: "valuation.started", entityType: "valuation", entityId: id, orgId: cur.get(id)!.orgId,
        before: { status: "queued" }, after: { status: started, attempt: cur.get(id)!.attempt },
      }))),
      others.length ? tx.update(valuations).set({ step, updatedAt: now }).where(inArray(valuations.id, others)) : null,
    ]);
    return running;
  });
  if (!live.length) return out;
  // Fault drills widen the window in which a step is running (or hold one step), so that a kill lands inside it.
  if (env.NODE_ENV === "test") {
    const pause = env.VALUATION_STEP_HOLD === step ? 600_000 : env.VALUATION_STEP_PAUSE_MS;
    if (pause > 0) await new Promise((r) => setTimeout(r, pause));
  }

  const work = await STEP_WORK[step](db, live.map((p) => p.valuationId));
  const ok = live.filter((p) => {
    const w = work.get(p.valuationId)!;
    if (w instanceof Error) out.set(p.valuationId, { step, status: "error", error: w });
    return !(w instanceof Error);
  });
  if (!ok.length) return out;

  await db.transaction(async (tx) => {
    const locked = await tx.select({ id: valuations.id, status: valuations.status, attempt: valuations.attempt, orgId: valuations.orgId, batchId: valuations.batchId })
      .from(valuations).where(inArray(valuations.id, ok.map((p) => p.valuationId))).orderBy(asc(valuations.id)).for("update");
    const cur = new Map(locked.map((r) => [r.id, r]));
    const now = new Date();
    const writable = byId(ok).filter((p) => {
      const v = cur.get(p.valuationId);
      const fine = v && v.attempt === p.attempt && v.status === "running";
      if (!fine) out.set(p.valuationId, { step, status: "skipped", reason: v?.status ?? "missing" });
      return fine;
    });
    if (!writable.length) return;
    const results = writable.map((p) => ({ id: p.valuationId, result: (work.get(p.valuationId) as Work).stepResult }));
    // One statement for every step row: the results travel as one JSON array.
    const updated = await queryRows<{ valuation_id: string }>(tx, sql`
      update valuation_steps s set status = 'completed', result = d.result, finished_at = ${now.toISOString()}::timestamptz, error = null
      from jsonb_to_recordset(${JSON.stringify(results)}::jsonb) as d(id uuid, result jsonb)
      where s.valuation_id = d.id and s.step = ${step} and s.status <> 'completed'
      returning s.valuation_id`);
    const done = new Set(updated.map((r) => r.valuation_id));
    const completed = transition("valuation", valuationLifecycle, "running", "complete");
    const validUntil = new Date(`${addMonths(shanghaiDate(now), PARAMETERS.validityMonths)}T00:00:00+08:00`);
    const finals = writable.filter((p) => done.has(p.valuationId));
    for (const p of writable) if (!done.has(p.valuationId)) out.set(p.valuationId, { step, status: "skipped", reason: "done" });
    const report = step === "report";
    const asking = finals.filter((p) => (work.get(p.valuationId) as Work).needsInput?.length);
    const needsInput = transition("valuation", valuationLifecycle, "running", "needInput");
    // The patches differ per valuation: sent together with the audit rows, one round trip for the lot.
    await Promise.all([
      ...finals.map((p) => {
        const w = work.get(p.valuationId) as Work;
        const patch: Patch = { ...w.patch, step, progress: STEP_PROGRESS[step], updatedAt: now };
        if (report) Object.assign(patch, { status: completed, completedAt: now, validUntil });
        if (w.needsInput?.length) Object.assign(patch, { status: needsInput, statusReason: needsInputReason(w.needsInput) });
        return tx.update(valuations).set(patch).where(eq(valuations.id, p.valuationId));
      }),
      auditMany(tx, SYSTEM, asking.map((p) => ({
        action: "valuation.needs-input", entityType: "valuation", entityId: p.valuationId, orgId: cur.get(p.valuationId)!.orgId,
        before: { status: "running" }, after: { status: needsInput, missing: (work.get(p.valuationId) as Work).needsInput! },
      }))),
      notifyOrgMembersMany(tx, asking.filter((p) => !cur.get(p.valuationId)!.batchId).map((p) => ({
        orgId: cur.get(p.valuationId)!.orgId, kind: "valuation.notify.needsInput", params: {}, link: `/valuations/${p.valuationId}`,
        dedupeKey: `valuation-needs-input:${p.valuationId}:${cur.get(p.valuationId)!.attempt}`,
      }))),
      report ? auditMany(tx, SYSTEM, finals.map((p) => ({
        action: "valuation.completed", entityType: "valuation", entityId: p.valuationId, orgId: cur.get(p.valuationId)!.orgId,
        before: { status: "running" }, after: { status: completed, resultHash: ((work.get(p.valuationId) as Work).stepResult as { resultHash?: string }).resultHash ?? null, validUntil },
      }))) : null,
    ]);
    for (const p of finals) out.set(p.valuationId, { step, status: "done" });
    if (asking.length) await finishBatches(tx, [...new Set(asking.map((p) => cur.get(p.valuationId)!.batchId).filter((b): b is string => !!b))]);
    if (!report || !finals.length) return;
    // A batch's valuations are announced once, when the batch is done; a valuation of its own, now.
    await notifyOrgMembersMany(tx, finals.filter((p) => !cur.get(p.valuationId)!.batchId).map((p) => ({
      orgId: cur.get(p.valuationId)!.orgId, kind: "valuation.notify.completed", params: {}, link: `/valuations/${p.valuationId}`, dedupeKey: `valuation-completed:${p.valuationId}`,
    })));
    await finishBatches(tx, [...new Set(finals.map((p) => cur.get(p.valuationId)!.batchId).filter((b): b is string => !!b))]);
  });
  return out;
}

type StepWork = (db: Db, ids: string[]) => Promise<Map<string, Work | Error>>;

/** Reads the frozen input snapshots (and what else `extra` asks for) of valuations past enrich. */
async function snapshots(exec: Executor, ids: string[]) {
  const rows = await exec.select({ id: valuations.id, inputs: valuations.inputs, resultHash: valuations.resultHash, modelVersion: valuations.modelVersion, batchId: valuations.batchId })
    .from(valuations).where(inArray(valuations.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Runs `fn` per valuation; a valuation whose work throws gets the error, the others go on. */
async function each(ids: string[], fn: (id: string) => Work | Promise<Work>) {
  const out = new Map<string, Work | Error>();
  for (const id of ids) {
    try {
      out.set(id, await fn(id));
    } catch (e) {
      out.set(id, e instanceof Error ? e : new Error(String(e)));
    }
  }
  return out;
}

const STEP_WORK: Record<ValuationStep, StepWork> = {
  /** Collects the facts (register, encumbrances, comparables) and freezes them as the input snapshot. */
  async enrich(db, ids) {
    const inputs = await collectInputsMany(db, ids, shanghaiDate(new Date()));
    return each(ids, (id) => {
      const input = inputs.get(id);
      if (!input) throw new FlowError("valuation.error.internal", "valuation missing");
      if (input instanceof Error) throw input;
      return {
        stepResult: { assets: input.assets.length, comparables: input.comparables.length, valuationDate: input.valuationDate },
        patch: { inputs: toJsonValue(input), modelVersion: modelVersion(input.parameters) },
      };
    });
  },
  async score(db, ids) {
    const snap = await snapshots(db, ids);
    return each(ids, (id) => {
      const inputs = snap.get(id)?.inputs;
      if (!inputs) throw new FlowError("valuation.error.internal", "no input snapshot (enrich has not run)");
      const json = toJsonValue(scoreAssets(inputFromJson(inputs)));
      return { stepResult: json, patch: { scores: json } };
    });
  },
  async value(db, ids) {
    const snap = await snapshots(db, ids);
    return each(ids, (id) => {
      const inputs = snap.get(id)?.inputs;
      if (!inputs) throw new FlowError("valuation.error.internal", "no input snapshot (enrich has not run)");
      // One rule for a valuation of its own and one of a batch: without a basis for a value it asks.
      let result: ValuationResult;
      let missing: NeededInput[];
      try {
        const input = inputFromJson(inputs);
        missing = missingInputs(input);
        result = valuate(input);
      } catch (e) {
        throw new FlowError("valuation.error.input", (e as Error).message);
      }
      // No basis for a value: nothing is stored as a result (no ¥0.00 – ¥0.00); the owner is asked.
      if (missing.length) return { stepResult: { needsInput: missing }, patch: {}, needsInput: missing };
      const text = canonicalJson(result);
      const hash = crypto.createHash("sha256").update(text).digest("hex");
      // The stored result omits the input snapshot: it is in `inputs` already.
      const { inputs: _omit, ...stored } = JSON.parse(text) as Record<string, unknown>;
      return {
        stepResult: { resultHash: hash, low: result.low.toString(), base: result.base.toString(), high: result.high.toString() },
        patch: { result: stored, resultHash: hash, lowValue: result.low, baseValue: result.base, highValue: result.high, modelVersion: result.modelVersion },
      };
    });
  },
  /**
   * Seals the report: the engine that made the result, re-run on the frozen snapshot, must give the
   * stored hash — the report (rendered from exactly this on first download, see
   * valuation-report-file.server.ts) then shows what was computed. The PDF itself is not drawn here.
   */
  async report(db, ids) {
    const snap = await snapshots(db, ids);
    return each(ids, (id) => {
      const v = snap.get(id);
      if (!v?.inputs || !v.resultHash) throw new FlowError("valuation.error.internal", "report before value");
      const again = crypto.createHash("sha256").update(canonicalJson(valuate(inputFromJson(v.inputs), engineOf(v.modelVersion)))).digest("hex");
      if (again !== v.resultHash) throw new FlowError("valuation.error.report", `the engine ${v.modelVersion} no longer reproduces the stored result`);
      return { stepResult: { resultHash: again, template: REPORT_TEMPLATE }, patch: {} };
    });
  },
};
