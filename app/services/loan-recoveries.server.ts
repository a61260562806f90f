import { and, asc, eq, inArray } from "drizzle-orm";
import { getDb, type Executor } from "#db/client.server";
import { claimRecoveries, insurancePolicies, loanRecoveries, loans, lossClaims, repayments } from "#db/schema/index";
import { shanghaiDate } from "#app/domain/dates";
import type { RiskScheme } from "#app/domain/financing/risk-sharing";
import { apportionFen } from "#app/domain/money";
import { recoveryOwed, type FundRules } from "#app/domain/public-money/claims";
import { buildLedger, reconcile } from "#app/domain/public-money/ledger";
import type { Actor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { inTx, isUniqueViolation, notice, userId } from "./financing-shared.server";
import { instalmentsOf, loadLoan } from "./loans.server";
import { audit } from "./operations.server";

/**
 * Money recovered on a defaulting loan (the collateral sold through its disposal listing, or a sale
 * or licence off the platform the bank records) reduces the loss; each paid claim's payer is owed its
 * share back, computed from the claim's own filing (scheme, caps, options) and recorded per recovery.
 */
export async function recoveredOn(exec: Executor, loanId: string) {
  const rows = await exec.select({ amountFen: loanRecoveries.amountFen }).from(loanRecoveries).where(eq(loanRecoveries.loanId, loanId));
  return rows.reduce((a, r) => a + r.amountFen, 0n);
}

type Computation = {
  netLossFen: string; recoveryIdsAtFiling: string[]; rules: FundRules; scheme: RiskScheme | null;
  options: { firstLoan: boolean; policy: { shareBp: number; coverFen: string } | null };
};

/**
 * For every paid claim on the loan, what each later recovery owes its payer back: in the order the
 * money came in, cumulatively (so rounding never drifts), once per claim and recovery. Idempotent.
 */
export async function allocateRecoveries(tx: Executor, loanId: string) {
  const paid = await tx.select().from(lossClaims).where(and(eq(lossClaims.loanId, loanId), eq(lossClaims.status, "paid")));
  if (!paid.length) return [];
  const recoveries = await tx.select().from(loanRecoveries).where(eq(loanRecoveries.loanId, loanId)).orderBy(asc(loanRecoveries.receivedOn), asc(loanRecoveries.createdAt));
  const done = await tx.select().from(claimRecoveries).where(inArray(claimRecoveries.claimId, paid.map((c) => c.id)));
  const out: Array<{ claimId: string; payerOrgId: string | null; amountFen: bigint }> = [];
  for (const claim of paid) {
    const comp = claim.computation as Computation;
    const before = new Set(comp.recoveryIdsAtFiling ?? []);
    let since = 0n;
    let returned = 0n;
    for (const r of recoveries) {
      if (before.has(r.id)) continue;
      since += r.amountFen;
      const existing = done.find((d) => d.claimId === claim.id && d.recoveryId === r.id);
      if (existing) {
        returned += existing.amountFen;
        continue;
      }
      const { owedFen } = recoveryOwed({
        rules: comp.rules, scheme: comp.scheme,
        opts: { firstLoan: comp.options.firstLoan, policy: comp.options.policy ? { shareBp: comp.options.policy.shareBp, coverFen: BigInt(comp.options.policy.coverFen) } : null },
        netLossAtClaimFen: BigInt(comp.netLossFen), paidFen: claim.paidFen ?? 0n, recoveredSinceClaimFen: since, returnedFen: returned,
      });
      await tx.insert(claimRecoveries).values({ claimId: claim.id, recoveryId: r.id, amountFen: owedFen }).onConflictDoNothing();
      returned += owedFen;
      if (owedFen > 0n) out.push({ claimId: claim.id, payerOrgId: claim.payerOrgId, amountFen: owedFen });
    }
  }
  for (const o of out) if (o.payerOrgId) await notice(tx, o.payerOrgId, "fund.notice.recoveryOwed", { amountFen: o.amountFen.toString() }, `/claims/${o.claimId}`, `recovery:${o.claimId}:${o.amountFen}`);
  return out;
}

/** The bank records money recovered off the platform (one record per reference). */
export async function recordRecovery(actor: Actor, loanId: string, input: { amountFen: bigint; receivedOn: string; reference: string }, exec?: Executor) {
  try {
    return await inTx(exec, async (tx) => {
      const loan = await loadLoan(tx, loanId, true);
      requireCan(actor, "financing.loan.manage", loan);
      if (loan.status !== "defaulted" && loan.status !== "overdue") throw new ServiceError(409, "fund.errors.notDefaulting");
      const [r] = await tx.insert(loanRecoveries).values({ loanId, amountFen: input.amountFen, receivedOn: input.receivedOn, source: "manual", sourceRef: input.reference, recordedBy: userId(actor) })
        .returning({ id: loanRecoveries.id });
      const owed = await allocateRecoveries(tx, loanId);
      await audit(tx, actor, { action: "fund.recovery-recorded", entityType: "loan", entityId: loanId, orgId: loan.enterpriseOrgId,
        after: { recoveryId: r!.id, amountFen: input.amountFen.toString(), receivedOn: input.receivedOn, reference: input.reference, owedBack: owed.map((o) => ({ claimId: o.claimId, amountFen: o.amountFen.toString() })) } });
      return { id: r!.id, owedBack: owed };
    });
  } catch (e) {
    if (isUniqueViolation(e, "loan_recoveries")) throw new ServiceError(409, "fund.errors.duplicateRecovery");
    throw e;
  }
}

/**
 * The collateral sold through its disposal listing: the sale price is recovered on the loans the
 * listing secured (split by their principal if it served several), in the transaction of the sale.
 */
export async function recoverFromDisposalSale(tx: Executor, actor: Actor, applicationIds: string[], deal: { id: string; priceFen: bigint }) {
  if (!applicationIds.length || deal.priceFen <= 0n) return;
  const rows = await tx.select({ id: loans.id, principalFen: loans.principalFen, enterpriseOrgId: loans.enterpriseOrgId }).from(loans)
    .where(and(inArray(loans.applicationId, applicationIds), eq(loans.status, "defaulted"))).orderBy(asc(loans.id));
  const parts = apportionFen(deal.priceFen, rows.map((l) => l.principalFen));
  for (const [i, loan] of rows.entries()) {
    if (parts[i]! <= 0n) continue;
    const [r] = await tx.insert(loanRecoveries).values({ loanId: loan.id, amountFen: parts[i]!, receivedOn: shanghaiDate(), source: "disposal_sale", sourceRef: deal.id })
      .onConflictDoNothing({ target: [loanRecoveries.loanId, loanRecoveries.source, loanRecoveries.sourceRef] }).returning({ id: loanRecoveries.id });
    if (!r) continue;
    await allocateRecoveries(tx, loan.id);
    await audit(tx, actor, { action: "fund.recovery-from-disposal", entityType: "loan", entityId: loan.id, orgId: loan.enterpriseOrgId, after: { recoveryId: r.id, dealId: deal.id, amountFen: parts[i]!.toString() } });
  }
}

/** The loan's ledger, reconciled, for the bank, admins and the funds and insurers with a claim or policy on it. */
export async function loanLedger(actor: Actor, loanId: string) {
  const db = await getDb();
  const loan = await loadLoan(db, loanId);
  const claims = await db.select().from(lossClaims).where(eq(lossClaims.loanId, loan.id)).orderBy(asc(lossClaims.createdAt));
  const insurers = await db.select({ id: insurancePolicies.insurerOrgId }).from(insurancePolicies).where(eq(insurancePolicies.loanId, loan.id));
  requireCan(actor, "loan.ledger.view", { bankOrgId: loan.bankOrgId, enterpriseOrgId: loan.enterpriseOrgId, payerOrgIds: [...claims.flatMap((c) => (c.payerOrgId ? [c.payerOrgId] : [])), ...insurers.map((i) => i.id)] });
  const instalments = await instalmentsOf(db, loan.id);
  const paid = await db.select().from(repayments).where(eq(repayments.loanId, loan.id)).orderBy(asc(repayments.paidOn));
  const recoveries = await db.select().from(loanRecoveries).where(eq(loanRecoveries.loanId, loan.id)).orderBy(asc(loanRecoveries.receivedOn));
  const returns = claims.length ? await db.select().from(claimRecoveries).where(inArray(claimRecoveries.claimId, claims.map((c) => c.id))) : [];
  if (!loan.disbursedOn) return { loan, claims, recoveries, returns, lines: [], reconciliation: null };
  const input = {
    principalFen: loan.principalFen, disbursedOn: loan.disbursedOn, instalments, asOf: shanghaiDate(),
    repayments: paid.map((r) => ({ id: r.id, paidOn: r.paidOn, amountFen: r.amountFen,
      allocation: (r.allocation as Array<{ principalFen: string; interestFen: string }>).map((a) => ({ principalFen: BigInt(a.principalFen), interestFen: BigInt(a.interestFen) })) })),
    claims: claims.filter((c) => c.status === "paid").map((c) => ({ id: c.id, party: c.payerKind, paidOn: c.paidOn, paidFen: c.paidFen })),
    recoveries: recoveries.map((r) => ({ id: r.id, receivedOn: r.receivedOn, amountFen: r.amountFen, returns: returns.filter((x) => x.recoveryId === r.id).map((x) => ({ claimId: x.claimId, amountFen: x.amountFen })) })),
  };
  const lines = buildLedger(input);
  return { loan, claims, recoveries, returns, lines, reconciliation: reconcile(input, lines) };
}
