import { and, desc, eq, ilike, inArray, or, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { campaigns, demandAnswers, demandProposals, demands, ipAssets, listings, organizations } from "#db/schema/index";
import { can, isPlatformAdmin, isActiveOrg, type UserActor } from "#app/domain/policy/index";
import { canViewDemand } from "#app/domain/policy/demands";
import type { DemandListQuery } from "#app/domain/forms/demands";
import { escapeLike } from "#app/domain/market/search";
import { EDITABLE_DEMAND_STATUSES } from "#app/domain/market/demand";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { loadDemand } from "./demands.server";

/** What each side reads of demands: the list, one demand's page, and the demands that fit an owner's assets. */

const LIST_LIMIT = 50;
const listColumns = {
  id: demands.id, title: demands.title, titleEn: demands.titleEn, status: demands.status, visibility: demands.visibility, industry: demands.industry,
  keywords: demands.keywords, budgetFen: demands.budgetFen, deadline: demands.deadline, campaignId: demands.campaignId, challengeDeadline: demands.challengeDeadline,
  publishedAt: demands.publishedAt, orgId: demands.orgId, org: organizations.name,
};

/**
 * Open demands the caller may read (verified-only ones for verified organisations), narrowed by the
 * filters, and its own in every status.
 */
export async function listDemands(actor: UserActor, filters: DemandListQuery = {}) {
  const db = await getDb();
  const q = filters.q ? `%${escapeLike(filters.q)}%` : null;
  const open = await db.select(listColumns).from(demands).innerJoin(organizations, eq(organizations.id, demands.orgId))
    .where(and(
      eq(demands.status, "open"), isActiveOrg(actor) ? sql`true` : eq(demands.visibility, "public"),
      filters.industry ? eq(demands.industry, filters.industry) : undefined,
      q ? or(ilike(demands.title, q), ilike(demands.titleEn, q), ilike(demands.problem, q), sql`array_to_string(${demands.keywords}, ' ') ilike ${q}`) : undefined,
    ))
    .orderBy(desc(demands.publishedAt), desc(demands.id)).limit(LIST_LIMIT);
  const mine = await db.select(listColumns).from(demands).innerJoin(organizations, eq(organizations.id, demands.orgId))
    .where(eq(demands.orgId, actor.orgId)).orderBy(desc(demands.createdAt)).limit(LIST_LIMIT);
  return { open: open.filter((d) => d.orgId !== actor.orgId), mine };
}

/** The caller's own demand for its edit form; only a draft or open one is edited (409 otherwise). */
export async function getDemandForEdit(actor: UserActor, id: string) {
  const db = await getDb();
  const d = await loadDemand(db, id);
  requireCan(actor, "demand.manage", d);
  if (!EDITABLE_DEMAND_STATUSES.includes(d.status)) throw new ServiceError(409, "errors.conflict");
  return {
    id: d.id, status: d.status, title: d.title, titleEn: d.titleEn, problem: d.problem, problemEn: d.problemEn, industry: d.industry,
    ipcClasses: d.ipcClasses, keywords: d.keywords, budgetFen: d.budgetFen, deadline: d.deadline, visibility: d.visibility,
  };
}

/**
 * A demand's page. Its enterprise (and admins) see every proposal with reasons and feedback and every
 * answer; another owner sees only its own proposals and answers — one seller's offer is no business
 * of another's. The answer form offers the caller's published listings.
 */
export async function getDemandPage(actor: UserActor, id: string) {
  const db = await getDb();
  const d = await loadDemand(db, id);
  requireCan(actor, "demand.view", d);
  const full = d.orgId === actor.orgId || isPlatformAdmin(actor);
  const [org] = await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, d.orgId));
  const ownerOrg = sql<string>`(select name from organizations o where o.id = ${demandProposals.ownerOrgId})`;
  const proposals = await db.select({
    id: demandProposals.id, listingId: demandProposals.listingId, assetId: demandProposals.assetId, ownerOrgId: demandProposals.ownerOrgId, owner: ownerOrg,
    score: demandProposals.score, reasons: demandProposals.reasons, feedback: demandProposals.feedback, feedbackAt: demandProposals.feedbackAt,
    title: sql<string>`coalesce(${listings.title}, ${ipAssets.title})`, titleEn: sql<string | null>`coalesce(${listings.titleEn}, ${ipAssets.titleEn})`,
  }).from(demandProposals)
    .leftJoin(listings, eq(listings.id, demandProposals.listingId)).leftJoin(ipAssets, eq(ipAssets.id, demandProposals.assetId))
    .where(and(eq(demandProposals.demandId, d.id), full ? sql`true` : eq(demandProposals.ownerOrgId, actor.orgId)))
    .orderBy(desc(demandProposals.score), demandProposals.createdAt);
  const answers = await db.select({
    id: demandAnswers.id, orgId: demandAnswers.orgId, org: organizations.name, listingId: demandAnswers.listingId, listingTitle: listings.title,
    message: demandAnswers.message, createdAt: demandAnswers.createdAt,
  }).from(demandAnswers).innerJoin(organizations, eq(organizations.id, demandAnswers.orgId)).leftJoin(listings, eq(listings.id, demandAnswers.listingId))
    .where(and(eq(demandAnswers.demandId, d.id), full ? sql`true` : eq(demandAnswers.orgId, actor.orgId)))
    .orderBy(demandAnswers.createdAt);
  // What the page offers is what the rules allow: the same rules the actions check.
  const canAnswer = d.status === "open" && can(actor, "demand.answer", d);
  const canChallenge = d.status === "open" && can(actor, "demand.challenge");
  const myListings = canAnswer
    ? await db.select({ id: listings.id, title: listings.title }).from(listings)
      .where(and(eq(listings.status, "published"), or(eq(listings.disposingOrgId, actor.orgId), and(eq(listings.sellerOrgId, actor.orgId), sql`${listings.disposingOrgId} is null`))))
      .orderBy(desc(listings.publishedAt)).limit(100)
    : [];
  const campaignRows = d.campaignId ? await db.select({ name: campaigns.name }).from(campaigns).where(eq(campaigns.id, d.campaignId)) : [];
  return {
    demand: {
      id: d.id, title: d.title, titleEn: d.titleEn, problem: d.problem, problemEn: d.problemEn, status: d.status, visibility: d.visibility, industry: d.industry,
      ipcClasses: d.ipcClasses, keywords: d.keywords, budgetFen: d.budgetFen, deadline: d.deadline, org: org?.name ?? "", publishedAt: d.publishedAt,
      campaign: campaignRows[0]?.name ?? null, challengeDeadline: d.challengeDeadline, solverAnswerId: d.solverAnswerId, matchedAt: d.matchedAt,
    },
    /** Whether the reader sees every proposal and answer (its enterprise, admins) or only its own. */
    full,
    proposals, answers, myListings,
    can: { manage: can(actor, "demand.manage", d), answer: canAnswer, challenge: canChallenge, chooseSolver: canChallenge && !!d.campaignId },
    campaigns: canChallenge
      ? await db.select({ id: campaigns.id, name: campaigns.name }).from(campaigns).where(eq(campaigns.status, "active")).orderBy(desc(campaigns.createdAt)).limit(50)
      : [],
  };
}

