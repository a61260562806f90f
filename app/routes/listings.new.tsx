import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { LegalStatusBadge } from "#app/components/market";
import { Button, Card, EmptyState, Field, FormError, PageHeader, SelectField, TextareaField } from "#app/components/ui";
import { ListingFormSchema } from "#app/domain/forms/market";
import { LISTING_MODES } from "#app/domain/market/listing";
import { useT } from "#app/i18n/react";
import { listAssetChoices } from "#app/services/assets.server";
import { createListing } from "#app/services/listings.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise", "university");
  const selected = new URL(request.url).searchParams.getAll("assetId");
  return { assets: await listAssetChoices(su.actor, selected) };
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise", "university");
  const { t } = getT(request);
  const form = await request.formData();
  const parsed = parseForm(form, ListingFormSchema, t);
  if (!parsed.ok) return parsed.response;
  try {
    const l = await createListing(su.actor, parsed.value);
    return redirect(`/listings/${l.id}`);
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function NewListing() {
  const t = useT();
  const { assets } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const e = result?.fieldErrors ?? {};
  const v = (k: string) => String(result?.values?.[k] ?? "");
  const [mode, setMode] = useState(v("mode") || "non_exclusive_licence");
  const first = assets.find((a) => a.selected);
  // Without JavaScript every field shows (the server ignores those the mode does not use).
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const show = (relevant: boolean) => !hydrated || relevant;
  return (
    <div className="container medium stack">
      <PageHeader title={t("market.listings.new")} subtitle={t("market.listings.newHint")} />
      <Card>
        <FormError message={result?.formError} />
        {assets.length === 0 ? <EmptyState>{t("market.assets.empty")} <Link to="/assets/new">{t("market.assets.new")}</Link></EmptyState> : (
          <Form method="post" className="form" noValidate>
            <fieldset>
              <legend>{t("market.listing.assets")}</legend>
              <div className="table-wrap" style={{ maxHeight: 320, overflowY: "auto" }}>
                <table>
                  <tbody>
                    {assets.map((a) => (
                      <tr key={a.id}>
                        <td><input type="checkbox" id={`asset-${a.id}`} name="assetIds" value={a.id} defaultChecked={a.selected} /></td>
                        <td><label htmlFor={`asset-${a.id}`}>{a.title}</label><div className="muted small mono">{a.number}</div></td>
                        <td>{t(`market.kind.${a.kind}`)}</td>
                        <td><LegalStatusBadge status={a.effectiveStatus} /></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {e.assetIds ? <p className="field-error" role="alert">{e.assetIds.join(" ")}</p> : null}
            </fieldset>
            <SelectField label={t("market.listing.mode")} name="mode" value={mode} onChange={(ev) => setMode(ev.target.value)} error={e.mode}
              options={LISTING_MODES.map((m) => ({ value: m, label: t(`market.mode.${m}`) }))} hint={t(`market.modeHint.${mode}`)} />
            <Field label={t("market.listing.title")} name="title" required defaultValue={v("title") || first?.title || ""} error={e.title} maxLength={200} />
            <Field label={t("market.listing.titleEn")} name="titleEn" optional defaultValue={v("titleEn")} error={e.titleEn} maxLength={300} />
            <TextareaField label={t("market.listing.description")} name="description" optional defaultValue={v("description")} error={e.description} maxLength={4000} />
            {show(mode === "open_licence") ? (
              <fieldset>
                <legend>{t("market.listing.openTerms")}</legend>
                <p className="hint">{t("market.listing.openTermsHint")}</p>
                <div className="form-row">
                  <Field label={t("market.listing.openFee")} name="openFee" inputMode="decimal" optional defaultValue={v("openFee")} error={e.openFee} />
                  <Field label={t("market.listing.royaltyPercent")} name="royaltyPercent" inputMode="decimal" optional defaultValue={v("royaltyPercent")} error={e.royaltyPercent} />
                </div>
                <label className="row"><input type="checkbox" name="evaluationReport" defaultChecked={v("evaluationReport") === "on"} /> {t("market.listing.evaluationReport")}</label>
              </fieldset>
            ) : null}
            {show(mode !== "open_licence") ? (
              <div className="form-row">
                <SelectField label={t("market.listing.priceMode")} name="priceMode" defaultValue={v("priceMode") || "fixed"} error={e.priceMode}
                  options={[{ value: "fixed", label: t("market.listing.priceFixed") }, { value: "negotiable", label: t("market.negotiable") }]} />
                <Field label={t("market.listing.askingPriceYuan")} name="askingPrice" inputMode="decimal" optional defaultValue={v("askingPrice")} error={e.askingPrice} />
              </div>
            ) : null}
            {show(mode !== "transfer") ? (
              <div className="form-row">
                <Field label={t("market.listing.termMonths")} name="termMonths" type="number" min={1} max={600} defaultValue={v("termMonths")} error={e.termMonths} />
                <Field label={t("market.listing.territory")} name="territory" optional={mode !== "open_licence"} defaultValue={v("territory") || t("market.listing.territoryDefault")} error={e.territory} maxLength={200} />
              </div>
            ) : null}
            <div className="row">
              <Button name="intent" value="submit" disabled={busy}>{t("market.listing.submitForReview")}</Button>
              <Button name="intent" value="draft" variant="secondary" disabled={busy}>{t("market.listing.saveDraft")}</Button>
            </div>
          </Form>
        )}
      </Card>
    </div>
  );
}
