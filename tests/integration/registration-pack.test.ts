import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditEvents, domainEvents, organizations, encumbrances, packDocuments, packSignatures, pledgeApplications, registrationPacks } from "#db/schema/index";
import { addWorkingDays } from "#app/domain/registration/working-days";
import { shanghaiDate } from "#app/domain/dates";
import { verifyDocument } from "#app/services/document-verification.server";
import { filePack, recordPack, requestCorrection } from "#app/services/registration-filing.server";
import { packArchive, packDocumentFile, packPage } from "#app/services/registration-pack-views.server";
import { cancelPack, preparePack, signPack } from "#app/services/registration-packs.server";
import { createAdmin, createOrg } from "#tests/support/factories";
import { acceptedApplication } from "#tests/support/registration";

const prepare = { kind: "registration" as const, agent: null, declareValuation: true, change: null, address: "上海市浦东新区张江路 1 号" };
const docsOf = async (packId: string) => {
  const db = await getDb();
  const [pack] = await db.select().from(registrationPacks).where(eq(registrationPacks.id, packId));
  return db.select().from(packDocuments).where(and(eq(packDocuments.packId, packId), eq(packDocuments.revision, pack!.revision))).orderBy(asc(packDocuments.position));
};

describe("the registration pack, signed by both parties", () => {
  it("is prepared from the accepted offer, signed by pledgor and pledgee with PAdES signatures, filed, corrected, re-signed and recorded", async () => {
    const { ent, bank, applicationId, assetIds } = await acceptedApplication();
    const db = await getDb();
    const { packId, created } = await preparePack(ent.actor, applicationId, prepare);
    expect(created).toBe(true);
    // A second click prepares nothing new.
    expect(await preparePack(bank.actor, applicationId, prepare)).toEqual({ packId, packIds: [packId], created: false });
    expect((await docsOf(packId)).map((d) => d.kind)).toEqual(["form", "contract", "commitment", "declaration"]);

    // The bank cannot file before both signed.
    await expect(filePack(bank.actor, packId, { filedOn: shanghaiDate() })).rejects.toMatchObject({ status: 409 });
    expect(await signPack(ent.actor, packId)).toEqual({ status: "signed_one", signed: true });
    // The same party signing again changes nothing.
    expect(await signPack(ent.actor, packId)).toEqual({ status: "signed_one", signed: false });
    expect(await signPack(bank.actor, packId)).toEqual({ status: "signed", signed: true });

    const contract = (await docsOf(packId)).find((d) => d.kind === "contract")!;
    const v = await verifyDocument(contract.pdf);
    expect(v.verdict).toBe("valid");
    expect(v.issued).toMatchObject({ kind: "contract", title: "专利权质押合同" });
    expect(v.signatures.map((s) => s.signerName)).toEqual([ent.name, bank.name]);
    expect(v.signatures.every((s) => s.intact && s.trusted)).toBe(true);

    // The audit log holds the signer, time and IP of each signature.
    const signedAudit = await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, packId), eq(auditEvents.action, "registration.pack-signed")));
    expect(signedAudit).toHaveLength(2);
    expect(signedAudit.map((a) => [a.actorUserId, a.ip, (a.after as { party: string }).party])).toEqual(expect.arrayContaining([
      [ent.userId, "127.0.0.1", "pledgor"], [bank.userId, "127.0.0.1", "pledgee"],
    ]));
    expect((signedAudit[0]!.after as { signedAt: string }).signedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    // Filing locks the assets and starts the 3-working-day clock.
    const filedOn = "2026-02-13";
    expect(await filePack(bank.actor, packId, { filedOn })).toEqual({ status: "filed", dueOn: "2026-02-25" });
    const locks = await db.select().from(encumbrances).where(eq(encumbrances.sourceType, "pledge_registration"));
    expect(locks.filter((e) => assetIds.includes(e.assetId)).map((e) => e.status)).toEqual(["pending", "pending"]);

    // CNIPA asks for a correction: a new revision, unsigned, the clock stopped.
    expect(await requestCorrection(bank.actor, packId, { receivedOn: "2026-02-24", items: "质权人住所与营业执照不一致" })).toEqual({ status: "correction_requested", revision: 2 });
    const [stopped] = await db.select().from(registrationPacks).where(eq(registrationPacks.id, packId));
    expect(stopped!.dueOn).toBeNull();
    const revised = await docsOf(packId);
    expect((await verifyDocument(revised[0]!.pdf)).verdict).toBe("issued-unsigned");

    await signPack(bank.actor, packId);
    expect(await signPack(ent.actor, packId)).toEqual({ status: "resubmitted", signed: true });
    const [restarted] = await db.select().from(registrationPacks).where(eq(registrationPacks.id, packId));
    expect(restarted!.clockStartedOn).toBe(shanghaiDate());
    expect(restarted!.dueOn).toBe(addWorkingDays(shanghaiDate(), 3));
    expect(await db.select().from(packSignatures).where(eq(packSignatures.packId, packId))).toHaveLength(4);

    const recorded = await recordPack(bank.actor, packId, { cnipaNumber: `Y2026${Date.now() % 1_000_000_000}`, noticeNumber: "ZX2026000123", registeredOn: shanghaiDate() });
    expect(recorded.status).toBe("recorded");
    expect(recorded.loanId).toBeTruthy();
    const [app] = await db.select({ status: pledgeApplications.status }).from(pledgeApplications).where(eq(pledgeApplications.id, applicationId));
    expect(app!.status).toBe("registered");
    // The bank hears of each step once: one registration.recorded (the pledge's, naming the pack too), not one per subject.
    const events = (await db.select({ type: domainEvents.type, orgIds: domainEvents.orgIds, payload: domainEvents.payload }).from(domainEvents))
      .filter((e) => (e.payload as { applicationId?: string }).applicationId === applicationId && e.type.startsWith("registration."));
    expect(events.map((e) => e.type).sort()).toEqual(["registration.corrected", "registration.filed", "registration.recorded"]);
    expect(events.every((e) => e.orgIds.length === 1 && e.orgIds[0] === bank.orgId)).toBe(true);
    expect(events.find((e) => e.type === "registration.recorded")!.payload).toMatchObject({ applicationId, registrationPackId: packId, packKind: "registration", loanId: recorded.loanId });
  });

  // A failing document names the check that failed (the rare 'invalid' once seen here was a signature whose DER ended in 0x00, fixed).
  it("downloads as one zip for CNIPA's online system: the checklist and every signed document", async () => {
    const { ent, bank, applicationId } = await acceptedApplication();
    const { packId } = await preparePack(ent.actor, applicationId, { ...prepare, agent: "上海某专利代理事务所" });
    await signPack(bank.actor, packId);
    await signPack(ent.actor, packId);
    const { zip, fileName } = await packArchive(bank.actor, packId);
    expect(fileName).toMatch(/\.zip$/);
    const archive = await JSZip.loadAsync(zip);
    const names = Object.keys(archive.files).sort();
    expect(names).toEqual(["01-材料清单.pdf", "02-专利权质押登记申请表.pdf", "03-专利权质押合同.pdf", "04-当事人身份证明承诺书.pdf", "05-关于同日申请实用新型和发明专利的声明.pdf", "06-委托书.pdf"]);
    for (const n of names.slice(1)) {
      const v = await verifyDocument(Buffer.from(await archive.file(n)!.async("uint8array")));
      expect(v.verdict, `${n} ${JSON.stringify(v.signatures.map((s) => s.problem))}`).toBe("valid");
      expect(v.signatures).toHaveLength(2);
    }
  });

  it("fails a tampered PDF, by one changed byte or by an appended update, here and in poppler's pdfsig", async () => {
    const { ent, bank, applicationId } = await acceptedApplication();
    const { packId } = await preparePack(ent.actor, applicationId, prepare);
    await signPack(ent.actor, packId);
    await signPack(bank.actor, packId);
    const contract = (await docsOf(packId)).find((d) => d.kind === "contract")!.pdf;
    const tampered = Buffer.from(contract);
    const at = tampered.indexOf("/Title");
    tampered[at + 8] = tampered[at + 8]! ^ 0x01;
    const v = await verifyDocument(tampered);
    expect(v.verdict).toBe("invalid");
    expect(v.issued).toBeNull();
    expect(v.signatures.some((s) => s.problem === "digest")).toBe(true);
    const appended = await verifyDocument(Buffer.concat([contract, Buffer.from("\n1 0 obj\n(x)\nendobj\n")]));
    expect(appended.verdict).toBe("invalid");
    expect(appended.coversWholeFile).toBe(false);
    expect((await verifyDocument(Buffer.from("%PDF-1.4\nnot really\n"))).verdict).toBe("unknown");

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-"));
    fs.writeFileSync(path.join(dir, "ok.pdf"), contract);
    fs.writeFileSync(path.join(dir, "bad.pdf"), tampered);
    const pdfsig = (f: string) => {
      try {
        return execFileSync("pdfsig", ["-nocert", path.join(dir, f)], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
      } catch (e) {
        return String((e as { stdout?: string }).stdout ?? "");
      }
    };
    const ok = pdfsig("ok.pdf");
    expect(ok.match(/Signature is Valid/g)).toHaveLength(2);
    expect(ok).toContain(ent.name);
    expect(pdfsig("bad.pdf")).not.toMatch(/Signature #2:[\s\S]*Signature is Valid/);
  });

  it("is seen only by its two parties and admins: another organisation gets 404, an admin cannot sign", async () => {
    const { ent, bank, applicationId } = await acceptedApplication();
    const { packId } = await preparePack(ent.actor, applicationId, prepare);
    const [doc] = await docsOf(packId);
    const otherEnt = await createOrg();
    const otherBank = await createOrg({ kind: "bank" });
    const admin = await createAdmin();
    for (const stranger of [otherEnt, otherBank]) {
      await expect(packPage(stranger.actor, applicationId)).rejects.toMatchObject({ status: 404 });
      await expect(packArchive(stranger.actor, packId)).rejects.toMatchObject({ status: 404 });
      await expect(packDocumentFile(stranger.actor, packId, doc!.id)).rejects.toMatchObject({ status: 404 });
      await expect(signPack(stranger.actor, packId)).rejects.toMatchObject({ status: 404 });
      await expect(filePack(stranger.actor, packId, { filedOn: "2026-03-02" })).rejects.toMatchObject({ status: 404 });
    }
    expect((await packPage(admin.actor, applicationId)).packs).toHaveLength(1);
    expect((await packArchive(admin.actor, packId)).zip.length).toBeGreaterThan(1000);
    await expect(signPack(admin.actor, packId)).rejects.toMatchObject({ status: 403 });
    // The enterprise may not file or record with CNIPA (the pledgee bank or an admin does).
    await expect(filePack(ent.actor, packId, { filedOn: "2026-03-02" })).rejects.toMatchObject({ status: 403 });
    const page = await packPage(bank.actor, applicationId);
    expect(page.party).toBe("pledgee");
    expect(page.packs[0]!.actions).toMatchObject({ sign: true, file: false, cancel: true });
  });

  it("refuses a contract without the pledgee's address (art. 8) with the field named, and can be withdrawn before filing", async () => {
    const { ent, bank, applicationId } = await acceptedApplication();
    const db = await getDb();
    await db.update(organizations).set({ address: null }).where(eq(organizations.id, bank.orgId));
    await expect(preparePack(ent.actor, applicationId, prepare)).rejects.toMatchObject({ status: 400, fieldErrors: { pledgeeAddress: ["registration.errors.pledgeeAddress"] } });
    expect(await db.select().from(registrationPacks).where(eq(registrationPacks.applicationId, applicationId))).toHaveLength(0);
    // The enterprise's address is on file now; the bank gives its own as it prepares the pack.
    await db.update(organizations).set({ address: prepare.address }).where(eq(organizations.id, ent.orgId));
    const { packId } = await preparePack(bank.actor, applicationId, { ...prepare, address: "上海市黄浦区中山东一路 1 号" });
    expect(await cancelPack(ent.actor, packId)).toEqual({ status: "cancelled" });
    const again = await preparePack(ent.actor, applicationId, prepare);
    expect(again.created).toBe(true);
  });
});
