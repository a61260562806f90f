import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { notifications, outbox } from "#db/schema/index";
import { decideOrg } from "#app/services/org-verification.server";
import { runWorker } from "#jobs/runtime";
import { createAdmin, createOrg } from "#tests/support/factories";

async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("background jobs on real Redis", () => {
  it("moves the outbox row to BullMQ and the worker notifies the verified organisation's members", async () => {
    const admin = await createAdmin();
    const org = await createOrg({ status: "pending" });
    const worker = await runWorker({ concurrency: 2 });
    try {
      await decideOrg(admin.actor, org.orgId, "verify", null);
      const db = await getDb();
      const note = await waitFor(async () => (await db.select().from(notifications).where(eq(notifications.userId, org.userId)))[0]);
      expect(note.kind).toBe("notify.orgVerified");
      // The decision's own job (the notification's e-mail job, written with it, may still be on its way).
      const rows = await db.select().from(outbox).where(eq(outbox.name, "org-status-changed"));
      expect(rows).toHaveLength(1);
      expect(rows.every((r) => r.dispatchedAt !== null)).toBe(true);
      const job = await worker.getQueue("notifications").getJob(rows[0]!.dedupeKey.replace(/:/g, "."));
      expect(job?.name).toBe("org-status-changed");
    } finally {
      await worker.close();
    }
  });
});
