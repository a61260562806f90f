import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { applicationAssets, ipAssets } from "#db/schema/index";
import { addDays, addYears, shanghaiDate } from "#app/domain/dates";
import { highValueReasons, type LegalStatus } from "#app/domain/market/assets";
import { HIGH_VALUE_CRITERIA } from "#app/domain/valuation/flags";
import { platformProgress } from "#app/services/campaign-progress.server";
import { pledgeFinancedByAsset } from "#app/services/market-shared.server";
import { insertApplication, insertProduct } from "#tests/support/campaign-fixtures";
import { createAdmin, createAsset, createOrg } from "#tests/support/factories";

/**
 * The platform dashboard counts high-value invention patents in SQL; the asset and listing pages decide
 * it per asset in the domain. Both must agree, on assets placed on each side of every criterion.
 */
describe("counting high-value invention patents", () => {
  it("counts in SQL exactly the patents the domain calls high-value, criterion by criterion", async () => {
    const admin = await createAdmin();
    const owner = await createOrg();
    const today = shanghaiDate();
    const plain = { ownerOrgId: owner.orgId, industry: "other" as const, annuityPaidThrough: addYears(today, 1) };
    const tenYearsAgo = addYears(today, -10);
    await createAsset({ ...plain });
    await createAsset({ ...plain, industry: "integrated_circuits" });
    await createAsset({ ...plain, overseasFamilyCount: 3 });
    await createAsset({ ...plain, filingDate: tenYearsAgo, expiryDate: addDays(addYears(tenYearsAgo, 20), -1) });
    await createAsset({ ...plain, filingDate: addDays(tenYearsAgo, -1), expiryDate: addYears(tenYearsAgo, 20) });
    await createAsset({ ...plain, awards: ["other_award", "shanghai_patent_award"] });
    await createAsset({ ...plain, awards: ["china_patent_award"] });
    // Not alive, or not an invention patent: never counted, whatever they meet.
    // Filed 2019-03-15, paid through its first year: the second year's annuity, due 2020-03-15, was never paid.
    await createAsset({ ...plain, industry: "integrated_circuits", annuityPaidThrough: "2020-03-14" });
    await createAsset({ ...plain, industry: "integrated_circuits", legalStatus: "pending" });
    await createAsset({ ...plain, industry: "integrated_circuits", filingDate: "2000-01-01", expiryDate: "2019-12-31" });
    await createAsset({ ...plain, industry: "integrated_circuits", kind: "utility_model" });
    // Pledge financing: one loan of ¥15,000,000 against one patent; ¥5,000,000 against another; two loans of
    // ¥6,000,000 against a third — no single financing was "relatively high" there.
    const bank = await createOrg({ kind: "bank" });
    const product = await insertProduct(bank.orgId);
    const db = await getDb();
    for (const loans of [[1500n], [500n], [600n, 600n]]) {
      const asset = await createAsset({ ...plain });
      for (const wan of loans) {
        const app = await insertApplication({
          enterpriseOrgId: owner.orgId, campaignId: null, amountWan: wan, acceptBankOrgId: bank.orgId,
          reviews: [{ bankOrgId: bank.orgId, productId: product.id, status: "accepted", offerWan: wan }],
          loan: { disbursedOn: "2025-03-01", status: "active", maturityDate: "2026-03-01" },
        });
        await db.insert(applicationAssets).values({ applicationId: app.id, assetId: asset.id });
      }
    }

    const all = await db.select().from(ipAssets);
    const financed = await pledgeFinancedByAsset(db, all.map((a) => a.id));
    const reasons = all.map((a) => highValueReasons({ ...a, legalStatus: a.legalStatus as LegalStatus, pledgeFinancedFen: financed.get(a.id) ?? null }, today));
    const { highValuePatents: counted } = await platformProgress(admin.actor);
    const byDomain = {
      highValue: reasons.filter((r) => r.length > 0).length,
      ...Object.fromEntries(HIGH_VALUE_CRITERIA.map((c) => [c, reasons.filter((r) => r.includes(c)).length])),
    };
    expect({
      highValue: counted.highValue, strategic_industry: counted.strategic, overseas_family: counted.overseas,
      maintained_10_years: counted.maintained, high_pledge_financing: counted.highPledge, award: counted.awarded,
    }).toEqual(byDomain);
    // The data set puts exactly one asset on the right side of each criterion.
    expect(byDomain).toEqual({ highValue: 5, strategic_industry: 1, overseas_family: 1, maintained_10_years: 1, high_pledge_financing: 1, award: 1 });
  });
});
