import { Form, Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import { LegalStatusBadge } from "#app/components/market";
import { Button, EmptyState, Field, FormError, SelectField, TextareaField } from "#app/components/ui";
import type { AssetKind, LegalStatus } from "#app/domain/market/assets";
import { LISTING_MODES, type ListingMode } from "#app/domain/market/listing";
import { bpToPercent, fenToYuanInput } from "#app/domain/money";
import { useT } from "#app/i18n/react";
import type { Technology } from "#app/domain/market/technology";
import { TechnologyFields, technologyValues } from "./technology";

type AssetChoice = { id: string; title: string; number: string; kind: AssetKind; effectiveStatus: LegalStatus; selected: boolean };

/** A listing as stored, for the edit form's first values. */
export type ListingValues = {
  mode: string; title: string; titleEn: string | null; description: string | null; askingPriceFen: bigint | string | null;
  openFeeFen: bigint | string | null; royaltyBp: number | null; termMonths: number | null; territory: string | null; evaluationReport: boolean;
  technology?: Technology | null;
};

/** The form's text values of a stored listing (money in 元, rates in %), as the user would have typed them. */
function formValues(l: ListingValues | null | undefined): Record<string, string> {
  if (!l) return {};
  return {
    mode: l.mode, title: l.title, titleEn: l.titleEn ?? "", description: l.description ?? "",
    priceMode: l.mode !== "open_licence" && l.askingPriceFen === null ? "negotiable" : "fixed",
    askingPrice: fenToYuanInput(l.askingPriceFen), openFee: fenToYuanInput(l.openFeeFen), royaltyPercent: bpToPercent(l.royaltyBp),
    termMonths: l.termMonths?.toString() ?? "", territory: l.territory ?? "", evaluationReport: l.evaluationReport ? "on" : "",
    ...technologyValues(l.technology),
  };
}

/**
 * The listing form, for a new listing and for editing a draft: the assets (one, or several as a
 * bundle), the deal type and its terms.
 */
export function ListingForm({ assets, listing, result, busy }: {
  assets: AssetChoice[];
  listing?: ListingValues | null;
  result?: { formError?: string; fieldErrors?: Record<string, string[]>; values?: Record<string, unknown> } | null;
  busy: boolean;
}) {
  const t = useT();
  const e = result?.fieldErrors ?? {};
  const stored = formValues(listing);
  // After a refused post, what was posted (an unticked box posts nothing); before, the stored listing.
  const v = (k: string) => (result?.values ? String(result.values[k] ?? "") : (stored[k] ?? ""));
  const modeOf = (s: string): ListingMode => LISTING_MODES.find((m) => m === s) ?? "non_exclusive_licence";
  const [mode, setMode] = useState<ListingMode>(modeOf(v("mode")));
  const first = assets.find((a) => a.selected);
  // Without JavaScript every field shows (the server ignores those the mode does not use).
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const show = (relevant: boolean) => !hydrated || relevant;
  if (assets.length === 0) {
    // No form to show the refusal beside (a post without any asset to list): it shows above the empty state.
    return (
      <>
        <FormError message={result?.formError} unplaced={result?.fieldErrors} />
        <EmptyState>{t("market.assets.empty")} <Link to="/assets/new">{t("market.assets.new")}</Link></EmptyState>
      </>
    );
  }
  return (
    <Form method="post" className="form" noValidate>
      <FormError message={result?.formError} />
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
      <SelectField label={t("market.listing.mode")} name="mode" value={mode} onChange={(ev) => setMode(modeOf(ev.target.value))} error={e.mode}
        options={LISTING_MODES.map((m) => ({ value: m, label: t(`market.mode.${m}`) }))} hint={t(`market.modeHint.${mode}`)} />
      <Field label={t("market.listing.title")} name="title" required defaultValue={v("title") || first?.title || ""} error={e.title} maxLength={200} />
      <Field label={t("market.listing.titleEn")} name="titleEn" optional defaultValue={v("titleEn")} error={e.titleEn} maxLength={300} />
      <TextareaField label={t("market.listing.description")} name="description" optional defaultValue={v("description")} error={e.description} maxLength={4000} />
      <TechnologyFields v={v} errors={e} />
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
  );
}
