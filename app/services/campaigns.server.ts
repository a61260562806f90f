import { and, asc, desc, eq, inArray, or, sql } from "drizzle-orm";
import { getDb, queryRows, type Executor } from "#db/client.server";
import {
  bankProducts, campaignBankProducts, campaignBanks, campaignEnrolments, campaignEventBanks, campaignEventInvitees, campaignEvents,
  campaignParks, campaigns, eventMeetings, lettersOfIntent, organizations, parks, whitelistImports,
} from "#db/schema/index";
import { campaignLifecycle, whitelistImportLifecycle, type CampaignEvent, type CampaignStatus } from "#app/domain/campaign";
import { parseWhitelist, type WhitelistError, type WhitelistRow } from "#app/domain/campaign-whitelist";
import type { CampaignInput } from "#app/domain/forms/campaigns";
import { INDUSTRIES } from "#app/domain/industries";
import { decide, isPlatformAdmin, type Actor } from "#app/domain/policy/index";
import type { CampaignRef } from "#app/domain/policy/campaigns";
import { transition, TransitionError, type TransitionTable } from "#app/domain/state-machine";
import { translator } from "#app/i18n/index";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { readSpreadsheet, SpreadsheetError } from "#app/utils/spreadsheet.server";
import { isUniqueViolation } from "./accounts.server";
import { audit, enqueue } from "./operations.server";
import { isUuid } from "#app/domain/ids";

/** 入园惠企 campaigns: parks, banks and their catalogue, the enterprise whitelist, matchmaking events. */

const userIdOf = (a: Actor) => (a.type === "user" ? a.userId : null);
const orgIdOf = (a: Actor) => (a.type === "system" ? null : a.orgId);

function next<S extends string, E extends string>(entity: string, table: TransitionTable<S, E>, from: S, event: E): S {
  try {
    return transition(entity, table, from, event);
  } catch (e) {
    if (e instanceof TransitionError) throw new ServiceError(409, "errors.conflict");
    throw e;
  }
}

type CampaignRow = typeof campaigns.$inferSelect;

async function loadCampaign(exec: Executor, id: string, opts: { lock?: boolean } = {}): Promise<CampaignRow> {
  if (!isUuid(id)) throw new ServiceError(404, "errors.notFound");
  const q = exec.select().from(campaigns).where(eq(campaigns.id, id));
  const [row] = opts.lock ? await q.for("update") : await q;
  if (!row) throw new ServiceError(404, "errors.notFound");
  return row;
}

/**
 * The campaign as the policy sees it from the actor's side: its parks and banks, and whether the
 * actor's organisation is in one of the parks or (by its credit code) on the whitelist.
 */
export async function campaignRef(exec: Executor, c: Pick<CampaignRow, "id" | "status">, actor: Actor): Promise<CampaignRef> {
  const [parkRows, bankRows] = await Promise.all([
    exec.select({ parkId: campaignParks.parkId }).from(campaignParks).where(eq(campaignParks.campaignId, c.id)),
    exec.select({ bankOrgId: campaignBanks.bankOrgId }).from(campaignBanks).where(eq(campaignBanks.campaignId, c.id)),
  ]);
  let viewerParkId: string | null = null;
  let viewerEnrolled = false;
  const orgId = orgIdOf(actor);
  if (orgId && !isPlatformAdmin(actor)) {
    const [org] = await exec.select({ parkId: organizations.parkId, uscc: organizations.uscc }).from(organizations).where(eq(organizations.id, orgId));
    viewerParkId = org?.parkId ?? null;
    if (org) {
      const [e] = await exec.select({ id: campaignEnrolments.id }).from(campaignEnrolments)
        .where(and(eq(campaignEnrolments.campaignId, c.id), or(eq(campaignEnrolments.orgId, orgId), eq(campaignEnrolments.uscc, org.uscc)))).limit(1);
      viewerEnrolled = Boolean(e);
    }
  }
  return { status: c.status, parkIds: parkRows.map((p) => p.parkId), bankOrgIds: bankRows.map((b) => b.bankOrgId), viewerParkId, viewerEnrolled };
}

