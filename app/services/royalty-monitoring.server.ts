import { and, eq, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "#db/client.server";
import { monitoringAlerts, receivableInstalments, receivablePledges, royaltyReceivables } from "#db/schema/index";
import { shanghaiDate } from "#app/domain/dates";
import { yuanText } from "#app/domain/money";
import { isLate, unpaid } from "#app/domain/public-money/receivables";
import { emitDomainEvent } from "./domain-events.server";
import { notice } from "./financing-shared.server";
import { expirePolicies } from "./insurance-policies.server";

/** How many days after its due date an unpaid royalty counts as late (a configurable default). */
export const ROYALTY_GRACE_DAYS = 0;

/**
 * The royalty sweep: every unpaid instalment of a live receivable past its due date (plus grace) is
 * late — an alert, once, to the licensor and the licensee, and, when the receivable is pledged, to the
 * pledgee bank, with a `royalty.late` domain event for the bank's webhook. Expired insurance policies
 * are closed in the same sweep. Idempotent: the alert's dedupe key names the instalment.
 */
export async function sweepRoyalties(db: Db, asOf: string = shanghaiDate()) {
  const due = await db.select({ inst: receivableInstalments, r: royaltyReceivables }).from(receivableInstalments)
    .innerJoin(royaltyReceivables, eq(royaltyReceivables.id, receivableInstalments.receivableId))
    .where(and(eq(royaltyReceivables.status, "active"), lt(receivableInstalments.dueOn, asOf), sql`${receivableInstalments.paidFen} < ${receivableInstalments.amountFen}`))
    .limit(2000);
  let fired = 0;
  for (const { inst, r } of due) {
    if (!isLate(inst, asOf, ROYALTY_GRACE_DAYS)) continue;
    await db.transaction(async (tx) => {
      const [pledge] = await tx.select().from(receivablePledges).where(and(eq(receivablePledges.receivableId, r.id), inArray(receivablePledges.status, ["pending", "active"])));
      const owed = unpaid(inst);
      const params = { seq: inst.seq, dueOn: inst.dueOn, owedFen: owed.toString(), owed: yuanText(owed) };
      const [alert] = await tx.insert(monitoringAlerts).values({ dedupeKey: `royalty-late:${inst.id}`, kind: "royaltyLate", applicationId: pledge?.applicationId ?? null, params })
        .onConflictDoNothing({ target: monitoringAlerts.dedupeKey }).returning({ id: monitoringAlerts.id });
      if (!alert) return;
      fired++;
      for (const org of [r.licensorOrgId, r.licenseeOrgId]) await notice(tx, org, "royalty.alert.late", params, `/royalties/${r.id}`, alert.id);
      if (pledge) {
        await notice(tx, pledge.bankOrgId, "royalty.alert.latePledged", params, `/bank/applications/${pledge.applicationId}`, alert.id);
        await emitDomainEvent(tx, {
          type: "royalty.late", subjectType: "royalty_receivable", subjectId: r.id, orgIds: [pledge.bankOrgId],
          payload: { receivableId: r.id, applicationId: pledge.applicationId, instalmentSeq: inst.seq, dueOn: inst.dueOn, owedFen: owed.toString() },
          dedupeKey: inst.id,
        });
      }
    });
  }
  const policies = await expirePolicies(db, asOf);
  return { late: due.length, fired, expiredPolicies: policies.expired };
}
