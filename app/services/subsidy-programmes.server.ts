import { asc, desc, eq, sql } from "drizzle-orm";
import { getDb, queryRows } from "#db/client.server";
import { parks, subsidyProgrammes } from "#db/schema/index";
import type { ProgrammeInput } from "#app/domain/forms/public-money";
import { isUuid } from "#app/domain/ids";
import { programmeLifecycle, type ProgrammeStatus } from "#app/domain/public-money/lifecycles";
import type { SubsidyRules } from "#app/domain/public-money/subsidy";
import type { Actor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { isUniqueViolation, next, userId } from "./financing-shared.server";
import { audit } from "./operations.server";

/** Admins define subsidy programmes (rules, period, window, budget) and watch their budgets. */
export function rulesFrom(input: ProgrammeInput): SubsidyRules {
  return {
    kind: input.kind, basis: input.basis, shareBp: input.share, boostedShareBp: input.boostedShare, ceilingLprMarkupBp: input.ceilingMarkup,
    capPerEnterpriseFen: input.cap.toString(), maxMonths: input.maxMonths ?? null, conditions: input.conditions, parkIds: input.parkIds, whitelist: input.whitelist,
  };
}

export async function createProgramme(actor: Actor, input: ProgrammeInput) {
  requireCan(actor, "subsidy.programme.manage");
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const rules = rulesFrom(input);
      const [row] = await tx.insert(subsidyProgrammes).values({
        code: input.code, nameZh: input.nameZh, nameEn: input.nameEn, issuer: input.issuer, district: input.district ?? null, kind: input.kind, rules,
        documents: input.documents, periodStart: input.periodStart, periodEnd: input.periodEnd, opensOn: input.opensOn, closesOn: input.closesOn,
        budgetFen: input.budget, createdBy: userId(actor),
      }).returning({ id: subsidyProgrammes.id });
      await audit(tx, actor, { action: "subsidy.programme-created", entityType: "subsidy_programme", entityId: row!.id, after: { code: input.code, rules, budgetFen: input.budget.toString() } });
      return { id: row!.id };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new ServiceError(400, "errors.fixBelow", { code: ["subsidy.errors.codeTaken"] });
    throw e;
  }
}

export async function setProgrammeStatus(actor: Actor, id: string, event: "open" | "close" | "reopen") {
  requireCan(actor, "subsidy.programme.manage");
  if (!isUuid(id)) throw new ServiceError(404, "errors.notFound");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [p] = await tx.select().from(subsidyProgrammes).where(eq(subsidyProgrammes.id, id)).for("update");
    if (!p) throw new ServiceError(404, "errors.notFound");
    const status: ProgrammeStatus = next("subsidy_programme", programmeLifecycle, p.status, event);
    await tx.update(subsidyProgrammes).set({ status, updatedAt: new Date() }).where(eq(subsidyProgrammes.id, id));
    await audit(tx, actor, { action: `subsidy.programme-${event}`, entityType: "subsidy_programme", entityId: id, before: { status: p.status }, after: { status } });
    return { id, status };
  });
}

type ProgrammeFigures = { id: string; committed: string; paid: string; submitted: number; approved: number; paid_count: number; rejected: number };
type ParkFigures = { programme_id: string; park_id: string | null; name_zh: string | null; name_en: string | null; applications: number; committed: string; paid: string };

/**
 * Every programme with its budget used (committed and paid, from the budget ledger) and its
 * applications by status, and the same money by park (the enterprise's park) — the budget dashboard.
 */
