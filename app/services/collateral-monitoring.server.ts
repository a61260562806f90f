import { and, eq, inArray } from "drizzle-orm";
import type { Db, Executor } from "#db/client.server";
import { applicationAssets, ipAssets, loanInstalments, loans, monitoringAlerts, valuations, pledgeApplications } from "#db/schema/index";
import { annuityAlert } from "#app/domain/annuity";
import { renewalAlert } from "#app/domain/renewal";
import { yuanText } from "#app/domain/money";
import { addDays, shanghaiDate } from "#app/domain/dates";
import { instalmentDue } from "#app/domain/financing/schedule";
import { emitDomainEvent, type DomainEventType } from "./domain-events.server";
import { notice } from "./financing-shared.server";
import { refreshOverdue } from "./loans.server";

/** How far ahead the monitoring warns (configurable defaults). */
export const MONITORING_HORIZON = { annuityDays: 30, repaymentDays: 7, valuationDays: 30 };


/** Alerts that are webhook events too (a trademark's renewal is its upkeep, like a patent's annuity). */
const ALERT_EVENTS: Record<string, DomainEventType | undefined> = {
  annuityDue: "collateral.annuity_due", annuityGrace: "collateral.annuity_grace", annuityLapsed: "collateral.annuity_lapsed",
  renewalDue: "collateral.annuity_due", renewalGrace: "collateral.annuity_grace", renewalLapsed: "collateral.annuity_lapsed",
  repaymentDue: "repayment.due", repaymentOverdue: "repayment.overdue",
};

type Alert = { key: string; kind: string; loan: typeof loans.$inferSelect; assetId?: string; params: Record<string, string | number> };

/** Records an alert once (unique dedupe key) and tells the enterprise and the bank — only the first time. */
async function fire(tx: Executor, a: Alert) {
  const [row] = await tx.insert(monitoringAlerts).values({
    dedupeKey: a.key, kind: a.kind, applicationId: a.loan.applicationId, loanId: a.loan.id, assetId: a.assetId ?? null, params: a.params,
  }).onConflictDoNothing({ target: monitoringAlerts.dedupeKey }).returning({ id: monitoringAlerts.id });
  if (!row) return false;
  const kind = `financing.alert.${a.kind}`;
  await notice(tx, a.loan.enterpriseOrgId, kind, a.params, `/financing/applications/${a.loan.applicationId}`, row.id);
  await notice(tx, a.loan.bankOrgId, kind, a.params, `/bank/applications/${a.loan.applicationId}`, row.id);
  const type = ALERT_EVENTS[a.kind];
  if (type) {
    await emitDomainEvent(tx, {
      type, subjectType: "loan", subjectId: a.loan.id, orgIds: [a.loan.bankOrgId],
      payload: { applicationId: a.loan.applicationId, loanId: a.loan.id, assetId: a.assetId, seq: typeof a.params.seq === "number" ? a.params.seq : undefined }, dedupeKey: row.id,
    });
  }
  return true;
}

/**
 * One sweep over every live loan (disbursed or overdue): annuity deadlines of the pledged patents
 * with the surcharge of each grace month, expiry before maturity, valuation expiry, repayments due
 * and overdue. Every alert fires once, however often the sweep runs.
 */
export async function sweepCollateral(db: Db, asOf: string = shanghaiDate()) {
  const live = await db.select().from(loans).where(inArray(loans.status, ["active", "overdue"]));
  let fired = 0;
  for (const loan of live) {
    await db.transaction(async (tx) => {
      const alerts: Alert[] = [];
      const assets = await tx.select().from(applicationAssets).innerJoin(ipAssets, eq(ipAssets.id, applicationAssets.assetId))
        .where(eq(applicationAssets.applicationId, loan.applicationId));
      for (const { ip_assets: a } of assets) {
        const upkeep = annuityAlert(a, asOf, MONITORING_HORIZON.annuityDays) ?? renewalAlert(a, asOf, MONITORING_HORIZON.annuityDays);
        if (upkeep) alerts.push({ ...upkeep, loan, assetId: a.id });
        if (loan.maturityDate && a.expiryDate < loan.maturityDate) {
          alerts.push({ key: `expiry:${a.id}:${loan.id}`, kind: "expiryBeforeMaturity", loan, assetId: a.id, params: { number: a.number, expiryDate: a.expiryDate, maturityDate: loan.maturityDate } });
        }
      }
      const [app] = await tx.select({ valuationId: pledgeApplications.valuationId }).from(pledgeApplications).where(eq(pledgeApplications.id, loan.applicationId));
      if (app?.valuationId) {
        const [v] = await tx.select({ validUntil: valuations.validUntil }).from(valuations).where(eq(valuations.id, app.valuationId));
        const until = v?.validUntil ? shanghaiDate(v.validUntil) : null;
        if (until && until <= addDays(asOf, MONITORING_HORIZON.valuationDays)) {
          alerts.push({ key: `valuation-expiry:${app.valuationId}:${loan.id}`, kind: "valuationExpiry", loan, params: { validUntil: until } });
        }
      }
      const instalments = await tx.select().from(loanInstalments).where(and(eq(loanInstalments.loanId, loan.id)));
      for (const i of instalments) {
        const owed = instalmentDue(i);
        if (owed <= 0n) continue;
        if (i.dueDate < asOf) alerts.push({ key: `repayment-overdue:${loan.id}:${i.seq}`, kind: "repaymentOverdue", loan, params: { seq: i.seq, dueDate: i.dueDate, owedFen: owed.toString(), owed: yuanText(owed) } });
        else if (i.dueDate <= addDays(asOf, MONITORING_HORIZON.repaymentDays)) alerts.push({ key: `repayment-due:${loan.id}:${i.seq}`, kind: "repaymentDue", loan, params: { seq: i.seq, dueDate: i.dueDate, owedFen: owed.toString(), owed: yuanText(owed) } });
      }
      await refreshOverdue(tx, loan.id, asOf);
      for (const a of alerts) if (await fire(tx, a)) fired++;
    });
  }
  return { loans: live.length, fired };
}
