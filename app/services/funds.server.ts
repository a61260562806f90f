import { asc, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb, queryRows, type Executor } from "#db/client.server";
import { funds, lossClaims, organizations, riskSharingSchemes } from "#db/schema/index";
import type { FundInput } from "#app/domain/forms/public-money";
import type { FundRules } from "#app/domain/public-money/claims";
import type { Actor } from "#app/domain/policy/index";
import { isUuid } from "#app/domain/ids";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { audit } from "./operations.server";

/**
 * Risk-compensation and guarantee funds: admins configure them (the scheme each backs, its rules, the
 * organisation that administers it); a fund administrator sees its own funds' dashboard and claims.
 */
export type FundRow = typeof funds.$inferSelect;
const big = (v: unknown) => BigInt((v as string | number | null) ?? 0);

export async function listFundsForAdmin(actor: Actor) {
  requireCan(actor, "fund.manage");
  const db = await getDb();
  const rows = await db.select({ fund: funds, adminName: organizations.name }).from(funds).leftJoin(organizations, eq(organizations.id, funds.adminOrgId)).orderBy(asc(funds.code));
  const fundOrgs = await db.select({ id: organizations.id, name: organizations.name, status: organizations.status }).from(organizations).where(eq(organizations.kind, "fund")).orderBy(asc(organizations.name));
  const schemes = await db.select({ code: riskSharingSchemes.code, nameZh: riskSharingSchemes.nameZh, nameEn: riskSharingSchemes.nameEn }).from(riskSharingSchemes).orderBy(asc(riskSharingSchemes.code));
  return { funds: rows, fundOrgs, schemes };
}

/** Creates a fund, or updates the one with this code (its rules, scheme and administrator). */
export async function saveFund(actor: Actor, input: FundInput) {
  requireCan(actor, "fund.manage");
  const db = await getDb();
  return db.transaction(async (tx) => {
    if (input.adminOrgId) {
      const [org] = await tx.select({ kind: organizations.kind }).from(organizations).where(eq(organizations.id, input.adminOrgId));
      if (org?.kind !== "fund") throw new ServiceError(400, "errors.fixBelow", { adminOrgId: ["fund.errors.notFundOrg"] });
    }
    const [scheme] = await tx.select({ code: riskSharingSchemes.code }).from(riskSharingSchemes).where(eq(riskSharingSchemes.code, input.schemeCode));
    if (!scheme) throw new ServiceError(400, "errors.fixBelow", { schemeCode: ["errors.invalid"] });
    const rules: FundRules = { party: input.party, model: input.model, triggerOverdueMonths: input.triggerOverdueMonths, covers: input.covers, capPerLoanFen: input.capPerLoan?.toString() ?? null };
    const values = { code: input.code, nameZh: input.nameZh, nameEn: input.nameEn, schemeCode: input.schemeCode, adminOrgId: input.adminOrgId ?? null, rules, sizeFen: input.size ?? null };
    const [before] = await tx.select().from(funds).where(eq(funds.code, input.code)).for("update");
    const [row] = before
      ? await tx.update(funds).set(values).where(eq(funds.id, before.id)).returning({ id: funds.id })
      : await tx.insert(funds).values(values).returning({ id: funds.id });
    await audit(tx, actor, { action: before ? "fund.updated" : "fund.created", entityType: "fund", entityId: row!.id,
      before: before ? { ...before, sizeFen: before.sizeFen?.toString() ?? null } : null, after: { ...values, sizeFen: values.sizeFen?.toString() ?? null } });
    return { id: row!.id, created: !before };
  });
}

/** The funds the actor's organisation administers (all of them for a platform admin). */
export async function myFunds(actor: Actor) {
  const db = await getDb();
  if (actor.type === "user" && actor.orgKind === "platform") {
    requireCan(actor, "fund.manage");
    return db.select().from(funds).orderBy(asc(funds.code));
  }
  requireCan(actor, "fund.queue");
  return db.select().from(funds).where(eq(funds.adminOrgId, (actor as { orgId: string }).orgId)).orderBy(asc(funds.code));
}

export async function loadFund(exec: Executor, id: string) {
  if (!isUuid(id)) throw new ServiceError(404, "errors.notFound");
  const [f] = await exec.select().from(funds).where(eq(funds.id, id));
  if (!f) throw new ServiceError(404, "errors.notFound");
  return f;
}

