import { and, eq, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/client.server";
import { demandProposals, demands } from "#db/schema/index";
import { shanghaiDate } from "#app/domain/dates";
import type { DemandInput } from "#app/domain/forms/demands";
import { isUuid } from "#app/domain/ids";
import { demandLifecycle, EDITABLE_DEMAND_STATUSES, type DemandEvent, type ProposalFeedback } from "#app/domain/market/demand";
import type { Actor, UserActor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { next, notice } from "./market-shared.server";
import { audit, enqueue } from "./operations.server";

/** The use cases of the posting enterprise: write, publish, close its demand, and judge proposals. */

export type DemandRow = typeof demands.$inferSelect;

/** A demand by id, or a 404 (a malformed id included). */
export async function loadDemand(exec: Executor, id: string, opts: { lock?: boolean } = {}): Promise<DemandRow> {
  if (!isUuid(id)) throw new ServiceError(404, "errors.notFound");
  const q = exec.select().from(demands).where(eq(demands.id, id));
  const [row] = opts.lock ? await q.for("update") : await q;
  if (!row) throw new ServiceError(404, "errors.notFound");
  return row;
}

/** The demand's matching job for its current content; the version in the key makes it once per version. */
export async function enqueueMatching(tx: Executor, d: Pick<DemandRow, "id" | "matchVersion">) {
  await enqueue(tx, "matching", "demand-match", { demandId: d.id, version: d.matchVersion }, { dedupeKey: `demand-match:${d.id}:${d.matchVersion}` });
}

function checkDeadline(deadline: string) {
  if (deadline < shanghaiDate()) throw new ServiceError(400, "errors.invalid", { deadline: ["demand.errors.deadlinePast"] });
}

const content = (input: DemandInput) => ({
  title: input.title, titleEn: input.titleEn, problem: input.problem, problemEn: input.problemEn, industry: input.industry,
  ipcClasses: input.ipcClasses, keywords: input.keywords, budgetFen: input.budget, deadline: input.deadline, visibility: input.visibility,
});

/** What the audit keeps of a demand's content (money as a string: JSON has no bigint). */
const auditable = (c: ReturnType<typeof content>) => ({ ...c, budgetFen: c.budgetFen?.toString() ?? null });

/** A new demand of the caller's enterprise: a draft, or published (and matched) at once. */
export async function createDemand(actor: UserActor, input: DemandInput, opts: { publish?: boolean } = {}) {
  requireCan(actor, "demand.create");
  checkDeadline(input.deadline);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const status = opts.publish ? next("demand", demandLifecycle, "draft", "publish") : "draft";
    const [d] = await tx.insert(demands).values({
      orgId: actor.orgId, createdBy: actor.userId, status, ...content(input), publishedAt: opts.publish ? new Date() : null,
    }).returning();
    await audit(tx, actor, { action: "demand.created", entityType: "demand", entityId: d!.id, orgId: actor.orgId, after: { status, ...auditable(content(input)) } });
    if (status === "open") await enqueueMatching(tx, d!);
    return d!;
  });
}

/** Edits a draft or open demand of the caller's; an open one is matched again for its new content. */
export async function updateDemand(actor: UserActor, id: string, input: DemandInput) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const d = await loadDemand(tx, id, { lock: true });
    requireCan(actor, "demand.manage", d);
    if (!EDITABLE_DEMAND_STATUSES.includes(d.status)) throw new ServiceError(409, "errors.conflict");
    checkDeadline(input.deadline);
    const [row] = await tx.update(demands).set({ ...content(input), matchVersion: d.matchVersion + 1, updatedAt: new Date() }).where(eq(demands.id, d.id)).returning();
    await audit(tx, actor, { action: "demand.updated", entityType: "demand", entityId: d.id, orgId: d.orgId, before: auditable(content({ ...d, budget: d.budgetFen })), after: auditable(content(input)) });
    if (row!.status === "open") await enqueueMatching(tx, row!);
    return row!;
  });
}

/** Publishes or closes the caller's demand; any other move, or a repeated one, is a 409. */
export async function moveDemand(actor: UserActor, id: string, event: Extract<DemandEvent, "publish" | "close">) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const d = await loadDemand(tx, id, { lock: true });
    requireCan(actor, "demand.manage", d);
    if (event === "publish") checkDeadline(d.deadline);
    const status = next("demand", demandLifecycle, d.status, event);
    const now = new Date();
    const [row] = await tx.update(demands).set({
      status, updatedAt: now, ...(event === "publish" ? { publishedAt: now } : { closedAt: now }),
    }).where(eq(demands.id, d.id)).returning();
    await audit(tx, actor, { action: `demand.${event === "publish" ? "published" : "closed"}`, entityType: "demand", entityId: d.id, orgId: d.orgId, before: { status: d.status }, after: { status } });
    if (status === "open") await enqueueMatching(tx, row!);
    return row!;
  });
}

/**
 * The enterprise marks a proposal useful or not (again to change its mind); the owner of the
 * proposed listing or patent is told once per verdict. A proposal of another demand is a 404.
 */
export async function markProposal(actor: UserActor, demandId: string, proposalId: string, feedback: ProposalFeedback) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const d = await loadDemand(tx, demandId, { lock: true });
    requireCan(actor, "demand.manage", d);
    if (!isUuid(proposalId)) throw new ServiceError(404, "errors.notFound");
    const [p] = await tx.select().from(demandProposals).where(and(eq(demandProposals.id, proposalId), eq(demandProposals.demandId, d.id))).for("update");
    if (!p) throw new ServiceError(404, "errors.notFound");
    if (p.feedback === feedback) return p;
    const [row] = await tx.update(demandProposals).set({ feedback, feedbackBy: actor.userId, feedbackAt: new Date(), updatedAt: new Date() })
      .where(eq(demandProposals.id, p.id)).returning();
    await audit(tx, actor, { action: "demand.proposal-marked", entityType: "demand_proposal", entityId: p.id, orgId: d.orgId, before: { feedback: p.feedback }, after: { feedback } });
    await notice(tx, p.ownerOrgId, `demand.notify.feedback.${feedback}`, { demand: d.title }, "/demands/fit", `${p.id}:${feedback}`);
    return row!;
  });
}

/** Open demands whose deadline has passed, for the sweep (system actor). */
export async function expireDemands(exec: Executor, actor: Actor, today = shanghaiDate()) {
  const rows = await exec.update(demands).set({ status: next("demand", demandLifecycle, "open", "expire"), updatedAt: new Date(), closedAt: new Date() })
    .where(and(eq(demands.status, "open"), sql`${demands.deadline} < ${today}::date`)).returning({ id: demands.id, orgId: demands.orgId });
  for (const r of rows) await audit(exec, actor, { action: "demand.expired", entityType: "demand", entityId: r.id, orgId: r.orgId, after: { status: "expired" } });
  return rows.length;
}
