import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { getDb, type Executor } from "#db/client.server";
import {
  funds, insurancePolicies, loanOffers, loanRecoveries, lossClaims, lossSplits, organizations, pledgeRegistrations, repayments,
} from "#db/schema/index";
import { shanghaiDate } from "#app/domain/dates";
import { assertCombinable, RiskSchemeError, type RiskScheme } from "#app/domain/financing/risk-sharing";
import { isUuid } from "#app/domain/ids";
import { claimTrigger, computeClaim, loanPosition, type FundRules, type TriggerCheck } from "#app/domain/public-money/claims";
import { claimLifecycle, LIVE_CLAIM_STATUSES } from "#app/domain/public-money/lifecycles";
import type { Actor } from "#app/domain/policy/index";
import type { ClaimRef } from "#app/domain/policy/public-money";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { inTx, isUniqueViolation, next, notice, userId } from "./financing-shared.server";
import { activeLoanPolicy } from "./insurance-policies.server";
import { instalmentsOf, isFirstLoan, loadLoan, schemeByCode, type LoanRow } from "./loans.server";
import { allocateRecoveries, recoveredOn } from "./loan-recoveries.server";
import { audit } from "./operations.server";

/**
 * Claims on a loan's loss: against each fund its risk-sharing scheme names (the Shanghai guarantee
 * fund's deposit model, a compensation fund), and against its insurer. The bank files (web or API);
 * the amount is computed from the scheme and the platform's records, never typed; the payer's own
 * people (a fund administrator, the insurer) pay it or reject it.
 */
export type ClaimRow = typeof lossClaims.$inferSelect;
type Payer =
  | { kind: "fund"; fundId: string; policyId: null; payerOrgId: string | null; code: string; name: string; scheme: RiskScheme | null; rules: FundRules }
  | { kind: "insurer"; fundId: null; policyId: string; payerOrgId: string; code: string; name: string; scheme: RiskScheme | null; rules: FundRules };

export const claimRef = (c: Pick<ClaimRow, "bankOrgId" | "enterpriseOrgId" | "payerOrgId" | "payerKind">): ClaimRef =>
  ({ bankOrgId: c.bankOrgId, enterpriseOrgId: c.enterpriseOrgId, payerOrgId: c.payerOrgId, payerKind: c.payerKind });

export async function loadClaim(exec: Executor, id: string, lock = false): Promise<ClaimRow> {
  if (!isUuid(id)) throw new ServiceError(404, "errors.notFound");
  const q = exec.select().from(lossClaims).where(eq(lossClaims.id, id));
  const [c] = lock ? await q.for("update") : await q;
  if (!c) throw new ServiceError(404, "errors.notFound");
  return c;
}

/** The payers a loan can claim on: the funds of its scheme, and its active pledge-loan insurance. */
async function payersFor(exec: Executor, loan: LoanRow): Promise<Payer[]> {
  const scheme = await schemeByCode(exec, loan.riskSchemeCode);
  const out: Payer[] = [];
  if (loan.riskSchemeCode) {
    const rows = await exec.select().from(funds).where(and(eq(funds.schemeCode, loan.riskSchemeCode), eq(funds.active, true))).orderBy(asc(funds.code));
    for (const f of rows) out.push({ kind: "fund", fundId: f.id, policyId: null, payerOrgId: f.adminOrgId, code: f.code, name: f.nameZh, scheme, rules: f.rules as FundRules });
  }
  const policy = await activeLoanPolicy(exec, loan.id);
  if (policy) {
    out.push({
      kind: "insurer", fundId: null, policyId: policy.id, payerOrgId: policy.insurerOrgId, code: policy.policyNumber ?? policy.id, name: policy.policyNumber ?? "", scheme,
      // The insurer shares the bank's bad debt once the loan is in default, up to its cover.
      rules: { party: "insurer", model: "compensation", triggerOverdueMonths: 0, covers: "principal", capPerLoanFen: (policy.coverFen ?? 0n).toString() },
    });
  }
  return out;
}

