import type { LoaderFunctionArgs } from "@remix-run/node";
import { searchListings } from "#app/services/market.server";
import { translator } from "#app/i18n/index";
import { parseMarketQuery } from "#app/utils/market-query.server";
import { apiGetOnly, apiLocale } from "#app/utils/api.server";

/**
 * GET /api/v1/listings — public, read-only: published listings with the market's filters
 * (q, kind, mode, industry, park, minPrice, maxPrice in integer 分, highValue, sort, cursor, limit).
 * Bad parameters: 400 with a message per parameter (in `?lang=en`, Accept-Language, or Chinese).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const t = translator(apiLocale(request));
  const parsed = parseMarketQuery(new URL(request.url).searchParams, t);
  if (!parsed.ok) {
    return Response.json({ error: { code: "invalid_parameters", message: t("errors.badRequest"), fields: parsed.fields } }, { status: 400 });
  }
  const page = await searchListings(parsed.query);
  // Cache-Control and ETag: app/utils/http-cache.server.ts (public for anonymous callers).
  return Response.json({ data: page.items.map((i) => ({ ...i, url: `/market/${i.id}` })), nextCursor: page.nextCursor });
}

export const action = apiGetOnly;
