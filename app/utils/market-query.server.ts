import { MARKET_QUERY_PARAMS, MarketQuerySchema, queryParams, type MarketQuery } from "#app/domain/forms/market";
import { parseYuan } from "#app/domain/money";
import { isMessageKey, type Translate } from "#app/i18n/index";

/**
 * Market filters from a query string. The page takes prices in 元 (`minYuan`, `maxYuan`); the API in
 * integer 分 (`minPrice`, `maxPrice`). Errors come back as translated messages per parameter.
 */
export function parseMarketQuery(params: URLSearchParams, t: Translate, opts: { yuan?: boolean } = {}):
  { ok: true; query: MarketQuery } | { ok: false; fields: Record<string, string[]> } {
  const raw = queryParams(params, opts.yuan ? MARKET_QUERY_PARAMS.filter((n) => n !== "minPrice" && n !== "maxPrice") : MARKET_QUERY_PARAMS);
  const fields: Record<string, string[]> = {};
  if (opts.yuan) {
    for (const [from, to] of [["minYuan", "minPrice"], ["maxYuan", "maxPrice"]] as const) {
      const v = params.get(from)?.trim();
      if (!v) continue;
      const fen = parseYuan(v);
      if (fen === null) fields[from] = [t("market.errors.amount")];
      else raw[to] = fen.toString();
    }
  }
  const r = MarketQuerySchema.safeParse(raw);
  if (!r.success) {
    for (const issue of r.error.issues) {
      let name = String(issue.path[0] ?? "q");
      if (opts.yuan && name === "maxPrice") name = "maxYuan";
      if (opts.yuan && name === "minPrice") name = "minYuan";
      (fields[name] ??= []).push(t(isMessageKey(issue.message) ? issue.message : "errors.invalid"));
    }
  }
  if (Object.keys(fields).length || !r.success) return { ok: false, fields };
  return { ok: true, query: r.data };
}
