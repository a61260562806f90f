import { and, eq, inArray } from "drizzle-orm";
import type { Executor } from "#db/client.server";
import { deals, encumbrances } from "#db/schema/index";
import type { Side } from "#app/domain/market/deal";
import type { Actor } from "#app/domain/policy/index";
import { ServiceError } from "#app/utils/http.server";
import { pgError } from "./market-shared.server";
import { isUuid } from "#app/domain/ids";

/** Internal helpers of the deal services (not a use case themselves): loading a deal, its sides, the database's last guards. */

export type DealRow = typeof deals.$inferSelect;

export type Terms = {
  priceFen: bigint; royaltyBp?: number | null; termMonths?: number | null; startDate?: string | null; message?: string | null;
  /** Instalment terms: a fixed fee (or minimum royalty) every `instalmentMonths`, `instalmentCount` times. */
  instalmentCount?: number | null; instalmentMonths?: number | null; instalmentFen?: bigint | null;
};

export async function loadDeal(exec: Executor, id: string, opts: { lock?: boolean } = {}): Promise<DealRow> {
  if (!isUuid(id)) throw new ServiceError(404, "errors.notFound");
  const q = exec.select().from(deals).where(eq(deals.id, id));
  const [row] = opts.lock ? await q.for("update") : await q;
  if (!row) throw new ServiceError(404, "errors.notFound");
  return row;
}

export const sideOf = (actor: Actor, d: DealRow): Side => (actor.type !== "system" && actor.orgId === d.buyerOrgId ? "buyer" : "seller");

export const link = (d: { id: string }) => `/deals/${d.id}`;

/**
 * Runs a deal change and turns the database's last guards into clear 409s: the exclusion constraint
 * (two overlapping exclusive or sole licences), the title lock (a second transfer or a pledged asset),
 * and the one-live-deal-per-buyer and one-transfer-per-listing indexes.
 */
export async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const err = pgError(e);
    if (err?.code === "23P01") throw new ServiceError(409, "market.errors.exclusiveTaken");
    if (err?.code === "23505" && (err.constraint === "encumbrances_one_title_lock" || err.constraint === "deals_one_transfer_per_listing")) {
      throw new ServiceError(409, "market.errors.titleTaken");
    }
    if (err?.code === "23505" && err.constraint === "deals_one_live_per_buyer") throw new ServiceError(409, "market.errors.dealExists");
    throw e;
  }
}

export async function release(tx: Executor, dealId: string) {
  await tx.update(encumbrances).set({ status: "released", releasedAt: new Date() })
    .where(and(eq(encumbrances.sourceType, "deal"), eq(encumbrances.sourceId, dealId), inArray(encumbrances.status, ["pending", "active"])));
}
