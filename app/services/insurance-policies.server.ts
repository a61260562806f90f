import { and, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/client.server";
import { deals, insurancePolicies, insuranceProducts, listings, loans, lossClaims, organizations } from "#db/schema/index";
import type { PolicyIssueInput } from "#app/domain/forms/public-money";
import { isUuid } from "#app/domain/ids";
import { premiumFor } from "#app/domain/public-money/insurance";
import { policyLifecycle } from "#app/domain/public-money/lifecycles";
import type { Actor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { isUniqueViolation, next, notice, userId } from "./financing-shared.server";
import { audit } from "./operations.server";

/**
 * Insurance policies: an enterprise or its bank asks an insurer's product for cover on a loan (pledge-
 * loan guarantee insurance) or an enterprise on its open-licence deal; the insurer issues (attaches)
 * the policy with its number, cover and premium, or declines. An insurer sees only its own policies
 * and, through them, the loans and deals they cover.
 */
export type PolicyRow = typeof insurancePolicies.$inferSelect;
const orgOf = (actor: Actor) => (actor as { orgId: string }).orgId;
const SYSTEM: Actor = { type: "system", job: "insurance" };

export async function loadPolicy(exec: Executor, id: string, lock = false): Promise<PolicyRow> {
  if (!isUuid(id)) throw new ServiceError(404, "errors.notFound");
  const q = exec.select().from(insurancePolicies).where(eq(insurancePolicies.id, id));
  const [p] = lock ? await q.for("update") : await q;
  if (!p) throw new ServiceError(404, "errors.notFound");
  return p;
}

/** Where a party reads about its policy: the bank on its loan's page, the insured on its insurance page. */
const linkFor = (p: Pick<PolicyRow, "loanId" | "beneficiaryOrgId" | "insuredOrgId">, orgId: string) =>
  (p.loanId && orgId === p.beneficiaryOrgId && orgId !== p.insuredOrgId ? `/bank/loans/${p.loanId}` : "/insurance");

export async function requestPolicy(actor: Actor, input: { productId: string; subject: string; coverFen: bigint }) {
  requireCan(actor, "insurance.policy.request");
  const [type, id] = input.subject.split(":") as ["loan" | "deal", string];
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const [product] = isUuid(input.productId) ? await tx.select().from(insuranceProducts).where(eq(insuranceProducts.id, input.productId)) : [];
      if (!product || product.status !== "active") throw new ServiceError(400, "errors.fixBelow", { productId: ["insurance.errors.productUnavailable"] });
      const me = orgOf(actor);
      let subject: { loanId: string | null; dealId: string | null; insured: string; beneficiary: string; kind: PolicyRow["kind"]; limitFen: bigint };
      if (type === "loan") {
        const [loan] = isUuid(id) ? await tx.select().from(loans).where(eq(loans.id, id)) : [];
        if (!loan || (loan.enterpriseOrgId !== me && loan.bankOrgId !== me)) throw new ServiceError(400, "errors.fixBelow", { subject: ["errors.invalid"] });
        if (!["pending", "active", "overdue"].includes(loan.status)) throw new ServiceError(409, "insurance.errors.subjectClosed");
        subject = { loanId: loan.id, dealId: null, insured: loan.enterpriseOrgId, beneficiary: loan.bankOrgId, kind: "pledge_loan_guarantee", limitFen: loan.principalFen };
      } else {
        const [deal] = isUuid(id) ? await tx.select().from(deals).where(eq(deals.id, id)) : [];
        if (!deal || (deal.buyerOrgId !== me && deal.sellerOrgId !== me) || !deal.openLicence) throw new ServiceError(400, "errors.fixBelow", { subject: ["errors.invalid"] });
        if (!["approved", "paid", "completed"].includes(deal.status)) throw new ServiceError(409, "insurance.errors.subjectClosed");
        subject = { loanId: null, dealId: deal.id, insured: me, beneficiary: me, kind: "open_licence_deal", limitFen: product.maxCoverFen };
      }
      if (product.kind !== subject.kind) throw new ServiceError(400, "errors.fixBelow", { productId: ["insurance.errors.wrongKind"] });
      if (input.coverFen > product.maxCoverFen || input.coverFen > subject.limitFen) throw new ServiceError(400, "errors.fixBelow", { cover: ["insurance.errors.coverTooHigh"] });
      const [p] = await tx.insert(insurancePolicies).values({
        productId: product.id, insurerOrgId: product.insurerOrgId, kind: product.kind, loanId: subject.loanId, dealId: subject.dealId,
        insuredOrgId: subject.insured, beneficiaryOrgId: subject.beneficiary, requestedCoverFen: input.coverFen, requestedBy: userId(actor),
      }).returning({ id: insurancePolicies.id, status: insurancePolicies.status });
      await audit(tx, actor, { action: "insurance.policy-requested", entityType: "insurance_policy", entityId: p!.id, orgId: subject.insured,
        after: { productId: product.id, loanId: subject.loanId, dealId: subject.dealId, requestedCoverFen: input.coverFen.toString() } });
      await notice(tx, product.insurerOrgId, "insurance.notice.requested", { product: product.name }, `/insurer/policies/${p!.id}`, `requested:${p!.id}`);
      return { id: p!.id, status: p!.status };
    });
  } catch (e) {
    if (isUniqueViolation(e, "insurance_policies_one_live")) throw new ServiceError(409, "insurance.errors.alreadyCovered");
    throw e;
  }
}

