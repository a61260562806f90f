import { sql } from "drizzle-orm";
import { getDb, queryRows, type Executor } from "#db/client.server";
import { shanghaiDate, yearOf } from "#app/domain/dates";
import type { Actor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";

/**
 * The IP insurance amount against Xuhui's target (+20 % a year, DOMAIN.md): the cover of the policies
 * issued on the platform, by the year they start, city-wide and for the insured enterprises of the
 * district. The target for a year is the district's amount of the year before, grown by `growthBp`.
 * Its own function beside the campaign dashboards, so their queries stay as they are.
 */
export const INSURANCE_TARGET = { district: "徐汇区", growthBp: 2000 };

/** The cover of the policies issued on the platform by the year they start: city-wide and for one district's insured. */
export async function insuredCoverByYear(db: Executor, district: string | null) {
  const rows = await queryRows<{ year: number; policies: number; city: string; district: string }>(db, sql`
    select extract(year from p.starts_on)::int as year, count(*)::int as policies, sum(p.cover_fen)::text as city,
      coalesce(sum(p.cover_fen) filter (where o.district = ${district}), 0)::text as district
    from insurance_policies p join organizations o on o.id = p.insured_org_id
    where p.starts_on is not null and p.cover_fen is not null and p.status in ('active', 'expired', 'cancelled')
    group by 1 order by 1`);
  return rows.map((r) => ({ year: Number(r.year), policies: Number(r.policies), cityFen: BigInt(r.city), districtFen: BigInt(r.district) }));
}

export async function insuredAmountProgress(actor: Actor, opts: { district?: string; growthBp?: number; asOf?: string } = {}, exec?: Executor) {
  requireCan(actor, "insurance.progress");
  const district = opts.district ?? INSURANCE_TARGET.district;
  const growthBp = opts.growthBp ?? INSURANCE_TARGET.growthBp;
  const years = await insuredCoverByYear(exec ?? (await getDb()), district);
  const year = yearOf(opts.asOf ?? shanghaiDate());
  const base = years.find((y) => y.year === year - 1)?.districtFen ?? 0n;
  const actual = years.find((y) => y.year === year)?.districtFen ?? 0n;
  // Rounded up: a target is met only by reaching it.
  const targetFen = (base * BigInt(10_000 + growthBp) + 9_999n) / 10_000n;
  return { years, target: { year, district, growthBp, baseFen: base, targetFen, actualFen: actual } };
}