/**
 * "Demands that fit my assets": the proposals of the caller's listings and patents, with the reasons
 * and the enterprise's verdict, for demands it may still read.
 */
export async function listDemandsForMyAssets(actor: UserActor) {
  const db = await getDb();
  const rows = await db.select({
    id: demandProposals.id, demandId: demands.id, demand: demands.title, demandEn: demands.titleEn, status: demands.status, visibility: demands.visibility,
    demandOrgId: demands.orgId, org: organizations.name, deadline: demands.deadline, listingId: demandProposals.listingId, assetId: demandProposals.assetId,
    asset: sql<string>`coalesce(${listings.title}, ${ipAssets.title})`, score: demandProposals.score, reasons: demandProposals.reasons,
    feedback: demandProposals.feedback, feedbackAt: demandProposals.feedbackAt, createdAt: demandProposals.createdAt,
  }).from(demandProposals).innerJoin(demands, eq(demands.id, demandProposals.demandId)).innerJoin(organizations, eq(organizations.id, demands.orgId))
    .leftJoin(listings, eq(listings.id, demandProposals.listingId)).leftJoin(ipAssets, eq(ipAssets.id, demandProposals.assetId))
    .where(and(eq(demandProposals.ownerOrgId, actor.orgId), inArray(demands.status, ["open", "closed", "solved", "expired"])))
    .orderBy(desc(demandProposals.createdAt)).limit(200);
  return rows.filter((r) => canViewDemand(actor, { orgId: r.demandOrgId, status: r.status, visibility: r.visibility }));
}
