import { and, eq } from "drizzle-orm";
import type { Db } from "../client.server";
import { bankReviews, ipAssets, loans, valuationAssets, valuations } from "../schema/index";
import { addDays } from "#app/domain/dates";
import { patentCheckCharacter } from "#app/domain/patent-number";
import type { UserActor } from "#app/domain/policy/index";
import { makeOffer } from "#app/services/bank-review.server";
import { disburseLoan, instalmentsOf, recordRepayment, refreshOverdue } from "#app/services/loans.server";
import { runMatching } from "#app/services/matching.server";
import { acceptOffer, createApplication, submitApplication } from "#app/services/pledge-applications.server";
import { recordRegistration, startRegistration } from "#app/services/pledge-registration.server";
import { assetKeyOf } from "#app/services/valuations.server";

/**
 * A demo loan taken through the real financing services (application, matching, offer, acceptance,
 * registration, disbursement, repayments), dated in the past, so that the subsidy, claim and
 * insurance demos have loans whose records decide them.
 */
export type SeedLoan = { digits: string; title: string; amountFen: bigint; termMonths: number; disbursedOn: string; paidInstalments: number; scheme: string };

export async function seedLoan(db: Db, ent: UserActor, bank: UserActor, l: SeedLoan, asOf: string) {
  const number = `${l.digits}.${patentCheckCharacter(l.digits)}`;
  const filing = `20${l.digits.slice(2, 4)}-03-18`;
  const [asset] = await db.insert(ipAssets).values({
    ownerOrgId: ent.orgId, kind: "invention", number, title: l.title, filingDate: filing, grantDate: `20${Number(l.digits.slice(2, 4)) + 2}-06-20`,
    expiryDate: `20${Number(l.digits.slice(2, 4)) + 20}-03-17`, legalStatus: "valid", annuityPaidThrough: `${Number(asOf.slice(0, 4)) + 1}-03-17`,
    industry: "biomedicine", ipcClasses: ["A61K"], createdBy: ent.userId,
  }).onConflictDoNothing().returning({ id: ipAssets.id });
  if (!asset) return null;
  // A completed pledge valuation of the patent (the valuation context's flow is not what this demo is about).
  const [v] = await db.insert(valuations).values({
    orgId: ent.orgId, purpose: "pledge", status: "completed", progress: 100, modelVersion: "seed", assetKey: assetKeyOf([asset.id]),
    lowValue: l.amountFen * 5n, baseValue: l.amountFen * 6n, highValue: l.amountFen * 7n, completedAt: new Date(), validUntil: new Date(Date.now() + 365 * 86_400_000),
  }).returning({ id: valuations.id });
  await db.insert(valuationAssets).values({ valuationId: v!.id, assetId: asset.id });
  const { id } = await createApplication(ent, { assetIds: [asset.id], amount: l.amountFen, termMonths: l.termMonths, purpose: "研发投入与临床试验流动资金" });
  await submitApplication(ent, id);
  await runMatching(db, id);
  const [review] = await db.select().from(bankReviews).where(and(eq(bankReviews.applicationId, id), eq(bankReviews.bankOrgId, bank.orgId)));
  if (!review) return null;
  await makeOffer(bank, id, { amount: l.amountFen, termMonths: l.termMonths, spreadBp: 90, repaymentMethod: "equal_principal", riskSchemeCode: l.scheme });
  await acceptOffer(ent, id, review.id);
  await startRegistration(bank, id);
  const { loanId } = await recordRegistration(bank, id, { cnipaNumber: `Y${l.disbursedOn.replace(/-/g, "")}${l.digits.slice(-5)}`, registeredOn: addDays(l.disbursedOn, -3) });
  await disburseLoan(bank, loanId, { disbursedOn: l.disbursedOn, reference: `DEMO-${l.digits.slice(-6)}` });
  for (const i of (await instalmentsOf(db, loanId)).slice(0, l.paidInstalments)) {
    await recordRepayment(bank, loanId, { amountFen: i.principalFen + i.interestFen, paidOn: i.dueDate, reference: `DEMO-${l.digits.slice(-6)}-${i.seq}` }, "ui");
  }
  await db.transaction((tx) => refreshOverdue(tx, loanId, asOf));
  const [loan] = await db.select({ id: loans.id, status: loans.status }).from(loans).where(eq(loans.id, loanId));
  return loan!;
}
