import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReceiver } from "#tests/support/webhook-receiver";

// Short timers, the same code paths: a retry after ~0.3 s instead of ~5 s, a 1.5 s time limit instead of 15 s.
process.env.WEBHOOK_BACKOFF_BASE_MS = "300";
process.env.WEBHOOK_TIMEOUT_MS = "1500";
process.env.WEBHOOK_RETRY_WINDOW_MS = "120000";
process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true";

const { getDb } = await import("#db/client.server");
const { notifications, webhookAttempts, webhookDeliveries, webhookEndpoints, outbox } = await import("#db/schema/index");
const { emitDomainEvent } = await import("#app/services/domain-events.server");
const { createEndpoint, getEndpoint, replayDelivery, rotateSecret, updateEndpoint } = await import("#app/services/webhook-endpoints.server");
const { deliverAttempt, webhookHealthSweep } = await import("#app/services/webhook-delivery.server");
const { env } = await import("#app/utils/env.server");
const { runWorker } = await import("#jobs/runtime");
const { waitFor } = await import("#tests/support/processes");
const { createOrg } = await import("#tests/support/factories");

type Worker = Awaited<ReturnType<typeof runWorker>>;
let worker: Worker;
beforeAll(async () => {
  worker = await runWorker({ concurrency: 4 });
});
afterAll(async () => {
  await worker.close();
});

async function emit(bankOrgId: string, type: "application.matched" | "repayment.overdue" = "application.matched") {
  const applicationId = crypto.randomUUID();
  const db = await getDb();
  const eventId = await db.transaction((tx) => emitDomainEvent(tx, {
    type, subjectType: "pledge_application", subjectId: applicationId, orgIds: [bankOrgId], payload: { applicationId }, dedupeKey: applicationId,
  }));
  return { applicationId, eventId: eventId! };
}

const until = <T>(fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, ms = 30_000) => waitFor("the condition", async () => fn(), ms, 100);

async function deliveryOf(endpointId: string, eventId: number, status?: string) {
  const db = await getDb();
  return until(async () => {
    const [d] = await db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.eventId, eventId)));
    return d && (!status || d.status === status) ? d : null;
  });
}

async function attemptsOf(deliveryId: string) {
  const db = await getDb();
  return db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, deliveryId)).orderBy(webhookAttempts.seq);
}

async function bankWithEndpoint(answers: Parameters<typeof startReceiver>[0]["answers"] = [], eventTypes: ("application.matched" | "repayment.overdue")[] = ["application.matched"]) {
  const bank = await createOrg({ kind: "bank" });
  const secrets: string[] = [];
  const receiver = await startReceiver({ secrets: () => secrets, answers });
  const { id, secret } = await createEndpoint(bank.actor, { url: receiver.url, description: "core banking", eventTypes });
  secrets.push(secret);
  return { bank, receiver, endpointId: id, secrets };
}

