import { and, asc, eq, lte, or, sql, type SQL } from "drizzle-orm";
import { getDb, queryRows, type Db, type Executor } from "#db/client.server";
import { savedSearchHits, savedSearches } from "#db/schema/index";
import { FREQUENCY_MS, isDue, type SavedSearchFrequency } from "#app/domain/market/saved-search";
import type { UserActor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { parseMarketQuery } from "#app/utils/market-query.server";
import { newMatchesSql } from "./market.server";
import { notifyUser } from "./notifications.server";
import { audit } from "./operations.server";

/** A user keeps at most this many saved searches. */
export const MAX_SAVED_SEARCHES = 20;
/** Listings told about per look; the rest wait for the next look (it starts where this one stopped). */
const BATCH = 50;
/**
 * The sweep looks only at listings published at least this long ago: a publication whose transaction
 * has not committed yet when the sweep reads is still inside the next look's range, never skipped.
 */
export const SWEEP_LAG_MS = 60_000;

type Hit = { id: string; title: string; title_en: string | null; published_at: string | Date };
type SearchRow = typeof savedSearches.$inferSelect;

const identity = ((k: string) => k) as Parameters<typeof parseMarketQuery>[1];
const queryOf = (s: { query: string }) => {
  const parsed = parseMarketQuery(new URLSearchParams(s.query), identity, { yuan: true });
  return parsed.ok ? parsed.query : null;
};

/** Saves (or, for the same filters, renames and re-times) a market search of the caller's. */
export async function saveSearch(actor: UserActor, input: { name: string; query: string; frequency: SavedSearchFrequency }) {
  requireCan(actor, "business.use");
  if (!queryOf(input)) throw new ServiceError(400, "market.saved.errors.query");
  const db = await getDb();
  return db.transaction(async (tx) => {
    // One user's saves queue here, so the cap holds under double submits.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('saved-searches'), hashtext(${actor.userId}))`);
    const [existing] = await tx.select({ id: savedSearches.id }).from(savedSearches)
      .where(and(eq(savedSearches.userId, actor.userId), eq(savedSearches.query, input.query)));
    if (!existing) {
      const [{ n }] = (await tx.select({ n: sql<number>`count(*)::int` }).from(savedSearches).where(eq(savedSearches.userId, actor.userId))) as [{ n: number }];
      if (n >= MAX_SAVED_SEARCHES) throw new ServiceError(409, "market.saved.errors.tooMany", {}, { max: MAX_SAVED_SEARCHES });
    }
    const [row] = existing
      ? await tx.update(savedSearches).set({ name: input.name, frequency: input.frequency }).where(eq(savedSearches.id, existing.id)).returning()
      : await tx.insert(savedSearches).values({ userId: actor.userId, orgId: actor.orgId, ...input }).returning();
    await audit(tx, actor, { action: existing ? "market.saved-search-updated" : "market.saved-search-created", entityType: "saved_search", entityId: row!.id, orgId: actor.orgId, after: input });
    return row!;
  });
}

/** An aggregate over one saved search's hits, as a correlated subquery. */
const hitsOf = <T>(agg: SQL) => sql<T>`(select ${agg} from ${savedSearchHits} h where h.saved_search_id = ${savedSearches.id})`;

export async function listMySavedSearches(actor: UserActor) {
  const db = await getDb();
  return db.select({
    id: savedSearches.id, name: savedSearches.name, query: savedSearches.query, frequency: savedSearches.frequency,
    createdAt: savedSearches.createdAt,
    hits: hitsOf<number>(sql`count(*)::int`),
    lastNotifiedAt: hitsOf<Date | null>(sql`max(h.created_at)`).mapWith(savedSearches.createdAt),
  }).from(savedSearches).where(eq(savedSearches.userId, actor.userId)).orderBy(asc(savedSearches.createdAt));
}

/** Deletes one of the caller's saved searches; another user's (or a missing) one is a 404. */
export async function deleteSavedSearch(actor: UserActor, id: string) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [s] = await tx.select().from(savedSearches).where(eq(savedSearches.id, id)).for("update");
    if (!s) throw new ServiceError(404, "errors.notFound");
    requireCan(actor, "savedSearch.manage", s);
    await tx.delete(savedSearches).where(eq(savedSearches.id, s.id));
    await audit(tx, actor, { action: "market.saved-search-deleted", entityType: "saved_search", entityId: s.id, orgId: s.orgId, before: { name: s.name, query: s.query } });
  });
}

