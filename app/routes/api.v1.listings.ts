import type { LoaderFunctionArgs } from "@remix-run/node";
import { searchListings } from "#app/services/market.server";
import { marketFacets } from "#app/services/market-facets.server";
import { translator } from "#app/i18n/index";
import { parseMarketQuery } from "#app/utils/market-query.server";
import { apiGetOnly, apiLocale } from "#app/utils/api.server";

/**
 * GET /api/v1/listings — public, read-only: published listings with the market's filters
 * (q, kind, mode, industry, park, minPrice, maxPrice in integer 分, band, highValue, sort, cursor, limit).
 * `meta`: the number of matches and the facet counts (kind, mode, industry, park, band, highValue) of the
 * whole search, not of the page; `estimated: true` when they are estimates (more than 1,000 matches).
 * Bad parameters: 400 with a message per parameter (in `?lang=en`, Accept-Language, or Chinese).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const t = translator(apiLocale(request));
  const parsed = parseMarketQuery(new URL(request.url).searchParams, t);
  if (!parsed.ok) {
    return Response.json({ error: { code: "invalid_parameters", message: t("errors.badRequest"), fields: parsed.fields } }, { status: 400 });
  }
  const [page, facets] = await Promise.all([searchListings(parsed.query), marketFacets(parsed.query)]);
  // Cache-Control and ETag: app/utils/http-cache.server.ts (public for anonymous callers).
  return Response.json({
    data: page.items.map((i) => ({ ...i, url: `/market/${i.id}` })), nextCursor: page.nextCursor,
    meta: { count: facets.total, estimated: facets.estimated, facets: facets.facets },
  });
}

export const action = apiGetOnly;
