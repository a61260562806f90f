import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb, queryRows, type Executor } from "#db/client.server";
import {
  campaignBanks, campaignEnrolments, campaignEventBanks, campaignEventInvitees, campaignEvents, eventMeetings, lettersOfIntent, organizations,
} from "#db/schema/index";
import type { Actor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { isUniqueViolation } from "./accounts.server";
import { audit, enqueue } from "./operations.server";
import { isUuid } from "#app/domain/ids";
import { loadCampaign, userIdOf } from "./campaigns-shared.server";

/** A campaign's matchmaking events (银企对接会), the meetings at them and the letters of intent signed. */

export async function listEvents(exec: Executor, campaignId: string) {
  const events = await exec.select().from(campaignEvents).where(eq(campaignEvents.campaignId, campaignId)).orderBy(desc(campaignEvents.heldAt));
  if (!events.length) return [];
  const ids = events.map((e) => e.id);
  const [banks, invitees, meetings] = await Promise.all([
    exec.select({ eventId: campaignEventBanks.eventId, bankOrgId: campaignEventBanks.bankOrgId, name: organizations.name }).from(campaignEventBanks)
      .innerJoin(organizations, eq(organizations.id, campaignEventBanks.bankOrgId)).where(inArray(campaignEventBanks.eventId, ids)),
    exec.select({ eventId: campaignEventInvitees.eventId, enrolmentId: campaignEventInvitees.enrolmentId, name: campaignEnrolments.enterpriseName })
      .from(campaignEventInvitees).innerJoin(campaignEnrolments, eq(campaignEnrolments.id, campaignEventInvitees.enrolmentId))
      .where(inArray(campaignEventInvitees.eventId, ids)),
    exec.select({
      id: eventMeetings.id, eventId: eventMeetings.eventId, bankOrgId: eventMeetings.bankOrgId, bankName: organizations.name,
      enrolmentId: eventMeetings.enrolmentId, enterpriseName: campaignEnrolments.enterpriseName, notes: eventMeetings.notes,
    }).from(eventMeetings)
      .innerJoin(organizations, eq(organizations.id, eventMeetings.bankOrgId))
      .innerJoin(campaignEnrolments, eq(campaignEnrolments.id, eventMeetings.enrolmentId))
      .where(inArray(eventMeetings.eventId, ids)).orderBy(asc(eventMeetings.createdAt)),
  ]);
  return events.map((e) => ({
    ...e,
    banks: banks.filter((b) => b.eventId === e.id),
    invitees: invitees.filter((i) => i.eventId === e.id),
    meetings: meetings.filter((m) => m.eventId === e.id),
  }));
}

/**
 * Letters of intent, each followed to the enterprise's application in the campaign (the linked one,
 * else the one routed to the letter's bank, else the latest) and to its loan.
 */
export async function listLetters(exec: Executor, campaignId: string) {
  return queryRows<{
    id: string; bank_org_id: string; bank_name: string; enterprise_name: string; intended_amount: string; signed_on: string; event_title: string | null;
    application_id: string | null; application_status: string | null; application_amount: string | null;
    loan_status: string | null; loan_principal: string | null; loan_bank_org_id: string | null;
  }>(exec, sql`
    select l.id, l.bank_org_id, b.name as bank_name, e.enterprise_name, l.intended_amount::text, l.signed_on::text, ev.title as event_title,
      a.id as application_id, a.status::text as application_status, a.amount_fen::text as application_amount,
      ln.status::text as loan_status, ln.principal_fen::text as loan_principal, ln.bank_org_id as loan_bank_org_id
    from letters_of_intent l
    join organizations b on b.id = l.bank_org_id
    join campaign_enrolments e on e.id = l.enrolment_id
    left join campaign_events ev on ev.id = l.event_id
    left join organizations eo on eo.uscc = e.uscc and eo.kind = 'enterprise'
    left join lateral (
      select pa.id, pa.status, pa.amount_fen from pledge_applications pa
      where pa.id = l.application_id or (pa.enterprise_org_id = eo.id and pa.campaign_id = l.campaign_id)
      order by (pa.id = l.application_id) desc,
        exists (select 1 from bank_reviews r where r.application_id = pa.id and r.bank_org_id = l.bank_org_id) desc,
        pa.created_at desc
      limit 1) a on true
    left join loans ln on ln.application_id = a.id
    where l.campaign_id = ${campaignId}
    order by l.signed_on desc, l.created_at desc`);
}

async function assertEnrolments(exec: Executor, campaignId: string, enrolmentIds: string[]) {
  if (!enrolmentIds.length) return;
  const rows = await exec.select({ id: campaignEnrolments.id }).from(campaignEnrolments)
    .where(and(eq(campaignEnrolments.campaignId, campaignId), inArray(campaignEnrolments.id, enrolmentIds)));
  if (rows.length !== new Set(enrolmentIds).size) throw new ServiceError(400, "errors.fixBelow", { enrolmentIds: ["campaign.errors.notOnWhitelist"], enrolmentId: ["campaign.errors.notOnWhitelist"] });
}

async function assertCampaignBanks(exec: Executor, campaignId: string, bankOrgIds: string[]) {
  const rows = await exec.select({ bankOrgId: campaignBanks.bankOrgId }).from(campaignBanks)
    .where(and(eq(campaignBanks.campaignId, campaignId), inArray(campaignBanks.bankOrgId, bankOrgIds)));
  if (rows.length !== new Set(bankOrgIds).size) throw new ServiceError(400, "errors.fixBelow", { bankOrgIds: ["campaign.errors.bankNotInCampaign"], bankOrgId: ["campaign.errors.bankNotInCampaign"] });
}

export async function createEvent(actor: Actor, campaignId: string, input: { title: string; heldAt: Date; place: string; notes?: string; bankOrgIds: string[]; enrolmentIds: string[] }) {
  requireCan(actor, "campaign.manage");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const c = await loadCampaign(tx, campaignId);
    if (c.status === "cancelled") throw new ServiceError(409, "errors.conflict");
    await assertCampaignBanks(tx, campaignId, input.bankOrgIds);
    await assertEnrolments(tx, campaignId, input.enrolmentIds);
    const [ev] = await tx.insert(campaignEvents).values({
      campaignId, title: input.title, heldAt: input.heldAt, place: input.place, notes: input.notes || null, createdBy: userIdOf(actor),
    }).returning({ id: campaignEvents.id });
    await tx.insert(campaignEventBanks).values([...new Set(input.bankOrgIds)].map((bankOrgId) => ({ eventId: ev!.id, bankOrgId })));
    if (input.enrolmentIds.length) await tx.insert(campaignEventInvitees).values([...new Set(input.enrolmentIds)].map((enrolmentId) => ({ eventId: ev!.id, enrolmentId })));
    const auditId = await audit(tx, actor, {
      action: "campaign.event-created", entityType: "campaign_event", entityId: ev!.id,
      after: { campaignId, title: input.title, heldAt: input.heldAt.toISOString(), place: input.place, banks: input.bankOrgIds.length, invitees: input.enrolmentIds.length },
    });
    for (const orgId of input.bankOrgIds) {
      await enqueue(tx, "notifications", "org-notice", {
        orgId, kind: "campaign.notify.event", params: { title: input.title, place: input.place }, link: `/campaigns/${campaignId}`, causeId: `${ev!.id}.${orgId}`,
      }, { dedupeKey: `campaign-event:${ev!.id}:${orgId}:${auditId}` });
    }
    return { id: ev!.id };
  });
}

