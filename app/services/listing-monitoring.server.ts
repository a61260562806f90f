import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "#db/client.server";
import { ipAssets, listingAssets, listings } from "#db/schema/index";
import { annuityAlert } from "#app/domain/annuity";
import { shanghaiDate } from "#app/domain/dates";
import { renewalAlert } from "#app/domain/renewal";
import { notifyOrgMembers } from "./notifications.server";
import { MONITORING_HORIZON } from "./collateral-monitoring.server";

/**
 * What keeps the rights on the market alive (published or paused listings): a patent's annuities, a
 * trademark's renewal. An unpaid annuity lapses the patent and an unrenewed trademark is cancelled,
 * killing the listing, so the owner hears of each deadline, each grace month and each renewal phase
 * once. Pledged assets are watched by the collateral sweep, which also tells the bank.
 */
export async function sweepListedAssets(db: Db, asOf: string = shanghaiDate()) {
  const rows = await db
    .selectDistinct({
      id: ipAssets.id, number: ipAssets.number, kind: ipAssets.kind, filingDate: ipAssets.filingDate, expiryDate: ipAssets.expiryDate,
      annuityPaidThrough: ipAssets.annuityPaidThrough, ownerOrgId: ipAssets.ownerOrgId,
    })
    .from(listings)
    .innerJoin(listingAssets, eq(listingAssets.listingId, listings.id))
    .innerJoin(ipAssets, eq(ipAssets.id, listingAssets.assetId))
    .where(and(inArray(listings.status, ["published", "paused"]), eq(ipAssets.legalStatus, "valid")));
  let sent = 0;
  for (const a of rows) {
    const alert = annuityAlert(a, asOf, MONITORING_HORIZON.annuityDays) ?? renewalAlert(a, asOf, MONITORING_HORIZON.annuityDays);
    if (!alert) continue;
    sent += await notifyOrgMembers(db, {
      orgId: a.ownerOrgId, kind: `market.alert.${alert.kind}`, params: alert.params,
      link: `/assets/${a.id}`, dedupeKey: `listed-${alert.key}`,
    });
  }
  return { assets: rows.length, sent };
}
