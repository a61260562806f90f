import { and, asc, desc, eq, inArray, isNotNull, isNull, like, lt, sql } from "drizzle-orm";
import { queryRows, type Db, type Executor } from "#db/client.server";
import { auditEvents, outbox, valuations } from "#db/schema/index";
import { MAX_DISPATCH_ATTEMPTS, type QueueName } from "#jobs/queues";
import type { Actor } from "#app/domain/policy/index";
import { IN_PROGRESS } from "#app/domain/valuation/lifecycle";
import { env } from "#app/utils/env.server";
import { errorMessage, logger } from "#app/utils/logger.server";
import { metrics, type OperationalSnapshot } from "#app/utils/metrics.server";
import { recordJobCompleted, recordJobFailure, type FailureHandler } from "./job-outcomes.server";
import { audit, enqueue, kickRelay } from "./operations.server";

/**
 * Reconciliation (docs/decisions/job-reconciliation.md): work that claims to be in progress but has
 * no live job is handed back to the relay (job id = dedupe key, so adding it again is safe) or
 * failed. Every action is an audit row (`reconcile.*`), which /admin/jobs lists.
 */
export type JobProbe = (queue: QueueName, jobId: string) => Promise<{ state: string; failedReason?: string | null }>;

export type ReconcileReport = {
  skipped: boolean;
  checked: number;
  live: number;
  redispatched: number;
  completed: number;
  failed: number;
  valuations: number;
  probeError: string | null;
};

const SYSTEM: Actor = { type: "system", job: "reconciler" };
const RECONCILE_LOCK = 7_210_403;

type Deps = { probe: JobProbe | null; handlers: Partial<Record<QueueName, FailureHandler>>; lock: boolean };
type Opts = { graceMs: number; stuckMs: number; limit: number };

