import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { translateStored } from "#app/i18n/index";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AdminNav } from "#app/components/admin-nav";
import { AssessmentTable, MoneyStatus, type AssessmentLineView } from "#app/components/public-money";
import { Button, Card, DefinitionList, EmptyState, Field, FormError, Notice, PageHeader, DownloadLink } from "#app/components/ui";
import { shanghaiDate } from "#app/domain/dates";
import { SubsidyDecisionSchema } from "#app/domain/forms/public-money";
import { fenToYuanInput } from "#app/domain/money";
import { formatDate, formatFen, useLocale, useT } from "#app/i18n/react";
import { decideSubsidy, listProgrammeApplications } from "#app/services/subsidy-applications.server";
import { requireAdmin } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { orThrowResponse } from "#app/utils/service-errors.server";
import { readForm } from "#app/utils/body.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireAdmin(request);
  return { ...(await orThrowResponse(listProgrammeApplications(su.actor, params.id ?? ""))), today: shanghaiDate() };
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireAdmin(request);
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, SubsidyDecisionSchema, t);
  if (!parsed.ok) return parsed.response;
  const { applicationId, ...d } = parsed.value;
  try {
    await decideSubsidy(su.actor, applicationId, d);
    return { done: t(`subsidy.admin.done.${d.intent}`), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

type Evidence = { documents: string[]; loans: Array<{ loanId: string; registrationNumber: string | null; repaymentReferences: string[] }>; fees: Array<{ id: string; label: string }> };

export default function ProgrammeQueue() {
  const t = useT();
  const locale = useLocale();
  const { programme: p, budget, applications, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const failed = result && "values" in result ? String(result.values?.applicationId ?? "") : "";
  const err = (id: string, f: string) => (failed === id && result && "fieldErrors" in result ? result.fieldErrors[f] : undefined);
  return (
    <div className="container stack">
      <PageHeader title={locale === "en" ? p.nameEn : p.nameZh} subtitle={<><MoneyStatus kind="programme" status={p.status} /> · {p.issuer}</>}
        actions={<span className="row"><DownloadLink href={`/admin/subsidies/export?programme=${p.id}&format=csv`}>{t("export.csv")}</DownloadLink><Link to="/admin/subsidies">{t("action.back")}</Link></span>} />
      <AdminNav />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      {result && "formError" in result ? <FormError message={result.formError} /> : null}
      <Card>
        <DefinitionList items={[
          [t("subsidy.admin.budget"), formatFen(p.budgetFen, locale)],
          [t("subsidy.admin.committed"), <span key="c" data-testid="committed">{formatFen(budget.committedFen, locale)}</span>],
          [t("subsidy.admin.paid"), <span key="p" data-testid="paid">{formatFen(budget.paidFen, locale)}</span>],
          [t("subsidy.admin.remaining"), formatFen(p.budgetFen - budget.committedFen, locale)],
        ]} />
      </Card>
      {applications.length === 0 ? <Card><EmptyState /></Card> : applications.map((a) => {
        const assessment = a.assessment as unknown as { lines: AssessmentLineView[] };
        const ev = a.evidence as unknown as Evidence;
        return (
          <Card key={a.id} title={a.enterpriseName} actions={<MoneyStatus kind="subsidy" status={a.status} />}>
            <div data-testid={`subsidy-application-${a.uscc}`} className="stack">
              <DefinitionList items={[
                [t("account.uscc"), <span key="u" className="mono">{a.uscc}</span>],
                [t("account.park"), (locale === "en" ? a.parkEn : a.parkZh) ?? "—"],
                [t("subsidy.requested"), formatFen(a.requestedFen, locale)],
                [t("subsidy.approved"), formatFen(a.approvedFen, locale)],
                [t("subsidy.paidOn"), a.paidOn ? `${formatDate(a.paidOn, locale)} · ${a.paymentReference ?? ""}` : "—"],
                [t("subsidy.reason"), a.decisionReason ?? "—"],
              ]} />
              <AssessmentTable lines={assessment.lines.filter((l) => BigInt(l.amountFen) > 0n)} kind={p.kind} />
              <p className="small muted">
                {t("subsidy.attached")}: {ev.documents.map((d) => translateStored(t, `subsidy.document.${d}`)).join("、") || "—"}
                {ev.loans.map((l) => (l.registrationNumber ? ` · ${l.registrationNumber}` : "")).join("")}
                {ev.fees.map((f) => ` · ${f.label}`).join("")}
              </p>
              {a.status === "submitted" ? (
                <div className="grid grid-2">
                  <Form method="post" className="form" noValidate>
                    <input type="hidden" name="applicationId" value={a.id} />
                    <Field label={t("subsidy.admin.approveAmount")} name="amount" inputMode="decimal" defaultValue={fenToYuanInput(a.requestedFen)} error={err(a.id, "amount")} hint={t("subsidy.admin.partialHint")} />
                    <Field label={t("subsidy.reason")} name="reason" optional error={err(a.id, "reason")} />
                    <Button name="intent" value="approve" disabled={busy}>{t("subsidy.admin.approve")}</Button>
                  </Form>
                  <Form method="post" className="form" noValidate>
                    <input type="hidden" name="applicationId" value={a.id} />
                    <Field label={t("subsidy.admin.rejectReason")} name="reason" error={err(a.id, "reason")} />
                    <Button name="intent" value="reject" variant="danger" disabled={busy}>{t("subsidy.admin.reject")}</Button>
                  </Form>
                </div>
              ) : null}
              {a.status === "approved" ? (
                <Form method="post" className="form" noValidate>
                  <input type="hidden" name="applicationId" value={a.id} />
                  <div className="form-row">
                    <Field label={t("subsidy.admin.paidOn")} name="paidOn" type="date" defaultValue={today} error={err(a.id, "paidOn")} />
                    <Field label={t("subsidy.admin.reference")} name="reference" error={err(a.id, "reference")} />
                  </div>
                  <Button name="intent" value="pay" disabled={busy}>{t("subsidy.admin.recordPayout")}</Button>
                </Form>
              ) : null}
            </div>
          </Card>
        );
      })}
    </div>
  );
}
