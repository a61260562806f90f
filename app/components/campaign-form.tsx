import { Form } from "@remix-run/react";
import { Button, Field, FormError, TextareaField } from "#app/components/ui";
import { useLocale, useT } from "#app/i18n/react";

type Option = { id: string; label: string };
type Values = Record<string, unknown>;

/** Checkboxes that post several values under one name (a plain form, no script needed). */
export function CheckboxGroup({ legend, name, options, checked, error }: { legend: string; name: string; options: Option[]; checked: string[]; error?: string[] }) {
  return (
    <fieldset aria-invalid={error?.length ? true : undefined} aria-describedby={error?.length ? `${name}-error` : undefined}>
      <legend>{legend}</legend>
      <div className="checks">
        {options.map((o) => (
          <label key={o.id} className="check">
            <input type="checkbox" name={name} value={o.id} defaultChecked={checked.includes(o.id)} /> {o.label}
          </label>
        ))}
      </div>
      {error?.length ? <p className="field-error" id={`${name}-error`} role="alert">{error.join(" ")}</p> : null}
    </fieldset>
  );
}

/** Create and edit a campaign (the banks are chosen at creation; later on the campaign page). */
export function CampaignForm({ parks, banks, values, errors, formError, busy, submitLabel }: {
  parks: Array<{ id: string; nameZh: string; nameEn: string }>;
  banks?: Array<{ id: string; name: string }>;
  values: Values & { parkIds?: string[]; bankOrgIds?: string[] };
  errors: Record<string, string[]>;
  formError?: string | null;
  busy: boolean;
  submitLabel: string;
}) {
  const t = useT();
  const locale = useLocale();
  const v = (k: string) => (values[k] === undefined || values[k] === null ? "" : String(values[k]));
  return (
    <Form method="post" className="form" noValidate>
      <FormError message={formError} />
      <Field label={t("campaign.field.name")} name="name" required defaultValue={v("name")} error={errors.name} maxLength={120} />
      <TextareaField label={t("campaign.field.description")} name="description" optional defaultValue={v("description")} error={errors.description} />
      <div className="form-row">
        <Field label={t("campaign.field.startsOn")} name="startsOn" type="date" required defaultValue={v("startsOn")} error={errors.startsOn} />
        <Field label={t("campaign.field.endsOn")} name="endsOn" type="date" required defaultValue={v("endsOn")} error={errors.endsOn} />
      </div>
      <div className="form-row">
        <Field label={t("campaign.field.targetAmountWan")} name="targetAmount" inputMode="decimal" required defaultValue={v("targetAmount")} error={errors.targetAmount} hint={t("campaign.field.wanHint")} />
        <Field label={t("campaign.field.targetEnterprises")} name="targetEnterprises" inputMode="numeric" required defaultValue={v("targetEnterprises")} error={errors.targetEnterprises} />
      </div>
      <CheckboxGroup legend={t("campaign.field.parks")} name="parkIds" error={errors.parkIds}
        options={parks.map((p) => ({ id: p.id, label: locale === "en" ? p.nameEn : p.nameZh }))} checked={values.parkIds ?? []} />
      {banks ? (
        <CheckboxGroup legend={t("campaign.field.banks")} name="bankOrgIds" error={errors.bankOrgIds}
          options={banks.map((b) => ({ id: b.id, label: b.name }))} checked={values.bankOrgIds ?? []} />
      ) : null}
      <div><Button disabled={busy}>{submitLabel}</Button></div>
    </Form>
  );
}
