import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { translateStored } from "#app/i18n/index";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { rateText } from "#app/components/financing";
import { LedgerTable, MoneyStatus } from "#app/components/public-money";
import { Button, Card, DefinitionList, Field, FormError, Notice, PageHeader, Table } from "#app/components/ui";
import { shanghaiDate } from "#app/domain/dates";
import { ClaimDecisionSchema } from "#app/domain/forms/public-money";
import { fenToYuanInput } from "#app/domain/money";
import { formatDate, formatFen, useLocale, useT } from "#app/i18n/react";
import { decideClaim, getClaim } from "#app/services/fund-claims.server";
import { loanLedger } from "#app/services/loan-recoveries.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { orThrowResponse } from "#app/utils/service-errors.server";
import { readForm } from "#app/utils/body.server";

/** A claim as its payer reviews it: the computation, the evidence from the records, the loan's ledger; pay or reject. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "fund", "insurer", "platform", "bank");
  const view = await orThrowResponse(getClaim(su.actor, params.id ?? ""));
  const ledger = await orThrowResponse(loanLedger(su.actor, view.claim.loanId));
  return { view, ledger: { lines: ledger.lines, reconciled: ledger.reconciliation?.ok ?? null }, today: shanghaiDate() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request, "fund", "insurer");
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, ClaimDecisionSchema, t);
  if (!parsed.ok) return parsed.response;
  try {
    await decideClaim(su.actor, params.id ?? "", parsed.value);
    return { done: t(`fund.done.${parsed.value.intent}`), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

type Computation = { netLossFen: string; claimFen: string; capped: boolean; recoveredFen: string; parts: Array<{ party: string; amountFen: string; shareBp: number }>; trigger: { monthsOverdue: number; eligibleFrom: string }; options: { firstLoan: boolean } };
type Evidence = {
  contract: { principalFen: string; rateBp: number; termMonths: number; disbursedOn: string | null; maturityDate: string | null };
  registration: { number: string | null; registeredOn: string | null } | null;
  overdue: Array<{ seq: number; dueDate: string; owedFen: string }>;
  repayments: Array<{ paidOn: string; amountFen: string; reference: string | null }>;
  default: { declaredAt: string } | null;
};

export default function ClaimReview() {
  const t = useT();
  const locale = useLocale();
  const { view, ledger, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const c = view.claim;
  const comp = c.computation as unknown as Computation;
  const ev = c.evidence as unknown as Evidence;
  const e = result && "fieldErrors" in result ? result.fieldErrors : {};
  const failed = result && "values" in result ? String(result.values?.intent ?? "") : "";
  const err = (intent: string, f: string) => (failed === intent ? e[f] : undefined);
  const payer = view.fund ? (locale === "en" ? view.fund.nameEn : view.fund.nameZh) : `${view.payerName} · ${view.policyNumber ?? ""}`;
  return (
    <div className="container stack">
      <PageHeader title={t("fund.claim.title", { enterprise: view.enterpriseName })} subtitle={<><MoneyStatus kind="claim" status={c.status} /> · {payer}</>}
        actions={<Link to={view.backTo}>{t("action.back")}</Link>} />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      {result && "formError" in result ? <FormError message={result.formError} /> : null}
      <div className="grid grid-2">
        <Card title={t("fund.claim.computation")}>
          <div data-testid="claim-computation">
            <DefinitionList items={[
              [t("fund.claim.bank"), view.bankName],
              [t("fund.claim.netLoss"), formatFen(comp.netLossFen, locale)],
              [t("fund.claim.recoveredBefore"), formatFen(comp.recoveredFen, locale)],
              [t("fund.claim.claimed"), <strong key="c" data-testid="claimed-amount">{formatFen(c.claimedFen, locale)}</strong>],
              [t("fund.claim.paid"), formatFen(c.paidFen, locale)],
              [t("fund.claim.overdueSince"), t("fund.claim.overdueMonths", { n: comp.trigger.monthsOverdue, from: formatDate(comp.trigger.eligibleFrom, locale) })],
              [t("fund.claim.firstLoan"), t(comp.options.firstLoan ? "campaign.yes" : "campaign.no")],
            ]} />
            <Table caption={t("financing.loan.lossSplit")} head={[t("financing.loan.party"), t("financing.loan.amount"), t("fund.claim.share")]}>
              {comp.parts.map((p) => <tr key={p.party}><td>{translateStored(t, `financing.party.${p.party}`)}</td><td className="num">{formatFen(p.amountFen, locale)}</td><td className="num">{(p.shareBp / 100).toFixed(2)}%</td></tr>)}
            </Table>
            {comp.capped ? <p className="muted small">{t("fund.claim.capped")}</p> : null}
          </div>
        </Card>
        <Card title={t("fund.claim.evidence")}>
          <DefinitionList items={[
            [t("financing.loan.principal"), formatFen(ev.contract.principalFen, locale)],
            [t("financing.offer.rate"), rateText(ev.contract.rateBp)],
            [t("financing.loan.disbursedOn"), formatDate(ev.contract.disbursedOn, locale)],
            [t("financing.loan.maturity"), formatDate(ev.contract.maturityDate, locale)],
            [t("financing.registration.number"), ev.registration?.number ?? "—"],
            [t("fund.claim.defaultDeclared"), ev.default ? formatDate(ev.default.declaredAt, locale) : t("fund.claim.notDeclared")],
          ]} />
          <Table caption={t("fund.claim.overdue")} head={[t("financing.loan.seq"), t("financing.loan.dueDate"), t("fund.claim.owed")]}>
            {ev.overdue.map((o) => <tr key={o.seq}><td>{o.seq}</td><td>{formatDate(o.dueDate, locale)}</td><td className="num">{formatFen(o.owedFen, locale)}</td></tr>)}
          </Table>
          <p className="muted small">{t("fund.claim.repayments", { n: ev.repayments.length })}</p>
        </Card>
      </div>
      {view.canDecide ? (
        <div className="grid grid-2">
          <Card title={t("fund.claim.pay")}>
            <Form method="post" className="form" noValidate>
              <Field label={t("fund.claim.payAmount")} name="amount" inputMode="decimal" defaultValue={fenToYuanInput(c.claimedFen)} error={err("pay", "amount")} />
              <div className="form-row">
                <Field label={t("fund.claim.paidOn")} name="paidOn" type="date" defaultValue={today} error={err("pay", "paidOn")} />
                <Field label={t("fund.claim.reference")} name="reference" error={err("pay", "reference")} />
              </div>
              <Field label={t("fund.claim.partialReason")} name="reason" optional error={err("pay", "reason")} />
              <Button name="intent" value="pay" disabled={busy}>{t("fund.claim.payButton")}</Button>
            </Form>
          </Card>
          <Card title={t("fund.claim.reject")}>
            <Form method="post" className="form" noValidate>
              <Field label={t("subsidy.reason")} name="reason" error={err("reject", "reason")} />
              <Button name="intent" value="reject" variant="danger" disabled={busy}>{t("fund.claim.rejectButton")}</Button>
            </Form>
          </Card>
        </div>
      ) : null}
      <Card title={t("ledger.title")}>
        <LedgerTable lines={ledger.lines} reconciled={ledger.reconciled} />
      </Card>
    </div>
  );
}