// ---------------------------------------------------------------------------------------------
// Admin: campaigns

export async function listCampaigns(actor: Actor) {
  requireCan(actor, "campaign.manage");
  const db = await getDb();
  return db
    .select({
      id: campaigns.id, name: campaigns.name, status: campaigns.status, startsOn: campaigns.startsOn, endsOn: campaigns.endsOn,
      targetAmount: campaigns.targetAmount, targetEnterprises: campaigns.targetEnterprises,
      parksZh: sql<string>`coalesce((select string_agg(p.name_zh, '、' order by p.code) from campaign_parks cp join parks p on p.id = cp.park_id where cp.campaign_id = ${campaigns.id}), '')`,
      parksEn: sql<string>`coalesce((select string_agg(p.name_en, ', ' order by p.code) from campaign_parks cp join parks p on p.id = cp.park_id where cp.campaign_id = ${campaigns.id}), '')`,
      banks: sql<number>`(select count(*)::int from campaign_banks cb where cb.campaign_id = ${campaigns.id})`,
      enrolments: sql<number>`(select count(*)::int from campaign_enrolments ce where ce.campaign_id = ${campaigns.id})`,
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
// Admin: the whitelist

export type StoredRow = Omit<WhitelistRow, "needFen"> & { needFen: string; orgId: string | null; orgName: string | null };
const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

/** Industry labels in either language (and the keys themselves) to industry keys. */
function industryLookup() {
  const zh = translator("zh-CN");
  const en = translator("en");
  const map = new Map<string, string>();
  for (const k of INDUSTRIES) for (const label of [k, zh(`industry.${k}`), en(`industry.${k}`)]) map.set(label.toLowerCase(), k);
  return (label: string) => map.get(label.trim().toLowerCase()) ?? null;
}

/**
 * Reads an uploaded whitelist, checks every row (credit codes by their check character, amounts,
 * duplicates in the file or already on the whitelist) and keeps the result for a preview. Nothing
 * is enrolled until the admin commits it.
 */
export async function previewWhitelist(actor: Actor, campaignId: string, file: { name: string; bytes: Uint8Array }) {
  requireCan(actor, "campaign.manage");
  const db = await getDb();
  const c = await loadCampaign(db, campaignId);
  if (c.status === "closed" || c.status === "cancelled") throw new ServiceError(409, "errors.conflict");
  let parsed: ReturnType<typeof parseWhitelist>;
  try {
    const sheet = await readSpreadsheet(file, { maxBytes: IMPORT_MAX_BYTES, maxRows: 5000 });
    parsed = parseWhitelist(sheet, { industryOf: industryLookup() });
  } catch (e) {
    if (e instanceof SpreadsheetError) throw new ServiceError(400, e.key, { file: [e.key] }, e.params);
    throw e;
  }
  const errors: WhitelistError[] = [...parsed.errors];
  let rows = parsed.rows;
  const usccs = rows.map((r) => r.uscc);
  const existing = usccs.length
    ? new Set((await db.select({ uscc: campaignEnrolments.uscc }).from(campaignEnrolments)
        .where(and(eq(campaignEnrolments.campaignId, campaignId), inArray(campaignEnrolments.uscc, usccs)))).map((r) => r.uscc))
    : new Set<string>();
  for (const r of rows) if (existing.has(r.uscc)) errors.push({ line: r.line, field: "uscc", key: "campaign.import.err.alreadyEnrolled" });
  rows = rows.filter((r) => !existing.has(r.uscc));
  const orgs = rows.length
    ? await db.select({ id: organizations.id, uscc: organizations.uscc, name: organizations.name, kind: organizations.kind }).from(organizations).where(inArray(organizations.uscc, rows.map((r) => r.uscc)))
    : [];
  const byUscc = new Map(orgs.map((o) => [o.uscc, o]));
  for (const r of rows) {
    const o = byUscc.get(r.uscc);
    if (o && o.kind !== "enterprise") errors.push({ line: r.line, field: "uscc", key: "campaign.import.err.notEnterprise" });
  }
  rows = rows.filter((r) => !byUscc.get(r.uscc) || byUscc.get(r.uscc)!.kind === "enterprise");
  errors.sort((a, b) => a.line - b.line);
  const stored: StoredRow[] = rows.map((r) => ({ ...r, needFen: r.needFen.toString(), orgId: byUscc.get(r.uscc)?.id ?? null, orgName: byUscc.get(r.uscc)?.name ?? null }));
  return db.transaction(async (tx) => {
    const [imp] = await tx.insert(whitelistImports).values({
      campaignId, fileName: file.name.slice(0, 200), rows: stored, errors, validCount: stored.length, errorCount: new Set(errors.map((e) => e.line)).size,
      createdBy: userIdOf(actor),
    }).returning({ id: whitelistImports.id });
    await audit(tx, actor, {
      action: "campaign.whitelist-previewed", entityType: "campaign", entityId: campaignId,
      after: { importId: imp!.id, fileName: file.name, valid: stored.length, errors: errors.length },
    });
    return { importId: imp!.id };
  });
}

export async function getWhitelistImport(actor: Actor, campaignId: string, importId: string) {
  requireCan(actor, "campaign.manage");
  if (!isUuid(importId)) throw new ServiceError(404, "errors.notFound");
  const db = await getDb();
  const [imp] = await db.select().from(whitelistImports).where(and(eq(whitelistImports.id, importId), eq(whitelistImports.campaignId, campaignId)));
  if (!imp) throw new ServiceError(404, "errors.notFound");
  return { ...imp, rows: imp.rows as StoredRow[], errors: imp.errors as WhitelistError[] };
}

/**
 * Enrols the previewed rows in one transaction; a second commit of the same import is refused by
 * its lifecycle, and a code enrolled meanwhile is skipped (the unique key), not doubled.
 */
export async function decideWhitelistImport(actor: Actor, campaignId: string, importId: string, event: "commit" | "discard") {
  requireCan(actor, "campaign.manage");
  if (!isUuid(importId)) throw new ServiceError(404, "errors.notFound");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const c = await loadCampaign(tx, campaignId, { lock: true });
    const [imp] = await tx.select().from(whitelistImports).where(and(eq(whitelistImports.id, importId), eq(whitelistImports.campaignId, campaignId))).for("update");
    if (!imp) throw new ServiceError(404, "errors.notFound");
    const status = next("whitelist_import", whitelistImportLifecycle, imp.status, event);
    if (event === "commit" && (c.status === "closed" || c.status === "cancelled")) throw new ServiceError(409, "errors.conflict");
    const rows = imp.rows as StoredRow[];
    let inserted: Array<{ id: string; orgId: string | null }> = [];
    if (event === "commit" && rows.length) {
      // Codes registered since the preview are linked too.
      const orgs = await tx.select({ id: organizations.id, uscc: organizations.uscc }).from(organizations)
        .where(and(inArray(organizations.uscc, rows.map((r) => r.uscc)), eq(organizations.kind, "enterprise")));
      const byUscc = new Map(orgs.map((o) => [o.uscc, o.id]));
      for (let i = 0; i < rows.length; i += 1000) {
        const chunk = rows.slice(i, i + 1000);
        inserted.push(...(await tx.insert(campaignEnrolments).values(chunk.map((r) => ({
          campaignId, enterpriseName: r.enterpriseName, uscc: r.uscc, orgId: byUscc.get(r.uscc) ?? null, needAmount: BigInt(r.needFen),
          purpose: r.purpose, contactName: r.contactName, contactPhone: r.contactPhone, industry: r.industry, importId, addedBy: userIdOf(actor),
        }))).onConflictDoNothing({ target: [campaignEnrolments.campaignId, campaignEnrolments.uscc] })
          .returning({ id: campaignEnrolments.id, orgId: campaignEnrolments.orgId })));
      }
    }
    await tx.update(whitelistImports).set({ status, committedAt: event === "commit" ? new Date() : null }).where(eq(whitelistImports.id, importId));
    const auditId = await audit(tx, actor, {
      action: event === "commit" ? "campaign.whitelist-imported" : "campaign.whitelist-discarded", entityType: "campaign", entityId: campaignId,
      after: { importId, enrolled: inserted.length, skipped: rows.length - inserted.length, rowErrors: imp.errorCount },
    });
    if (event === "commit" && c.status === "active") {
      for (const orgId of new Set(inserted.map((r) => r.orgId).filter((x): x is string => !!x))) {
        await enqueue(tx, "notifications", "org-notice", {
          orgId, kind: "campaign.notify.enrolled", params: { name: c.name }, link: `/campaigns/${campaignId}`, causeId: `${campaignId}.${orgId}`,
        }, { dedupeKey: `campaign-enrolled:${campaignId}:${orgId}:${auditId}` });
      }
    }
    return { enrolled: inserted.length, skipped: rows.length - inserted.length, status };
  });
}

export async function addEnrolment(actor: Actor, campaignId: string, input: {
  enterpriseName: string; uscc: string; needAmount: bigint; purpose?: string; contactName?: string; contactPhone?: string;
}) {
  requireCan(actor, "campaign.manage");
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const c = await loadCampaign(tx, campaignId);
      if (c.status === "closed" || c.status === "cancelled") throw new ServiceError(409, "errors.conflict");
      const [org] = await tx.select({ id: organizations.id, kind: organizations.kind }).from(organizations).where(eq(organizations.uscc, input.uscc));
      if (org && org.kind !== "enterprise") throw new ServiceError(400, "errors.fixBelow", { uscc: ["campaign.import.err.notEnterprise"] });
      const [row] = await tx.insert(campaignEnrolments).values({
        campaignId, enterpriseName: input.enterpriseName, uscc: input.uscc, orgId: org?.id ?? null, needAmount: input.needAmount,
        purpose: input.purpose || null, contactName: input.contactName || null, contactPhone: input.contactPhone || null, addedBy: userIdOf(actor),
      }).returning({ id: campaignEnrolments.id });
      await audit(tx, actor, {
        action: "campaign.enrolment-added", entityType: "campaign", entityId: campaignId, orgId: org?.id ?? null,
        after: { enrolmentId: row!.id, uscc: input.uscc, needAmount: input.needAmount.toString() },
      });
      return { id: row!.id };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new ServiceError(400, "errors.fixBelow", { uscc: ["campaign.import.err.alreadyEnrolled"] });
    throw e;
  }
}

