import { and, desc, eq } from "drizzle-orm";
import type { Executor } from "#db/client.server";
import { valuations } from "#db/schema/index";
import type { Actor } from "#app/domain/policy/index";
import { assetKeyOf, findValidValuation, getValuationSummary, requestValuation } from "./valuations.server";

/**
 * Financing's only door into the valuation context: reuse a valid pledge valuation of exactly the
 * same assets, or request one; read the figures matching needs (the LOW value caps the loan).
 */
export async function valuationForPledge(tx: Executor, actor: Actor, assetIds: string[], locale: string) {
  const found = await findValidValuation(tx, assetIds, "pledge");
  if (found) return { valuationId: found.id, reused: true };
  // One waiting for the owner's inputs is the one to answer, not a reason for another.
  const [waiting] = await tx.select({ id: valuations.id }).from(valuations)
    .where(and(eq(valuations.assetKey, assetKeyOf(assetIds)), eq(valuations.purpose, "pledge"), eq(valuations.status, "needs_input")))
    .orderBy(desc(valuations.createdAt)).limit(1);
  if (waiting) return { valuationId: waiting.id, reused: true };
  const created = await requestValuation(actor, { assetIds, purpose: "pledge", locale: locale === "en" ? "en" : "zh-CN" }, tx);
  return { valuationId: created.id, reused: false };
}

/**
 * The valuation an application goes on with: the one its draft started (or an edit asked for) while
 * it is still of use — in progress, waiting for inputs, or completed and valid — else another.
 */
export async function valuationForApplication(tx: Executor, actor: Actor, app: { valuationId: string | null }, assetIds: string[], locale: string) {
  const current = await valuationFigures(tx, app.valuationId);
  const usable = current && (["queued", "running", "needs_input"].includes(current.status) || (current.status === "completed" && (!current.validUntil || current.validUntil > new Date())));
  if (usable) {
    const [same] = await tx.select({ key: valuations.assetKey }).from(valuations).where(eq(valuations.id, current.id));
    if (same?.key === assetKeyOf(assetIds)) return { valuationId: current.id, reused: true };
  }
  return valuationForPledge(tx, actor, assetIds, locale);
}

export type ValuationFigures = {
  id: string;
  status: (typeof valuations.$inferSelect)["status"];
  lowFen: bigint | null;
  baseFen: bigint | null;
  highFen: bigint | null;
  validUntil: Date | null;
  /** The low value per asset when the valuation breaks it down. */
  perAssetLowFen: Map<string, bigint>;
};

export async function valuationFigures(exec: Executor, valuationId: string | null): Promise<ValuationFigures | null> {
  if (!valuationId) return null;
  const [v] = await exec.select({
    id: valuations.id, status: valuations.status, lowValue: valuations.lowValue, baseValue: valuations.baseValue,
    highValue: valuations.highValue, validUntil: valuations.validUntil, result: valuations.result,
  }).from(valuations).where(eq(valuations.id, valuationId));
  if (!v) return null;
  return {
    id: v.id, status: v.status, lowFen: v.lowValue, baseFen: v.baseValue, highFen: v.highValue, validUntil: v.validUntil,
    perAssetLowFen: perAssetLow(v.result),
  };
}

function perAssetLow(result: unknown): Map<string, bigint> {
  const out = new Map<string, bigint>();
  const assets = (result as { assets?: unknown } | null)?.assets;
  if (!Array.isArray(assets)) return out;
  for (const a of assets as Array<Record<string, unknown>>) {
    const id = a.assetId;
    const low = a.lowFen ?? a.lowValue ?? a.low;
    if (typeof id === "string" && (typeof low === "string" || typeof low === "number") && /^\d+$/.test(String(low))) out.set(id, BigInt(low));
  }
  return out;
}

/** What a reviewer sees of the valuation (the valuation context decides the shape). */
export async function valuationSummaryFor(valuationId: string | null) {
  if (!valuationId) return null;
  return getValuationSummary(valuationId);
}
