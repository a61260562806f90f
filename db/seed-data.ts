import { count } from "drizzle-orm";
import type { Db } from "./client.server";
import { memberships, organizations, parks, users } from "./schema/index";
import { usccCheckCharacter } from "#app/domain/uscc";
import { hashPassword } from "#app/utils/password.server";
import { seedMarket } from "./seeds/market";
import { seedValuation } from "./seeds/valuation";
import { seedFinancing } from "./seeds/financing";
import { seedCampaigns } from "./seeds/campaigns";
import { seedPublicMoney } from "./seeds/public-money";

/** Demo codes are fictitious; the check character is computed so that they validate. */
const withCheck = (first17: string) => first17 + usccCheckCharacter(first17);

export const DEMO_PASSWORD = "demo-password-2026";

export const DEMO_PARKS = [
  { code: "zhangjiang", nameZh: "张江科学城", nameEn: "Zhangjiang Science City", district: "浦东新区" },
  { code: "caohejing", nameZh: "漕河泾开发区", nameEn: "Caohejing Development Zone", district: "徐汇区" },
] as const;

export const DEMO_ORGS = [
  { key: "platform", kind: "platform", name: "浦东新区知识产权服务中心", uscc: withCheck("12310115MA1K00001"), park: "zhangjiang", industry: null, email: "admin@demo.ipm", user: "平台管理员 王敏" },
  { key: "enterprise", kind: "enterprise", name: "上海芯微半导体科技有限公司", uscc: withCheck("91310115MA1K3ABC0"), park: "zhangjiang", industry: "integrated_circuits", email: "enterprise@demo.ipm", user: "李强" },
  { key: "enterprise2", kind: "enterprise", name: "上海康研生物医药有限公司", uscc: withCheck("91310104MA1FL2XY0"), park: "caohejing", industry: "biomedicine", email: "biotech@demo.ipm", user: "陈静" },
  { key: "university", kind: "university", name: "申江理工大学", uscc: withCheck("12310000425006117"), park: "caohejing", industry: null, email: "university@demo.ipm", user: "技术转移中心 赵磊" },
  { key: "bank1", kind: "bank", name: "申城银行张江科技支行", uscc: withCheck("91310000132209458"), park: "zhangjiang", industry: null, email: "bank1@demo.ipm", user: "信贷经理 周婷" },
  { key: "bank2", kind: "bank", name: "沪东商业银行漕河泾支行", uscc: withCheck("91310000MA1FL5PLT"), park: "caohejing", industry: null, email: "bank2@demo.ipm", user: "信贷经理 吴昊" },
  { key: "insurer", kind: "insurer", name: "沪安财产保险股份有限公司上海分公司", uscc: withCheck("91310000MA1G8KR20"), park: "caohejing", industry: null, email: "insurer@demo.ipm", user: "核保经理 刘洋" },
  { key: "fund", kind: "fund", name: "上海市中小微企业政策性融资担保基金管理中心", uscc: withCheck("12310000MB2C47Y10"), park: "zhangjiang", industry: null, email: "fund@demo.ipm", user: "代偿审核 黄蕾" },
  { key: "pending", kind: "enterprise", name: "上海新锐智能装备有限公司", uscc: withCheck("91310115MA1H7TE3T"), park: "zhangjiang", industry: "high_end_equipment", email: "pending@demo.ipm", user: "孙悦", pending: true },
] as const;

export type DemoIds = { parks: Record<string, string>; orgs: Record<string, string>; users: Record<string, string>; extra: Record<string, string> };

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
