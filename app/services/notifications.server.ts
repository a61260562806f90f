import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { getDb, type Executor } from "#db/client.server";
import { memberships, notifications } from "#db/schema/index";
import type { UserActor } from "#app/domain/policy/index";
import { queueNotificationEmails } from "./mail.server";

/**
 * Notifies every member of an organisation. The unique (dedupe key, user) pair makes this
 * idempotent: a job that runs twice notifies once.
 */
export async function notifyOrgMembers(
  tx: Executor,
  input: { orgId: string; kind: string; params?: Record<string, unknown>; link?: string | null; dedupeKey: string },
) {
  const members = await tx.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.orgId, input.orgId));
  if (!members.length) return 0;
  const inserted = await tx
    .insert(notifications)
    .values(members.map((m) => ({
      userId: m.userId, orgId: input.orgId, kind: input.kind, params: input.params ?? {},
      link: input.link ?? null, dedupeKey: input.dedupeKey,
    })))
    .onConflictDoNothing({ target: [notifications.dedupeKey, notifications.userId] })
    .returning({ id: notifications.id });
  // Every notice of this cause gets its e-mail job (deduped): a run that inserted nothing, because an
  // earlier run died after its insert, still queues what that run did not.
  const rows = await tx.select({ id: notifications.id }).from(notifications)
    .where(and(eq(notifications.dedupeKey, input.dedupeKey), inArray(notifications.userId, members.map((m) => m.userId))));
  await queueNotificationEmails(tx, rows.map((r) => r.id));
  return inserted.length;
}

type OrgNotice = { orgId: string; kind: string; params?: Record<string, unknown>; link?: string | null; dedupeKey: string };

/** `notifyOrgMembers` for many notices at once: one read of the members, one insert. */
export async function notifyOrgMembersMany(tx: Executor, inputs: OrgNotice[]) {
  if (!inputs.length) return 0;
  const orgIds = [...new Set(inputs.map((i) => i.orgId))];
  const members = await tx.select({ orgId: memberships.orgId, userId: memberships.userId }).from(memberships).where(inArray(memberships.orgId, orgIds));
  const rows = inputs.flatMap((input) => members.filter((m) => m.orgId === input.orgId).map((m) => ({
    userId: m.userId, orgId: input.orgId, kind: input.kind, params: input.params ?? {}, link: input.link ?? null, dedupeKey: input.dedupeKey,
  })));
  if (!rows.length) return 0;
  const inserted = await tx.insert(notifications).values(rows)
    .onConflictDoNothing({ target: [notifications.dedupeKey, notifications.userId] })
    .returning({ id: notifications.id });
  // As `notifyOrgMembers`: every notice of these causes gets its e-mail job (deduped).
  const ids = await tx.select({ id: notifications.id }).from(notifications)
    .where(and(inArray(notifications.dedupeKey, [...new Set(inputs.map((i) => i.dedupeKey))]), inArray(notifications.userId, [...new Set(members.map((m) => m.userId))])));
  await queueNotificationEmails(tx, ids.map((r) => r.id));
  return inserted.length;
}

/** Notifies one user (e.g. of their saved search); idempotent by the dedupe key, its e-mail queued like every notice's. */
export async function notifyUser(
  tx: Executor,
  input: { userId: string; orgId: string; kind: string; params?: Record<string, unknown>; link?: string | null; dedupeKey: string },
) {
  const inserted = await tx.insert(notifications)
    .values({ userId: input.userId, orgId: input.orgId, kind: input.kind, params: input.params ?? {}, link: input.link ?? null, dedupeKey: input.dedupeKey })
    .onConflictDoNothing({ target: [notifications.dedupeKey, notifications.userId] })
    .returning({ id: notifications.id });
  const rows = await tx.select({ id: notifications.id }).from(notifications)
    .where(and(eq(notifications.dedupeKey, input.dedupeKey), eq(notifications.userId, input.userId)));
  await queueNotificationEmails(tx, rows.map((r) => r.id));
  return inserted.length;
}

export async function listMyNotifications(actor: UserActor, limit = 50) {
  const db = await getDb();
  return db
    .select({ id: notifications.id, kind: notifications.kind, params: notifications.params, link: notifications.link, readAt: notifications.readAt, createdAt: notifications.createdAt })
    .from(notifications)
    .where(eq(notifications.userId, actor.userId))
    .orderBy(desc(notifications.createdAt))
    .limit(limit);
}

export async function countUnread(actor: UserActor) {
  const db = await getDb();
  const rows = await db.select({ id: notifications.id }).from(notifications)
    .where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt))).limit(100);
  return rows.length;
}

/** Marks the caller's own notification read; another user's id matches nothing. */
export async function markRead(actor: UserActor, id: string | "all") {
  const db = await getDb();
  const mine = eq(notifications.userId, actor.userId);
  await db.update(notifications).set({ readAt: new Date() })
    .where(id === "all" ? and(mine, isNull(notifications.readAt)) : and(mine, eq(notifications.id, id)));
}
