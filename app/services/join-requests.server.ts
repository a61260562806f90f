import { and, asc, eq } from "drizzle-orm";
import { getDb, type Executor } from "#db/client.server";
import { joinRequests, memberships, organizations, users } from "#db/schema/index";
import { joinRequestLifecycle, joinRequestOutcome, type JoinRequestEvent, type JoinRequestStatus } from "#app/domain/join-request";
import type { Actor, UserActor } from "#app/domain/policy/index";
import { can, decide } from "#app/domain/policy/index";
import { transition } from "#app/domain/state-machine";
import { ServiceError } from "#app/utils/http.server";
import { queueAccountNotice } from "./mail.server";
import { notifyUser } from "./notifications.server";
import { audit } from "./operations.server";

/**
 * Requests to join an organisation whose USCC someone tried to register again. The requester has an
 * account but no membership (so no session) until an owner accepts; the decision is audited, mailed
 * to the requester, and made once: a second click of the same decision changes nothing.
 */

/** Written inside the sign-up's transaction: the request, a notice to each owner, the audit row. */
export async function createJoinRequest(tx: Executor, r: { orgId: string; userId: string; name: string; email: string; ip: string | null }) {
  const [row] = await tx.insert(joinRequests).values({ orgId: r.orgId, userId: r.userId }).returning({ id: joinRequests.id });
  const owners = await tx.select({ userId: memberships.userId }).from(memberships)
    .where(and(eq(memberships.orgId, r.orgId), eq(memberships.role, "owner")));
  for (const o of owners) {
    await notifyUser(tx, {
      userId: o.userId, orgId: r.orgId, kind: "account.notify.joinRequested", params: { name: r.name, email: r.email },
      link: "/account", dedupeKey: `join-request:${row!.id}`,
    });
  }
  const actor: Actor = { type: "system", job: "signup" };
  await audit(tx, actor, {
    action: "org.join-requested", entityType: "join_request", entityId: row!.id, orgId: r.orgId,
    after: { userId: r.userId, email: r.email, status: "pending" }, ip: r.ip,
  });
  return row!.id;
}

/** The pending requests an owner decides on (nobody else sees them). */
export async function listJoinRequests(actor: UserActor) {
  if (!can(actor, "org.join-decide", { id: actor.orgId })) return [];
  const db = await getDb();
  return db.select({ id: joinRequests.id, name: users.name, email: users.email, createdAt: joinRequests.createdAt })
    .from(joinRequests).innerJoin(users, eq(users.id, joinRequests.userId))
    .where(and(eq(joinRequests.orgId, actor.orgId), eq(joinRequests.status, "pending")))
    .orderBy(asc(joinRequests.createdAt));
}

/** The request of a user without a membership, for the sign-in answer. */
export async function joinRequestOf(exec: Executor, userId: string) {
  const [row] = await exec.select({ status: joinRequests.status, org: organizations.name })
    .from(joinRequests).innerJoin(organizations, eq(organizations.id, joinRequests.orgId))
    .where(eq(joinRequests.userId, userId));
  return row ?? null;
}

/**
 * An owner accepts (with a role) or declines. Another organisation's request is not found (404), a
 * member who is not an owner is refused (403); the same decision again is a no-op, the other one 409.
 */
export async function decideJoinRequest(actor: UserActor, requestId: string, event: JoinRequestEvent, role: "owner" | "member" = "member") {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [req] = await tx.select({ r: joinRequests, name: users.name }).from(joinRequests)
      .innerJoin(users, eq(users.id, joinRequests.userId)).where(eq(joinRequests.id, requestId)).for("update", { of: joinRequests });
    // Another organisation's request is answered as a missing one (the form's field says so).
    const allowed = req ? decide(actor, "org.join-decide", { id: req.r.orgId }) : "not-found";
    if (!req || allowed === "not-found") throw new ServiceError(404, "errors.notFound");
    if (allowed !== true) throw new ServiceError(403, "errors.forbidden");
    const from = req.r.status as JoinRequestStatus;
    if (from === joinRequestOutcome(event)) return { changed: false, status: from, name: req.name };
    if (from !== "pending") throw new ServiceError(409, "account.join.alreadyDecided");
    const to = transition("join_request", joinRequestLifecycle, from, event);
    await tx.update(joinRequests).set({ status: to, decidedBy: actor.userId, decidedAt: new Date() }).where(eq(joinRequests.id, requestId));
    if (to === "accepted") await tx.insert(memberships).values({ userId: req.r.userId, orgId: req.r.orgId, role }).onConflictDoNothing();
    await audit(tx, actor, {
      action: to === "accepted" ? "org.join-accepted" : "org.join-declined", entityType: "join_request", entityId: requestId, orgId: req.r.orgId,
      before: { status: from }, after: { status: to, userId: req.r.userId, ...(to === "accepted" ? { role } : {}) },
    });
    await queueAccountNotice(tx, { userId: req.r.userId, notice: to === "accepted" ? "join-accepted" : "join-declined", orgId: req.r.orgId, causeId: requestId });
    return { changed: true, status: to, name: req.name };
  });
}
