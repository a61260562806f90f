import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { closeDb } from "#db/client.server";
import { boot, shutdown } from "#app/utils/boot.server";
import { env } from "#app/utils/env.server";
import { createApp } from "#app/utils/express.server";
import { closeProducer } from "#app/utils/queue.server";

// `npm start`: the web process. In embedded mode it also runs the jobs (see boot.server.ts).
const build = (await import(path.join(process.cwd(), "build", "index.js"))) as ServerBuild;
await boot();
const server = createApp(build).listen(env.PORT, () =>
  console.log(`[web] ready on http://localhost:${env.PORT} (${env.DATABASE_URL ? "PostgreSQL" : "embedded PGlite"}; jobs ${env.REDIS_URL ? "on Redis" : "in-process"})`),
);

let closing = false;
for (const sig of ["SIGTERM", "SIGINT"] as const) {
  process.once(sig, async () => {
    if (closing) return;
    closing = true;
    server.close();
    await shutdown();
    await closeProducer();
    await closeDb();
    process.exit(0);
  });
}