type Agg = { dim: string; key: string | null; label_zh: string | null; label_en: string | null; loans: number; exposure: string; claims: number; claimed: string; paid: string; recovered: string };

/**
 * A fund's dashboard: exposure (unpaid principal of the live loans under its scheme), claims filed,
 * paid and recovered, in total and by bank and by park — one aggregation with GROUPING SETS.
 */
export async function fundDashboard(actor: Actor, fundId: string) {
  const db = await getDb();
  const fund = await loadFund(db, fundId);
  requireCan(actor, "fund.view", fund);
  const rows = await queryRows<Agg>(db, sql`
    with l as (
      select lo.id, lo.bank_org_id, e.park_id,
        lo.principal_fen - coalesce((select sum(i.paid_principal_fen) from loan_instalments i where i.loan_id = lo.id), 0) as outstanding
      from loans lo join organizations e on e.id = lo.enterprise_org_id
      where lo.risk_scheme_code = ${fund.schemeCode} and lo.status in ('active', 'overdue', 'defaulted')),
    c as (
      select lc.loan_id, lo.bank_org_id, e.park_id, lc.status, lc.claimed_fen, coalesce(lc.paid_fen, 0) as paid,
        coalesce((select sum(cr.amount_fen) from claim_recoveries cr where cr.claim_id = lc.id), 0) as recovered
      from loss_claims lc join loans lo on lo.id = lc.loan_id join organizations e on e.id = lo.enterprise_org_id
      where lc.fund_id = ${fund.id} and lc.status in ('filed', 'paid')),
    rows as (
      select bank_org_id, park_id, 1 as loans, outstanding as exposure, 0 as claims, 0 as claimed, 0 as paid, 0 as recovered from l
      union all select bank_org_id, park_id, 0, 0, 1, claimed_fen, paid, recovered from c),
    g as (
      select bank_org_id, park_id, grouping(bank_org_id) as gb, grouping(park_id) as gp,
        sum(loans)::int as loans, sum(exposure)::text as exposure, sum(claims)::int as claims, sum(claimed)::text as claimed, sum(paid)::text as paid, sum(recovered)::text as recovered
      from rows group by grouping sets ((), (bank_org_id), (park_id)))
    select case when g.gb = 1 and g.gp = 1 then 'total' when g.gb = 0 then 'bank' else 'park' end as dim,
      case when g.gb = 0 then g.bank_org_id::text else g.park_id::text end as key,
      case when g.gb = 0 then b.name else p.name_zh end as label_zh, case when g.gb = 0 then b.name else p.name_en end as label_en,
      g.loans, g.exposure, g.claims, g.claimed, g.paid, g.recovered
    from g left join organizations b on g.gb = 0 and b.id = g.bank_org_id left join parks p on g.gb = 1 and g.gp = 0 and p.id = g.park_id
    order by dim, g.exposure::numeric desc`);
  const fig = (r: Agg | undefined) => ({
    loans: Number(r?.loans ?? 0), exposureFen: big(r?.exposure), claims: Number(r?.claims ?? 0), claimedFen: big(r?.claimed), paidFen: big(r?.paid), recoveredFen: big(r?.recovered),
  });
  const dim = (name: string) => rows.filter((r) => r.dim === name).map((r) => ({ key: r.key, labelZh: r.label_zh, labelEn: r.label_en, ...fig(r) }));
  return { fund, total: fig(rows.find((r) => r.dim === "total")), byBank: dim("bank"), byPark: dim("park") };
}

/** The claims on the funds the actor administers, waiting ones first. */
export async function listFundClaims(actor: Actor) {
  const mine = await myFunds(actor);
  if (!mine.length) return [];
  const db = await getDb();
  return db.select({
    id: lossClaims.id, status: lossClaims.status, claimedFen: lossClaims.claimedFen, paidFen: lossClaims.paidFen, netLossFen: lossClaims.netLossFen, createdAt: lossClaims.createdAt,
    loanId: lossClaims.loanId, fundId: lossClaims.fundId, channel: lossClaims.channel,
    bankName: sql<string>`(select name from organizations b where b.id = ${lossClaims.bankOrgId})`,
    enterpriseName: sql<string>`(select name from organizations e where e.id = ${lossClaims.enterpriseOrgId})`,
  }).from(lossClaims).where(inArray(lossClaims.fundId, mine.map((f) => f.id)))
    .orderBy(sql`${lossClaims.status} = 'filed' desc`, desc(lossClaims.createdAt)).limit(300);
}
