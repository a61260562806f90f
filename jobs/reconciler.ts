import type { Queue } from "bullmq";
import type { Db } from "#db/client.server";
import { logReport, reconcile, type JobProbe } from "#app/services/reconciliation.server";
import { env } from "#app/utils/env.server";
import { errorFields, logger } from "#app/utils/logger.server";
import { withTimeout } from "#app/utils/with-timeout.server";
import type { QueueName } from "./queues";
import { failureHandlers } from "./registry";

/** A job's state as BullMQ has it ('unknown': Redis no longer has the job). */
export function bullmqProbe(getQueue: (name: QueueName) => Queue): JobProbe {
  return async (queue, jobId) => {
    const q = getQueue(queue);
    const state = await withTimeout(q.getJobState(jobId), 3_000, "job state");
    if (state !== "failed") return { state };
    const job = await withTimeout(q.getJob(jobId), 3_000, "job");
    return { state, failedReason: job?.failedReason ?? null };
  };
}

/**
 * Runs reconciliation every `RECONCILE_INTERVAL_MS` in each worker (one at a time across workers, by
 * an advisory lock) and in the embedded web process. `beforeRound` lets the worker restore what
 * Redis may have lost besides jobs (its schedulers).
 */
export function startReconciler(db: Db, opts: { probe: JobProbe | null; lock: boolean; intervalMs?: number; beforeRound?: () => Promise<unknown> }) {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const round = async () => {
    try {
      await opts.beforeRound?.();
    } catch (e) {
      logger.warn(errorFields(e), "reconciliation: preparing the round failed");
    }
    try {
      logReport(await reconcile(db, { probe: opts.probe, handlers: failureHandlers, lock: opts.lock }));
    } catch (e) {
      logger.warn(errorFields(e), "reconciliation round failed");
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round().finally(() => {
        running = null;
        schedule();
      });
    }, opts.intervalMs ?? env.RECONCILE_INTERVAL_MS);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