async function splitOptions(exec: Executor, loan: LoanRow) {
  const policy = await activeLoanPolicy(exec, loan.id);
  return { firstLoan: await isFirstLoan(exec, loan), policy: policy?.coverFen != null ? { shareBp: policy.shareBp ?? 0, coverFen: policy.coverFen } : null };
}

/** Each payer with its trigger check and the amount a claim filed now would carry (the loan page's preview). */
export async function claimOptions(actor: Actor, loanId: string) {
  const db = await getDb();
  const loan = await loadLoan(db, loanId);
  requireCan(actor, "claim.file", loan);
  const asOf = shanghaiDate();
  const pos = loanPosition(await instalmentsOf(db, loan.id), asOf);
  const recovered = await recoveredOn(db, loan.id);
  const opts = await splitOptions(db, loan);
  const payers = await payersFor(db, loan);
  const claims = await db.select().from(lossClaims).where(eq(lossClaims.loanId, loan.id)).orderBy(desc(lossClaims.createdAt));
  return {
    loan, position: pos, recoveredFen: recovered,
    payers: payers.map((p) => {
      const trigger: TriggerCheck = claimTrigger(p.rules, loan, pos, asOf);
      const c = computeClaim(p.rules, p.scheme, pos, recovered, opts);
      const live = claims.find((x) => (x.fundId ?? x.policyId) === (p.fundId ?? p.policyId) && (LIVE_CLAIM_STATUSES as readonly string[]).includes(x.status));
      return { kind: p.kind, code: p.code, name: p.name, fundId: p.fundId, policyId: p.policyId, trigger, netLossFen: c.netLossFen, claimFen: c.claimFen, liveClaimId: live?.id ?? null };
    }),
    claims,
  };
}

/** The documents a payer needs, from the platform's records. */
async function evidencePack(exec: Executor, loan: LoanRow, asOf: string) {
  const [offer] = await exec.select().from(loanOffers).where(eq(loanOffers.id, loan.offerId));
  const [reg] = await exec.select().from(pledgeRegistrations).where(eq(pledgeRegistrations.applicationId, loan.applicationId));
  const paid = await exec.select({ paidOn: repayments.paidOn, amountFen: repayments.amountFen, reference: repayments.reference }).from(repayments).where(eq(repayments.loanId, loan.id)).orderBy(asc(repayments.paidOn));
  const [split] = await exec.select().from(lossSplits).where(eq(lossSplits.loanId, loan.id));
  const overdue = (await instalmentsOf(exec, loan.id)).filter((i) => i.dueDate < asOf && i.principalFen + i.interestFen > i.paidPrincipalFen + i.paidInterestFen)
    .map((i) => ({ seq: i.seq, dueDate: i.dueDate, owedFen: (i.principalFen + i.interestFen - i.paidPrincipalFen - i.paidInterestFen).toString() }));
  return {
    asOf,
    contract: { principalFen: loan.principalFen.toString(), rateBp: loan.rateBp, termMonths: loan.termMonths, method: loan.repaymentMethod, disbursedOn: loan.disbursedOn, maturityDate: loan.maturityDate, lprBp: offer?.lprBp ?? null, bankReference: loan.bankReference },
    registration: reg ? { number: reg.cnipaNumber, registeredOn: reg.registeredOn, status: reg.status } : null,
    repayments: paid.map((r) => ({ paidOn: r.paidOn, amountFen: r.amountFen.toString(), reference: r.reference })),
    overdue,
    default: loan.defaultedAt ? { declaredAt: loan.defaultedAt.toISOString(), lossFen: split?.lossFen.toString() ?? null } : null,
  };
}

const json = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x)));

/**
 * Files a claim: the payer must be one the loan's scheme names (or its insurer), the trigger met,
 * no live claim on it already, and not combined with a scheme this one excludes. One live claim per
 * loan and payer (a unique index): a repeated filing answers 409; through the API with an
 * Idempotency-Key it answers the first filing again.
 */
