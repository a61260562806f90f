import { and, eq, inArray, ne } from "drizzle-orm";
import type { Db } from "#db/client.server";
import { ipAssets, listingAssets, listings } from "#db/schema/index";
import { annuityAlert } from "#app/domain/financing/annuity";
import { shanghaiDate } from "#app/domain/financing/dates";
import { notifyOrgMembers } from "./notifications.server";
import { MONITORING_HORIZON } from "./collateral-monitoring.server";

/**
 * Annuities of patents offered on the market (published or paused listings): an unpaid annuity
 * lapses the patent and kills the listing, so the owner hears of each deadline and each grace month
 * once. Pledged patents are watched by the collateral sweep, which also tells the bank.
 */
export async function sweepListedAnnuities(db: Db, asOf: string = shanghaiDate()) {
  const rows = await db
    .selectDistinct({
      id: ipAssets.id, number: ipAssets.number, kind: ipAssets.kind, filingDate: ipAssets.filingDate,
      annuityPaidThrough: ipAssets.annuityPaidThrough, ownerOrgId: ipAssets.ownerOrgId,
    })
    .from(listings)
    .innerJoin(listingAssets, eq(listingAssets.listingId, listings.id))
    .innerJoin(ipAssets, eq(ipAssets.id, listingAssets.assetId))
    .where(and(inArray(listings.status, ["published", "paused"]), ne(ipAssets.kind, "trademark"), eq(ipAssets.legalStatus, "valid")));
  let sent = 0;
  for (const a of rows) {
    const alert = annuityAlert(a, asOf, MONITORING_HORIZON.annuityDays);
    if (!alert) continue;
    sent += await notifyOrgMembers(db, {
      orgId: a.ownerOrgId, kind: `market.alert.${alert.kind}`, params: alert.params,
      link: `/assets/${a.id}`, dedupeKey: `listed-${alert.key}`,
    });
  }
  return { assets: rows.length, sent };
}
