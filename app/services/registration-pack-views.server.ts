import fs from "node:fs/promises";
import { PassThrough } from "node:stream";
import { ZipArchive } from "archiver";
import { and, asc, desc, eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { correctionNotices, organizations, packDocuments, packSignatures, registrationPacks, users, valuations } from "#db/schema/index";
import { shanghaiDate } from "#app/domain/dates";
import { checklist, fileName, signersOf, type DocContent, type DocKind } from "#app/domain/registration/documents";
import { eventsFrom } from "#app/domain/state-machine";
import { packLifecycle, SIGNABLE, type PackEvent } from "#app/domain/registration/lifecycle";
import { knowsYear, workingDaysLeft } from "#app/domain/registration/working-days";
import { can, type Actor } from "#app/domain/policy/index";
import { partyOf } from "#app/domain/policy/registration";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { loadApplication } from "./financing-shared.server";
import { workingDayCalendar } from "./registration-calendar.server";
import { applicationRegistries, packFacts, renderPackDocument } from "./registration-documents.server";
import { loadPack, refOf } from "./registration-packs.server";

/** What the pack page shows: the application's packs, their documents, signatures, corrections and clock. */
export async function packPage(actor: Actor, applicationId: string) {
  const db = await getDb();
  const app = await loadApplication(db, applicationId);
  const ref = await refOf(db, app).catch(() => null);
  requireCan(actor, "registration.pack.view", ref ?? { enterpriseOrgId: app.enterpriseOrgId, bankOrgId: "" });
  if (!ref) throw new ServiceError(404, "errors.notFound");
  const [pledgor, pledgee] = await Promise.all([ref.enterpriseOrgId, ref.bankOrgId].map(async (id) => {
    const [o] = await db.select({ name: organizations.name, address: organizations.address }).from(organizations).where(eq(organizations.id, id));
    return o!;
  }));
  const packs = await db.select().from(registrationPacks).where(eq(registrationPacks.applicationId, applicationId)).orderBy(desc(registrationPacks.createdAt));
  const party = partyOf(actor, ref);
  const today = shanghaiDate();
  const cal = workingDayCalendar();
  const detailed = await Promise.all(packs.map(async (p) => {
    const documents = await db.select({ id: packDocuments.id, kind: packDocuments.kind, title: packDocuments.title, sha256: packDocuments.sha256 })
      .from(packDocuments).where(and(eq(packDocuments.packId, p.id), eq(packDocuments.revision, p.revision))).orderBy(asc(packDocuments.position));
    const signatures = await db.select({ party: packSignatures.party, revision: packSignatures.revision, signedAt: packSignatures.signedAt, ip: packSignatures.ip, signer: users.name, certificateSerial: packSignatures.certificateSerial })
      .from(packSignatures).innerJoin(users, eq(users.id, packSignatures.userId)).where(eq(packSignatures.packId, p.id)).orderBy(asc(packSignatures.signedAt));
    const corrections = await db.select({ revision: correctionNotices.revision, receivedOn: correctionNotices.receivedOn, items: correctionNotices.items, completedOn: correctionNotices.completedOn })
      .from(correctionNotices).where(eq(correctionNotices.packId, p.id)).orderBy(asc(correctionNotices.revision));
    const signedNow = signatures.filter((s) => s.revision === p.revision).map((s) => s.party);
    const events = eventsFrom(packLifecycle, p.status) as PackEvent[];
    const clock = p.dueOn && p.clockStartedOn
      ? { startedOn: p.clockStartedOn, dueOn: p.dueOn, left: workingDaysLeft({ startedOn: p.clockStartedOn, dueOn: p.dueOn, provisional: false }, today, cal), provisional: !knowsYear(p.dueOn, cal) }
      : null;
    return {
      id: p.id, kind: p.kind, registry: p.registry, status: p.status, revision: p.revision, filedOn: p.filedOn, cnipaNumber: p.cnipaNumber, noticeNumber: p.noticeNumber, recordedOn: p.recordedOn,
      documents, signatures, corrections, clock, signedNow,
      actions: {
        sign: !!party && actor.type === "user" && SIGNABLE.has(p.status) && !signedNow.includes(party),
        file: events.includes("file") && can(actor, "registration.pack.cnipa", ref),
        correct: events.includes("requestCorrection") && can(actor, "registration.pack.cnipa", ref),
        record: events.includes("record") && can(actor, "registration.pack.cnipa", ref),
        cancel: events.includes("cancel") && can(actor, "registration.pack.prepare", ref),
      },
    };
  }));
  // A pack of a kind is still to prepare while one of the registers the assets need (patents, trademarks) has none in progress.
  const registries = await applicationRegistries(db, applicationId);
  const open = (k: string) => registries.every((r) => detailed.some((p) => p.kind === k && p.registry === r && (p.status !== "cancelled" && (p.status !== "recorded" || k !== "change"))));
  const mayPrepare = can(actor, "registration.pack.prepare", ref);
  return {
    application: { id: app.id, status: app.status, hasValuation: !!app.valuationId }, party, pledgor, pledgee, packs: detailed,
    prepare: {
      registration: mayPrepare && app.status === "accepted" && !open("registration"),
      change: mayPrepare && (app.status === "registered" || app.status === "disbursed") && !open("change"),
      cancellation: mayPrepare && app.status === "settled" && !open("cancellation"),
    },
  };
}
export type PackPage = Awaited<ReturnType<typeof packPage>>;

/** One document of a pack as it stands (the PDF with the signatures it has so far). */
export async function packDocumentFile(actor: Actor, packId: string, documentId: string, applicationId?: string) {
  const db = await getDb();
  const l = await loadPack(db, packId);
  requireCan(actor, "registration.pack.view", l.ref);
  if (applicationId !== undefined && applicationId !== l.app.id) throw new ServiceError(404, "errors.notFound");
  const [d] = /^[0-9a-f-]{36}$/i.test(documentId)
    ? await db.select().from(packDocuments).where(and(eq(packDocuments.id, documentId), eq(packDocuments.packId, packId))) : [];
  if (!d) throw new ServiceError(404, "errors.notFound");
  return { fileName: `${d.title}-v${d.revision}.pdf`, pdf: d.pdf };
}

/**
 * The pack as one zip for CNIPA's online system: the checklist first, then each signed document of
 * the current revision, and the valuation report when the form declares it.
 */
export async function packArchive(actor: Actor, packId: string, applicationId?: string): Promise<{ fileName: string; zip: Buffer }> {
  const db = await getDb();
  const l = await loadPack(db, packId);
  requireCan(actor, "registration.pack.view", l.ref);
  if (applicationId !== undefined && applicationId !== l.app.id) throw new ServiceError(404, "errors.notFound");
  const docs = await db.select().from(packDocuments).where(and(eq(packDocuments.packId, packId), eq(packDocuments.revision, l.pack.revision))).orderBy(asc(packDocuments.position));
  const files: { name: string; doc: DocKind | "valuation_report"; data: Buffer }[] = docs.map((d, i) => ({
    name: fileName(i + 1, { kind: d.kind as DocKind, title: d.title, sections: [], signedBy: signersOf(d.kind) } satisfies DocContent), doc: d.kind as DocKind, data: d.pdf,
  }));
  if (l.pack.inputs.declareValuation && l.app.valuationId) {
    const [v] = await db.select({ reportPath: valuations.reportPath }).from(valuations).where(eq(valuations.id, l.app.valuationId));
    const report = v?.reportPath ? await fs.readFile(v.reportPath).catch(() => null) : null;
    if (report) files.push({ name: `${String(files.length + 2).padStart(2, "0")}-评估报告.pdf`, doc: "valuation_report", data: report });
  }
  const facts = await packFacts(db, l.pack, l.app);
  const list = checklist(facts, files);
  const listPdf = await renderPackDocument(list, facts, `${l.app.id.slice(0, 8).toUpperCase()}-${l.pack.kind.toUpperCase()}`);
  const zip = new ZipArchive({ zlib: { level: 6 } });
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on("end", () => resolve());
    zip.on("error", reject);
  });
  zip.pipe(out);
  zip.append(listPdf, { name: fileName(0, list) });
  for (const f of files) zip.append(f.data, { name: f.name });
  await zip.finalize();
  await done;
  return { fileName: `质押登记材料-${l.pack.kind}-${l.app.id.slice(0, 8)}-v${l.pack.revision}.zip`, zip: Buffer.concat(chunks) };
}
