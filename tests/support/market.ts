import { ListingFormSchema } from "#app/domain/forms/market";
import type { Industry } from "#app/domain/industries";
import type { ListingMode } from "#app/domain/market/listing";
import { createListing, reviewListing } from "#app/services/listings.server";
import { createAsset, type TestOrg } from "./factories";

/** A listing of fresh assets of `seller`, submitted and approved by `admin` (or left in review). */
export async function publishedListing(seller: TestOrg, admin: TestOrg, opts: {
  mode: ListingMode; title?: string; abstract?: string; titleEn?: string; assetIds?: string[]; askingPrice?: string; openFee?: string;
  termMonths?: number; industry?: Industry; approve?: boolean;
}) {
  const assetIds = opts.assetIds ?? [(await createAsset({
    ownerOrgId: seller.orgId, title: opts.title ?? "一种测试用专利", titleEn: opts.titleEn ?? null, abstract: opts.abstract ?? null, industry: opts.industry ?? "other",
    annuityPaidThrough: "2099-01-01",
  })).id];
  const input = ListingFormSchema.parse({
    assetIds, mode: opts.mode, title: opts.title ?? "一种测试用专利", titleEn: opts.titleEn,
    priceMode: opts.askingPrice ? "fixed" : "negotiable", askingPrice: opts.askingPrice,
    openFee: opts.mode === "open_licence" ? (opts.openFee ?? "50000") : undefined,
    termMonths: opts.mode === "transfer" ? undefined : String(opts.termMonths ?? 24),
    territory: opts.mode === "transfer" ? undefined : "中国大陆",
  });
  const l = await createListing(seller.actor, input, { submit: true });
  if (opts.approve !== false) await reviewListing(admin.actor, l.id, "approve", null);
  return { listingId: l.id, assetIds };
}
