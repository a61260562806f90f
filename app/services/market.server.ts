import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { getDb, preparedRows, queryRows, type Db, type Executor } from "#db/client.server";
import { deals, ipAssets, listingAssets, organizations, parks } from "#db/schema/index";
import type { MarketQuery } from "#app/domain/forms/market";
import type { Industry } from "#app/domain/industries";
import { effectiveLegalStatus, highValueReasons, isAssetKind, type LegalStatus } from "#app/domain/market/assets";
import type { ListingMode } from "#app/domain/market/listing";
import { OPEN_NEGOTIATION, RESERVING_STATUSES } from "#app/domain/market/deal";
import { bandRange } from "#app/domain/market/facets";
import { encodeCursor, escapeLike, isHanLexeme, lexemeQuery, planSearch } from "#app/domain/market/search";
import { canViewListing } from "#app/domain/policy/market";
import type { Actor } from "#app/domain/policy/index";
import { ServiceError } from "#app/utils/http.server";
import { loadListing, pledgeFinancedByAsset, today } from "./market-shared.server";
import { parksById, type Park } from "./parks.server";
import { latestValidValuationForAssets } from "./valuations.server";
import { soldReasons } from "./listing-availability.server";

export const DEFAULT_PAGE_SIZE = 20;

type Row = {
  id: string; title: string; title_en: string | null; mode: ListingMode; kinds: string; industry: Industry; high_value: boolean;
  asking_price_fen: string | null; open_fee_fen: string | null; royalty_bp: number | null; term_months: number | null; territory: string | null;
  seller_org_id: string; park_id: string | null; published_at: string | Date; sort_key: string;
  seller_name: string | null; seller_kind: "enterprise" | "university" | "bank" | "platform" | "insurer" | "fund" | null;
};

/**
 * Market search runs in two steps, because "newest first" and a text match pull in opposite directions:
 * a frequent term is found fastest by reading the newest listings in index order until a page is full;
 * a rare one by its GIN index, then sorting the few matches. The planner cannot always tell the two
 * apart (an absent Chinese character, or two correlated English words, are misestimated), so:
 *  1. the newest SEARCH_WINDOW published listings (by the sort key's btree index) are tested one by one —
 *     Chinese 1–2 character runs by substring on `search_text` (the same rows their bigram lexemes
 *     match), Latin short words by the tsvector. Without filters (`marketWindowSql`) a full page ends the
 *     search; with filters (`marketTextProbeSql`) it only tells whether the text is common there;
 *  2. a common text with filters: the planner continues in index order (`marketSearchSql(…, "scan")`),
 *     within the industry or park when one is chosen (their own indexes in sort order);
 *     a rare text: `marketSearchSql` runs with plain index scans disabled, so the GIN indexes (trigram for
 *     3+ characters, lexemes for 1–2) find the matches and only those are sorted.
 * Both are keyset-paginated on (sort key, id). Exported so the EXPLAIN test and the benchmark run this SQL.
 */
export const SEARCH_WINDOW = 4000;

/**
 * A row count written into the statement, not passed as a parameter: the search's reads run as prepared
 * statements (`preparedRows`), and a plan PostgreSQL caches for every value of `limit $1` assumes a tenth
 * of the table (a sequential scan and sort of a million rows, seconds) where the window reads 1,000 rows
 * in index order. Only the text, the filters and the cursor stay parameters.
 */
