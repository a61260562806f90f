import { sql, type SQL } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import { getDb, preparedRows, queryRows, type Executor } from "#db/client.server";
import type { MarketQuery } from "#app/domain/forms/market";
import type { Industry } from "#app/domain/industries";
import { isAssetKind } from "#app/domain/market/assets";
import { exactReadTooLong, FACET_EXACT_LIMIT, facetsFromSample, facetsOf, type FacetRow, type Facets } from "#app/domain/market/facets";
import type { ListingMode } from "#app/domain/market/listing";
import { pageCache } from "#app/utils/page-cache.server";
import { pgError } from "./market-shared.server";
import { indexedFilterConditions, marketMatchConditions, marketRecentMatchesSql, marketTextProbeSql } from "./market.server";

type Row = { kinds: string; mode: ListingMode; industry: Industry; park_id: string | null; price_fen: string | null; high_value: boolean };

/**
 * How long the read of the matches may take before the facets give up on reading and answer with the
 * planner's estimate alone: a filter combination no index serves would otherwise scan the table.
 */
export const FACET_READ_TIMEOUT_MS = 150;
/** The same, when a sample already gives an estimate to fall back on. */
export const FACET_QUICK_READ_MS = 25;

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
  // Only the app's own pool's answers are kept (a caller's transaction may see rows others do not).
  const { listening, version } = pageCache.stats();
  if (exec || !listening) return readFacets(q, exec);
  const key = facetKey(q);
  const kept = kept_.get(key);
  if (kept && kept.version === version) {
    kept_.hits++;
    return kept.facets;
  }
  kept_.misses++;
  const facets = await readFacets(q);
  // A change while this read ran (the version moved): its counts may predate it, so they are not kept.
  const after = pageCache.stats();
  if (after.listening && after.version === version) kept_.set(key, { version, facets });
  return facets;
}

/**
 * The facets of recent queries, per process (the counts are public: the same for every reader). An
 * entry is dropped by any change to what public pages read (the page cache's version, which the
 * database's notifications move: app/utils/page-cache.server.ts) and after FACET_CACHE_MS in any case;
 * nothing is kept or served while the process is not listening (then nothing tells it of a change).
 */
export const FACET_CACHE_MS = 30_000;
type FacetCache = LRUCache<string, { version: number; facets: Facets }> & { hits: number; misses: number };
// On globalThis: the Remix build bundles its own copy of this module, and the counts are one process's.
const g = globalThis as unknown as { __ipmFacets?: FacetCache };
const kept_: FacetCache = (g.__ipmFacets ??= Object.assign(new LRUCache<string, { version: number; facets: Facets }>({ max: 2_000, ttl: FACET_CACHE_MS }), { hits: 0, misses: 0 }));

/** How often this process answered facets from memory (tests, metrics). */
export const facetCacheStats = () => ({ hits: kept_.hits, misses: kept_.misses, size: kept_.size });

