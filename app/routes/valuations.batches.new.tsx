import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, Card, EmptyState, FormError, PageHeader, SelectField } from "#app/components/ui";
import { ValuationBatchSchema } from "#app/domain/forms/valuation-batch";
import { PURPOSES } from "#app/domain/valuation/parameters";
import { useLocale, useT } from "#app/i18n/react";
import { countBatchablePatents, requestValuationBatch } from "#app/services/valuation-batches.server";
import { listValuableAssets } from "#app/services/valuations.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise", "university");
  const [assets, patents] = await Promise.all([listValuableAssets(su.actor), countBatchablePatents(su.actor)]);
  // A fresh token per rendering of the form: the same form sent twice makes one batch.
  return { assets, patents, requestKey: crypto.randomUUID() };
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise", "university");
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, ValuationBatchSchema, t);
  if (!parsed.ok) return parsed.response;
  try {
    const { id } = await requestValuationBatch(su.actor, parsed.value);
    return redirect(`/valuations/batches/${id}`);
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function NewValuationBatch() {
  const t = useT();
  const locale = useLocale();
  const { assets, patents, requestKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const e = result?.fieldErrors ?? {};
  const values = result?.values;
  const picked = new Set(([] as string[]).concat((values?.assetIds as string | undefined) ?? []));
  const scope = String(values?.scope ?? "all");
  return (
    <div className="container medium stack">
      <PageHeader title={t("valuation.batch.title")} subtitle={t("valuation.batch.intro")} />
      <Card>
        <FormError message={result?.formError} />
        {assets.length === 0 ? (
          <EmptyState>{t("valuation.batch.noAssets")}</EmptyState>
        ) : (
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="requestKey" value={String(values?.requestKey ?? requestKey)} />
            <fieldset className="field" aria-invalid={e.scope ? true : undefined}>
              <legend>{t("valuation.batch.scope")}</legend>
              <label className="check">
                <input type="radio" name="scope" value="all" defaultChecked={scope === "all"} />
                <span>{t("valuation.batch.scopeAll", { n: patents })}</span>
              </label>
              <label className="check">
                <input type="radio" name="scope" value="selected" defaultChecked={scope === "selected"} />
                <span>{t("valuation.batch.scopeSelected")}</span>
              </label>
              {e.scope ? <p className="field-error" role="alert">{e.scope.join(" ")}</p> : null}
            </fieldset>
            <fieldset className="field" aria-invalid={e.assetIds ? true : undefined}>
              <legend>{t("valuation.batch.assets")}</legend>
              <div className="check-list">
                {assets.map((a) => (
                  <label key={a.id} className="check">
                    <input type="checkbox" name="assetIds" value={a.id} defaultChecked={picked.has(a.id)} />
                    <span><span className="mono">{a.number}</span> · {t(`valuation.kind.${a.kind}`)} · {locale === "en" && a.titleEn ? a.titleEn : a.title}</span>
                  </label>
                ))}
              </div>
              {e.assetIds ? <p className="field-error" role="alert">{e.assetIds.join(" ")}</p> : null}
            </fieldset>
            <div className="form-row">
              <SelectField label={t("valuation.purpose.label")} name="purpose" defaultValue={String(values?.purpose ?? "pledge")} error={e.purpose}
                options={PURPOSES.map((p) => ({ value: p, label: t(`valuation.purpose.${p}`) }))} />
              <SelectField label={t("valuation.new.locale")} name="locale" defaultValue={String(values?.locale ?? locale)} error={e.locale}
                options={[{ value: "zh-CN", label: "中文" }, { value: "en", label: "English" }]} />
            </div>
            <Button disabled={busy}>{t("valuation.batch.submit")}</Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
