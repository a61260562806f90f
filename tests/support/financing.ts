import { getDb } from "#db/client.server";
import { forgetParks } from "#app/services/parks.server";
import crypto from "node:crypto";
import { bankProducts, parks, valuationAssets, valuations } from "#db/schema/index";
import { assetKeyOf } from "#app/services/valuations.server";
import { createAsset, createOrg, type TestOrg } from "./factories";

/** A completed, valid pledge valuation of exactly these assets (the valuation engine is another context's). */
export async function createCompletedValuation(orgId: string, assetIds: string[], lowFen: bigint) {
  const db = await getDb();
  const [v] = await db.insert(valuations).values({
    orgId, purpose: "pledge", status: "completed", progress: 100, modelVersion: "test", assetKey: assetKeyOf(assetIds),
    lowValue: lowFen, baseValue: (lowFen * 13n) / 10n, highValue: (lowFen * 16n) / 10n,
    completedAt: new Date(), validUntil: new Date(Date.now() + 365 * 86_400_000),
  }).returning({ id: valuations.id });
  await db.insert(valuationAssets).values(assetIds.map((assetId) => ({ valuationId: v!.id, assetId })));
  return v!.id;
}

export async function createProduct(bankOrgId: string, over: Partial<typeof bankProducts.$inferInsert> = {}) {
  const db = await getDb();
  const [p] = await db.insert(bankProducts).values({
    bankOrgId, name: "知识产权质押贷", minAmountFen: 100_000_00n, maxAmountFen: 10_000_000_00n, minTermMonths: 6, maxTermMonths: 36,
    spreadBp: 80, maxLtvBp: { invention: 3000, utility_model: 2000, trademark: 5000 }, acceptedKinds: ["invention", "utility_model", "trademark"],
    repaymentMethods: ["equal_instalment", "equal_principal", "interest_only_bullet"], riskSchemes: ["sh-policy-guarantee", "shenzhen"],
    ...over,
  }).returning();
  return p!;
}

/** A park of its own keeps a test's matching apart from the products other tests created. */
export async function createPark() {
  const db = await getDb();
  const code = `p-${crypto.randomBytes(4).toString("hex")}`;
  const [p] = await db.insert(parks).values({ code, nameZh: `测试园区${code}`, nameEn: `Test park ${code}`, district: "浦东新区" }).returning({ id: parks.id });
  forgetParks(); // the app keeps the parks list in-process
  return p!.id;
}

type AssetOverrides = Omit<Parameters<typeof createAsset>[0], "ownerOrgId">;

/**
 * An enterprise (in a park of its own) with two clean patents, both valued (low value ¥8,000,000
 * together); `assets` pledges others instead (e.g. a registered trademark).
 */
export async function enterpriseWithValuedAssets(opts: { lowFen?: bigint; assets?: AssetOverrides[] } = {}) {
  const parkId = await createPark();
  const ent: TestOrg = await createOrg({ kind: "enterprise", industry: "integrated_circuits", parkId });
  const assetIds: string[] = [];
  for (const a of opts.assets ?? [{ kind: "invention" }, { kind: "invention" }]) assetIds.push((await createAsset({ ownerOrgId: ent.orgId, ...a })).id);
  const valuationId = await createCompletedValuation(ent.orgId, assetIds, opts.lowFen ?? 8_000_000_00n);
  return { ent, assetIds, valuationId, parkId };
}
