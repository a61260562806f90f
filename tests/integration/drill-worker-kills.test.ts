import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, gte, inArray, isNull } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { outbox, valuations, valuationSteps } from "#db/schema/index";
import { VALUATION_STEPS, type ValuationStep } from "#app/domain/valuation/lifecycle";
import { DRILL_TIMERS, printFigures, requestValuations, unhandledIn, valuationFigures } from "#tests/support/drills";
import { killAll, killHard, sleep, spawnTs, terminate, waitFor, type Proc } from "#tests/support/processes";

const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), "ipm-drill-kills-"));
afterAll(async () => {
  await killAll();
  fs.rmSync(reportDir, { recursive: true, force: true });
});

const VALUATIONS = 20;
const WAVES = 4;
/** Kill rounds: at least this many, each aimed at one step in turn; more (up to MAX_ROUNDS) until every step was cut mid-way. */
const ROUNDS = 6;
const MAX_ROUNDS = 10;
const TARGETS: ValuationStep[] = ["enrich", "score", "value", "report", "value", "report"];

// Production settings apart from the shorter timers (stall limit 1, the default restart budget).
// `hold`: a kill round's workers keep the step it aims at waiting (test-only VALUATION_STEP_HOLD), so
// once such a step is seen running the kill surely lands inside it; the other steps pause 300 ms each.
const worker = (hold?: ValuationStep) => spawnTs("jobs/worker.ts", { ...DRILL_TIMERS, REPORT_DIR: reportDir, NODE_ENV: "test", VALUATION_STEP_HOLD: hold });

describe("drill: both workers SIGKILLed again and again while valuations run", () => {
  it("ends with every valuation completed once: one result, report, completion audit row and notification each", async () => {
    const db = await getDb();
    const ids: string[] = [];
    const interrupted: Record<ValuationStep, number> = { enrich: 0, score: 0, value: 0, report: 0 };
    const procs: Proc[] = [];

    let round = 0;
    for (; round < MAX_ROUNDS; round++) {
      if (round >= ROUNDS && VALUATION_STEPS.every((s) => interrupted[s] > 0)) break;
      if (round >= ROUNDS && !(await db.select({ id: valuations.id }).from(valuations)
        .where(and(inArray(valuations.id, ids), inArray(valuations.status, ["queued", "running"]))).limit(1)).length) break;
      // Requests keep arriving while workers crash: a wave in each of the first rounds.
      if (round < WAVES) ids.push(...(await requestValuations(VALUATIONS / WAVES)).ids);
      const target = round < TARGETS.length ? TARGETS[round]! : VALUATION_STEPS.find((s) => interrupted[s] === 0) ?? "report";
      const since = new Date();
      const pair = [worker(target), worker(target)];
      procs.push(...pair);
      // The target's window opens once both workers are up: on a loaded machine starting them takes most of it.
      await waitFor(`workers ready in round ${round}`, async () => pair.every((p) => p.log().includes("worker ready")) || null, 120_000, 50).catch(() => null);
      // Kill while the target step (held, so it cannot finish first) or, once it is all done, any step is running.
      const running = (step?: ValuationStep) => db.select({ id: valuationSteps.id }).from(valuationSteps)
        .where(and(inArray(valuationSteps.valuationId, ids), eq(valuationSteps.status, "running"), gte(valuationSteps.startedAt, since), step ? eq(valuationSteps.step, step) : undefined))
        .limit(1);
      const hit = await waitFor(`a ${target} step in round ${round}`, async () => (await running(target)).length > 0 || null, 12_000, 15)
        .catch(() => waitFor(`any step in round ${round}`, async () => (await running()).length > 0 || null, 20_000, 15))
        .catch(() => null);
      await sleep(Math.floor(Math.random() * 10));
      await Promise.all(pair.map(killHard));
      if (!hit) continue;
      // What the kill interrupted: steps started this round and never finished.
      const cut = await db.select({ step: valuationSteps.step }).from(valuationSteps)
        .where(and(inArray(valuationSteps.valuationId, ids), eq(valuationSteps.status, "running"), gte(valuationSteps.startedAt, since)));
      for (const c of cut) interrupted[c.step]++;
    }

    // Restarted for good: everything acknowledged completes.
    const final = [worker(), worker()];
    procs.push(...final);
    await waitFor("every valuation to finish", async () => {
      const open = await db.select({ id: valuations.id }).from(valuations)
        .where(and(inArray(valuations.id, ids), inArray(valuations.status, ["queued", "running"]))).limit(1);
      return open.length === 0;
    }, 150_000, 250).catch((e) => {
      throw new Error(`${(e as Error).message}\n--- worker ---\n${final[0]!.log().slice(-6000)}`);
    });
    // The deliveries close too (the last flows' roots finish just after their valuation).
    await waitFor("every delivery to close", async () => {
      const open = await db.select({ id: outbox.id }).from(outbox)
        .where(and(eq(outbox.queue, "valuation"), eq(outbox.name, "run"), isNull(outbox.completedAt), isNull(outbox.failedAt))).limit(1);
      return open.length === 0;
    }, 30_000, 250);

    const figures = await valuationFigures(ids, reportDir);
    printFigures("worker-kills", { killRounds: round, interrupted, ...figures, problems: figures.problems.length });
    expect(figures.problems).toEqual([]);
    expect(figures).toMatchObject({ runs: VALUATIONS, completed: VALUATIONS, stranded: 0, lost: 0, doubled: 0 });
    // Every step was cut mid-way at least once.
    for (const step of VALUATION_STEPS) expect(interrupted[step], step).toBeGreaterThan(0);
    expect(fs.readdirSync(reportDir).filter((f) => f.endsWith(".partial"))).toEqual([]);
    for (const w of final) expect(await terminate(w)).toBe(0);
    for (const p of procs) expect(unhandledIn(p.log())).toEqual([]);
  }, 400_000);
});
