import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/client.server";
import {
  bankProducts, campaignBankProducts, campaignBanks, campaignEnrolments, campaignParks, campaigns, organizations, parks,
} from "#db/schema/index";
import { campaignLifecycle, type CampaignEvent } from "#app/domain/campaign";
import type { CampaignInput } from "#app/domain/forms/campaigns";
import { decide, type Actor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { audit, enqueue } from "./operations.server";
import { isUuid } from "#app/domain/ids";
import { campaignRef, loadCampaign, next, userIdOf } from "./campaigns-shared.server";

/** 入园惠企 campaigns, for admins: the campaign, its parks and banks; and the checks other contexts ask of a campaign. */

export async function listCampaigns(actor: Actor) {
  requireCan(actor, "campaign.manage");
  const db = await getDb();
  return db
    // The subqueries name "campaigns"."id" outright: in a one-table select drizzle leaves ${campaigns.id}
    // unqualified, and inside `from campaign_banks cb` a bare "id" is the bank row's own id (counts of 0).
    .select({
      id: campaigns.id, name: campaigns.name, status: campaigns.status, startsOn: campaigns.startsOn, endsOn: campaigns.endsOn,
      targetAmount: campaigns.targetAmount, targetEnterprises: campaigns.targetEnterprises,
      parksZh: sql<string>`coalesce((select string_agg(p.name_zh, '、' order by p.code) from campaign_parks cp join parks p on p.id = cp.park_id where cp.campaign_id = "campaigns"."id"), '')`,
      parksEn: sql<string>`coalesce((select string_agg(p.name_en, ', ' order by p.code) from campaign_parks cp join parks p on p.id = cp.park_id where cp.campaign_id = "campaigns"."id"), '')`,
      banks: sql<number>`(select count(*)::int from campaign_banks cb where cb.campaign_id = "campaigns"."id")`,
      enrolments: sql<number>`(select count(*)::int from campaign_enrolments ce where ce.campaign_id = "campaigns"."id")`,
    })
    .from(campaigns)
    .orderBy(desc(campaigns.startsOn), desc(campaigns.createdAt))
    .limit(200);
}

/** Verified banks and the parks, for the campaign forms. */
export async function campaignFormOptions(actor: Actor) {
  requireCan(actor, "campaign.manage");
  const db = await getDb();
  const [banks, parkRows, products] = await Promise.all([
    db.select({ id: organizations.id, name: organizations.name }).from(organizations)
      .where(and(eq(organizations.kind, "bank"), eq(organizations.status, "verified"))).orderBy(asc(organizations.name)).limit(500),
    db.select({ id: parks.id, code: parks.code, nameZh: parks.nameZh, nameEn: parks.nameEn, district: parks.district }).from(parks).orderBy(asc(parks.code)),
    db.select({ id: bankProducts.id, bankOrgId: bankProducts.bankOrgId, name: bankProducts.name }).from(bankProducts)
      .where(eq(bankProducts.status, "active")).orderBy(asc(bankProducts.name)).limit(2000),
  ]);
  return { banks, parks: parkRows, products };
}

async function assertBanks(exec: Executor, bankOrgIds: string[]) {
  if (!bankOrgIds.length) return;
  const rows = await exec.select({ id: organizations.id }).from(organizations)
    .where(and(inArray(organizations.id, bankOrgIds), eq(organizations.kind, "bank"), eq(organizations.status, "verified")));
  if (rows.length !== new Set(bankOrgIds).size) throw new ServiceError(400, "errors.fixBelow", { bankOrgIds: ["campaign.errors.notABank"] });
}

async function assertParks(exec: Executor, parkIds: string[]) {
  const rows = await exec.select({ id: parks.id }).from(parks).where(inArray(parks.id, parkIds));
  if (rows.length !== new Set(parkIds).size) throw new ServiceError(400, "errors.fixBelow", { parkIds: ["errors.invalid"] });
}

export async function createCampaign(actor: Actor, input: CampaignInput) {
  requireCan(actor, "campaign.manage");
  const db = await getDb();
  return db.transaction(async (tx) => {
    await assertParks(tx, input.parkIds);
    await assertBanks(tx, input.bankOrgIds);
    const [c] = await tx.insert(campaigns).values({
      name: input.name, description: input.description || null, startsOn: input.startsOn, endsOn: input.endsOn,
      targetAmount: input.targetAmount, targetEnterprises: input.targetEnterprises, createdBy: userIdOf(actor),
    }).returning();
    await tx.insert(campaignParks).values([...new Set(input.parkIds)].map((parkId) => ({ campaignId: c!.id, parkId })));
    if (input.bankOrgIds.length) {
      await tx.insert(campaignBanks).values([...new Set(input.bankOrgIds)].map((bankOrgId) => ({ campaignId: c!.id, bankOrgId })));
    }
    await audit(tx, actor, {
      action: "campaign.created", entityType: "campaign", entityId: c!.id,
      after: { name: c!.name, period: [c!.startsOn, c!.endsOn], targetAmount: c!.targetAmount.toString(), targetEnterprises: c!.targetEnterprises, parkIds: input.parkIds, bankOrgIds: input.bankOrgIds },
    });
    return c!;
  });
}

export async function updateCampaign(actor: Actor, id: string, input: CampaignInput) {
  requireCan(actor, "campaign.manage");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const c = await loadCampaign(tx, id, { lock: true });
    if (c.status === "cancelled") throw new ServiceError(409, "errors.conflict");
    await assertParks(tx, input.parkIds);
    await tx.update(campaigns).set({
      name: input.name, description: input.description || null, startsOn: input.startsOn, endsOn: input.endsOn,
      targetAmount: input.targetAmount, targetEnterprises: input.targetEnterprises, updatedAt: new Date(),
    }).where(eq(campaigns.id, id));
    await tx.delete(campaignParks).where(eq(campaignParks.campaignId, id));
    await tx.insert(campaignParks).values([...new Set(input.parkIds)].map((parkId) => ({ campaignId: id, parkId })));
    await audit(tx, actor, {
      action: "campaign.updated", entityType: "campaign", entityId: id,
      before: { name: c.name, period: [c.startsOn, c.endsOn], targetAmount: c.targetAmount.toString(), targetEnterprises: c.targetEnterprises },
      after: { name: input.name, period: [input.startsOn, input.endsOn], targetAmount: input.targetAmount.toString(), targetEnterprises: input.targetEnterprises, parkIds: input.parkIds },
    });
    return { id };
  });
}

