import type { LoaderFunctionArgs } from "@remix-run/node";
import { getPublicListing } from "#app/services/market.server";
import { ServiceError } from "#app/utils/http.server";
import { translator } from "#app/i18n/index";
import { apiError, apiGetOnly, apiLocale } from "#app/utils/api.server";

const n = (v: bigint | null) => (v === null ? null : Number(v));

/** GET /api/v1/listings/:id — one published listing with its assets' public facts; anything else is 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  try {
    // Always anonymous: the public API shows published listings only, whoever asks.
    const t = translator(apiLocale(request));
    const { listing: l, assets, seller, valuation: v, soldReason } = await getPublicListing(null, params.id ?? "");
    return Response.json({
      data: {
        id: l.id, title: l.title, titleEn: l.titleEn, description: l.description, mode: l.mode, negotiable: l.negotiable,
        askingPriceFen: n(l.askingPriceFen), openFeeFen: n(l.openFeeFen), royaltyBp: l.royaltyBp, termMonths: l.termMonths, territory: l.territory,
        highValue: l.highValue, publishedAt: l.publishedAt, disposal: l.disposal,
        // Published but sold (an exclusive licence for its term, or the title, approved): it takes no offers.
        available: !soldReason, unavailableReason: soldReason ? t(soldReason) : null,
        seller: seller ? { name: seller.name, kind: seller.kind, park: seller.parkZh ? { nameZh: seller.parkZh, nameEn: seller.parkEn } : null } : null,
        assets,
        valuation: v ? { lowFen: n(v.lowFen), baseFen: n(v.baseFen), highFen: n(v.highFen), modelVersion: v.modelVersion, validUntil: v.validUntil } : null,
      },
    }); // Cache-Control and ETag: app/utils/http-cache.server.ts
  } catch (e) {
    if (e instanceof ServiceError && e.status === 404) return apiError(translator(apiLocale(request)), 404, "errors.notFound");
    throw e;
  }
}

export const action = apiGetOnly;
