import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { assetImports, ipAssets, type AssetImportRow } from "#db/schema/index";
import { AssetFormSchema, type AssetInput } from "#app/domain/forms/market";
import { importRowToFormInput, IMPORT_COLUMNS, MAX_IMPORT_ROWS, REQUIRED_IMPORT_COLUMNS } from "#app/domain/market/import";
import type { Actor } from "#app/domain/policy/index";
import { isMessageKey } from "#app/i18n/index";
import { requireCan } from "#app/utils/auth.server";
import { env } from "#app/utils/env.server";
import { ServiceError } from "#app/utils/http.server";
import { readSpreadsheet, sheetRecords, SpreadsheetError } from "#app/utils/spreadsheet.server";
import { audit } from "./operations.server";
import { userIdOf } from "./market-shared.server";
import { isUuid } from "#app/domain/ids";
import { consumeUpload } from "#app/utils/rate-limit.server";

const BATCH = 500;
const numberClass = (kind: string) => (kind === "trademark" ? "tm" : "patent");

/**
 * Reads an uploaded CSV or XLSX and validates every row with the asset form's schema, plus duplicates
 * within the file and against the register. Nothing is written to `ip_assets`: the parsed rows are kept
 * server-side (scoped to the organisation) until the user confirms.
 */
export async function previewImport(actor: Actor, file: { name: string; bytes: Uint8Array }) {
  requireCan(actor, "asset.create");
  if (actor.type === "system") throw new ServiceError(403, "errors.forbidden");
  await consumeUpload(actor);
  let sheet;
  try {
    sheet = await readSpreadsheet(file, { maxRows: MAX_IMPORT_ROWS, maxBytes: env.UPLOAD_MAX_BYTES * 2 });
  } catch (e) {
    if (e instanceof SpreadsheetError) throw new ServiceError(400, e.key, { file: [e.key] }, e.params);
    throw e;
  }
  const { records, missing } = sheetRecords(sheet, IMPORT_COLUMNS);
  const missingRequired = REQUIRED_IMPORT_COLUMNS.filter((c) => missing.includes(c));
  if (missingRequired.length) throw new ServiceError(400, "market.import.missingColumns", { file: ["market.import.badFile"] }, { columns: missingRequired.join(", ") });
  if (records.length === 0) throw new ServiceError(400, "spreadsheet.errors.empty", { file: ["spreadsheet.errors.empty"] });

  const seen = new Map<string, number>();
  const rows: AssetImportRow[] = records.map(({ line, record }) => {
    const parsed = AssetFormSchema.safeParse(importRowToFormInput(record));
    const cells = record as Record<string, string>;
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? "row"), key: isMessageKey(i.message) ? i.message : "errors.invalid" }));
      return { line, cells, errors: dedupe(errors) };
    }
    const key = `${numberClass(parsed.data.kind)}:${parsed.data.number}`;
    const first = seen.get(key);
    if (first !== undefined) return { line, cells, errors: [{ field: "number", key: "market.import.duplicateInFile", params: { line: first } }] };
    seen.set(key, line);
    return { line, cells, errors: [], asset: parsed.data as unknown as Record<string, unknown> };
  });
  await markTaken(rows);

  const db = await getDb();
  const validCount = rows.filter((r) => r.asset && r.errors.length === 0).length;
  const [row] = await db.insert(assetImports).values({
    orgId: actor.orgId, createdBy: userIdOf(actor), fileName: file.name.slice(0, 200), rows, validCount, errorCount: rows.length - validCount,
  }).returning({ id: assetImports.id });
  return { id: row!.id, validCount, errorCount: rows.length - validCount };
}

const dedupe = <T extends { field: string; key: string }>(errors: T[]) => errors.filter((e, i) => errors.findIndex((x) => x.field === e.field && x.key === e.key) === i);

/** Rows whose number is already registered (by anyone) become errors. */
async function markTaken(rows: AssetImportRow[], exec?: Awaited<ReturnType<typeof getDb>>) {
  const db = exec ?? (await getDb());
  const valid = rows.filter((r) => r.asset && r.errors.length === 0);
  const taken = new Set<string>();
  for (let i = 0; i < valid.length; i += 1000) {
    const numbers = valid.slice(i, i + 1000).map((r) => String(r.asset!.number));
    const found = await db.select({ number: ipAssets.number, kind: ipAssets.kind }).from(ipAssets).where(inArray(ipAssets.number, numbers));
    for (const f of found) taken.add(`${numberClass(f.kind)}:${f.number}`);
  }
  for (const r of valid) {
    if (taken.has(`${numberClass(String(r.asset!.kind))}:${r.asset!.number}`)) {
      r.errors.push({ field: "number", key: "market.errors.numberTaken" });
      delete r.asset;
    }
  }
}

