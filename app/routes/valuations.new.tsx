import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, Card, EmptyState, Field, FormError, PageHeader, SelectField } from "#app/components/ui";
import { questionnaireFromForm, ValuationRequestSchema } from "#app/domain/forms/valuation";
import { PURPOSES } from "#app/domain/valuation/parameters";
import { useLocale, useT } from "#app/i18n/react";
import { listValuableAssets, requestValuation } from "#app/services/valuations.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise", "university");
  const url = new URL(request.url);
  return { assets: await listValuableAssets(su.actor), preselected: url.searchParams.getAll("assetId") };
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise", "university");
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, ValuationRequestSchema, t);
  if (!parsed.ok) return parsed.response;
  const v = parsed.value;
  try {
    const { id } = await requestValuation(su.actor, { assetIds: v.assetIds, purpose: v.purpose, locale: v.locale, questionnaire: questionnaireFromForm(v) });
    return redirect(`/valuations/${id}`);
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function NewValuation() {
  const t = useT();
  const locale = useLocale();
  const { assets, preselected } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const e = result?.fieldErrors ?? {};
  const v = (k: string) => String(result?.values?.[k] ?? "");
  const picked = new Set(result?.values ? ([] as string[]).concat((result.values.assetIds as string | undefined) ?? []) : preselected);
  const scale = (prefix: "valuation.maturity" | "valuation.subst") => [{ value: "", label: t("valuation.q.notAnswered") }, ...([1, 2, 3, 4, 5] as const).map((n) => ({ value: String(n), label: t(`${prefix}.${n}`) }))];
  return (
    <div className="container medium stack">
      <PageHeader title={t("valuation.new.title")} subtitle={t("valuation.new.intro")} />
      <Card>
        <FormError message={result?.formError} />
        {assets.length === 0 ? (
          <EmptyState>
            {t("valuation.new.noAssets")} <Link to="/market">{t("nav.market")}</Link>
          </EmptyState>
        ) : (
          <Form method="post" className="form" noValidate>
            <fieldset className="field" aria-describedby="assets-hint" aria-invalid={e.assetIds ? true : undefined}>
              <legend>{t("valuation.new.assets")}</legend>
              <p className="hint" id="assets-hint">{t("valuation.new.assetsHint")}</p>
              <div className="check-list">
                {assets.map((a) => (
                  <label key={a.id} className="check">
                    <input type="checkbox" name="assetIds" value={a.id} defaultChecked={picked.has(a.id)} />
                    <span>
                      <span className="mono">{a.number}</span> · {t(`valuation.kind.${a.kind}`)} · {locale === "en" && a.titleEn ? a.titleEn : a.title}
                      {a.legalStatus !== "valid" ? <span className="muted"> ({t(`valuation.legal.${a.legalStatus}`)})</span> : null}
                    </span>
                  </label>
                ))}
              </div>
              {e.assetIds ? <p className="field-error" role="alert">{e.assetIds.join(" ")}</p> : null}
            </fieldset>
            <div className="form-row">
              <SelectField label={t("valuation.purpose.label")} name="purpose" defaultValue={v("purpose") || "pledge"} error={e.purpose} hint={t("valuation.new.purposeHint")}
                options={PURPOSES.map((p) => ({ value: p, label: t(`valuation.purpose.${p}`) }))} />
              <SelectField label={t("valuation.new.locale")} name="locale" defaultValue={v("locale") || locale} error={e.locale}
                options={[{ value: "zh-CN", label: "中文" }, { value: "en", label: "English" }]} />
            </div>
            <fieldset className="stack">
              <legend>{t("valuation.new.questionnaire")}</legend>
              <p className="hint">{t("valuation.new.questionnaireHint")}</p>
              <div className="form-row">
                <Field label={t("valuation.q.annualRevenue")} name="annualRevenue" optional inputMode="decimal" defaultValue={v("annualRevenue")} error={e.annualRevenue} hint={t("valuation.q.annualRevenueHint")} />
                <Field label={t("valuation.q.revenueGrowth")} name="revenueGrowth" optional inputMode="decimal" defaultValue={v("revenueGrowth")} error={e.revenueGrowth} />
              </div>
              <div className="form-row">
                <Field label={t("valuation.q.marketSize")} name="marketSize" optional inputMode="decimal" defaultValue={v("marketSize")} error={e.marketSize} />
                <Field label={t("valuation.q.marketShare")} name="marketShare" optional inputMode="decimal" defaultValue={v("marketShare")} error={e.marketShare} />
              </div>
              <div className="form-row">
                <SelectField label={t("valuation.q.maturity")} name="maturity" optional defaultValue={v("maturity")} error={e.maturity} options={scale("valuation.maturity")} />
                <SelectField label={t("valuation.q.substitutability")} name="substitutability" optional defaultValue={v("substitutability")} error={e.substitutability} options={scale("valuation.subst")} />
              </div>
              <div className="form-row">
                <Field label={t("valuation.q.economicLifeYears")} name="economicLifeYears" optional inputMode="numeric" defaultValue={v("economicLifeYears")} error={e.economicLifeYears} />
                <Field label={t("valuation.q.rdCost")} name="rdCost" optional inputMode="decimal" defaultValue={v("rdCost")} error={e.rdCost} />
                <Field label={t("valuation.q.rdCostYear")} name="rdCostYear" optional inputMode="numeric" defaultValue={v("rdCostYear")} error={e.rdCostYear} />
              </div>
            </fieldset>
            <Button disabled={busy}>{t("valuation.new.submit")}</Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