function rows(n: number): SQL {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a row count: ${n}`);
  return sql.raw(String(n));
}

function sortSpec(q: MarketQuery) {
  if (q.sort === "price_asc") {
    const key = sql`coalesce(l.price_fen, 9223372036854775807)`;
    return { key, order: sql`${key} asc, l.id asc`, outer: sql`x.sort_key::bigint asc, x.id asc`, after: q.cursor ? sql`(${key}, l.id) > (${q.cursor.k}::bigint, ${q.cursor.id}::uuid)` : null };
  }
  if (q.sort === "price_desc") {
    const key = sql`coalesce(l.price_fen, -1)`;
    return { key, order: sql`${key} desc, l.id desc`, outer: sql`x.sort_key::bigint desc, x.id desc`, after: q.cursor ? sql`(${key}, l.id) < (${q.cursor.k}::bigint, ${q.cursor.id}::uuid)` : null };
  }
  return {
    key: sql`l.published_at`,
    order: sql`l.published_at desc nulls last, l.id desc nulls last`,
    outer: sql`x.published_at desc nulls last, x.id desc nulls last`,
    after: q.cursor ? sql`(l.published_at, l.id) < (${q.cursor.k}::timestamptz, ${q.cursor.id}::uuid)` : null,
  };
}

function textConditions(q: MarketQuery, mode: "indexed" | "window"): SQL[] {
  const plan = planSearch(q.q);
  const conds: SQL[] = [];
  const likes = mode === "window" ? [...plan.likes, ...plan.lexemes.filter(isHanLexeme)] : plan.likes;
  const lexemes = mode === "window" ? plan.lexemes.filter((l) => !isHanLexeme(l)) : plan.lexemes;
  // search_text and queries are both lower-cased: LIKE is case-insensitive here, and the trigram GIN serves it.
  for (const like of likes) conds.push(sql`l.search_text like ${`%${escapeLike(like)}%`}`);
  if (lexemes.length) conds.push(sql`l.search_lexemes @@ ${lexemeQuery(lexemes)}::tsquery`);
  return conds;
}

function filterConditions(q: MarketQuery): SQL[] {
  const conds: SQL[] = [];
  if (q.kind) conds.push(sql`l.kinds @> array[${q.kind}]::asset_kind[]`);
  if (q.mode) conds.push(sql`l.mode = ${q.mode}`);
  if (q.industry) conds.push(sql`l.industry = ${q.industry}`);
  if (q.park) conds.push(sql`l.park_id = ${q.park}`);
  if (q.minPrice !== undefined) conds.push(sql`l.price_fen >= ${q.minPrice.toString()}::bigint`);
  if (q.maxPrice !== undefined) conds.push(sql`l.price_fen <= ${q.maxPrice.toString()}::bigint`);
  if (q.band) {
    const b = bandRange(q.band);
    if (b.negotiable) conds.push(sql`l.price_fen is null`);
    else {
      if (b.min !== null) conds.push(sql`l.price_fen >= ${b.min.toString()}::bigint`);
      if (b.max !== null) conds.push(sql`l.price_fen < ${b.max.toString()}::bigint`);
      if (b.min === null) conds.push(sql`l.price_fen is not null`);
    }
  }
  if (q.highValue) conds.push(sql`l.high_value`);
  return conds;
}

/** Every condition of a query but its sort and cursor, as the GIN indexes serve them (the facets count these). */
export const marketMatchConditions = (q: MarketQuery): SQL[] => [sql`l.status = 'published'`, ...textConditions(q, "indexed"), ...filterConditions(q)];

/**
 * The filters an index on (filter, newest first) serves: the industry and the park
 * (listings_published_industry_newest_idx, listings_published_park_newest_idx).
 */
export function indexedFilterConditions(q: Pick<MarketQuery, "industry" | "park">): SQL[] {
  const out: SQL[] = [];
  if (q.industry) out.push(sql`l.industry = ${q.industry}`);
  if (q.park) out.push(sql`l.park_id = ${q.park}`);
  return out;
}

/**
 * The newest `window` published listings (newest first, by the sort key's btree index — within the
 * chosen industry or park by theirs) that match the query's text and other filters, tested row by
 * row: `columns` of each (the facets' sample), and in every row `scanned`, how many listings the
 * window read (a window that read fewer than `window` read them all). One row with null columns when
 * nothing matched. Reads at most `window` rows whatever the text.
 */
export function marketRecentMatchesSql(q: MarketQuery, columns: SQL, window: number): SQL {
  const needsLexemes = planSearch(q.q).lexemes.some((l) => !isHanLexeme(l));
  const conds = [...filterConditions(q), ...textConditions(q, "window")];
  const base = [sql`l.status = 'published'`, ...indexedFilterConditions(q)];
  const recent = sql`select l.kinds, l.mode, l.industry, l.park_id, l.price_fen, l.high_value, l.search_text${needsLexemes ? sql`, l.search_lexemes` : sql``}
    from listings l where ${sql.join(base, sql` and `)} order by l.published_at desc nulls last, l.id desc nulls last limit ${rows(window)}`;
  return sql`with w as materialized (${recent})
    select s.scanned, m.* from (select count(*)::int as scanned from w) s
    left join lateral (select ${columns} from w l${conds.length ? sql` where ${sql.join(conds, sql` and `)}` : sql``}) m on true`;
}

const COLUMNS = sql`l.id, l.title, l.title_en, l.mode, l.kinds::text as kinds, l.industry, l.high_value, l.asking_price_fen::text as asking_price_fen,
  l.open_fee_fen::text as open_fee_fen, l.royalty_bp, l.term_months, l.territory, l.seller_org_id, l.park_id, l.published_at`;

/**
 * Step 2 (and searches without text): every condition on the listing row. `indexed` writes the text
 * conditions the GIN indexes serve; `scan` the ones cheapest to test row by row in index order.
 */
export function marketSearchSql(q: MarketQuery, limit: number, mode: "indexed" | "scan" = "indexed"): SQL {
  const { key, order, after } = sortSpec(q);
  // Row by row, the cheap column tests go first so that LIKE only reads the text of rows that pass them.
  const conds = mode === "scan"
    ? [sql`l.status = 'published'`, ...(after ? [after] : []), ...filterConditions(q), ...textConditions(q, "window")]
    : [sql`l.status = 'published'`, ...textConditions(q, "indexed"), ...filterConditions(q), ...(after ? [after] : [])];
  return sql`select ${COLUMNS}, (${key})::text as sort_key from listings l where ${sql.join(conds, sql` and `)} order by ${order} limit ${rows(limit)}`;
}

/**
 * Step 1 without filters: the newest `window` published listings in the sort order, tested one by one;
 * the scan stops as soon as a page is full (a frequent term costs a few hundred rows).
 */
export function marketWindowSql(q: MarketQuery, limit: number, window = SEARCH_WINDOW): SQL {
  const { key, order, after } = sortSpec(q);
  const needsLexemes = planSearch(q.q).lexemes.some((l) => !isHanLexeme(l));
  const text = textConditions(q, "window");
  const recent = sql`select l.id, l.title, l.title_en, l.mode, l.kinds, l.industry, l.high_value, l.asking_price_fen, l.open_fee_fen, l.royalty_bp,
      l.term_months, l.territory, l.seller_org_id, l.park_id, l.published_at, l.price_fen, l.search_text${needsLexemes ? sql`, l.search_lexemes` : sql``}
    from listings l where l.status = 'published'${after ? sql` and ${after}` : sql``} order by ${order} limit ${rows(window)}`;
  return sql`select ${COLUMNS}, (${key})::text as sort_key from (${recent}) l where ${sql.join(text, sql` and `)} order by ${order} limit ${rows(limit)}`;
}

/**
 * Step 1 with filters: is the text common? Counts (up to `limit`) the newest `window` listings matching
 * the text alone, stopping early when it is.
 */
export function marketTextProbeSql(q: MarketQuery, limit: number, window = SEARCH_WINDOW): SQL {
  const { order, after } = sortSpec(q);
  const needsLexemes = planSearch(q.q).lexemes.some((l) => !isHanLexeme(l));
  const recent = sql`select l.search_text${needsLexemes ? sql`, l.search_lexemes` : sql``} from listings l
    where l.status = 'published'${after ? sql` and ${after}` : sql``} order by ${order} limit ${rows(window)}`;
  return sql`select count(*)::int as hits from (select 1 from (${recent}) l where ${sql.join(textConditions(q, "window"), sql` and `)} limit ${rows(limit)}) x`;
}

/**
 * Saved searches: the published listings that match a query's text and filters and were published in
 * (after, upTo], oldest first (the published-newest index serves the range).
 */
export function newMatchesSql(q: MarketQuery, after: Date, upTo: Date, limit: number, listingId?: string): SQL {
  const conds = [
    ...(listingId ? [sql`l.id = ${listingId}::uuid`] : []),
    sql`l.status = 'published'`, sql`l.published_at > ${after.toISOString()}::timestamptz`, sql`l.published_at <= ${upTo.toISOString()}::timestamptz`,
    ...textConditions(q, "indexed"), ...filterConditions(q),
  ];
  return sql`select l.id, l.title, l.title_en, l.published_at from listings l where ${sql.join(conds, sql` and `)} order by l.published_at asc, l.id asc limit ${limit}`;
}

/** Runs step 2 with plain index scans (and sequential scans) disabled, so the GIN indexes serve it. */
export async function runIndexedSearch<T>(db: Db, query: SQL): Promise<T[]> {
  return db.transaction(async (tx) => {
    // Both settings in one round trip.
    await tx.execute(sql`select set_config('enable_indexscan', 'off', true), set_config('enable_seqscan', 'off', true)`);
    return queryRows<T>(tx, query);
  });
}

/**
 * Step 1 starts with the newest SEARCH_PROBE listings only: a common term fills the page there, and a
 * term found in none of them is rare (under ~1 listing in SEARCH_PROBE), so its GIN posting list is
 * short and reading the rest of the window would only delay the answer (an absent term cost 10–26 ms
 * of window for a 0.05 ms index look-up). Terms in between read the whole window, as before.
 */
export const SEARCH_PROBE = 1000;

/**
 * A page's rows with their seller's name joined in the same statement (a page costs one round trip
 * when the first step fills it; parks come from the in-process cache), in the page's order.
 */
function withNames(q: MarketQuery, page: SQL): SQL {
  return sql`select x.*, o.name as seller_name, o.kind::text as seller_kind
    from (${page}) x left join organizations o on o.id = x.seller_org_id order by ${sortSpec(q).outer}`;
}

/**
 * The page's rows. The reads whose plan is the same whatever the values — the newest listings in index order,
 * tested one by one, with the row counts written in (`rows`) — run as prepared statements, parsed once per
 * pooled connection (a third of PostgreSQL's time per search was parsing and planning them). A read whose
 * best index depends on the filters' values, or the GIN read, is planned for its own values each time.
 * `exec` (a test's transaction) reads as it is.
 */
async function findRows(exec: Executor | undefined, q: MarketQuery, limit: number): Promise<Row[]> {
  const db = exec ?? (await getDb());
  const read = <T = Row>(query: SQL) => preparedRows<T>(exec, query);
  const planned = (query: SQL) => queryRows<Row>(db, query);
  const plan = planSearch(q.q);
  if (!plan.likes.length && !plan.lexemes.length) {
    const page = withNames(q, marketSearchSql(q, limit));
    return filterConditions(q).length ? planned(page) : read(page);
  }
  if (!filterConditions(q).length) {
    const first = await read(withNames(q, marketWindowSql(q, limit, SEARCH_PROBE)));
    if (first.length >= limit) return first;
    if (first.length > 0) {
      const recent = await read(withNames(q, marketWindowSql(q, limit)));
      if (recent.length >= limit) return recent;
    }
  } else {
    // Filters: if the text alone is common among the newest listings, its GIN posting list would be long
    // and the filters are the rare part: the planner continues in index order with every condition.
    const hits = async (window: number) => (await read<{ hits: number }>(marketTextProbeSql(q, limit, window)))[0]?.hits ?? 0;
    const first = await hits(SEARCH_PROBE);
    if (first >= limit || (first > 0 && (await hits(SEARCH_WINDOW)) >= limit)) return planned(withNames(q, marketSearchSql(q, limit, "scan")));
  }
  return runIndexedSearch<Row>(db as Db, withNames(q, marketSearchSql(q, limit)));
}

const pgArray = (s: string) => s.replace(/^\{|\}$/g, "").split(",").filter(Boolean);
const num = (v: string | null) => (v === null ? null : Number(v));

/** Public market search (anonymous visitors included): published listings, filtered, one page. */
export async function searchListings(q: MarketQuery, exec?: Executor) {
  const limit = q.limit ?? DEFAULT_PAGE_SIZE;
  const found = await findRows(exec, q, limit + 1);
  const page = found.slice(0, limit);
  const sold = await soldReasons(exec, page.map((r) => ({ id: r.id, mode: r.mode, termMonths: r.term_months })));
  const ps = await parksById([...new Set(page.map((r) => r.park_id).filter((x): x is string => !!x))]);
  const last = found.length > limit ? page[page.length - 1]! : null;
  return {
    items: page.map((r) => ({
      id: r.id, title: r.title, titleEn: r.title_en, mode: r.mode, kinds: pgArray(r.kinds).filter(isAssetKind), industry: r.industry, highValue: r.high_value,
      askingPriceFen: num(r.asking_price_fen), openFeeFen: num(r.open_fee_fen), royaltyBp: r.royalty_bp, termMonths: r.term_months, territory: r.territory,
      negotiable: r.mode !== "open_licence" && r.asking_price_fen === null,
      seller: r.seller_name === null || r.seller_kind === null ? null : { id: r.seller_org_id, name: r.seller_name, kind: r.seller_kind },
      park: parkOf(ps, r.park_id),
      publishedAt: new Date(r.published_at).toISOString(),
      available: !sold.get(r.id),
    })),
    nextCursor: last ? encodeCursor({ k: last.sort_key, id: last.id }) : null,
  };
}

function parkOf(parksById: Map<string, Park>, id: string | null) {
  const p = id ? parksById.get(id) : undefined;
  return p ? { id: p.id, nameZh: p.nameZh, nameEn: p.nameEn } : null;
}

/** A listing page: the listing, its assets' public facts, the seller; unpublished ones only for those who may see them. */
export async function getPublicListing(actor: Actor | null, listingId: string) {
  const db = await getDb();
  const l = await loadListing(db, listingId);
  if (!canViewListing(actor, l)) throw new ServiceError(404, "errors.notFound");
  const t = today();
  const [assets, [seller], myDeal] = await Promise.all([
    db.select().from(listingAssets).innerJoin(ipAssets, eq(ipAssets.id, listingAssets.assetId)).where(eq(listingAssets.listingId, l.id)),
    db.select({ id: organizations.id, name: organizations.name, kind: organizations.kind, parkZh: parks.nameZh, parkEn: parks.nameEn })
      .from(organizations).leftJoin(parks, eq(parks.id, organizations.parkId)).where(eq(organizations.id, l.sellerOrgId)),
    actor && actor.type !== "system"
      ? db.select({ id: deals.id, status: deals.status }).from(deals)
        .where(and(eq(deals.listingId, l.id), eq(deals.buyerOrgId, actor.orgId), inArray(deals.status, [...OPEN_NEGOTIATION, ...RESERVING_STATUSES, "completed"])))
        .orderBy(sql`${deals.createdAt} desc`).limit(1)
      : Promise.resolve([]),
  ]);
  // The platform's latest valid valuation of exactly these assets: a public range, never the report.
  const valuation = await latestValidValuationForAssets(assets.map(({ ip_assets: a }) => a.id));
  const financed = await pledgeFinancedByAsset(db, assets.map(({ ip_assets: a }) => a.id));
  const soldReason = l.status === "published" ? ((await soldReasons(undefined, [l])).get(l.id) ?? null) : null;
  return {
    soldReason,
    valuation: valuation
      ? { lowFen: valuation.lowFen, baseFen: valuation.baseFen, highFen: valuation.highFen, modelVersion: valuation.modelVersion, completedAt: valuation.completedAt, validUntil: valuation.validUntil }
      : null,
    listing: {
      id: l.id, title: l.title, titleEn: l.titleEn, description: l.description, technology: l.technology, mode: l.mode, status: l.status,
      askingPriceFen: l.askingPriceFen, openFeeFen: l.openFeeFen, royaltyBp: l.royaltyBp, termMonths: l.termMonths, territory: l.territory,
      highValue: l.highValue, publishedAt: l.publishedAt, disposal: l.disposingOrgId !== null, sellerOrgId: l.sellerOrgId, disposingOrgId: l.disposingOrgId,
      negotiable: l.mode !== "open_licence" && l.askingPriceFen === null,
    },
    assets: assets.map(({ ip_assets: a }) => {
      const facts = { ...a, legalStatus: a.legalStatus as LegalStatus, pledgeFinancedFen: financed.get(a.id) ?? null };
      return {
        id: a.id, kind: a.kind, number: a.number, title: a.title, titleEn: a.titleEn, abstract: a.abstract, abstractEn: a.abstractEn,
        filingDate: a.filingDate, grantDate: a.grantDate, expiryDate: a.expiryDate, legalStatus: effectiveLegalStatus(facts, t),
        ipcClasses: a.ipcClasses, niceClasses: a.niceClasses, industry: a.industry, overseasFamilyCount: a.overseasFamilyCount,
        awards: a.awards, coOwnerCount: a.coOwners.length, highValueReasons: highValueReasons(facts, t),
      };
    }),
    seller: seller ?? null,
    myDeal: myDeal[0] ?? null,
  };
}
