import type { Redis } from "ioredis";
import { RateLimiterDrizzle, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { createRedis } from "#jobs/connection";
import { getDb } from "#db/client.server";
import { rateLimits } from "#db/schema/index";
import { env } from "./env.server";

/**
 * Counters shared by every web process (rate-limiter-flexible): Redis when REDIS_URL is set, else the
 * `rate_limits` table on PostgreSQL, else (embedded PGlite, one process) memory. A store that fails
 * falls back to an in-process counter (the library's insurance limiter) rather than failing the request.
 * Keys carry QUEUE_PREFIX, so test files and deployments sharing one Redis do not see each other's counts.
 */
export type Bucket =
  | "loginPairFailures" | "loginPairWait" | "loginIpFailures"
  | "signupIp" | "uploadIp" | "uploadOrg" | "apiKey" | "apiKeyFailuresIp";

const HOUR = 3600;
const specs: Record<Bucket, () => { points: number; duration: number }> = {
  // A day of memory for the (e-mail, IP) failure count: the wait keeps doubling while an attacker keeps trying.
  loginPairFailures: () => ({ points: 1_000_000, duration: 24 * HOUR }),
  // Only ever blocked (block() sets the wait); one point would otherwise let a request through.
  loginPairWait: () => ({ points: 1, duration: env.RATE_LIMIT_LOGIN_DELAY_MAX_SECONDS }),
  loginIpFailures: () => ({ points: env.RATE_LIMIT_LOGIN_IP_FAILURES_PER_HOUR, duration: HOUR }),
  signupIp: () => ({ points: env.RATE_LIMIT_SIGNUPS_PER_HOUR, duration: HOUR }),
  uploadIp: () => ({ points: env.RATE_LIMIT_UPLOADS_PER_HOUR, duration: HOUR }),
  uploadOrg: () => ({ points: env.RATE_LIMIT_UPLOADS_PER_HOUR, duration: HOUR }),
  apiKey: () => ({ points: env.RATE_LIMIT_API_PER_MINUTE, duration: 60 }),
  apiKeyFailuresIp: () => ({ points: env.RATE_LIMIT_API_KEY_FAILURES, duration: 600 }),
};

/** Thrown when a bucket is empty; routes answer 429 with `Retry-After`. */
export class RateLimitedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("rate limited");
    this.name = "RateLimitedError";
  }
}

let redis: Redis | undefined;
const limiters = new Map<Bucket, Promise<RateLimiterAbstract>>();

async function build(bucket: Bucket): Promise<RateLimiterAbstract> {
  const { points, duration } = specs[bucket]();
  const keyPrefix = `${env.QUEUE_PREFIX}:rl:${bucket}`;
  const insuranceLimiter = new RateLimiterMemory({ keyPrefix, points, duration });
  if (env.REDIS_URL) {
    redis ??= createRedis("producer");
    return new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration, insuranceLimiter });
  }
  if (env.DATABASE_URL) {
    return new RateLimiterDrizzle({ storeClient: await getDb(), schema: rateLimits, keyPrefix, points, duration, insuranceLimiter });
  }
  return insuranceLimiter;
}

const limiter = (bucket: Bucket) => {
  let l = limiters.get(bucket);
  if (!l) limiters.set(bucket, (l = build(bucket)));
  return l;
};

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** Takes one point from `bucket` for `key`; throws RateLimitedError when none is left. */
export async function consume(bucket: Bucket, key: string): Promise<void> {
  try {
    await (await limiter(bucket)).consume(key);
  } catch (e) {
    if (e instanceof RateLimiterRes) throw new RateLimitedError(seconds(e.msBeforeNext));
    throw e;
  }
}

/** Adds a point without refusing; answers how many are now used. */
export async function penalise(bucket: Bucket, key: string): Promise<number> {
  const res = await (await limiter(bucket)).penalty(key);
  return res.consumedPoints;
}

/** How long `key` must wait before `bucket` lets it through again (0: not at all). */
export async function waitMs(bucket: Bucket, key: string): Promise<number> {
  const { points } = specs[bucket]();
  const res = await (await limiter(bucket)).get(key);
  return res && res.consumedPoints >= points ? Math.max(res.msBeforeNext, 0) : 0;
}

/** Makes `key` wait `secs` seconds in `bucket`. */
export async function block(bucket: Bucket, key: string, secs: number): Promise<void> {
  await (await limiter(bucket)).block(key, secs);
}

export async function reset(bucket: Bucket, key: string): Promise<void> {
  await (await limiter(bucket)).delete(key);
}

export { seconds as retryAfterSeconds };

/** For tests and shutdown: forget the limiters (and close the Redis connection they share). */
export async function closeRateLimits() {
  limiters.clear();
  const r = redis;
  redis = undefined;
  await r?.quit().catch(() => r.disconnect());
}

/** Imports and file uploads: one point per IP and one per organisation. */
export async function consumeUpload(actor: { type: string; orgId?: string; ip?: string | null }) {
  await consume("uploadIp", actor.ip ?? "unknown");
  if (actor.orgId) await consume("uploadOrg", actor.orgId);
}
