import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb, queryRows, type Executor } from "#db/client.server";
import { ipAssets, valuationAssets, valuationBatches, valuations } from "#db/schema/index";
import type { Actor } from "#app/domain/policy/index";
import { isPlatformAdmin } from "#app/domain/policy/index";
import { compactQuestionnaire } from "#app/domain/valuation/questionnaire";
import { toJsonValue } from "#app/domain/valuation/codec";
import { PURPOSES, type Purpose } from "#app/domain/valuation/parameters";
import type { ValuationStatus } from "#app/domain/valuation/lifecycle";
import { isUuid } from "#app/domain/ids";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { VALUATION_CHUNK } from "#jobs/queues";
import { notifyOrgMembers } from "./notifications.server";
import { audit, auditMany, enqueue } from "./operations.server";

/** The most assets one batch values (a large university's whole portfolio). */
export const MAX_BATCH_ASSETS = 5000;
/** "All my patents": inventions, utility models and designs that are in force or pending. */
const PATENT_KINDS = ["invention", "utility_model", "design"] as const;
const BATCH_STATUSES = ["valid", "pending"] as const;

export type BatchRequest = {
  /** `all`: every patent of the organisation in force or pending; `selected`: exactly `assetIds`. */
  scope: "all" | "selected";
  assetIds: string[];
  purpose: Purpose;
  locale: "zh-CN" | "en";
  /** The form's one-time token: a second submission of the same form finds the first batch. */
  requestKey: string;
};

/**
 * One action values many assets: a batch, one single-asset valuation per asset, and one outbox row
 * per chunk of `VALUATION_CHUNK` valuations (a `run-batch` flow whose steps value the chunk
 * together), all in one transaction. Only the organisation's own assets; idempotent per form token.
 */
export async function requestValuationBatch(actor: Actor, req: BatchRequest): Promise<{ id: string; created: boolean }> {
  requireCan(actor, "valuation.request");
  if (actor.type !== "user") throw new ServiceError(403, "errors.forbidden");
  if (!PURPOSES.includes(req.purpose)) throw new ServiceError(400, "errors.invalid", { purpose: ["errors.invalid"] });
  if (!req.requestKey || req.requestKey.length > 100) throw new ServiceError(400, "errors.invalid", { requestKey: ["errors.invalid"] });
  const orgId = actor.orgId;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [dup] = await tx.select({ id: valuationBatches.id }).from(valuationBatches)
      .where(and(eq(valuationBatches.orgId, orgId), eq(valuationBatches.requestKey, req.requestKey)));
    if (dup) return { id: dup.id, created: false };

    const ids = [...new Set(req.assetIds)];
    if (req.scope === "selected" && !ids.length) throw new ServiceError(400, "valuation.errors.pickAsset", { assetIds: ["valuation.errors.pickAsset"] });
    if (req.scope === "selected" && ids.some((id) => !isUuid(id))) throw new ServiceError(404, "errors.notFound");
    const assets = await tx.select({ id: ipAssets.id }).from(ipAssets).where(and(
      eq(ipAssets.ownerOrgId, orgId),
      req.scope === "all" ? and(inArray(ipAssets.kind, [...PATENT_KINDS]), inArray(ipAssets.legalStatus, [...BATCH_STATUSES])) : inArray(ipAssets.id, ids),
    )).orderBy(asc(ipAssets.number));
    // Someone else's asset is as invisible as a missing one.
    if (req.scope === "selected" && assets.length !== ids.length) throw new ServiceError(404, "errors.notFound");
    if (!assets.length) throw new ServiceError(400, "valuation.batch.errors.noPatents", { scope: ["valuation.batch.errors.noPatents"] });
    if (assets.length > MAX_BATCH_ASSETS) {
      throw new ServiceError(400, "valuation.batch.errors.tooMany", { scope: ["valuation.batch.errors.tooMany"] }, { max: MAX_BATCH_ASSETS });
    }

    // Two submissions racing past the read above: the unique (org, token) lets one of them insert.
    const [batch] = await tx.insert(valuationBatches).values({ orgId, requestedBy: actor.userId, purpose: req.purpose, locale: req.locale, requestKey: req.requestKey, total: assets.length })
      .onConflictDoNothing({ target: [valuationBatches.orgId, valuationBatches.requestKey] }).returning({ id: valuationBatches.id });
    if (!batch) {
      const [other] = await tx.select({ id: valuationBatches.id }).from(valuationBatches)
        .where(and(eq(valuationBatches.orgId, orgId), eq(valuationBatches.requestKey, req.requestKey)));
      return { id: other!.id, created: false };
    }
    const questionnaire = toJsonValue(compactQuestionnaire(null)) as object;
    const made: { id: string; assetId: string }[] = [];
    for (let i = 0; i < assets.length; i += 500) {
      const slice = assets.slice(i, i + 500);
      const rows = await tx.insert(valuations).values(slice.map((a) => ({
        orgId, requestedBy: actor.userId, purpose: req.purpose, questionnaire, locale: req.locale, assetKey: a.id, batchId: batch.id,
      }))).returning({ id: valuations.id, assetKey: valuations.assetKey });
      await tx.insert(valuationAssets).values(rows.map((r) => ({ valuationId: r.id, assetId: r.assetKey })));
      made.push(...rows.map((r) => ({ id: r.id, assetId: r.assetKey })));
    }
    await audit(tx, actor, {
      action: "valuation.batch-requested", entityType: "valuation_batch", entityId: batch.id, orgId,
      after: { scope: req.scope, purpose: req.purpose, total: made.length },
    });
    await auditMany(tx, actor, made.map((v) => ({
      action: "valuation.requested", entityType: "valuation", entityId: v.id, orgId,
      after: { status: "queued", purpose: req.purpose, assetIds: [v.assetId], questionnaire, batchId: batch.id },
    })));
    for (let i = 0; i < made.length; i += VALUATION_CHUNK) {
      const items = made.slice(i, i + VALUATION_CHUNK).map((v) => ({ valuationId: v.id, attempt: 1 }));
      await enqueue(tx, "valuation", "run-batch", { batchId: batch.id, items }, { dedupeKey: `valuation-batch:${batch.id}:${i / VALUATION_CHUNK}` });
    }
    return { id: batch.id, created: true };
  });
}

