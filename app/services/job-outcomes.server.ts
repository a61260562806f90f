import { and, eq, isNull, type SQL } from "drizzle-orm";
import type { Db, Executor, Tx } from "#db/client.server";
import { outbox } from "#db/schema/index";
import type { QueueName } from "#jobs/queues";
import type { Actor } from "#app/domain/policy/index";
import { metrics } from "#app/utils/metrics.server";
import { audit } from "./operations.server";

/**
 * How a delivery ends. The worker closes an outbox row when the row's job (for a flow: its last
 * step) has run to completion — after the processor's own transaction committed, so a crash in
 * between only means the idempotent job runs once more. When BullMQ gives up on a job (stall
 * limit, a failed child, attempts used up) the row is failed and the queue's failure handler
 * (`failureHandlers` in jobs/registry.ts) fails the entity, all in one transaction.
 */
export type JobFailure = {
  queue: QueueName;
  name: string;
  /** The BullMQ job that failed (a flow step or a root job); null when the row never reached BullMQ. */
  jobId: string | null;
  outboxId?: number;
  data: unknown;
  reason: string;
  /** Who found out: the worker that saw BullMQ fail it, or reconciliation (audited as `reconcile.failed`). */
  source: "worker" | "reconciler";
};

/** Fails the entity a job served (valuation, application…); writes its own audit row. Idempotent. */
export type FailureHandler = (tx: Tx, failure: JobFailure) => Promise<void>;

const SYSTEM: Actor = { type: "system", job: "jobs" };

/** The job finished: its delivery is closed (and a failure recorded before, e.g. then retried by an admin, cleared). */
export async function recordJobCompleted(exec: Executor, jobId: string): Promise<boolean> {
  const rows = await exec.update(outbox).set({ completedAt: new Date(), failedAt: null, failure: null })
    .where(and(eq(outbox.jobId, jobId), isNull(outbox.completedAt))).returning({ id: outbox.id });
  return rows.length > 0;
}

/** BullMQ (or the relay) gave up on a job: close its delivery as failed and fail what it was for. */
export async function recordJobFailure(db: Db, failure: JobFailure, handler: FailureHandler | undefined) {
  const target: SQL | undefined = failure.outboxId !== undefined
    ? eq(outbox.id, failure.outboxId)
    : failure.jobId ? eq(outbox.jobId, failure.jobId) : undefined;
  const reason = failure.reason.slice(0, 2000);
  await db.transaction(async (tx) => {
    const rows = target
      ? await tx.update(outbox).set({ failedAt: new Date(), failure: reason })
        .where(and(target, isNull(outbox.completedAt), isNull(outbox.failedAt))).returning({ id: outbox.id })
      : [];
    if (handler) await handler(tx, { ...failure, reason });
    for (const r of rows) {
      await audit(tx, SYSTEM, {
        action: failure.source === "reconciler" ? "reconcile.failed" : "job.failed", entityType: "outbox", entityId: String(r.id),
        after: { queue: failure.queue, name: failure.name, jobId: failure.jobId, reason, source: failure.source },
      });
    }
  });
  metrics.jobFailures.inc({ queue: failure.queue, name: failure.name, final: "true" });
}
