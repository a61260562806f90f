import { sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { env } from "#app/utils/env.server";
import { isDraining } from "#app/utils/graceful.server";
import { withTimeout } from "#app/utils/with-timeout.server";
import { queueHealth } from "#app/utils/queue.server";

const headers = { "Cache-Control": "no-store" };

/**
 * Liveness for load balancers: 200 when the database and the queue answer, 503 naming what failed.
 * Each check gives up after HEALTH_CHECK_TIMEOUT_MS (≤ 2 s), so the answer never hangs; a process
 * that is shutting down answers 503 at once, so the balancer stops sending it requests.
 */
export async function loader() {
  if (isDraining()) return Response.json({ status: "draining" }, { status: 503, headers });
  const ms = env.HEALTH_CHECK_TIMEOUT_MS;
  const [db, queue] = await Promise.all([
    withTimeout((async () => (await getDb()).execute(sql`select 1`))(), ms, "database check").then(() => "ok" as const, () => "down" as const),
    withTimeout(queueHealth(), ms, "queue check").catch(() => "down" as const),
  ]);
  const ok = db === "ok" && queue !== "down";
  return Response.json({ status: ok ? "ok" : "error", db, queue }, { status: ok ? 200 : 503, headers });
}
