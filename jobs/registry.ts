import type { QueueName } from "./queues";
import { processNotification } from "./processors/notifications";
import type { Processor } from "./processors/types";

/** The processor of each queue; the worker and the in-process runner both use this table. */
export const processors: Record<QueueName, Processor> = {
  notifications: processNotification,
};