/**
 * Launch, close, reopen or cancel. Launching needs a park and a bank; it tells the banks and the
 * registered whitelisted enterprises (one notice each, however often it runs).
 */
export async function changeCampaignStatus(actor: Actor, id: string, event: CampaignEvent) {
  requireCan(actor, "campaign.manage");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const c = await loadCampaign(tx, id, { lock: true });
    const status = next("campaign", campaignLifecycle, c.status, event);
    const ref = await campaignRef(tx, c, actor);
    if (event === "launch" && (!ref.parkIds.length || !ref.bankOrgIds.length)) throw new ServiceError(422, "campaign.errors.launchNeedsBanks");
    const now = new Date();
    await tx.update(campaigns).set({
      status, updatedAt: now,
      ...(event === "launch" ? { launchedAt: now } : {}), ...(event === "close" ? { closedAt: now } : {}), ...(event === "reopen" ? { closedAt: null } : {}),
    }).where(and(eq(campaigns.id, id), eq(campaigns.status, c.status)));
    const auditId = await audit(tx, actor, {
      action: `campaign.${event === "launch" ? "launched" : event === "close" ? "closed" : event === "reopen" ? "reopened" : "cancelled"}`,
      entityType: "campaign", entityId: id, before: { status: c.status }, after: { status },
    });
    if (event === "launch") {
      const enrolled = await tx.selectDistinct({ orgId: organizations.id }).from(campaignEnrolments)
        .innerJoin(organizations, eq(organizations.uscc, campaignEnrolments.uscc))
        .where(and(eq(campaignEnrolments.campaignId, id), eq(organizations.status, "verified")));
      const recipients = [...new Set([...ref.bankOrgIds, ...enrolled.map((e) => e.orgId)])];
      for (const orgId of recipients) {
        await enqueue(tx, "notifications", "org-notice", {
          orgId, kind: "campaign.notify.launched", params: { name: c.name }, link: `/campaigns/${id}`, causeId: `${id}.${orgId}`,
        }, { dedupeKey: `campaign-launched:${id}:${orgId}:${auditId}` });
      }
    }
    return { id, status };
  });
}

