import crypto from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import type { Executor, Tx } from "#db/client.server";
import { correctionNotices, issuedDocuments, organizations, packDocuments, packSignatures, registrationPacks, type PackInputs } from "#db/schema/index";
import { shanghaiDate } from "#app/domain/dates";
import { missingContractItems, mixesRegistries, packDocuments as documentsOf, signersOf } from "#app/domain/registration/documents";
import { OPEN_PACK, packLifecycle, SIGNABLE, signatureEvent, type PackKind, type PackRegistry, type Party } from "#app/domain/registration/lifecycle";
import { decisionClock } from "#app/domain/registration/working-days";
import type { Actor } from "#app/domain/policy/index";
import { partyOf, type PackRef } from "#app/domain/policy/registration";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { signPdf } from "#app/utils/pdf-signatures.server";
import { emitDomainEvent } from "./domain-events.server";
import { inTx, isUniqueViolation, loadApplication, next, notice, userId, type ApplicationRow } from "./financing-shared.server";
import { audit } from "./operations.server";
import { workingDayCalendar } from "./registration-calendar.server";
import { applicationRegistries, bankOf, packFacts, renderPackDocument } from "./registration-documents.server";
import { signerFor } from "./signing-keys.server";

/**
 * The registration pack, prepared and signed: one use case a function. Filing with CNIPA, its
 * corrections and its decision are in registration-filing.server.ts.
 */
export type PackRow = typeof registrationPacks.$inferSelect;
export type LoadedPack = { pack: PackRow; app: ApplicationRow; ref: PackRef };

const sha256 = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");
export const packLink = (applicationId: string) => `/registration/${applicationId}`;

export async function refOf(exec: Executor, app: ApplicationRow): Promise<PackRef> {
  return { enterpriseOrgId: app.enterpriseOrgId, bankOrgId: await bankOf(exec, app.acceptedReviewId) };
}

/** A pack and its application (404 for an id that is none); with `lock`, the pack row is locked. */
export async function loadPack(exec: Executor, packId: string, opts: { lock?: boolean } = {}): Promise<LoadedPack> {
  if (!/^[0-9a-f-]{36}$/i.test(packId)) throw new ServiceError(404, "errors.notFound");
  const q = exec.select().from(registrationPacks).where(eq(registrationPacks.id, packId));
  const [pack] = opts.lock ? await q.for("update") : await q;
  if (!pack) throw new ServiceError(404, "errors.notFound");
  const app = await loadApplication(exec, pack.applicationId);
  return { pack, app, ref: await refOf(exec, app) };
}

/** Each organisation of the pack hears of a step once (in-app notice) and the bank by webhook. */
export async function tellParties(tx: Executor, l: LoadedPack, kind: string, causeId: string, to: Party[] = ["pledgor", "pledgee"]) {
  for (const p of to) await notice(tx, p === "pledgor" ? l.ref.enterpriseOrgId : l.ref.bankOrgId, kind, { pack: l.pack.kind }, packLink(l.app.id), causeId);
}

export async function emitPackEvent(tx: Executor, l: LoadedPack, type: "registration.filed" | "registration.corrected" | "registration.recorded" | "registration.pack_recorded", dedupe: string, extra: Record<string, string | number | null> = {}) {
  await emitDomainEvent(tx, {
    type, subjectType: "registration_pack", subjectId: l.pack.id, orgIds: [l.ref.bankOrgId],
    payload: { applicationId: l.app.id, registrationPackId: l.pack.id, packKind: l.pack.kind, ...extra }, dedupeKey: dedupe,
  });
}

/** Writes the documents of the pack's current revision (unsigned), each registered as issued. */
export async function writeDocuments(tx: Tx, pack: PackRow, app: ApplicationRow) {
  const facts = await packFacts(tx, pack, app);
  if (mixesRegistries(facts)) throw new ServiceError(409, "registration.errors.mixedRegistries");
  const missing = pack.kind === "cancellation" ? [] : missingContractItems(facts);
  if (missing.length) {
    const fields: Record<string, string[]> = {};
    if (missing.includes("pledgorAddress")) fields.pledgorAddress = ["registration.errors.pledgorAddress"];
    if (missing.includes("pledgeeAddress")) fields.pledgeeAddress = ["registration.errors.pledgeeAddress"];
    if (missing.some((m) => !m.endsWith("Address"))) fields.form = ["registration.errors.contractIncomplete"];
    throw new ServiceError(400, "errors.fixBelow", fields);
  }
  const ref = `${app.id.slice(0, 8).toUpperCase()}-${pack.kind.toUpperCase()}`;
  const docs = documentsOf(facts);
  for (const [position, doc] of docs.entries()) {
    const pdf = await renderPackDocument(doc, facts, ref);
    const hash = sha256(pdf);
    await tx.insert(packDocuments).values({ packId: pack.id, revision: pack.revision, position, kind: doc.kind, title: doc.title, pdf, sha256: hash });
    await tx.insert(issuedDocuments).values({ sha256: hash, kind: doc.kind, title: doc.title, entityType: "registration_pack", entityId: pack.id }).onConflictDoNothing();
  }
}