async function loadEvent(exec: Executor, campaignId: string, eventId: string) {
  if (!isUuid(eventId)) throw new ServiceError(404, "errors.notFound");
  const [ev] = await exec.select().from(campaignEvents).where(and(eq(campaignEvents.id, eventId), eq(campaignEvents.campaignId, campaignId)));
  if (!ev) throw new ServiceError(404, "errors.notFound");
  return ev;
}

/** One bank–enterprise meeting at an event; recording it again updates its notes. */
export async function recordMeeting(actor: Actor, campaignId: string, input: { eventId: string; bankOrgId: string; enrolmentId: string; notes?: string }) {
  requireCan(actor, "campaign.manage");
  const db = await getDb();
  return db.transaction(async (tx) => {
    await loadEvent(tx, campaignId, input.eventId);
    const [bank] = await tx.select().from(campaignEventBanks).where(and(eq(campaignEventBanks.eventId, input.eventId), eq(campaignEventBanks.bankOrgId, input.bankOrgId)));
    if (!bank) throw new ServiceError(400, "errors.fixBelow", { bankOrgId: ["campaign.errors.bankNotAtEvent"] });
    await assertEnrolments(tx, campaignId, [input.enrolmentId]);
    const [row] = await tx.insert(eventMeetings).values({ ...input, notes: input.notes || null, createdBy: userIdOf(actor) })
      .onConflictDoUpdate({ target: [eventMeetings.eventId, eventMeetings.bankOrgId, eventMeetings.enrolmentId], set: { notes: input.notes || null } })
      .returning({ id: eventMeetings.id });
    await audit(tx, actor, { action: "campaign.meeting-recorded", entityType: "campaign_event", entityId: input.eventId, orgId: input.bankOrgId, after: { ...input } });
    return { id: row!.id };
  });
}

/** A letter of intent: one per bank and enterprise in a campaign (signing again is a conflict). */
export async function recordLetter(actor: Actor, campaignId: string, input: {
  eventId?: string; bankOrgId: string; enrolmentId: string; intendedAmount: bigint; signedOn: string; notes?: string;
}) {
  requireCan(actor, "campaign.manage");
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const c = await loadCampaign(tx, campaignId);
      if (c.status === "cancelled") throw new ServiceError(409, "errors.conflict");
      if (input.eventId) await loadEvent(tx, campaignId, input.eventId);
      await assertCampaignBanks(tx, campaignId, [input.bankOrgId]);
      await assertEnrolments(tx, campaignId, [input.enrolmentId]);
      const [row] = await tx.insert(lettersOfIntent).values({
        campaignId, eventId: input.eventId ?? null, bankOrgId: input.bankOrgId, enrolmentId: input.enrolmentId,
        intendedAmount: input.intendedAmount, signedOn: input.signedOn, notes: input.notes || null, createdBy: userIdOf(actor),
      }).returning({ id: lettersOfIntent.id });
      await audit(tx, actor, {
        action: "campaign.letter-recorded", entityType: "letter_of_intent", entityId: row!.id, orgId: input.bankOrgId,
        after: { campaignId, enrolmentId: input.enrolmentId, intendedAmount: input.intendedAmount.toString(), signedOn: input.signedOn },
      });
      return { id: row!.id };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new ServiceError(409, "campaign.errors.letterExists");
    throw e;
  }
}