/** The insurer issues the policy: its number, the cover (up to the product's), the premium at the product's rate, the period. */
export async function issuePolicy(actor: Actor, policyId: string, input: PolicyIssueInput) {
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const p = await loadPolicy(tx, policyId, true);
      requireCan(actor, "insurance.policy.issue", p);
      const status = next("insurance_policy", policyLifecycle, p.status, "issue");
      const [product] = await tx.select().from(insuranceProducts).where(eq(insuranceProducts.id, p.productId));
      if (input.cover > product!.maxCoverFen) throw new ServiceError(400, "errors.fixBelow", { cover: ["insurance.errors.coverTooHigh"] });
      const premiumFen = premiumFor(input.cover, product!.premiumRateBp);
      const now = new Date();
      await tx.update(insurancePolicies).set({
        status, policyNumber: input.policyNumber, coverFen: input.cover, premiumFen, shareBp: product!.shareBp, startsOn: input.startsOn, endsOn: input.endsOn,
        premiumPaidOn: input.premiumPaidOn, issuedBy: userId(actor), issuedAt: now, updatedAt: now,
      }).where(eq(insurancePolicies.id, p.id));
      const auditId = await audit(tx, actor, { action: "insurance.policy-issued", entityType: "insurance_policy", entityId: p.id, orgId: p.insuredOrgId,
        before: { status: p.status }, after: { status, policyNumber: input.policyNumber, coverFen: input.cover.toString(), premiumFen: premiumFen.toString(), shareBp: product!.shareBp } });
      for (const org of new Set([p.insuredOrgId, p.beneficiaryOrgId])) {
        await notice(tx, org, "insurance.notice.issued", { number: input.policyNumber }, linkFor(p, org), `issued:${auditId}`);
      }
      return { id: p.id, status, premiumFen };
    });
  } catch (e) {
    if (isUniqueViolation(e, "insurance_policies_number_uq")) throw new ServiceError(400, "errors.fixBelow", { policyNumber: ["insurance.errors.numberTaken"] });
    throw e;
  }
}

