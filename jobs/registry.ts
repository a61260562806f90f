import type { Queue } from "bullmq";
import type { QueueName } from "./queues";
import type { OutboxRow } from "./processors/types";
import { processNotification } from "./processors/notifications";
import { processMatching } from "./processors/matching";
import { processMonitoring } from "./processors/monitoring";
import { processPayment } from "./processors/payments";
import type { Processor } from "./processors/types";
import { dispatchValuationFlow, processValuation } from "./processors/valuation";

/** The processor of each queue; the worker and the in-process runner both use this table. */
export const processors: Record<QueueName, Processor> = {
  notifications: processNotification,
  matching: processMatching,
  monitoring: processMonitoring,
  valuation: processValuation,
  payments: processPayment,
};

/**
 * Redis mode: queues whose outbox rows are dispatched as something other than one job (the
 * valuation's steps run as a BullMQ flow). The rest get `queue.add` (see `bullmqDispatcher`).
 */
export const redisDispatchers: Partial<Record<QueueName, (row: OutboxRow, getQueue: (name: QueueName) => Queue) => Promise<void>>> = {
  valuation: dispatchValuationFlow,
};

/** Per-queue worker options: valuation steps are short, so a crashed worker's step is taken over quickly. */
export const workerOptions: Partial<Record<QueueName, { lockDuration?: number; stalledInterval?: number }>> = {
  valuation: { lockDuration: 10_000, stalledInterval: 5_000 },
};
