import { getDb, getHandle, STARTUP_LOCKS } from "#db/client.server";
import { seedDemo, hasAnyOrganization } from "#db/seed-data";
import { startReconciler } from "#jobs/reconciler";
import { inlineDispatcher, startRelay } from "#jobs/relay";
import { startInlineSchedulers } from "#jobs/schedulers";
import { env } from "./env.server";
import { logger } from "./logger.server";

const g = globalThis as unknown as { __ipmBoot?: Promise<{ stop: () => Promise<void> }> };

/**
 * Start-up: open (and migrate) the database, seed demo data on a first embedded start, and in
 * embedded mode run the outbox relay, schedulers and reconciliation in this process.
 */
export function boot() {
  g.__ipmBoot ??= (async () => {
    const handle = await getHandle();
    const db = await getDb();
    const seed = env.SEED_DEMO === "true" || (env.SEED_DEMO === "auto" && handle.mode === "pglite");
    // Every web worker of a cluster may be asked to seed: one does it, the others wait for it and find it
    // done, so no worker answers before the demo data (and its logins) exist.
    if (seed) {
      await handle.exclusive(STARTUP_LOCKS.seed, async () => {
        if (await hasAnyOrganization(db)) return;
        await seedDemo(db);
        logger.info("demo data seeded (logins in README.md)");
      });
    }
    const inline = env.INLINE_JOBS === "true" || (env.INLINE_JOBS === "auto" && !env.REDIS_URL);
    if (!inline) return { stop: async () => {} };
    const relay = startRelay(db, inlineDispatcher(db));
    const schedulers = startInlineSchedulers(db);
    // No Redis to ask: it fails what the relay gave up on and stuck valuations. PGlite is one process: no lock.
    const reconciler = startReconciler(db, { probe: null, lock: handle.mode === "postgres" });
    return {
      stop: async () => {
        await relay.stop();
        await reconciler.stop();
        await schedulers.stop();
      },
    };
  })().catch((e) => {
    // A database that was down at start-up: the next request tries again.
    g.__ipmBoot = undefined;
    throw e;
  });
  return g.__ipmBoot;
}

export async function shutdown() {
  const b = g.__ipmBoot;
  g.__ipmBoot = undefined;
  if (b) await (await b).stop();
}
