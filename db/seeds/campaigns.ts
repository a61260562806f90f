import { and, inArray } from "drizzle-orm";
import type { Db } from "../client.server";
import { DEMO_ORGS, type DemoIds } from "./demo";
import {
  bankProducts, campaignBankProducts, campaignBanks, campaignEnrolments, campaignEventBanks, campaignEventInvitees, campaignEvents,
  campaignParks, campaigns, eventMeetings, lettersOfIntent, populations,
} from "../schema/index";
import { usccCheckCharacter } from "#app/domain/uscc";

const withCheck = (first17: string) => first17 + usccCheckCharacter(first17);
const WAN = 1_000_000n;

/**
 * Demo data of the campaigns context: a running 入园惠企 campaign in 张江科学城 with both demo banks
 * (each bringing one product), a small whitelist with the demo enterprise on it, and one
 * matchmaking event with a meeting and a letter of intent.
 */
export async function seedCampaigns(db: Db, ids: DemoIds) {
  const zhangjiang = ids.parks.zhangjiang;
  const bank1 = ids.orgs.bank1;
  const bank2 = ids.orgs.bank2;
  const admin = ids.users.platform ?? null;
  if (!zhangjiang || !bank1 || !bank2) return;
  const year = new Date().getUTCFullYear();
  const org = (key: string) => DEMO_ORGS.find((o) => o.key === key)!;

  await db.transaction(async (tx) => {
    const [c] = await tx.insert(campaigns).values({
      name: `${year}年张江科学城知识产权质押融资入园惠企行动`,
      description: "银行携知识产权质押贷款产品走进张江科学城，园区推荐有融资需求的科创企业，现场对接、集中签约，园区窗口统一办理质押登记。",
      startsOn: `${year}-01-01`, endsOn: `${year}-12-31`, targetAmount: 5000n * WAN, targetEnterprises: 20, status: "active",
      createdBy: admin, launchedAt: new Date(),
    }).returning({ id: campaigns.id });
    const campaignId = c!.id;
    await tx.insert(campaignParks).values({ campaignId, parkId: zhangjiang });
    const banks = await tx.insert(campaignBanks).values([
      { campaignId, bankOrgId: bank1, intendedCreditLine: 3000n * WAN },
      { campaignId, bankOrgId: bank2, intendedCreditLine: 2000n * WAN },
    ]).returning({ id: campaignBanks.id, bankOrgId: campaignBanks.bankOrgId });
    const products = await tx.select({ id: bankProducts.id, bankOrgId: bankProducts.bankOrgId, name: bankProducts.name }).from(bankProducts)
      .where(and(inArray(bankProducts.bankOrgId, [bank1, bank2]), inArray(bankProducts.name, ["知识产权质押贷·科创版", "专利权质押融资（普惠）"])));
    for (const b of banks) {
      const p = products.find((x) => x.bankOrgId === b.bankOrgId);
      if (p) await tx.insert(campaignBankProducts).values({ campaignBankId: b.id, productId: p.id });
    }
    const whitelist = await tx.insert(campaignEnrolments).values([
      { campaignId, enterpriseName: org("enterprise").name, uscc: org("enterprise").uscc, orgId: ids.orgs.enterprise ?? null, needAmount: 800n * WAN, purpose: "先进封装产线研发投入", contactName: "李强", contactPhone: "021-50801234", industry: "integrated_circuits", addedBy: admin },
      { campaignId, enterpriseName: org("pending").name, uscc: org("pending").uscc, orgId: ids.orgs.pending ?? null, needAmount: 300n * WAN, purpose: "流动资金", contactName: "孙悦", contactPhone: "021-50805678", industry: "high_end_equipment", addedBy: admin },
      { campaignId, enterpriseName: "上海启明微电子有限公司", uscc: withCheck("91310115MA1K4QM20"), needAmount: 500n * WAN, purpose: "芯片流片", contactName: "周洋", contactPhone: "13916001234", industry: "integrated_circuits", addedBy: admin },
      { campaignId, enterpriseName: "上海博润生物科技有限公司", uscc: withCheck("91310115MA1K5BR30"), needAmount: 1200n * WAN, purpose: "临床前研究", contactName: "吴敏", contactPhone: "13816005678", industry: "biomedicine", addedBy: admin },
    ]).returning({ id: campaignEnrolments.id, uscc: campaignEnrolments.uscc });
    const demoEnrolment = whitelist.find((w) => w.uscc === org("enterprise").uscc)!;

    const [ev] = await tx.insert(campaignEvents).values({
      campaignId, title: "张江科学城银企对接会（第一场）", heldAt: new Date(`${year}-03-18T06:00:00Z`), place: "张江科学会堂 2 号厅",
      notes: "2 家银行、4 家企业参加", createdBy: admin,
    }).returning({ id: campaignEvents.id });
    await tx.insert(campaignEventBanks).values([{ eventId: ev!.id, bankOrgId: bank1 }, { eventId: ev!.id, bankOrgId: bank2 }]);
    await tx.insert(campaignEventInvitees).values(whitelist.map((w) => ({ eventId: ev!.id, enrolmentId: w.id })));
    await tx.insert(eventMeetings).values({ eventId: ev!.id, bankOrgId: bank1, enrolmentId: demoEnrolment.id, notes: "以两件发明专利混合质押，意向 600 万元", createdBy: admin });
    await tx.insert(lettersOfIntent).values({
      campaignId, eventId: ev!.id, bankOrgId: bank1, enrolmentId: demoEnrolment.id, intendedAmount: 600n * WAN, signedOn: `${year}-03-18`, createdBy: admin,
    });
    ids.extra.demoCampaign = campaignId;
    // The denominator of the per-10,000-people target, as an admin would enter it (demo figure: verify before relying on it).
    await tx.insert(populations).values({
      scope: "city", scopeKey: "上海市", year: 2024, people: 24_802_600, source: "示例数据：上海市2024年国民经济和社会发展统计公报，年末常住人口2480.26万人（请核对）", updatedBy: admin,
    }).onConflictDoNothing();
  });
}
