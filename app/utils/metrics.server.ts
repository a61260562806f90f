import cluster from "node:cluster";
import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import client from "prom-client";
import { env } from "./env.server";
import { errorFields, logger } from "./logger.server";
import { withTimeout } from "./with-timeout.server";

/**
 * Prometheus metrics (prom-client). Every process has its own registry: the web process serves it
 * at `/metrics`, a worker on `WORKER_METRICS_PORT`. Gauges that describe the whole system (queue
 * depths, outbox lag, stranded work) are read from PostgreSQL and Redis when scraped, through the
 * source the process registers (`setOperationalSource`). Under `node:cluster` (npm start on
 * PostgreSQL) a scrape answered by any web worker covers every worker: see `shareMetricsAcrossCluster`.
 */
export type OperationalSnapshot = {
  queues: Record<string, Record<string, number>> | null;
  outboxPending: number;
  outboxOldestPendingSeconds: number;
  outboxFailed: number;
  strandedValuations: number;
  strandedOutbox: number;
};

type State = ReturnType<typeof init>;
const g = globalThis as unknown as { __ipmMetrics?: State };

function init() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "ipm_process_" });
  let source: (() => Promise<OperationalSnapshot>) | null = null;
  let cached: { at: number; value: Promise<OperationalSnapshot | null> } | null = null;
  // One read of the database and Redis per scrape, shared by the gauges below.
  const snapshot = () => {
    if (!source) return Promise.resolve(null);
    if (!cached || Date.now() - cached.at > 1_000) {
      const read = source;
      cached = {
        at: Date.now(),
        value: withTimeout(read(), 2_000).catch((e) => {
          logger.warn(errorFields(e), "metrics: operational snapshot failed");
          return null;
        }),
      };
    }
    return cached.value;
  };
  const gauge = (name: string, help: string, labelNames: string[], set: (g: client.Gauge, s: OperationalSnapshot) => void) =>
    new client.Gauge({
      // Every cluster worker reads the same system-wide numbers: aggregated, they are not added up.
      name, help, labelNames, registers: [registry], aggregator: "max",
      async collect() {
        const s = await snapshot();
        this.reset();
        if (s) set(this, s);
      },
    });

  return {
    registry,
    setSource: (fn: () => Promise<OperationalSnapshot>) => {
      source = fn;
      cached = null;
    },
    httpDuration: new client.Histogram({
      name: "ipm_http_request_duration_seconds", help: "HTTP request latency by Remix route", registers: [registry],
      labelNames: ["method", "route", "status"], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
    httpInFlight: new client.Gauge({ name: "ipm_http_requests_in_flight", help: "Requests being answered", registers: [registry] }),
    jobDuration: new client.Histogram({
      name: "ipm_job_duration_seconds", help: "Job processing time by queue, job name and outcome", registers: [registry],
      labelNames: ["queue", "name", "outcome"], buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    }),
    jobFailures: new client.Counter({
      name: "ipm_job_failures_total", help: "Job failures (final: no retry left, the entity was failed)", registers: [registry],
      labelNames: ["queue", "name", "final"],
    }),
    reconcileActions: new client.Counter({
      name: "ipm_reconcile_actions_total", help: "What reconciliation did (redispatched, completed, failed, retried)", registers: [registry],
      labelNames: ["action"],
    }),
    relayDispatched: new client.Counter({ name: "ipm_outbox_dispatched_total", help: "Outbox rows handed to the queues", registers: [registry], labelNames: ["queue"] }),
    queueJobs: gauge("ipm_queue_jobs", "BullMQ jobs by queue and state", ["queue", "state"], (m, s) => {
      for (const [queue, counts] of Object.entries(s.queues ?? {})) for (const [state, n] of Object.entries(counts)) m.set({ queue, state }, n);
    }),
    outboxPending: gauge("ipm_outbox_pending", "Outbox rows not yet handed to a queue", [], (m, s) => m.set(s.outboxPending)),
    outboxLag: gauge("ipm_outbox_oldest_pending_seconds", "Age of the oldest outbox row not yet handed over", [], (m, s) => m.set(s.outboxOldestPendingSeconds)),
    outboxFailed: gauge("ipm_outbox_failed", "Deliveries that ended failed (shown on /admin/jobs)", [], (m, s) => m.set(s.outboxFailed)),
    stranded: gauge("ipm_jobs_stranded", "Work claiming to be in progress with no progress for JOB_STUCK_AFTER_MS", ["kind"], (m, s) => {
      m.set({ kind: "valuation" }, s.strandedValuations);
      m.set({ kind: "outbox" }, s.strandedOutbox);
    }),
  };
}

export const metrics: State = (g.__ipmMetrics ??= init());

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/**
 * Who may read metrics: with `METRICS_TOKEN`, whoever sends it as a bearer token; without it, only
 * a client connected over loopback directly — a request relayed by a proxy (it carries a forwarding
 * header) is refused, since behind a local proxy every visitor would look like loopback.
 */
export function mayReadMetrics(req: IncomingMessage): boolean {
  if (env.METRICS_TOKEN) {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
    if (!m) return false;
    const given = Buffer.from(m[1]!);
    const want = Buffer.from(env.METRICS_TOKEN);
    return given.length === want.length && crypto.timingSafeEqual(given, want);
  }
  const forwarded = req.headers["x-forwarded-for"] || req.headers.forwarded || req.headers["x-real-ip"];
  return !forwarded && LOOPBACK.has(req.socket.remoteAddress ?? "");
}

/** `GET /metrics` (web) and the worker's listener. */
export async function serveMetrics(req: IncomingMessage, res: ServerResponse) {
  if (!mayReadMetrics(req)) {
    res.writeHead(env.METRICS_TOKEN ? 401 : 403, { "Content-Type": "text/plain", "Cache-Control": "no-store" }).end("metrics are not public\n");
    return;
  }
  try {
    const body = cluster.isWorker ? await clusterMetrics() : await metrics.registry.metrics();
    res.writeHead(200, { "Content-Type": metrics.registry.contentType, "Cache-Control": "no-store" }).end(body);
  } catch (e) {
    logger.error(errorFields(e), "metrics: collect failed");
    res.writeHead(500, { "Content-Type": "text/plain" }).end("metrics unavailable\n");
  }
}

// ---- node:cluster: one answer for all web workers ----------------------------------------------

type MetricsMessage = { type: "ipm:metrics?"; id: number } | { type: "ipm:metrics"; id: number; body?: string; error?: string };
const pending = new Map<number, (m: Extract<MetricsMessage, { type: "ipm:metrics" }>) => void>();
let nextId = 0;

/**
 * Call in the cluster's primary and in each worker: the primary answers a worker's request for the
 * metrics of all workers with prom-client's AggregatorRegistry (counters and histograms summed,
 * system-wide gauges taken once), so whichever worker a scrape reaches, it sees the whole process group.
 */
export function shareMetricsAcrossCluster() {
  if (cluster.isPrimary) {
    const all = new client.AggregatorRegistry();
    cluster.on("message", (worker, m: MetricsMessage) => {
      if (m?.type !== "ipm:metrics?") return;
      all.clusterMetrics().then(
        (body) => worker.send({ type: "ipm:metrics", id: m.id, body } satisfies MetricsMessage),
        (e: Error) => worker.send({ type: "ipm:metrics", id: m.id, error: e.message } satisfies MetricsMessage),
      );
    });
    return;
  }
  new client.AggregatorRegistry(); // its listener answers the primary with this worker's registry
  client.AggregatorRegistry.setRegistries([metrics.registry]);
  process.on("message", (m: MetricsMessage) => {
    if (m?.type === "ipm:metrics") pending.get(m.id)?.(m);
  });
}

function clusterMetrics(): Promise<string> {
  const id = ++nextId;
  return withTimeout(new Promise<string>((resolve, reject) => {
    pending.set(id, (m) => (m.body !== undefined ? resolve(m.body) : reject(new Error(m.error ?? "no metrics"))));
    process.send!({ type: "ipm:metrics?", id } satisfies MetricsMessage);
  }), 5_000).finally(() => pending.delete(id));
}
