import http from "node:http";
import { env } from "#app/utils/env.server";
import { errorFields, logger, logUnexpectedErrors, setProcessName } from "#app/utils/logger.server";
import { metrics, serveMetrics } from "#app/utils/metrics.server";
import { operationalSnapshot } from "#app/services/reconciliation.server";
import { getDb } from "#db/client.server";
import { queuePrefix } from "./connection";
import { QUEUE_NAMES } from "./queues";
import { runWorker } from "./runtime";

setProcessName("worker");
logUnexpectedErrors();

const w = await runWorker();
logger.info({ queues: QUEUE_NAMES, prefix: queuePrefix() }, "worker ready");

// The worker's own metrics (job durations and failures, relay, reconciliation), loopback by default.
let metricsServer: http.Server | null = null;
if (env.WORKER_METRICS_PORT) {
  metrics.setSource(async () => operationalSnapshot(await getDb(), async () => {
    const out: Record<string, Record<string, number>> = {};
    for (const name of QUEUE_NAMES) out[name] = await w.getQueue(name).getJobCounts("waiting", "active", "delayed", "prioritized", "failed", "completed", "waiting-children");
    return out;
  }));
  metricsServer = http.createServer((req, res) => {
    if (req.url?.split("?")[0] !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    void serveMetrics(req, res);
  });
  metricsServer.listen(env.WORKER_METRICS_PORT, env.WORKER_METRICS_HOST, () =>
    logger.info({ port: env.WORKER_METRICS_PORT, host: env.WORKER_METRICS_HOST }, "worker metrics listening"));
}

for (const sig of ["SIGTERM", "SIGINT"] as const) {
  process.once(sig, async () => {
    logger.info({ signal: sig }, "worker closing");
    metricsServer?.close();
    try {
      await w.close();
    } catch (e) {
      logger.error(errorFields(e), "worker close failed");
    }
    logger.info("worker closed");
    process.exit(0);
  });
}
