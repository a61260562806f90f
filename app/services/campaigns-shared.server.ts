import { and, eq, or } from "drizzle-orm";
import type { Executor } from "#db/client.server";
import { campaignBanks, campaignEnrolments, campaignParks, campaigns, organizations } from "#db/schema/index";
import { isPlatformAdmin, type Actor } from "#app/domain/policy/index";
import type { CampaignRef } from "#app/domain/policy/campaigns";
import { transition, TransitionError, type TransitionTable } from "#app/domain/state-machine";
import { ServiceError } from "#app/utils/http.server";
import { isUuid } from "#app/domain/ids";

/** Internal helpers of the campaign services (not a use case themselves): loading a campaign, its policy view. */

export const userIdOf = (a: Actor) => (a.type === "user" ? a.userId : null);
export const orgIdOf = (a: Actor) => (a.type === "system" ? null : a.orgId);

export function next<S extends string, E extends string>(entity: string, table: TransitionTable<S, E>, from: S, event: E): S {
  try {
    return transition(entity, table, from, event);
  } catch (e) {
    if (e instanceof TransitionError) throw new ServiceError(409, "errors.conflict");
    throw e;
  }
}

export type CampaignRow = typeof campaigns.$inferSelect;

export async function loadCampaign(exec: Executor, id: string, opts: { lock?: boolean } = {}): Promise<CampaignRow> {
  if (!isUuid(id)) throw new ServiceError(404, "errors.notFound");
  const q = exec.select().from(campaigns).where(eq(campaigns.id, id));
  const [row] = opts.lock ? await q.for("update") : await q;
  if (!row) throw new ServiceError(404, "errors.notFound");
  return row;
}

/**
 * The campaign as the policy sees it from the actor's side: its parks and banks, and whether the
 * actor's organisation is in one of the parks or (by its credit code) on the whitelist.
 */
export async function campaignRef(exec: Executor, c: Pick<CampaignRow, "id" | "status">, actor: Actor): Promise<CampaignRef> {
  const [parkRows, bankRows] = await Promise.all([
    exec.select({ parkId: campaignParks.parkId }).from(campaignParks).where(eq(campaignParks.campaignId, c.id)),
    exec.select({ bankOrgId: campaignBanks.bankOrgId }).from(campaignBanks).where(eq(campaignBanks.campaignId, c.id)),
  ]);
  let viewerParkId: string | null = null;
  let viewerEnrolled = false;
  const orgId = orgIdOf(actor);
  if (orgId && !isPlatformAdmin(actor)) {
    const [org] = await exec.select({ parkId: organizations.parkId, uscc: organizations.uscc }).from(organizations).where(eq(organizations.id, orgId));
    viewerParkId = org?.parkId ?? null;
    if (org) {
      const [e] = await exec.select({ id: campaignEnrolments.id }).from(campaignEnrolments)
        .where(and(eq(campaignEnrolments.campaignId, c.id), or(eq(campaignEnrolments.orgId, orgId), eq(campaignEnrolments.uscc, org.uscc)))).limit(1);
      viewerEnrolled = Boolean(e);
    }
  }
  return { status: c.status, parkIds: parkRows.map((p) => p.parkId), bankOrgIds: bankRows.map((b) => b.bankOrgId), viewerParkId, viewerEnrolled };
}
