import { Queue, UnrecoverableError, Worker } from "bullmq";
import { and, eq, like, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditEvents, notifications, outbox, valuations } from "#db/schema/index";
import { jobsOverview, requeueOutbox } from "#app/services/admin-jobs.server";
import { decideOrg } from "#app/services/org-verification.server";
import { createApplication, submitApplication } from "#app/services/pledge-applications.server";
import { reconcile } from "#app/services/reconciliation.server";
import { requestValuation, retryValuation } from "#app/services/valuations.server";
import { env } from "#app/utils/env.server";
import { queuePrefix } from "#jobs/connection";
import { rootJobId } from "#jobs/queues";
import { bullmqProbe } from "#jobs/reconciler";
import { failureHandlers } from "#jobs/registry";
import { runWorker } from "#jobs/runtime";
import { createAdmin, createAsset, createOrg, TEST_PASSWORD } from "#tests/support/factories";
import { enterpriseWithValuedAssets } from "#tests/support/financing";
import { client, startTestServer } from "#tests/support/server";
import { waitFor } from "#tests/support/processes";

const connection = { url: env.REDIS_URL! };
const queues = new Map<string, Queue>();
const getQueue = (name: string) => {
  if (!queues.has(name)) queues.set(name, new Queue(name, { connection, prefix: queuePrefix() }));
  return queues.get(name)!;
};
const deps = { probe: bullmqProbe(getQueue as never), handlers: failureHandlers, lock: true };
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

async function valuationOf(assets = 1) {
  const org = await createOrg();
  const assetIds = [];
  for (let i = 0; i < assets; i++) assetIds.push((await createAsset({ ownerOrgId: org.orgId })).id);
  const { id } = await requestValuation(org.actor, { assetIds, purpose: "pledge", locale: "zh-CN" });
  return { org, id };
}

/** A job of the given id that BullMQ failed for good (as the stall limit or a failed child does). */
async function failedJob(queue: string, jobId: string, name: string, data: object, reason: string) {
  const q = getQueue(queue);
  await q.add(name, data, { jobId });
  const w = new Worker(queue, async () => {
    throw new UnrecoverableError(reason);
  }, { connection, prefix: queuePrefix(), autorun: true });
  try {
    await waitFor("the job to fail", async () => (await q.getJobState(jobId)) === "failed", 20_000, 50);
  } finally {
    await w.close();
  }
}

