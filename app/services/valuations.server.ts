import { and, asc, desc, eq, gt, inArray, lte, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/client.server";
import {
  bankReviews, ipAssets, organizations, pledgeApplications, valuationAssets, valuations, valuationSteps,
} from "#db/schema/index";
import { MAX_ASSETS_PER_VALUATION } from "#app/domain/forms/valuation";
import { isPlatformAdmin, type Actor } from "#app/domain/policy/index";
import type { ValuationRef } from "#app/domain/policy/valuation";
import { transition, TransitionError } from "#app/domain/state-machine";
import { toJsonValue, reviveFen } from "#app/domain/valuation/codec";
import {
  mayRetry, OPEN_VALUATION_STATUSES, valuationLifecycle, type ValuationEvent, type ValuationStatus,
} from "#app/domain/valuation/lifecycle";
import { PURPOSES, type Purpose } from "#app/domain/valuation/parameters";
import { compactQuestionnaire } from "#app/domain/valuation/questionnaire";
import type { Flag, Questionnaire } from "#app/domain/valuation/types";
import { requireCan } from "#app/utils/auth.server";
import { env } from "#app/utils/env.server";
import { ServiceError } from "#app/utils/http.server";
import { notifyOrgMembers } from "./notifications.server";
import { restartValuation } from "./valuation-flow.server";
import { ensureReportFile } from "./valuation-report-file.server";
import { audit, enqueue } from "./operations.server";
import { isUuid } from "#app/domain/ids";

export type ValuationLocale = "zh-CN" | "en";
export type ValuationRequest = {
  assetIds: string[];
  purpose: Purpose;
  questionnaire?: Questionnaire | null;
  locale: ValuationLocale;
};

/** The asset set as one key: sorted ids, comma-joined (finds a valuation of exactly this set). */
export const assetKeyOf = (ids: readonly string[]) => [...new Set(ids)].sort().join(",");

/** A lifecycle move, or 409 when the valuation is no longer in a state that allows it. */
export function nextStatus(from: ValuationStatus, event: ValuationEvent): ValuationStatus {
  try {
    return transition("valuation", valuationLifecycle, from, event);
  } catch (e) {
    if (e instanceof TransitionError) throw new ServiceError(409, "errors.conflict");
    throw e;
  }
}

/**
 * Requests a valuation of one asset or a bundle: writes it `queued`, its assets, the audit row and
 * the outbox row that starts the flow (enrich → score → value → report), in one transaction — the
 * caller's `tx` when given (financing requests one inside its own transaction). Only the owner
 * organisation of every asset (or an admin, or the system) may ask. A form submitted twice gives
 * the same open valuation back.
 */
export async function requestValuation(actor: Actor, req: ValuationRequest, tx?: Executor): Promise<{ id: string }> {
  requireCan(actor, "valuation.request");
  const ids = [...new Set(req.assetIds)];
  if (!ids.length) throw new ServiceError(400, "valuation.errors.pickAsset", { assetIds: ["valuation.errors.pickAsset"] });
  if (ids.length > MAX_ASSETS_PER_VALUATION) throw new ServiceError(400, "valuation.errors.tooManyAssets", { assetIds: ["valuation.errors.tooManyAssets"] });
  if (!PURPOSES.includes(req.purpose)) throw new ServiceError(400, "errors.invalid", { purpose: ["errors.invalid"] });
  const locale: ValuationLocale = req.locale === "en" ? "en" : "zh-CN";

  const run = async (t: Executor) => {
    const rows = await t.select({ id: ipAssets.id, ownerOrgId: ipAssets.ownerOrgId }).from(ipAssets).where(inArray(ipAssets.id, ids));
    const mine = actor.type === "system" || isPlatformAdmin(actor) ? rows : rows.filter((r) => r.ownerOrgId === actor.orgId);
    // Someone else's asset is as invisible as a missing one.
    if (mine.length !== ids.length) throw new ServiceError(404, "errors.notFound");
    const owners = new Set(rows.map((r) => r.ownerOrgId));
    if (owners.size !== 1) throw new ServiceError(422, "valuation.errors.mixedOwners", { assetIds: ["valuation.errors.mixedOwners"] });
    const orgId = rows[0]!.ownerOrgId;
    const questionnaire = toJsonValue(compactQuestionnaire(req.questionnaire)) as object;
    const assetKey = assetKeyOf(ids);

    const [dup] = await t.select({ id: valuations.id }).from(valuations).where(and(
      eq(valuations.orgId, orgId), eq(valuations.assetKey, assetKey), eq(valuations.purpose, req.purpose),
      inArray(valuations.status, ["queued", "running"]),
      sql`${valuations.questionnaire} = ${JSON.stringify(questionnaire)}::jsonb`,
      gt(valuations.createdAt, new Date(Date.now() - 10 * 60_000)),
      // A stuck one is not handed back: the new request starts afresh.
      gt(valuations.updatedAt, new Date(Date.now() - env.JOB_STUCK_AFTER_MS)),
    )).limit(1);
    if (dup) return { id: dup.id };

    const [v] = await t.insert(valuations).values({
      orgId, requestedBy: actor.type === "user" ? actor.userId : null, purpose: req.purpose, questionnaire, locale, assetKey,
    }).returning({ id: valuations.id });
    const id = v!.id;
    await t.insert(valuationAssets).values(ids.map((assetId) => ({ valuationId: id, assetId })));
    await audit(t, actor, {
      action: "valuation.requested", entityType: "valuation", entityId: id, orgId,
      after: { status: "queued", purpose: req.purpose, assetIds: [...ids].sort(), questionnaire },
    });
    await enqueue(t, "valuation", "run", { valuationId: id, attempt: 1 }, { dedupeKey: `valuation:${id}:1` });
    return { id };
  };
  if (tx) return run(tx);
  const db = await getDb();
  return db.transaction(run);
}

/** Banks the owner applied to with this valuation (they may read it: `bankMayReadValuation`). */
async function bankOrgIdsFor(exec: Executor, valuationId: string): Promise<string[]> {
  const rows = await exec.selectDistinct({ bankOrgId: bankReviews.bankOrgId }).from(bankReviews)
    .innerJoin(pledgeApplications, eq(pledgeApplications.id, bankReviews.applicationId))
    .where(eq(pledgeApplications.valuationId, valuationId));
  return rows.map((r) => r.bankOrgId);
}

async function loadRef(exec: Executor, id: string, actor: Actor): Promise<ValuationRef | null> {
  if (!isUuid(id)) return null;
  const [row] = await exec.select({ orgId: valuations.orgId }).from(valuations).where(eq(valuations.id, id));
  if (!row) return null;
  const needsBanks = actor.type !== "system" && actor.orgKind === "bank";
  return { orgId: row.orgId, bankOrgIds: needsBanks ? await bankOrgIdsFor(exec, id) : [] };
}

/** Loads the policy's view of a valuation and applies `action`; a missing or foreign one is a 404. */
export async function authorise(exec: Executor, actor: Actor, id: string, action: "valuation.view" | "valuation.download" | "valuation.retry") {
  const ref = await loadRef(exec, id, actor);
  if (!ref) throw new ServiceError(404, "errors.notFound");
  requireCan(actor, action, ref);
  return ref;
}

/**
 * Re-runs a failed valuation, or one stuck in progress (`mayRetry`): a new attempt (new flow) that
 * resumes at the first step not done. Idempotent: the page sends the attempt it showed, and a second
 * submission for an attempt already superseded changes nothing.
 */
export async function retryValuation(actor: Actor, id: string, shownAttempt?: number) {
  const db = await getDb();
  await authorise(db, actor, id, "valuation.retry");
  return db.transaction(async (tx) => {
    const [v] = await tx.select().from(valuations).where(eq(valuations.id, id)).for("update");
    if (!v) throw new ServiceError(404, "errors.notFound");
    if (shownAttempt !== undefined && shownAttempt !== v.attempt) return { id, status: v.status, attempt: v.attempt };
    if (!mayRetry(v, new Date(), env.JOB_STUCK_AFTER_MS)) throw new ServiceError(409, "errors.conflict");
    const { status, attempt } = await restartValuation(tx, v, actor, { auto: false });
    return { id, status, attempt };
  });
}

/** A new valuation of the same assets, purpose and answers (offered when one expired or was invalidated). */
export async function revalue(actor: Actor, id: string): Promise<{ id: string }> {
  const db = await getDb();
  await authorise(db, actor, id, "valuation.retry");
  const [v] = await db.select({ purpose: valuations.purpose, questionnaire: valuations.questionnaire, locale: valuations.locale }).from(valuations).where(eq(valuations.id, id));
  const assets = await db.select({ assetId: valuationAssets.assetId }).from(valuationAssets).where(eq(valuationAssets.valuationId, id));
  return requestValuation(actor, {
    assetIds: assets.map((a) => a.assetId), purpose: v!.purpose,
    questionnaire: reviveFen<Questionnaire>(v!.questionnaire ?? {}), locale: v!.locale === "en" ? "en" : "zh-CN",
  });
}

/**
 * Marks every open valuation (queued, running, completed or failed) that includes the asset as
 * invalidated. Call it in the transaction that changes an asset's legal status.
 */
export async function invalidateValuationsForAsset(tx: Executor, assetId: string, opts: { actor?: Actor; reason?: string } = {}) {
  const rows = await tx.select({ id: valuations.id, status: valuations.status, orgId: valuations.orgId }).from(valuations)
    .innerJoin(valuationAssets, eq(valuationAssets.valuationId, valuations.id))
    .where(and(eq(valuationAssets.assetId, assetId), inArray(valuations.status, OPEN_VALUATION_STATUSES)))
    .orderBy(asc(valuations.id))
    .for("update", { of: valuations });
  const actor: Actor = opts.actor ?? { type: "system", job: "valuation.invalidate" };
  const reason = opts.reason ?? "legal_status_changed";
  const now = new Date();
  for (const v of rows) {
    const status = transition("valuation", valuationLifecycle, v.status, "invalidate");
    await tx.update(valuations).set({ status, statusReason: reason, closedAt: now, updatedAt: now }).where(eq(valuations.id, v.id));
    await audit(tx, actor, { action: "valuation.invalidated", entityType: "valuation", entityId: v.id, orgId: v.orgId, before: { status: v.status }, after: { status, reason, assetId } });
    await notifyOrgMembers(tx, { orgId: v.orgId, kind: "valuation.notify.invalidated", params: {}, link: `/valuations/${v.id}`, dedupeKey: `valuation-invalidated:${v.id}` });
  }
  return rows.length;
}

/** The scheduler's sweep: completed valuations past `valid_until` expire; the owner is offered a re-valuation. */
export async function expireValuations(exec: Executor, now = new Date()) {
  const due = await exec.select({ id: valuations.id }).from(valuations)
    .where(and(eq(valuations.status, "completed"), lte(valuations.validUntil, now))).limit(500);
  let expired = 0;
  for (const { id } of due) {
    const done = await exec.transaction(async (tx) => {
      const [v] = await tx.select({ status: valuations.status, orgId: valuations.orgId, validUntil: valuations.validUntil }).from(valuations).where(eq(valuations.id, id)).for("update");
      if (!v || v.status !== "completed" || !v.validUntil || v.validUntil > now) return false;
      const status = transition("valuation", valuationLifecycle, v.status, "expire");
      await tx.update(valuations).set({ status, statusReason: "valid_until_passed", closedAt: now, updatedAt: now }).where(eq(valuations.id, id));
      await audit(tx, { type: "system", job: "valuation.expire-sweep" }, { action: "valuation.expired", entityType: "valuation", entityId: id, orgId: v.orgId, before: { status: v.status }, after: { status } });
      await notifyOrgMembers(tx, { orgId: v.orgId, kind: "valuation.notify.expired", params: {}, link: `/valuations/${id}`, dedupeKey: `valuation-expired:${id}` });
      return true;
    });
    if (done) expired++;
  }
  return { expired };
}

export type ValuationSummary = {
  id: string;
  orgId: string;
  status: ValuationStatus;
  purpose: Purpose;
  assetIds: string[];
  modelVersion: string | null;
  lowFen: bigint | null;
  baseFen: bigint | null;
  highFen: bigint | null;
  completedAt: Date | null;
  validUntil: Date | null;
  reportSha256: string | null;
  /** Per asset: its share of the range and its scores. */
  assets: Array<{
    assetId: string; kind: string; number: string; title: string;
    lowFen: bigint; baseFen: bigint; highFen: bigint;
    scores: { legal: number; technical: number; economic: number; composite: number };
  }>;
  flags: Flag[];
};

type StoredAsset = { assetId: string; kind: string; number: string; title: string; low: string; base: string; high: string; scores: { legal: number; technical: number; economic: number; composite: number } };

/**
 * What another context (financing's review, the bank API, the listing page) may show of a valuation.
 * No permission check here: callers decide who sees it (`valuation.view`).
 */
export async function getValuationSummary(id: string, exec?: Executor): Promise<ValuationSummary | null> {
  const db = exec ?? (await getDb());
  if (!isUuid(id)) return null;
  const [v] = await db.select().from(valuations).where(eq(valuations.id, id));
  if (!v) return null;
  const assetIds = (await db.select({ assetId: valuationAssets.assetId }).from(valuationAssets).where(eq(valuationAssets.valuationId, id))).map((r) => r.assetId).sort();
  const result = v.result as { assets?: StoredAsset[]; flags?: Flag[] } | null;
  return {
    id: v.id, orgId: v.orgId, status: v.status, purpose: v.purpose, assetIds, modelVersion: v.modelVersion,
    lowFen: v.lowValue, baseFen: v.baseValue, highFen: v.highValue, completedAt: v.completedAt, validUntil: v.validUntil,
    reportSha256: v.reportSha256,
    assets: (result?.assets ?? []).map((a) => ({
      assetId: a.assetId, kind: a.kind, number: a.number, title: a.title,
      lowFen: BigInt(a.low), baseFen: BigInt(a.base), highFen: BigInt(a.high),
      scores: { legal: a.scores.legal, technical: a.scores.technical, economic: a.scores.economic, composite: a.scores.composite },
    })),
    flags: result?.flags ?? [],
  };
}

/**
 * The latest completed valuation of exactly this asset set that is still valid (not expired, not
 * invalidated), optionally for one purpose.
 */
export async function findValidValuation(exec: Executor, assetIds: readonly string[], purpose?: Purpose) {
  const [v] = await exec.select({
    id: valuations.id, orgId: valuations.orgId, purpose: valuations.purpose, lowFen: valuations.lowValue, baseFen: valuations.baseValue,
    highFen: valuations.highValue, modelVersion: valuations.modelVersion, completedAt: valuations.completedAt, validUntil: valuations.validUntil,
    reportSha256: valuations.reportSha256,
  }).from(valuations).where(and(
    eq(valuations.assetKey, assetKeyOf(assetIds)), eq(valuations.status, "completed"), gt(valuations.validUntil, new Date()),
    purpose ? eq(valuations.purpose, purpose) : undefined,
  )).orderBy(desc(valuations.completedAt)).limit(1);
  return v ?? null;
}

/** For the listing page: the latest valid valuation's range of these assets, any purpose. */
export async function latestValidValuationForAssets(assetIds: readonly string[]) {
  if (!assetIds.length) return null;
  return findValidValuation(await getDb(), assetIds);
}

// ---- pages ------------------------------------------------------------------------------------

/** Own organisation's valuations (an admin sees every organisation's). */
export async function listValuations(actor: Actor, limit = 100) {
  requireCan(actor, "valuation.request");
  const db = await getDb();
  const admin = isPlatformAdmin(actor);
  const rows = await db.select({
    id: valuations.id, status: valuations.status, purpose: valuations.purpose, progress: valuations.progress,
    lowFen: valuations.lowValue, baseFen: valuations.baseValue, highFen: valuations.highValue,
    createdAt: valuations.createdAt, validUntil: valuations.validUntil, orgName: organizations.name,
  }).from(valuations)
    .innerJoin(organizations, eq(organizations.id, valuations.orgId))
    .where(admin || actor.type === "system" ? undefined : eq(valuations.orgId, actor.orgId))
    .orderBy(desc(valuations.createdAt)).limit(limit);
  const ids = rows.map((r) => r.id);
  const assets = ids.length
    ? await db.select({ valuationId: valuationAssets.valuationId, number: ipAssets.number, title: ipAssets.title }).from(valuationAssets)
      .innerJoin(ipAssets, eq(ipAssets.id, valuationAssets.assetId)).where(inArray(valuationAssets.valuationId, ids)).orderBy(asc(ipAssets.number))
    : [];
  return rows.map((r) => ({ ...r, assets: assets.filter((a) => a.valuationId === r.id).map((a) => ({ number: a.number, title: a.title })) }));
}

/** The requesting organisation's assets, for the request form. */
export async function listValuableAssets(actor: Actor) {
  requireCan(actor, "valuation.request");
  if (actor.type === "system") return [];
  const db = await getDb();
  return db.select({
    id: ipAssets.id, kind: ipAssets.kind, number: ipAssets.number, title: ipAssets.title, titleEn: ipAssets.titleEn,
    legalStatus: ipAssets.legalStatus, industry: ipAssets.industry, expiryDate: ipAssets.expiryDate,
  }).from(ipAssets).where(eq(ipAssets.ownerOrgId, actor.orgId)).orderBy(asc(ipAssets.kind), asc(ipAssets.number)).limit(500);
}

/** Everything the valuation page shows: status, steps, assets and (once done) the result. */
export async function getValuationView(actor: Actor, id: string) {
  const db = await getDb();
  await authorise(db, actor, id, "valuation.view");
  const [v] = await db.select({
    id: valuations.id, orgId: valuations.orgId, status: valuations.status, purpose: valuations.purpose, step: valuations.step,
    progress: valuations.progress, error: valuations.error, statusReason: valuations.statusReason, modelVersion: valuations.modelVersion,
    result: valuations.result, lowFen: valuations.lowValue, baseFen: valuations.baseValue, highFen: valuations.highValue,
    reportSha256: valuations.reportSha256, hasReport: sql<boolean>`(${valuations.reportPath} is not null or ${valuations.status} = 'completed')`, locale: valuations.locale,
    completedAt: valuations.completedAt, validUntil: valuations.validUntil, createdAt: valuations.createdAt, attempt: valuations.attempt,
    updatedAt: valuations.updatedAt, resultHash: valuations.resultHash, orgName: organizations.name,
  }).from(valuations).innerJoin(organizations, eq(organizations.id, valuations.orgId)).where(eq(valuations.id, id));
  const steps = await db.select({ step: valuationSteps.step, status: valuationSteps.status, runs: valuationSteps.runs, error: valuationSteps.error, finishedAt: valuationSteps.finishedAt })
    .from(valuationSteps).where(eq(valuationSteps.valuationId, id));
  const assets = await db.select({ id: ipAssets.id, kind: ipAssets.kind, number: ipAssets.number, title: ipAssets.title, titleEn: ipAssets.titleEn })
    .from(valuationAssets).innerJoin(ipAssets, eq(ipAssets.id, valuationAssets.assetId)).where(eq(valuationAssets.valuationId, id)).orderBy(asc(ipAssets.number));
  return { valuation: v!, steps, assets };
}

/**
 * The PDF of a completed valuation (drawn on its first download, then kept), for its owner, admins
 * and banks the owner applied to. An expired or invalidated one keeps the report it had.
 */
export async function getReportFile(actor: Actor, id: string) {
  const db = await getDb();
  await authorise(db, actor, id, "valuation.download");
  const file = await ensureReportFile(db, id);
  if (!file) throw new ServiceError(404, "errors.notFound");
  return { path: file.path, sha256: file.sha256, fileName: `valuation-${id.slice(0, 8)}.pdf` };
}
