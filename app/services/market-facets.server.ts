import { sql, type SQL } from "drizzle-orm";
import { getDb, queryRows, type Executor } from "#db/client.server";
import type { MarketQuery } from "#app/domain/forms/market";
import type { Industry } from "#app/domain/industries";
import { isAssetKind } from "#app/domain/market/assets";
import { FACET_EXACT_LIMIT, facetsOf, type FacetRow, type Facets } from "#app/domain/market/facets";
import type { ListingMode } from "#app/domain/market/listing";
import { pgError } from "./market-shared.server";
import { marketMatchConditions } from "./market.server";

type Row = { kinds: string; mode: ListingMode; industry: Industry; park_id: string | null; price_fen: string | null; high_value: boolean };

/**
 * How long the read of the matches may take before the facets give up on reading and answer with the
 * planner's estimate alone: a filter combination no index serves would otherwise scan the table.
 */
export const FACET_READ_TIMEOUT_MS = 150;

const pgArray = (s: string) => s.replace(/^\{|\}$/g, "").split(",").filter(Boolean);

/** The planner's estimate of the rows a query returns (EXPLAIN without running it). */
async function plannerEstimate(exec: Executor, where: SQL): Promise<number> {
  const [row] = await queryRows<{ "QUERY PLAN": unknown }>(exec, sql`explain (format json) select 1 from listings l where ${where}`);
  const plan = typeof row?.["QUERY PLAN"] === "string" ? JSON.parse(row["QUERY PLAN"]) : row?.["QUERY PLAN"];
  return Math.round(Number((plan as Array<{ Plan?: { "Plan Rows"?: number } }>)?.[0]?.Plan?.["Plan Rows"] ?? 0));
}

/**
 * The result count and facet counts of a market search (its text and filters; never its sort or
 * cursor). Reads at most FACET_EXACT_LIMIT + 1 matching rows, only the facet columns: when every
 * match was read the counts are exact; otherwise they are estimates (the planner's total, the facets
 * scaled from the rows read — the first ones in the plan's order, not a random sample) and say so.
 * A read that outlasts FACET_READ_TIMEOUT_MS answers the planner's total with no facet counts.
 */
export async function marketFacets(q: MarketQuery, exec?: Executor): Promise<Facets> {
  const db = exec ?? (await getDb());
  const where = sql.join(marketMatchConditions(q), sql` and `);
  let rows: Row[];
  try {
    rows = await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('statement_timeout', ${`${FACET_READ_TIMEOUT_MS}ms`}, true)`);
      return queryRows<Row>(tx, sql`select l.kinds::text as kinds, l.mode, l.industry, l.park_id, l.price_fen::text as price_fen, l.high_value
        from listings l where ${where} limit ${FACET_EXACT_LIMIT + 1}`);
    });
  } catch (e) {
    // 57014: the read was cancelled by its timeout.
    if (pgError(e)?.code !== "57014") throw e;
    const total = await plannerEstimate(db, where);
    return { total: Math.max(total, FACET_EXACT_LIMIT + 1), estimated: true, facets: { kind: {}, mode: {}, industry: {}, park: {}, band: {}, highValue: 0 } };
  }
  const facetRows: FacetRow[] = rows.map((r) => ({
    kinds: pgArray(r.kinds).filter(isAssetKind), mode: r.mode, industry: r.industry, parkId: r.park_id,
    priceFen: r.price_fen === null ? null : BigInt(r.price_fen), highValue: r.high_value,
  }));
  return facetsOf(facetRows, facetRows.length > FACET_EXACT_LIMIT ? await plannerEstimate(db, where) : 0);
}
