import { and, asc, eq, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { queryRows, type Db, type Executor } from "#db/client.server";
import { demandProposals, demands } from "#db/schema/index";
import type { Industry } from "#app/domain/industries";
import { ipcSubclassesOf } from "#app/domain/market/assets";
import { isProposed, MAX_PROPOSALS, scoreCandidate, type DemandText, type MatchReason } from "#app/domain/market/demand-match";
import { escapeLike, isHanLexeme, lexemeQuery, normaliseQuery, planSearch } from "#app/domain/market/search";
import type { Actor } from "#app/domain/policy/index";
import { ServiceError } from "#app/utils/http.server";
import { expireDemands, loadDemand, type DemandRow } from "./demands.server";
import { notice } from "./market-shared.server";
import { notifyOrgMembersMany } from "./notifications.server";
import { audit } from "./operations.server";

const SYSTEM: Actor = { type: "system", job: "demand-matching" };
/** Candidates read per kind and run: the keywords' index look-ups narrow them, the domain scores them. */
const CANDIDATES = 300;
/** The sweep re-matches open demands last matched longer ago than this (new listings since). */
export const REMATCH_AFTER_MS = 24 * 3600_000;

type Candidate = {
  listing_id: string | null; asset_id: string | null; owner_org_id: string; title: string; title_en: string | null;
  industry: Industry; text: string; ipc: string[]; // JSON, which both drivers hand over as an array
};

/**
 * One keyword as market search matches it (every term: 3+ characters by the trigram GIN, 1–2 by the
 * lexeme GIN on listings); keywords are alternatives (OR).
 */
function listingKeywordSql(keyword: string): SQL | null {
  const plan = planSearch(keyword);
  const conds: SQL[] = plan.likes.map((l) => sql`l.search_text like ${`%${escapeLike(l)}%`}`);
  if (plan.lexemes.length) conds.push(sql`l.search_lexemes @@ ${lexemeQuery(plan.lexemes)}::tsquery`);
  return conds.length ? sql`(${sql.join(conds, sql` and `)})` : null;
}

/** The same on a patent's own text: the expression of `ip_assets_match_text_trgm_idx`. */
const ASSET_TEXT = sql`lower(a.title || ' ' || coalesce(a.title_en, '') || ' ' || coalesce(a.abstract, '') || ' ' || coalesce(a.abstract_en, ''))`;
function assetKeywordSql(keyword: string): SQL | null {
  const plan = planSearch(keyword);
  const terms = [...plan.likes, ...plan.lexemes.filter(isHanLexeme)];
  const conds: SQL[] = terms.map((l) => sql`${ASSET_TEXT} like ${`%${escapeLike(l)}%`}`);
  // A short Latin word: a whole word of the text.
  for (const w of plan.lexemes.filter((l) => !isHanLexeme(l))) conds.push(sql`${ASSET_TEXT} ~ ${`\\m${w}\\M`}`);
  return conds.length ? sql`(${sql.join(conds, sql` and `)})` : null;
}

const orAll = (parts: (SQL | null)[]) => {
  const xs = parts.filter((x): x is SQL => x !== null);
  return xs.length ? sql`(${sql.join(xs, sql` or `)})` : sql`false`;
};
const textArray = (xs: string[]) => sql`array[${sql.join(xs.map((x) => sql`${x}`), sql`, `)}]::text[]`;

/**
 * Published listings of other verified organisations whose text has one of the keywords, or whose
 * patents share one of the demand's IPC subclasses (the listing's `ipc_subclasses`, GIN-indexed).
 */
function listingCandidatesSql(d: DemandRow): SQL {
  const subclasses = ipcSubclassesOf(d.ipcClasses);
  const ipc = subclasses.length ? sql`l.ipc_subclasses && ${textArray(subclasses)}` : null;
  const keywords = orAll([...d.keywords.map((k) => listingKeywordSql(normaliseQuery(k))), ipc]);
  return sql`select l.id as listing_id, null::uuid as asset_id, coalesce(l.disposing_org_id, l.seller_org_id) as owner_org_id,
      l.title, l.title_en, l.industry, l.search_text as text,
      (select coalesce(jsonb_agg(distinct c), '[]'::jsonb) from listing_assets la join ip_assets a on a.id = la.asset_id cross join unnest(a.ipc_classes) c where la.listing_id = l.id) as ipc
    from listings l join organizations o on o.id = coalesce(l.disposing_org_id, l.seller_org_id)
    where l.status = 'published' and o.status = 'verified' and l.seller_org_id <> ${d.orgId} and coalesce(l.disposing_org_id, l.seller_org_id) <> ${d.orgId}
      and ${keywords}
    limit ${CANDIDATES}`;
}

/**
 * Universities' granted or pending patents that are not on the market (listed ones are proposed as
 * their listing): by keyword, or by the demand's IPC subclasses.
 */
function assetCandidatesSql(d: DemandRow): SQL {
  const subclasses = ipcSubclassesOf(d.ipcClasses);
  const ipc = subclasses.length ? sql`exists (select 1 from unnest(a.ipc_classes) c where left(c, 4) = any(${textArray(subclasses)}))` : null;
  const match = orAll([...d.keywords.map((k) => assetKeywordSql(normaliseQuery(k))), ipc]);
  return sql`select null::uuid as listing_id, a.id as asset_id, a.owner_org_id, a.title, a.title_en, a.industry, ${ASSET_TEXT} as text, coalesce(to_jsonb(a.ipc_classes), '[]'::jsonb) as ipc
    from ip_assets a join organizations o on o.id = a.owner_org_id
    where o.kind = 'university' and o.status = 'verified' and a.owner_org_id <> ${d.orgId}
      and a.kind <> 'trademark' and a.legal_status in ('valid', 'pending')
      and not exists (select 1 from listing_assets la join listings l on l.id = la.listing_id where la.asset_id = a.id and l.status = 'published')
      and ${match}
    limit ${CANDIDATES}`;
}

export type Scored = { candidate: Candidate; score: number; reasons: MatchReason[] };

/** The candidates that fit, best first (ties by title, so reruns agree). */
export async function proposalsFor(exec: Executor, d: DemandRow): Promise<Scored[]> {
  const text: DemandText = { title: d.title, titleEn: d.titleEn, problem: d.problem, problemEn: d.problemEn, keywords: d.keywords, industry: d.industry, ipcClasses: d.ipcClasses };
  const [ls, as] = [await queryRows<Candidate>(exec, listingCandidatesSql(d)), await queryRows<Candidate>(exec, assetCandidatesSql(d))];
  return [...ls, ...as]
    .map((c) => ({ candidate: c, ...scoreCandidate(text, { text: [c.title, c.title_en, c.text].filter(Boolean).join("\n"), industry: c.industry, ipcClasses: c.ipc }) }))
    .filter(isProposed)
    .sort((a, b) => b.score - a.score || a.candidate.title.localeCompare(b.candidate.title))
    .slice(0, MAX_PROPOSALS);
}

/**
 * The `demand-match` job: an open demand's current version gets its proposals, and the owner of each
 * newly proposed listing or patent is told (in-app; e-mail as each member chose). Idempotent: a
 * proposal is one row per demand and asset, and its notice's dedupe key is the proposal, so a
 * retried or repeated run tells nobody twice; existing proposals get the new score and reasons.
 */
export async function matchDemand(db: Db, demandId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    // A demand deleted since the job was written (a 404) is nothing to do; a database error is retried.
    const d = await loadDemand(tx, demandId, { lock: true }).catch((e: unknown) => { if (e instanceof ServiceError) return null; throw e; });
    if (!d || d.status !== "open") return { proposed: 0, told: 0, skipped: true };
    const scored = await proposalsFor(tx, d);
    // One upsert per kind of candidate (each has its own partial unique index): new proposals are
    // inserted, existing ones get the new score and reasons; `inserted` tells them apart (xmax = 0).
    const fresh: { id: string; ownerOrgId: string; title: string }[] = [];
    for (const kind of ["listing", "asset"] as const) {
      const batch = scored.filter((x) => (kind === "listing" ? x.candidate.listing_id : !x.candidate.listing_id));
      if (!batch.length) continue;
      const column = kind === "listing" ? demandProposals.listingId : demandProposals.assetId;
      const rows = await tx.insert(demandProposals).values(batch.map(({ candidate: c, score, reasons }) => ({
        demandId: d.id, listingId: c.listing_id, assetId: c.asset_id, ownerOrgId: c.owner_org_id, score, reasons,
      }))).onConflictDoUpdate({
        target: [demandProposals.demandId, column],
        targetWhere: sql`${column} is not null`,
        set: { score: sql`excluded.score`, reasons: sql`excluded.reasons`, updatedAt: now },
      }).returning({ id: demandProposals.id, listingId: demandProposals.listingId, assetId: demandProposals.assetId, inserted: sql<boolean>`xmax = 0` });
      const byKey = new Map(batch.map((x) => [x.candidate.listing_id ?? x.candidate.asset_id!, x.candidate]));
      for (const r of rows) {
        const c = byKey.get(r.listingId ?? r.assetId!)!;
        if (r.inserted) fresh.push({ id: r.id, ownerOrgId: c.owner_org_id, title: c.title });
      }
    }
    const told = await notifyOrgMembersMany(tx, fresh.map((p) => ({
      orgId: p.ownerOrgId, kind: "demand.notify.proposed", params: { demand: d.title, asset: p.title }, link: `/demands/${d.id}`, dedupeKey: `demand-proposal:${p.id}`,
    })));
    if (fresh.length) {
      await notice(tx, d.orgId, "demand.notify.newProposals", { demand: d.title, count: fresh.length }, `/demands/${d.id}`, `${d.id}:${fresh[0]!.id}`);
    }
    await tx.update(demands).set({ matchedAt: now }).where(eq(demands.id, d.id));
    await audit(tx, SYSTEM, { action: "demand.matched", entityType: "demand", entityId: d.id, orgId: d.orgId, after: { version: d.matchVersion, proposals: scored.length, fresh: fresh.length } });
    return { proposed: scored.length, told, skipped: false };
  });
}

/**
 * The scheduled sweep: open demands past their deadline expire; the rest, last matched more than a
 * day ago (or never), are matched again, so listings published since are proposed too.
 */
export async function sweepDemands(db: Db, now = new Date()) {
  const expired = await db.transaction((tx) => expireDemands(tx, SYSTEM));
  const due = await db.select({ id: demands.id }).from(demands)
    .where(and(eq(demands.status, "open"), or(isNull(demands.matchedAt), lt(demands.matchedAt, new Date(now.getTime() - REMATCH_AFTER_MS)))))
    .orderBy(asc(demands.matchedAt)).limit(100);
  let rematched = 0;
  for (const { id } of due) if (!(await matchDemand(db, id, now)).skipped) rematched++;
  return { expired, rematched };
}
