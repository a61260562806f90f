import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { packDocuments, pledgeApplications, registrationPacks } from "#db/schema/index";
import { shanghaiDate } from "#app/domain/dates";
import { verifyDocument } from "#app/services/document-verification.server";
import { filePack, recordPack } from "#app/services/registration-filing.server";
import { packArchive } from "#app/services/registration-pack-views.server";
import { preparePack, signPack } from "#app/services/registration-packs.server";
import { acceptedApplication } from "#tests/support/registration";

/**
 * The text poppler reads out of a PDF (the documents embed their CJK font with a ToUnicode map), and
 * what it complained of while parsing (nothing, for a well-formed file).
 */
function pdfText(pdf: Buffer) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tm-pack-"));
  try {
    fs.writeFileSync(path.join(dir, "d.pdf"), pdf);
    const r = spawnSync("pdftotext", ["-enc", "UTF-8", path.join(dir, "d.pdf"), "-"], { encoding: "utf8" });
    return { text: r.stdout.replace(/\s+/g, ""), errors: r.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("the trademark registration pack (商标专用权质权登记)", () => {
  it("is the trademark office's documents, signed by both, zipped, filed and recorded like a patent pack", async () => {
    const { ent, bank, applicationId } = await acceptedApplication({
      assets: [{ kind: "trademark", number: "38475621", title: "芯微 XINWEI", niceClasses: [9, 42], grantDate: "2020-02-07" }],
    });
    const { packId } = await preparePack(ent.actor, applicationId, { kind: "registration", agent: null, declareValuation: false, change: null, address: "上海市浦东新区张江路 1 号" });
    await signPack(ent.actor, packId);
    await signPack(bank.actor, packId);
    const db = await getDb();
    const docs = await db.select().from(packDocuments).where(eq(packDocuments.packId, packId)).orderBy(asc(packDocuments.position));
    // No same-day invention/utility-model declaration: that is a patent filing's.
    expect(docs.map((d) => [d.kind, d.title])).toEqual([
      ["form", "商标专用权质权登记申请书"], ["contract", "注册商标专用权质权合同"], ["commitment", "当事人身份证明承诺书"],
    ]);
    const contract = docs.find((d) => d.kind === "contract")!.pdf;
    const { text, errors } = pdfText(contract);
    // Each signature's dictionary parses (its /App name once held spaces: "Dictionary key must be a name object").
    expect(errors).toBe("");
    expect(text).toContain("注册号38475621，商标「芯微XINWEI」，核定使用商品/服务类别第9、42类，专用期至2030-02-06");
    expect(text).not.toContain("专利");
    const v = await verifyDocument(contract);
    expect(v.verdict).toBe("valid");
    expect(v.signatures.map((s) => s.signerName)).toEqual([ent.name, bank.name]);

    const archive = await JSZip.loadAsync((await packArchive(bank.actor, packId)).zip);
    expect(Object.keys(archive.files).sort()).toEqual(["01-材料清单.pdf", "02-商标专用权质权登记申请书.pdf", "03-注册商标专用权质权合同.pdf", "04-当事人身份证明承诺书.pdf"]);

    await filePack(bank.actor, packId, { filedOn: shanghaiDate() });
    const recorded = await recordPack(bank.actor, packId, { cnipaNumber: `TM2026${Date.now() % 1_000_000}`, noticeNumber: "SBZY2026000017", registeredOn: shanghaiDate() });
    expect(recorded.loanId).toBeTruthy();
    const [app] = await db.select({ status: pledgeApplications.status }).from(pledgeApplications).where(eq(pledgeApplications.id, applicationId));
    expect(app!.status).toBe("registered");
    const [pack] = await db.select().from(registrationPacks).where(and(eq(registrationPacks.id, packId)));
    expect(pack!.status).toBe("recorded");
  });

  it("is refused for patents and trademarks pledged together (two registries), and nothing is written", async () => {
    const { ent, applicationId } = await acceptedApplication({
      assets: [{ kind: "invention" }, { kind: "trademark", title: "芯微", niceClasses: [9] }],
    });
    await expect(preparePack(ent.actor, applicationId, { kind: "registration", agent: null, declareValuation: false, change: null, address: "上海市浦东新区张江路 1 号" }))
      .rejects.toMatchObject({ status: 409, messageKey: "registration.errors.mixedRegistries" });
    const db = await getDb();
    expect(await db.select().from(registrationPacks).where(eq(registrationPacks.applicationId, applicationId))).toEqual([]);
  });
});