export async function declinePolicy(actor: Actor, policyId: string, reason: string) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const p = await loadPolicy(tx, policyId, true);
    requireCan(actor, "insurance.policy.issue", p);
    const status = next("insurance_policy", policyLifecycle, p.status, "decline");
    await tx.update(insurancePolicies).set({ status, decisionReason: reason, updatedAt: new Date() }).where(eq(insurancePolicies.id, p.id));
    const auditId = await audit(tx, actor, { action: "insurance.policy-declined", entityType: "insurance_policy", entityId: p.id, orgId: p.insuredOrgId, before: { status: p.status }, after: { status, reason } });
    await notice(tx, p.insuredOrgId, "insurance.notice.declined", { reason }, linkFor(p, p.insuredOrgId), `declined:${auditId}`);
    return { id: p.id, status };
  });
}

/** The loan or deal behind a policy, as much as its insurer may see. */
const subjectColumns = {
  loanPrincipalFen: loans.principalFen, loanStatus: loans.status, loanMaturity: loans.maturityDate,
  bankName: sql<string | null>`(select name from organizations b where b.id = ${loans.bankOrgId})`,
  dealPriceFen: deals.priceFen, dealStatus: deals.status, dealTitle: sql<string | null>`(select title from listings l where l.id = ${deals.listingId})`,
};

const policyColumns = {
  id: insurancePolicies.id, kind: insurancePolicies.kind, status: insurancePolicies.status, loanId: insurancePolicies.loanId, dealId: insurancePolicies.dealId,
  requestedCoverFen: insurancePolicies.requestedCoverFen, coverFen: insurancePolicies.coverFen, premiumFen: insurancePolicies.premiumFen, shareBp: insurancePolicies.shareBp,
  policyNumber: insurancePolicies.policyNumber, startsOn: insurancePolicies.startsOn, endsOn: insurancePolicies.endsOn, createdAt: insurancePolicies.createdAt,
  insuredName: organizations.name, productName: insuranceProducts.name, insurerOrgId: insurancePolicies.insurerOrgId,
};

/** The insurer's queue: requests waiting for it, then its policies. Nothing of any other insurer. */
export async function listInsurerPolicies(actor: Actor) {
  requireCan(actor, "insurance.queue");
  const db = await getDb();
  return db.select({ ...policyColumns, ...subjectColumns }).from(insurancePolicies)
    .innerJoin(organizations, eq(organizations.id, insurancePolicies.insuredOrgId))
    .innerJoin(insuranceProducts, eq(insuranceProducts.id, insurancePolicies.productId))
    .leftJoin(loans, eq(loans.id, insurancePolicies.loanId)).leftJoin(deals, eq(deals.id, insurancePolicies.dealId))
    .where(eq(insurancePolicies.insurerOrgId, orgOf(actor)))
    .orderBy(sql`${insurancePolicies.status} = 'requested' desc`, desc(insurancePolicies.createdAt)).limit(300);
}

export async function getPolicy(actor: Actor, policyId: string) {
  const db = await getDb();
  const p = await loadPolicy(db, policyId);
  requireCan(actor, "insurance.policy.view", p);
  const [row] = await db.select({ ...policyColumns, ...subjectColumns, decisionReason: insurancePolicies.decisionReason, premiumPaidOn: insurancePolicies.premiumPaidOn,
    insurerName: sql<string>`(select name from organizations i where i.id = ${insurancePolicies.insurerOrgId})`,
    premiumRateBp: insuranceProducts.premiumRateBp, maxCoverFen: insuranceProducts.maxCoverFen,
  }).from(insurancePolicies)
    .innerJoin(organizations, eq(organizations.id, insurancePolicies.insuredOrgId))
    .innerJoin(insuranceProducts, eq(insuranceProducts.id, insurancePolicies.productId))
    .leftJoin(loans, eq(loans.id, insurancePolicies.loanId)).leftJoin(deals, eq(deals.id, insurancePolicies.dealId))
    .where(eq(insurancePolicies.id, p.id));
  const claims = await db.select({ id: lossClaims.id, status: lossClaims.status, claimedFen: lossClaims.claimedFen, paidFen: lossClaims.paidFen, createdAt: lossClaims.createdAt })
    .from(lossClaims).where(eq(lossClaims.policyId, p.id)).orderBy(desc(lossClaims.createdAt));
  return { policy: row!, claims, canIssue: actor.type === "user" && actor.orgKind === "insurer" && actor.orgId === p.insurerOrgId };
}

