import { Queue, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { closeDb, getDb, type Db } from "#db/client.server";
import { recordJobCompleted, recordJobFailure } from "#app/services/job-outcomes.server";
import { env } from "#app/utils/env.server";
import { errorFields, errorMessage, logger, withLogContext, withoutQueryParameters } from "#app/utils/logger.server";
import { metrics } from "#app/utils/metrics.server";
import { createRedis, queuePrefix } from "./connection";
import { QUEUE_NAMES, type QueueName } from "./queues";
import { bullmqProbe, startReconciler } from "./reconciler";
import { failureHandlers, processors, workerOptions } from "./registry";
import { bullmqDispatcher, startRelay } from "./relay";
import { ensureSchedulers, startSchedulers } from "./schedulers";

/**
 * `npm run worker`: a BullMQ worker for every queue, the outbox relay and reconciliation. Run any
 * number of them. Nothing in here may reject unhandled: Redis going away (and coming back empty) is
 * an error event to log, a job to retry or a delivery to reconcile — never a reason to exit.
 * SIGTERM lets running jobs finish (bounded by SHUTDOWN_TIMEOUT_MS), then closes Redis and the database.
 */
export async function runWorker(opts: { concurrency?: number } = {}) {
  if (!env.REDIS_URL) throw new Error("npm run worker needs REDIS_URL (without it, jobs run inside the web process)");
  const db = await getDb();
  const connection = createRedis("worker");
  // Relay, reconciliation and schedulers fail fast while Redis is away instead of queueing commands.
  const producer = createRedis("producer");
  for (const [name, c] of [["worker", connection], ["producer", producer]] as const) {
    c.on("error", (e) => logger.warn({ ...errorFields(e), connection: name }, "redis connection error"));
  }
  const queues = new Map<QueueName, Queue>();
  const getQueue = (name: QueueName) => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, {
        connection: producer, prefix: queuePrefix(),
        defaultJobOptions: { attempts: 5, backoff: { type: "exponential", delay: 1000 }, removeOnComplete: { age: 86_400, count: 10_000 }, removeOnFail: { age: 7 * 86_400 } },
      });
      q.on("error", (e) => logger.warn({ ...errorFields(e), queue: name }, "queue error"));
      queues.set(name, q);
    }
    return q;
  };

  const workers = QUEUE_NAMES.map((name) => {
    const w = new Worker(name, (job) => processJob(db, name, job), {
      connection, prefix: queuePrefix(), concurrency: opts.concurrency ?? (name === "valuation" ? env.VALUATION_WORKER_CONCURRENCY : 4), autorun: true, ...workerOptions(name),
    });
    w.on("error", (e) => logger.warn({ ...errorFields(e), queue: name }, "worker error"));
    w.on("failed", (job, err) => void onFailed(db, name, job, err));
    return w;
  });

  const relay = startRelay(db, bullmqDispatcher(getQueue), { canDispatch: () => producer.status === "ready" });
  const schedulers = await startSchedulers(getQueue);
  const reconciler = startReconciler(db, { probe: bullmqProbe(getQueue), lock: true, beforeRound: () => ensureSchedulers(getQueue) });

  let closing: Promise<void> | null = null;
  const close = () => (closing ??= (async () => {
    await relay.stop();
    await reconciler.stop();
    await schedulers.stop();
    const finished = Promise.all(workers.map((w) => w.close()));
    const timedOut = await Promise.race([finished.then(() => false), sleep(env.SHUTDOWN_TIMEOUT_MS).then(() => true)]);
    // Jobs still running are left to stall: another worker takes them over.
    if (timedOut) await Promise.allSettled(workers.map((w) => w.close(true)));
    await Promise.allSettled([...queues.values()].map((q) => q.close()));
    await Promise.allSettled([quit(connection), quit(producer)]);
    await closeDb();
  })());
  return { close, workers, getQueue };
}

/** One job: its log lines carry the job id; its completion closes the delivery it belongs to. */
function processJob(db: Db, queue: QueueName, job: Job) {
  return withLogContext({ jobId: job.id, queue, job: job.name }, async () => {
    const end = metrics.jobDuration.startTimer({ queue, name: job.name });
    try {
      const out = await processors[queue](job.data, {
        id: job.id ?? "", name: job.name, attemptsMade: job.attemptsMade, db,
        // Progress and job logs are for show: losing them (Redis away) must not fail the work.
        updateProgress: (p) => job.updateProgress(p).catch((e) => logger.warn(errorFields(e), "job progress not recorded")),
        log: (m) => {
          logger.info(m);
          job.log(m).catch(() => {});
        },
      });
      // Only a job without a parent can close a delivery (a flow's steps are children of its root).
      if (job.id && !job.parentKey) await recordJobCompleted(db, job.id);
      const seconds = end({ outcome: "completed" });
      logger.info({ ms: Math.round(seconds * 1000), attemptsMade: job.attemptsMade }, "job completed");
      return out;
    } catch (e) {
      end({ outcome: "failed" });
      throw withoutQueryParameters(e); // BullMQ keeps the message in Redis (failedReason)
    }
  });
}

/** A job failed: if BullMQ will not try it again, its delivery and its entity fail now. */
async function onFailed(db: Db, queue: QueueName, job: Job | undefined, err: Error) {
  if (!job) return;
  await withLogContext({ jobId: job.id, queue, job: job.name }, async () => {
    // `finishedOn` is set only when the job moved to failed for good (no retry left, the stall limit, unrecoverable).
    const final = Boolean(job.finishedOn);
    logger.warn({ ...errorFields(err), attemptsMade: job.attemptsMade, final }, "job failed");
    if (!final) {
      metrics.jobFailures.inc({ queue, name: job.name, final: "false" });
      return;
    }
    try {
      await recordJobFailure(db, { queue, name: job.name, jobId: job.id ?? null, data: job.data, reason: errorMessage(err), source: "worker" }, failureHandlers[queue]);
    } catch (e) {
      // Reconciliation finds the failed job later and does the same.
      logger.error(errorFields(e), "recording a job failure failed");
    }
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());
const quit = (c: Redis) => c.quit().catch(() => c.disconnect());
