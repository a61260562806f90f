import type { Db } from "#db/client.server";

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
