import { sql, type SQL } from "drizzle-orm";
import { organizations, pledgeApplications } from "#db/schema/index";
import { applicationNumberPrefix } from "#app/domain/financing/application-number";
import type { QueueFilter } from "#app/domain/forms/financing";

/**
 * What the bank's queue and the admin's registration desk share so that applications can be told
 * apart: the pledged assets (number, kind and title), and a search by application number, asset
 * number or title, or company, within a range of submission dates.
 * Both queries join pledge_applications and organizations, so their columns are qualified.
 */
export type QueueAsset = { number: string; kind: "invention" | "utility_model" | "design" | "trademark"; title: string; titleEn: string | null };

export const applicationAssetList = sql<QueueAsset[]>`coalesce((select json_agg(json_build_object('number', a.number, 'kind', a.kind, 'title', a.title, 'titleEn', a.title_en) order by a.number)
  from application_assets aa join ip_assets a on a.id = aa.asset_id where aa.application_id = ${pledgeApplications.id}), '[]'::json)`;

/** The filter's conditions: text over company, number and assets; submission date from/to (Shanghai days, inclusive). */
export function queueConditions(f: Pick<QueueFilter, "q" | "from" | "to">): SQL[] {
  const out: SQL[] = [];
  const q = f.q?.trim().slice(0, 60);
  if (q) {
    const prefix = applicationNumberPrefix(q);
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    out.push(sql`(${organizations.name} ilike ${like}
      ${prefix ? sql`or replace(${pledgeApplications.id}::text, '-', '') like ${`${prefix}%`}` : sql``}
      or exists (select 1 from application_assets aa join ip_assets a on a.id = aa.asset_id
        where aa.application_id = ${pledgeApplications.id} and (a.number ilike ${like} or a.title ilike ${like} or a.title_en ilike ${like})))`);
  }
  if (f.from) out.push(sql`${pledgeApplications.submittedAt} >= (${f.from}::date)::timestamp at time zone 'Asia/Shanghai'`);
  if (f.to) out.push(sql`${pledgeApplications.submittedAt} < (${f.to}::date + 1)::timestamp at time zone 'Asia/Shanghai'`);
  return out;
}
