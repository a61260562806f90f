import { desc, eq, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { loans, organizations } from "#db/schema/index";
import type { Actor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { claimOptions } from "./fund-claims.server";
import { activeLoanPolicy } from "./insurance-policies.server";
import { listOfferedProducts } from "./insurance-products.server";
import { loanLedger } from "./loan-recoveries.server";

/** The bank's loans (read model): its book with what is unpaid and the claims on each; one loan's claims, ledger and cover. */
export async function listBankLoans(actor: Actor) {
  requireCan(actor, "financing.queue");
  const db = await getDb();
  return db.select({
    id: loans.id, applicationId: loans.applicationId, status: loans.status, principalFen: loans.principalFen, rateBp: loans.rateBp, disbursedOn: loans.disbursedOn,
    maturityDate: loans.maturityDate, riskSchemeCode: loans.riskSchemeCode, enterpriseName: organizations.name,
    unpaidPrincipalFen: sql<string>`(${loans.principalFen} - coalesce((select sum(paid_principal_fen) from loan_instalments i where i.loan_id = ${loans.id}), 0))::text`,
    claims: sql<number>`(select count(*)::int from loss_claims c where c.loan_id = ${loans.id} and c.status in ('filed', 'paid'))`,
  }).from(loans).innerJoin(organizations, eq(organizations.id, loans.enterpriseOrgId))
    .where(eq(loans.bankOrgId, (actor as { orgId: string }).orgId)).orderBy(desc(loans.createdAt)).limit(500);
}

export async function bankLoanView(actor: Actor, loanId: string) {
  const options = await claimOptions(actor, loanId);
  const ledger = await loanLedger(actor, loanId);
  const db = await getDb();
  const [ent] = await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, options.loan.enterpriseOrgId));
  const policy = await activeLoanPolicy(db, loanId);
  const products = policy ? [] : await listOfferedProducts(actor, "pledge_loan_guarantee");
  return { ...options, enterpriseName: ent?.name ?? "", ledger, policy, products };
}
