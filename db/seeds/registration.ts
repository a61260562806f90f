import { and, eq } from "drizzle-orm";
import type { Db } from "../client.server";
import type { DemoIds } from "./demo";
import { bankReviews, ipAssets, organizations, valuationAssets, valuations } from "../schema/index";
import { patentCheckCharacter } from "#app/domain/patent-number";
import type { UserActor } from "#app/domain/policy/index";
import { makeOffer } from "#app/services/bank-review.server";
import { runMatching } from "#app/services/matching.server";
import { acceptOffer, createApplication, submitApplication } from "#app/services/pledge-applications.server";
import { preparePack, signPack } from "#app/services/registration-packs.server";
import { assetKeyOf } from "#app/services/valuations.server";

const DIGITS = "202210458136";
export const REGISTRATION_DEMO = {
  number: `${DIGITS}.${patentCheckCharacter(DIGITS)}`,
  title: "一种芯片封装用高导热界面材料及其制备方法",
  amountFen: 3_000_000_00n,
  enterpriseAddress: "上海市浦东新区张江路 665 号 3 幢 501 室",
  bankAddress: "上海市浦东新区科苑路 399 号 1 层",
} as const;

const actor = (ids: DemoIds, key: string, orgKind: UserActor["orgKind"]): UserActor =>
  ({ type: "user", userId: ids.users[key]!, orgId: ids.orgs[key]!, orgKind, orgStatus: "verified", role: "owner" });

/**
 * Demo data of the paperless registration: one pledge application of the demo enterprise (a patent
 * of its own, not the two the financing demo pledges) with 申城银行张江科技支行's offer accepted, its
 * registration pack prepared and signed by the enterprise only — so a newcomer signed in as
 * bank1@demo.ipm finds "对方已签署质押登记材料" among the notifications and the signing step waiting.
 * Taken through the real services (application, matching, offer, acceptance, pack, signature).
 * Once: a second run finds the patent and stops.
 */
export async function seedRegistration(db: Db, ids: DemoIds) {
  if (!ids.orgs.enterprise || !ids.orgs.bank1 || !ids.users.enterprise || !ids.users.bank1) return;
  const ent = actor(ids, "enterprise", "enterprise");
  const bank = actor(ids, "bank1", "bank");
  const year = new Date().getUTCFullYear();
  const [asset] = await db.insert(ipAssets).values({
    ownerOrgId: ent.orgId, kind: "invention", number: REGISTRATION_DEMO.number, title: REGISTRATION_DEMO.title,
    titleEn: "Thermal interface material for chip packaging and its preparation", filingDate: "2022-04-26", grantDate: "2024-03-15",
    expiryDate: "2042-04-25", legalStatus: "valid", annuityPaidThrough: `${year + 1}-04-25`, industry: "integrated_circuits",
    ipcClasses: ["H01L", "C09K"], claimsCount: 10, citationsCount: 4, createdBy: ent.userId,
  }).onConflictDoNothing().returning({ id: ipAssets.id });
  if (!asset) return;
  // The pledgee's registered address (the contract names both parties' 住所); the enterprise gives its own when preparing.
  await db.update(organizations).set({ address: REGISTRATION_DEMO.bankAddress }).where(eq(organizations.id, bank.orgId));
  // A completed pledge valuation of the patent (the valuation context's flow is not what this demo is about).
  const [v] = await db.insert(valuations).values({
    orgId: ent.orgId, purpose: "pledge", status: "completed", progress: 100, modelVersion: "seed", assetKey: assetKeyOf([asset.id]),
    lowValue: REGISTRATION_DEMO.amountFen * 5n, baseValue: REGISTRATION_DEMO.amountFen * 6n, highValue: REGISTRATION_DEMO.amountFen * 7n,
    completedAt: new Date(), validUntil: new Date(Date.now() + 365 * 86_400_000),
  }).returning({ id: valuations.id });
  await db.insert(valuationAssets).values({ valuationId: v!.id, assetId: asset.id });

  const { id } = await createApplication(ent, { assetIds: [asset.id], amount: REGISTRATION_DEMO.amountFen, termMonths: 12, purpose: "扩大先进封装材料产线，补充流动资金" });
  await submitApplication(ent, id);
  await runMatching(db, id);
  const [review] = await db.select().from(bankReviews).where(and(eq(bankReviews.applicationId, id), eq(bankReviews.bankOrgId, bank.orgId)));
  if (!review) return;
  await makeOffer(bank, id, { amount: REGISTRATION_DEMO.amountFen, termMonths: 12, spreadBp: 60, repaymentMethod: "equal_principal" });
  await acceptOffer(ent, id, review.id);
  const { packId } = await preparePack(ent, id, { kind: "registration", agent: null, declareValuation: false, change: null, address: REGISTRATION_DEMO.enterpriseAddress });
  await signPack(ent, packId);
  ids.extra.registrationDemoApplication = id;
}