describe("reconciliation", () => {
  it("hands a delivery whose job Redis no longer has back to the relay, and the job then runs once", async () => {
    const admin = await createAdmin();
    const org = await createOrg({ status: "pending" });
    await decideOrg(admin.actor, org.orgId, "verify", null);
    const db = await getDb();
    // As if the relay had added it and Redis then lost it.
    const [row] = await db.update(outbox).set({ dispatchedAt: minutesAgo(5) })
      .where(and(eq(outbox.queue, "notifications"), sql`${outbox.payload}->>'orgId' = ${org.orgId}`)).returning();

    const report = await reconcile(db, deps, { graceMs: 60_000 });
    expect(report).toMatchObject({ skipped: false, redispatched: 1 });
    const [back] = await db.select().from(outbox).where(eq(outbox.id, row!.id));
    expect(back!.dispatchedAt).toBeNull();
    expect(await db.select().from(auditEvents).where(and(eq(auditEvents.action, "reconcile.redispatched"), eq(auditEvents.entityId, String(row!.id))))).toHaveLength(1);

    const worker = await runWorker({ concurrency: 2 });
    try {
      const closed = await waitFor("the delivery to close", async () => {
        const [r] = await db.select().from(outbox).where(eq(outbox.id, row!.id));
        return r?.completedAt ? r : null;
      }, 20_000, 100);
      expect(closed.failedAt).toBeNull();
      expect(await db.select().from(notifications).where(eq(notifications.userId, org.userId))).toHaveLength(1);
      // A live or finished job is left alone.
      expect(await reconcile(db, deps, { graceMs: 0 })).toMatchObject({ redispatched: 0, failed: 0 });
    } finally {
      await worker.close();
    }
  });

  it("restarts a valuation whose flow BullMQ failed outside the processor, then fails it once the restarts are used up", async () => {
    const { org, id } = await valuationOf();
    const db = await getDb();
    for (let attempt = 1; attempt <= env.VALUATION_AUTO_RETRIES + 1; attempt++) {
      const key = `valuation:${id}:${attempt}`;
      await failedJob("valuation", rootJobId("valuation", "run", key), "report", { valuationId: id, attempt }, "job stalled more than allowable limit");
      await db.update(outbox).set({ dispatchedAt: minutesAgo(5) }).where(eq(outbox.dedupeKey, key));
      expect(await reconcile(db, deps, { graceMs: 60_000 })).toMatchObject({ failed: 1 });
      const [row] = await db.select().from(outbox).where(eq(outbox.dedupeKey, key));
      expect(row!.failure).toBe("job stalled more than allowable limit");
    }
    const [v] = await db.select().from(valuations).where(eq(valuations.id, id));
    expect([v!.status, v!.error, v!.attempt, v!.autoRetries]).toEqual(["failed", "valuation.error.interrupted", env.VALUATION_AUTO_RETRIES + 1, env.VALUATION_AUTO_RETRIES]);
    expect(await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "valuation.auto-retried")))).toHaveLength(env.VALUATION_AUTO_RETRIES);
    const notes = await db.select().from(notifications).where(and(eq(notifications.userId, org.userId), eq(notifications.kind, "valuation.notify.failed")));
    expect(notes).toHaveLength(1);
    // The owner's retry starts a fresh budget.
    await retryValuation(org.actor, id, v!.attempt);
    const [again] = await db.select().from(valuations).where(eq(valuations.id, id));
    expect([again!.status, again!.autoRetries]).toEqual(["queued", 0]);
  });

  it("fails a delivery the relay could not dispatch, and an admin requeues it", async () => {
    const admin = await createAdmin();
    const org = await createOrg({ status: "pending" });
    await decideOrg(admin.actor, org.orgId, "verify", null);
    const db = await getDb();
    const [row] = await db.update(outbox).set({ attempts: 12, lastError: "connect ECONNREFUSED" })
      .where(and(eq(outbox.queue, "notifications"), sql`${outbox.payload}->>'orgId' = ${org.orgId}`)).returning();
    expect(await reconcile(db, deps, { graceMs: 60_000 })).toMatchObject({ failed: 1 });
    const [failed] = await db.select().from(outbox).where(eq(outbox.id, row!.id));
    expect(failed!.failure).toMatch(/not dispatched after 12 attempts: connect ECONNREFUSED/);

    const view = await jobsOverview(admin.actor);
    expect(view.outbox.rows.find((r) => r.id === row!.id)?.failedAt).not.toBeNull();
    expect(view.reconciliation.recent.some((a) => a.action === "reconcile.failed" && a.entityId === String(row!.id))).toBe(true);
    expect(view.reconciliation.snapshot.outboxFailed).toBeGreaterThan(0);

    // The console shows it: the failed delivery with its reason, and what reconciliation did.
    const server = await startTestServer();
    try {
      const browser = client(server.base);
      await browser.login(admin.email, TEST_PASSWORD);
      const page = await (await browser.get("/admin/jobs?lang=en")).text();
      expect(page).toContain(`data-testid="outbox-failed-${row!.id}"`);
      expect(page).toContain("not dispatched after 12 attempts");
      expect(page).toContain("reconcile.failed");
      expect(page).toMatch(/data-testid="jobs-stranded"[^>]*>\d+ stuck valuations/);
    } finally {
      await server.close();
    }

    await requeueOutbox(admin.actor, row!.id);
    const [requeued] = await db.select().from(outbox).where(eq(outbox.id, row!.id));
    expect([requeued!.failedAt, requeued!.dispatchedAt, requeued!.attempts]).toEqual([null, null, 0]);
  });

  it("records a matching job BullMQ gave up on against the application and tells the enterprise", async () => {
    const { ent, assetIds } = await enterpriseWithValuedAssets();
    const { id } = await createApplication(ent.actor, { assetIds, amount: 1_500_000_00n, termMonths: 12, purpose: "研发投入" });
    expect((await submitApplication(ent.actor, id)).status).toBe("matching");
    const db = await getDb();
    const key = `match-application:${id}:submitted`;
    await failedJob("matching", rootJobId("matching", "match-application", key), "match-application", { applicationId: id }, "job stalled more than allowable limit");
    await db.update(outbox).set({ dispatchedAt: minutesAgo(5) }).where(eq(outbox.dedupeKey, key));
    expect(await reconcile(db, deps, { graceMs: 60_000 })).toMatchObject({ failed: 1 });
    const [audited] = await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "financing.matching-failed")));
    expect(audited!.after).toMatchObject({ status: "matching", reason: "job stalled more than allowable limit" });
    const notice = await db.select().from(outbox).where(like(outbox.dedupeKey, `notice:notify.matchingFailed:${ent.orgId}:%`));
    expect(notice).toHaveLength(1);
  });

  it("gives a stuck valuation whose flow ended without finishing it to its failure handler", async () => {
    const { id } = await valuationOf();
    const db = await getDb();
    // The flow's delivery closed, yet the valuation still says running, and nothing happened for long.
    await db.update(outbox).set({ dispatchedAt: minutesAgo(30), completedAt: minutesAgo(30) }).where(eq(outbox.dedupeKey, `valuation:${id}:1`));
    await db.update(valuations).set({ status: "running", updatedAt: minutesAgo(30) }).where(eq(valuations.id, id));
    expect(await reconcile(db, deps, { stuckMs: 10 * 60_000 })).toMatchObject({ valuations: 1 });
    const [v] = await db.select().from(valuations).where(eq(valuations.id, id));
    expect([v!.status, v!.attempt]).toEqual(["queued", 2]);
    expect(await db.select().from(outbox).where(eq(outbox.dedupeKey, `valuation:${id}:2`))).toHaveLength(1);
  });
});

