import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { notifications } from "#db/schema/index";
import { sweepListedAnnuities } from "#app/services/listing-monitoring.server";
import { createAdmin, createAsset, createOrg } from "#tests/support/factories";
import { publishedListing } from "#tests/support/market";

describe("annuity monitoring of listed patents", () => {
  it("tells the owner of a listed patent of each grace month once, and nobody else", async () => {
    const admin = await createAdmin();
    const owner = await createOrg({ kind: "university" });
    const other = await createOrg();
    const asset = await createAsset({ ownerOrgId: owner.orgId, filingDate: "2017-07-21", annuityPaidThrough: "2026-07-20" });
    await publishedListing(owner, admin, { mode: "open_licence", assetIds: [asset.id] });
    const db = await getDb();
    const mine = () => db.select().from(notifications).where(eq(notifications.userId, owner.userId));

    await sweepListedAnnuities(db, "2026-07-25");
    await sweepListedAnnuities(db, "2026-07-30");
    const first = (await mine()).filter((n) => n.kind === "market.alert.annuityGrace");
    expect(first).toHaveLength(1);
    expect(first[0]!.params).toMatchObject({ graceMonth: 1, surchargePercent: 0 });

    await sweepListedAnnuities(db, "2026-08-25");
    const second = (await mine()).filter((n) => n.kind === "market.alert.annuityGrace");
    expect(second).toHaveLength(2);
    expect(second.map((n) => (n.params as { graceMonth: number }).graceMonth).sort()).toEqual([1, 2]);
    expect(await db.select().from(notifications).where(eq(notifications.userId, other.userId))).toHaveLength(0);
  });

  it("leaves alone patents that are not on the market", async () => {
    const owner = await createOrg();
    await createAsset({ ownerOrgId: owner.orgId, filingDate: "2017-07-21", annuityPaidThrough: "2026-07-20" });
    const db = await getDb();
    await sweepListedAnnuities(db, "2026-07-25");
    expect(await db.select().from(notifications).where(eq(notifications.userId, owner.userId))).toHaveLength(0);
  });
});
