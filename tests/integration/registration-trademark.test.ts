import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { domainEvents, loans, packDocuments, pledgeApplications, pledgeRegistrations, registrationPacks } from "#db/schema/index";
import { shanghaiDate } from "#app/domain/dates";
import { verifyDocument } from "#app/services/document-verification.server";
import { disburseLoan, getLoan, recordRepayment } from "#app/services/loans.server";
import { filePack, recordPack, requestCorrection } from "#app/services/registration-filing.server";
import { packArchive } from "#app/services/registration-pack-views.server";
import { cancelPack, preparePack, signPack } from "#app/services/registration-packs.server";
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

  it("patents and trademarks pledged together make two packs, one per register, each signed, filed and recorded on its own; the pledge stands when both are recorded", async () => {
    const { ent, bank, applicationId } = await acceptedApplication({
      assets: [{ kind: "invention", title: "一种功率器件散热结构" }, { kind: "trademark", number: "41235678", title: "芯微", niceClasses: [9] }],
    });
    const prepare = { kind: "registration" as const, agent: null, declareValuation: false, change: null, address: "上海市浦东新区张江路 1 号" };
    const made = await preparePack(ent.actor, applicationId, prepare);
    expect(made.created).toBe(true);
    expect(made.packIds).toHaveLength(2);
    // A second click prepares nothing new.
    expect(await preparePack(bank.actor, applicationId, prepare)).toEqual({ ...made, created: false });
    const db = await getDb();
    const packs = await db.select().from(registrationPacks).where(eq(registrationPacks.applicationId, applicationId)).orderBy(asc(registrationPacks.registry));
    expect(packs.map((p) => [p.kind, p.registry, p.status])).toEqual([["registration", "patent", "draft"], ["registration", "trademark", "draft"]]);
    const [patent, trademark] = packs as [typeof packs[number], typeof packs[number]];
    expect(made.packIds).toEqual([patent.id, trademark.id]);

    // Each pack holds its own register's documents, naming only its own assets.
    const docsOf = (packId: string) => db.select().from(packDocuments).where(eq(packDocuments.packId, packId)).orderBy(asc(packDocuments.position));
    expect((await docsOf(patent.id)).map((d) => d.title)).toEqual(["专利权质押登记申请表", "专利权质押合同", "当事人身份证明承诺书", "关于同日申请实用新型和发明专利的声明"]);
    expect((await docsOf(trademark.id)).map((d) => d.title)).toEqual(["商标专用权质权登记申请书", "注册商标专用权质权合同", "当事人身份证明承诺书"]);
    const patentContract = pdfText((await docsOf(patent.id)).find((d) => d.kind === "contract")!.pdf).text;
    const trademarkContract = pdfText((await docsOf(trademark.id)).find((d) => d.kind === "contract")!.pdf).text;
    expect(patentContract).toContain("一种功率器件散热结构");
    expect(patentContract).not.toContain("41235678");
    expect(trademarkContract).toContain("注册号41235678");
    expect(trademarkContract).not.toContain("一种功率器件散热结构");

    // Each is signed by both parties; one pack's signatures do not sign the other.
    await signPack(ent.actor, patent.id);
    expect(await signPack(bank.actor, patent.id)).toEqual({ status: "signed", signed: true });
    await expect(filePack(bank.actor, trademark.id, { filedOn: "2026-03-02" })).rejects.toMatchObject({ status: 409 });
    await signPack(bank.actor, trademark.id);
    expect(await signPack(ent.actor, trademark.id)).toEqual({ status: "signed", signed: true });
    for (const id of [patent.id, trademark.id]) {
      const v = await verifyDocument((await docsOf(id)).find((d) => d.kind === "contract")!.pdf);
      expect(v.verdict).toBe("valid");
      expect(v.signatures).toHaveLength(2);
    }

    // Filed on different days: each has its own 3-working-day clock. The first filing starts the pledge's registration.
    expect(await filePack(bank.actor, patent.id, { filedOn: "2026-03-02" })).toEqual({ status: "filed", dueOn: "2026-03-05" });
    expect(await filePack(bank.actor, trademark.id, { filedOn: "2026-03-04" })).toEqual({ status: "filed", dueOn: "2026-03-09" });
    const regs = await db.select().from(pledgeRegistrations).where(eq(pledgeRegistrations.applicationId, applicationId));
    expect(regs.map((r) => r.status)).toEqual(["pending"]);

    // A correction of the trademark pack restarts its clock only; the patent pack's stands.
    await requestCorrection(bank.actor, trademark.id, { receivedOn: "2026-03-06", items: "商标注册号有误" });
    await signPack(ent.actor, trademark.id);
    await signPack(bank.actor, trademark.id);
    const [tmAfter, ptAfter] = await Promise.all([trademark.id, patent.id].map(async (id) => (await db.select().from(registrationPacks).where(eq(registrationPacks.id, id)))[0]!));
    expect(tmAfter!).toMatchObject({ status: "resubmitted", revision: 2, clockStartedOn: shanghaiDate() });
    expect(ptAfter!).toMatchObject({ status: "filed", revision: 1, clockStartedOn: "2026-03-02", dueOn: "2026-03-05" });

    // Each notice is its own: the patent pack recorded, the pledge not yet registered and no loan set up.
    const ptNumber = `Y2026310${Date.now() % 1_000_000}`;
    const first = await recordPack(bank.actor, patent.id, { cnipaNumber: ptNumber, noticeNumber: "ZYDJ2026000201", registeredOn: "2026-03-05" });
    expect(first).toEqual({ status: "recorded", loanId: null });
    const appStatus = async () => (await db.select({ status: pledgeApplications.status }).from(pledgeApplications).where(eq(pledgeApplications.id, applicationId)))[0]!.status;
    expect(await appStatus()).toBe("registering");
    expect(await db.select().from(loans).where(eq(loans.applicationId, applicationId))).toEqual([]);
    const recordedEvents = async () => (await db.select().from(domainEvents).where(eq(domainEvents.type, "registration.recorded")))
      .filter((e) => (e.payload as { applicationId?: string }).applicationId === applicationId);
    expect(await recordedEvents()).toEqual([]);
    // ...but the bank hears of the first register's notice now, not only when the second comes.
    const packEvents = async () => (await db.select().from(domainEvents).where(eq(domainEvents.type, "registration.pack_recorded")))
      .map((e) => e.payload as { applicationId?: string; registrationPackId: string; registry: string })
      .filter((p) => p.applicationId === applicationId).map((p) => [p.registrationPackId, p.registry]);
    expect(await packEvents()).toEqual([[patent.id, "patent"]]);

    // The trademark's notice completes it: registered, the loan set up, the bank told once with both packs.
    const tmNumber = `TM2026${Date.now() % 1_000_000}`;
    const second = await recordPack(bank.actor, trademark.id, { cnipaNumber: tmNumber, noticeNumber: "SBZY2026000202", registeredOn: "2026-03-10" });
    expect(second.loanId).toBeTruthy();
    expect(await appStatus()).toBe("registered");
    const [reg] = await db.select().from(pledgeRegistrations).where(eq(pledgeRegistrations.applicationId, applicationId));
    expect(reg).toMatchObject({ status: "registered", registeredOn: "2026-03-10" });
    expect(reg!.cnipaNumber).toContain(tmNumber);
    const events = await recordedEvents();
    expect(events).toHaveLength(1);
    expect((events[0]!.payload as { registrationPackId: string }).registrationPackId).toBe(`${patent.id},${trademark.id}`);
    expect(await packEvents()).toEqual([[patent.id, "patent"]]);

    // Settled: the cancellation (注销) is two packs too, each naming its own register's number.
    await disburseLoan(bank.actor, second.loanId!, { disbursedOn: "2026-03-11" });
    const owed = (await getLoan(bank.actor, second.loanId!)).schedule.reduce((a, i) => a + i.principalFen + i.interestFen, 0n);
    await recordRepayment(bank.actor, second.loanId!, { amountFen: owed, paidOn: "2026-04-11" }, "ui");
    const cancel = await preparePack(bank.actor, applicationId, { ...prepare, kind: "cancellation" });
    expect(cancel.packIds).toHaveLength(2);
    const [ptForm, tmForm] = await Promise.all(cancel.packIds.map(async (id) => pdfText((await docsOf(id)).find((d) => d.kind === "form")!.pdf).text));
    expect(ptForm).toContain(`原登记号：${ptNumber}`);
    expect(ptForm).not.toContain(tmNumber);
    expect(tmForm).toContain(`原登记号：${tmNumber}`);
  });

  it("a pack of one register withdrawn before filing is prepared again alone; the other is kept", async () => {
    const { ent, bank, applicationId } = await acceptedApplication({
      assets: [{ kind: "invention" }, { kind: "trademark", title: "芯微", niceClasses: [9] }],
    });
    const prepare = { kind: "registration" as const, agent: null, declareValuation: false, change: null, address: "上海市浦东新区张江路 1 号" };
    const { packIds } = await preparePack(ent.actor, applicationId, prepare);
    await signPack(ent.actor, packIds[0]!);
    expect(await cancelPack(bank.actor, packIds[1]!)).toEqual({ status: "cancelled" });
    const again = await preparePack(ent.actor, applicationId, prepare);
    expect(again.created).toBe(true);
    expect(again.packIds[0]).toBe(packIds[0]);
    const db = await getDb();
    const packs = await db.select().from(registrationPacks).where(eq(registrationPacks.applicationId, applicationId));
    expect(packs.map((p) => [p.registry, p.status]).sort()).toEqual([["patent", "signed_one"], ["trademark", "cancelled"], ["trademark", "draft"]]);
  });
});
