import type { Db } from "#db/client.server";
import type { QueueName } from "../queues";

/** What a processor gets, whether BullMQ or the in-process runner calls it. */
export type JobContext = {
  id: string;
  name: string;
  attemptsMade: number;
  db: Db;
  updateProgress: (progress: number | object) => Promise<void>;
  log: (message: string) => void;
};

export type Processor = (data: unknown, ctx: JobContext) => Promise<unknown>;

/** An outbox row as the relay claims it and hands it to a dispatcher (defined here, below the relay and the registry). */
export type OutboxRow = { id: number; queue: QueueName; name: string; payload: unknown; dedupe_key: string; job_id: string | null; attempts: number };
