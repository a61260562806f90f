import { count } from "drizzle-orm";
import type { Db } from "./client.server";
import { memberships, organizations, parks, users } from "./schema/index";
import { DEMO_ORGS, DEMO_PARKS, DEMO_PASSWORD, type DemoIds } from "./seeds/demo";
import { hashPassword } from "#app/utils/password.server";
import { seedMarket } from "./seeds/market";
import { seedValuation } from "./seeds/valuation";
import { seedFinancing } from "./seeds/financing";
import { seedRegistration } from "./seeds/registration";
import { seedCampaigns } from "./seeds/campaigns";
import { seedPublicMoney } from "./seeds/public-money";

export { DEMO_ORGS, DEMO_PARKS, DEMO_PASSWORD, type DemoIds } from "./seeds/demo";

export async function hasAnyOrganization(db: Db) {
  const [row] = await db.select({ n: count() }).from(organizations);
  return Number(row?.n ?? 0) > 0;
}

/**
 * Context seeders run after identity, in this order (catalogue and market, valuation, financing,
 * campaigns); each takes the ids made before it and may add its own to `ids.extra`.
 */
const contextSeeders: Array<(db: Db, ids: DemoIds) => Promise<void>> = [
  // Market first: assets and listings of the demo organisations.
  seedMarket,
  // Valuation runs after the market seeder (it values the demo enterprise's assets).
  seedValuation,
  // Financing after market and valuation: its demo products, pledge-ready assets and their valuation.
  seedFinancing,
  // Registration after financing (bank1's products): an accepted offer whose pack waits for the bank's signature.
  seedRegistration,
  // Campaigns last: a 张江 campaign with both demo banks (and their products) and the demo enterprise on its whitelist.
  seedCampaigns,
  // Public money last: sample programmes and funds, the insurer's products, and loans whose records drive them.
  seedPublicMoney,
];

export async function seedDemo(db: Db): Promise<DemoIds> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const ids: DemoIds = { parks: {}, orgs: {}, users: {}, extra: {} };
  await db.transaction(async (tx) => {
    for (const p of DEMO_PARKS) {
      const [row] = await tx.insert(parks).values(p).onConflictDoUpdate({ target: parks.code, set: { nameZh: p.nameZh } }).returning({ id: parks.id });
      ids.parks[p.code] = row!.id;
    }
    const now = new Date();
    for (const o of DEMO_ORGS) {
      const pending = "pending" in o && o.pending;
      const [org] = await tx.insert(organizations).values({
        kind: o.kind, name: o.name, uscc: o.uscc, parkId: ids.parks[o.park], industry: o.industry,
        district: DEMO_PARKS.find((p) => p.code === o.park)!.district,
        status: pending ? "pending" : "verified", verifiedAt: pending ? null : now,
      }).returning({ id: organizations.id });
      const [user] = await tx.insert(users).values({ email: o.email, name: o.user, passwordHash }).returning({ id: users.id });
      await tx.insert(memberships).values({ userId: user!.id, orgId: org!.id, role: "owner" });
      ids.orgs[o.key] = org!.id;
      ids.users[o.key] = user!.id;
    }
  });
  for (const seed of contextSeeders) await seed(db, ids);
  return ids;
}
