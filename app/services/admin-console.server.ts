import { and, asc, desc, eq, gt, ilike, lt, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb, queryRows } from "#db/client.server";
import { auditEvents, memberships, organizations, parks, sessions, users } from "#db/schema/index";
import type { Actor } from "#app/domain/policy/index";
import { transition, TransitionError } from "#app/domain/state-machine";
import { userAccountLifecycle, userAccountStatus } from "#app/domain/user-account";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { audit, enqueue } from "./operations.server";

/** `%`, `_` and `\` typed by a user match themselves, not any character. */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const contains = (s: string) => `%${likeEscape(s)}%`;

// ---------------------------------------------------------------------------------------------
// Approval queues

/**
 * Every queue that waits for an admin, with its page. Queues of other contexts are counted once
 * their table exists (the console does not depend on their code, only on their documented statuses).
 */
const APPROVAL_QUEUES = [
  { key: "orgs", table: "organizations", where: "status = 'pending'", link: "/admin#org-queue" },
  { key: "listings", table: "listings", where: "status = 'pending_review'", link: "/admin/listings" },
  { key: "deals", table: "deals", where: "status = 'pending_approval'", link: "/admin/deals" },
  { key: "payments", table: "payments", where: "provider = 'offline' and status = 'pending'", link: "/admin/deals" },
  // Accepted offers wait for the admin to start the CNIPA registration, then to record it.
  { key: "registrations", table: "pledge_applications", where: "status in ('accepted', 'registering')", link: "/admin/pledges" },
] as const;

export type ApprovalQueue = { key: (typeof APPROVAL_QUEUES)[number]["key"]; count: number | null; link: string };

