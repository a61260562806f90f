import { Form, Link } from "@remix-run/react";
import { Button, Field, SelectField } from "#app/components/ui";
import { bpToPercent, fenToYuanInput } from "#app/domain/money";
import { SUBSIDY_BASES, SUBSIDY_CONDITIONS, SUBSIDY_DOCUMENTS, SUBSIDY_KINDS, type SubsidyRules } from "#app/domain/public-money/subsidy";
import type { SampleProgramme } from "#app/domain/public-money/samples";
import { useLocale, useT } from "#app/i18n/react";

/** The admin's form for a subsidy programme, optionally prefilled from one of the sample schemes. */
export function ProgrammeForm({ sample, samples, parks, errors, values, busy, year }: {
  sample: SampleProgramme | null; samples: SampleProgramme[]; parks: Array<{ id: string; nameZh: string; nameEn: string }>;
  errors: Record<string, string[]>; values: Record<string, unknown>; busy: boolean; year: number;
}) {
  const t = useT();
  const locale = useLocale();
  const r: Partial<SubsidyRules> = sample?.rules ?? {};
  const v = (k: string, d: string) => (values[k] !== undefined ? String(values[k]) : d);
  const checked = (k: string, x: string, d: boolean) => (values[k] !== undefined ? ([] as unknown[]).concat(values[k]).includes(x) : d);
  return (
    <div className="stack">
      <p className="small">
        {t("subsidy.admin.fromSample")}{" "}
        {samples.map((s) => <Link key={s.code} to={`?sample=${s.code}`} className="btn btn-ghost">{locale === "en" ? s.nameEn : s.nameZh}</Link>)}
      </p>
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="intent" value="create" />
        <div className="form-row">
          <Field label={t("subsidy.admin.code")} name="code" defaultValue={v("code", sample ? `${sample.code}-${year}` : "")} error={errors.code} />
          <Field label={t("subsidy.admin.issuer")} name="issuer" defaultValue={v("issuer", sample?.region ?? "")} error={errors.issuer} />
          <Field label={t("subsidy.admin.district")} name="district" optional defaultValue={v("district", "")} error={errors.district} />
        </div>
        <div className="form-row">
          <Field label={t("subsidy.admin.nameZh")} name="nameZh" defaultValue={v("nameZh", sample ? `${year} 年度${sample.nameZh}` : "")} error={errors.nameZh} />
          <Field label={t("subsidy.admin.nameEn")} name="nameEn" defaultValue={v("nameEn", sample ? `${sample.nameEn}, ${year}` : "")} error={errors.nameEn} />
        </div>
        <div className="form-row">
          <SelectField label={t("subsidy.kind")} name="kind" defaultValue={v("kind", r.kind ?? "interest")} error={errors.kind} options={SUBSIDY_KINDS.map((k) => ({ value: k, label: t(`subsidy.kind.${k}`) }))} />
          <SelectField label={t("subsidy.admin.basis")} name="basis" defaultValue={v("basis", r.basis ?? "interest_paid")} error={errors.basis} options={SUBSIDY_BASES.map((k) => ({ value: k, label: t(`subsidy.basis.${k}`) }))} />
          <Field label={t("subsidy.admin.share")} name="share" inputMode="decimal" defaultValue={v("share", bpToPercent(r.shareBp))} error={errors.share} />
          <Field label={t("subsidy.admin.boostedShare")} name="boostedShare" optional inputMode="decimal" defaultValue={v("boostedShare", bpToPercent(r.boostedShareBp))} error={errors.boostedShare} />
        </div>
        <div className="form-row">
          <Field label={t("subsidy.admin.ceilingMarkup")} name="ceilingMarkup" optional inputMode="decimal" defaultValue={v("ceilingMarkup", bpToPercent(r.ceilingLprMarkupBp))} error={errors.ceilingMarkup} hint={t("subsidy.admin.ceilingHint")} />
          <Field label={t("subsidy.admin.cap")} name="cap" inputMode="decimal" defaultValue={v("cap", r.capPerEnterpriseFen ? fenToYuanInput(r.capPerEnterpriseFen) : "")} error={errors.cap} />
          <Field label={t("subsidy.admin.maxMonths")} name="maxMonths" type="number" optional defaultValue={v("maxMonths", r.maxMonths ? String(r.maxMonths) : "")} error={errors.maxMonths} />
        </div>
        <fieldset className="field">
          <legend>{t("subsidy.admin.conditions")}</legend>
          {SUBSIDY_CONDITIONS.map((c) => (
            <label key={c} className="row"><input type="checkbox" name="conditions" value={c} defaultChecked={checked("conditions", c, (r.conditions ?? []).includes(c))} /> {t(`subsidy.condition.${c}`)}</label>
          ))}
        </fieldset>
        <fieldset className="field">
          <legend>{t("subsidy.admin.parks")}</legend>
          {parks.map((p) => <label key={p.id} className="row"><input type="checkbox" name="parkIds" value={p.id} defaultChecked={checked("parkIds", p.id, false)} /> {locale === "en" ? p.nameEn : p.nameZh}</label>)}
        </fieldset>
        <Field label={t("subsidy.admin.whitelist")} name="whitelist" optional defaultValue={v("whitelist", "")} error={errors.whitelist} hint={t("subsidy.admin.whitelistHint")} />
        <fieldset className="field">
          <legend>{t("subsidy.admin.documents")}</legend>
          {SUBSIDY_DOCUMENTS.map((d) => (
            <label key={d} className="row"><input type="checkbox" name="documents" value={d} defaultChecked={checked("documents", d, (sample?.documents ?? []).includes(d))} /> {t(`subsidy.document.${d}`)}</label>
          ))}
        </fieldset>
        <div className="form-row">
          <Field label={t("subsidy.admin.periodStart")} name="periodStart" type="date" defaultValue={v("periodStart", `${year - 1}-01-01`)} error={errors.periodStart} />
          <Field label={t("subsidy.admin.periodEnd")} name="periodEnd" type="date" defaultValue={v("periodEnd", `${year - 1}-12-31`)} error={errors.periodEnd} />
          <Field label={t("subsidy.admin.opensOn")} name="opensOn" type="date" defaultValue={v("opensOn", `${year}-01-01`)} error={errors.opensOn} />
          <Field label={t("subsidy.admin.closesOn")} name="closesOn" type="date" defaultValue={v("closesOn", `${year}-12-31`)} error={errors.closesOn} />
        </div>
        <Field label={t("subsidy.admin.budget")} name="budget" inputMode="decimal" defaultValue={v("budget", "")} error={errors.budget} />
        <Button disabled={busy}>{t("subsidy.admin.create")}</Button>
      </Form>
    </div>
  );
}
