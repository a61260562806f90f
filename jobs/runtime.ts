import { Queue, Worker } from "bullmq";
import { closeDb, getDb } from "#db/client.server";
import { env } from "#app/utils/env.server";
import { createRedis, queuePrefix } from "./connection";
import { QUEUE_NAMES, type QueueName } from "./queues";
import { processors, workerOptions } from "./registry";
import { bullmqDispatcher, startRelay } from "./relay";
import { startSchedulers } from "./schedulers";

/**
 * `npm run worker`: a BullMQ worker for every queue plus an outbox relay. Run any number of them;
 * SIGTERM lets running jobs finish, then closes Redis and the database.
 */
export async function runWorker(opts: { concurrency?: number } = {}) {
  if (!env.REDIS_URL) throw new Error("npm run worker needs REDIS_URL (without it, jobs run inside the web process)");
  const db = await getDb();
  const connection = createRedis("worker");
  const producer = createRedis("worker");
  const queues = new Map<QueueName, Queue>();
  const getQueue = (name: QueueName) => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, {
        connection: producer, prefix: queuePrefix(),
        defaultJobOptions: { attempts: 5, backoff: { type: "exponential", delay: 1000 }, removeOnComplete: { age: 86_400, count: 10_000 }, removeOnFail: { age: 7 * 86_400 } },
      });
      queues.set(name, q);
    }
    return q;
  };

  const workers = QUEUE_NAMES.map(
    (name) =>
      new Worker(
        name,
        async (job) =>
          processors[name](job.data, {
            id: job.id ?? "", name: job.name, attemptsMade: job.attemptsMade, db,
            updateProgress: (p) => job.updateProgress(p),
            log: (m) => void job.log(m),
          }),
        { connection, prefix: queuePrefix(), concurrency: opts.concurrency ?? 4, autorun: true, ...workerOptions[name] },
      ),
  );
  for (const w of workers) w.on("failed", (job, err) => console.error(`[worker] ${w.name}/${job?.name} ${job?.id} failed: ${err.message}`));

  const relay = startRelay(db, bullmqDispatcher(getQueue), { log: (m) => console.error(m) });
  const schedulers = await startSchedulers(getQueue);

  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await relay.stop();
    await schedulers.stop();
    await Promise.all(workers.map((w) => w.close()));
    await Promise.all([...queues.values()].map((q) => q.close()));
    await Promise.allSettled([connection.quit(), producer.quit()]);
    await closeDb();
  };
  return { close, workers, getQueue };
}