export async function removeEnrolment(actor: Actor, campaignId: string, enrolmentId: string) {
  requireCan(actor, "campaign.manage");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const c = await loadCampaign(tx, campaignId);
    if (c.status === "closed" || c.status === "cancelled") throw new ServiceError(409, "errors.conflict");
    const [used] = await tx.select({ id: lettersOfIntent.id }).from(lettersOfIntent).where(eq(lettersOfIntent.enrolmentId, enrolmentId)).limit(1);
    if (used) throw new ServiceError(409, "campaign.errors.enrolmentHasLetters");
    const [row] = await tx.delete(campaignEnrolments)
      .where(and(eq(campaignEnrolments.id, enrolmentId), eq(campaignEnrolments.campaignId, campaignId)))
      .returning({ uscc: campaignEnrolments.uscc, orgId: campaignEnrolments.orgId });
    if (!row) throw new ServiceError(404, "errors.notFound");
    await audit(tx, actor, { action: "campaign.enrolment-removed", entityType: "campaign", entityId: campaignId, orgId: row.orgId, before: { enrolmentId, uscc: row.uscc } });
    return { id: enrolmentId };
  });
}

/** The whitelist, 100 a page by keyset on the name then id; `orgId` filled in by code for firms registered later. */
export async function listEnrolments(exec: Executor, campaignId: string, opts: { after?: { name: string; id: string } | null; limit?: number } = {}) {
  const limit = opts.limit ?? 100;
  const rows = await exec
    .select({
      id: campaignEnrolments.id, enterpriseName: campaignEnrolments.enterpriseName, uscc: campaignEnrolments.uscc,
      orgId: sql<string | null>`coalesce(${campaignEnrolments.orgId}, ${organizations.id})`, orgStatus: organizations.status,
      needAmount: campaignEnrolments.needAmount, purpose: campaignEnrolments.purpose, contactName: campaignEnrolments.contactName,
      contactPhone: campaignEnrolments.contactPhone, industry: sql<string | null>`coalesce(${organizations.industry}, ${campaignEnrolments.industry})`,
    })
    .from(campaignEnrolments)
    .leftJoin(organizations, and(eq(organizations.uscc, campaignEnrolments.uscc), eq(organizations.kind, "enterprise")))
    .where(and(
      eq(campaignEnrolments.campaignId, campaignId),
      opts.after ? sql`(${campaignEnrolments.enterpriseName}, ${campaignEnrolments.id}) > (${opts.after.name}, ${opts.after.id}::uuid)` : undefined,
    ))
    .orderBy(asc(campaignEnrolments.enterpriseName), asc(campaignEnrolments.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last ? { name: last.enterpriseName, id: last.id } : null };
}

/** The whitelist for the event pickers (events are for a few dozen firms; 500 is plenty). */
export async function enrolmentOptions(actor: Actor, campaignId: string) {
  requireCan(actor, "campaign.manage");
  const db = await getDb();
  const page = await listEnrolments(db, campaignId, { limit: 500 });
  return page.items.map((e) => ({ id: e.id, name: e.enterpriseName }));
}

// ---------------------------------------------------------------------------------------------
// Reading a campaign

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

// ---------------------------------------------------------------------------------------------
// Matchmaking events, meetings, letters of intent

async function listEvents(exec: Executor, campaignId: string) {
  const events = await exec.select().from(campaignEvents).where(eq(campaignEvents.campaignId, campaignId)).orderBy(desc(campaignEvents.heldAt));
  if (!events.length) return [];
  const ids = events.map((e) => e.id);
  const [banks, invitees, meetings] = await Promise.all([
    exec.select({ eventId: campaignEventBanks.eventId, bankOrgId: campaignEventBanks.bankOrgId, name: organizations.name }).from(campaignEventBanks)
      .innerJoin(organizations, eq(organizations.id, campaignEventBanks.bankOrgId)).where(inArray(campaignEventBanks.eventId, ids)),
    exec.select({ eventId: campaignEventInvitees.eventId, enrolmentId: campaignEventInvitees.enrolmentId, name: campaignEnrolments.enterpriseName })
      .from(campaignEventInvitees).innerJoin(campaignEnrolments, eq(campaignEnrolments.id, campaignEventInvitees.enrolmentId))
      .where(inArray(campaignEventInvitees.eventId, ids)),
    exec.select({
      id: eventMeetings.id, eventId: eventMeetings.eventId, bankOrgId: eventMeetings.bankOrgId, bankName: organizations.name,
      enrolmentId: eventMeetings.enrolmentId, enterpriseName: campaignEnrolments.enterpriseName, notes: eventMeetings.notes,
    }).from(eventMeetings)
      .innerJoin(organizations, eq(organizations.id, eventMeetings.bankOrgId))
      .innerJoin(campaignEnrolments, eq(campaignEnrolments.id, eventMeetings.enrolmentId))
      .where(inArray(eventMeetings.eventId, ids)).orderBy(asc(eventMeetings.createdAt)),
  ]);
  return events.map((e) => ({
    ...e,
    banks: banks.filter((b) => b.eventId === e.id),
    invitees: invitees.filter((i) => i.eventId === e.id),
    meetings: meetings.filter((m) => m.eventId === e.id),
  }));
}

/**
 * Letters of intent, each followed to the enterprise's application in the campaign (the linked one,
 * else the one routed to the letter's bank, else the latest) and to its loan.
 */
export async function listLetters(exec: Executor, campaignId: string) {
  return queryRows<{
    id: string; bank_org_id: string; bank_name: string; enterprise_name: string; intended_amount: string; signed_on: string; event_title: string | null;
    application_id: string | null; application_status: string | null; application_amount: string | null;
    loan_status: string | null; loan_principal: string | null; loan_bank_org_id: string | null;
  }>(exec, sql`
    select l.id, l.bank_org_id, b.name as bank_name, e.enterprise_name, l.intended_amount::text, l.signed_on::text, ev.title as event_title,
      a.id as application_id, a.status::text as application_status, a.amount_fen::text as application_amount,
      ln.status::text as loan_status, ln.principal_fen::text as loan_principal, ln.bank_org_id as loan_bank_org_id
    from letters_of_intent l
    join organizations b on b.id = l.bank_org_id
    join campaign_enrolments e on e.id = l.enrolment_id
    left join campaign_events ev on ev.id = l.event_id
    left join organizations eo on eo.uscc = e.uscc and eo.kind = 'enterprise'
    left join lateral (
      select pa.id, pa.status, pa.amount_fen from pledge_applications pa
      where pa.id = l.application_id or (pa.enterprise_org_id = eo.id and pa.campaign_id = l.campaign_id)
      order by (pa.id = l.application_id) desc,
        exists (select 1 from bank_reviews r where r.application_id = pa.id and r.bank_org_id = l.bank_org_id) desc,
        pa.created_at desc
      limit 1) a on true
    left join loans ln on ln.application_id = a.id
    where l.campaign_id = ${campaignId}
    order by l.signed_on desc, l.created_at desc`);
}

async function assertEnrolments(exec: Executor, campaignId: string, enrolmentIds: string[]) {
  if (!enrolmentIds.length) return;
  const rows = await exec.select({ id: campaignEnrolments.id }).from(campaignEnrolments)
    .where(and(eq(campaignEnrolments.campaignId, campaignId), inArray(campaignEnrolments.id, enrolmentIds)));
  if (rows.length !== new Set(enrolmentIds).size) throw new ServiceError(400, "errors.fixBelow", { enrolmentIds: ["campaign.errors.notOnWhitelist"], enrolmentId: ["campaign.errors.notOnWhitelist"] });
}

async function assertCampaignBanks(exec: Executor, campaignId: string, bankOrgIds: string[]) {
  const rows = await exec.select({ bankOrgId: campaignBanks.bankOrgId }).from(campaignBanks)
    .where(and(eq(campaignBanks.campaignId, campaignId), inArray(campaignBanks.bankOrgId, bankOrgIds)));
  if (rows.length !== new Set(bankOrgIds).size) throw new ServiceError(400, "errors.fixBelow", { bankOrgIds: ["campaign.errors.bankNotInCampaign"], bankOrgId: ["campaign.errors.bankNotInCampaign"] });
}

export async function createEvent(actor: Actor, campaignId: string, input: { title: string; heldAt: Date; place: string; notes?: string; bankOrgIds: string[]; enrolmentIds: string[] }) {
  requireCan(actor, "campaign.manage");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const c = await loadCampaign(tx, campaignId);
    if (c.status === "cancelled") throw new ServiceError(409, "errors.conflict");
    await assertCampaignBanks(tx, campaignId, input.bankOrgIds);
    await assertEnrolments(tx, campaignId, input.enrolmentIds);
    const [ev] = await tx.insert(campaignEvents).values({
      campaignId, title: input.title, heldAt: input.heldAt, place: input.place, notes: input.notes || null, createdBy: userIdOf(actor),
    }).returning({ id: campaignEvents.id });
    await tx.insert(campaignEventBanks).values([...new Set(input.bankOrgIds)].map((bankOrgId) => ({ eventId: ev!.id, bankOrgId })));
    if (input.enrolmentIds.length) await tx.insert(campaignEventInvitees).values([...new Set(input.enrolmentIds)].map((enrolmentId) => ({ eventId: ev!.id, enrolmentId })));
    const auditId = await audit(tx, actor, {
      action: "campaign.event-created", entityType: "campaign_event", entityId: ev!.id,
      after: { campaignId, title: input.title, heldAt: input.heldAt.toISOString(), place: input.place, banks: input.bankOrgIds.length, invitees: input.enrolmentIds.length },
    });
    for (const orgId of input.bankOrgIds) {
      await enqueue(tx, "notifications", "org-notice", {
        orgId, kind: "campaign.notify.event", params: { title: input.title, place: input.place }, link: `/campaigns/${campaignId}`, causeId: `${ev!.id}.${orgId}`,
      }, { dedupeKey: `campaign-event:${ev!.id}:${orgId}:${auditId}` });
    }
    return { id: ev!.id };
  });
}