export async function fileClaim(actor: Actor, loanId: string, input: { fundCode?: string; policyId?: string }, channel: "ui" | "api", exec?: Executor) {
  try {
    return await inTx(exec, async (tx) => {
      const loan = await loadLoan(tx, loanId, true);
      requireCan(actor, "claim.file", loan);
      const payers = await payersFor(tx, loan);
      const payer = payers.find((p) => (input.policyId ? p.policyId === input.policyId : p.kind === "fund" && p.code === input.fundCode));
      if (!payer) throw new ServiceError(400, "errors.fixBelow", { [input.policyId ? "policyId" : "fundCode"]: ["fund.errors.notThisLoan"] });
      if (payer.kind === "fund" && !payer.payerOrgId) throw new ServiceError(409, "fund.errors.noAdministrator");
      const asOf = shanghaiDate();
      const pos = loanPosition(await instalmentsOf(tx, loan.id), asOf);
      const trigger = claimTrigger(payer.rules, loan, pos, asOf);
      if (!trigger.ok) throw new ServiceError(409, `fund.errors.trigger.${trigger.reason}`, {}, { from: trigger.eligibleFrom ?? "" });
      // Not combined: the schemes of every live claim on the loan, and this one's, must not exclude each other.
      const live = await tx.select({ fundId: lossClaims.fundId }).from(lossClaims).where(and(eq(lossClaims.loanId, loan.id), inArray(lossClaims.status, [...LIVE_CLAIM_STATUSES])));
      const liveFundIds = live.flatMap((l) => (l.fundId ? [l.fundId] : []));
      const codes = new Set(liveFundIds.length ? (await tx.select({ code: funds.schemeCode }).from(funds).where(inArray(funds.id, liveFundIds))).map((r) => r.code) : []);
      if (payer.kind === "fund" && loan.riskSchemeCode) codes.add(loan.riskSchemeCode);
      const schemes = (await Promise.all([...codes].map((code) => schemeByCode(tx, code)))).filter((x): x is RiskScheme => !!x);
      try {
        assertCombinable(schemes);
      } catch (e) {
        if (e instanceof RiskSchemeError) throw new ServiceError(409, "fund.errors.notCombined");
        throw e;
      }
      const recoveries = await tx.select({ id: loanRecoveries.id, amountFen: loanRecoveries.amountFen }).from(loanRecoveries).where(eq(loanRecoveries.loanId, loan.id));
      const recovered = recoveries.reduce((a, r) => a + r.amountFen, 0n);
      const opts = await splitOptions(tx, loan);
      const c = computeClaim(payer.rules, payer.scheme, pos, recovered, opts);
      if (c.claimFen <= 0n) throw new ServiceError(409, "fund.errors.nothingToClaim");
      const computation = json({
        asOf, position: pos, recoveredFen: recovered, recoveryIdsAtFiling: recoveries.map((r) => r.id), netLossFen: c.netLossFen, claimFen: c.claimFen,
        capped: c.capped, parts: c.parts, rules: payer.rules, scheme: payer.scheme, options: opts, trigger,
      });
      const [row] = await tx.insert(lossClaims).values({
        loanId: loan.id, payerKind: payer.kind, fundId: payer.fundId, policyId: payer.policyId, payerOrgId: payer.payerOrgId, bankOrgId: loan.bankOrgId,
        enterpriseOrgId: loan.enterpriseOrgId, netLossFen: c.netLossFen, claimedFen: c.claimFen, computation, evidence: json(await evidencePack(tx, loan, asOf)),
        channel, filedBy: userId(actor),
      }).returning();
      const auditId = await audit(tx, actor, { action: "fund.claim-filed", entityType: "loss_claim", entityId: row!.id, orgId: loan.enterpriseOrgId,
        after: { loanId: loan.id, payer: payer.code, claimedFen: c.claimFen.toString(), netLossFen: c.netLossFen.toString(), channel } });
      const link = `/claims/${row!.id}`;
      if (payer.payerOrgId) await notice(tx, payer.payerOrgId, "fund.notice.claimFiled", { payer: payer.name }, link, `claim:${auditId}`);
      return row!;
    });
  } catch (e) {
    if (isUniqueViolation(e, "loss_claims_one_live")) throw new ServiceError(409, "fund.errors.alreadyClaimed");
    throw e;
  }
}

