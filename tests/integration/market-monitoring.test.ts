import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { notifications } from "#db/schema/index";
import { sweepListedAssets } from "#app/services/listing-monitoring.server";
import { createAdmin, createAsset, createOrg } from "#tests/support/factories";
import { publishedListing } from "#tests/support/market";

describe("monitoring of listed patents' annuities and trademarks' renewals", () => {
  it("tells the owner of a listed patent of each grace month once, and nobody else", async () => {
    const admin = await createAdmin();
    const owner = await createOrg({ kind: "university" });
    const other = await createOrg();
    const asset = await createAsset({ ownerOrgId: owner.orgId, filingDate: "2017-07-21", annuityPaidThrough: "2026-07-20" });
    await publishedListing(owner, admin, { mode: "open_licence", assetIds: [asset.id] });
    const db = await getDb();
    const mine = () => db.select().from(notifications).where(eq(notifications.userId, owner.userId));

    await sweepListedAssets(db, "2026-07-25");
    await sweepListedAssets(db, "2026-07-30");
    const first = (await mine()).filter((n) => n.kind === "market.alert.annuityGrace");
    expect(first).toHaveLength(1);
    expect(first[0]!.params).toMatchObject({ graceMonth: 1, surchargePercent: 0 });

    await sweepListedAssets(db, "2026-08-25");
    const second = (await mine()).filter((n) => n.kind === "market.alert.annuityGrace");
    expect(second).toHaveLength(2);
    expect(second.map((n) => (n.params as { graceMonth: number }).graceMonth).sort()).toEqual([1, 2]);
    expect(await db.select().from(notifications).where(eq(notifications.userId, other.userId))).toHaveLength(0);
  });

  it("tells the owner of a listed trademark when its renewal window opens and when it is in the grace period, once each", async () => {
    const admin = await createAdmin();
    const owner = await createOrg();
    const tm = await createAsset({ ownerOrgId: owner.orgId, kind: "trademark", filingDate: "2016-03-01", grantDate: "2017-06-07", expiryDate: "2027-06-06", annuityPaidThrough: null, niceClasses: [9] });
    await publishedListing(owner, admin, { mode: "non_exclusive_licence", assetIds: [tm.id] });
    const db = await getDb();
    const kinds = async () => (await db.select().from(notifications).where(eq(notifications.userId, owner.userId))).map((n) => n.kind).sort();
    await sweepListedAssets(db, "2026-06-01");
    expect(await kinds()).not.toContain("market.alert.renewalOpen");
    await sweepListedAssets(db, "2026-06-10");
    await sweepListedAssets(db, "2026-09-10");
    expect((await kinds()).filter((k) => k.startsWith("market.alert.renewal"))).toEqual(["market.alert.renewalOpen"]);
    await sweepListedAssets(db, "2027-07-01");
    await sweepListedAssets(db, "2027-08-01");
    expect((await kinds()).filter((k) => k.startsWith("market.alert.renewal"))).toEqual(["market.alert.renewalGrace", "market.alert.renewalOpen"]);
  });

  it("leaves alone patents that are not on the market", async () => {
    const owner = await createOrg();
    await createAsset({ ownerOrgId: owner.orgId, filingDate: "2017-07-21", annuityPaidThrough: "2026-07-20" });
    const db = await getDb();
    await sweepListedAssets(db, "2026-07-25");
    expect(await db.select().from(notifications).where(eq(notifications.userId, owner.userId))).toHaveLength(0);
  });
});