async function loadImport(actor: Actor, id: string, lock = false) {
  if (!isUuid(id) || actor.type === "system") throw new ServiceError(404, "errors.notFound");
  const db = await getDb();
  const q = db.select().from(assetImports).where(and(eq(assetImports.id, id), eq(assetImports.orgId, actor.orgId)));
  const [row] = lock ? await q.for("update") : await q;
  if (!row) throw new ServiceError(404, "errors.notFound");
  return row;
}

/** The preview: counts, every row with errors, and the first valid rows. */
export async function getImport(actor: Actor, id: string) {
  requireCan(actor, "asset.create");
  const imp = await loadImport(actor, id);
  const errorRows = imp.rows.filter((r) => r.errors.length > 0);
  return {
    id: imp.id, fileName: imp.fileName, status: imp.status, validCount: imp.validCount, errorCount: imp.errorCount,
    importedCount: imp.importedCount, createdAt: imp.createdAt,
    errorRows: errorRows.slice(0, 2000).map((r) => ({ line: r.line, number: r.cells.number ?? "", title: r.cells.title ?? "", errors: r.errors })),
    validSample: imp.rows.filter((r) => r.asset && r.errors.length === 0).slice(0, 20).map((r) => ({ line: r.line, kind: String(r.asset!.kind), number: String(r.asset!.number), title: String(r.asset!.title), expiryDate: String(r.asset!.expiryDate) })),
  };
}

/**
 * Writes every row that was valid at preview, in one transaction, in multi-row batches. A number
 * registered by someone else since the preview is skipped and reported. Confirming twice imports once.
 */
export async function confirmImport(actor: Actor, id: string) {
  requireCan(actor, "asset.create");
  if (actor.type === "system") throw new ServiceError(403, "errors.forbidden");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [imp] = await tx.select().from(assetImports).where(and(eq(assetImports.id, id), eq(assetImports.orgId, actor.orgId))).for("update");
    if (!imp) throw new ServiceError(404, "errors.notFound");
    if (imp.status === "confirmed") return { imported: imp.importedCount ?? 0, skipped: 0, already: true };
    if (imp.status !== "previewed") throw new ServiceError(409, "errors.conflict");
    const rows = imp.rows;
    const valid = rows.filter((r) => r.asset && r.errors.length === 0);
    const inserted = new Set<string>();
    for (let i = 0; i < valid.length; i += BATCH) {
      const chunk = valid.slice(i, i + BATCH).map((r) => ({ ...(r.asset as unknown as AssetInput), ownerOrgId: actor.orgId, createdBy: userIdOf(actor) }));
      const out = await tx.insert(ipAssets).values(chunk).onConflictDoNothing().returning({ number: ipAssets.number, kind: ipAssets.kind });
      for (const o of out) inserted.add(`${numberClass(o.kind)}:${o.number}`);
    }
    let skipped = 0;
    for (const r of valid) {
      if (!inserted.has(`${numberClass(String(r.asset!.kind))}:${r.asset!.number}`)) {
        r.errors.push({ field: "number", key: "market.errors.numberTaken" });
        skipped++;
      }
    }
    await tx.update(assetImports).set({
      status: "confirmed", importedCount: inserted.size, confirmedAt: new Date(),
      ...(skipped ? { rows, validCount: imp.validCount - skipped, errorCount: imp.errorCount + skipped } : {}),
    }).where(eq(assetImports.id, id));
    await audit(tx, actor, { action: "market.assets-imported", entityType: "asset_import", entityId: id, orgId: actor.orgId, after: { imported: inserted.size, skipped, errors: imp.errorCount, fileName: imp.fileName } });
    return { imported: inserted.size, skipped, already: false };
  });
}

/** A template users can fill in (headers in Chinese, one example row). */
export const IMPORT_TEMPLATE_CSV = [
  "类型,号码,名称,英文名称,摘要,申请日,授权日,法律状态,年费缴至,续展次数,IPC分类,尼斯分类,行业,海外同族数,奖项,共有人",
  "发明,201710601862.3,一种低功耗芯片时钟管理电路,Low-power clock management circuit for chips,本发明公开了一种……,2017-07-20,2019-11-05,有效,2026-07-19,,H03K 3/017,,集成电路,1,,",
  "商标,12345678,芯微,,,2014-03-01,2015-06-07,有效,,1,,9;42,集成电路,0,,",
].join("\r\n");
