import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { applicationAssets, valuationAssets, valuations } from "#db/schema/index";
import { highValueCriteria } from "#app/domain/valuation/flags";
import { PARAMETERS } from "#app/domain/valuation/parameters";
import { collectInputs } from "#app/services/valuation-flow.server";
import { insertApplication, insertProduct } from "#tests/support/campaign-fixtures";
import { createAsset, createOrg } from "#tests/support/factories";

describe("what the enrich step reads", () => {
  it("counts the pledge financing an asset has secured, so a ¥15,000,000 loan makes it a high-value patent", async () => {
    const ent = await createOrg();
    const bank = await createOrg({ kind: "bank" });
    const product = await insertProduct(bank.orgId);
    const financedAsset = await createAsset({ ownerOrgId: ent.orgId, industry: "other" });
    const plainAsset = await createAsset({ ownerOrgId: ent.orgId, industry: "other" });
    const app = await insertApplication({
      enterpriseOrgId: ent.orgId, campaignId: null, amountWan: 1500n, acceptBankOrgId: bank.orgId,
      reviews: [{ bankOrgId: bank.orgId, productId: product.id, status: "accepted", offerWan: 1500n }],
      loan: { disbursedOn: "2025-03-01", status: "active", maturityDate: "2026-03-01" },
    });
    const db = await getDb();
    await db.insert(applicationAssets).values({ applicationId: app.id, assetId: financedAsset.id });
    const [v] = await db.insert(valuations).values({ orgId: ent.orgId, purpose: "pledge" }).returning({ id: valuations.id });
    await db.insert(valuationAssets).values([{ valuationId: v!.id, assetId: financedAsset.id }, { valuationId: v!.id, assetId: plainAsset.id }]);

    const input = await collectInputs(db, v!.id, "2026-11-01");
    const financed = input.assets.find((a) => a.id === financedAsset.id)!;
    const plain = input.assets.find((a) => a.id === plainAsset.id)!;
    expect(financed.pledgeFinancedFen).toBe(15_000_000_00n);
    expect(plain.pledgeFinancedFen).toBeNull();
    expect(highValueCriteria(financed, "2026-11-01", PARAMETERS.highValue)).toContain("high_pledge_financing");
    expect(highValueCriteria(plain, "2026-11-01", PARAMETERS.highValue)).not.toContain("high_pledge_financing");
  });
});