async function loadEvent(exec: Executor, campaignId: string, eventId: string) {
  if (!isUuid(eventId)) throw new ServiceError(404, "errors.notFound");
  const [ev] = await exec.select().from(campaignEvents).where(and(eq(campaignEvents.id, eventId), eq(campaignEvents.campaignId, campaignId)));
  if (!ev) throw new ServiceError(404, "errors.notFound");
  return ev;
}

/** One bank–enterprise meeting at an event; recording it again updates its notes. */
export async function recordMeeting(actor: Actor, campaignId: string, input: { eventId: string; bankOrgId: string; enrolmentId: string; notes?: string }) {
  requireCan(actor, "campaign.manage");
  const db = await getDb();
  return db.transaction(async (tx) => {
    await loadEvent(tx, campaignId, input.eventId);
    const [bank] = await tx.select().from(campaignEventBanks).where(and(eq(campaignEventBanks.eventId, input.eventId), eq(campaignEventBanks.bankOrgId, input.bankOrgId)));
    if (!bank) throw new ServiceError(400, "errors.fixBelow", { bankOrgId: ["campaign.errors.bankNotAtEvent"] });
    await assertEnrolments(tx, campaignId, [input.enrolmentId]);
    const [row] = await tx.insert(eventMeetings).values({ ...input, notes: input.notes || null, createdBy: userIdOf(actor) })
      .onConflictDoUpdate({ target: [eventMeetings.eventId, eventMeetings.bankOrgId, eventMeetings.enrolmentId], set: { notes: input.notes || null } })
      .returning({ id: eventMeetings.id });
    await audit(tx, actor, { action: "campaign.meeting-recorded", entityType: "campaign_event", entityId: input.eventId, orgId: input.bankOrgId, after: { ...input } });
    return { id: row!.id };
  });
}

