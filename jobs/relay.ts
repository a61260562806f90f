import { sql } from "drizzle-orm";
import type { Queue } from "bullmq";
import { queryRows, type Db } from "#db/client.server";
import { onRelayKick } from "#app/services/operations.server";
import { toJobId, type QueueName } from "./queues";
import { processors, redisDispatchers } from "./registry";
import type { JobContext, OutboxRow } from "./processors/types";

export type { OutboxRow };

/** How long a claimed row stays invisible to other relays before it is tried again. */
const LEASE_SECONDS = 120;
const MAX_ATTEMPTS = 12;

/**
 * Claims due outbox rows (SKIP LOCKED: any number of relays may run), hands each to `dispatch`, and
 * marks it dispatched. A relay that dies mid-way loses nothing: its lease runs out and another relay
 * takes the row. Dispatch is idempotent downstream (BullMQ job id = dedupe key; processors dedupe).
 */
export async function relayBatch(db: Db, dispatch: (row: OutboxRow) => Promise<void>, limit = 50): Promise<number> {
  const rows = await queryRows<OutboxRow>(db, sql`
    update outbox set available_at = now() + make_interval(secs => ${LEASE_SECONDS}), attempts = attempts + 1
    where id in (
      select id from outbox
      where dispatched_at is null and available_at <= now() and attempts < ${MAX_ATTEMPTS}
      order by id limit ${limit} for update skip locked
    )
    returning id, queue, name, payload, dedupe_key, attempts`);
  for (const row of rows.sort((a, b) => Number(a.id) - Number(b.id))) {
    try {
      await dispatch(row);
      await db.execute(sql`update outbox set dispatched_at = now(), last_error = null where id = ${row.id}`);
    } catch (e) {
      const backoff = Math.min(2 ** row.attempts, 300);
      await db.execute(sql`update outbox set last_error = ${String((e as Error)?.message ?? e).slice(0, 2000)},
        available_at = now() + make_interval(secs => ${backoff}) where id = ${row.id}`);
    }
  }
  return rows.length;
}

/** Embedded mode: run the processor right here. */
export function inlineDispatcher(db: Db) {
  return async (row: OutboxRow) => {
    const ctx: JobContext = {
      id: toJobId(row.dedupe_key), name: row.name, attemptsMade: row.attempts - 1, db,
      updateProgress: async () => {}, log: () => {},
    };
    await processors[row.queue](row.payload, ctx);
  };
}

/**
 * Redis mode: add a BullMQ job whose id is the dedupe key, so a second relay adds nothing. A queue
 * listed in `redisDispatchers` (e.g. valuation: a flow of steps) dispatches its rows itself.
 */
export function bullmqDispatcher(getQueue: (name: QueueName) => Queue) {
  return async (row: OutboxRow) => {
    const custom = redisDispatchers[row.queue];
    if (custom) return custom(row, getQueue);
    await getQueue(row.queue).add(row.name, row.payload, { jobId: toJobId(row.dedupe_key) });
  };
}

/** Polls the outbox until stopped; `kickRelay()` from a service wakes it early. */
export function startRelay(db: Db, dispatch: (row: OutboxRow) => Promise<void>, opts: { intervalMs?: number; log?: (m: string) => void } = {}) {
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
        while (!stopped && (await relayBatch(db, dispatch)) > 0) { /* drain */ }
      } catch (e) {
        opts.log?.(`relay: ${(e as Error).message}`);
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
