import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditEvents, reviewMessages } from "#db/schema/index";
import { requestInfo } from "#app/services/bank-review.server";
import { runMatching } from "#app/services/matching.server";
import { answerInfoRequest, createApplication, getApplicationView, submitApplication } from "#app/services/pledge-applications.server";
import { openReviewAttachment } from "#app/services/review-attachments.server";
import { env } from "#app/utils/env.server";
import { createAdmin, createOrg } from "#tests/support/factories";
import { createProduct, enterpriseWithValuedAssets } from "#tests/support/financing";

const uploads = fs.mkdtempSync(path.join(os.tmpdir(), "ipm-review-files-"));
const before = { dir: env.UPLOAD_DIR, max: env.UPLOAD_MAX_BYTES };
beforeAll(() => {
  env.UPLOAD_DIR = uploads;
});
afterAll(() => {
  env.UPLOAD_DIR = before.dir;
  env.UPLOAD_MAX_BYTES = before.max;
  fs.rmSync(uploads, { recursive: true, force: true });
});

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

async function xlsx() {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("资产负债表").addRow(["货币资金", 1_200_000]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** An application two banks review; the first asks the enterprise for its audited accounts. */
async function infoRequested() {
  const { ent, assetIds, parkId } = await enterpriseWithValuedAssets();
  const bank = await createOrg({ kind: "bank" });
  const otherBank = await createOrg({ kind: "bank" });
  await createProduct(bank.orgId, { eligibleParkIds: [parkId] });
  await createProduct(otherBank.orgId, { eligibleParkIds: [parkId] });
  const { id } = await createApplication(ent.actor, { assetIds, amount: 1_500_000_00n, termMonths: 12, purpose: "研发投入与流动资金" });
  await submitApplication(ent.actor, id);
  await runMatching(await getDb(), id);
  await requestInfo(bank.actor, id, "请提供近两年经审计的财务报表。");
  const view = await getApplicationView(ent.actor, id);
  const review = view.reviews.find((r) => r.bankOrgId === bank.orgId)!;
  expect(view.reviews.map((r) => r.bankOrgId).sort()).toEqual([bank.orgId, otherBank.orgId].sort());
  return { ent, bank, otherBank, id, reviewId: review.id };
}

async function lastAnswer(reviewId: string) {
  const rows = await (await getDb()).select().from(reviewMessages).where(and(eq(reviewMessages.reviewId, reviewId), eq(reviewMessages.kind, "answer")));
  return rows.at(-1)!;
}

describe("answering a bank's information request with attachments", () => {
  it("stores a PDF and an XLSX by their bytes; the enterprise, the requesting bank and an admin download them, each download audited", async () => {
    const { ent, bank, id, reviewId } = await infoRequested();
    await answerInfoRequest(ent.actor, id, reviewId, "附 2024 年审计报告。", { name: "审计报告 2024.pdf", bytes: PDF });
    const pdf = await lastAnswer(reviewId);
    expect([pdf.fileName, pdf.mime, pdf.size]).toEqual(["审计报告 2024.pdf", "application/pdf", PDF.length]);
    expect(pdf.storedName).toMatch(/^[0-9a-f-]{36}\.pdf$/);
    await requestInfo(bank.actor, id, "请再提供资产负债表。");
    const sheet = await xlsx();
    await answerInfoRequest(ent.actor, id, reviewId, "资产负债表见附件。", { name: "balance.xlsx", bytes: sheet });
    const x = await lastAnswer(reviewId);
    expect([x.mime, x.storedName?.endsWith(".xlsx")]).toEqual(["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true]);

    const admin = await createAdmin();
    for (const who of [ent, bank, admin]) {
      const f = await openReviewAttachment(who.actor, id, pdf.id);
      expect([f.fileName, f.mime, Buffer.from(f.bytes).equals(Buffer.from(PDF))]).toEqual(["审计报告 2024.pdf", "application/pdf", true]);
    }
    expect(Buffer.from((await openReviewAttachment(bank.actor, id, x.id)).bytes).equals(Buffer.from(sheet))).toBe(true);
    const db = await getDb();
    const uploadsAudited = await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, reviewId), eq(auditEvents.action, "financing.info-answered")));
    expect(uploadsAudited.map((a) => (a.after as { attachment: { sha256: string } }).attachment.sha256)).toEqual([pdf.sha256, x.sha256]);
    const downloads = await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, reviewId), eq(auditEvents.action, "financing.attachment-downloaded")));
    expect(downloads.map((a) => (a.after as { by: string }).by).sort()).toEqual(["admin", "bank", "bank", "enterprise"]);
    // The page's view carries the name, never the name on disk.
    const view = await getApplicationView(bank.actor, id);
    const shown = view.reviews[0]!.messages.find((m) => m.id === pdf.id)!;
    expect(shown).toMatchObject({ fileName: "审计报告 2024.pdf" });
    expect(shown).not.toHaveProperty("storedName");
  });

  it("is 404 for another bank (even one reviewing the same application), another enterprise, and a message of another application", async () => {
    const { ent, otherBank, id, reviewId } = await infoRequested();
    await answerInfoRequest(ent.actor, id, reviewId, "附审计报告。", { name: "a.pdf", bytes: PDF });
    const m = await lastAnswer(reviewId);
    const stranger = await createOrg();
    const unrelatedBank = await createOrg({ kind: "bank" });
    for (const who of [otherBank, stranger, unrelatedBank]) {
      await expect(openReviewAttachment(who.actor, id, m.id)).rejects.toMatchObject({ status: 404 });
    }
    const second = await infoRequested();
    await expect(openReviewAttachment(second.ent.actor, second.id, m.id)).rejects.toMatchObject({ status: 404 });
    await expect(openReviewAttachment(ent.actor, id, "not-a-uuid")).rejects.toMatchObject({ status: 404 });
    // Another enterprise cannot answer (and so store a file) in this thread either.
    await expect(answerInfoRequest(stranger.actor, id, reviewId, "x", { name: "x.pdf", bytes: PDF })).rejects.toMatchObject({ status: 404 });
    expect(await (await getDb()).select().from(auditEvents).where(and(eq(auditEvents.entityId, reviewId), eq(auditEvents.action, "financing.attachment-downloaded")))).toHaveLength(0);
  });

  it("refuses a file of another type (400) and one over the size limit (413) with the file field's message, storing nothing", async () => {
    const { ent, id, reviewId } = await infoRequested();
    const filesBefore = fs.readdirSync(uploads).length;
    const docx = new TextEncoder().encode("PK\u0003\u0004[Content_Types].xml word/document.xml");
    for (const bytes of [new TextEncoder().encode("<html><script>alert(1)</script></html>"), docx]) {
      await expect(answerInfoRequest(ent.actor, id, reviewId, "见附件", { name: "report.pdf", bytes }))
        .rejects.toMatchObject({ status: 400, fieldErrors: { file: ["financing.errors.attachmentType"] } });
    }
    env.UPLOAD_MAX_BYTES = 1024;
    try {
      const big = new Uint8Array(2048);
      big.set(PDF);
      await expect(answerInfoRequest(ent.actor, id, reviewId, "见附件", { name: "big.pdf", bytes: big }))
        .rejects.toMatchObject({ status: 413, fieldErrors: { file: ["market.errors.fileTooLarge"] } });
    } finally {
      env.UPLOAD_MAX_BYTES = before.max;
    }
    expect(fs.readdirSync(uploads).length).toBe(filesBefore);
    const answers = await (await getDb()).select().from(reviewMessages).where(and(eq(reviewMessages.reviewId, reviewId), eq(reviewMessages.kind, "answer")));
    expect(answers).toHaveLength(0);
  });
});
