import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb, queryRows, type Executor } from "#db/client.server";
import {
  bankProducts, campaignBankProducts, campaignBanks, campaignEnrolments, campaignParks, organizations, parks, whitelistImports,
} from "#db/schema/index";
import type { CampaignStatus } from "#app/domain/campaign";
import { decide, isPlatformAdmin, type Actor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { campaignRef, loadCampaign, orgIdOf } from "./campaigns-shared.server";
import { listEnrolments } from "./campaign-whitelist.server";
import { listEvents, listLetters } from "./campaign-events.server";

/** A campaign as it is read: by its admins (everything), and by the enterprises and banks it serves. */

async function bankCatalogue(exec: Executor, campaignId: string) {
  const banks = await exec
    .select({ id: campaignBanks.id, bankOrgId: campaignBanks.bankOrgId, bankName: organizations.name, intendedCreditLine: campaignBanks.intendedCreditLine })
    .from(campaignBanks)
    .innerJoin(organizations, eq(organizations.id, campaignBanks.bankOrgId))
    .where(eq(campaignBanks.campaignId, campaignId))
    .orderBy(asc(organizations.name));
  const listed = banks.length
    ? await exec.select({ campaignBankId: campaignBankProducts.campaignBankId, productId: campaignBankProducts.productId })
        .from(campaignBankProducts).where(inArray(campaignBankProducts.campaignBankId, banks.map((b) => b.id)))
    : [];
  const products = banks.length
    ? await exec.select({
        id: bankProducts.id, bankOrgId: bankProducts.bankOrgId, name: bankProducts.name, description: bankProducts.description,
        minAmountFen: bankProducts.minAmountFen, maxAmountFen: bankProducts.maxAmountFen, minTermMonths: bankProducts.minTermMonths,
        maxTermMonths: bankProducts.maxTermMonths, spreadBp: bankProducts.spreadBp, status: bankProducts.status,
      }).from(bankProducts).where(inArray(bankProducts.bankOrgId, banks.map((b) => b.bankOrgId))).orderBy(asc(bankProducts.name))
    : [];
  return banks.map((b) => {
    const chosen = new Set(listed.filter((l) => l.campaignBankId === b.id).map((l) => l.productId));
    // None chosen: the bank brings all its active products.
    const offered = products.filter((p) => p.bankOrgId === b.bankOrgId && (chosen.size ? chosen.has(p.id) : p.status === "active"));
    return { ...b, allProducts: chosen.size === 0, productIds: [...chosen], products: offered };
  });
}

export async function getCampaignForAdmin(actor: Actor, id: string, opts: { after?: { name: string; id: string } | null } = {}) {
  requireCan(actor, "campaign.manage");
  const db = await getDb();
  const c = await loadCampaign(db, id);
  const [parkRows, banks, enrolments, counts, events, imports] = await Promise.all([
    db.select({ id: parks.id, nameZh: parks.nameZh, nameEn: parks.nameEn, district: parks.district }).from(campaignParks)
      .innerJoin(parks, eq(parks.id, campaignParks.parkId)).where(eq(campaignParks.campaignId, id)).orderBy(asc(parks.code)),
    bankCatalogue(db, id),
    listEnrolments(db, id, { after: opts.after }),
    queryRows<{ n: number; need: string; registered: number }>(db, sql`
      select count(*)::int as n, coalesce(sum(need_amount), 0)::text as need,
        count(*) filter (where exists (select 1 from organizations o where o.uscc = e.uscc and o.kind = 'enterprise'))::int as registered
      from campaign_enrolments e where campaign_id = ${id}`),
    listEvents(db, id),
    db.select({ id: whitelistImports.id, fileName: whitelistImports.fileName, status: whitelistImports.status, validCount: whitelistImports.validCount, errorCount: whitelistImports.errorCount, createdAt: whitelistImports.createdAt })
      .from(whitelistImports).where(eq(whitelistImports.campaignId, id)).orderBy(desc(whitelistImports.createdAt)).limit(10),
  ]);
  return {
    campaign: c, parks: parkRows, banks, enrolments,
    totals: { enrolments: Number(counts[0]?.n ?? 0), need: BigInt(counts[0]?.need ?? "0"), registered: Number(counts[0]?.registered ?? 0) },
    events, imports, letters: await listLetters(db, id),
  };
}

/** Campaigns an enterprise (its park, or its code on a whitelist) or a participating bank may see. */
export async function listCampaignsForViewer(actor: Actor) {
  const orgId = orgIdOf(actor);
  if (!orgId || isPlatformAdmin(actor)) return [];
  requireCan(actor, "business.use");
  const db = await getDb();
  const rows = await queryRows<{ id: string; name: string; status: CampaignStatus; starts_on: string; ends_on: string }>(db, sql`
    select c.id, c.name, c.status, c.starts_on::text, c.ends_on::text from campaigns c
    where c.status in ('active', 'closed') and (
      exists (select 1 from campaign_banks cb where cb.campaign_id = c.id and cb.bank_org_id = ${orgId})
      or exists (select 1 from campaign_parks cp join organizations o on o.park_id = cp.park_id
                 where cp.campaign_id = c.id and o.id = ${orgId} and o.kind = 'enterprise')
      or exists (select 1 from campaign_enrolments e join organizations o on o.uscc = e.uscc
                 where e.campaign_id = c.id and o.id = ${orgId} and o.kind = 'enterprise'))
    order by (c.status = 'active') desc, c.starts_on desc limit 100`);
  // The policy has the last word on each.
  const out = [];
  for (const r of rows) {
    const ref = await campaignRef(db, { id: r.id, status: r.status }, actor);
    if (decide(actor, "campaign.view", ref) === true) out.push({ id: r.id, name: r.name, status: r.status, startsOn: r.starts_on, endsOn: r.ends_on });
  }
  return out;
}

/**
 * A campaign as an enterprise or a bank sees it: the bank catalogue for everyone allowed in; the
 * whitelist with the needs only for the campaign's own banks; the enterprise's own entry for it.
 */
export async function getCampaignForViewer(actor: Actor, id: string, opts: { after?: { name: string; id: string } | null } = {}) {
  const db = await getDb();
  const c = await loadCampaign(db, id);
  const ref = await campaignRef(db, c, actor);
  requireCan(actor, "campaign.view", ref);
  const [parkRows, banks] = await Promise.all([
    db.select({ id: parks.id, nameZh: parks.nameZh, nameEn: parks.nameEn }).from(campaignParks)
      .innerJoin(parks, eq(parks.id, campaignParks.parkId)).where(eq(campaignParks.campaignId, id)).orderBy(asc(parks.code)),
    bankCatalogue(db, id),
  ]);
  const needs = decide(actor, "campaign.view-needs", ref) === true ? await listEnrolments(db, id, { after: opts.after }) : null;
  let own = null;
  const orgId = orgIdOf(actor);
  if (orgId && actor.type !== "system" && actor.orgKind === "enterprise") {
    const [org] = await db.select({ uscc: organizations.uscc }).from(organizations).where(eq(organizations.id, orgId));
    const [e] = await db.select({ id: campaignEnrolments.id, needAmount: campaignEnrolments.needAmount, purpose: campaignEnrolments.purpose })
      .from(campaignEnrolments).where(and(eq(campaignEnrolments.campaignId, id), eq(campaignEnrolments.uscc, org?.uscc ?? "")));
    own = e ?? null;
  }
  return {
    campaign: { id: c.id, name: c.name, description: c.description, status: c.status, startsOn: c.startsOn, endsOn: c.endsOn },
    parks: parkRows,
    banks: banks.map((b) => ({ bankOrgId: b.bankOrgId, bankName: b.bankName, intendedCreditLine: b.intendedCreditLine, products: b.products })),
    needs,
    own,
    canApply: decide(actor, "campaign.apply", ref) === true,
  };
}
