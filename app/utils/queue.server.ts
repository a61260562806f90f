import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { createRedis, queuePrefix } from "#jobs/connection";
import { QUEUE_NAMES, type QueueName } from "#jobs/queues";
import { env } from "./env.server";
import { errorFields, logger } from "./logger.server";

/** The web process's view of the queues (health, admin console); it never processes jobs. */
const g = globalThis as unknown as { __ipmProducer?: Redis; __ipmQueues?: Map<QueueName, Queue> };

export function producerConnection(): Redis | null {
  if (!env.REDIS_URL) return null;
  if (!g.__ipmProducer) {
    g.__ipmProducer = createRedis("producer");
    g.__ipmProducer.on("error", (e) => logger.warn(errorFields(e), "redis producer connection error"));
  }
  return g.__ipmProducer;
}

export function getQueue(name: QueueName): Queue | null {
  const connection = producerConnection();
  if (!connection) return null;
  g.__ipmQueues ??= new Map();
  let q = g.__ipmQueues.get(name);
  if (!q) {
    q = new Queue(name, { connection, prefix: queuePrefix() });
    q.on("error", (e) => logger.warn({ ...errorFields(e), queue: name }, "queue error"));
    g.__ipmQueues.set(name, q);
  }
  return q;
}

export async function queueHealth(): Promise<"ok" | "inline" | "down"> {
  const c = producerConnection();
  if (!c) return "inline";
  try {
    // A fail-fast connection refuses commands until it is ready; give a fresh one a moment.
    if (c.status === "connecting" || c.status === "connect" || c.status === "wait") {
      await Promise.race([new Promise((r) => c.once("ready", r)), new Promise((r) => setTimeout(r, 1500))]);
    }
    const pong = await Promise.race([c.ping(), new Promise<string>((_, rej) => setTimeout(() => rej(new Error("timeout")), 1500))]);
    return pong === "PONG" ? "ok" : "down";
  } catch {
    return "down";
  }
}

export async function closeProducer() {
  for (const q of g.__ipmQueues?.values() ?? []) await q.close().catch(() => {});
  await g.__ipmProducer?.quit().catch(() => {});
  g.__ipmQueues = undefined;
  g.__ipmProducer = undefined;
}

/** Job counts per queue and state, for the metrics gauges (null in embedded mode). */
export async function queueCounts(): Promise<Record<string, Record<string, number>> | null> {
  if (!producerConnection()) return null;
  const out: Record<string, Record<string, number>> = {};
  for (const name of QUEUE_NAMES) {
    out[name] = await getQueue(name)!.getJobCounts("waiting", "active", "delayed", "prioritized", "failed", "completed", "waiting-children");
  }
  return out;
}
