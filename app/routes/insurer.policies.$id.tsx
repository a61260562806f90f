import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { bpText, MoneyStatus } from "#app/components/public-money";
import { Button, Card, DefinitionList, Field, FormError, Notice, PageHeader, Table } from "#app/components/ui";
import { addYears, shanghaiDate } from "#app/domain/dates";
import { PolicyDeclineSchema, PolicyIssueSchema } from "#app/domain/forms/public-money";
import { fenToYuanInput } from "#app/domain/money";
import { premiumFor } from "#app/domain/public-money/insurance";
import { formatDate, formatFen, useLocale, useT } from "#app/i18n/react";
import { declinePolicy, getPolicy, issuePolicy } from "#app/services/insurance-policies.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { orThrowResponse } from "#app/utils/service-errors.server";
import { readForm } from "#app/utils/body.server";

const IntentSchema = z.discriminatedUnion("intent", [PolicyIssueSchema.extend({ intent: z.literal("issue") }), PolicyDeclineSchema.extend({ intent: z.literal("decline") })]);

/** A policy as its insurer sees it: the loan or deal it covers (and nothing else of it), issue or decline, and its claims. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "insurer");
  return { view: await orThrowResponse(getPolicy(su.actor, params.id ?? "")), today: shanghaiDate() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request, "insurer");
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, IntentSchema, t);
  if (!parsed.ok) return parsed.response;
  const d = parsed.value;
  try {
    if (d.intent === "issue") await issuePolicy(su.actor, params.id ?? "", d);
    else await declinePolicy(su.actor, params.id ?? "", d.reason);
    return { done: t(`insurer.done.${d.intent}`), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function InsurerPolicy() {
  const t = useT();
  const locale = useLocale();
  const { view, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const p = view.policy;
  const e = result && "fieldErrors" in result ? result.fieldErrors : {};
  const failed = result && "values" in result ? String(result.values?.intent ?? "") : "";
  const err = (intent: string, f: string) => (failed === intent ? e[f] : undefined);
  return (
    <div className="container stack">
      <PageHeader title={p.insuredName} subtitle={<><MoneyStatus kind="policy" status={p.status} /> · {p.productName}</>} actions={<Link to="/insurer">{t("action.back")}</Link>} />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      {result && "formError" in result ? <FormError message={result.formError} /> : null}
      <div className="grid grid-2">
        <Card title={t("insurance.subjectTitle")}>
          <DefinitionList items={p.loanId ? [
            [t("insurance.kind"), t("insurance.kind.pledge_loan_guarantee")],
            [t("financing.loan.principal"), formatFen(p.loanPrincipalFen, locale)],
            [t("fund.claim.bank"), p.bankName ?? "—"],
            [t("financing.loan.maturity"), formatDate(p.loanMaturity, locale)],
            [t("financing.field.status"), p.loanStatus ? t(`financing.status.${p.loanStatus}`) : "—"],
          ] : [
            [t("insurance.kind"), t("insurance.kind.open_licence_deal")],
            [t("insurance.deal"), p.dealTitle ?? "—"],
            [t("insurance.dealPrice"), formatFen(p.dealPriceFen, locale)],
          ]} />
        </Card>
        <Card title={t("insurance.policyTitle")}>
          <DefinitionList items={[
            [t("insurance.requested"), formatFen(p.requestedCoverFen, locale)],
            [t("insurance.policyNumber"), p.policyNumber ?? "—"],
            [t("insurance.cover"), formatFen(p.coverFen, locale)],
            [t("insurance.premium"), formatFen(p.premiumFen, locale)],
            [t("insurance.share"), bpText(p.shareBp)],
            [t("insurance.period"), p.startsOn ? `${formatDate(p.startsOn, locale)} – ${formatDate(p.endsOn, locale)}` : "—"],
            [t("subsidy.reason"), p.decisionReason ?? "—"],
          ]} />
        </Card>
      </div>
      {view.canIssue && p.status === "requested" ? (
        <div className="grid grid-2">
          <Card title={t("insurer.issue")}>
            <Form method="post" className="form" noValidate>
              <div className="form-row">
                <Field label={t("insurance.policyNumber")} name="policyNumber" error={err("issue", "policyNumber")} />
                <Field label={t("insurer.coverYuan")} name="cover" inputMode="decimal" defaultValue={fenToYuanInput(p.requestedCoverFen)} error={err("issue", "cover")}
                  hint={t("insurer.premiumHint", { rate: bpText(p.premiumRateBp), premium: formatFen(premiumFor(BigInt(p.requestedCoverFen), p.premiumRateBp), locale) })} />
              </div>
              <div className="form-row">
                <Field label={t("insurer.startsOn")} name="startsOn" type="date" defaultValue={today} error={err("issue", "startsOn")} />
                <Field label={t("insurer.endsOn")} name="endsOn" type="date" defaultValue={addYears(today, 1)} error={err("issue", "endsOn")} />
                <Field label={t("insurer.premiumPaidOn")} name="premiumPaidOn" type="date" defaultValue={today} error={err("issue", "premiumPaidOn")} />
              </div>
              <Button name="intent" value="issue" disabled={busy}>{t("insurer.issueButton")}</Button>
            </Form>
          </Card>
          <Card title={t("insurer.decline")}>
            <Form method="post" className="form" noValidate>
              <Field label={t("subsidy.reason")} name="reason" error={err("decline", "reason")} />
              <Button name="intent" value="decline" variant="danger" disabled={busy}>{t("insurer.declineButton")}</Button>
            </Form>
          </Card>
        </div>
      ) : null}
      {view.claims.length ? (
        <Card title={t("insurer.claims")}>
          <Table caption={t("insurer.claims")} head={[t("fund.claim.filedAt"), t("fund.claim.claimed"), t("fund.claim.paid"), t("fund.claim.status")]}>
            {view.claims.map((c) => (
              <tr key={c.id}><td><Link to={`/claims/${c.id}`}>{formatDate(c.createdAt, locale)}</Link></td><td className="num">{formatFen(c.claimedFen, locale)}</td><td className="num">{formatFen(c.paidFen, locale)}</td><td><MoneyStatus kind="claim" status={c.status} /></td></tr>
            ))}
          </Table>
        </Card>
      ) : null}
    </div>
  );
}
