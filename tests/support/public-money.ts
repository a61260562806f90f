import { and, eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { bankReviews, funds, insuranceProducts } from "#db/schema/index";
import type { FundRules } from "#app/domain/public-money/claims";
import { SAMPLE_FUNDS } from "#app/domain/public-money/samples";
import { makeOffer } from "#app/services/bank-review.server";
import { disburseLoan, instalmentsOf, recordRepayment, refreshOverdue } from "#app/services/loans.server";
import { runMatching } from "#app/services/matching.server";
import { acceptOffer, createApplication, submitApplication } from "#app/services/pledge-applications.server";
import { recordRegistration, startRegistration } from "#app/services/pledge-registration.server";
import { createOrg, type TestOrg } from "./factories";
import { createProduct, enterpriseWithValuedAssets } from "./financing";

/**
 * Fixtures of public money: a loan taken through the real financing services and dated as asked
 * (disbursed on `disbursedOn`, the first `paid` instalments repaid on their due dates), a fund with
 * its administrator, an insurer with a product.
 */
export async function disbursedLoan(opts: { disbursedOn: string; paid: number; termMonths?: number; amountFen?: bigint; scheme?: string | null; bank?: TestOrg; asOf?: string }) {
  const { ent: fresh, assetIds, parkId } = await enterpriseWithValuedAssets();
  const bank = opts.bank ?? (await createOrg({ kind: "bank" }));
  await createProduct(bank.orgId, { eligibleParkIds: [parkId], riskSchemes: ["sh-policy-guarantee", "sh-credit-compensation", "zhongshan"] });
  const amount = opts.amountFen ?? 1_000_000_00n;
  const termMonths = opts.termMonths ?? 12;
  const { id } = await createApplication(fresh.actor, { assetIds, amount, termMonths, purpose: "研发投入" });
  await submitApplication(fresh.actor, id);
  const db = await getDb();
  await runMatching(db, id);
  const [review] = await db.select().from(bankReviews).where(and(eq(bankReviews.applicationId, id), eq(bankReviews.bankOrgId, bank.orgId)));
  await makeOffer(bank.actor, id, { amount, termMonths, spreadBp: 80, repaymentMethod: "equal_principal", riskSchemeCode: opts.scheme === undefined ? "sh-policy-guarantee" : (opts.scheme ?? undefined) });
  await acceptOffer(fresh.actor, id, review!.id);
  await startRegistration(bank.actor, id);
  const registeredOn = opts.disbursedOn;
  const { loanId } = await recordRegistration(bank.actor, id, { cnipaNumber: `Y-PM-${id.slice(0, 8)}-${Date.now() % 100000}`, registeredOn });
  await disburseLoan(bank.actor, loanId, { disbursedOn: opts.disbursedOn });
  for (const i of (await instalmentsOf(db, loanId)).slice(0, opts.paid)) {
    await recordRepayment(bank.actor, loanId, { amountFen: i.principalFen + i.interestFen, paidOn: i.dueDate, reference: `R-${loanId.slice(0, 6)}-${i.seq}` }, "ui");
  }
  if (opts.asOf) await db.transaction((tx) => refreshOverdue(tx, loanId, opts.asOf!));
  return { ent: fresh, bank, applicationId: id, loanId, assetIds };
}

/** A fund for `schemeCode` (the Shanghai guarantee fund's rules unless told otherwise) and the fund organisation administering it. */
export async function fundWithAdministrator(opts: { schemeCode?: string; rules?: Partial<FundRules>; code?: string } = {}) {
  const admin = await createOrg({ kind: "fund" });
  const sample = SAMPLE_FUNDS[0]!;
  const db = await getDb();
  const [fund] = await db.insert(funds).values({
    code: opts.code ?? `fund-${admin.orgId.slice(0, 8)}`, nameZh: "测试担保基金", nameEn: "Test guarantee fund", schemeCode: opts.schemeCode ?? sample.schemeCode,
    rules: { ...sample.rules, ...opts.rules }, adminOrgId: admin.orgId,
  }).returning();
  return { fund: fund!, admin };
}

export async function insurerWithProduct(over: Partial<typeof insuranceProducts.$inferInsert> = {}) {
  const insurer = await createOrg({ kind: "insurer" });
  const db = await getDb();
  const [product] = await db.insert(insuranceProducts).values({
    insurerOrgId: insurer.orgId, kind: "pledge_loan_guarantee", name: "质押融资保证保险", premiumRateBp: 150, shareBp: 5000, maxCoverFen: 10_000_000_00n, ...over,
  }).returning();
  return { insurer, product: product! };
}
