import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { translateStored } from "#app/i18n/index";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { AssessmentTable, MoneyStatus } from "#app/components/public-money";
import { Button, Card, DefinitionList, EmptyState, Field, FormError, Notice, PageHeader, Table } from "#app/components/ui";
import { ValuationFeeSchema } from "#app/domain/forms/public-money";
import { shanghaiDate } from "#app/domain/dates";
import { formatDate, formatFen, useLocale, useT } from "#app/i18n/react";
import { applyForSubsidy, withdrawSubsidyApplication } from "#app/services/subsidy-applications.server";
import { listProgrammesForEnterprise, recordValuationFee } from "#app/services/subsidy-eligibility.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";

const IntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("apply"), programmeId: z.uuid({ error: "errors.invalid" }) }),
  z.object({ intent: z.literal("withdraw"), applicationId: z.uuid({ error: "errors.invalid" }) }),
  ValuationFeeSchema.extend({ intent: z.literal("recordFee") }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise");
  return { ...(await listProgrammesForEnterprise(su.actor)), today: shanghaiDate() };
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise");
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, IntentSchema, t);
  if (!parsed.ok) return parsed.response;
  const d = parsed.value;
  try {
    if (d.intent === "apply") await applyForSubsidy(su.actor, d.programmeId);
    else if (d.intent === "withdraw") await withdrawSubsidyApplication(su.actor, d.applicationId);
    else await recordValuationFee(su.actor, d);
    return { done: t(`subsidy.done.${d.intent}`), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function Subsidies() {
  const t = useT();
  const locale = useLocale();
  const { programmes, applications, valuationFees, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const e = result && "fieldErrors" in result ? result.fieldErrors : {};
  const name = (p: { nameZh: string; nameEn: string }) => (locale === "en" ? p.nameEn : p.nameZh);
  return (
    <div className="container stack">
      <PageHeader title={t("subsidy.title")} subtitle={t("subsidy.intro")} />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      {result && "formError" in result ? <FormError message={result.formError} /> : null}
      {programmes.length === 0 ? <Card><EmptyState>{t("subsidy.noOpen")}</EmptyState></Card> : programmes.map(({ programme: p, assessment: a, missing, applicationId }) => (
        <Card key={p.id} title={name(p)} actions={<span className="muted small">{p.issuer}</span>}>
          <div data-testid={`programme-${p.code}`} className="stack">
            <DefinitionList items={[
              [t("subsidy.kind"), t(`subsidy.kind.${p.kind}`)],
              [t("subsidy.period"), `${formatDate(p.periodStart, locale)} – ${formatDate(p.periodEnd, locale)}`],
              [t("subsidy.window"), `${formatDate(p.opensOn, locale)} – ${formatDate(p.closesOn, locale)}`],
              [t("subsidy.cap"), formatFen(a.capFen, locale)],
            ]} />
            <AssessmentTable lines={a.lines} kind={p.kind} />
            {a.enterpriseFailed.length ? <p className="field-error">{a.enterpriseFailed.map((c: string) => translateStored(t, `subsidy.condition.${c}`)).join("；")}</p> : null}
            <p data-testid="eligible-amount"><strong>{t("subsidy.eligibleAmount")}: {formatFen(a.amountFen, locale)}</strong>{a.capped ? <span className="muted"> ({t("subsidy.capped")})</span> : null}</p>
            {missing.length ? <p className="muted small">{t("subsidy.missing")}: {missing.map((m: string) => translateStored(t, `subsidy.document.${m}`)).join("、")}</p> : null}
            {applicationId ? <p className="muted">{t("subsidy.alreadyApplied")}</p> : (
              <Form method="post">
                <input type="hidden" name="programmeId" value={p.id} />
                <Button name="intent" value="apply" disabled={busy || !a.eligible || missing.length > 0}>{t("subsidy.apply")}</Button>
              </Form>
            )}
          </div>
        </Card>
      ))}
      <Card title={t("subsidy.myApplications")}>
        {applications.length === 0 ? <EmptyState /> : (
          <Table caption={t("subsidy.myApplications")} head={[t("subsidy.programme"), t("subsidy.requested"), t("subsidy.approved"), t("subsidy.paidOn"), t("subsidy.status"), t("table.actions")]}>
            {applications.map(({ app, nameZh, nameEn }) => (
              <tr key={app.id} data-testid={`application-${app.id}`}>
                <td>{locale === "en" ? nameEn : nameZh}{app.decisionReason ? <div className="muted small">{app.decisionReason}</div> : null}</td>
                <td className="num">{formatFen(app.requestedFen, locale)}</td>
                <td className="num">{formatFen(app.approvedFen, locale)}</td>
                <td>{formatDate(app.paidOn, locale)}</td>
                <td><MoneyStatus kind="subsidy" status={app.status} /></td>
                <td>{app.status === "submitted" ? (
                  <Form method="post"><input type="hidden" name="applicationId" value={app.id} /><Button name="intent" value="withdraw" variant="ghost" disabled={busy}>{t("subsidy.withdraw")}</Button></Form>
                ) : null}</td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
      <Card title={t("subsidy.fees.title")}>
        <p className="muted small">{t("subsidy.fees.intro")}</p>
        {valuationFees.length ? (
          <Table caption={t("subsidy.fees.title")} head={[t("subsidy.fees.payee"), t("subsidy.fees.invoice"), t("subsidy.fees.amount"), t("subsidy.fees.paidOn")]}>
            {valuationFees.map((f) => <tr key={f.id}><td>{f.payee}</td><td className="mono">{f.invoiceNumber}</td><td className="num">{formatFen(f.amountFen, locale)}</td><td>{formatDate(f.paidOn, locale)}</td></tr>)}
          </Table>
        ) : null}
        <Form method="post" className="form" noValidate>
          <div className="form-row">
            <Field label={t("subsidy.fees.payee")} name="payee" error={e.payee} />
            <Field label={t("subsidy.fees.invoice")} name="invoiceNumber" error={e.invoiceNumber} />
          </div>
          <div className="form-row">
            <Field label={t("subsidy.fees.amountYuan")} name="amount" inputMode="decimal" error={e.amount} />
            <Field label={t("subsidy.fees.paidOn")} name="paidOn" type="date" defaultValue={today} error={e.paidOn} />
          </div>
          <Button name="intent" value="recordFee" variant="secondary" disabled={busy}>{t("subsidy.fees.record")}</Button>
        </Form>
      </Card>
    </div>
  );
}
