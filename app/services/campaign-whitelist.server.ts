import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/client.server";
import { campaignEnrolments, lettersOfIntent, organizations, whitelistImports } from "#db/schema/index";
import { whitelistImportLifecycle } from "#app/domain/campaign";
import { parseWhitelist, type WhitelistError, type WhitelistRow } from "#app/domain/campaign-whitelist";
import { INDUSTRIES, type Industry } from "#app/domain/industries";
import type { Actor } from "#app/domain/policy/index";
import { translator } from "#app/i18n/index";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { readSpreadsheet, SpreadsheetError } from "#app/utils/spreadsheet.server";
import { isUniqueViolation } from "./accounts.server";
import { audit, enqueue } from "./operations.server";
import { isUuid } from "#app/domain/ids";
import { loadCampaign, next, userIdOf } from "./campaigns-shared.server";
import { consumeUpload } from "#app/utils/rate-limit.server";

/** A campaign's enterprise whitelist: spreadsheet imports (preview, commit), single entries, pages of it. */

export type StoredRow = Omit<WhitelistRow, "needFen"> & { needFen: string; orgId: string | null; orgName: string | null };
const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

/** Industry labels in either language (and the keys themselves) to industry keys. */
function industryLookup() {
  const zh = translator("zh-CN");
  const en = translator("en");
  const map = new Map<string, Industry>();
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
  await consumeUpload(actor);
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

/** Enrolments of a campaign in keyset batches (exports). */
export function enrolmentBatches(campaignId: string, batchSize = 2000) {
  return async (cursor: { name: string; id: string } | null) => {
    const db = await getDb();
    const page = await listEnrolments(db, campaignId, { after: cursor, limit: batchSize });
    return { rows: page.items, next: page.next };
  };
}