export type PrepareInput = { kind: PackKind; agent: string | null; declareValuation: boolean; change: string | null; address: string | null };

const PREPARABLE: Record<PackKind, ReadonlySet<string>> = {
  registration: new Set(["accepted"]),
  change: new Set(["registered", "disbursed"]),
  cancellation: new Set(["settled"]),
};

/** The registers whose pack of `kind` is still to be made: not one in progress, and for the pledge or its cancellation not one recorded. */
async function registriesToPrepare(tx: Executor, applicationId: string, kind: PackKind) {
  const packs = await tx.select().from(registrationPacks).where(and(eq(registrationPacks.applicationId, applicationId), eq(registrationPacks.kind, kind)))
    .orderBy(asc(registrationPacks.createdAt));
  const open = packs.filter((p) => OPEN_PACK.has(p.status));
  const done = (r: PackRegistry) => open.some((p) => p.registry === r) || (kind !== "change" && packs.some((p) => p.registry === r && p.status === "recorded"));
  return { open, missing: (await applicationRegistries(tx, applicationId)).filter((r) => !done(r)) };
}

/**
 * Prepares the packs from the accepted offer: the contract, the form and the rest, as PDFs — one pack
 * for each register the assets belong to (patents and trademarks are registered apart, so a pledge
 * over both has two packs, each signed, filed and recorded on its own). The acting party may give its
 * registered address (住所) on the way; packs already in progress are returned as they are (a second
 * click prepares nothing).
 */
export async function preparePack(actor: Actor, applicationId: string, input: PrepareInput, exec?: Executor) {
  try {
    return await inTx(exec, async (tx) => {
      const app = await loadApplication(tx, applicationId, { lock: true });
      const ref = await refOf(tx, app).catch(() => null);
      requireCan(actor, "registration.pack.prepare", ref ?? { enterpriseOrgId: app.enterpriseOrgId, bankOrgId: "" });
      if (!ref) throw new ServiceError(409, "errors.conflict");
      const { open, missing } = await registriesToPrepare(tx, applicationId, input.kind);
      if (open.length && !missing.length) return { packId: open[0]!.id, packIds: open.map((p) => p.id), created: false };
      if (!PREPARABLE[input.kind].has(app.status) || !missing.length) throw new ServiceError(409, "registration.errors.notPreparable");
      if (input.address && actor.type === "user" && partyOf(actor, ref)) {
        await tx.update(organizations).set({ address: input.address }).where(eq(organizations.id, actor.orgId));
      }
      const inputs: PackInputs = { agent: input.agent, declareValuation: input.declareValuation, change: input.kind === "change" ? input.change : null };
      if (input.kind === "change" && !input.change) throw new ServiceError(400, "errors.fixBelow", { change: ["registration.errors.changeRequired"] });
      const made: string[] = [];
      for (const registry of missing) {
        const [pack] = await tx.insert(registrationPacks).values({ applicationId, kind: input.kind, registry, inputs, createdBy: userId(actor) }).returning();
        await writeDocuments(tx, pack!, app);
        await audit(tx, actor, { action: "registration.pack-prepared", entityType: "registration_pack", entityId: pack!.id, orgId: app.enterpriseOrgId, after: { kind: input.kind, registry, inputs } });
        await tellParties(tx, { pack: pack!, app, ref }, "registration.notice.prepared", `prepared:${pack!.id}`);
        made.push(pack!.id);
      }
      const packIds = [...open.map((p) => p.id), ...made];
      return { packId: packIds[0]!, packIds, created: true };
    });
  } catch (e) {
    if (isUniqueViolation(e, "registration_packs_one_open")) throw new ServiceError(409, "errors.conflict");
    throw e;
  }
}

/**
 * One party signs every document of the current revision it signs: each gets a PAdES signature made
 * with the organisation's certificate (issued by the platform's CA on its first signature). The
 * signer, time, IP and the documents' hashes go into the audit log. The second party's signature
 * completes the revision; after a correction, it completes the correction and CNIPA's clock restarts.
 */