describe("webhooks to banks (Standard Webhooks v1, real receiver)", () => {
  it("delivers a thin, signed event that the receiver verifies with standardwebhooks", async () => {
    const { bank, receiver, endpointId } = await bankWithEndpoint();
    try {
      const { applicationId, eventId } = await emit(bank.orgId);
      const [got] = await receiver.waitFor(1);
      expect(got!.verifiedWith).toEqual([true]);
      expect(JSON.parse(got!.body)).toEqual({ type: "application.matched", timestamp: expect.any(String), data: { applicationId, eventId: `evt_${eventId}` } });
      const d = await deliveryOf(endpointId, eventId, "delivered");
      expect(got!.id).toBe(d.messageId);
      const [a] = await attemptsOf(d.id);
      expect(a).toMatchObject({ seq: 1, trigger: "auto", responseStatus: 200, error: null });
      expect((a!.requestHeaders as Record<string, string>)["webhook-id"]).toBe(d.messageId);
    } finally {
      await receiver.close();
    }
  });

  it("sends only the event types an endpoint subscribed to, and only to the banks the event names", async () => {
    const { bank, receiver, endpointId } = await bankWithEndpoint([], ["repayment.overdue"]);
    const other = await bankWithEndpoint([], ["application.matched"]);
    try {
      const first = await emit(bank.orgId, "application.matched");
      const second = await emit(bank.orgId, "repayment.overdue");
      await deliveryOf(endpointId, second.eventId, "delivered");
      const db = await getDb();
      expect(await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, first.eventId))).toEqual([]);
      expect(receiver.received.map((r) => JSON.parse(r.body).type)).toEqual(["repayment.overdue"]);
      expect(other.receiver.received).toEqual([]);
    } finally {
      await receiver.close();
      await other.receiver.close();
    }
  });

  it("retries after a 500 and after a timeout, with the same webhook-id, until the receiver takes it", async () => {
    const { bank, receiver, endpointId } = await bankWithEndpoint([{ status: 500 }, { hang: true }, { status: 200 }]);
    try {
      const { eventId } = await emit(bank.orgId);
      const d = await deliveryOf(endpointId, eventId, "delivered");
      const attempts = await attemptsOf(d.id);
      expect(attempts.map((a) => a.responseStatus)).toEqual([500, null, 200]);
      expect(attempts[1]!.error).toMatch(/timed out/);
      expect(new Set(receiver.received.map((r) => r.id))).toEqual(new Set([d.messageId]));
      expect(receiver.received.every((r) => r.verifiedWith[0])).toBe(true);
      // Exponential backoff: the second wait is about three times the first (±20 % jitter each).
      const gap1 = attempts[1]!.startedAt.getTime() - attempts[0]!.startedAt.getTime();
      expect(gap1).toBeGreaterThanOrEqual(env.WEBHOOK_BACKOFF_BASE_MS * 0.8);
      const [ep] = await (await getDb()).select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId));
      expect(ep!.failingSince).toBeNull();
    } finally {
      await receiver.close();
    }
  });

  it("waits what Retry-After asks on a 429 and a 503", async () => {
    const { bank, receiver, endpointId } = await bankWithEndpoint([{ status: 429, retryAfter: "2" }, { status: 503, retryAfter: "1" }, { status: 204 }]);
    try {
      const { eventId } = await emit(bank.orgId);
      const d = await deliveryOf(endpointId, eventId, "delivered");
      const attempts = await attemptsOf(d.id);
      expect(attempts.map((a) => a.responseStatus)).toEqual([429, 503, 204]);
      // Each next attempt started no sooner than the receiver asked after the answer (not the 0.3 s backoff).
      const answeredAt = (i: number) => attempts[i]!.startedAt.getTime() + attempts[i]!.durationMs;
      expect(attempts[1]!.startedAt.getTime() - answeredAt(0)).toBeGreaterThanOrEqual(2_000 - 5);
      expect(attempts[2]!.startedAt.getTime() - answeredAt(1)).toBeGreaterThanOrEqual(1_000 - 5);
    } finally {
      await receiver.close();
    }
  });

  it("a 410 disables the endpoint, cancels nothing twice and tells the bank; later events are not sent", async () => {
    const { bank, receiver, endpointId } = await bankWithEndpoint([{ status: 410 }]);
    try {
      const { eventId } = await emit(bank.orgId);
      const d = await deliveryOf(endpointId, eventId, "failed");
      expect(d.lastStatusCode).toBe(410);
      const db = await getDb();
      const [ep] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId));
      expect(ep).toMatchObject({ status: "disabled", disabledReason: "gone" });
      const note = await until(async () => (await db.select().from(notifications).where(and(eq(notifications.userId, bank.userId), eq(notifications.kind, "webhooks.notice.gone"))))[0]);
      expect(note.params).toEqual({ url: receiver.url });
      const later = await emit(bank.orgId);
      await until(async () => (await db.select().from(outbox).where(eq(outbox.dedupeKey, `webhook-event:${later.eventId}`)))[0]?.completedAt);
      expect(await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, later.eventId))).toEqual([]);
      expect(receiver.received).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it("signs with the old and the new secret during a rotation's overlap; each verifies alone", async () => {
    const { bank, receiver, endpointId, secrets } = await bankWithEndpoint();
    try {
      const { secret: fresh } = await rotateSecret(bank.actor, endpointId);
      secrets.push(fresh);
      const { eventId } = await emit(bank.orgId);
      const [got] = await receiver.waitFor(1);
      expect(got!.signature.split(" ")).toHaveLength(2);
      expect(got!.verifiedWith).toEqual([true, true]);
      await deliveryOf(endpointId, eventId, "delivered");
      const view = await getEndpoint(bank.actor, endpointId);
      expect(view.secrets.map((s) => s.secret)).toEqual([fresh, secrets[0]]);
      expect(view.secrets[1]!.expiresAt!.getTime()).toBeGreaterThan(Date.now());
    } finally {
      await receiver.close();
    }
  });

  it("replays a delivery with the same webhook-id and body and fresh signatures; logs it as a replay", async () => {
    const { bank, receiver, endpointId } = await bankWithEndpoint();
    try {
      const { eventId } = await emit(bank.orgId);
      const d = await deliveryOf(endpointId, eventId, "delivered");
      await replayDelivery(bank.actor, endpointId, d.id);
      const got = await receiver.waitFor(2);
      expect(got[1]!.id).toBe(got[0]!.id);
      expect(got[1]!.body).toBe(got[0]!.body);
      expect(got[1]!.verifiedWith).toEqual([true]);
      // The receiver acts once per webhook-id.
      expect(receiver.processed.size).toBe(1);
      const attempts = await until(async () => {
        const a = await attemptsOf(d.id);
        return a.length === 2 ? a : null;
      });
      expect(attempts.map((a) => a.trigger)).toEqual(["auto", "replay"]);
    } finally {
      await receiver.close();
    }
  });

  it("an endpoint failing for days is disabled by the health sweep and its bank told; a recent failure is left alone", async () => {
    const { bank, receiver, endpointId } = await bankWithEndpoint();
    const fresh = await bankWithEndpoint();
    try {
      const db = await getDb();
      await db.update(webhookEndpoints).set({ failingSince: new Date(Date.now() - env.WEBHOOK_DISABLE_AFTER_MS - 60_000) }).where(eq(webhookEndpoints.id, endpointId));
      await db.update(webhookEndpoints).set({ failingSince: new Date(Date.now() - 60_000) }).where(eq(webhookEndpoints.id, fresh.endpointId));
      expect(await webhookHealthSweep(db)).toEqual({ disabled: 1 });
      expect(await webhookHealthSweep(db)).toEqual({ disabled: 0 });
      const rows = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.orgId, bank.orgId));
      expect(rows[0]).toMatchObject({ status: "disabled", disabledReason: "failing" });
      expect((await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, fresh.endpointId)))[0]!.status).toBe("enabled");
      await until(async () => (await db.select().from(notifications).where(and(eq(notifications.userId, bank.userId), eq(notifications.kind, "webhooks.notice.failing"))))[0]);
    } finally {
      await receiver.close();
      await fresh.receiver.close();
    }
  });

  it("runs an attempt's job twice and posts once (the attempt is recorded before the next is allowed)", async () => {
    const { bank, receiver, endpointId } = await bankWithEndpoint();
    try {
      const { eventId } = await emit(bank.orgId);
      const d = await deliveryOf(endpointId, eventId, "delivered");
      const again = await deliverAttempt(await getDb(), { deliveryId: d.id, seq: 1, trigger: "auto" });
      expect(again).toEqual({ skipped: "recorded" });
      expect(receiver.received).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it("keeps another bank's endpoint out of reach (404), and refuses a bank member who is not its owner", async () => {
    const { receiver, endpointId } = await bankWithEndpoint();
    try {
      const stranger = await createOrg({ kind: "bank" });
      await expect(getEndpoint(stranger.actor, endpointId)).rejects.toMatchObject({ status: 404 });
      await expect(updateEndpoint(stranger.actor, endpointId, { enabled: false })).rejects.toMatchObject({ status: 404 });
      const enterprise = await createOrg();
      await expect(createEndpoint(enterprise.actor, { url: receiver.url, description: "", eventTypes: ["application.matched"] })).rejects.toMatchObject({ status: 403 });
    } finally {
      await receiver.close();
    }
  });

  it("refuses private, loopback and link-local targets when they are not allowed (production)", async () => {
    const bank = await createOrg({ kind: "bank" });
    const receiver = await startReceiver({ secrets: () => [] });
    env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "false";
    try {
      for (const url of ["https://127.0.0.1/h", "https://10.1.2.3/h", "https://169.254.169.254/latest", "https://[::1]/h", "https://localhost/h", "http://bank.example.cn/h"]) {
        await expect(createEndpoint(bank.actor, { url, description: "", eventTypes: ["application.matched"] }), url).rejects.toMatchObject({ status: 400 });
      }
      // An endpoint made while allowed, delivered once forbidden: the address connected to is checked.
      env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true";
      const { id } = await createEndpoint(bank.actor, { url: receiver.url.replace("127.0.0.1", "localhost"), description: "", eventTypes: ["application.matched"] });
      env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "false";
      const { eventId } = await emit(bank.orgId);
      const d = await deliveryOf(id, eventId);
      const [a] = await until(async () => {
        const rows = await attemptsOf(d.id);
        return rows.length ? rows : null;
      });
      expect(a!.responseStatus).toBeNull();
      expect(a!.error).toMatch(/refused/);
      expect(receiver.received).toEqual([]);
    } finally {
      env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true";
      await receiver.close();
    }
  });
});
