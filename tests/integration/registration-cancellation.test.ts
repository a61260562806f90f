import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReceiver } from "#tests/support/webhook-receiver";

process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true";

const { getDb } = await import("#db/client.server");
const { domainEvents, pledgeRegistrations, webhookDeliveries } = await import("#db/schema/index");
const { shanghaiDate } = await import("#app/domain/dates");
const { createEndpoint } = await import("#app/services/webhook-endpoints.server");
const { disburseLoan, getLoan, recordRepayment } = await import("#app/services/loans.server");
const { filePack, recordPack } = await import("#app/services/registration-filing.server");
const { preparePack, signPack } = await import("#app/services/registration-packs.server");
const { runWorker } = await import("#jobs/runtime");
const { waitFor } = await import("#tests/support/processes");
const { acceptedApplication } = await import("#tests/support/registration");

type Worker = Awaited<ReturnType<typeof runWorker>>;
let worker: Worker;
beforeAll(async () => {
  worker = await runWorker({ concurrency: 2 });
});
afterAll(async () => {
  await worker.close();
});

const address = "上海市浦东新区张江路 1 号";
const prepare = (kind: "registration" | "cancellation") => ({ kind, agent: null, declareValuation: false, change: null, address });

describe("registration.cancelled: one event per registration cancellation", () => {
  it("settlement and the recorded cancellation pack are one cancellation, delivered once to the bank's receiver", async () => {
    const { ent, bank, applicationId } = await acceptedApplication();
    const secrets: string[] = [];
    const receiver = await startReceiver({ secrets: () => secrets });
    try {
      const { id: endpointId, secret } = await createEndpoint(bank.actor, {
        url: receiver.url, description: "core banking", eventTypes: ["registration.recorded", "registration.filed", "registration.cancelled"],
      });
      secrets.push(secret);

      // The pledge registered through its pack, paid out and repaid to the last fen: the pledge is released.
      const { packId } = await preparePack(ent.actor, applicationId, prepare("registration"));
      await signPack(ent.actor, packId);
      await signPack(bank.actor, packId);
      await filePack(bank.actor, packId, { filedOn: shanghaiDate() });
      const { loanId } = await recordPack(bank.actor, packId, { cnipaNumber: `ZL2026${Date.now() % 1_000_000}`, noticeNumber: "ZYDJ2026000101", registeredOn: "2026-11-20" });
      await disburseLoan(bank.actor, loanId!, { disbursedOn: "2026-11-21" });
      const loan = await getLoan(bank.actor, loanId!);
      const owed = loan.schedule.reduce((a, i) => a + i.principalFen + i.interestFen, 0n);
      expect(await recordRepayment(bank.actor, loanId!, { amountFen: owed, paidOn: "2026-12-21" }, "ui")).toMatchObject({ loanStatus: "settled" });

      // Then the cancellation pack (注销), signed by both, filed and recorded by CNIPA.
      const cancel = await preparePack(bank.actor, applicationId, prepare("cancellation"));
      await signPack(bank.actor, cancel.packId);
      await signPack(ent.actor, cancel.packId);
      await filePack(bank.actor, cancel.packId, { filedOn: shanghaiDate() });
      await recordPack(bank.actor, cancel.packId, { cnipaNumber: `ZX2026${Date.now() % 1_000_000}`, noticeNumber: "ZXDJ2026000102", registeredOn: "2026-12-28" });
      // Recording it a second time is refused and writes nothing.
      await expect(recordPack(bank.actor, cancel.packId, { cnipaNumber: "ZX-again", noticeNumber: "ZXDJ-again", registeredOn: "2026-12-29" })).rejects.toMatchObject({ status: 409 });

      const db = await getDb();
      const [reg] = await db.select().from(pledgeRegistrations).where(eq(pledgeRegistrations.applicationId, applicationId));
      expect(reg!.status).toBe("released");
      const events = await db.select().from(domainEvents).where(inArray(domainEvents.type, ["registration.recorded", "registration.filed", "registration.cancelled"]));
      const ours = events.filter((e) => (e.payload as { applicationId?: string }).applicationId === applicationId);
      expect(ours.filter((e) => e.type === "registration.cancelled")).toHaveLength(1);
      // Filed twice (the pledge, then its cancellation), recorded once, cancelled once.
      expect(ours.map((e) => e.type).sort()).toEqual(["registration.cancelled", "registration.filed", "registration.filed", "registration.recorded"]);

      // Every event the endpoint subscribes to is delivered; the receiver holds one cancellation.
      await waitFor("every delivery done", async () => {
        const ds = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));
        return ds.length === ours.length && ds.every((d) => d.status === "delivered");
      }, 30_000, 100);
      await receiver.waitFor(ours.length);
      const bodies = receiver.received.map((r) => JSON.parse(r.body) as { type: string; data: Record<string, string> });
      expect(receiver.received.every((r) => r.verifiedWith[0] === true)).toBe(true);
      const cancelled = bodies.filter((b) => b.type === "registration.cancelled");
      expect(cancelled).toHaveLength(1);
      expect(cancelled[0]!.data).toMatchObject({ applicationId, registrationId: reg!.id });
      expect(bodies).toHaveLength(ours.length);
    } finally {
      await receiver.close();
    }
  });
});
