import { Redis, type RedisOptions } from "ioredis";
import { env } from "#app/utils/env.server";

/**
 * Workers and QueueEvents block on Redis and must never give up a command
 * (`maxRetriesPerRequest: null`); producers in the web process fail fast instead of queueing
 * commands while Redis is away (`enableOfflineQueue: false`).
 */
export function createRedis(role: "worker" | "producer", url = env.REDIS_URL): Redis {
  if (!url) throw new Error("REDIS_URL is not set");
  const opts: RedisOptions =
    role === "worker"
      ? { maxRetriesPerRequest: null }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 };
  return new Redis(url, { ...opts, lazyConnect: false });
}

export const queuePrefix = () => env.QUEUE_PREFIX;
