import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { closeDb, getHandle } from "#db/client.server";
import { boot, shutdown } from "#app/utils/boot.server";
import { runPrimary, webProcesses } from "#app/utils/cluster.server";
import { env } from "#app/utils/env.server";
import { createApp, withKeepAlive } from "#app/utils/express.server";
import { createDrain } from "#app/utils/graceful.server";
import { logger, logUnexpectedErrors, setProcessName } from "#app/utils/logger.server";
import { pageCache, PUBLIC_CHANGES_CHANNEL } from "#app/utils/page-cache.server";
import { closeProducer } from "#app/utils/queue.server";

// `npm start`: the web processes (one per core on PostgreSQL, see cluster.server.ts; the primary
// only supervises). In embedded mode the one process also runs the jobs (see boot.server.ts).
setProcessName("web");
logUnexpectedErrors();
if (runPrimary(webProcesses())) await serve();

async function serve() {
  const build = (await import(path.join(process.cwd(), "build", "index.js"))) as ServerBuild;
  await boot();
  // Public pages are kept until PostgreSQL says a table they read changed (page-cache.server.ts).
  if (env.PAGE_CACHE === "on") (await getHandle()).listen(PUBLIC_CHANGES_CHANNEL, pageCache.listener);
  const server = withKeepAlive(createApp(build).listen(env.PORT, () =>
    logger.info({ port: env.PORT, db: env.DATABASE_URL ? "postgres" : "pglite", jobs: env.REDIS_URL ? "redis" : "in-process" }, "web ready"),
  ));

  // SIGTERM: /healthz turns 503, requests in flight finish, in-process jobs stop, then the pools close.
  createDrain({
    server,
    timeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    delayMs: env.SHUTDOWN_DELAY_MS,
    stopBackground: shutdown,
    close: [closeProducer, closeDb],
  }).installSignalHandlers();
}
