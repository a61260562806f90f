import type { Queue } from "bullmq";
import type { FailureHandler } from "#app/services/job-outcomes.server";
import { onMatchingJobFailed } from "#app/services/matching.server";
import { onPaymentJobFailed } from "#app/services/payments.server";
import { onValuationJobFailed } from "#app/services/valuation-flow.server";
import { env } from "#app/utils/env.server";
import type { QueueName } from "./queues";
import type { OutboxRow } from "./processors/types";
import { processNotification } from "./processors/notifications";
import { processMatching } from "./processors/matching";
import { processMonitoring } from "./processors/monitoring";
import { processPayment } from "./processors/payments";
import { processWebhook } from "./processors/webhooks";
import type { Processor } from "./processors/types";
import { dispatchValuationFlow, processValuation } from "./processors/valuation";

/** The processor of each queue; the worker and the in-process runner both use this table. */
export const processors: Record<QueueName, Processor> = {
  notifications: processNotification,
  matching: processMatching,
  monitoring: processMonitoring,
  valuation: processValuation,
  payments: processPayment,
  webhooks: processWebhook,
};

/**
 * Redis mode: queues whose outbox rows are dispatched as something other than one job (the
 * valuation's steps run as a BullMQ flow). The rest get `queue.add` (see `bullmqDispatcher`).
 */
export const redisDispatchers: Partial<Record<QueueName, (row: OutboxRow, getQueue: (name: QueueName) => Queue) => Promise<void>>> = {
  valuation: dispatchValuationFlow,
};

/**
 * What a job that BullMQ gave up on leaves behind (docs/decisions/job-reconciliation.md): the
 * handler fails the entity the job served. Queues without one (notifications, monitoring sweeps)
 * have no entity of their own: their failed delivery is shown on /admin/jobs to be requeued.
 */
export const failureHandlers: Partial<Record<QueueName, FailureHandler>> = {
  valuation: onValuationJobFailed,
  matching: onMatchingJobFailed,
  payments: onPaymentJobFailed,
};

/**
 * Worker options for every queue: a short lock, so that a crashed worker's job is taken over within
 * about `JOB_LOCK_MS + 2 × JOB_STALLED_INTERVAL_MS`; a job stalled more than `JOB_MAX_STALLED_COUNT`
 * times (it keeps killing its workers, or they keep dying under it) fails for good.
 */
export const workerOptions = (_queue: QueueName) => ({
  lockDuration: env.JOB_LOCK_MS,
  stalledInterval: env.JOB_STALLED_INTERVAL_MS,
  maxStalledCount: env.JOB_MAX_STALLED_COUNT,
});
