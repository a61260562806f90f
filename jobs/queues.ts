import { z } from "zod";

/**
 * Every queue, every job name on it, and the payload each carries. The outbox validates payloads
 * against these before writing, so a malformed job never reaches a worker.
 */
export const jobSchemas = {
  notifications: {
    "org-status-changed": z.object({
      orgId: z.uuid(),
      status: z.enum(["verified", "rejected", "suspended"]),
      reason: z.string().nullable(),
      /** The audit event that caused it: one notification per member per cause. */
      causeId: z.string(),
    }),
    /** A generic in-app notice to every member of an organisation. */
    "org-notice": z.object({
      orgId: z.uuid(),
      kind: z.string(),
      params: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).default({}),
      link: z.string().nullable().default(null),
      causeId: z.string(),
    }),
  },
} as const;

export type QueueName = keyof typeof jobSchemas;
export type JobName<Q extends QueueName> = keyof (typeof jobSchemas)[Q] & string;
export type JobPayload<Q extends QueueName, N extends JobName<Q>> = z.infer<(typeof jobSchemas)[Q][N] & z.ZodType>;

export const QUEUE_NAMES = Object.keys(jobSchemas) as QueueName[];

export function parsePayload<Q extends QueueName>(queue: Q, name: string, payload: unknown) {
  const schema = (jobSchemas[queue] as Record<string, z.ZodType>)[name];
  if (!schema) throw new Error(`Unknown job ${queue}/${name}`);
  return schema.parse(payload);
}

/** BullMQ forbids ':' in custom job ids. */
export const toJobId = (dedupeKey: string) => dedupeKey.replace(/:/g, ".");
