import { and, asc, eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { organizations, parks } from "#db/schema/index";
import { orgLifecycle, type OrgEvent } from "#app/domain/organization";
import type { Actor } from "#app/domain/policy/index";
import { transition, TransitionError } from "#app/domain/state-machine";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { audit, enqueue } from "./operations.server";

export async function listPendingOrgs(actor: Actor) {
  requireCan(actor, "org.verify");
  const db = await getDb();
  return db
    .select({
      id: organizations.id, name: organizations.name, kind: organizations.kind, uscc: organizations.uscc,
      industry: organizations.industry, createdAt: organizations.createdAt, parkZh: parks.nameZh, parkEn: parks.nameEn,
    })
    .from(organizations)
    .leftJoin(parks, eq(parks.id, organizations.parkId))
    .where(eq(organizations.status, "pending"))
    .orderBy(asc(organizations.createdAt))
    .limit(200);
}

const EVENT_ACTION: Record<"verify" | "reject" | "suspend" | "reinstate", string> = {
  verify: "org.verified", reject: "org.rejected", suspend: "org.suspended", reinstate: "org.reinstated",
};

/**
 * An admin decides on an organisation. The status change, its audit row and the job that notifies
 * the members commit together or not at all; deciding twice is refused by the lifecycle.
 */
export async function decideOrg(actor: Actor, orgId: string, event: "verify" | "reject" | "suspend" | "reinstate", reason: string | null) {
  requireCan(actor, event === "verify" || event === "reject" ? "org.verify" : "org.suspend");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [org] = await tx.select().from(organizations).where(eq(organizations.id, orgId)).for("update");
    if (!org) throw new ServiceError(404, "errors.notFound");
    if (org.kind === "platform") throw new ServiceError(403, "errors.forbidden");
    let next;
    try {
      next = transition("organization", orgLifecycle, org.status, event as OrgEvent);
    } catch (e) {
      if (e instanceof TransitionError) throw new ServiceError(409, "errors.conflict");
      throw e;
    }
    const now = new Date();
    const patch = {
      status: next,
      statusReason: event === "verify" || event === "reinstate" ? null : reason,
      ...(event === "verify" ? { verifiedAt: now, verifiedBy: actor.type === "user" ? actor.userId : null } : {}),
    };
    await tx.update(organizations).set(patch).where(and(eq(organizations.id, orgId), eq(organizations.status, org.status)));
    const auditId = await audit(tx, actor, {
      action: EVENT_ACTION[event], entityType: "organization", entityId: orgId, orgId,
      before: { status: org.status, statusReason: org.statusReason },
      after: { status: next, statusReason: patch.statusReason },
    });
    if (next !== "pending") {
      const status = next === "verified" ? "verified" : next === "rejected" ? "rejected" : "suspended";
      await enqueue(tx, "notifications", "org-status-changed", { orgId, status, reason, causeId: String(auditId) }, {
        dedupeKey: `org-status:${orgId}:${auditId}`,
      });
    }
    return { id: org.id, name: org.name, status: next };
  });
}