/** Adds a bank (or changes what it offers): its products in this campaign and its intended credit line. */
export async function setCampaignBank(actor: Actor, campaignId: string, input: { bankOrgId: string; productIds: string[]; intendedCreditLine?: bigint | null }) {
  requireCan(actor, "campaign.manage");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const c = await loadCampaign(tx, campaignId, { lock: true });
    if (c.status === "cancelled" || c.status === "closed") throw new ServiceError(409, "errors.conflict");
    await assertBanks(tx, [input.bankOrgId]);
    const productIds = [...new Set(input.productIds)];
    if (productIds.length) {
      const own = await tx.select({ id: bankProducts.id }).from(bankProducts)
        .where(and(inArray(bankProducts.id, productIds), eq(bankProducts.bankOrgId, input.bankOrgId)));
      if (own.length !== productIds.length) throw new ServiceError(400, "errors.fixBelow", { productIds: ["campaign.errors.productNotOfBank"] });
    }
    const [row] = await tx.insert(campaignBanks).values({ campaignId, bankOrgId: input.bankOrgId, intendedCreditLine: input.intendedCreditLine ?? null })
      .onConflictDoUpdate({ target: [campaignBanks.campaignId, campaignBanks.bankOrgId], set: { intendedCreditLine: input.intendedCreditLine ?? null } })
      .returning({ id: campaignBanks.id });
    await tx.delete(campaignBankProducts).where(eq(campaignBankProducts.campaignBankId, row!.id));
    if (productIds.length) await tx.insert(campaignBankProducts).values(productIds.map((productId) => ({ campaignBankId: row!.id, productId })));
    await audit(tx, actor, {
      action: "campaign.bank-set", entityType: "campaign", entityId: campaignId, orgId: input.bankOrgId,
      after: { bankOrgId: input.bankOrgId, productIds, intendedCreditLine: input.intendedCreditLine?.toString() ?? null },
    });
    return { id: row!.id };
  });
}

export async function removeCampaignBank(actor: Actor, campaignId: string, bankOrgId: string) {
  requireCan(actor, "campaign.manage");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const c = await loadCampaign(tx, campaignId, { lock: true });
    if (c.status !== "draft") throw new ServiceError(409, "campaign.errors.bankRemoveDraftOnly");
    const deleted = await tx.delete(campaignBanks).where(and(eq(campaignBanks.campaignId, campaignId), eq(campaignBanks.bankOrgId, bankOrgId))).returning({ id: campaignBanks.id });
    if (!deleted.length) throw new ServiceError(404, "errors.notFound");
    await audit(tx, actor, { action: "campaign.bank-removed", entityType: "campaign", entityId: campaignId, orgId: bankOrgId, before: { bankOrgId } });
    return { id: campaignId };
  });
}

// ---------------------------------------------------------------------------------------------
// What other contexts ask of a campaign

/**
 * For the financing context: may this actor make a pledge application within this campaign
 * (`?campaign=<id>` on the application form)? Throws a 400 with a field message on `campaignId`
 * when not, so the form shows why (a foreign or unknown campaign reads as "not available").
 */
export async function assertCanApplyInCampaign(exec: Executor, actor: Actor, campaignId: string) {
  const fail = () => new ServiceError(400, "errors.fixBelow", { campaignId: ["campaign.errors.notAvailable"] });
  if (!isUuid(campaignId)) throw fail();
  const [c] = await exec.select({ id: campaigns.id, status: campaigns.status }).from(campaigns).where(eq(campaigns.id, campaignId));
  if (!c) throw fail();
  if (decide(actor, "campaign.apply", await campaignRef(exec, c, actor)) !== true) throw fail();
}

/**
 * For matching ("park or campaign fit"): the banks of the campaign and the products each brings
 * (an empty list means all its products), as `campaignFit` in app/domain/campaign-fit.ts takes them.
 */
export async function campaignOffersFor(exec: Executor, campaignId: string) {
  const banks = await exec.select({ id: campaignBanks.id, bankOrgId: campaignBanks.bankOrgId }).from(campaignBanks).where(eq(campaignBanks.campaignId, campaignId));
  const products = banks.length
    ? await exec.select().from(campaignBankProducts).where(inArray(campaignBankProducts.campaignBankId, banks.map((b) => b.id)))
    : [];
  return banks.map((b) => ({ campaignId, bankOrgId: b.bankOrgId, productIds: products.filter((p) => p.campaignBankId === b.id).map((p) => p.productId) }));
}
