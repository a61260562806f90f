import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "#db/client.server";
import { organizations, valuations } from "#db/schema/index";
import { inputFromJson } from "#app/domain/valuation/codec";
import { valuate } from "#app/domain/valuation/engine";
import { engineOf } from "#app/domain/valuation/parameters";
import { env } from "#app/utils/env.server";
import { audit } from "./operations.server";

/**
 * The report's template version: with the stored result (its snapshot and engine version) it fixes
 * the PDF's bytes. Bump it whenever valuation-report.server.ts draws differently.
 */
export const REPORT_TEMPLATE = "report-2";

const SYSTEM = { type: "system", job: "valuation.report" } as const;

/**
 * The PDF of a completed valuation, drawn on first download (the flow only seals it: see the
 * `report` step) and kept: `<id>.pdf` with its SHA-256 recorded when it was drawn. Rendering is
 * deterministic — the creation date is the valuation date, the document id derives from it, the
 * engine and template versions are fixed — so a second render (two first downloads at once, a lost
 * file) gives the same bytes and the same hash.
 */
export async function ensureReportFile(db: Db, id: string): Promise<{ path: string; sha256: string } | null> {
  const [v] = await db.select({
    status: valuations.status, inputs: valuations.inputs, locale: valuations.locale, modelVersion: valuations.modelVersion,
    reportPath: valuations.reportPath, reportSha256: valuations.reportSha256, orgName: organizations.name, orgId: valuations.orgId,
  }).from(valuations).innerJoin(organizations, eq(organizations.id, valuations.orgId)).where(eq(valuations.id, id));
  if (!v) return null;
  if (v.reportPath && v.reportSha256 && (await exists(v.reportPath))) return { path: v.reportPath, sha256: v.reportSha256 };
  // Expired and invalidated valuations keep the report they had; only a completed one gets a new one.
  if (v.status !== "completed" || !v.inputs) return null;
  const result = valuate(inputFromJson(v.inputs), engineOf(v.modelVersion));
  // Loaded on first use: pdfkit and fontkit are a second of start-up every process would pay.
  const { renderValuationReport } = await import("./valuation-report.server");
  const pdf = await renderValuationReport({ id, result, orgName: v.orgName, locale: v.locale === "en" ? "en" : "zh-CN" });
  const file = await writeReportFile(id, pdf);
  await db.transaction(async (tx) => {
    const stored = await tx.update(valuations).set({ reportPath: file.path, reportSha256: file.sha256 })
      .where(and(eq(valuations.id, id), isNull(valuations.reportSha256))).returning({ id: valuations.id });
    if (stored.length) {
      await audit(tx, SYSTEM, {
        action: "valuation.report-rendered", entityType: "valuation", entityId: id, orgId: v.orgId,
        after: { reportSha256: file.sha256, bytes: file.bytes, template: REPORT_TEMPLATE, modelVersion: v.modelVersion },
      });
    } else if (v.reportSha256 && v.reportSha256 !== file.sha256) {
      // The file was lost and drawn again: the recorded hash must still be the file's.
      await tx.update(valuations).set({ reportPath: file.path, reportSha256: file.sha256 }).where(eq(valuations.id, id));
    }
  });
  return { path: file.path, sha256: file.sha256 };
}

const exists = (p: string) => fs.access(p).then(() => true, () => false);

/**
 * One file per valuation (`<id>.pdf`): written beside its final name, then renamed, so that a
 * process killed mid-write leaves no second report and a re-render simply replaces it.
 */
export async function writeReportFile(id: string, pdf: Buffer) {
  const dir = path.resolve(env.REPORT_DIR);
  await fs.mkdir(dir, { recursive: true });
  const final = path.join(dir, `${id}.pdf`);
  const partial = `${final}.${process.pid}.${crypto.randomUUID().slice(0, 8)}.partial`;
  await fs.writeFile(partial, pdf);
  await fs.rename(partial, final);
  return { path: final, sha256: crypto.createHash("sha256").update(pdf).digest("hex"), bytes: pdf.length };
}
