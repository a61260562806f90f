import type { Industry } from "../industries";
import { ASSET_KINDS, type AssetKind } from "./assets";
import { LISTING_MODES, type ListingMode } from "./listing";

/**
 * Market facets: how many listings a search finds, and how many of them fall in each kind, mode,
 * industry, park, price band and the high-value flag. Counted exactly while the matches are few
 * (up to FACET_EXACT_LIMIT rows read); above that, estimated — the total from the planner (never below
 * what was read), each facet scaled from the rows read — and rounded, so the page says "about".
 * Pure: the service reads the rows and the estimate, this decides the numbers.
 */
export const FACET_EXACT_LIMIT = 1000;

/** Price bands of the asking price (or an open licence's fee), in 元; "negotiable": no price. Upper bounds exclusive. */
export const PRICE_BANDS = ["negotiable", "under_100k", "100k_500k", "500k_1m", "1m_5m", "over_5m"] as const;
export type PriceBand = (typeof PRICE_BANDS)[number];

const YUAN = 100n;
const BOUNDS: Record<Exclude<PriceBand, "negotiable">, { min: bigint | null; max: bigint | null }> = {
  under_100k: { min: null, max: 100_000n * YUAN },
  "100k_500k": { min: 100_000n * YUAN, max: 500_000n * YUAN },
  "500k_1m": { min: 500_000n * YUAN, max: 1_000_000n * YUAN },
  "1m_5m": { min: 1_000_000n * YUAN, max: 5_000_000n * YUAN },
  over_5m: { min: 5_000_000n * YUAN, max: null },
};

/** A band's range in 分: `min` inclusive, `max` exclusive; the negotiable band is "no price". */
export function bandRange(band: PriceBand): { negotiable: true } | { negotiable: false; min: bigint | null; max: bigint | null } {
  return band === "negotiable" ? { negotiable: true } : { negotiable: false, ...BOUNDS[band] };
}

export function bandOf(priceFen: bigint | null): PriceBand {
  if (priceFen === null) return "negotiable";
  for (const b of PRICE_BANDS) {
    if (b === "negotiable") continue;
    const { min, max } = BOUNDS[b];
    if ((min === null || priceFen >= min) && (max === null || priceFen < max)) return b;
  }
  return "over_5m";
}

/** What the facets read of each matching listing. */
export type FacetRow = { kinds: readonly AssetKind[]; mode: ListingMode; industry: Industry; parkId: string | null; priceFen: bigint | null; highValue: boolean };

export type FacetCounts = {
  kind: Partial<Record<AssetKind, number>>;
  mode: Partial<Record<ListingMode, number>>;
  industry: Partial<Record<Industry, number>>;
  /** By park id; listings of sellers without a park are not counted here. */
  park: Record<string, number>;
  band: Partial<Record<PriceBand, number>>;
  highValue: number;
};

export type Facets = { total: number; estimated: boolean; facets: FacetCounts };

const bump = <K extends string>(m: Partial<Record<K, number>>, k: K, by = 1) => { m[k] = (m[k] ?? 0) + by; };

/** Exact counts over the rows (a bundle of several kinds counts once under each of its kinds). */
export function tallyFacets(rows: readonly FacetRow[]): FacetCounts {
  const out: FacetCounts = { kind: {}, mode: {}, industry: {}, park: {}, band: {}, highValue: 0 };
  for (const r of rows) {
    for (const k of new Set(r.kinds)) bump(out.kind, k);
    bump(out.mode, r.mode);
    bump(out.industry, r.industry);
    if (r.parkId) bump(out.park, r.parkId);
    bump(out.band, bandOf(r.priceFen));
    if (r.highValue) out.highValue++;
  }
  return out;
}

/** An estimate as the page shows it: two significant figures (12,345 → 12,000), at least 1 when something was seen. */
export function roundEstimate(n: number): number {
  if (n <= 0) return 0;
  if (n < 100) return Math.max(1, Math.round(n));
  const unit = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.round(n / unit) * unit;
}

function scale<K extends string>(m: Partial<Record<K, number>>, f: number): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  for (const [k, v] of Object.entries(m) as [K, number][]) out[k] = roundEstimate(v * f);
  return out;
}

/**
 * The facets of a search from the rows read (at most `limit + 1`) and the planner's estimate of all
 * matches. `limit` rows or fewer: every match was read, the counts are exact. More: the total is the
 * estimate (at least the rows read) and each facet its share of the rows read, scaled and rounded.
 */
export function facetsOf(rows: readonly FacetRow[], plannerEstimate: number, limit = FACET_EXACT_LIMIT): Facets {
  const tally = tallyFacets(rows);
  if (rows.length <= limit) return { total: rows.length, estimated: false, facets: tally };
  return scaled(tally, rows.length, roundEstimate(Math.max(rows.length, plannerEstimate)));
}

/**
 * The facets estimated from a sample: `rows` matched among the `sampled` newest listings, of
 * `population` published ones (the planner's count). Each facet is its share of the sample, scaled.
 */
export function facetsFromSample(rows: readonly FacetRow[], sampled: number, population: number): Facets {
  if (!rows.length || sampled <= 0) return { total: 0, estimated: true, facets: tallyFacets([]) };
  return scaled(tallyFacets(rows), rows.length, roundEstimate(Math.max(rows.length, (rows.length / sampled) * population)));
}

function scaled(tally: FacetCounts, read: number, total: number): Facets {
  const f = total / read;
  return {
    total, estimated: true,
    facets: {
      kind: scale(tally.kind, f), mode: scale(tally.mode, f), industry: scale(tally.industry, f), park: scale(tally.park, f) as Record<string, number>, band: scale(tally.band, f),
      highValue: roundEstimate(tally.highValue * f),
    },
  };
}

/** Facet values in display order, with their counts (zero for the values none of the matches has). */
/**
 * Whether reading every match of a text (crossed with filters) would outlast the quick read: the text's
 * index entry is about its share of the newest `window` listings times the market, and the read visits each
 * of those rows to test the filters. At 1,000,000 listings 芯片 matched 49 of the newest 1,000 (32,352 rows)
 * and its read took 2 s; it was tried for 25 ms on every such search and gave up. Above `maxRows` the
 * sample's estimate stands without trying.
 */
export const FACET_QUICK_READ_MAX_ROWS = 5_000;
export function exactReadTooLong(textHits: number, window: number, market: number, maxRows = FACET_QUICK_READ_MAX_ROWS): boolean {
  return window > 0 && (textHits / window) * market > maxRows;
}

export const kindCounts = (c?: FacetCounts | null) => ASSET_KINDS.map((k) => [k, c?.kind[k] ?? 0] as const);
export const modeCounts = (c?: FacetCounts | null) => LISTING_MODES.map((m) => [m, c?.mode[m] ?? 0] as const);
export const bandCounts = (c?: FacetCounts | null) => PRICE_BANDS.map((b) => [b, c?.band[b] ?? 0] as const);
