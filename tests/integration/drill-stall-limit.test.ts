import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditEvents, notifications, outbox, valuations, valuationSteps } from "#db/schema/index";
import { DRILL_TIMERS, printFigures, requestValuations, unhandledIn, valuationFigures } from "#tests/support/drills";
import { killAll, killHard, spawnTs, terminate, waitFor, type Proc } from "#tests/support/processes";
import { client, startTestServer } from "#tests/support/server";
import { TEST_PASSWORD } from "#tests/support/factories";

const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), "ipm-drill-stall-"));
afterAll(async () => {
  await killAll();
  fs.rmSync(reportDir, { recursive: true, force: true });
});

/**
 * With the system's own restarts switched off (VALUATION_AUTO_RETRIES=0) the first stall-limit
 * failure reaches the owner; with the default budget the same path runs after that many restarts.
 */
const worker = () => spawnTs("jobs/worker.ts", {
  ...DRILL_TIMERS, REPORT_DIR: reportDir, NODE_ENV: "test", JOB_MAX_STALLED_COUNT: "1", VALUATION_AUTO_RETRIES: "0",
});

describe("drill: a step failed by the stall limit", () => {
  it("ends the valuation failed with a reason, and a retry from its page completes it once", async () => {
    const db = await getDb();
    const { ids: [id], orgs: [org] } = await requestValuations(1);
    const reportRuns = async () => (await db.select({ status: valuationSteps.status, runs: valuationSteps.runs }).from(valuationSteps)
      .where(and(eq(valuationSteps.valuationId, id!), eq(valuationSteps.step, "report"))))[0];

    // Two workers in turn are killed while the report step runs: its job stalls twice, more than the limit of 1.
    const procs: Proc[] = [];
    for (const run of [1, 2]) {
      const w = worker();
      procs.push(w);
      await waitFor(`report step run ${run}`, async () => {
        const s = await reportRuns();
        return s?.status === "running" && s.runs === run;
      }, 60_000, 5).catch((e) => {
        throw new Error(`${(e as Error).message}\n${w.log()}`);
      });
      await killHard(w);
    }
    const third = worker();
    procs.push(third);
    const failed = await waitFor("the valuation to fail", async () => {
      const [v] = await db.select().from(valuations).where(eq(valuations.id, id!));
      return v?.status === "failed" ? v : null;
    }, 60_000, 100).catch((e) => {
      throw new Error(`${(e as Error).message}\n${third.log()}`);
    });
    expect(failed.error).toBe("valuation.error.interrupted");
    const [audit] = await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, id!), eq(auditEvents.action, "valuation.failed")));
    expect((audit!.after as { reason: string; detail: string }).detail).toMatch(/stalled more than allowable limit/);
    expect(await db.select().from(notifications).where(and(eq(notifications.userId, org!.userId), eq(notifications.kind, "valuation.notify.failed")))).toHaveLength(1);
    // The delivery of attempt 1 is closed as failed, with BullMQ's reason.
    const [row] = await db.select().from(outbox).where(eq(outbox.dedupeKey, `valuation:${id}:1`));
    expect(row!.failure).toMatch(/stalled more than allowable limit/);

    // The owner retries from the valuation's page; the same form sent twice starts one new attempt.
    const server = await startTestServer();
    try {
      const browser = client(server.base);
      await browser.login(org!.email, TEST_PASSWORD);
      const page = await browser.get(`/valuations/${id}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('name="attempt" value="1"');
      for (let i = 0; i < 2; i++) {
        const res = await browser.post(`/valuations/${id}`, { intent: "retry", attempt: "1" });
        expect(res.status).toBe(200);
      }
    } finally {
      await server.close();
    }
    const done = await waitFor("the retried valuation to complete", async () => {
      const [v] = await db.select().from(valuations).where(eq(valuations.id, id!));
      return v?.status === "completed" ? v : null;
    }, 60_000, 100).catch((e) => {
      throw new Error(`${(e as Error).message}\n${third.log()}`);
    });
    expect(done.attempt).toBe(2);
    expect(await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, id!), eq(auditEvents.action, "valuation.retried")))).toHaveLength(1);
    const steps = Object.fromEntries((await db.select().from(valuationSteps).where(eq(valuationSteps.valuationId, id!))).map((s) => [s.step, [s.status, s.runs]]));
    // The steps done before the kills were not redone; the report step: two killed runs, one that finished.
    expect(steps).toEqual({ enrich: ["completed", 1], score: ["completed", 1], value: ["completed", 1], report: ["completed", 3] });

    const figures = await valuationFigures([id!], reportDir);
    printFigures("stall-limit", { kills: 2, ...figures, problems: figures.problems.length });
    expect(figures).toMatchObject({ runs: 1, completed: 1, stranded: 0, lost: 0, doubled: 0 });
    expect(figures.problems).toEqual([]);
    expect(await terminate(third)).toBe(0);
    for (const p of procs) expect(unhandledIn(p.log())).toEqual([]);
  }, 200_000);
});
