import { parsePayload } from "#jobs/queues";
import { rematchForProduct, runMatching, sweepValuations } from "#app/services/matching.server";
import { matchDemand, sweepDemands } from "#app/services/demand-matching.server";
import type { Processor } from "./types";

/**
 * The `matching` queue: match one application, re-match after a product change, the sweep
 * that hands applications whose valuation completed on to matching, and technology demands' reverse matchmaking. All idempotent.
 */
export const processMatching: Processor = async (data, ctx) => {
  if (ctx.name === "match-application") {
    const p = parsePayload("matching", ctx.name, data) as { applicationId: string };
    return runMatching(ctx.db, p.applicationId);
  }
  if (ctx.name === "product-changed") {
    const p = parsePayload("matching", ctx.name, data) as { productId: string };
    return rematchForProduct(ctx.db, p.productId);
  }
  if (ctx.name === "valuation-sweep") return sweepValuations(ctx.db);
  if (ctx.name === "demand-match") {
    const p = parsePayload("matching", ctx.name, data) as { demandId: string; version: number };
    return matchDemand(ctx.db, p.demandId);
  }
  if (ctx.name === "demand-sweep") return sweepDemands(ctx.db);
  throw new Error(`matching: unknown job ${ctx.name}`);
};