export async function approvalQueues(actor: Actor): Promise<ApprovalQueue[]> {
  requireCan(actor, "admin.console");
  const db = await getDb();
  const names = APPROVAL_QUEUES.map((q) => q.table);
  const present = new Set(
    (await queryRows<{ name: string }>(db, sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'p') and c.relname in ${names}`)).map((r) => r.name),
  );
  const out: ApprovalQueue[] = [];
  for (const q of APPROVAL_QUEUES) {
    if (!present.has(q.table)) {
      out.push({ key: q.key, count: null, link: q.link });
      continue;
    }
    // Constant table names and predicates only: nothing here comes from a request.
    const [row] = await queryRows<{ n: number }>(db, sql.raw(`select count(*)::int as n from "${q.table}" where ${q.where}`));
    out.push({ key: q.key, count: Number(row?.n ?? 0), link: q.link });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Audit log

export type AuditFilter = {
  actor?: string;
  org?: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  /** Inclusive days, `YYYY-MM-DD`, in Shanghai time. */
  from?: string;
  to?: string;
};

export type AuditCursor = { before?: number; after?: number };

function auditWhere(f: AuditFilter): SQL | undefined {
  const parts: SQL[] = [];
  if (f.actor) {
    parts.push(sql`${auditEvents.actorUserId} in (select id from users where email ilike ${contains(f.actor)} or name ilike ${contains(f.actor)})`);
  }
  if (f.org) {
    const orgs = sql`(select id from organizations where name ilike ${contains(f.org)} or uscc = ${f.org.toUpperCase()})`;
    parts.push(sql`(${auditEvents.actorOrgId} in ${orgs} or ${auditEvents.orgId} in ${orgs})`);
  }
  if (f.entityType) parts.push(eq(auditEvents.entityType, f.entityType));
  if (f.entityId) parts.push(eq(auditEvents.entityId, f.entityId));
  if (f.action) parts.push(ilike(auditEvents.action, `${likeEscape(f.action)}%`));
  if (f.from) parts.push(sql`${auditEvents.createdAt} >= (${f.from}::date)::timestamp at time zone 'Asia/Shanghai'`);
  if (f.to) parts.push(sql`${auditEvents.createdAt} < (${f.to}::date + 1)::timestamp at time zone 'Asia/Shanghai'`);
  return parts.length ? and(...parts) : undefined;
}

const actorOrg = alias(organizations, "ao");
const subjectOrg = alias(organizations, "so");

const auditColumns = {
  id: auditEvents.id, createdAt: auditEvents.createdAt, action: auditEvents.action,
  entityType: auditEvents.entityType, entityId: auditEvents.entityId, ip: auditEvents.ip,
  before: auditEvents.before, after: auditEvents.after,
  actorEmail: users.email, actorName: users.name, actorOrgName: actorOrg.name, orgName: subjectOrg.name,
};

/**
 * One page of the audit log, newest first, by keyset on the id (stable however many rows arrive
 * meanwhile; no OFFSET scans). `before`: older than that id; `after`: newer.
 */
export async function searchAudit(actor: Actor, filter: AuditFilter, cursor: AuditCursor = {}, limit = 50) {
  requireCan(actor, "audit.read");
  const db = await getDb();
  const page = Math.min(Math.max(limit, 1), 200);
  const where = and(
    auditWhere(filter),
    cursor.before ? lt(auditEvents.id, cursor.before) : undefined,
    cursor.after ? gt(auditEvents.id, cursor.after) : undefined,
  );
  const rows = await db
    .select(auditColumns)
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .leftJoin(actorOrg, eq(actorOrg.id, auditEvents.actorOrgId))
    .leftJoin(subjectOrg, eq(subjectOrg.id, auditEvents.orgId))
    .where(where)
    .orderBy(cursor.after ? asc(auditEvents.id) : desc(auditEvents.id))
    .limit(page + 1);
  const more = rows.length > page;
  const items = rows.slice(0, page);
  if (cursor.after) items.reverse();
  return {
    items,
    // Newer rows exist when we paged back, or when we started from an older cursor.
    newer: cursor.after ? more : Boolean(cursor.before),
    older: cursor.after ? true : more,
  };
}

/** Batches of the filtered audit log, newest first, for the streamed export. */
export function auditBatches(actor: Actor, filter: AuditFilter, batchSize = 2000) {
  requireCan(actor, "audit.export");
  return async (cursor: number | null) => {
    const db = await getDb();
    const rows = await db
      .select(auditColumns)
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorUserId))
      .leftJoin(actorOrg, eq(actorOrg.id, auditEvents.actorOrgId))
      .leftJoin(subjectOrg, eq(subjectOrg.id, auditEvents.orgId))
      .where(and(auditWhere(filter), cursor === null ? undefined : lt(auditEvents.id, cursor)))
      .orderBy(desc(auditEvents.id))
      .limit(batchSize);
    return { rows, next: rows.length === batchSize ? rows[rows.length - 1]!.id : null };
  };
}

// ---------------------------------------------------------------------------------------------
// Organisations and users

export type OrgFilter = { q?: string; kind?: string; status?: string };

/** Organisations, newest first, 50 a page by keyset on (created_at, id). */
export async function listOrgs(actor: Actor, f: OrgFilter, cursor?: { createdAt: string; id: string } | null, limit = 50) {
  requireCan(actor, "admin.console");
  const db = await getDb();
  const parts: SQL[] = [];
  if (f.q) parts.push(or(ilike(organizations.name, contains(f.q)), eq(organizations.uscc, f.q.toUpperCase()))!);
  if (f.kind) parts.push(sql`${organizations.kind}::text = ${f.kind}`);
  if (f.status) parts.push(sql`${organizations.status}::text = ${f.status}`);
  if (cursor) parts.push(sql`(${organizations.createdAt}, ${organizations.id}) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await db
    .select({
      id: organizations.id, name: organizations.name, kind: organizations.kind, uscc: organizations.uscc, status: organizations.status,
      statusReason: organizations.statusReason, createdAt: organizations.createdAt, parkZh: parks.nameZh, parkEn: parks.nameEn,
      members: sql<number>`(select count(*)::int from memberships m where m.org_id = ${organizations.id})`,
    })
    .from(organizations)
    .leftJoin(parks, eq(parks.id, organizations.parkId))
    .where(parts.length ? and(...parts) : undefined)
    .orderBy(desc(organizations.createdAt), desc(organizations.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last ? { createdAt: last.createdAt.toISOString(), id: last.id } : null };
}

export type UserFilter = { q?: string; status?: "active" | "suspended" };

/** Users by e-mail, 50 a page by keyset on the (unique) e-mail. */
export async function listUsers(actor: Actor, f: UserFilter, afterEmail?: string | null, limit = 50) {
  requireCan(actor, "user.list");
  const db = await getDb();
  const parts: SQL[] = [];
  if (f.q) parts.push(or(ilike(users.email, contains(f.q)), ilike(users.name, contains(f.q)), ilike(organizations.name, contains(f.q)))!);
  if (f.status === "active") parts.push(sql`${users.suspendedAt} is null`);
  if (f.status === "suspended") parts.push(sql`${users.suspendedAt} is not null`);
  if (afterEmail) parts.push(gt(users.email, afterEmail));
  const rows = await db
    .select({
      id: users.id, email: users.email, name: users.name, suspendedAt: users.suspendedAt, createdAt: users.createdAt,
      orgName: organizations.name, orgKind: organizations.kind, role: memberships.role,
    })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .leftJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(parts.length ? and(...parts) : undefined)
    .orderBy(asc(users.email))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  return { items, next: rows.length > limit ? items[items.length - 1]!.email : null };
}

/**
 * Suspends or reinstates a user. Suspension ends their sessions at once (and `getSessionUser`
 * refuses a suspended user anyway); the reason is kept in the audit row and told to their
 * organisation's members.
 */
export async function setUserSuspension(actor: Actor, userId: string, event: "suspend" | "reinstate", reason: string | null) {
  requireCan(actor, "user.suspend", { id: userId });
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id, email: users.email, name: users.name, suspendedAt: users.suspendedAt })
      .from(users).where(eq(users.id, userId)).for("update");
    if (!user) throw new ServiceError(404, "errors.notFound");
    const from = userAccountStatus(user.suspendedAt);
    let next;
    try {
      next = transition("user", userAccountLifecycle, from, event);
    } catch (e) {
      if (e instanceof TransitionError) throw new ServiceError(409, "errors.conflict");
      throw e;
    }
    const now = new Date();
    await tx.update(users).set({ suspendedAt: next === "suspended" ? now : null }).where(eq(users.id, userId));
    if (next === "suspended") await tx.delete(sessions).where(eq(sessions.userId, userId));
    const [member] = await tx.select({ orgId: memberships.orgId }).from(memberships).where(eq(memberships.userId, userId));
    const auditId = await audit(tx, actor, {
      action: next === "suspended" ? "user.suspended" : "user.reinstated",
      entityType: "user", entityId: userId, orgId: member?.orgId ?? null,
      before: { status: from, suspendedAt: user.suspendedAt },
      after: { status: next, reason },
    });
    if (member) {
      await enqueue(tx, "notifications", "org-notice", {
        orgId: member.orgId,
        kind: next === "suspended" ? "console.notify.userSuspended" : "console.notify.userReinstated",
        params: { name: user.name, email: user.email, reason: reason ?? "" },
        link: null, causeId: String(auditId),
      }, { dedupeKey: `user-status:${userId}:${auditId}` });
    }
    return { id: user.id, name: user.name, email: user.email, status: next };
  });
}