/** An enterprise's or bank's policies, and what it may still ask cover for (its live loans; open-licence deals it took part in). */
export async function listMyCover(actor: Actor) {
  requireCan(actor, "insurance.policy.request");
  const me = orgOf(actor);
  const db = await getDb();
  const policies = await db.select({ ...policyColumns, ...subjectColumns, insurerName: sql<string>`(select name from organizations i where i.id = ${insurancePolicies.insurerOrgId})` })
    .from(insurancePolicies)
    .innerJoin(organizations, eq(organizations.id, insurancePolicies.insuredOrgId))
    .innerJoin(insuranceProducts, eq(insuranceProducts.id, insurancePolicies.productId))
    .leftJoin(loans, eq(loans.id, insurancePolicies.loanId)).leftJoin(deals, eq(deals.id, insurancePolicies.dealId))
    .where(or(eq(insurancePolicies.insuredOrgId, me), eq(insurancePolicies.beneficiaryOrgId, me)))
    .orderBy(desc(insurancePolicies.createdAt)).limit(200);
  const myLoans = await db.select({ id: loans.id, principalFen: loans.principalFen, status: loans.status, applicationId: loans.applicationId,
    bankName: sql<string>`(select name from organizations b where b.id = ${loans.bankOrgId})`,
    enterpriseName: sql<string>`(select name from organizations e where e.id = ${loans.enterpriseOrgId})` })
    .from(loans).where(and(or(eq(loans.enterpriseOrgId, me), eq(loans.bankOrgId, me)), inArray(loans.status, ["pending", "active", "overdue"]))).limit(100);
  const myDeals = await db.select({ id: deals.id, priceFen: deals.priceFen, status: deals.status, title: listings.title })
    .from(deals).innerJoin(listings, eq(listings.id, deals.listingId))
    .where(and(or(eq(deals.buyerOrgId, me), eq(deals.sellerOrgId, me)), eq(deals.openLicence, true), inArray(deals.status, ["approved", "paid", "completed"]))).limit(100);
  return { policies, loans: myLoans, deals: myDeals };
}

/** The loan's active pledge-loan guarantee policy, as the loss split needs it. */
export async function activeLoanPolicy(exec: Executor, loanId: string) {
  const [p] = await exec.select().from(insurancePolicies)
    .where(and(eq(insurancePolicies.loanId, loanId), eq(insurancePolicies.kind, "pledge_loan_guarantee"), eq(insurancePolicies.status, "active")));
  return p ?? null;
}

/** Policies past their end date expire (the sweep; idempotent). */
export async function expirePolicies(db: Executor, asOf: string) {
  const due = await db.select({ id: insurancePolicies.id, status: insurancePolicies.status, insuredOrgId: insurancePolicies.insuredOrgId }).from(insurancePolicies)
    .where(and(eq(insurancePolicies.status, "active"), lt(insurancePolicies.endsOn, asOf))).limit(500);
  for (const p of due) {
    const status = next("insurance_policy", policyLifecycle, p.status, "expire");
    const done = await db.update(insurancePolicies).set({ status, updatedAt: new Date() }).where(and(eq(insurancePolicies.id, p.id), eq(insurancePolicies.status, "active"))).returning({ id: insurancePolicies.id });
    if (done.length) await audit(db, SYSTEM, { action: "insurance.policy-expired", entityType: "insurance_policy", entityId: p.id, orgId: p.insuredOrgId, before: { status: p.status }, after: { status } });
  }
  return { expired: due.length };
}
