import { asc, desc, eq, ne, sql } from "drizzle-orm";
import { getDb, queryRows, type Executor } from "#db/client.server";
import { policyTargets, populations } from "#db/schema/index";
import { toJsonValue } from "#app/domain/valuation/codec";
import { shanghaiDate, yearOf } from "#app/domain/dates";
import type { PolicyTargetInput, PopulationInput } from "#app/domain/forms/campaigns";
import type { Actor } from "#app/domain/policy/index";
import { per10k, reachedBp, TARGET_UNIT, type TargetMetric, type TargetScope } from "#app/domain/targets";
import { PARAMETERS } from "#app/domain/valuation/parameters";
import { insuredCoverByYear } from "./insurance-progress.server";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { isUniqueViolation } from "./accounts.server";
import { audit } from "./operations.server";

/**
 * Policy targets an admin maintains (with the populations that per-10,000-people targets divide by),
 * and the progress of the targets that are not pledge money: IP trading, IP insurance growth, high-value
 * invention patents (a count, and per 10,000 people). The pledge-money targets are measured with the
 * rest of the platform dashboard (`platformProgress`).
 */

const userIdOf = (actor: Actor) => (actor.type === "user" ? actor.userId : null);

export async function listPolicyTargets(actor: Actor) {
  requireCan(actor, "policyTarget.manage");
  const db = await getDb();
  return db.select().from(policyTargets).orderBy(asc(policyTargets.scope), asc(policyTargets.fromYear), asc(policyTargets.code));
}

export async function savePolicyTarget(actor: Actor, input: PolicyTargetInput) {
  requireCan(actor, "policyTarget.manage");
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const values = {
        code: input.code, metric: input.metric, scope: input.scope, scopeKey: input.scopeKey, labelZh: input.labelZh, labelEn: input.labelEn,
        period: input.period, fromYear: input.fromYear, toYear: input.toYear, targetAmount: input.targetAmount, targetValue: input.targetValue,
        baselineYear: input.baselineYear, baselineValue: input.baselineValue, source: input.source || null, updatedBy: userIdOf(actor), updatedAt: new Date(),
      };
      if (input.id) {
        const [before] = await tx.select().from(policyTargets).where(eq(policyTargets.id, input.id)).for("update");
        if (!before) throw new ServiceError(404, "errors.notFound");
        await tx.update(policyTargets).set(values).where(eq(policyTargets.id, input.id));
        await audit(tx, actor, { action: "policy-target.updated", entityType: "policy_target", entityId: input.id, before: toJsonValue(before) as object, after: toJsonValue(values) as object });
        return { id: input.id };
      }
      const [row] = await tx.insert(policyTargets).values(values).returning({ id: policyTargets.id });
      await audit(tx, actor, { action: "policy-target.created", entityType: "policy_target", entityId: row!.id, after: toJsonValue(values) as object });
      return { id: row!.id };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new ServiceError(400, "errors.fixBelow", { code: ["progress.targets.codeTaken"] });
    throw e;
  }
}

export async function listPopulations(actor: Actor) {
  requireCan(actor, "policyTarget.manage");
  const db = await getDb();
  return db.select().from(populations).orderBy(asc(populations.scope), asc(populations.scopeKey), desc(populations.year));
}

/** Records a scope's population for a year; the same scope and year again replaces the figure (audited with the old one). */
export async function savePopulation(actor: Actor, input: Omit<PopulationInput, "intent">) {
  requireCan(actor, "policyTarget.manage");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const values = { scope: input.scope, scopeKey: input.scopeKey, year: input.year, people: input.people, source: input.source || null, updatedBy: userIdOf(actor), updatedAt: new Date() };
    const [before] = await tx.select().from(populations)
      .where(sql`${populations.scope} = ${input.scope} and ${populations.scopeKey} = ${input.scopeKey} and ${populations.year} = ${input.year}`).for("update");
    const [row] = await tx.insert(populations).values(values)
      .onConflictDoUpdate({ target: [populations.scope, populations.scopeKey, populations.year], set: { people: values.people, source: values.source, updatedBy: values.updatedBy, updatedAt: values.updatedAt } })
      .returning({ id: populations.id });
    await audit(tx, actor, {
      action: before ? "population.updated" : "population.created", entityType: "population", entityId: row!.id,
      before: before ? (toJsonValue(before) as object) : undefined, after: toJsonValue(values) as object,
    });
    return { id: row!.id };
  });
}

type Target = typeof policyTargets.$inferSelect;
type Population = typeof populations.$inferSelect;

/** Why a target shows no figure: the platform does not record the metric yet, or a population is missing. */
export type ActualNote = "progress.metric.notRecorded" | "progress.metric.noPopulation";
export type MetricActual = { value: bigint | null; note?: ActualNote; population?: { year: number; people: number } };

/** `district` / `park` scopes as SQL over an organisation row `o` with its park `pk`. */
const inScope = (scope: TargetScope, key: string) =>
  scope === "city" ? sql`true` : scope === "district" ? sql`o.district = ${key}` : sql`pk.code = ${key}`;

/**
 * Live, granted invention patents that meet a high-value criterion, by the owner's scope — the rules of
 * `highValueReasons` (valuation parameters; annuities within grace by `annuity_grace_ends`).
 */
