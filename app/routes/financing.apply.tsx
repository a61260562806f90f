import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, Card, EmptyState, Field, FormError, Notice, PageHeader, SelectField, TextareaField } from "#app/components/ui";
import { ApplicationSchema } from "#app/domain/forms/financing";
import { formatFen, useLocale, useT } from "#app/i18n/react";
import { listCampaignsForViewer } from "#app/services/campaign-views.server";
import { listPledgeableReceivables } from "#app/services/pledge-applications.server";
import { createApplication, listPledgeableAssets } from "#app/services/pledge-applications.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise");
  const campaignId = new URL(request.url).searchParams.get("campaign");
  const campaigns = (await listCampaignsForViewer(su.actor)).filter((c) => c.status === "active");
  return {
    assets: await listPledgeableAssets(su.actor),
    receivables: await listPledgeableReceivables(su.actor),
    campaigns: campaigns.map((c) => ({ id: c.id, name: c.name })),
    campaignId: campaigns.some((c) => c.id === campaignId) ? campaignId : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise");
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, ApplicationSchema, t);
  if (!parsed.ok) return parsed.response;
  try {
    const { id } = await createApplication(su.actor, parsed.value, { locale: getT(request).locale });
    return redirect(`/financing/applications/${id}`);
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function Apply() {
  const t = useT();
  const locale = useLocale();
  const { assets, receivables, campaigns, campaignId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const e = result?.fieldErrors ?? {};
  const v = (k: string) => String(result?.values?.[k] ?? "");
  return (
    <div className="container medium stack">
      <PageHeader title={t("financing.apply.title")} subtitle={t("financing.apply.intro")} />
      <Notice>{t("financing.apply.valuationHint")} <Link to="/valuations">{t("financing.apply.valuationLink")}</Link></Notice>
      <Card>
        <FormError message={result?.formError} />
        {assets.length === 0 && receivables.length === 0 ? <EmptyState>{t("financing.apply.noAssets")}</EmptyState> : (
          <Form method="post" className="form" noValidate>
            <fieldset className="field" aria-describedby={e.assetIds ? "assets-error" : undefined}>
              <legend>{t("financing.apply.assets")}</legend>
              {assets.map((a) => (
                <label key={a.id} className="row">
                  <input type="checkbox" name="assetIds" value={a.id} disabled={a.pledged} data-testid={`asset-${a.number}`} />
                  <span>
                    <span className="mono">{a.number}</span> · {t(`financing.kind.${a.kind}`)} · {locale === "en" && a.titleEn ? a.titleEn : a.title}
                    {a.pledged ? <span className="muted"> ({t("financing.apply.pledged")})</span> : null}
                  </span>
                </label>
              ))}
              {e.assetIds ? <p className="field-error" id="assets-error" role="alert">{e.assetIds.join(" ")}</p> : null}
            </fieldset>
            {receivables.length ? (
              <fieldset className="field" aria-describedby={e.receivableIds ? "receivables-error" : undefined}>
                <legend>{t("royalty.pledgeLegend")}</legend>
                <p className="hint">{t("royalty.pledgeHint")}</p>
                {receivables.map((r) => (
                  <label key={r.id} className="row">
                    <input type="checkbox" name="receivableIds" value={r.id} data-testid={`receivable-${r.id}`} />
                    <span>{r.title} · {r.licensee} · {t("royalty.outstanding")} {formatFen(r.outstandingFen, locale)}</span>
                  </label>
                ))}
                {e.receivableIds ? <p className="field-error" id="receivables-error" role="alert">{e.receivableIds.join(" ")}</p> : null}
              </fieldset>
            ) : null}
            <div className="form-row">
              <Field label={t("financing.field.amountYuan")} name="amount" inputMode="decimal" required defaultValue={v("amount")} error={e.amount} hint={t("financing.apply.amountHint")} />
              <Field label={t("financing.field.termMonths")} name="termMonths" type="number" min={1} max={360} required defaultValue={v("termMonths") || "12"} error={e.termMonths} />
            </div>
            <TextareaField label={t("financing.field.purpose")} name="purpose" required rows={3} defaultValue={v("purpose")} error={e.purpose} />
            {campaigns.length ? (
              <SelectField label={t("financing.field.campaign")} name="campaignId" optional hint={t("financing.apply.campaignHint")}
                defaultValue={v("campaignId") || campaignId || ""} error={e.campaignId}
                options={[{ value: "", label: t("financing.apply.noCampaign") }, ...campaigns.map((c) => ({ value: c.id, label: c.name }))]} />
            ) : null}
            <Button disabled={busy}>{t("financing.apply.check")}</Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
