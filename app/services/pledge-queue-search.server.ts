import { sql, type SQL } from "drizzle-orm";
import { organizations, pledgeApplications } from "#db/schema/index";
import { applicationNumberPrefix } from "#app/domain/financing/application-number";

/**
 * What the bank's queue and the admin's registration desk share so that applications can be told
 * apart: the pledged assets' numbers, and a search by application number, asset number or company.
 * Both queries join pledge_applications and organizations, so their columns are qualified.
 */
export const applicationAssetNumbers = sql<string[]>`coalesce((select array_agg(a.number order by a.number) from application_assets aa
  join ip_assets a on a.id = aa.asset_id where aa.application_id = ${pledgeApplications.id}), '{}')`;

export function queueSearch(input: string | undefined): SQL | null {
  const q = input?.trim().slice(0, 60);
  if (!q) return null;
  const prefix = applicationNumberPrefix(q);
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql`(${organizations.name} ilike ${like}
    ${prefix ? sql`or replace(${pledgeApplications.id}::text, '-', '') like ${`${prefix}%`}` : sql``}
    or exists (select 1 from application_assets aa join ip_assets a on a.id = aa.asset_id
      where aa.application_id = ${pledgeApplications.id} and a.number ilike ${like}))`;
}