async function highValueCount(exec: Executor, scope: TargetScope, key: string, today: string): Promise<number> {
  const hv = PARAMETERS.highValue;
  const list = (xs: readonly string[]) => sql.join(xs.map((s) => sql`${s}`), sql`, `);
  const [row] = await queryRows<{ n: number }>(exec, sql`
    select count(*)::int as n
    from ip_assets a join organizations o on o.id = a.owner_org_id left join parks pk on pk.id = o.park_id
    where a.kind = 'invention' and a.legal_status = 'valid' and a.expiry_date >= ${today}::date
      and (a.annuity_paid_through is null or annuity_grace_ends(a.filing_date, a.annuity_paid_through) >= ${today}::date)
      and ${inScope(scope, key)}
      and (a.industry in (${list(hv.strategicIndustries)}) or a.overseas_family_count > 0
        or (a.filing_date + make_interval(years => ${hv.maintainedYears}))::date < ${today}::date
        or a.awards && array[${list(hv.awards)}]::text[]
        or exists (select 1 from pledge_facts f join application_assets aa on aa.application_id = f.application_id
                   where aa.asset_id = a.id and f.disbursed_on is not null and f.principal >= ${hv.pledgeFinancedFen.toString()}::bigint))`);
  return Number(row?.n ?? 0);
}

/** The latest population recorded for the scope up to `year` (else the earliest after it). */
function populationFor(all: Population[], t: Target, year: number) {
  const mine = all.filter((p) => p.scope === t.scope && p.scopeKey === t.scopeKey).sort((a, b) => b.year - a.year);
  return mine.find((p) => p.year <= year) ?? mine[mine.length - 1] ?? null;
}

const ACTUALS: Record<Exclude<TargetMetric, "pledge_registered">, (exec: Executor, t: Target, ctx: { today: string; populations: Population[] }) => Promise<MetricActual>> = {
  /** Deals completed on the platform in the period, by the seller's district or park, at their price. */
  async ip_trading(exec, t) {
    const [row] = await queryRows<{ amount: string }>(exec, sql`
      select coalesce(sum(d.price_fen), 0)::text as amount
      from deals d join organizations o on o.id = d.seller_org_id left join parks pk on pk.id = o.park_id
      where d.status = 'completed' and d.completed_at is not null
        and extract(year from (d.completed_at at time zone 'Asia/Shanghai'))::int between ${t.fromYear} and ${t.toYear}
        and ${inScope(t.scope, t.scopeKey)}`);
    return { value: BigInt(row?.amount ?? "0") };
  },
  /** Growth of the insured amount (policies issued on the platform) this year over last year, in basis points. */
  async ip_insurance(exec, t, ctx) {
    const years = await insuredCoverByYear(exec, t.scope === "district" ? t.scopeKey : null);
    const amount = (y: number) => {
      const row = years.find((r) => r.year === y);
      return row ? (t.scope === "district" ? row.districtFen : row.cityFen) : 0n;
    };
    const year = yearOf(ctx.today);
    const base = amount(year - 1);
    if (base === 0n) return { value: null, note: "progress.metric.notRecorded" };
    return { value: ((amount(year) - base) * 10_000n) / base };
  },
  async high_value_patents(exec, t, ctx) {
    return { value: BigInt(await highValueCount(exec, t.scope, t.scopeKey, ctx.today)) };
  },
  async high_value_per_10k(exec, t, ctx) {
    const pop = populationFor(ctx.populations, t, yearOf(ctx.today));
    if (!pop) return { value: null, note: "progress.metric.noPopulation" };
    const count = await highValueCount(exec, t.scope, t.scopeKey, ctx.today);
    return { value: per10k(count, pop.people), population: { year: pop.year, people: pop.people } };
  },
};

/** Every target that is not pledge money, with what the platform records against it. */
export async function targetMetricProgress(actor: Actor, exec?: Executor) {
  requireCan(actor, "progress.platform");
  const db = exec ?? (await getDb());
  const today = shanghaiDate();
  const targets = await db.select().from(policyTargets).where(ne(policyTargets.metric, "pledge_registered"))
    .orderBy(asc(policyTargets.scope), asc(policyTargets.fromYear), asc(policyTargets.code));
  const pops = targets.length ? await db.select().from(populations) : [];
  const out = [];
  for (const t of targets) {
    const metric = t.metric as Exclude<TargetMetric, "pledge_registered">;
    const actual = await ACTUALS[metric](db, t, { today, populations: pops });
    const target = t.targetAmount ?? t.targetValue ?? 0n;
    out.push({
      id: t.id, code: t.code, metric, unit: TARGET_UNIT[metric], scope: t.scope, scopeKey: t.scopeKey, labelZh: t.labelZh, labelEn: t.labelEn,
      period: t.period, fromYear: t.fromYear, toYear: t.toYear, target, baselineYear: t.baselineYear, baselineValue: t.baselineValue, source: t.source,
      actual: actual.value, note: actual.note ?? null, population: actual.population ?? null, reachedBp: reachedBp(actual.value, target),
    });
  }
  return out;
}
export type TargetMetricRow = Awaited<ReturnType<typeof targetMetricProgress>>[number];
