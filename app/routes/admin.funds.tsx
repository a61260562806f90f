import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { translateStored } from "#app/i18n/index";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AdminNav } from "#app/components/admin-nav";
import { Button, Card, EmptyState, Field, FormError, Notice, PageHeader, SelectField, Table } from "#app/components/ui";
import { FundSchema } from "#app/domain/forms/public-money";
import { FUND_MODELS, LOSS_BASES, type FundRules } from "#app/domain/public-money/claims";
import { formatFen, useLocale, useT } from "#app/i18n/react";
import { listFundsForAdmin, saveFund } from "#app/services/funds.server";
import { requireAdmin } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireAdmin(request);
  return listFundsForAdmin(su.actor);
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireAdmin(request);
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, FundSchema, t);
  if (!parsed.ok) return parsed.response;
  try {
    const r = await saveFund(su.actor, parsed.value);
    return { done: t(r.created ? "fund.admin.created" : "fund.admin.updated"), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function AdminFunds() {
  const t = useT();
  const locale = useLocale();
  const { funds, fundOrgs, schemes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const e = result && "fieldErrors" in result ? result.fieldErrors : {};
  return (
    <div className="container stack">
      <PageHeader title={t("fund.admin.title")} subtitle={t("fund.admin.intro")} />
      <AdminNav />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      {result && "formError" in result ? <FormError message={result.formError} /> : null}
      <Card>
        {funds.length === 0 ? <EmptyState /> : (
          <Table caption={t("fund.admin.title")} head={[t("fund.name"), t("fund.scheme"), t("fund.model"), t("fund.trigger"), t("fund.covers"), t("fund.administrator"), t("fund.size")]}>
            {funds.map(({ fund: f, adminName }) => {
              const r = f.rules as unknown as FundRules;
              return (
                <tr key={f.id}>
                  <td><Link to={`/fund?fund=${f.id}`}>{locale === "en" ? f.nameEn : f.nameZh}</Link><div className="mono small">{f.code}</div></td>
                  <td className="mono">{f.schemeCode} · {t(`financing.party.${r.party}`)}</td>
                  <td>{t(`fund.model.${r.model}`)}</td>
                  <td>{t("financing.months", { n: r.triggerOverdueMonths })}</td>
                  <td>{t(`fund.covers.${r.covers}`)}{r.capPerLoanFen ? ` · ≤ ${formatFen(r.capPerLoanFen, locale)}` : ""}</td>
                  <td>{adminName ?? <span className="field-error">{t("fund.admin.noAdministrator")}</span>}</td>
                  <td className="num">{formatFen(f.sizeFen, locale)}</td>
                </tr>
              );
            })}
          </Table>
        )}
        <p className="muted small">{t("fund.admin.schemeHint")} {schemes.map((s) => `${s.code} (${locale === "en" ? s.nameEn : s.nameZh})`).join("; ")}</p>
      </Card>
      <Card title={t("fund.admin.save")}>
        <Form method="post" className="form" noValidate>
          <div className="form-row">
            <Field label={t("fund.code")} name="code" error={e.code} hint={t("fund.admin.codeHint")} />
            <Field label={t("fund.nameZh")} name="nameZh" error={e.nameZh} />
            <Field label={t("fund.nameEn")} name="nameEn" error={e.nameEn} />
          </div>
          <div className="form-row">
            <SelectField label={t("fund.scheme")} name="schemeCode" error={e.schemeCode} options={schemes.map((s) => ({ value: s.code, label: `${s.code} · ${locale === "en" ? s.nameEn : s.nameZh}` }))} />
            <SelectField label={t("fund.party")} name="party" error={e.party} options={["guarantor", "fund"].map((p) => ({ value: p, label: translateStored(t, `financing.party.${p}`) }))} />
            <SelectField label={t("fund.administrator")} name="adminOrgId" optional error={e.adminOrgId} options={[{ value: "", label: "—" }, ...fundOrgs.map((o) => ({ value: o.id, label: o.name }))]} />
          </div>
          <div className="form-row">
            <SelectField label={t("fund.model")} name="model" error={e.model} options={FUND_MODELS.map((m) => ({ value: m, label: t(`fund.model.${m}`) }))} />
            <Field label={t("fund.triggerMonths")} name="triggerOverdueMonths" type="number" defaultValue="2" error={e.triggerOverdueMonths} />
            <SelectField label={t("fund.covers")} name="covers" error={e.covers} options={LOSS_BASES.map((b) => ({ value: b, label: t(`fund.covers.${b}`) }))} />
            <Field label={t("fund.capPerLoan")} name="capPerLoan" optional inputMode="decimal" error={e.capPerLoan} />
            <Field label={t("fund.sizeYuan")} name="size" optional inputMode="decimal" error={e.size} />
          </div>
          <Button disabled={busy}>{t("fund.admin.save")}</Button>
        </Form>
      </Card>
    </div>
  );
}