/** Records the hits (once per listing: the primary key) and tells the user about the new ones. */
async function recordHits(tx: Executor, s: SearchRow, rows: Hit[], cause: string) {
  if (!rows.length) return 0;
  const inserted = await tx.insert(savedSearchHits).values(rows.map((r) => ({ savedSearchId: s.id, listingId: r.id })))
    .onConflictDoNothing().returning({ listingId: savedSearchHits.listingId });
  if (!inserted.length) return 0;
  const first = rows.find((r) => r.id === inserted[0]!.listingId)!;
  await notifyUser(tx, {
    userId: s.userId, orgId: s.orgId, kind: "market.notify.savedSearch", params: { name: s.name, count: inserted.length, title: first.title },
    link: inserted.length === 1 ? `/market/${first.id}` : `/market?${s.query}`, dedupeKey: `saved-search:${s.id}:${cause}`,
  });
  return inserted.length;
}

/**
 * A listing was just published (the job runs after the publishing transaction committed): every
 * `instant` search it matches tells its user now. Idempotent: a listing is told once per search.
 */
export async function notifyInstantSearches(db: Db, listingId: string, now = new Date()) {
  const searches = (await db.select().from(savedSearches).where(eq(savedSearches.frequency, "instant")))
    .flatMap((s) => { const q = queryOf(s); return q ? [{ s, q }] : []; });
  let told = 0;
  // Each search asks about this one listing (by its key: cheap); 50 of them go in one statement.
  for (let i = 0; i < searches.length; i += BATCH) {
    const chunk = searches.slice(i, i + BATCH);
    const union = sql.join(chunk.map(({ s, q }) => sql`(select ${s.id}::uuid as search_id, m.* from (${newMatchesSql(q, new Date(0), now, 1, listingId)}) m)`), sql` union all `);
    const hits = await queryRows<Hit & { search_id: string }>(db, union);
    for (const { s } of chunk) {
      const rows = hits.filter((h) => h.search_id === s.id);
      if (rows.length) told += await db.transaction((tx) => recordHits(tx, s, rows, `listing:${listingId}`));
    }
  }
  return { told };
}

/**
 * The scheduled look: every saved search that is due (instant ones always, as the backstop of
 * `notifyInstantSearches`) reads the listings published since its last look, up to `now − SWEEP_LAG_MS`,
 * and tells its user once per listing. Concurrent sweeps skip a search another one holds.
 */
export async function sweepSavedSearches(db: Db, now = new Date()) {
  const upTo = new Date(now.getTime() - SWEEP_LAG_MS);
  const dueBefore = (f: SavedSearchFrequency) => new Date(upTo.getTime() - FREQUENCY_MS[f]);
  const candidates = await db.select({ id: savedSearches.id }).from(savedSearches).where(or(
    and(eq(savedSearches.frequency, "instant"), lte(savedSearches.checkedUpTo, upTo)),
    and(eq(savedSearches.frequency, "daily"), lte(savedSearches.checkedUpTo, dueBefore("daily"))),
    and(eq(savedSearches.frequency, "weekly"), lte(savedSearches.checkedUpTo, dueBefore("weekly"))),
  )).orderBy(asc(savedSearches.checkedUpTo)).limit(1000);
  let looked = 0;
  let told = 0;
  for (const { id } of candidates) {
    await db.transaction(async (tx) => {
      const [s] = await tx.select().from(savedSearches).where(eq(savedSearches.id, id)).for("update", { skipLocked: true });
      if (!s || !isDue(s.frequency, s.checkedUpTo, upTo)) return;
      looked++;
      const q = queryOf(s);
      const rows = q ? await queryRows<Hit>(tx, newMatchesSql(q, s.checkedUpTo, upTo, BATCH)) : [];
      // A full batch: the next look starts after the last listing read, not at `upTo`.
      const reached = rows.length === BATCH ? new Date(rows[rows.length - 1]!.published_at) : upTo;
      told += await recordHits(tx, s, rows, `look:${reached.toISOString()}`);
      await tx.update(savedSearches).set({ checkedUpTo: reached }).where(eq(savedSearches.id, s.id));
    });
  }
  return { looked, told };
}
