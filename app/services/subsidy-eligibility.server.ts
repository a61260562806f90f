import { and, asc, desc, eq, inArray, isNotNull, ne } from "drizzle-orm";
import { getDb, type Executor } from "#db/client.server";
import {
  applicationAssets, encumbrances, insurancePolicies, ipAssets, loanOffers, loans, organizations, pledgeRegistrations, repayments, subsidyApplications,
  subsidyProgrammes, valuationFees,
} from "#db/schema/index";
import { shanghaiDate } from "#app/domain/dates";
import { instalmentDue } from "#app/domain/financing/schedule";
import {
  assessSubsidy, documentsFor, windowOpen, type FeeEvidence, type LoanEvidence, type SubsidyDocument, type SubsidyRules,
} from "#app/domain/public-money/subsidy";
import type { Actor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { isUniqueViolation, userId } from "./financing-shared.server";
import { instalmentsOf, schemeByCode } from "./loans.server";
import { audit } from "./operations.server";

/**
 * What an enterprise may claim under a programme, from its own records on the platform: its loans'
 * interest actually paid (repayment allocations), their registrations and pledge history, its
 * insurance premiums and its valuation-fee invoices. Nobody retypes a figure the platform holds.
 */
export type ProgrammeRow = typeof subsidyProgrammes.$inferSelect;

async function loanEvidence(exec: Executor, orgId: string, today: string): Promise<Array<LoanEvidence & { registrationNumber: string | null; references: string[] }>> {
  const rows = await exec.select({ loan: loans, lprBp: loanOffers.lprBp }).from(loans).innerJoin(loanOffers, eq(loanOffers.id, loans.offerId))
    .where(and(eq(loans.enterpriseOrgId, orgId), isNotNull(loans.disbursedOn))).orderBy(asc(loans.disbursedOn));
  const out = [];
  for (const { loan, lprBp } of rows) {
    const [reg] = await exec.select().from(pledgeRegistrations).where(and(eq(pledgeRegistrations.applicationId, loan.applicationId), inArray(pledgeRegistrations.status, ["registered", "released"])));
    const assets = await exec.select({ id: ipAssets.id, kind: ipAssets.kind }).from(applicationAssets).innerJoin(ipAssets, eq(ipAssets.id, applicationAssets.assetId))
      .where(eq(applicationAssets.applicationId, loan.applicationId));
    const pledgedBefore = assets.length && reg
      ? new Set((await exec.select({ assetId: encumbrances.assetId }).from(encumbrances).where(and(inArray(encumbrances.assetId, assets.map((a) => a.id)), eq(encumbrances.kind, "pledge"), ne(encumbrances.sourceId, reg.id)))).map((e) => e.assetId))
      : new Set<string>();
    // The day the loan was settled is its last repayment's date (settled_at is when it was recorded).
    const schedule = await instalmentsOf(exec, loan.id);
    const dueOf = new Map(schedule.map((i) => [i.seq, i.dueDate]));
    const paid = await exec.select().from(repayments).where(eq(repayments.loanId, loan.id)).orderBy(asc(repayments.paidOn));
    const interest = paid.flatMap((r) => (r.allocation as Array<{ seq: number; interestFen: string }>).filter((a) => BigInt(a.interestFen) > 0n)
      .map((a) => ({ paidOn: r.paidOn, dueDate: dueOf.get(a.seq) ?? r.paidOn, interestFen: BigInt(a.interestFen) })));
    const paidLate = paid.some((r) => (r.allocation as Array<{ seq: number }>).some((a) => (dueOf.get(a.seq) ?? r.paidOn) < r.paidOn))
      || schedule.some((i) => i.dueDate < today && instalmentDue(i) > 0n);
    const [policy] = await exec.select({ id: insurancePolicies.id }).from(insurancePolicies).where(and(eq(insurancePolicies.loanId, loan.id), inArray(insurancePolicies.status, ["active", "expired"])));
    const scheme = await schemeByCode(exec, loan.riskSchemeCode);
    out.push({
      loanId: loan.id, principalFen: loan.principalFen, rateBp: loan.rateBp, lprBp, disbursedOn: loan.disbursedOn!, settledOn: loan.status === "settled" ? (paid.at(-1)?.paidOn ?? (loan.settledAt ? shanghaiDate(loan.settledAt) : null)) : null,
      registeredOn: reg?.registeredOn ?? null, firstPledge: assets.some((a) => !pledgedBefore.has(a.id)), inventionPledged: assets.some((a) => a.kind === "invention"),
      insuredOrGuaranteed: !!policy || (scheme?.weights.guarantor ?? 0) > 0, paidLate, interest,
      registrationNumber: reg?.cnipaNumber ?? null, references: paid.map((r) => r.reference ?? r.id),
    });
  }
  return out;
}

async function feeEvidence(exec: Executor, orgId: string): Promise<Array<FeeEvidence & { label: string }>> {
  const premiums = await exec.select({ id: insurancePolicies.id, paidOn: insurancePolicies.premiumPaidOn, fen: insurancePolicies.premiumFen, number: insurancePolicies.policyNumber })
    .from(insurancePolicies).where(and(eq(insurancePolicies.insuredOrgId, orgId), isNotNull(insurancePolicies.premiumPaidOn), inArray(insurancePolicies.status, ["active", "expired"])));
  const fees = await exec.select().from(valuationFees).where(eq(valuationFees.orgId, orgId));
  return [
    ...premiums.filter((p) => p.fen !== null).map((p) => ({ id: p.id, kind: "premium" as const, paidOn: p.paidOn!, feeFen: p.fen!, label: p.number ?? "" })),
    ...fees.map((f) => ({ id: f.id, kind: "valuation_fee" as const, paidOn: f.paidOn, feeFen: f.amountFen, label: `${f.payee} ${f.invoiceNumber}` })),
  ];
}

/** The assessment of one enterprise under one programme, and the documents the records supply. */
export async function assessEnterprise(exec: Executor, programme: ProgrammeRow, orgId: string) {
  const [org] = await exec.select({ parkId: organizations.parkId, uscc: organizations.uscc }).from(organizations).where(eq(organizations.id, orgId));
  const rules = programme.rules as SubsidyRules;
  const period = { start: programme.periodStart, end: programme.periodEnd };
  const today = shanghaiDate();
  const loansEv = rules.kind === "interest" ? await loanEvidence(exec, orgId, today) : [];
  const feesEv = rules.kind === "interest" ? [] : await feeEvidence(exec, orgId);
  const granted = await exec.select({ fen: subsidyApplications.approvedFen }).from(subsidyApplications)
    .where(and(eq(subsidyApplications.programmeId, programme.id), eq(subsidyApplications.enterpriseOrgId, orgId), inArray(subsidyApplications.status, ["approved", "paid"])));
  const assessment = assessSubsidy({
    rules, period, enterprise: { parkId: org?.parkId ?? null, uscc: org?.uscc ?? "" }, loans: loansEv, fees: feesEv,
    alreadyGrantedFen: granted.reduce((a, g) => a + (g.fen ?? 0n), 0n),
  });
  const counted = new Set(assessment.lines.filter((l) => l.amountFen > 0n).map((l) => l.ref));
  const usedLoans = loansEv.filter((l) => counted.has(l.loanId));
  const usedFees = feesEv.filter((f) => counted.has(f.id));
  const docs = documentsFor(rules.kind, programme.documents as SubsidyDocument[], {
    registration: usedLoans.some((l) => l.registrationNumber), repayments: usedLoans.some((l) => l.references.length),
    policy: usedFees.some((f) => f.kind === "premium"), invoice: usedFees.some((f) => f.kind === "valuation_fee"),
  });
  const evidence = {
    documents: docs.attached,
    missing: docs.missing,
    loans: usedLoans.map((l) => ({ loanId: l.loanId, registrationNumber: l.registrationNumber, registeredOn: l.registeredOn, disbursedOn: l.disbursedOn, settledOn: l.settledOn, repaymentReferences: l.references })),
    fees: usedFees.map((f) => ({ id: f.id, kind: f.kind, paidOn: f.paidOn, feeFen: f.feeFen.toString(), label: f.label })),
  };
  return { assessment, evidence, labels: new Map([...loansEv.map((l) => [l.loanId, l.registrationNumber ?? l.loanId.slice(0, 8)] as const), ...feesEv.map((f) => [f.id, f.label] as const)]) };
}

/** JSON-safe copy of an assessment (bigints as strings), as stored with an application. */
export const assessmentJson = (a: ReturnType<typeof assessSubsidy>) => JSON.parse(JSON.stringify(a, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));

/** The open programmes an enterprise may apply to, each with its computed amount, and its applications. */
export async function listProgrammesForEnterprise(actor: Actor) {
  requireCan(actor, "subsidy.apply");
  const orgId = (actor as { orgId: string }).orgId;
  const db = await getDb();
  const today = shanghaiDate();
  const open = await db.select().from(subsidyProgrammes).where(eq(subsidyProgrammes.status, "open")).orderBy(asc(subsidyProgrammes.closesOn));
  const mine = await db.select({ app: subsidyApplications, nameZh: subsidyProgrammes.nameZh, nameEn: subsidyProgrammes.nameEn }).from(subsidyApplications)
    .innerJoin(subsidyProgrammes, eq(subsidyProgrammes.id, subsidyApplications.programmeId))
    .where(eq(subsidyApplications.enterpriseOrgId, orgId)).orderBy(desc(subsidyApplications.createdAt)).limit(100);
  const programmes = [];
  for (const p of open.filter((x) => windowOpen(x, today))) {
    const { assessment, evidence, labels } = await assessEnterprise(db, p, orgId);
    const live = mine.find((m) => m.app.programmeId === p.id && ["submitted", "approved", "paid"].includes(m.app.status));
    programmes.push({
      programme: p, assessment: { ...assessment, lines: assessment.lines.map((l) => ({ ...l, label: labels.get(l.ref) ?? l.ref })) },
      missing: evidence.missing, applicationId: live?.app.id ?? null,
    });
  }
  const fees = await db.select().from(valuationFees).where(eq(valuationFees.orgId, orgId)).orderBy(desc(valuationFees.paidOn)).limit(100);
  return { programmes, applications: mine, valuationFees: fees };
}

/** The enterprise records an appraisal fee it paid (once per invoice): the evidence of a valuation-fee subsidy. */
export async function recordValuationFee(actor: Actor, input: { payee: string; invoiceNumber: string; amount: bigint; paidOn: string }) {
  requireCan(actor, "subsidy.apply");
  const orgId = (actor as { orgId: string }).orgId;
  if (input.paidOn > shanghaiDate()) throw new ServiceError(400, "errors.fixBelow", { paidOn: ["subsidy.errors.future"] });
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(valuationFees).values({ orgId, payee: input.payee, invoiceNumber: input.invoiceNumber, amountFen: input.amount, paidOn: input.paidOn, recordedBy: userId(actor) })
        .returning({ id: valuationFees.id });
      await audit(tx, actor, { action: "subsidy.valuation-fee-recorded", entityType: "valuation_fee", entityId: row!.id, orgId, after: { payee: input.payee, invoiceNumber: input.invoiceNumber, amountFen: input.amount.toString(), paidOn: input.paidOn } });
      return { id: row!.id };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new ServiceError(400, "errors.fixBelow", { invoiceNumber: ["subsidy.errors.invoiceTaken"] });
    throw e;
  }
}
