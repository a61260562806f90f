import type { Queue } from "bullmq";
import type { Db } from "#db/client.server";
import { errorFields, logger, withLogContext } from "#app/utils/logger.server";
import type { QueueName } from "./queues";
import { processors } from "./registry";

/** A recurring job. Each context adds its own here (monitoring sweeps, expiry checks). */
export type Schedule = { id: string; queue: QueueName; name: string; everyMs: number; data?: Record<string, unknown> };

export const schedules: Schedule[] = [
  { id: "matching-valuation-sweep", queue: "matching", name: "valuation-sweep", everyMs: 10_000 },
  { id: "matching-demand-sweep", queue: "matching", name: "demand-sweep", everyMs: 60 * 60_000 },
  { id: "monitoring-collateral-sweep", queue: "monitoring", name: "collateral-sweep", everyMs: 60 * 60_000 },
  { id: "monitoring-listed-asset-sweep", queue: "monitoring", name: "listed-asset-sweep", everyMs: 6 * 60 * 60_000 },
  { id: "monitoring-auction-sweep", queue: "monitoring", name: "auction-sweep", everyMs: 60_000 },
  { id: "monitoring-royalty-sweep", queue: "monitoring", name: "royalty-sweep", everyMs: 60 * 60_000 },
  { id: "notifications-saved-search-sweep", queue: "notifications", name: "saved-search-sweep", everyMs: 5 * 60_000 },
  { id: "valuation-expire-sweep", queue: "valuation", name: "expire-sweep", everyMs: 60 * 60_000 },
  { id: "webhooks-health-sweep", queue: "webhooks", name: "health-sweep", everyMs: 60 * 60_000 },
  { id: "notifications-digest-sweep", queue: "notifications", name: "digest-sweep", everyMs: 60 * 60_000 },
];

/** Redis mode: BullMQ job schedulers (idempotent upserts, so every worker may call this). */
export async function startSchedulers(getQueue: (name: QueueName) => Queue) {
  for (const s of schedules) {
    await getQueue(s.queue).upsertJobScheduler(s.id, { every: s.everyMs }, { name: s.name, data: s.data ?? {} });
  }
  return { stop: async () => {} };
}

/**
 * Puts back any scheduler Redis no longer has (a Redis restarted without its data loses them with
 * every job): run before each reconciliation round.
 */
export async function ensureSchedulers(getQueue: (name: QueueName) => Queue) {
  let restored = 0;
  for (const s of schedules) {
    const q = getQueue(s.queue);
    if (await q.getJobScheduler(s.id)) continue;
    await q.upsertJobScheduler(s.id, { every: s.everyMs }, { name: s.name, data: s.data ?? {} });
    restored++;
  }
  if (restored) logger.warn({ restored }, "schedulers missing from Redis were restored");
  return restored;
}

/** Embedded mode: the same processors on timers inside the web process. */
export function startInlineSchedulers(db: Db) {
  const timers = schedules.map((s) =>
    setInterval(() => {
      const id = `${s.id}.${Date.now()}`;
      void withLogContext({ jobId: id, queue: s.queue, job: s.name }, () =>
        processors[s.queue](s.data ?? {}, {
          id, name: s.name, attemptsMade: 0, db, updateProgress: async () => {}, log: (m) => logger.info(m),
        }).catch((e) => logger.error(errorFields(e), `schedule ${s.id} failed`)),
      );
    }, s.everyMs).unref(),
  );
  return { stop: async () => timers.forEach(clearInterval) };
}