/** A letter of intent: one per bank and enterprise in a campaign (signing again is a conflict). */
export async function recordLetter(actor: Actor, campaignId: string, input: {
  eventId?: string; bankOrgId: string; enrolmentId: string; intendedAmount: bigint; signedOn: string; notes?: string;
}) {
  requireCan(actor, "campaign.manage");
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const c = await loadCampaign(tx, campaignId);
      if (c.status === "cancelled") throw new ServiceError(409, "errors.conflict");
      if (input.eventId) await loadEvent(tx, campaignId, input.eventId);
      await assertCampaignBanks(tx, campaignId, [input.bankOrgId]);
      await assertEnrolments(tx, campaignId, [input.enrolmentId]);
      const [row] = await tx.insert(lettersOfIntent).values({
        campaignId, eventId: input.eventId ?? null, bankOrgId: input.bankOrgId, enrolmentId: input.enrolmentId,
        intendedAmount: input.intendedAmount, signedOn: input.signedOn, notes: input.notes || null, createdBy: userIdOf(actor),
      }).returning({ id: lettersOfIntent.id });
      await audit(tx, actor, {
        action: "campaign.letter-recorded", entityType: "letter_of_intent", entityId: row!.id, orgId: input.bankOrgId,
        after: { campaignId, enrolmentId: input.enrolmentId, intendedAmount: input.intendedAmount.toString(), signedOn: input.signedOn },
      });
      return { id: row!.id };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new ServiceError(409, "campaign.errors.letterExists");
    throw e;
  }
}

/** Enrolments of a campaign in keyset batches (exports). */
export function enrolmentBatches(campaignId: string, batchSize = 2000) {
  return async (cursor: { name: string; id: string } | null) => {
    const db = await getDb();
    const page = await listEnrolments(db, campaignId, { after: cursor, limit: batchSize });
    return { rows: page.items, next: page.next };
  };
}

