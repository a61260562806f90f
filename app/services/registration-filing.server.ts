import { and, eq } from "drizzle-orm";
import type { Executor } from "#db/client.server";
import { correctionNotices, pledgeRegistrations, registrationPacks } from "#db/schema/index";
import { packLifecycle } from "#app/domain/registration/lifecycle";
import { decisionClock } from "#app/domain/registration/working-days";
import type { Actor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { inTx, next, userId } from "./financing-shared.server";
import { audit } from "./operations.server";
import { emitRegistrationCancelled, recordRegistration, startRegistration } from "./pledge-registration.server";
import { workingDayCalendar } from "./registration-calendar.server";
import { applicationRegistries } from "./registration-documents.server";
import { emitPackEvent, loadPack, tellParties, writeDocuments } from "./registration-packs.server";

/**
 * The pack at CNIPA: filed (the pledge registration's pre-check runs again and the assets are
 * locked, as when the bank files by hand), a correction notice (补正) received — the corrected
 * documents are generated as a new revision for both parties to sign again — and the decision
 * recorded with the registration number and the notice. CNIPA's 3-working-day clock starts at the
 * filing and restarts when a correction is complete (registration-packs.server.ts, signPack).
 */

export async function filePack(actor: Actor, packId: string, input: { filedOn: string }, exec?: Executor) {
  return inTx(exec, async (tx) => {
    const l = await loadPack(tx, packId, { lock: true });
    requireCan(actor, "registration.pack.cnipa", l.ref);
    const status = next("registration_pack", packLifecycle, l.pack.status, "file");
    // The first register's filing starts the pledge's registration (pre-check, every asset locked); a second register's pack joins it.
    if (l.pack.kind === "registration" && !(await registrationOf(tx, l.app.id))) await startRegistration(actor, l.app.id, tx);
    const clock = decisionClock(input.filedOn, workingDayCalendar());
    await tx.update(registrationPacks).set({ status, filedOn: input.filedOn, clockStartedOn: clock.startedOn, dueOn: clock.dueOn, updatedAt: new Date() })
      .where(eq(registrationPacks.id, l.pack.id));
    await audit(tx, actor, { action: "registration.pack-filed", entityType: "registration_pack", entityId: l.pack.id, orgId: l.app.enterpriseOrgId, before: { status: l.pack.status }, after: { status, ...clock } });
    await tellParties(tx, l, "registration.notice.filed", `filed:${l.pack.id}`);
    await emitPackEvent(tx, l, "registration.filed", l.pack.id, { filedOn: input.filedOn });
    return { status, dueOn: clock.dueOn };
  });
}

export async function requestCorrection(actor: Actor, packId: string, input: { receivedOn: string; items: string }, exec?: Executor) {
  return inTx(exec, async (tx) => {
    const l = await loadPack(tx, packId, { lock: true });
    requireCan(actor, "registration.pack.cnipa", l.ref);
    const status = next("registration_pack", packLifecycle, l.pack.status, "requestCorrection");
    const revision = l.pack.revision + 1;
    const [notice] = await tx.insert(correctionNotices).values({ packId: l.pack.id, revision, receivedOn: input.receivedOn, items: input.items, recordedBy: userId(actor) }).returning({ id: correctionNotices.id });
    // The clock stops until the correction is complete.
    const [pack] = await tx.update(registrationPacks).set({ status, revision, dueOn: null, updatedAt: new Date() }).where(eq(registrationPacks.id, l.pack.id)).returning();
    await writeDocuments(tx, pack!, l.app);
    await audit(tx, actor, { action: "registration.correction-requested", entityType: "registration_pack", entityId: l.pack.id, orgId: l.app.enterpriseOrgId, before: { status: l.pack.status, revision: l.pack.revision }, after: { status, revision, ...input } });
    await tellParties(tx, l, "registration.notice.correction", `correction:${notice!.id}`);
    return { status, revision };
  });
}

/**
 * CNIPA's decision: the registration number and the notice (登记通知书). For the pledge itself the
 * registration is recorded as the bank's "registered" button does (loan set up from the offer) once
 * every register's pack is recorded — a pledge over patents and trademarks is two registrations,
 * and the loan's pledge stands only when both do.
 */
export async function recordPack(actor: Actor, packId: string, input: { cnipaNumber: string; noticeNumber: string; registeredOn: string }, exec?: Executor) {
  return inTx(exec, async (tx) => {
    const l = await loadPack(tx, packId, { lock: true });
    requireCan(actor, "registration.pack.cnipa", l.ref);
    const status = next("registration_pack", packLifecycle, l.pack.status, "record");
    await tx.update(registrationPacks).set({ status, cnipaNumber: input.cnipaNumber, noticeNumber: input.noticeNumber, recordedOn: input.registeredOn, updatedAt: new Date() })
      .where(eq(registrationPacks.id, l.pack.id));
    // The pledge's own registration tells the bank (registration.recorded, with the packs' ids); a change or cancellation pack tells it here.
    let loanId: string | null = null;
    if (l.pack.kind === "registration") {
      const recorded = await recordedRegistrationPacks(tx, l.app.id);
      // The first of two registers' notices reaches the bank as it comes; the last one is the pledge's registration.recorded (one event, not two).
      if (!recorded) await emitPackEvent(tx, l, "registration.pack_recorded", l.pack.id, { registry: l.pack.registry });
      if (recorded) {
        const result = await recordRegistration(actor, l.app.id, {
          cnipaNumber: recorded.map((p) => p.cnipaNumber).join(", "), registeredOn: recorded.map((p) => p.recordedOn!).sort().at(-1)!,
        }, tx, { eventData: { registrationPackId: recorded.map((p) => p.id).join(","), packKind: l.pack.kind } });
        loanId = result.loanId;
      }
    }
    await audit(tx, actor, { action: "registration.pack-recorded", entityType: "registration_pack", entityId: l.pack.id, orgId: l.app.enterpriseOrgId, before: { status: l.pack.status }, after: { status, ...input } });
    await tellParties(tx, l, "registration.notice.recorded", `recorded:${l.pack.id}`);
    if (l.pack.kind === "change") await emitPackEvent(tx, l, "registration.recorded", l.pack.id);
    if (l.pack.kind === "cancellation") {
      // The same cancellation the settlement announced: one event per registration, not one per emitter.
      const reg = await registrationOf(tx, l.app.id);
      if (reg) await emitRegistrationCancelled(tx, reg, { registrationPackId: l.pack.id, packKind: l.pack.kind });
    }
    return { status, loanId };
  });
}

async function registrationOf(tx: Executor, applicationId: string) {
  const [reg] = await tx.select().from(pledgeRegistrations).where(eq(pledgeRegistrations.applicationId, applicationId));
  return reg ?? null;
}

/** The recorded pledge pack of every register the application's assets need, patents first; null while one is missing. */
async function recordedRegistrationPacks(tx: Executor, applicationId: string) {
  const recorded = await tx.select().from(registrationPacks).where(and(
    eq(registrationPacks.applicationId, applicationId), eq(registrationPacks.kind, "registration"), eq(registrationPacks.status, "recorded"),
  ));
  const byRegistry = (await applicationRegistries(tx, applicationId)).map((r) => recorded.find((p) => p.registry === r));
  return byRegistry.every((p) => p !== undefined) ? (byRegistry as (typeof recorded)[number][]) : null;
}