/**
 * Called in the transaction that finished valuations of these batches (completed, failed, or
 * stopped for the owner's inputs): a batch none of whose valuations is still in progress is
 * finished, once, and its owner told once (how many wait for inputs, if any).
 */
export async function finishBatches(tx: Executor, batchIds: string[]) {
  if (!batchIds.length) return;
  const open = await tx.select({ batchId: valuations.batchId }).from(valuations)
    .where(and(inArray(valuations.batchId, batchIds), inArray(valuations.status, ["queued", "running"]))).groupBy(valuations.batchId);
  const openIds = new Set(open.map((r) => r.batchId));
  const done = batchIds.filter((b) => !openIds.has(b));
  if (!done.length) return;
  const finished = await tx.update(valuationBatches).set({ finishedAt: new Date() })
    .where(and(inArray(valuationBatches.id, done), isNull(valuationBatches.finishedAt)))
    .returning({ id: valuationBatches.id, orgId: valuationBatches.orgId, total: valuationBatches.total });
  if (!finished.length) return;
  // Valuations that stopped for the owner's inputs are named in the notice: the batch's page lists them with a link to answer.
  const waiting = await tx.select({ batchId: valuations.batchId, n: sql<number>`count(*)::int` }).from(valuations)
    .where(and(inArray(valuations.batchId, finished.map((b) => b.id)), eq(valuations.status, "needs_input"))).groupBy(valuations.batchId);
  const waitingOf = new Map(waiting.map((r) => [r.batchId, Number(r.n)]));
  for (const b of finished) {
    const needsInput = waitingOf.get(b.id) ?? 0;
    await audit(tx, { type: "system", job: "valuation" }, { action: "valuation.batch-finished", entityType: "valuation_batch", entityId: b.id, orgId: b.orgId, after: { total: b.total, needsInput } });
    await notifyOrgMembers(tx, {
      orgId: b.orgId, kind: needsInput ? "valuation.notify.batchFinishedNeedsInput" : "valuation.notify.batchFinished", params: { total: b.total, needsInput },
      link: `/valuations/batches/${b.id}`, dedupeKey: `valuation-batch-finished:${b.id}`,
    });
  }
}

