import { Form } from "@remix-run/react";
import { Button, Field, FormError, TextareaField } from "#app/components/ui";
import { INDUSTRIES } from "#app/domain/industries";
import { REPAYMENT_METHODS } from "#app/domain/financing/schedule";
import { fenToYuanInput } from "#app/domain/money";
import { useLocale, useT } from "#app/i18n/react";

type Product = {
  name: string; description: string | null; minAmountFen: bigint | string; maxAmountFen: bigint | string; minTermMonths: number; maxTermMonths: number;
  spreadBp: number; maxLtvBp: Record<string, number | undefined>; eligibleIndustries: string[]; eligibleParkIds: string[];
  acceptsPlatformValuation: boolean; insuranceRequired: boolean; riskSchemes: string[]; repaymentMethods: string[]; receivableLtvBp?: number | null;
};

/** The bank product form (new and edit), shared by both routes. */
export function ProductForm({ product, parks, schemes, result, busy, submitLabel }: {
  product?: Product | null;
  parks: Array<{ id: string; nameZh: string; nameEn: string }>;
  schemes: Array<{ code: string; nameZh: string; nameEn: string }>;
  result?: { formError?: string; fieldErrors?: Record<string, string[]>; values?: Record<string, unknown> } | null;
  busy: boolean;
  submitLabel: string;
}) {
  const t = useT();
  const locale = useLocale();
  const e = result?.fieldErrors ?? {};
  const back = (k: string, fallback: string) => (result?.values && k in result.values ? String(result.values[k]) : fallback);
  const p = product;
  const ltv = (k: string) => back(`ltv${k}`, p?.maxLtvBp[k === "Invention" ? "invention" : k === "UtilityModel" ? "utility_model" : k === "Design" ? "design" : "trademark"]?.toString() ?? "");
  const checked = (list: string[] | undefined, v: string) => !!list?.includes(v);
  return (
    <Form method="post" className="form" noValidate>
      <FormError message={result?.formError} />
      <Field label={t("financing.product.name")} name="name" required defaultValue={back("name", p?.name ?? "")} error={e.name} />
      <TextareaField label={t("financing.product.description")} name="description" optional rows={2} defaultValue={back("description", p?.description ?? "")} error={e.description} />
      <div className="form-row">
        <Field label={t("financing.product.minAmount")} name="minAmount" inputMode="decimal" required defaultValue={back("minAmount", p ? fenToYuanInput(p.minAmountFen) : "")} error={e.minAmount} />
        <Field label={t("financing.product.maxAmount")} name="maxAmount" inputMode="decimal" required defaultValue={back("maxAmount", p ? fenToYuanInput(p.maxAmountFen) : "")} error={e.maxAmount} />
      </div>
      <div className="form-row">
        <Field label={t("financing.product.minTerm")} name="minTermMonths" type="number" required defaultValue={back("minTermMonths", String(p?.minTermMonths ?? 6))} error={e.minTermMonths} />
        <Field label={t("financing.product.maxTerm")} name="maxTermMonths" type="number" required defaultValue={back("maxTermMonths", String(p?.maxTermMonths ?? 36))} error={e.maxTermMonths} />
        <Field label={t("financing.product.spread")} name="spreadBp" type="number" required defaultValue={back("spreadBp", String(p?.spreadBp ?? 80))} error={e.spreadBp} hint={t("financing.product.spreadHint")} />
      </div>
      <fieldset className="field">
        <legend>{t("financing.product.ltv")}</legend>
        <p className="hint">{t("financing.product.ltvHint")}</p>
        <div className="form-row">
          <Field label={t("financing.kind.invention")} name="ltvInvention" type="number" optional defaultValue={ltv("Invention")} error={e.ltvInvention} />
          <Field label={t("financing.kind.utility_model")} name="ltvUtilityModel" type="number" optional defaultValue={ltv("UtilityModel")} error={e.ltvUtilityModel} />
          <Field label={t("financing.kind.design")} name="ltvDesign" type="number" optional defaultValue={ltv("Design")} error={e.ltvDesign} />
          <Field label={t("financing.kind.trademark")} name="ltvTrademark" type="number" optional defaultValue={ltv("Trademark")} error={e.ltvTrademark} />
          <Field label={t("royalty.productLtv")} name="receivableLtvBp" type="number" optional defaultValue={back("receivableLtvBp", p?.receivableLtvBp?.toString() ?? "")} error={e.receivableLtvBp} hint={t("royalty.productLtvHint")} />
        </div>
      </fieldset>
      <fieldset className="field">
        <legend>{t("financing.product.industries")} <span className="muted">({t("financing.product.emptyMeansAll")})</span></legend>
        <div className="row">
          {INDUSTRIES.map((i) => (
            <label key={i}><input type="checkbox" name="eligibleIndustries" value={i} defaultChecked={checked(p?.eligibleIndustries, i)} /> {t(`industry.${i}`)}</label>
          ))}
        </div>
      </fieldset>
      <fieldset className="field">
        <legend>{t("financing.product.parks")} <span className="muted">({t("financing.product.emptyMeansAll")})</span></legend>
        <div className="row">
          {parks.map((pk) => (
            <label key={pk.id}><input type="checkbox" name="eligibleParkIds" value={pk.id} defaultChecked={checked(p?.eligibleParkIds, pk.id)} /> {locale === "en" ? pk.nameEn : pk.nameZh}</label>
          ))}
        </div>
      </fieldset>
      <fieldset className="field">
        <legend>{t("financing.product.methods")}</legend>
        <div className="row">
          {REPAYMENT_METHODS.map((m) => (
            <label key={m}><input type="checkbox" name="repaymentMethods" value={m} defaultChecked={p ? checked(p.repaymentMethods, m) : true} /> {t(`financing.method.${m}`)}</label>
          ))}
        </div>
        {e.repaymentMethods ? <p className="field-error" role="alert">{e.repaymentMethods.join(" ")}</p> : null}
      </fieldset>
      <fieldset className="field">
        <legend>{t("financing.product.schemes")}</legend>
        <div className="row">
          {schemes.map((s) => (
            <label key={s.code}><input type="checkbox" name="riskSchemes" value={s.code} defaultChecked={checked(p?.riskSchemes, s.code)} /> {locale === "en" ? s.nameEn : s.nameZh}</label>
          ))}
        </div>
      </fieldset>
      <label><input type="checkbox" name="acceptsPlatformValuation" defaultChecked={p ? p.acceptsPlatformValuation : true} /> {t("financing.product.acceptsPlatformValuation")}</label>
      <label><input type="checkbox" name="insuranceRequired" defaultChecked={p?.insuranceRequired ?? false} /> {t("financing.product.insuranceRequired")}</label>
      <Button disabled={busy}>{submitLabel}</Button>
    </Form>
  );
}
