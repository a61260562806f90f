import { asc } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { parks } from "#db/schema/index";

export type Park = { id: string; code: string; nameZh: string; nameEn: string; district: string };

// Parks are reference data: written by the seed only (no screen edits them), read by nearly every
// public page. Kept in-process for a minute; `forgetParks()` after a write in this process, and the
// minute bounds how long another process can show an older list.
const TTL_MS = 60_000;
let cached: { at: number; parks: Promise<Park[]> } | null = null;

/** Parks are public reference data (shown on sign-up and in the market's filters). */
export function listParks(): Promise<Park[]> {
  if (cached && Date.now() - cached.at < TTL_MS) return cached.parks;
  const entry = {
    at: Date.now(),
    parks: (async () => {
      const db = await getDb();
      return db.select({ id: parks.id, code: parks.code, nameZh: parks.nameZh, nameEn: parks.nameEn, district: parks.district }).from(parks).orderBy(asc(parks.code));
    })(),
  };
  cached = entry;
  // A failed read or an empty table (before the seed) is not kept.
  entry.parks.then((list) => { if (!list.length && cached === entry) cached = null; }, () => { if (cached === entry) cached = null; });
  return entry.parks;
}

/** The parks with these ids, by id. */
export async function parksById(ids: string[]): Promise<Map<string, Park>> {
  if (!ids.length) return new Map();
  const want = new Set(ids);
  let all = await listParks();
  // A park newer than the kept list: read the list again.
  if (!ids.every((id) => all.some((p) => p.id === id))) {
    forgetParks();
    all = await listParks();
  }
  return new Map(all.filter((p) => want.has(p.id)).map((p) => [p.id, p]));
}

export function forgetParks() {
  cached = null;
}
