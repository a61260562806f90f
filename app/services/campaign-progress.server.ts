import { sql } from "drizzle-orm";
import { getDb, preparedRows, queryRows, type Executor } from "#db/client.server";
import { campaigns } from "#db/schema/index";
import { shanghaiDate } from "#app/domain/dates";
import { PARAMETERS } from "#app/domain/valuation/parameters";
import type { Actor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { isUuid } from "#app/domain/ids";

/**
 * Progress against targets: every figure is an SQL aggregation over the totals of the read model
 * (`campaign_industry_totals`, `campaign_bank_totals`, `campaign_totals`, `registration_totals`,
 * db/schema/progress.ts), which triggers keep equal to a GROUP BY over `pledge_facts` /
 * `pledge_review_facts`, themselves kept in step with the financing tables by triggers
 * (docs/decisions/campaign-progress-read-model.md); a dashboard reads dozens of rows, not 100,000.
 *
 * Definitions (shown on the dashboards):
 * - applied: applications made in the campaign and submitted (whatever happened next);
 * - approved: applications a bank made an offer on, at the accepted offer's amount (else the largest);
 * - registered: applications whose pledge was registered with CNIPA (incl. released later), at the
 *   registered loan's contract amount;
 * - disbursed: loans paid out, at their principal (a loan repaid or defaulted later stays disbursed);
 * - first-loan enterprises: financed enterprises whose first loan paid out on the platform is one of
 *   the campaign's;
 * - decision time: from the application's submission to each bank's offer or rejection.
 */

const big = (v: unknown) => BigInt((v as string | number | null) ?? 0);
const num = (v: unknown) => Number(v ?? 0);

/**
 * Runs a dashboard's independent statements: on PostgreSQL side by side on separate pooled
 * connections, one round trip each (they read the totals tables, small enough that the planner asks
 * for neither JIT nor parallel workers); given an executor (a test's transaction), one by one.
 */
async function statements<T extends unknown[]>(exec: Executor | undefined, fns: { [K in keyof T]: (tx: Executor) => Promise<T[K]> }): Promise<T> {
  if (exec) {
    const out: unknown[] = [];
    for (const fn of fns) out.push(await fn(exec));
    return out as T;
  }
  const db = await getDb();
  return Promise.all(fns.map((fn) => fn(db))) as Promise<T>;
}

export type CampaignProgress = Awaited<ReturnType<typeof campaignProgress>>;

export async function campaignProgress(actor: Actor, campaignId: string, exec?: Executor) {
  requireCan(actor, "campaign.dashboard");
  if (!isUuid(campaignId)) throw new ServiceError(404, "errors.notFound");
  // One statement, prepared on PostgreSQL (a dashboard of a usual size costs more to parse and plan
  // than to read): the campaign (unknown: 404) and the three parts of its figures, each as JSON.
  type CampaignJson = { id: string; name: string; status: (typeof campaigns.$inferSelect)["status"]; starts_on: string; ends_on: string; target_amount: string; target_enterprises: number };
  // json columns: both postgres.js and PGlite hand them over parsed.
  const [row] = await preparedRows<{ campaign: CampaignJson | null; industries: Row[]; people: Row | null; banks: Row[] }>(exec, sql`
    select
      (select json_build_object('id', c.id, 'name', c.name, 'status', c.status, 'starts_on', c.starts_on, 'ends_on', c.ends_on,
          'target_amount', c.target_amount::text, 'target_enterprises', c.target_enterprises)
        from campaigns c where c.id = ${campaignId}) as campaign,
      -- Sums and counts, in total (the grouping set ()) and per industry, from the per-industry totals.
      (select coalesce(json_agg(g order by g.ord), '[]') from (
        select industry, grouping(industry) as is_total,
          row_number() over (order by grouping(industry) desc, sum(applied_amount) desc, industry) as ord,
          sum(applied_count)::int as applied_count, coalesce(sum(applied_amount), 0)::text as applied_amount,
          sum(approved_count)::int as approved_count, coalesce(sum(approved_amount), 0)::text as approved_amount,
          sum(registered_count)::int as registered_count, coalesce(sum(registered_amount), 0)::text as registered_amount,
          sum(disbursed_count)::int as disbursed_count, coalesce(sum(disbursed_amount), 0)::text as disbursed_amount,
          sum(settled_count)::int as settled_count, sum(settled_early_count)::int as settled_early_count,
          sum(defaulted_count)::int as defaulted_count, coalesce(sum(defaulted_amount), 0)::text as defaulted_amount,
          coalesce(sum(outstanding_amount), 0)::text as outstanding_amount, sum(financed_enterprises)::int as financed_enterprises
        from campaign_industry_totals where campaign_id = ${campaignId} and applied_count > 0
        group by grouping sets ((), (industry))) g) as industries,
      -- Enterprises (distinct, financed, first loans) and the whitelist from the campaign's totals; the letters.
      (select row_to_json(p) from (
        select t.applied_enterprises, t.financed_enterprises, t.first_loan_enterprises, t.whitelist_count, t.whitelist_need::text as whitelist_need,
          (select count(*) from letters_of_intent where campaign_id = ${campaignId})::int as letters_count,
          (select coalesce(sum(intended_amount), 0) from letters_of_intent where campaign_id = ${campaignId})::text as letters_amount
        from (select) one left join campaign_totals t on t.campaign_id = ${campaignId}) p) as people,
      -- Per bank: the totals, and the median decision time read from the middle of the decisions index
      -- (percentile_cont(0.5): the middle value, or the two middle ones interpolated half-way).
      (select coalesce(json_agg(b order by b.bank_name, b.bank_org_id), '[]') from (
        with rb as (select bank_org_id, routed, offers, offered_amount, rejected, disbursed_amount, decisions
            from campaign_bank_totals where campaign_id = ${campaignId}),
          bs as (select bank_org_id from campaign_banks where campaign_id = ${campaignId} union select bank_org_id from rb where routed > 0)
        select bs.bank_org_id, o.name as bank_name,
          exists (select 1 from campaign_banks cb where cb.campaign_id = ${campaignId} and cb.bank_org_id = bs.bank_org_id) as in_campaign,
          coalesce(rb.routed, 0) as routed, coalesce(rb.offers, 0) as offers, coalesce(rb.offered_amount, 0)::text as offered_amount,
          coalesce(rb.rejected, 0) as rejected, coalesce(rb.disbursed_amount, 0)::text as disbursed_amount, coalesce(rb.decisions, 0) as decisions,
          round((case when coalesce(rb.decisions, 0) = 0 then null when rb.decisions % 2 = 1 then m.d[1] else m.d[1] + (m.d[2] - m.d[1]) * 0.5::float8 end)::numeric, 1)::float8 as median_days
        from bs join organizations o on o.id = bs.bank_org_id
        left join rb on rb.bank_org_id = bs.bank_org_id
        -- offset 0 keeps the subquery a subquery (read once), not an expression copied into each use.
        left join lateral (select array(select r.decision_days from pledge_review_facts r
            where r.campaign_id = ${campaignId} and r.bank_org_id = bs.bank_org_id and r.submitted_at is not null and r.decision_days is not null
            order by r.decision_days offset greatest((coalesce(rb.decisions, 0) - 1) / 2, 0) limit 2) as d offset 0) m on true) b) as banks`);
  const c = row?.campaign;
  const rows = row?.industries ?? [];
  const people = row?.people;
  const banks = row?.banks ?? [];

  if (!c) throw new ServiceError(404, "errors.notFound");
  const t = rows.find((r) => Number(r.is_total) === 1) ?? {};
  const e = people ?? {};
  return {
    campaign: { id: c.id, name: c.name, status: c.status, startsOn: c.starts_on, endsOn: c.ends_on, targetAmount: BigInt(c.target_amount), targetEnterprises: c.target_enterprises },
    applied: { count: num(t.applied_count), amount: big(t.applied_amount), enterprises: num(e.applied_enterprises) },
    approved: { count: num(t.approved_count), amount: big(t.approved_amount) },
    registered: { count: num(t.registered_count), amount: big(t.registered_amount) },
    disbursed: { count: num(t.disbursed_count), amount: big(t.disbursed_amount) },
    financedEnterprises: num(e.financed_enterprises),
    firstLoanEnterprises: num(e.first_loan_enterprises),
    outstanding: big(t.outstanding_amount),
    settled: { count: num(t.settled_count), early: num(t.settled_early_count) },
    defaulted: { count: num(t.defaulted_count), amount: big(t.defaulted_amount) },
    whitelist: { count: num(e.whitelist_count), need: big(e.whitelist_need) },
    letters: { count: num(e.letters_count), amount: big(e.letters_amount) },
    banks: banks.map((b) => ({
      bankOrgId: String(b.bank_org_id), bankName: String(b.bank_name), inCampaign: Boolean(b.in_campaign), routed: num(b.routed), offers: num(b.offers),
      offeredAmount: big(b.offered_amount), rejected: num(b.rejected), disbursedAmount: big(b.disbursed_amount), decisions: num(b.decisions),
      medianDays: b.median_days === null || b.median_days === undefined ? null : Number(b.median_days),
    })),
    industries: rows.filter((r) => Number(r.is_total) === 0).map((r) => ({
      industry: String(r.industry), appliedCount: num(r.applied_count), appliedAmount: big(r.applied_amount),
      approvedAmount: big(r.approved_amount), disbursedAmount: big(r.disbursed_amount), financedEnterprises: num(r.financed_enterprises),
    })),
  };
}

type Row = Record<string, string | number | boolean | null>;

// ---------------------------------------------------------------------------------------------
// The platform: pledge financing registered, against the policy targets

type DimRow = { dim: string; key: string | null; label_zh: string | null; label_en: string | null; count: number; amount: string };

export async function platformProgress(actor: Actor, exec?: Executor) {
  requireCan(actor, "progress.platform");
  // The high-value criteria in SQL, by the same rules as `highValueCriteria` (valuation parameters) and
  // for the same live patents as `highValueReasons`: granted, in term, annuities within grace (the SQL
  // function `annuity_grace_ends` is the annuity rule of app/domain/annuity.ts).
  const hv = PARAMETERS.highValue;
  const list = (xs: readonly string[]) => sql.join(xs.map((s) => sql`${s}`), sql`, `);
  const today = shanghaiDate();
  const [dims, targets, hvRows] = await statements<[DimRow[], Row[], Row[]]>(exec, [
    // Every dimension in one pass over the registration totals (GROUPING SETS), names joined afterwards.
    (db) => queryRows<DimRow>(db, sql`
      with g as (
        select year, district, park_id, bank_org_id, industry,
          grouping(year) as g_year, grouping(district) as g_district, grouping(park_id) as g_park,
          grouping(bank_org_id) as g_bank, grouping(industry) as g_industry,
          sum(registrations)::int as count, sum(amount) as amount
        from registration_totals where registrations > 0
        group by grouping sets ((year), (district), (park_id), (bank_org_id), (industry)))
      select case when g.g_year = 0 then 'year' when g.g_district = 0 then 'district' when g.g_park = 0 then 'park' when g.g_bank = 0 then 'bank' else 'industry' end as dim,
        case when g.g_year = 0 then g.year::text when g.g_district = 0 then g.district when g.g_park = 0 then pk.code when g.g_bank = 0 then g.bank_org_id::text else g.industry end as key,
        case when g.g_park = 0 then pk.name_zh when g.g_bank = 0 then bk.name end as label_zh,
        case when g.g_park = 0 then pk.name_en when g.g_bank = 0 then bk.name end as label_en,
        g.count, g.amount::text as amount
      from g left join parks pk on g.g_park = 0 and pk.id = g.park_id left join organizations bk on g.g_bank = 0 and bk.id = g.bank_org_id
      order by dim, g.amount desc, key`),
    (db) => queryRows<Row>(db, sql`
      with fine as materialized (
        select r.year, r.district, pk.code as park_code, sum(r.amount) as amount
        from registration_totals r left join parks pk on pk.id = r.park_id where r.registrations > 0 group by 1, 2, 3)
      select t.id, t.code, t.scope::text, t.scope_key, t.label_zh, t.label_en, t.period::text, t.from_year, t.to_year,
        t.target_amount::text, t.source,
        (select coalesce(sum(amount), 0) from fine
          where fine.year between t.from_year and t.to_year
            and (t.scope = 'city' or (t.scope = 'district' and fine.district = t.scope_key) or (t.scope = 'park' and fine.park_code = t.scope_key)))::text as actual
      from policy_targets t where t.metric = 'pledge_registered' order by t.scope, t.from_year, t.code`),
    (db) => queryRows<Row>(db, sql`
      with high_financed as (
        select distinct aa.asset_id from pledge_facts f join application_assets aa on aa.application_id = f.application_id
        where f.disbursed_on is not null and f.principal >= ${hv.pledgeFinancedFen.toString()}::bigint),
      inv as (
        select a.industry in (${list(hv.strategicIndustries)}) as strategic,
          a.overseas_family_count > 0 as overseas,
          (a.filing_date + make_interval(years => ${hv.maintainedYears}))::date < ${today}::date as maintained,
          a.awards && array[${list(hv.awards)}]::text[] as awarded,
          h.asset_id is not null as high_pledge
        from ip_assets a left join high_financed h on h.asset_id = a.id
        where a.kind = 'invention' and a.legal_status = 'valid' and a.expiry_date >= ${today}::date
          and (a.annuity_paid_through is null or annuity_grace_ends(a.filing_date, a.annuity_paid_through) >= ${today}::date))
      select count(*)::int as valid_inventions,
        count(*) filter (where strategic or overseas or maintained or awarded or high_pledge)::int as high_value,
        count(*) filter (where strategic)::int as strategic, count(*) filter (where overseas)::int as overseas,
        count(*) filter (where maintained)::int as maintained, count(*) filter (where awarded)::int as awarded,
        count(*) filter (where high_pledge)::int as high_pledge
      from inv`),
  ]);
  const counts = hvRows[0];
  const dim = (name: string) => dims.filter((r) => r.dim === name).map((r) => ({ key: r.key, labelZh: r.label_zh, labelEn: r.label_en, count: num(r.count), amount: big(r.amount) }));
  return {
    byYear: dims.filter((r) => r.dim === "year").map((r) => ({ year: num(r.key), count: num(r.count), amount: big(r.amount) })).sort((a, b) => a.year - b.year),
    byDistrict: dim("district"), byPark: dim("park"), byBank: dim("bank"), byIndustry: dim("industry"),
    targets: targets.map((t) => ({
      id: String(t.id), code: String(t.code), scope: String(t.scope) as "city" | "district" | "park", scopeKey: String(t.scope_key),
      labelZh: String(t.label_zh), labelEn: String(t.label_en), period: String(t.period) as "annual" | "cumulative",
      fromYear: num(t.from_year), toYear: num(t.to_year), targetAmount: big(t.target_amount), source: (t.source as string | null) ?? null, actual: big(t.actual),
    })),
    highValuePatents: {
      validInventions: num(counts?.valid_inventions), highValue: num(counts?.high_value), strategic: num(counts?.strategic), overseas: num(counts?.overseas),
      maintained: num(counts?.maintained), awarded: num(counts?.awarded), highPledge: num(counts?.high_pledge),
    },
  };
}

// Policy targets are edited in ./policy-targets.server.ts (with the metrics that are not pledge money).