describe("retrying a valuation", () => {
  it("lets the owner restart one stuck in progress, not one that is still moving, and the same form twice starts one attempt", async () => {
    const { org, id } = await valuationOf();
    const db = await getDb();
    await db.update(valuations).set({ status: "running" }).where(eq(valuations.id, id));
    await expect(retryValuation(org.actor, id, 1)).rejects.toMatchObject({ status: 409 });
    await db.update(valuations).set({ updatedAt: new Date(Date.now() - env.JOB_STUCK_AFTER_MS - 1000) }).where(eq(valuations.id, id));
    expect(await retryValuation(org.actor, id, 1)).toMatchObject({ status: "queued", attempt: 2 });
    expect(await retryValuation(org.actor, id, 1)).toMatchObject({ attempt: 2 });
    expect(await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "valuation.retried")))).toHaveLength(1);
  });

  it("does not hand a stuck valuation back to an identical new request", async () => {
    const org = await createOrg();
    const asset = await createAsset({ ownerOrgId: org.orgId });
    const req = { assetIds: [asset.id], purpose: "pledge" as const, locale: "zh-CN" as const };
    const first = await requestValuation(org.actor, req);
    expect((await requestValuation(org.actor, req)).id).toBe(first.id);
    const db = await getDb();
    await db.update(valuations).set({ updatedAt: new Date(Date.now() - env.JOB_STUCK_AFTER_MS - 1000) }).where(eq(valuations.id, first.id));
    expect((await requestValuation(org.actor, req)).id).not.toBe(first.id);
  });
});
