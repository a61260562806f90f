import type { Db } from "../client.server";
import type { DemoIds } from "./demo";
import { funds, insuranceProducts, subsidyProgrammes } from "../schema/index";
import { addMonths, shanghaiDate, yearOf } from "#app/domain/dates";
import { SAMPLE_FUNDS, SAMPLE_PROGRAMMES } from "#app/domain/public-money/samples";
import type { UserActor } from "#app/domain/policy/index";
import { requestPolicy } from "#app/services/insurance-policies.server";
import { seedLoan } from "./public-money-loans";

/**
 * Demo data of public money: the sample subsidy schemes as open programmes for last year's loans,
 * the Shanghai funds administered by the demo fund organisation, the demo insurer's two products,
 * and loans of 上海康研生物医药 (漕河泾, 徐汇区) with 沪东商业银行: one settled last year (a subsidy
 * to claim), two non-performing for three months (claims on the guarantee fund), two recent ones
 * with cover requested from the insurer.
 */
const actor = (ids: DemoIds, key: string, orgKind: UserActor["orgKind"]): UserActor =>
  ({ type: "user", userId: ids.users[key]!, orgId: ids.orgs[key]!, orgKind, orgStatus: "verified", role: "owner" });

export async function seedPublicMoney(db: Db, ids: DemoIds) {
  if (!ids.orgs.enterprise2 || !ids.orgs.bank2 || !ids.orgs.insurer || !ids.orgs.fund) return;
  const today = shanghaiDate();
  const year = yearOf(today);
  await db.insert(subsidyProgrammes).values(SAMPLE_PROGRAMMES.map((s) => ({
    code: `${s.code}-${year - 1}`, nameZh: `${year - 1} 年度${s.nameZh}`, nameEn: `${s.nameEn}, ${year - 1}`, issuer: s.region, kind: s.rules.kind, rules: s.rules,
    documents: s.documents, periodStart: `${year - 1}-01-01`, periodEnd: `${year - 1}-12-31`, opensOn: `${year}-01-01`, closesOn: `${year}-12-31`,
    budgetFen: 500_000_000n, status: "open" as const, createdBy: ids.users.platform ?? null,
  }))).onConflictDoNothing();
  await db.insert(funds).values(SAMPLE_FUNDS.map((f) => ({
    code: f.code, nameZh: f.nameZh, nameEn: f.nameEn, schemeCode: f.schemeCode, rules: f.rules, adminOrgId: ids.orgs.fund!, sizeFen: 10_000_000_000_00n,
  }))).onConflictDoNothing();
  const [guarantee] = await db.insert(insuranceProducts).values([
    { insurerOrgId: ids.orgs.insurer, kind: "pledge_loan_guarantee" as const, name: "知识产权质押融资保证保险", description: "为银行的知识产权质押贷款提供保证，按 50% 比例分担坏账。",
      premiumRateBp: 150, shareBp: 5000, maxCoverFen: 1_000_000_000n, createdBy: ids.users.insurer ?? null },
    { insurerOrgId: ids.orgs.insurer, kind: "open_licence_deal" as const, name: "专利开放许可交易保险", description: "开放许可实施期间专利被宣告无效或侵权纠纷的损失。",
      premiumRateBp: 200, shareBp: 0, maxCoverFen: 100_000_000n, createdBy: ids.users.insurer ?? null },
  ]).returning({ id: insuranceProducts.id });

  const ent = actor(ids, "enterprise2", "enterprise");
  const bank = actor(ids, "bank2", "bank");
  const loan = (digits: string, title: string, disbursedOn: string, termMonths: number, paidInstalments: number) =>
    seedLoan(db, ent, bank, { digits, title, amountFen: 20_000_000n, termMonths, disbursedOn, paidInstalments, scheme: "sh-policy-guarantee" }, today);
  const lastYear = `${year - 1}-01-15`;
  await loan("201910381642", "一种靶向递送的脂质纳米颗粒制剂及其制备方法", lastYear, 10, 10);
  const overdueFrom = addMonths(today, -6);
  await loan("201910472815", "一种抗体偶联药物的定点偶联方法", overdueFrom, 12, 2);
  await loan("201910593027", "一种用于细胞治疗的无血清培养基", overdueFrom, 12, 2);
  const recent = addMonths(today, -1);
  for (const [digits, title] of [["201910614938", "一种基因测序文库的构建方法"], ["201910725046", "一种缓释注射微球及其制备工艺"]] as const) {
    const l = await loan(digits, title, recent, 12, 0);
    if (l && guarantee) await requestPolicy(ent, { productId: guarantee.id, subject: `loan:${l.id}`, coverFen: 20_000_000n });
  }
}