export async function reconcile(db: Db, deps: Deps, opts: Partial<Opts> = {}): Promise<ReconcileReport> {
  const o: Opts = { graceMs: env.RECONCILE_GRACE_MS, stuckMs: env.JOB_STUCK_AFTER_MS, limit: 200, ...opts };
  const report: ReconcileReport = { skipped: false, checked: 0, live: 0, redispatched: 0, completed: 0, failed: 0, valuations: 0, probeError: null };
  const run = async () => {
    if (deps.probe) await checkDispatched(db, deps, o, report);
    await failUndeliverable(db, deps, o, report);
    await reconcileValuations(db, deps, o, report);
    return report;
  };
  if (!deps.lock) return run();
  // Several workers run this; one at a time does (the others skip the round).
  return db.transaction(async (tx) => {
    const [r] = await queryRows<{ locked: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${RECONCILE_LOCK}) as locked`);
    if (!r?.locked) return { ...report, skipped: true };
    return run();
  });
}

const count = (action: string, n = 1) => metrics.reconcileActions.inc({ action }, n);

/** Handed over, not closed, and older than the grace period: is its job still in Redis? */
async function checkDispatched(db: Db, deps: Deps, o: Opts, report: ReconcileReport) {
  const rows = await db.select({ id: outbox.id, queue: outbox.queue, name: outbox.name, payload: outbox.payload, jobId: outbox.jobId })
    .from(outbox)
    .where(and(isNotNull(outbox.dispatchedAt), isNull(outbox.completedAt), isNull(outbox.failedAt), lt(outbox.dispatchedAt, new Date(Date.now() - o.graceMs))))
    .orderBy(asc(outbox.dispatchedAt)).limit(o.limit);
  for (const row of rows) {
    if (!row.jobId) continue;
    const queue = row.queue as QueueName;
    let probe: Awaited<ReturnType<JobProbe>>;
    try {
      probe = await deps.probe!(queue, row.jobId);
    } catch (e) {
      // Redis is not answering: nothing can be concluded about any job this round.
      report.probeError = errorMessage(e);
      return;
    }
    report.checked++;
    if (probe.state === "unknown") {
      const n = await db.transaction(async (tx) => {
        const back = await tx.update(outbox).set({ dispatchedAt: null, availableAt: new Date(), attempts: 0, lastError: "job no longer in the queue: dispatched again" })
          .where(and(eq(outbox.id, row.id), isNull(outbox.completedAt), isNull(outbox.failedAt))).returning({ id: outbox.id });
        if (back.length) await audit(tx, SYSTEM, { action: "reconcile.redispatched", entityType: "outbox", entityId: String(row.id), after: { queue, name: row.name, jobId: row.jobId } });
        return back.length;
      });
      report.redispatched += n;
      count("redispatched", n);
    } else if (probe.state === "completed") {
      const done = await db.transaction(async (tx) => {
        const closed = await recordJobCompleted(tx, row.jobId!);
        if (closed) await audit(tx, SYSTEM, { action: "reconcile.completed", entityType: "outbox", entityId: String(row.id), after: { queue, name: row.name, jobId: row.jobId } });
        return closed;
      });
      if (done) {
        report.completed++;
        count("completed");
      }
    } else if (probe.state === "failed") {
      await recordJobFailure(db, {
        queue, name: row.name, jobId: row.jobId, outboxId: row.id, data: row.payload, reason: probe.failedReason ?? "failed", source: "reconciler",
      }, deps.handlers[queue]);
      report.failed++;
      count("failed");
    } else {
      report.live++;
    }
  }
  if (report.redispatched) kickRelay();
}

/** Rows the relay gave up on (every dispatch failed): their entity is failed, the row shown to admins. */
async function failUndeliverable(db: Db, deps: Deps, o: Opts, report: ReconcileReport) {
  const rows = await db.select({ id: outbox.id, queue: outbox.queue, name: outbox.name, payload: outbox.payload, jobId: outbox.jobId, lastError: outbox.lastError })
    .from(outbox)
    .where(and(isNull(outbox.dispatchedAt), isNull(outbox.completedAt), isNull(outbox.failedAt), sql`${outbox.attempts} >= ${MAX_DISPATCH_ATTEMPTS}`))
    .orderBy(asc(outbox.id)).limit(o.limit);
  for (const row of rows) {
    const queue = row.queue as QueueName;
    await recordJobFailure(db, {
      queue, name: row.name, jobId: null, outboxId: row.id, data: row.payload,
      reason: `not dispatched after ${MAX_DISPATCH_ATTEMPTS} attempts: ${row.lastError ?? "unknown error"}`, source: "reconciler",
    }, deps.handlers[queue]);
    report.failed++;
    count("failed");
  }
}

/**
 * Valuations in progress without progress for `stuckMs`: if the delivery of their current attempt
 * is missing it is written again; if it ended (completed or failed) without ending the valuation,
 * the valuation's failure handler decides (restart or fail). A live delivery is left alone.
 */
async function reconcileValuations(db: Db, deps: Deps, o: Opts, report: ReconcileReport) {
  const stuck = await db.select({ id: valuations.id, attempt: valuations.attempt, batchId: valuations.batchId }).from(valuations)
    .where(and(inArray(valuations.status, [...IN_PROGRESS]), lt(valuations.updatedAt, new Date(Date.now() - o.stuckMs))))
    .orderBy(asc(valuations.updatedAt)).limit(o.limit);
  for (const v of stuck) {
    const dedupeKey = `valuation:${v.id}:${v.attempt}`;
    const payload = { valuationId: v.id, attempt: v.attempt };
    // A batch's first attempt is delivered by its chunk's row (`run-batch`), not a row of its own.
    const delivery = v.batchId && v.attempt === 1
      ? and(eq(outbox.name, "run-batch"), sql`${outbox.payload}->>'batchId' = ${v.batchId}`, sql`${outbox.payload}->'items' @> ${JSON.stringify([{ valuationId: v.id }])}::jsonb`)
      : eq(outbox.dedupeKey, dedupeKey);
    const [row] = await db.select({ id: outbox.id, completedAt: outbox.completedAt, failedAt: outbox.failedAt, failure: outbox.failure })
      .from(outbox).where(delivery);
    if (row && !row.completedAt && !row.failedAt) continue;
    await db.transaction(async (tx) => {
      if (!row) {
        await enqueue(tx, "valuation", "run", payload, { dedupeKey });
      } else {
        await deps.handlers.valuation?.(tx, {
          queue: "valuation", name: "run", jobId: null, outboxId: row.id, data: payload, source: "reconciler",
          reason: row.failure ?? "the flow ended without completing the valuation",
        });
      }
      await audit(tx, SYSTEM, {
        action: "reconcile.valuation", entityType: "valuation", entityId: v.id,
        after: { attempt: v.attempt, delivery: row ? (row.failedAt ? "failed" : "completed") : "missing" },
      });
    });
    report.valuations++;
    count(row ? "valuation-ended" : "valuation-requeued");
  }
}

/** What the metrics gauges and /admin/jobs show about the outbox and stuck work. */
export async function operationalSnapshot(exec: Executor, queues: () => Promise<OperationalSnapshot["queues"]> = async () => null): Promise<OperationalSnapshot> {
  // As text: postgres.js binds no Date in raw SQL.
  const stuckBefore = new Date(Date.now() - env.JOB_STUCK_AFTER_MS).toISOString();
  const [[o], [v], q] = await Promise.all([
    queryRows<{ pending: number; oldest: number | null; failed: number; stranded: number }>(exec, sql`
      select count(*) filter (where dispatched_at is null and failed_at is null)::int as pending,
        extract(epoch from now() - min(created_at) filter (where dispatched_at is null and failed_at is null))::float8 as oldest,
        count(*) filter (where failed_at is not null)::int as failed,
        count(*) filter (where failed_at is null and created_at < ${stuckBefore}::timestamptz)::int as stranded
      from outbox where completed_at is null`),
    queryRows<{ n: number }>(exec, sql`select count(*)::int as n from valuations where status in ('queued', 'running') and updated_at < ${stuckBefore}::timestamptz`),
    queues().catch(() => null),
  ]);
  return {
    queues: q,
    outboxPending: Number(o?.pending ?? 0),
    outboxOldestPendingSeconds: Number(o?.oldest ?? 0),
    outboxFailed: Number(o?.failed ?? 0),
    strandedOutbox: Number(o?.stranded ?? 0),
    strandedValuations: Number(v?.n ?? 0),
  };
}

/** The latest reconciliation actions, newest first. */
export async function recentReconciliation(exec: Executor, limit = 20) {
  return exec.select({ id: auditEvents.id, action: auditEvents.action, entityType: auditEvents.entityType, entityId: auditEvents.entityId, after: auditEvents.after, createdAt: auditEvents.createdAt })
    .from(auditEvents).where(like(auditEvents.action, "reconcile.%")).orderBy(desc(auditEvents.createdAt)).limit(limit);
}

export function logReport(r: ReconcileReport) {
  if (r.skipped) return;
  const acted = r.redispatched + r.completed + r.failed + r.valuations;
  (acted || r.probeError ? logger.info.bind(logger) : logger.debug.bind(logger))({ reconcile: r }, "reconciliation round");
}
