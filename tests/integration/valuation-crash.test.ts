import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditEvents, notifications, valuations, valuationSteps } from "#db/schema/index";
import { requestValuation } from "#app/services/valuations.server";
import { createAsset, createOrg } from "#tests/support/factories";

const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), "ipm-val-crash-"));
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) killHard(c);
  fs.rmSync(reportDir, { recursive: true, force: true });
});

/** `npm run worker` as its own process, on this test file's database, Redis prefix and report folder. */
function startWorker() {
  const child = spawn("npx", ["tsx", "jobs/worker.ts"], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.REDIS_URL, QUEUE_PREFIX: process.env.QUEUE_PREFIX,
      REPORT_DIR: reportDir, NODE_ENV: "test",
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so SIGKILL reaches the node process behind npx too.
    detached: true,
  });
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  children.push(child);
  return { child, log: () => log };
}

const killHard = (child: ChildProcess) => process.kill(-child.pid!, "SIGKILL");

/** SIGTERM to the whole group (npx does not pass it on), SIGKILL if it has not exited within 10 s. */
async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  process.kill(-child.pid!, "SIGTERM");
  const timer = setTimeout(() => killHard(child), 10_000);
  await exited;
  clearTimeout(timer);
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, ms: number, pollMs = 20): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

describe("a worker killed mid-flow", () => {
  it("still ends with exactly one completed valuation and one report after another worker takes over", async () => {
    const org = await createOrg();
    const asset = await createAsset({ ownerOrgId: org.orgId });
    const { id } = await requestValuation(org.actor, {
      assetIds: [asset.id], purpose: "pledge", locale: "zh-CN", questionnaire: { annualRevenueFen: 2_000_000_000n, maturity: 3 },
    });
    const db = await getDb();

    // Worker A picks the flow up; it is killed (no clean-up, no lock release) while the report step runs.
    const a = startWorker();
    await waitFor("the report step to start", async () => {
      const [s] = await db.select({ status: valuationSteps.status }).from(valuationSteps)
        .where(and(eq(valuationSteps.valuationId, id), eq(valuationSteps.step, "report")));
      return s?.status === "running";
    }, 60_000, 10).catch((e) => {
      throw new Error(`${(e as Error).message}\n--- worker A ---\n${a.log()}`);
    });
    killHard(a.child);
    await new Promise((r) => a.child.once("exit", r));
    const [mid] = await db.select({ status: valuations.status }).from(valuations).where(eq(valuations.id, id));
    expect(mid!.status).toBe("running");

    // Worker B finds the stalled step (its lock lapses) and finishes the flow.
    const b = startWorker();
    const done = await waitFor("completion", async () => {
      const [v] = await db.select().from(valuations).where(eq(valuations.id, id));
      return v?.status === "completed" ? v : null;
    }, 75_000, 200).catch((e) => {
      throw new Error(`${(e as Error).message}\n--- worker B ---\n${b.log()}`);
    });

    expect(await db.select({ id: valuations.id }).from(valuations).where(and(eq(valuations.orgId, org.orgId), eq(valuations.status, "completed")))).toHaveLength(1);
    const steps = Object.fromEntries((await db.select().from(valuationSteps).where(eq(valuationSteps.valuationId, id))).map((s) => [s.step, [s.status, s.runs]]));
    // The killed step ran again; the others once.
    expect(steps).toEqual({ enrich: ["completed", 1], score: ["completed", 1], value: ["completed", 1], report: ["completed", 2] });
    expect(fs.readdirSync(reportDir)).toEqual([`${id}.pdf`]);
    expect(done.reportPath).toBe(path.join(reportDir, `${id}.pdf`));
    const completions = await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "valuation.completed")));
    expect(completions).toHaveLength(1);
    const notes = await db.select().from(notifications).where(and(eq(notifications.userId, org.userId), eq(notifications.kind, "valuation.notify.completed")));
    expect(notes).toHaveLength(1);
    await stop(b.child);
  }, 170_000);
});
