import { z } from "zod";

/**
 * Every queue, every job name on it, and the payload each carries. The outbox validates payloads
 * against these before writing, so a malformed job never reaches a worker.
 */
const valuationRun = z.object({ valuationId: z.uuid(), attempt: z.number().int().positive() });
/** Valuations per `run-batch` chunk: one flow's steps value them together, a few statements per step. */
export const VALUATION_CHUNK = 100;
const valuationChunk = z.object({ batchId: z.uuid(), items: z.array(valuationRun).min(1).max(VALUATION_CHUNK) });

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
    /** A listing was published: the instant saved searches it matches tell their users. */
    "listing-published": z.object({ listingId: z.uuid() }),
    /** Scheduled: saved searches that are due read what was published since their last look. */
    "saved-search-sweep": z.object({}),
    /** One notification by e-mail (or into the digest), in its reader's language; sent once. */
    email: z.object({ notificationId: z.uuid() }),
    /** The e-mail verification or password reset mail of one token. */
    "account-email": z.object({ tokenId: z.uuid() }),
    /** An account notice by e-mail to one user, who may belong to no organisation (a sign-up attempt with their address, a join decision). */
    "account-notice": z.object({
      userId: z.uuid(),
      notice: z.enum(["signup-attempt", "join-accepted", "join-declined"]),
      orgId: z.uuid().nullable().default(null),
      causeId: z.string(),
    }),
    /** Scheduled: one digest e-mail per user who chose the daily digest, for the day before. */
    "digest-sweep": z.object({}),
  },
  webhooks: {
    /** A domain event: one delivery per subscribed endpoint of the organisations it names. */
    "fan-out": z.object({ eventId: z.number().int().positive() }),
    /** One HTTP attempt of one delivery (the next attempt is another job, written with this one's result). */
    deliver: z.object({ deliveryId: z.uuid(), seq: z.number().int().positive(), trigger: z.enum(["auto", "replay"]) }),
    /** Scheduled: endpoints failing for days are disabled and their bank told. */
    "health-sweep": z.object({}),
  },
  matching: {
    "match-application": z.object({ applicationId: z.uuid() }),
    /** A product was created, changed or resumed: re-match the applications banks still review. */
    "product-changed": z.object({ productId: z.uuid(), version: z.number().int() }),
    /** Scheduled: applications whose valuation completed move on to matching. */
    "valuation-sweep": z.object({}),
    /** A technology demand's content version: propose fitting listings and patents, tell their owners once each. */
    "demand-match": z.object({ demandId: z.uuid(), version: z.number().int().positive() }),
    /** Scheduled: open demands past their deadline expire; the others are matched against what was published since. */
    "demand-sweep": z.object({}),
  },
  monitoring: {
    /** Scheduled: annuity deadlines, expiry before maturity, valuation expiry, repayments due/overdue. */
    "collateral-sweep": z.object({}),
    /** Scheduled: annuity deadlines and grace months of patents on the market, renewal phases of trademarks on it. */
    "listed-asset-sweep": z.object({}),
    /** Scheduled: late royalty instalments (alerts, the `royalty.late` event) and expired insurance policies. */
    "royalty-sweep": z.object({}),
    /** Delayed to an auction's end: close it and turn the winning bid into a deal (nothing if the end moved later). */
    "auction-close": z.object({ auctionId: z.uuid() }),
    /** Scheduled: opens auctions whose start has come, closes any past its end that no job closed. */
    "auction-sweep": z.object({}),
  },
  valuation: {
    /** Starts a valuation (or resumes it after a retry): a BullMQ flow of the four steps on Redis, the steps in order in-process. */
    run: valuationRun,
    /** A chunk of a batch's valuations: the same four steps as one flow, each step one job for the whole chunk. */
    "run-batch": valuationChunk,
    // A step job carries one valuation (of a `run` flow) or a chunk (of a `run-batch` flow).
    enrich: z.union([valuationRun, valuationChunk]),
    score: z.union([valuationRun, valuationChunk]),
    value: z.union([valuationRun, valuationChunk]),
    report: z.union([valuationRun, valuationChunk]),
    /** Scheduled: completed valuations past their validity expire; owners are offered a re-valuation. */
    "expire-sweep": z.object({}),
  },
  payments: {
    /** A verified Stripe event (stored once in stripe_events): complete the deal it pays, idempotently. */
    "stripe-event": z.object({ eventId: z.string().min(1) }),
    /** Refund a Stripe payment of a deal rejected after payment. */
    refund: z.object({ paymentId: z.uuid() }),
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

/** Relay passes before an undispatched row is given up (and its entity failed by reconciliation). */
export const MAX_DISPATCH_ATTEMPTS = 12;

/** BullMQ forbids ':' in custom job ids. */
export const toJobId = (dedupeKey: string) => dedupeKey.replace(/:/g, ".");

/**
 * The job whose completion closes an outbox row: the job itself, or for a valuation flow its last
 * step (the flow's root). Known when the row is written, so a job that finishes before the relay has
 * marked the row dispatched still closes it.
 */
export function rootJobId(queue: QueueName, name: string, dedupeKey: string) {
  const id = toJobId(dedupeKey);
  return queue === "valuation" && (name === "run" || name === "run-batch") ? `${id}.report` : id;
}
