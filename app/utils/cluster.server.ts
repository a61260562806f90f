import cluster, { type Worker } from "node:cluster";
import os from "node:os";
import { env } from "./env.server";
import { logger } from "./logger.server";
import { shareMetricsAcrossCluster } from "./metrics.server";

/**
 * `npm start`'s process model: on PostgreSQL, a `node:cluster` primary forking one web worker per
 * core (WEB_CONCURRENCY overrides), all accepting on the same port; on embedded PGlite (one process
 * may open the data directory) a single web process. Only the first worker runs the in-process jobs,
 * so they are not started once per core; every worker waits for the demo seed before it serves.
 *
 * The primary serves nothing: on SIGTERM/SIGINT it sends SIGTERM to the workers (each drains itself,
 * graceful.server.ts) and exits once every worker has, with 0 only if every worker exited 0. A worker
 * that dies while the primary is not shutting down is replaced.
 */
export function webProcesses(): number {
  if (!env.DATABASE_URL) return 1;
  return env.WEB_CONCURRENCY ?? os.availableParallelism();
}

/** True in the process that should serve: a worker, or the only process. */
export function runPrimary(count: number): boolean {
  if (!cluster.isPrimary) {
    shareMetricsAcrossCluster();
    return true;
  }
  if (count <= 1) return true;
  shareMetricsAcrossCluster();
  let stopping = false;
  let failed = false;
  const live = new Set<Worker>();
  const fork = (index: number) => {
    // Seeding is excluded by an advisory lock (boot.server.ts); in-process jobs run in the first worker only.
    const extra = index === 0 ? {} : { INLINE_JOBS: "false" };
    const worker = cluster.fork({ IPM_WEB_WORKER: String(index), ...extra });
    live.add(worker);
    worker.on("exit", (code, signal) => {
      live.delete(worker);
      if (code !== 0) failed = true;
      if (!stopping) {
        logger.error({ index, code, signal }, "web worker died, starting another");
        fork(index);
      } else if (live.size === 0) {
        logger.info({ failed }, "every web worker has exited");
        process.exit(failed ? 1 : 0);
      }
    });
  };
  for (let i = 0; i < count; i++) fork(i);
  logger.info({ workers: count }, "web primary started");
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    failed = false;
    // Always SIGTERM: a terminal's Ctrl-C also sends SIGINT to the workers themselves, and each
    // drain signal is handled once, so a second SIGINT would end a worker without draining.
    logger.info({ signal }, "web primary: asking every worker to drain");
    for (const w of live) w.process.kill("SIGTERM");
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  return false;
}
