import { usccCheckCharacter } from "#app/domain/uscc";

/**
 * The demo organisations, parks and logins: plain data that `db/seed-data.ts` and every context
 * seeder read (the seeders import this, never the orchestrator that calls them).
 */

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
