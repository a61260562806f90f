import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { translateStored } from "#app/i18n/index";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { FinStatus } from "#app/components/financing";
import { bpText, LedgerTable, MoneyStatus } from "#app/components/public-money";
import { schemeLabel } from "#app/i18n/labels";
import { listRiskSchemes } from "#app/services/bank-products.server";
import { Button, Card, DefinitionList, EmptyState, Field, FormError, Notice, PageHeader, SelectField, Table } from "#app/components/ui";
import { shanghaiDate } from "#app/domain/dates";
import { PolicyRequestSchema, RecoverySchema } from "#app/domain/forms/public-money";
import { fenToYuanInput } from "#app/domain/money";
import { formatDate, formatFen, useLocale, useT } from "#app/i18n/react";
import { bankLoanView } from "#app/services/bank-loans.server";
import { fileClaim, withdrawClaim } from "#app/services/fund-claims.server";
import { requestPolicy } from "#app/services/insurance-policies.server";
import { recordRecovery } from "#app/services/loan-recoveries.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { orThrowResponse } from "#app/utils/service-errors.server";
import { readForm } from "#app/utils/body.server";

const IntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("claimFund"), fundCode: z.string().max(60) }),
  z.object({ intent: z.literal("claimPolicy"), policyId: z.uuid({ error: "errors.invalid" }) }),
  z.object({ intent: z.literal("withdrawClaim"), claimId: z.uuid({ error: "errors.invalid" }) }),
  RecoverySchema.extend({ intent: z.literal("recovery") }),
  PolicyRequestSchema.extend({ intent: z.literal("requestCover") }),
]);

