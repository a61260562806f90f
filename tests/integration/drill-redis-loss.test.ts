import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditEvents, valuations, valuationSteps } from "#db/schema/index";
import { DRILL_TIMERS, logLines, printFigures, requestValuations, unhandledIn, valuationFigures } from "#tests/support/drills";
import { killAll, privateRedis, sleep, spawnTs, terminate, waitFor } from "#tests/support/processes";

const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), "ipm-drill-redis-"));
let redis: Awaited<ReturnType<typeof privateRedis>> | null = null;
afterAll(async () => {
  await killAll();
  await redis?.stop();
  fs.rmSync(reportDir, { recursive: true, force: true });
});

const BEFORE = 15;
const DURING = 5;
const OUTAGE_MS = 5_000;

describe("drill: Redis killed with jobs in flight and restarted empty", () => {
  it("keeps the workers alive, and every acknowledged valuation completes once after reconciliation", async () => {
    // A Redis of this drill's own, without persistence: it comes back with no jobs, no flows, no schedulers.
    redis = await privateRedis();
    const worker = () => spawnTs("jobs/worker.ts", { ...DRILL_TIMERS, REDIS_URL: redis!.url, REPORT_DIR: reportDir, NODE_ENV: "test" });
    const workers = [worker(), worker()];
    await waitFor("both workers ready", async () => workers.every((w) => w.log().includes("worker ready")), 60_000, 100);
    const db = await getDb();

    const { ids, orgs } = await requestValuations(BEFORE);
    // Kill Redis once work is under way: some steps done, most valuations not yet complete.
    await waitFor("work in flight", async () => {
      const [r] = await db.select({ n: sql<number>`count(distinct ${valuationSteps.valuationId})::int` }).from(valuationSteps)
        .where(and(inArray(valuationSteps.valuationId, ids), eq(valuationSteps.status, "completed")));
      return (r?.n ?? 0) >= 3;
    }, 60_000, 10);
    await redis.kill();
    const [atKill] = await db.select({ n: sql<number>`count(*)::int` }).from(valuations).where(and(inArray(valuations.id, ids), eq(valuations.status, "completed")));

    // Requests keep being acknowledged while Redis is away (they only write PostgreSQL).
    ids.push(...(await requestValuations(DURING, orgs)).ids);
    await sleep(OUTAGE_MS);
    const aliveDuringOutage = workers.map((w) => w.alive());
    await redis.restart();

    await waitFor("every valuation to complete", async () => {
      const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(valuations).where(and(inArray(valuations.id, ids), eq(valuations.status, "completed")));
      return r?.n === ids.length;
    }, 150_000, 250).catch((e) => {
      throw new Error(`${(e as Error).message}\n--- worker ---\n${workers[0]!.log().slice(-8000)}`);
    });
    const aliveAfter = workers.map((w) => w.alive());

    const [redispatched] = await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(eq(auditEvents.action, "reconcile.redispatched"));
    const figures = await valuationFigures(ids, reportDir);
    printFigures("redis-loss", {
      completedAtKill: atKill?.n, outageMs: OUTAGE_MS, redispatched: redispatched?.n, workersAlive: aliveAfter.filter(Boolean).length,
      ...figures, problems: figures.problems.length,
    });
    expect(aliveDuringOutage).toEqual([true, true]);
    expect(aliveAfter).toEqual([true, true]);
    expect(figures.problems).toEqual([]);
    expect(figures).toMatchObject({ runs: BEFORE + DURING, completed: BEFORE + DURING, stranded: 0, lost: 0, doubled: 0 });
    // Flows in Redis when it died were handed back by reconciliation, not by a person.
    expect(redispatched!.n).toBeGreaterThan(0);
    for (const w of workers) expect(await terminate(w)).toBe(0);
    for (const w of workers) expect(unhandledIn(w.log())).toEqual([]);
    // Every line written for a job carries its id.
    const jobLines = workers.flatMap((w) => logLines(w.log())).filter((l) => /^job /.test(String(l.msg)));
    expect(jobLines.length).toBeGreaterThan(0);
    for (const l of jobLines) expect(l.jobId, String(l.msg)).toEqual(expect.any(String));
  }, 300_000);
});
