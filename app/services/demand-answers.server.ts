import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { campaigns, demandAnswers, demands, listings } from "#db/schema/index";
import { shanghaiDate } from "#app/domain/dates";
import { isUuid } from "#app/domain/ids";
import { demandLifecycle, isPastDeadline } from "#app/domain/market/demand";
import type { UserActor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { loadDemand } from "./demands.server";
import { next, notice } from "./market-shared.server";
import { audit } from "./operations.server";

/** Owners answer demands; a campaign runs one as a 揭榜 challenge and names the solver. */

/**
 * An owner answers an open demand with one of its published listings, a message, or both. A listing
 * answers a demand once, and so does the same message (a double submit returns the first answer). A challenge takes answers until
 * its own deadline.
 */
export async function answerDemand(actor: UserActor, demandId: string, input: { listingId: string | null; message: string }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const d = await loadDemand(tx, demandId, { lock: true });
    requireCan(actor, "demand.answer", d);
    if (d.status !== "open") throw new ServiceError(409, "demand.errors.notOpen");
    if (d.campaignId && isPastDeadline(d.challengeDeadline, shanghaiDate())) throw new ServiceError(409, "demand.errors.challengeClosed");
    const message = input.message.trim();
    if (!input.listingId && !message) throw new ServiceError(400, "errors.invalid", { message: ["demand.errors.answerEmpty"] });
    if (input.listingId) {
      if (!isUuid(input.listingId)) throw new ServiceError(404, "errors.notFound");
      // Only a published listing the answering organisation runs; anyone else's is not found.
      const [l] = await tx.select({ id: listings.id, sellerOrgId: listings.sellerOrgId, disposingOrgId: listings.disposingOrgId, status: listings.status })
        .from(listings).where(eq(listings.id, input.listingId));
      if (!l || (l.disposingOrgId ?? l.sellerOrgId) !== actor.orgId || l.status !== "published") throw new ServiceError(404, "errors.notFound");
    }
    if (!input.listingId) {
      // A message answer repeated word for word (a double submit, a retried request) is the first one; the
      // demand's row lock above serialises answers, so looking first is safe.
      const [same] = await tx.select().from(demandAnswers)
        .where(and(eq(demandAnswers.demandId, d.id), eq(demandAnswers.orgId, actor.orgId), isNull(demandAnswers.listingId), eq(demandAnswers.message, message)));
      if (same) return same;
    }
    const [row] = await tx.insert(demandAnswers).values({ demandId: d.id, orgId: actor.orgId, userId: actor.userId, listingId: input.listingId, message })
      .onConflictDoNothing().returning();
    if (!row) {
      const [first] = await tx.select().from(demandAnswers).where(and(eq(demandAnswers.demandId, d.id), eq(demandAnswers.listingId, input.listingId!)));
      return first!;
    }
    await audit(tx, actor, { action: "demand.answered", entityType: "demand_answer", entityId: row.id, orgId: d.orgId, after: { demandId: d.id, listingId: input.listingId, message } });
    await notice(tx, d.orgId, "demand.notify.answered", { demand: d.title }, `/demands/${d.id}`, row.id);
    return row;
  });
}

/** An admin runs an open demand as a challenge of a campaign that is running, with its own deadline. */
export async function runAsChallenge(actor: UserActor, demandId: string, input: { campaignId: string; challengeDeadline: string }) {
  requireCan(actor, "demand.challenge");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const d = await loadDemand(tx, demandId, { lock: true });
    if (d.status !== "open") throw new ServiceError(409, "demand.errors.notOpen");
    const [c] = await tx.select({ id: campaigns.id, name: campaigns.name, status: campaigns.status }).from(campaigns).where(eq(campaigns.id, input.campaignId));
    if (!c) throw new ServiceError(404, "errors.notFound");
    if (c.status !== "active") throw new ServiceError(409, "demand.errors.campaignNotActive");
    if (input.challengeDeadline < shanghaiDate()) throw new ServiceError(400, "errors.invalid", { challengeDeadline: ["demand.errors.deadlinePast"] });
    if (input.challengeDeadline > d.deadline) throw new ServiceError(400, "errors.invalid", { challengeDeadline: ["demand.errors.challengeAfterDeadline"] });
    const [row] = await tx.update(demands).set({ campaignId: c.id, challengeDeadline: input.challengeDeadline, updatedAt: new Date() }).where(eq(demands.id, d.id)).returning();
    await audit(tx, actor, { action: "demand.challenge-started", entityType: "demand", entityId: d.id, orgId: d.orgId, before: { campaignId: d.campaignId, challengeDeadline: d.challengeDeadline }, after: input });
    await notice(tx, d.orgId, "demand.notify.challenge", { demand: d.title, campaign: c.name }, `/demands/${d.id}`, `${d.id}:${c.id}:${input.challengeDeadline}`);
    return row!;
  });
}

/**
 * An admin names the challenge's solver among its answers: the demand is solved, the solver and the
 * enterprise are told. Only a challenge has a solver; an answer of another demand is not found.
 */
export async function chooseSolver(actor: UserActor, demandId: string, answerId: string) {
  requireCan(actor, "demand.challenge");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const d = await loadDemand(tx, demandId, { lock: true });
    if (!isUuid(answerId)) throw new ServiceError(404, "errors.notFound");
    const [a] = await tx.select().from(demandAnswers).where(and(eq(demandAnswers.id, answerId), eq(demandAnswers.demandId, d.id)));
    if (!a) throw new ServiceError(404, "errors.notFound");
    if (!d.campaignId) throw new ServiceError(409, "demand.errors.notChallenge");
    if (d.solverAnswerId === a.id) return d;
    const status = next("demand", demandLifecycle, d.status, "solve");
    const [row] = await tx.update(demands).set({ status, solverAnswerId: a.id, closedAt: new Date(), updatedAt: new Date() }).where(eq(demands.id, d.id)).returning();
    await audit(tx, actor, { action: "demand.solver-chosen", entityType: "demand", entityId: d.id, orgId: d.orgId, before: { status: d.status }, after: { status, solverAnswerId: a.id, solverOrgId: a.orgId } });
    await notice(tx, a.orgId, "demand.notify.solver", { demand: d.title }, `/demands/${d.id}`, d.id);
    await notice(tx, d.orgId, "demand.notify.solved", { demand: d.title }, `/demands/${d.id}`, d.id);
    return row!;
  });
}