/** The bank's loan: claims on the funds of its scheme and its insurer, recoveries, the ledger, and cover to request. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "bank");
  return { view: await orThrowResponse(bankLoanView(su.actor, params.id ?? "")), today: shanghaiDate(), schemes: await listRiskSchemes() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request, "bank");
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, IntentSchema, t);
  if (!parsed.ok) return parsed.response;
  const d = parsed.value;
  const loanId = params.id ?? "";
  try {
    if (d.intent === "claimFund") await fileClaim(su.actor, loanId, { fundCode: d.fundCode }, "ui");
    else if (d.intent === "claimPolicy") await fileClaim(su.actor, loanId, { policyId: d.policyId }, "ui");
    else if (d.intent === "withdrawClaim") await withdrawClaim(su.actor, d.claimId);
    else if (d.intent === "recovery") await recordRecovery(su.actor, loanId, { amountFen: d.amount, receivedOn: d.receivedOn, reference: d.reference });
    else await requestPolicy(su.actor, { productId: d.productId, subject: d.subject, coverFen: d.cover });
    return { done: t(`fund.done.${d.intent}`), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function BankLoan() {
  const t = useT();
  const locale = useLocale();
  const { view, today, schemes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const e = result && "fieldErrors" in result ? result.fieldErrors : {};
  const loan = view.loan;
  const live = loan.status === "overdue" || loan.status === "defaulted";
  return (
    <div className="container stack">
      <PageHeader title={view.enterpriseName} subtitle={<><FinStatus status={loan.status} /> · {formatFen(loan.principalFen, locale)} · <span>{schemeLabel(schemes, loan.riskSchemeCode, locale)}</span></>}
        actions={<span className="row"><Link to={`/bank/applications/${loan.applicationId}`}>{t("fund.bank.application")}</Link><Link to="/bank/loans">{t("action.back")}</Link></span>} />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      {result && "formError" in result ? <FormError message={result.formError} /> : null}
      <Card title={t("fund.bank.claimsTitle")}>
        <DefinitionList items={[
          [t("fund.bank.unpaidPrincipal"), formatFen(view.position.principalFen, locale)],
          [t("fund.bank.interestDue"), formatFen(view.position.interestDueFen, locale)],
          [t("fund.bank.overdueSince"), formatDate(view.position.firstOverdue, locale)],
          [t("fund.recovered"), formatFen(view.recoveredFen, locale)],
        ]} />
        {view.payers.length === 0 ? <EmptyState>{t("fund.bank.noPayers")}</EmptyState> : (
          <Table caption={t("fund.bank.claimsTitle")} head={[t("fund.bank.payer"), t("fund.claim.netLoss"), t("fund.bank.claimable"), t("fund.bank.trigger"), t("table.actions")]}>
            {view.payers.map((p) => (
              <tr key={p.fundId ?? p.policyId} data-testid={`payer-${p.code}`}>
                <td>{p.kind === "fund" ? p.name : t("fund.bank.insurer", { number: p.name })}</td>
                <td className="num">{formatFen(p.netLossFen, locale)}</td>
                <td className="num">{formatFen(p.claimFen, locale)}</td>
                <td>{p.trigger.ok ? t("fund.bank.triggerMet") : t(`fund.errors.trigger.${p.trigger.reason}`, { from: formatDate(p.trigger.eligibleFrom, locale) })}</td>
                <td>
                  {p.liveClaimId ? <Link to={`/claims/${p.liveClaimId}`}>{t("fund.bank.viewClaim")}</Link> : (
                    <Form method="post">
                      {p.kind === "fund" ? <input type="hidden" name="fundCode" value={p.code} /> : <input type="hidden" name="policyId" value={p.policyId ?? ""} />}
                      <Button name="intent" value={p.kind === "fund" ? "claimFund" : "claimPolicy"} disabled={busy || !p.trigger.ok}>{t("fund.bank.fileClaim")}</Button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        )}
        {view.claims.length ? (
          <Table caption={t("fund.bank.claimHistory")} head={[t("fund.claim.filedAt"), t("fund.claim.claimed"), t("fund.claim.paid"), t("fund.claim.status"), t("table.actions")]}>
            {view.claims.map((c) => (
              <tr key={c.id}>
                <td><Link to={`/claims/${c.id}`}>{formatDate(c.createdAt, locale)}</Link> · {translateStored(t, `fund.channel.${c.channel}`)}</td>
                <td className="num">{formatFen(c.claimedFen, locale)}</td><td className="num">{formatFen(c.paidFen, locale)}</td>
                <td><MoneyStatus kind="claim" status={c.status} /></td>
                <td>{c.status === "filed" ? <Form method="post"><input type="hidden" name="claimId" value={c.id} /><Button name="intent" value="withdrawClaim" variant="ghost" disabled={busy}>{t("fund.bank.withdraw")}</Button></Form> : null}</td>
              </tr>
            ))}
          </Table>
        ) : null}
      </Card>
      <div className="grid grid-2">
        <Card title={t("fund.bank.recoveryTitle")}>
          <p className="muted small">{t("fund.bank.recoveryHint")}</p>
          {live ? (
            <Form method="post" className="form" noValidate>
              <Field label={t("fund.bank.recoveryAmount")} name="amount" inputMode="decimal" error={e.amount} />
              <div className="form-row">
                <Field label={t("fund.bank.receivedOn")} name="receivedOn" type="date" defaultValue={today} error={e.receivedOn} />
                <Field label={t("fund.claim.reference")} name="reference" error={e.reference} />
              </div>
              <Button name="intent" value="recovery" variant="secondary" disabled={busy}>{t("fund.bank.recordRecovery")}</Button>
            </Form>
          ) : null}
        </Card>
        <Card title={t("insurance.cover")}>
          {view.policy ? (
            <DefinitionList items={[
              [t("insurance.policyNumber"), view.policy.policyNumber ?? "—"],
              [t("insurance.cover"), formatFen(view.policy.coverFen, locale)],
              [t("insurance.share"), bpText(view.policy.shareBp)],
              [t("insurance.period"), `${formatDate(view.policy.startsOn, locale)} – ${formatDate(view.policy.endsOn, locale)}`],
            ]} />
          ) : view.products.length && loan.status !== "settled" && loan.status !== "defaulted" ? (
            <Form method="post" className="form" noValidate>
              <input type="hidden" name="subject" value={`loan:${loan.id}`} />
              <SelectField label={t("insurance.product")} name="productId" error={e.productId}
                options={view.products.map((p) => ({ value: p.id, label: `${p.insurerName} · ${p.name} · ${bpText(p.premiumRateBp)}` }))} />
              <Field label={t("insurance.requestedCover")} name="cover" inputMode="decimal" defaultValue={fenToYuanInput(loan.principalFen)} error={e.cover} />
              <Button name="intent" value="requestCover" variant="secondary" disabled={busy}>{t("insurance.request")}</Button>
            </Form>
          ) : <EmptyState>{t("insurance.noCover")}</EmptyState>}
        </Card>
      </div>
      <Card title={t("ledger.title")}>
        {view.ledger.lines.length ? <LedgerTable lines={view.ledger.lines} reconciled={view.ledger.reconciliation?.ok ?? null} /> : <EmptyState>{t("ledger.notDisbursed")}</EmptyState>}
      </Card>
    </div>
  );
}
