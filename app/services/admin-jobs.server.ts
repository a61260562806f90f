import type { Job } from "bullmq";
import { and, desc, eq, isNotNull, isNull, or, sql } from "drizzle-orm";
import { getDb, queryRows } from "#db/client.server";
import { outbox } from "#db/schema/index";
import { QUEUE_NAMES, type QueueName } from "#jobs/queues";
import type { Actor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { env } from "#app/utils/env.server";
import { ServiceError } from "#app/utils/http.server";
import { errorMessage } from "#app/utils/logger.server";
import type { OperationalSnapshot } from "#app/utils/metrics.server";
import { getQueue } from "#app/utils/queue.server";
import { withTimeout } from "#app/utils/with-timeout.server";
import { audit, kickRelay } from "./operations.server";
import { operationalSnapshot, recentReconciliation } from "./reconciliation.server";

export const JOB_STATES = ["waiting", "active", "delayed", "prioritized", "failed", "completed"] as const;
export type JobState = (typeof JOB_STATES)[number];

export type QueueView = {
  name: QueueName;
  counts: Record<JobState, number> | null;
  failed: Array<{ id: string; name: string; error: string; attempts: number; failedAt: string | null }>;
  error: string | null;
};

export type OutboxView = {
  pending: number;
  failing: number;
  rows: Array<{
    id: number; queue: string; name: string; attempts: number; lastError: string | null; availableAt: Date; createdAt: Date; dedupeKey: string;
    failedAt: Date | null; failure: string | null;
  }>;
};

export type ReconciliationView = {
  snapshot: OperationalSnapshot;
  recent: Awaited<ReturnType<typeof recentReconciliation>>;
  intervalSeconds: number;
  stuckMinutes: number;
};

/**
 * The job queues as the console shows them. With Redis: BullMQ's counts per queue and state and the
 * latest failed jobs with their error. Always: the outbox (jobs not yet handed over, and deliveries
 * that failed), and what reconciliation found and did.
 */
export async function jobsOverview(actor: Actor, failedLimit = 20): Promise<{ mode: "bullmq" | "embedded"; queues: QueueView[]; outbox: OutboxView; reconciliation: ReconciliationView }> {
  requireCan(actor, "jobs.manage");
  const mode = env.REDIS_URL ? "bullmq" : "embedded";
  const queues: QueueView[] = [];
  if (mode === "bullmq") {
    for (const name of QUEUE_NAMES) {
      const q = getQueue(name)!;
      try {
        const counts = (await withTimeout(q.getJobCounts(...JOB_STATES), 3000)) as Record<JobState, number>;
        const failed = (await withTimeout(q.getFailed(0, failedLimit - 1), 3000)) as Job[];
        queues.push({
          name, counts, error: null,
          failed: failed.filter(Boolean).map((j) => ({
            id: String(j.id), name: j.name, error: (j.failedReason ?? "").slice(0, 2000), attempts: j.attemptsMade,
            failedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
          })),
        });
      } catch (e) {
        queues.push({ name, counts: null, failed: [], error: errorMessage(e) });
      }
    }
  }
  const db = await getDb();
  return {
    mode, queues, outbox: await outboxView(),
    reconciliation: {
      snapshot: await operationalSnapshot(db),
      recent: await recentReconciliation(db),
      intervalSeconds: Math.round(env.RECONCILE_INTERVAL_MS / 1000),
      stuckMinutes: Math.round(env.JOB_STUCK_AFTER_MS / 60_000),
    },
  };
}

async function outboxView(): Promise<OutboxView> {
  const db = await getDb();
  const [stats] = await queryRows<{ pending: number; failing: number }>(db, sql`
    select count(*)::int as pending, count(*) filter (where last_error is not null)::int as failing
    from outbox where dispatched_at is null and completed_at is null and failed_at is null`);
  const waiting = and(isNull(outbox.dispatchedAt), isNull(outbox.completedAt), isNull(outbox.failedAt));
  const rows = await db
    .select({
      id: outbox.id, queue: outbox.queue, name: outbox.name, attempts: outbox.attempts, lastError: outbox.lastError,
      availableAt: outbox.availableAt, createdAt: outbox.createdAt, dedupeKey: outbox.dedupeKey, failedAt: outbox.failedAt, failure: outbox.failure,
    })
    .from(outbox)
    .where(or(waiting, isNotNull(outbox.failedAt)))
    .orderBy(desc(sql`${outbox.failedAt} is not null or ${outbox.lastError} is not null`), desc(outbox.id))
    .limit(50);
  return { pending: Number(stats?.pending ?? 0), failing: Number(stats?.failing ?? 0), rows };
}

/** Retries a failed BullMQ job (and audits who did). Only a failed job can be retried. */
export async function retryJob(actor: Actor, queue: string, jobId: string) {
  requireCan(actor, "jobs.manage");
  const q = (QUEUE_NAMES as string[]).includes(queue) ? getQueue(queue as QueueName) : null;
  if (!q) throw new ServiceError(404, "errors.notFound");
  const job = (await q.getJob(jobId)) as Job | undefined;
  if (!job) throw new ServiceError(404, "errors.notFound");
  const state = await job.getState();
  if (state !== "failed") throw new ServiceError(409, "console.jobs.notFailed");
  await job.retry("failed");
  const db = await getDb();
  await audit(db, actor, {
    action: "job.retried", entityType: "job", entityId: `${queue}/${jobId}`,
    before: { state, error: job.failedReason ?? null, attempts: job.attemptsMade }, after: { state: "waiting" },
  });
  return { queue, jobId, name: job.name };
}

/**
 * Hands an outbox row to the relay again now, with its attempts reset: one not yet dispatched (a row
 * that used up its attempts is otherwise failed by reconciliation), or a delivery that failed — its
 * failed BullMQ job is removed first, so the relay adds it afresh under the same id. A valuation is
 * retried from its page instead (a new attempt). Delivered rows are not touched.
 */
export async function requeueOutbox(actor: Actor, id: number) {
  requireCan(actor, "jobs.manage");
  const db = await getDb();
  const [target] = await db.select({ queue: outbox.queue, jobId: outbox.jobId, failedAt: outbox.failedAt })
    .from(outbox).where(and(eq(outbox.id, id), isNull(outbox.completedAt), or(isNull(outbox.dispatchedAt), isNotNull(outbox.failedAt))));
  if (!target) throw new ServiceError(404, "errors.notFound");
  if (target.failedAt && target.queue === "valuation") throw new ServiceError(409, "console.jobs.retryFromPage");
  if (target.failedAt && target.jobId) await withTimeout(getQueue(target.queue as QueueName)?.remove(target.jobId) ?? Promise.resolve(0), 3000);
  const row = await db.transaction(async (tx) => {
    const [before] = await tx.select({ id: outbox.id, attempts: outbox.attempts, lastError: outbox.lastError, failure: outbox.failure, queue: outbox.queue, name: outbox.name })
      .from(outbox).where(and(eq(outbox.id, id), isNull(outbox.completedAt), or(isNull(outbox.dispatchedAt), isNotNull(outbox.failedAt)))).for("update");
    if (!before) throw new ServiceError(404, "errors.notFound");
    await tx.update(outbox).set({ availableAt: new Date(), attempts: 0, dispatchedAt: null, failedAt: null, failure: null }).where(eq(outbox.id, id));
    await audit(tx, actor, {
      action: "outbox.requeued", entityType: "outbox", entityId: String(id),
      before: { attempts: before.attempts, lastError: before.lastError, failure: before.failure }, after: { attempts: 0 },
    });
    return before;
  });
  kickRelay();
  return row;
}

/** Failed outbox rows (for the console's count in embedded mode). */
export async function countFailingOutbox() {
  const db = await getDb();
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(outbox).where(and(isNull(outbox.dispatchedAt), isNotNull(outbox.lastError)));
  return Number(row?.n ?? 0);
}
