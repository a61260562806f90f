export const SAVED_SEARCH_FREQUENCIES = ["instant", "daily", "weekly"] as const;
export type SavedSearchFrequency = (typeof SAVED_SEARCH_FREQUENCIES)[number];

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long a saved search waits between looks; `instant` looks on every publication (and every sweep). */
export const FREQUENCY_MS: Record<SavedSearchFrequency, number> = { instant: 0, daily: DAY_MS, weekly: 7 * DAY_MS };

/** The market page's filters a saved search keeps: prices in 元 as the page takes them; never a cursor or a page size. */
// Listed here, not derived from the market form, so the browser bundle of the market page does not take in zod
// (zod 4 probes `new Function`, which the CSP reports).
export const SAVED_QUERY_PARAMS = ["band", "highValue", "industry", "kind", "maxYuan", "minYuan", "mode", "park", "q"];

/**
 * The canonical query string of a search: known filters only, blanks dropped, in a fixed order, so one
 * search saved twice is the same string (and the same row).
 */
export function canonicalQuery(params: URLSearchParams): string {
  const out = new URLSearchParams();
  for (const name of SAVED_QUERY_PARAMS) {
    const v = params.get(name)?.trim();
    if (v) out.set(name, v);
  }
  return out.toString();
}

/** Whether a saved search is due for a look at `now`, having looked up to `checkedUpTo`. */
export function isDue(frequency: SavedSearchFrequency, checkedUpTo: Date, now: Date): boolean {
  return now.getTime() - checkedUpTo.getTime() >= FREQUENCY_MS[frequency];
}
