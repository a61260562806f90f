import { and, eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { bankReviews, organizations } from "#db/schema/index";
import { makeOffer } from "#app/services/bank-review.server";
import { runMatching } from "#app/services/matching.server";
import { acceptOffer, createApplication, submitApplication } from "#app/services/pledge-applications.server";
import { createOrg } from "./factories";
import { createProduct, enterpriseWithValuedAssets } from "./financing";

/** An application whose enterprise accepted a bank's offer: ready for its registration pack. */
export async function acceptedApplication(opts: Parameters<typeof enterpriseWithValuedAssets>[0] = {}) {
  const { ent, assetIds, parkId } = await enterpriseWithValuedAssets(opts);
  const bank = await createOrg({ kind: "bank", name: `申城银行测试支行-${ent.orgId.slice(0, 6)}` });
  await createProduct(bank.orgId, { eligibleParkIds: [parkId] });
  const db = await getDb();
  await db.update(organizations).set({ address: "上海市浦东新区科苑路 88 号" }).where(eq(organizations.id, bank.orgId));
  const { id } = await createApplication(ent.actor, { assetIds, amount: 1_500_000_00n, termMonths: 12, purpose: "研发投入与流动资金" });
  await submitApplication(ent.actor, id);
  await runMatching(db, id);
  await makeOffer(bank.actor, id, { amount: 1_000_000_00n, termMonths: 12, spreadBp: 80, repaymentMethod: "equal_principal" });
  const [review] = await db.select().from(bankReviews).where(and(eq(bankReviews.applicationId, id), eq(bankReviews.bankOrgId, bank.orgId)));
  await acceptOffer(ent.actor, id, review!.id);
  return { ent, bank, applicationId: id, assetIds };
}
