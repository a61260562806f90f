import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { outbox, pledgeApplications, registrationPacks } from "#db/schema/index";
import { seedDemo } from "#db/seed-data";
import { seedRegistration } from "#db/seeds/registration";
import type { UserActor } from "#app/domain/policy/index";
import { verifyDocument } from "#app/services/document-verification.server";
import { packDocumentFile, packPage } from "#app/services/registration-pack-views.server";

const actor = (ids: Awaited<ReturnType<typeof seedDemo>>, key: string, orgKind: UserActor["orgKind"]): UserActor =>
  ({ type: "user", userId: ids.users[key]!, orgId: ids.orgs[key]!, orgKind, orgStatus: "verified", role: "owner" });

describe("the registration demo seed", () => {
  it("leaves bank1 one accepted offer whose pack the enterprise signed and the bank is asked to sign, once however often it runs", async () => {
    const db = await getDb();
    const ids = await seedDemo(db);
    const applicationId = ids.extra.registrationDemoApplication!;
    expect(applicationId).toBeTruthy();
    const [app] = await db.select().from(pledgeApplications).where(eq(pledgeApplications.id, applicationId));
    expect(app!.status).toBe("accepted");

    const bank = actor(ids, "bank1", "bank");
    const page = await packPage(bank, applicationId);
    expect(page.party).toBe("pledgee");
    expect(page.pledgee.name).toBe("申城银行张江科技支行");
    expect(page.packs).toHaveLength(1);
    const [pack] = page.packs;
    expect(pack!.status).toBe("signed_one");
    expect(pack!.signedNow).toEqual(["pledgor"]);
    expect(pack!.actions.sign).toBe(true);
    // The enterprise's signature is a real one: its contract verifies, signed by the enterprise alone.
    const contract = pack!.documents.find((d) => d.kind === "contract")!;
    const v = await verifyDocument((await packDocumentFile(bank, pack!.id, contract.id)).pdf);
    expect(v.verdict).toBe("valid");
    expect(v.signatures.map((s) => s.signerName)).toEqual(["上海芯微半导体科技有限公司"]);
    // The enterprise sees the bank's signature awaited, not its own.
    expect((await packPage(actor(ids, "enterprise", "enterprise"), applicationId)).packs[0]!.actions.sign).toBe(false);
    // The bank's way in: the notice (a job the worker delivers) that the other party signed, linking to the pack.
    const notices = (await db.select({ payload: outbox.payload }).from(outbox).where(eq(outbox.name, "org-notice")))
      .map((r) => r.payload as { orgId: string; kind: string; link: string | null })
      .filter((p) => p.orgId === bank.orgId && p.kind === "registration.notice.signedByOther");
    expect(notices.map((p) => p.link)).toEqual([`/registration/${applicationId}`]);

    // A second run adds nothing.
    await seedRegistration(db, ids);
    expect(await db.select({ id: registrationPacks.id }).from(registrationPacks)).toHaveLength(1);
  });
});
