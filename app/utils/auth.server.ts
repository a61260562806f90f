import { redirect } from "@remix-run/node";
import { and, eq, gt, sql } from "drizzle-orm";
import { getDb, type Db } from "#db/client.server";
import { memberships, notifications, organizations, sessions, users } from "#db/schema/index";
import { decide, type Action, type Actor, type UserActor } from "#app/domain/policy/index";
import { clientIp, forbidden, notFound, unauthorized } from "./http.server";
import { readSessionId } from "./session.server";

export type SessionUser = {
  user: { id: string; email: string; name: string };
  org: { id: string; name: string; kind: UserActor["orgKind"]; status: UserActor["orgStatus"]; statusReason: string | null };
  role: UserActor["role"];
  actor: UserActor;
  /** Unread notifications, counted up to 100 (the bell in the page header). */
  unread: number;
};

// The same GET request asks several loaders (the root's and the page's) for its user: one query.
// Not for actions: a POST may change what the loaders after it should see.
const perRequest = new WeakMap<Request, Promise<SessionUser | null>>();

/** The signed-in user, organisation, role and unread count, in one round trip (memoised per GET request). */
export function getSessionUser(request: Request): Promise<SessionUser | null> {
  if (request.method !== "GET" && request.method !== "HEAD") return loadSessionUser(request);
  let found = perRequest.get(request);
  if (!found) {
    found = loadSessionUser(request);
    perRequest.set(request, found);
  }
  return found;
}

/**
 * The session query, built once per database handle and prepared (named) on each connection: every
 * signed-in request runs it, and building it with drizzle cost more node CPU than PostgreSQL spends on it.
 */
const sessionQueries = new WeakMap<Db, ReturnType<typeof buildSessionQuery>>();

function buildSessionQuery(db: Db) {
  return db
    .select({
      userId: users.id, email: users.email, name: users.name, suspendedAt: users.suspendedAt,
      orgId: organizations.id, orgName: organizations.name, orgKind: organizations.kind,
      orgStatus: organizations.status, statusReason: organizations.statusReason, role: memberships.role,
      unread: sql<number>`(select count(*)::int from (select 1 from ${notifications} n
        where n.user_id = ${users.id} and n.read_at is null limit 100) u)`.mapWith(Number),
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(eq(sessions.id, sql.placeholder("sid")), gt(sessions.expiresAt, sql.placeholder("now"))))
    .limit(1)
    .prepare("session_user");
}

async function loadSessionUser(request: Request): Promise<SessionUser | null> {
  const sid = await readSessionId(request);
  if (!sid) return null;
  const db = await getDb();
  let query = sessionQueries.get(db);
  if (!query) sessionQueries.set(db, (query = buildSessionQuery(db)));
  const [row] = await query.execute({ sid, now: new Date().toISOString() });
  if (!row || row.suspendedAt) return null;
  const actor: UserActor = {
    type: "user", userId: row.userId, orgId: row.orgId, orgKind: row.orgKind,
    orgStatus: row.orgStatus, role: row.role, ip: clientIp(request),
  };
  return {
    user: { id: row.userId, email: row.email, name: row.name },
    org: { id: row.orgId, name: row.orgName, kind: row.orgKind, status: row.orgStatus, statusReason: row.statusReason },
    role: row.role,
    actor,
    unread: row.unread,
  };
}

/** Signed in, or off to the login page (pages) / 401 (data requests). */
export async function requireUser(request: Request): Promise<SessionUser> {
  const su = await getSessionUser(request);
  if (su) return su;
  const url = new URL(request.url);
  if (request.method !== "GET") throw unauthorized();
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

/** Throws 403 or 404 unless the policy allows the action. */
export function requireCan<A extends Action>(actor: Actor, action: A, resource?: Parameters<typeof decide<A>>[2]) {
  const d = decide(actor, action, resource);
  if (d === "not-found") throw notFound();
  if (d !== true) throw forbidden();
}

/** A user of a verified organisation (of one of `kinds`, when given). */
export async function requireBusinessUser(request: Request, ...kinds: UserActor["orgKind"][]): Promise<SessionUser> {
  const su = await requireUser(request);
  requireCan(su.actor, "business.use");
  if (kinds.length && !kinds.includes(su.org.kind)) throw forbidden();
  return su;
}

export async function requireAdmin(request: Request): Promise<SessionUser> {
  const su = await requireUser(request);
  requireCan(su.actor, "admin.console");
  return su;
}
