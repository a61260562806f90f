import { hasTechnology, TECH_INCLUDES, TECH_SECTIONS, techSectionsFor, TRL_LEVELS, type Technology } from "#app/domain/market/technology";
import { useLocale, useT } from "#app/i18n/react";
import { Card, DefinitionList, SelectField, TextareaField } from "./ui";

const fieldName = (s: string) => `tech${s[0]!.toUpperCase()}${s.slice(1)}`;

/** The form values of a stored description, as the seller typed them. */
export function technologyValues(t: Technology | null | undefined): Record<string, string> {
  if (!t) return {};
  const out: Record<string, string> = { trl: t.trl?.toString() ?? "", includes: t.includes.join(",") };
  for (const s of TECH_SECTIONS) {
    out[fieldName(s)] = t.zh[s] ?? "";
    out[`${fieldName(s)}En`] = t.en[s] ?? "";
  }
  return out;
}

/** The listing form's plain-language technology description, beside the claims. */
export function TechnologyFields({ v, errors }: { v: (name: string) => string; errors: Record<string, string[]> }) {
  const t = useT();
  const included = new Set(v("includes").split(",").filter(Boolean));
  return (
    <fieldset>
      <legend>{t("market.tech.title")}</legend>
      <p className="hint">{t("market.tech.hint")}</p>
      {TECH_SECTIONS.map((s) => (
        <div className="form-row" key={s}>
          <TextareaField label={t(`market.tech.${s}`)} name={fieldName(s)} optional rows={2} maxLength={2000} defaultValue={v(fieldName(s))} error={errors[fieldName(s)]} />
          <TextareaField label={t(`market.tech.${s}En`)} name={`${fieldName(s)}En`} optional rows={2} maxLength={3000} defaultValue={v(`${fieldName(s)}En`)} error={errors[`${fieldName(s)}En`]} />
        </div>
      ))}
      <SelectField label={t("market.tech.trl")} name="trl" optional defaultValue={v("trl")} error={errors.trl} hint={t("market.tech.trlHint")}
        options={[{ value: "", label: t("market.filter.any") }, ...TRL_LEVELS.map((n) => ({ value: String(n), label: t("market.tech.trlLevel", { n }) }))]} />
      <fieldset>
        <legend>{t("market.tech.includes")}</legend>
        {TECH_INCLUDES.map((k) => (
          <label className="row" key={k}><input type="checkbox" name="includes" value={k} defaultChecked={included.has(k)} /> {t(`market.tech.include.${k}`)}</label>
        ))}
        {errors.includes ? <p className="field-error" role="alert">{errors.includes.join(" ")}</p> : null}
      </fieldset>
    </fieldset>
  );
}

/** The listing page's technology card, in the reader's language where the seller gave it. */
export function TechnologyCard({ technology }: { technology: Technology | null | undefined }) {
  const t = useT();
  const locale = useLocale();
  if (!hasTechnology(technology)) return null;
  const items: Array<[string, React.ReactNode]> = techSectionsFor(technology, locale).map(({ section, text }) => [t(`market.tech.${section}`), <span className="pre-wrap">{text}</span>]);
  if (technology.trl) items.push([t("market.tech.trl"), t("market.tech.trlLevel", { n: technology.trl })]);
  if (technology.includes.length) items.push([t("market.tech.includes"), technology.includes.map((k) => t(`market.tech.include.${k}`)).join(locale === "en" ? ", " : "、")]);
  return <Card title={t("market.tech.title")}><div data-testid="listing-technology"><DefinitionList items={items} /></div></Card>;
}
