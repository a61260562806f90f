import { sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { queueHealth } from "#app/utils/queue.server";

/** Liveness for load balancers: 200 when the database and the queue answer, 503 naming what failed. */
export async function loader() {
  let db: "ok" | "down" = "ok";
  try {
    await (await getDb()).execute(sql`select 1`);
  } catch {
    db = "down";
  }
  const queue = await queueHealth();
  const ok = db === "ok" && queue !== "down";
  return Response.json({ status: ok ? "ok" : "error", db, queue }, { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
