import { and, asc, eq, inArray, notExists, sql } from "drizzle-orm";
import { getDb, queryRows, type Executor } from "#db/client.server";
import { applicationReceivables, loanOffers, organizations, receivablePledges, royaltyReceivables } from "#db/schema/index";
import { shanghaiDate } from "#app/domain/dates";
import { receivablePledgeLifecycle } from "#app/domain/public-money/lifecycles";
import { outstandingReceivable, registryFiling } from "#app/domain/public-money/receivables";
import type { Actor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { isUniqueViolation, loadApplication, next, notice } from "./financing-shared.server";
import { audit } from "./operations.server";
import { instalmentsOfReceivable, receivableRef } from "./royalty-receivables.server";

/**
 * Licence-royalty receivables in a pledge application, beside the patents or alone. A receivable is
 * locked when the registration starts (one live pledge per receivable, a partial unique index), is
 * registered with the PBoC unified registry (the platform prepares the filing; the bank records the
 * number) and released with the pledge.
 */
export async function pledgeableReceivables(exec: Executor, orgId: string) {
  const rows = await exec.select({ id: royaltyReceivables.id, totalFen: royaltyReceivables.totalFen, dealId: royaltyReceivables.dealId,
    title: sql<string>`(select l.title from deals d join listings l on l.id = d.listing_id where d.id = ${royaltyReceivables.dealId})`,
    licensee: sql<string>`(select name from organizations o where o.id = ${royaltyReceivables.licenseeOrgId})` })
    .from(royaltyReceivables)
    .where(and(eq(royaltyReceivables.licensorOrgId, orgId), eq(royaltyReceivables.status, "active"),
      notExists(exec.select({ one: sql`1` }).from(receivablePledges).where(and(eq(receivablePledges.receivableId, royaltyReceivables.id), inArray(receivablePledges.status, ["pending", "active"]))))))
    .orderBy(asc(royaltyReceivables.createdAt)).limit(100);
  const out = [];
  for (const r of rows) out.push({ ...r, outstandingFen: outstandingReceivable(await instalmentsOfReceivable(exec, r.id)) });
  return out.filter((r) => r.outstandingFen > 0n);
}

/** The application's receivables must be the applicant's own, live and unpledged (else a field error, as for assets). */
export async function attachReceivables(tx: Executor, applicationId: string, orgId: string, receivableIds: string[]) {
  if (!receivableIds.length) return;
  const ok = new Set((await pledgeableReceivables(tx, orgId)).map((r) => r.id));
  if (receivableIds.some((id) => !ok.has(id))) throw new ServiceError(400, "errors.fixBelow", { receivableIds: ["royalty.errors.notPledgeable"] });
  await tx.insert(applicationReceivables).values(receivableIds.map((receivableId) => ({ applicationId, receivableId })));
}

export async function applicationReceivableIds(exec: Executor, applicationId: string) {
  return (await exec.select({ id: applicationReceivables.receivableId }).from(applicationReceivables).where(eq(applicationReceivables.applicationId, applicationId))).map((r) => r.id);
}

/** What the application's receivables still bring in (null: none pledged), as matching and offers see it. */
export async function receivablesValue(exec: Executor, applicationId: string): Promise<bigint | null> {
  const ids = await applicationReceivableIds(exec, applicationId);
  if (!ids.length) return null;
  let sum = 0n;
  for (const id of ids) sum += outstandingReceivable(await instalmentsOfReceivable(exec, id));
  return sum;
}

/** Registration starts: each receivable is locked for the bank (a second live pledge of it answers 409). */
export async function lockReceivables(tx: Executor, applicationId: string, bankOrgId: string) {
  const ids = await applicationReceivableIds(tx, applicationId);
  if (!ids.length) return 0;
  try {
    await tx.insert(receivablePledges).values(ids.map((receivableId) => ({ receivableId, applicationId, bankOrgId })));
  } catch (e) {
    if (isUniqueViolation(e, "receivable_pledges")) throw new ServiceError(409, "royalty.errors.alreadyPledged");
    throw e;
  }
  return ids.length;
}

/** The unified registry's number is in: the application's pending receivable pledges become active. */
export async function registerReceivables(tx: Executor, applicationId: string, input: { registryNumber: string; registeredOn: string }) {
  const rows = await tx.select().from(receivablePledges).where(and(eq(receivablePledges.applicationId, applicationId), eq(receivablePledges.status, "pending"))).for("update");
  for (const p of rows) {
    const status = next("receivable_pledge", receivablePledgeLifecycle, p.status, "register");
    await tx.update(receivablePledges).set({ status, registryNumber: input.registryNumber, registeredOn: input.registeredOn, updatedAt: new Date() }).where(eq(receivablePledges.id, p.id));
  }
  return rows.length;
}

/** The debt ended (settled, or the disposal closed): the receivable pledges are released. */
export async function releaseReceivables(tx: Executor, applicationId: string, on: string) {
  const rows = await tx.select().from(receivablePledges).where(and(eq(receivablePledges.applicationId, applicationId), inArray(receivablePledges.status, ["pending", "active"]))).for("update");
  for (const p of rows) {
    const status = next("receivable_pledge", receivablePledgeLifecycle, p.status, p.status === "pending" ? "cancel" : "release");
    await tx.update(receivablePledges).set({ status, releasedOn: on, updatedAt: new Date() }).where(eq(receivablePledges.id, p.id));
  }
}

/** The bank records the unified registry's registration of a mixed pledge (patents registered with CNIPA separately). */
export async function recordRegistryRegistration(actor: Actor, applicationId: string, input: { registryNumber: string; registeredOn: string }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const app = await loadApplication(tx, applicationId, { lock: true });
    const [pledge] = await tx.select().from(receivablePledges).where(eq(receivablePledges.applicationId, app.id));
    if (!pledge) throw new ServiceError(404, "errors.notFound");
    const [r] = await tx.select().from(royaltyReceivables).where(eq(royaltyReceivables.id, pledge.receivableId));
    requireCan(actor, "receivable.registry", await receivableRef(tx, r!));
    const n = await registerReceivables(tx, app.id, input);
    if (!n) throw new ServiceError(409, "errors.conflict");
    const auditId = await audit(tx, actor, { action: "royalty.pledge-registered", entityType: "pledge_application", entityId: app.id, orgId: app.enterpriseOrgId, after: { ...input, receivables: n } });
    await notice(tx, app.enterpriseOrgId, "royalty.notice.registered", { number: input.registryNumber }, `/financing/applications/${app.id}`, `registry:${auditId}`);
    return { registered: n };
  });
}