/** The payer pays (at most the amount claimed; less only with a reason) or rejects. Paying applies any recoveries already in. */
export async function decideClaim(actor: Actor, claimId: string, d: { intent: "pay"; amount: bigint; paidOn: string; reference: string; reason?: string } | { intent: "reject"; reason: string }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const c = await loadClaim(tx, claimId, true);
    requireCan(actor, "claim.decide", claimRef(c));
    const status = next("loss_claim", claimLifecycle, c.status, d.intent);
    const now = new Date();
    if (d.intent === "pay") {
      if (d.amount > c.claimedFen) throw new ServiceError(400, "errors.fixBelow", { amount: ["fund.errors.overClaimed"] });
      if (d.amount < c.claimedFen && !d.reason) throw new ServiceError(400, "errors.fixBelow", { reason: ["errors.reasonRequired"] });
      await tx.update(lossClaims).set({ status, paidFen: d.amount, paidOn: d.paidOn, paymentReference: d.reference, reason: d.reason ?? null, decidedBy: userId(actor), decidedAt: now, updatedAt: now })
        .where(eq(lossClaims.id, c.id));
      await allocateRecoveries(tx, c.loanId);
    } else {
      await tx.update(lossClaims).set({ status, reason: d.reason, decidedBy: userId(actor), decidedAt: now, updatedAt: now }).where(eq(lossClaims.id, c.id));
    }
    const auditId = await audit(tx, actor, { action: `fund.claim-${d.intent === "pay" ? "paid" : "rejected"}`, entityType: "loss_claim", entityId: c.id, orgId: c.enterpriseOrgId,
      before: { status: c.status }, after: { status, ...(d.intent === "pay" ? { paidFen: d.amount.toString(), paidOn: d.paidOn, reference: d.reference } : {}), reason: d.reason ?? null } });
    await notice(tx, c.bankOrgId, d.intent === "pay" ? "fund.notice.claimPaid" : "fund.notice.claimRejected", { reason: d.reason ?? "" }, `/bank/loans/${c.loanId}`, `decided:${auditId}`);
    return { id: c.id, status };
  });
}

export async function withdrawClaim(actor: Actor, claimId: string) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const c = await loadClaim(tx, claimId, true);
    requireCan(actor, "claim.withdraw", claimRef(c));
    const status = next("loss_claim", claimLifecycle, c.status, "withdraw");
    await tx.update(lossClaims).set({ status, updatedAt: new Date() }).where(eq(lossClaims.id, c.id));
    await audit(tx, actor, { action: "fund.claim-withdrawn", entityType: "loss_claim", entityId: c.id, orgId: c.enterpriseOrgId, before: { status: c.status }, after: { status } });
    return { id: c.id, status };
  });
}

/** One claim for the people entitled to it, with the payer's and the parties' names. */
export async function getClaim(actor: Actor, claimId: string) {
  const db = await getDb();
  const c = await loadClaim(db, claimId);
  requireCan(actor, "claim.view", claimRef(c));
  const names = await db.select({ id: organizations.id, name: organizations.name }).from(organizations)
    .where(inArray(organizations.id, [c.bankOrgId, c.enterpriseOrgId, ...(c.payerOrgId ? [c.payerOrgId] : [])]));
  const [fund] = c.fundId ? await db.select({ code: funds.code, nameZh: funds.nameZh, nameEn: funds.nameEn }).from(funds).where(eq(funds.id, c.fundId)) : [];
  const [policy] = c.policyId ? await db.select({ number: insurancePolicies.policyNumber }).from(insurancePolicies).where(eq(insurancePolicies.id, c.policyId)) : [];
  const name = (id: string | null) => names.find((n) => n.id === id)?.name ?? "";
  return {
    claim: c, bankName: name(c.bankOrgId), enterpriseName: name(c.enterpriseOrgId), payerName: name(c.payerOrgId), fund: fund ?? null, policyNumber: policy?.number ?? null,
    canDecide: actor.type === "user" && c.status === "filed" && actor.orgId === c.payerOrgId,
    backTo: actor.type !== "system" && actor.orgKind === "bank" ? `/bank/loans/${c.loanId}` : c.payerKind === "insurer" ? `/insurer/policies/${c.policyId}` : "/fund",
  };
}