export async function subsidyDashboard(actor: Actor) {
  requireCan(actor, "subsidy.dashboard");
  const db = await getDb();
  const programmes = await db.select().from(subsidyProgrammes).orderBy(desc(subsidyProgrammes.opensOn), asc(subsidyProgrammes.code));
  const figures = await queryRows<ProgrammeFigures>(db, sql`
    select p.id,
      coalesce((select sum(amount_fen) from subsidy_budget_entries e where e.programme_id = p.id and e.kind = 'commit'), 0)::text as committed,
      coalesce((select sum(amount_fen) from subsidy_budget_entries e where e.programme_id = p.id and e.kind = 'payout'), 0)::text as paid,
      count(a.id) filter (where a.status = 'submitted')::int as submitted, count(a.id) filter (where a.status = 'approved')::int as approved,
      count(a.id) filter (where a.status = 'paid')::int as paid_count, count(a.id) filter (where a.status = 'rejected')::int as rejected
    from subsidy_programmes p left join subsidy_applications a on a.programme_id = p.id group by p.id`);
  const byPark = await queryRows<ParkFigures>(db, sql`
    select e.programme_id, o.park_id, pk.name_zh, pk.name_en, count(distinct e.application_id)::int as applications,
      coalesce(sum(e.amount_fen) filter (where e.kind = 'commit'), 0)::text as committed, coalesce(sum(e.amount_fen) filter (where e.kind = 'payout'), 0)::text as paid
    from subsidy_budget_entries e join subsidy_applications a on a.id = e.application_id join organizations o on o.id = a.enterprise_org_id
    left join parks pk on pk.id = o.park_id group by e.programme_id, o.park_id, pk.name_zh, pk.name_en order by committed desc`);
  const allParks = await db.select({ id: parks.id, nameZh: parks.nameZh, nameEn: parks.nameEn }).from(parks).orderBy(asc(parks.code));
  return {
    parks: allParks,
    programmes: programmes.map((p) => {
      const f = figures.find((x) => x.id === p.id);
      const committedFen = BigInt(f?.committed ?? 0);
      return {
        programme: p, committedFen, paidFen: BigInt(f?.paid ?? 0), remainingFen: p.budgetFen - committedFen,
        counts: { submitted: f?.submitted ?? 0, approved: f?.approved ?? 0, paid: f?.paid_count ?? 0, rejected: f?.rejected ?? 0 },
        byPark: byPark.filter((r) => r.programme_id === p.id).map((r) => ({ parkId: r.park_id, nameZh: r.name_zh, nameEn: r.name_en, applications: r.applications, committedFen: BigInt(r.committed), paidFen: BigInt(r.paid) })),
      };
    }),
  };
}

export type SubsidyExportRow = {
  programme_code: string; programme_name: string; enterprise_name: string; uscc: string; park_zh: string | null; park_en: string | null; status: string;
  requested_fen: string; approved_fen: string | null; paid_fen: string | null; paid_on: string | null; payment_reference: string | null; decision_reason: string | null; applied_at: string;
};

/** The finance bureau's list: every application with its amounts and payout (keyset batches by id). */
export function subsidyExportBatches(actor: Actor, programmeId: string | null, batchSize = 2000) {
  requireCan(actor, "subsidy.dashboard");
  if (programmeId !== null && !isUuid(programmeId)) throw new ServiceError(404, "errors.notFound");
  return async (cursor: string | null) => {
    const db = await getDb();
    const rows = await queryRows<SubsidyExportRow & { id: string }>(db, sql`
      select a.id, p.code as programme_code, p.name_zh as programme_name, o.name as enterprise_name, o.uscc, pk.name_zh as park_zh, pk.name_en as park_en,
        a.status::text as status, a.requested_fen::text, a.approved_fen::text, a.paid_fen::text, a.paid_on::text, a.payment_reference, a.decision_reason,
        to_char(a.created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as applied_at
      from subsidy_applications a join subsidy_programmes p on p.id = a.programme_id join organizations o on o.id = a.enterprise_org_id
      left join parks pk on pk.id = o.park_id
      where (${programmeId}::uuid is null or a.programme_id = ${programmeId}::uuid) and (${cursor}::uuid is null or a.id > ${cursor}::uuid)
      order by a.id limit ${batchSize}`);
    return { rows, next: rows.length === batchSize ? rows[rows.length - 1]!.id : null };
  };
}
