/**
 * "Park or campaign fit" for matching: an enterprise in a running 入园惠企 campaign should be matched
 * first to the banks that came into its park, and among those to the products they brought.
 *
 * The financing context's matcher calls `campaignFit` for each candidate product with the offers
 * from `campaignOffersFor(exec, enterpriseOrgId)` (app/services/campaign-fit.server.ts). Pure: no I/O.
 */
export type CampaignOffer = {
  campaignId: string;
  bankOrgId: string;
  /** The products the bank offers in this campaign; empty means "all its products". */
  productIds: string[];
};

export type CampaignFit = {
  /** 1: a product the bank brought to the campaign; 0.5: a participating bank's other product; 0: none. */
  score: 0 | 0.5 | 1;
  campaignId: string | null;
  /** Dictionary key explaining the factor (shown among the match reasons). */
  reason: "campaign.fit.product" | "campaign.fit.bank" | "campaign.fit.none";
};

export function campaignFit(
  product: { id: string; bankOrgId: string },
  offers: CampaignOffer[],
  /** The campaign the application was made in (`?campaign=`), preferred over any other. */
  campaignId?: string | null,
): CampaignFit {
  const relevant = campaignId ? offers.filter((o) => o.campaignId === campaignId) : offers;
  const bankOffers = relevant.filter((o) => o.bankOrgId === product.bankOrgId);
  const withProduct = bankOffers.find((o) => o.productIds.length === 0 || o.productIds.includes(product.id));
  if (withProduct) return { score: 1, campaignId: withProduct.campaignId, reason: "campaign.fit.product" };
  if (bankOffers[0]) return { score: 0.5, campaignId: bankOffers[0].campaignId, reason: "campaign.fit.bank" };
  return { score: 0, campaignId: null, reason: "campaign.fit.none" };
}