/** The filing the pledgee sends to the unified registry (动产融资统一登记公示系统), one per pledged receivable. */
export async function registryFilingFor(actor: Actor, applicationId: string) {
  const db = await getDb();
  const app = await loadApplication(db, applicationId);
  const pledges = await db.select().from(receivablePledges).where(eq(receivablePledges.applicationId, app.id));
  if (!pledges.length) throw new ServiceError(404, "errors.notFound");
  const party = async (id: string) => {
    const [o] = await db.select({ name: organizations.name, uscc: organizations.uscc }).from(organizations).where(eq(organizations.id, id));
    return { name: o?.name ?? "", uscc: o?.uscc ?? "" };
  };
  const [offer] = app.acceptedReviewId ? await db.select().from(loanOffers).where(eq(loanOffers.reviewId, app.acceptedReviewId)) : [];
  const filings = [];
  for (const p of pledges) {
    const [r] = await db.select().from(royaltyReceivables).where(eq(royaltyReceivables.id, p.receivableId));
    requireCan(actor, "receivable.registry", await receivableRef(db, r!));
    const rows = await queryRows<{ title: string }>(db, sql`select l.title from deals d join listings l on l.id = d.listing_id where d.id = ${r!.dealId}`);
    filings.push(registryFiling({
      pledgor: await party(r!.licensorOrgId), pledgee: await party(p.bankOrgId), debtor: await party(r!.licenseeOrgId),
      contractRef: r!.dealId, contractTitle: `${rows[0]?.title ?? ""}（许可合同）`, loanAmountFen: offer?.amountFen ?? app.amountFen,
      loanTermMonths: offer?.termMonths ?? app.termMonths, startOn: shanghaiDate(), instalments: await instalmentsOfReceivable(db, r!.id),
    }));
  }
  return { applicationId: app.id, status: app.status, filings };
}

/** The application's receivables as its pages show them (the applicant, its banks). */
export async function applicationReceivablesView(exec: Executor, applicationId: string) {
  const rows = await exec.select({ id: royaltyReceivables.id, totalFen: royaltyReceivables.totalFen, status: royaltyReceivables.status,
    title: sql<string>`(select l.title from deals d join listings l on l.id = d.listing_id where d.id = ${royaltyReceivables.dealId})`,
    licensee: sql<string>`(select name from organizations o where o.id = ${royaltyReceivables.licenseeOrgId})`,
    pledgeStatus: sql<string | null>`(select p.status::text from receivable_pledges p where p.receivable_id = ${royaltyReceivables.id} and p.application_id = ${applicationId}::uuid)`,
    registryNumber: sql<string | null>`(select p.registry_number from receivable_pledges p where p.receivable_id = ${royaltyReceivables.id} and p.application_id = ${applicationId}::uuid)` })
    .from(applicationReceivables).innerJoin(royaltyReceivables, eq(royaltyReceivables.id, applicationReceivables.receivableId))
    .where(eq(applicationReceivables.applicationId, applicationId));
  const out = [];
  for (const r of rows) out.push({ ...r, outstandingFen: outstandingReceivable(await instalmentsOfReceivable(exec, r.id)) });
  return out;
}