export type BatchProgress = {
  id: string; purpose: Purpose; total: number; createdAt: Date; finishedAt: Date | null;
  counts: Record<ValuationStatus, number>; done: number; percent: number;
};

const FINISHED: ValuationStatus[] = ["needs_input", "completed", "failed", "expired", "invalidated"];

async function loadBatch(exec: Executor, actor: Actor, id: string) {
  if (!isUuid(id)) throw new ServiceError(404, "errors.notFound");
  const [b] = await exec.select().from(valuationBatches).where(eq(valuationBatches.id, id));
  if (!b) throw new ServiceError(404, "errors.notFound");
  // The owner's (or an admin's); a bank never sees a batch, whoever it is: 404, as if it did not exist.
  requireCan(actor, "valuation.view", { orgId: b.orgId, bankOrgIds: [] });
  return b;
}

/** The batch's one progress bar: how many of its valuations finished, by status. */
export async function getBatchProgress(actor: Actor, id: string, exec?: Executor): Promise<BatchProgress> {
  const db = exec ?? (await getDb());
  const b = await loadBatch(db, actor, id);
  const rows = await queryRows<{ status: ValuationStatus; n: number }>(db, sql`
    select status, count(*)::int as n from valuations where batch_id = ${b.id} group by status`);
  const counts = { queued: 0, running: 0, needs_input: 0, completed: 0, failed: 0, expired: 0, invalidated: 0 } as Record<ValuationStatus, number>;
  for (const r of rows) counts[r.status] = Number(r.n);
  const done = FINISHED.reduce((s, k) => s + counts[k], 0);
  return {
    id: b.id, purpose: b.purpose, total: b.total, createdAt: b.createdAt, finishedAt: b.finishedAt,
    counts, done, percent: b.total ? Math.floor((done * 100) / b.total) : 100,
  };
}

/** The batch page: its progress and its valuations (asset, status, value), in asset-number order. */
export async function getBatchView(actor: Actor, id: string, limit = 1000) {
  const db = await getDb();
  const progress = await getBatchProgress(actor, id, db);
  const items = await db.select({
    id: valuations.id, status: valuations.status, error: valuations.error, lowFen: valuations.lowValue, baseFen: valuations.baseValue, highFen: valuations.highValue,
    number: ipAssets.number, title: ipAssets.title, titleEn: ipAssets.titleEn,
  }).from(valuations)
    .innerJoin(valuationAssets, eq(valuationAssets.valuationId, valuations.id))
    .innerJoin(ipAssets, eq(ipAssets.id, valuationAssets.assetId))
    .where(eq(valuations.batchId, id)).orderBy(asc(ipAssets.number)).limit(limit);
  return { progress, items };
}

/** The organisation's batches, newest first (an admin sees every organisation's). */
export async function listBatches(actor: Actor, limit = 20) {
  requireCan(actor, "valuation.request");
  if (actor.type === "system") return [];
  const db = await getDb();
  return db.select({ id: valuationBatches.id, total: valuationBatches.total, purpose: valuationBatches.purpose, createdAt: valuationBatches.createdAt, finishedAt: valuationBatches.finishedAt })
    .from(valuationBatches).where(isPlatformAdmin(actor) ? undefined : eq(valuationBatches.orgId, actor.orgId))
    .orderBy(desc(valuationBatches.createdAt)).limit(limit);
}

/** Patents "all my patents" would value, for the form's label. */
export async function countBatchablePatents(actor: Actor) {
  requireCan(actor, "valuation.request");
  if (actor.type === "system") return 0;
  const db = await getDb();
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(ipAssets).where(and(
    eq(ipAssets.ownerOrgId, actor.orgId), inArray(ipAssets.kind, [...PATENT_KINDS]), inArray(ipAssets.legalStatus, [...BATCH_STATUSES]),
  ));
  return Number(row?.n ?? 0);
}
