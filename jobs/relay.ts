import { sql } from "drizzle-orm";
import type { Queue } from "bullmq";
import { queryRows, type Db } from "#db/client.server";
import { onRelayKick } from "#app/services/operations.server";
import { env } from "#app/utils/env.server";
import { errorFields, errorMessage, logger, withLogContext } from "#app/utils/logger.server";
import { metrics } from "#app/utils/metrics.server";
import { MAX_DISPATCH_ATTEMPTS, toJobId, type QueueName } from "./queues";
import { processors, redisDispatchers } from "./registry";
import type { JobContext, OutboxRow } from "./processors/types";

export type { OutboxRow };
/** `completed`: the dispatcher ran the job to its end (embedded mode), so the delivery is closed too. */
export type Dispatch = (row: OutboxRow) => Promise<{ completed?: boolean } | void>;


/**
 * Claims due outbox rows (SKIP LOCKED: any number of relays may run), hands each to `dispatch`, and
 * marks it dispatched. A relay that dies mid-way loses nothing: its lease (OUTBOX_LEASE_MS) runs out
 * and another relay takes the row. Dispatch is idempotent downstream (BullMQ job id = dedupe key; processors dedupe).
 * Dispatched is not delivered: the row stays open until the worker records the job's completion
 * (or reconciliation finds the job gone and hands the row back here).
 */
export async function relayBatch(db: Db, dispatch: Dispatch, limit = 50): Promise<number> {
  const rows = await queryRows<OutboxRow>(db, sql`
    update outbox set available_at = now() + make_interval(secs => ${env.OUTBOX_LEASE_MS / 1000}), attempts = attempts + 1
    where id in (
      select id from outbox
      where dispatched_at is null and completed_at is null and failed_at is null
        and available_at <= now() and attempts < ${MAX_DISPATCH_ATTEMPTS}
      order by id limit ${limit} for update skip locked
    )
    returning id, queue, name, payload, dedupe_key, job_id, attempts`);
  const dispatched: number[] = [];
  for (const row of rows.sort((a, b) => Number(a.id) - Number(b.id))) {
    try {
      const out = await dispatch(row);
      if (out?.completed) await db.execute(sql`update outbox set dispatched_at = now(), last_error = null, completed_at = coalesce(completed_at, now()) where id = ${row.id}`);
      else dispatched.push(Number(row.id));
      metrics.relayDispatched.inc({ queue: row.queue });
    } catch (e) {
      const backoff = Math.min(2 ** row.attempts, 300);
      logger.warn({ ...errorFields(e), outboxId: row.id, queue: row.queue, job: row.name, attempts: row.attempts }, "relay: dispatch failed, will retry");
      await db.execute(sql`update outbox set last_error = ${errorMessage(e).slice(0, 2000)},
        available_at = now() + make_interval(secs => ${backoff}) where id = ${row.id}`);
    }
  }
  // One statement for the batch; a relay that dies before it only dispatches those rows again, which adds nothing.
  if (dispatched.length) await db.execute(sql`update outbox set dispatched_at = now(), last_error = null where id in (${sql.join(dispatched.map((id) => sql`${id}`), sql`, `)})`);
  return rows.length;
}

/** Embedded mode: run the processor right here; its end is the delivery's end. */
export function inlineDispatcher(db: Db): Dispatch {
  return async (row) => {
    const id = toJobId(row.dedupe_key);
    await withLogContext({ jobId: id, queue: row.queue, job: row.name }, async () => {
      const ctx: JobContext = {
        id, name: row.name, attemptsMade: row.attempts - 1, db,
        updateProgress: async () => {}, log: (m) => logger.info(m),
      };
      const end = metrics.jobDuration.startTimer({ queue: row.queue, name: row.name });
      try {
        await processors[row.queue](row.payload, ctx);
        end({ outcome: "completed" });
      } catch (e) {
        end({ outcome: "failed" });
        throw e;
      }
    });
    return { completed: true };
  };
}

/**
 * Redis mode: add a BullMQ job whose id is the dedupe key, so a second relay adds nothing. A queue
 * listed in `redisDispatchers` (e.g. valuation: a flow of steps) dispatches its rows itself.
 */
export function bullmqDispatcher(getQueue: (name: QueueName) => Queue): Dispatch {
  return async (row) => {
    const custom = redisDispatchers[row.queue];
    if (custom) return custom(row, getQueue);
    await getQueue(row.queue).add(row.name, row.payload, { jobId: toJobId(row.dedupe_key) });
  };
}

/**
 * Polls the outbox until stopped; `kickRelay()` from a service wakes it early. `canDispatch` (the
 * producer's Redis connection is up) keeps the relay from burning rows' attempts during an outage.
 */
export function startRelay(db: Db, dispatch: Dispatch, opts: { intervalMs?: number; canDispatch?: () => boolean } = {}) {
  let stopped = false;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let again = false;

  const tick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    if (timer) clearTimeout(timer);
    running = (async () => {
      try {
        while (!stopped && (opts.canDispatch?.() ?? true) && (await relayBatch(db, dispatch)) > 0) { /* drain */ }
      } catch (e) {
        logger.warn(errorFields(e), "relay: batch failed");
      }
    })().finally(() => {
      running = null;
      if (stopped) return;
      if (again) {
        again = false;
        tick();
      } else {
        timer = setTimeout(tick, opts.intervalMs ?? 500);
      }
    });
  };
  onRelayKick(tick);
  tick();
  return {
    async stop() {
      stopped = true;
      onRelayKick(undefined);
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

