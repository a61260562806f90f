import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../client.server";
import type { DemoIds } from "./demo";
import { bankProducts, encumbrances, ipAssets } from "../schema/index";
import { patentCheckCharacter } from "#app/domain/patent-number";
import { expiryDate } from "#app/domain/terms";
import { requestValuation } from "#app/services/valuations.server";

const withCheck = (digits: string) => `${digits}.${patentCheckCharacter(digits)}`;

/** Two granted, paid-up inventions of the demo enterprise, kept clean for the pledge demo (mixed pledge of two). */
const PLEDGE_DEMO_ASSETS = [
  { number: withCheck("202010532781"), title: "一种基于多核异构架构的低功耗片上系统调度方法", titleEn: "Low-power scheduling for heterogeneous multi-core SoCs", filingDate: "2020-04-16", grantDate: "2022-09-02" },
  { number: withCheck("202110764352"), title: "一种用于先进封装的晶圆级热管理结构", titleEn: "Wafer-level thermal management structure for advanced packaging", filingDate: "2021-07-08", grantDate: "2023-05-19" },
];

/**
 * Demo data of the financing context: loan products of both demo banks (one of them restricted to
 * another park, so the demo enterprise also sees a "why not"), two clean patents of the demo
 * enterprise to pledge, and a pledge valuation of exactly those two queued for the worker.
 */
export async function seedFinancing(db: Db, ids: DemoIds) {
  const bank1 = ids.orgs.bank1;
  const bank2 = ids.orgs.bank2;
  const enterprise = ids.orgs.enterprise;
  if (!bank1 || !bank2 || !enterprise) return;
  const zhangjiang = ids.parks.zhangjiang ?? null;
  const caohejing = ids.parks.caohejing ?? null;

  await db.insert(bankProducts).values([
    {
      bankOrgId: bank1, name: "知识产权质押贷·科创版", description: "面向张江科学城科创企业，专利、商标可混合质押，最快 3 个工作日审批。",
      minAmountFen: 10_000_000n, maxAmountFen: 1_000_000_000n, minTermMonths: 6, maxTermMonths: 36, spreadBp: 60,
      maxLtvBp: { invention: 3000, utility_model: 1500, trademark: 5000 }, acceptedKinds: ["invention", "utility_model", "trademark"],
      eligibleIndustries: [], eligibleParkIds: zhangjiang ? [zhangjiang] : [], acceptsPlatformValuation: true, insuranceRequired: false,
      riskSchemes: ["sh-policy-guarantee", "sh-credit-compensation"], repaymentMethods: ["equal_instalment", "equal_principal", "interest_only_bullet"],
      createdBy: ids.users.bank1 ?? null,
    },
    {
      bankOrgId: bank1, name: "商标快贷", description: "以注册商标质押，额度较低、审批快。",
      minAmountFen: 5_000_000n, maxAmountFen: 300_000_000n, minTermMonths: 6, maxTermMonths: 12, spreadBp: 120,
      maxLtvBp: { trademark: 5000 }, acceptedKinds: ["trademark"], eligibleIndustries: [], eligibleParkIds: [],
      acceptsPlatformValuation: true, insuranceRequired: false, riskSchemes: [], repaymentMethods: ["equal_instalment"],
      createdBy: ids.users.bank1 ?? null,
    },
    {
      bankOrgId: bank2, name: "专利权质押融资（普惠）", description: "面向本市中小企业，可叠加政策性融资担保。",
      minAmountFen: 10_000_000n, maxAmountFen: 500_000_000n, minTermMonths: 6, maxTermMonths: 24, spreadBp: 90,
      maxLtvBp: { invention: 2500, utility_model: 1500 }, acceptedKinds: ["invention", "utility_model"], eligibleIndustries: [], eligibleParkIds: [],
      acceptsPlatformValuation: true, insuranceRequired: true, riskSchemes: ["sh-policy-guarantee", "shenzhen"], repaymentMethods: ["equal_principal", "equal_instalment"],
      createdBy: ids.users.bank2 ?? null,
    },
    {
      bankOrgId: bank2, name: "漕河泾生物医药知识产权贷", description: "仅面向漕河泾开发区生物医药企业。",
      minAmountFen: 50_000_000n, maxAmountFen: 2_000_000_000n, minTermMonths: 12, maxTermMonths: 36, spreadBp: 40,
      maxLtvBp: { invention: 4000 }, acceptedKinds: ["invention"], eligibleIndustries: ["biomedicine", "life_health"],
      eligibleParkIds: caohejing ? [caohejing] : [], acceptsPlatformValuation: false, insuranceRequired: false, riskSchemes: ["zhongshan"],
      repaymentMethods: ["interest_only_bullet"], createdBy: ids.users.bank2 ?? null,
    },
  ]);

  const numbers = PLEDGE_DEMO_ASSETS.map((a) => a.number);
  const existing = await db.select({ number: ipAssets.number }).from(ipAssets).where(inArray(ipAssets.number, numbers));
  const have = new Set(existing.map((e) => e.number));
  const created = await db.insert(ipAssets).values(PLEDGE_DEMO_ASSETS.filter((a) => !have.has(a.number)).map((a) => ({
    ownerOrgId: enterprise, kind: "invention" as const, number: a.number, title: a.title, titleEn: a.titleEn, filingDate: a.filingDate,
    grantDate: a.grantDate, expiryDate: expiryDate({ kind: "invention", filingDate: a.filingDate })!, legalStatus: "valid" as const,
    annuityPaidThrough: `${new Date().getUTCFullYear() + 1}${a.filingDate.slice(4)}`, industry: "integrated_circuits" as const,
    ipcClasses: ["H01L", "G06F"], claimsCount: 12, citationsCount: 6, createdBy: ids.users.enterprise ?? null,
  }))).returning({ id: ipAssets.id });
  const assetIds = created.map((c) => c.id);
  if (assetIds.length !== PLEDGE_DEMO_ASSETS.length) return;
  const locked = await db.select({ id: encumbrances.id }).from(encumbrances).where(and(inArray(encumbrances.assetId, assetIds), eq(encumbrances.status, "active")));
  if (locked.length) return;
  // Valued by the valuation context's own flow (the worker runs it): a pledge application of these two reuses it.
  await requestValuation({ type: "system", job: "seed" }, {
    assetIds, purpose: "pledge", locale: "zh-CN",
    questionnaire: { annualRevenueFen: 2_400_000_000n, revenueGrowthBp: 1000, marketSizeFen: 800_000_000_000n, marketShareBp: 150, maturity: 4, substitutability: 4, rdCostFen: 600_000_000n, rdCostYear: 2021 },
  }, db);
  ids.extra.pledgeDemoAssets = assetIds.join(",");
}
