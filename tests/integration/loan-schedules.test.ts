import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { bankReviews, loanOffers } from "#db/schema/index";
import { makeOffer } from "#app/services/bank-review.server";
import { disburseLoan, getLoan } from "#app/services/loans.server";
import { runMatching } from "#app/services/matching.server";
import { acceptOffer, createApplication, submitApplication } from "#app/services/pledge-applications.server";
import { recordRegistration, startRegistration } from "#app/services/pledge-registration.server";
import { createOrg } from "#tests/support/factories";
import { createProduct, enterpriseWithValuedAssets } from "#tests/support/financing";

describe("a loan offered 按季付息、到期还本 with actual/360 interest", () => {
  it("carries the method and day count from the offer to the loan and schedules quarterly interest by actual days", async () => {
    const { ent, assetIds, parkId } = await enterpriseWithValuedAssets();
    const bank = await createOrg({ kind: "bank" });
    await createProduct(bank.orgId, { eligibleParkIds: [parkId], repaymentMethods: ["quarterly_interest_bullet"] });
    const { id } = await createApplication(ent.actor, { assetIds, amount: 1_000_000_00n, termMonths: 12, purpose: "流动资金" });
    await submitApplication(ent.actor, id);
    const db = await getDb();
    await runMatching(db, id);
    // 1-year LPR 3.00 % + 135 bp = 4.35 %.
    await expect(makeOffer(bank.actor, id, { amount: 1_000_000_00n, termMonths: 12, spreadBp: 135, repaymentMethod: "equal_principal" }))
      .rejects.toMatchObject({ status: 400, fieldErrors: { repaymentMethod: ["errors.invalid"] } });
    await makeOffer(bank.actor, id, { amount: 1_000_000_00n, termMonths: 12, spreadBp: 135, repaymentMethod: "quarterly_interest_bullet", dayCount: "actual_360" });
    const [offer] = await db.select().from(loanOffers).where(eq(loanOffers.applicationId, id));
    expect(offer).toMatchObject({ repaymentMethod: "quarterly_interest_bullet", dayCount: "actual_360" });
    const [review] = await db.select().from(bankReviews).where(and(eq(bankReviews.applicationId, id), eq(bankReviews.bankOrgId, bank.orgId)));
    await acceptOffer(ent.actor, id, review!.id);
    await startRegistration(bank.actor, id);
    const { loanId } = await recordRegistration(bank.actor, id, { cnipaNumber: `Q${Date.now() % 10_000_000}`, registeredOn: "2026-01-10" });
    await disburseLoan(bank.actor, loanId, { disbursedOn: "2026-01-15" });
    const { loan, schedule } = await getLoan(bank.actor, loanId);
    expect(loan).toMatchObject({ repaymentMethod: "quarterly_interest_bullet", dayCount: "actual_360" });
    const rate = offer!.rateBp;
    // Quarters of 90, 91, 92 and 92 days; the principal falls due at maturity.
    const days = [90, 91, 92, 92];
    expect(schedule.map((i) => i.dueDate)).toEqual(["2026-04-15", "2026-07-15", "2026-10-15", "2027-01-15"]);
    expect(schedule.map((i) => i.interestFen)).toEqual(days.map((d) => (1_000_000_00n * BigInt(rate) * BigInt(d) * 2n + 3_600_000n) / 7_200_000n));
    expect(schedule.map((i) => i.principalFen)).toEqual([0n, 0n, 0n, 1_000_000_00n]);
  });
});
