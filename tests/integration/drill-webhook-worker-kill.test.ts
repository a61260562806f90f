import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { webhookAttempts, webhookDeliveries } from "#db/schema/index";
import { emitDomainEvent } from "#app/services/domain-events.server";
import { createEndpoint } from "#app/services/webhook-endpoints.server";
import { DRILL_TIMERS } from "#tests/support/drills";
import { createOrg } from "#tests/support/factories";
import { killAll, killHard, spawnTs, terminate, waitFor } from "#tests/support/processes";
import { startReceiver } from "#tests/support/webhook-receiver";

/**
 * Drill: the worker posting a webhook is SIGKILLed while the receiver holds the request. BullMQ's
 * stall recovery hands the attempt to another worker, which posts again with the same webhook-id:
 * the receiver (deduping on it, as Standard Webhooks asks) acts once, and the delivery ends delivered.
 */
const worker = () => spawnTs("jobs/worker.ts", { ...DRILL_TIMERS, NODE_ENV: "test", WEBHOOK_ALLOW_PRIVATE_TARGETS: "true", WEBHOOK_TIMEOUT_MS: "60000" });

afterAll(async () => {
  await killAll();
});

describe("drill: a worker killed mid-delivery", () => {
  it("is delivered by another worker, with the same webhook-id, and acted upon once", async () => {
    const bank = await createOrg({ kind: "bank" });
    const secrets: string[] = [];
    // The first request is held open (the worker dies under it); later ones are answered 200.
    const receiver = await startReceiver({ secrets: () => secrets, answers: [{ hang: true }] });
    const a = worker();
    try {
      const { id: endpointId, secret } = await createEndpoint(bank.actor, { url: receiver.url, description: "", eventTypes: ["loan.defaulted"] });
      secrets.push(secret);
      const loanId = crypto.randomUUID();
      const db = await getDb();
      const eventId = await db.transaction((tx) => emitDomainEvent(tx, {
        type: "loan.defaulted", subjectType: "loan", subjectId: loanId, orgIds: [bank.orgId], payload: { loanId }, dedupeKey: loanId,
      }));
      await receiver.waitFor(1, 60_000);
      await killHard(a);
      const b = worker();
      const [d] = await waitFor("the delivery to be delivered", async () => {
        const rows = await db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.eventId, eventId!)));
        return rows[0]?.status === "delivered" ? rows : null;
      }, 90_000, 200);
      expect(receiver.received.length).toBeGreaterThanOrEqual(2);
      expect(new Set(receiver.received.map((r) => r.id))).toEqual(new Set([d!.messageId]));
      expect(receiver.received.every((r) => r.verifiedWith[0])).toBe(true);
      expect(receiver.processed.size).toBe(1);
      // The killed attempt left no log row; the one that got through is attempt 1.
      const attempts = await db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, d!.id));
      expect(attempts.map((x) => [x.seq, x.responseStatus])).toEqual([[1, 200]]);
      expect(await terminate(b)).toBe(0);
    } finally {
      await receiver.close();
    }
  });
});