/** What the counts depend on: the text and the filters, never the sort, cursor or page size. */
export function facetKey(q: MarketQuery): string {
  const { sort: _sort, cursor: _cursor, limit: _limit, ...rest } = q;
  return JSON.stringify(Object.entries(rest).filter(([, v]) => v !== undefined && v !== "" && v !== false).sort(([a], [b]) => a.localeCompare(b)),
    (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

/**
 * The sample a frequent text is counted from: the newest FACET_WINDOW published listings, tested row by
 * row (a bounded read whatever the text). FACET_SAMPLE_MIN matches or more there and the counts are
 * that sample's shares of the published listings (estimated, and said so); fewer, and the text is rare
 * enough for its GIN index to find every match quickly (exact up to FACET_EXACT_LIMIT).
 */
export const FACET_WINDOW = 1000;
export const FACET_SAMPLE_MIN = 20;
const FACET_COLUMNS = sql`l.kinds::text as kinds, l.mode, l.industry, l.park_id, l.price_fen::text as price_fen, l.high_value`;

const toFacetRows = (rows: Row[]): FacetRow[] => rows.map((r) => ({
  kinds: pgArray(r.kinds).filter(isAssetKind), mode: r.mode, industry: r.industry, parkId: r.park_id,
  priceFen: r.price_fen === null ? null : BigInt(r.price_fen), highValue: r.high_value,
}));

/** `exec` undefined: the pool, the window read by a prepared statement (its plan is an index scan whatever the values). */
async function readFacets(q: MarketQuery, exec?: Executor): Promise<Facets> {
  const db = exec ?? (await getDb());
  // The sample is the newest listings of the chosen industry or park when there is one (read through
  // its index), else of the whole market; its population is the planner's count of those listings.
  const [window, population] = await Promise.all([
    preparedRows<Row & { scanned: number }>(exec, marketRecentMatchesSql(q, FACET_COLUMNS, FACET_WINDOW)),
    plannerEstimate(db, sql.join([sql`l.status = 'published'`, ...indexedFilterConditions(q)], sql` and `)),
  ]);
  const recent = window.filter((r) => r.mode !== null);
  // The window read every listing there is to read: its matches are all of them, counted exactly.
  if (Number(window[0]?.scanned ?? 0) < FACET_WINDOW) return facetsOf(toFacetRows(recent), 0);
  // A market about the window's size is counted exactly (the planner's count is too rough to scale a sample by).
  if (population < FACET_WINDOW * 0.9) return readAllMatches(q, db);
  const sample = toFacetRows(recent);
  if (sample.length >= FACET_SAMPLE_MIN) return facetsFromSample(sample, FACET_WINDOW, population);
  // A few matches in the sample: every match is read if that is quick (a rare text or filters an index
  // finds fast), else the sample's estimate stands — an exact read of a frequent text crossed with
  // filters reads the text's whole index entry (over a second at 1,000,000 listings).
  if (sample.length) {
    const estimate = () => facetsFromSample(sample, FACET_WINDOW, population);
    return (await textTooFrequent(q, exec)) ? estimate() : readAllMatches(q, db, FACET_QUICK_READ_MS, estimate);
  }
  return readAllMatches(q, db);
}

/** `exactReadTooLong` for the query's text alone, from the newest listings of the whole market. */
async function textTooFrequent(q: MarketQuery, exec?: Executor): Promise<boolean> {
  if (!q.q) return false;
  const db = exec ?? (await getDb());
  const text: MarketQuery = { ...q, sort: "newest", cursor: null };
  const [[probe], market] = await Promise.all([
    preparedRows<{ hits: number }>(exec, marketTextProbeSql(text, FACET_WINDOW, FACET_WINDOW)),
    plannerEstimate(db, sql`l.status = 'published'`),
  ]);
  return exactReadTooLong(probe?.hits ?? 0, FACET_WINDOW, market);
}

async function readAllMatches(q: MarketQuery, db: Executor, timeoutMs = FACET_READ_TIMEOUT_MS, timedOut?: () => Facets): Promise<Facets> {
  const where = sql.join(marketMatchConditions(q), sql` and `);
  let rows: Row[];
  try {
    rows = await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('statement_timeout', ${`${timeoutMs}ms`}, true)`);
      return queryRows<Row>(tx, sql`select l.kinds::text as kinds, l.mode, l.industry, l.park_id, l.price_fen::text as price_fen, l.high_value
        from listings l where ${where} limit ${FACET_EXACT_LIMIT + 1}`);
    });
  } catch (e) {
    // 57014: the read was cancelled by its timeout.
    if (pgError(e)?.code !== "57014") throw e;
    if (timedOut) return timedOut();
    const total = await plannerEstimate(db, where);
    return { total: Math.max(total, FACET_EXACT_LIMIT + 1), estimated: true, facets: { kind: {}, mode: {}, industry: {}, park: {}, band: {}, highValue: 0 } };
  }
  const facetRows = toFacetRows(rows);
  return facetsOf(facetRows, facetRows.length > FACET_EXACT_LIMIT ? await plannerEstimate(db, where) : 0);
}
