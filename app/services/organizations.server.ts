import { asc, eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { memberships, organizations, parks, users } from "#db/schema/index";
import type { Actor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";

/** The caller's own organisation with its status, members and park (allowed while pending). */
export async function getOwnOrganization(actor: Actor & { orgId: string }) {
  requireCan(actor, "org.view-own-status", { id: actor.orgId });
  const db = await getDb();
  const [org] = await db
    .select({
      id: organizations.id, name: organizations.name, kind: organizations.kind, uscc: organizations.uscc,
      status: organizations.status, statusReason: organizations.statusReason, verifiedAt: organizations.verifiedAt,
      industry: organizations.industry, parkZh: parks.nameZh, parkEn: parks.nameEn,
    })
    .from(organizations)
    .leftJoin(parks, eq(parks.id, organizations.parkId))
    .where(eq(organizations.id, actor.orgId));
  const members = await db
    .select({ name: users.name, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, actor.orgId))
    .orderBy(asc(users.name));
  return { org: org!, members };
}
