import { eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { valuations, valuationSteps } from "#db/schema/index";
import type { Actor } from "#app/domain/policy/index";
import { reviveFen, toJsonValue } from "#app/domain/valuation/codec";
import { compactQuestionnaire } from "#app/domain/valuation/questionnaire";
import type { Questionnaire } from "#app/domain/valuation/types";
import { ServiceError } from "#app/utils/http.server";
import { audit, enqueue } from "./operations.server";
import { authorise, nextStatus } from "./valuations.server";

export type ValuationAnswers = Pick<Questionnaire, "annualRevenueFen" | "rdCostFen" | "rdCostYear">;

/**
 * The owner gives the inputs a valuation waiting in `needs_input` asked for: they join its answers,
 * and the valuation is queued again as a new attempt that collects the facts afresh (every step runs
 * again: the frozen snapshot held the old answers). Idempotent: the form sends the attempt it showed,
 * and a second submission for an attempt already superseded changes nothing; a valuation no longer
 * waiting is a 409. A foreign or missing valuation is a 404.
 */
export async function answerValuationInputs(actor: Actor, id: string, answers: ValuationAnswers, shownAttempt?: number) {
  const db = await getDb();
  await authorise(db, actor, id, "valuation.retry");
  const given = compactQuestionnaire(answers);
  if (!(given.annualRevenueFen && given.annualRevenueFen > 0n) && !(given.rdCostFen && given.rdCostFen > 0n)) {
    throw new ServiceError(400, "errors.fixBelow", { annualRevenue: ["valuation.needsInput.oneOf"], rdCost: ["valuation.needsInput.oneOf"] });
  }
  return db.transaction(async (tx) => {
    const [v] = await tx.select().from(valuations).where(eq(valuations.id, id)).for("update");
    if (!v) throw new ServiceError(404, "errors.notFound");
    if (shownAttempt !== undefined && shownAttempt !== v.attempt) return { id, status: v.status, attempt: v.attempt };
    const status = nextStatus(v.status, "provideInput");
    const questionnaire = toJsonValue(compactQuestionnaire({ ...reviveFen<Questionnaire>(v.questionnaire ?? {}), ...given })) as object;
    const attempt = v.attempt + 1;
    const now = new Date();
    await tx.delete(valuationSteps).where(eq(valuationSteps.valuationId, id));
    await tx.update(valuations).set({
      status, attempt, questionnaire, autoRetries: 0, error: null, statusReason: null, step: null, progress: 0, inputs: null, updatedAt: now,
    }).where(eq(valuations.id, id));
    await audit(tx, actor, {
      action: "valuation.inputs-given", entityType: "valuation", entityId: id, orgId: v.orgId,
      before: { status: v.status, attempt: v.attempt, reason: v.statusReason }, after: { status, attempt, answers: toJsonValue(given) },
    });
    await enqueue(tx, "valuation", "run", { valuationId: id, attempt }, { dedupeKey: `valuation:${id}:${attempt}` });
    return { id, status, attempt };
  });
}