export async function signPack(actor: Actor, packId: string, exec?: Executor) {
  try {
    return await inTx(exec, async (tx) => {
      const l = await loadPack(tx, packId, { lock: true });
      requireCan(actor, "registration.pack.sign", l.ref);
      const party = partyOf(actor, l.ref)!;
      const { pack } = l;
      if (!SIGNABLE.has(pack.status)) throw new ServiceError(409, "registration.errors.notSignable");
      const signed = await tx.select({ party: packSignatures.party }).from(packSignatures)
        .where(and(eq(packSignatures.packId, pack.id), eq(packSignatures.revision, pack.revision)));
      const event = signatureEvent(signed.map((s) => s.party), party);
      if (!event) return { status: pack.status, signed: false };
      const status = next("registration_pack", packLifecycle, pack.status, event);

      const identity = await signerFor(tx, actor.type === "system" ? "" : actor.orgId);
      const signingTime = new Date();
      const who = actor.type === "user" ? actor.userId : "";
      const docs = await tx.select().from(packDocuments).where(and(eq(packDocuments.packId, pack.id), eq(packDocuments.revision, pack.revision))).orderBy(asc(packDocuments.position));
      const hashes: Record<string, string> = {};
      for (const d of docs.filter((x) => signersOf(x.kind).includes(party))) {
        const pdf = await signPdf(d.pdf, identity, {
          reason: party === "pledgor" ? "Pledgor signature" : "Pledgee signature", name: who, location: "Shanghai, CN",
          contactInfo: identity.serial, signingTime,
        });
        const hash = sha256(pdf);
        hashes[d.kind] = hash;
        await tx.update(packDocuments).set({ pdf, sha256: hash, updatedAt: signingTime }).where(eq(packDocuments.id, d.id));
        await tx.insert(issuedDocuments).values({ sha256: hash, kind: d.kind, title: d.title, entityType: "registration_pack", entityId: pack.id }).onConflictDoNothing();
      }
      const ip = actor.type === "system" ? null : (actor.ip ?? null);
      await tx.insert(packSignatures).values({
        packId: pack.id, revision: pack.revision, party, orgId: actor.type === "system" ? "" : actor.orgId, userId: who,
        certificateSerial: identity.serial, ip, documents: hashes, signedAt: signingTime,
      });
      const set: Partial<PackRow> = { status, updatedAt: signingTime };
      if (status === "resubmitted") {
        // Both parties signed the corrected documents: the correction is complete and the clock restarts.
        const today = shanghaiDate(signingTime);
        const clock = decisionClock(today, workingDayCalendar());
        Object.assign(set, { clockStartedOn: clock.startedOn, dueOn: clock.dueOn });
        await tx.update(correctionNotices).set({ completedOn: today }).where(and(eq(correctionNotices.packId, pack.id), eq(correctionNotices.revision, pack.revision)));
      }
      await tx.update(registrationPacks).set(set).where(eq(registrationPacks.id, pack.id));
      const auditId = await audit(tx, actor, {
        action: "registration.pack-signed", entityType: "registration_pack", entityId: pack.id, orgId: l.app.enterpriseOrgId,
        before: { status: pack.status }, after: { status, party, revision: pack.revision, signerUserId: who, signedAt: signingTime.toISOString(), ip, certificateSerial: identity.serial, documents: hashes },
      });
      if (event === "sign") await tellParties(tx, l, "registration.notice.signedByOther", `signed:${auditId}`, [party === "pledgor" ? "pledgee" : "pledgor"]);
      else await tellParties(tx, l, status === "resubmitted" ? "registration.notice.resubmitted" : "registration.notice.signedByBoth", `signed:${auditId}`);
      if (status === "resubmitted") await emitPackEvent(tx, l, "registration.corrected", `${pack.id}:${pack.revision}`, { revision: pack.revision });
      return { status, signed: true };
    });
  } catch (e) {
    if (isUniqueViolation(e, "pack_signatures")) throw new ServiceError(409, "errors.conflict");
    throw e;
  }
}

/** Either party (or an admin) withdraws a pack CNIPA does not have yet. */
export async function cancelPack(actor: Actor, packId: string, exec?: Executor) {
  return inTx(exec, async (tx) => {
    const l = await loadPack(tx, packId, { lock: true });
    requireCan(actor, "registration.pack.prepare", l.ref);
    const status = next("registration_pack", packLifecycle, l.pack.status, "cancel");
    await tx.update(registrationPacks).set({ status, updatedAt: new Date() }).where(eq(registrationPacks.id, l.pack.id));
    await audit(tx, actor, { action: "registration.pack-cancelled", entityType: "registration_pack", entityId: l.pack.id, orgId: l.app.enterpriseOrgId, before: { status: l.pack.status }, after: { status } });
    await tellParties(tx, l, "registration.notice.withdrawn", `withdrawn:${l.pack.id}`);
    return { status };
  });
}
