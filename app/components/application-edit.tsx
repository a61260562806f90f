import { Form, Link } from "@remix-run/react";
import { Button, Card, Field, Notice, TextareaField } from "#app/components/ui";
import { formatFen, formatYuan, useLocale, useT } from "#app/i18n/react";

type Money = bigint | string | number;
type Preview =
  | { state: "none" }
  | { state: "valuating" | "needs_input" | "failed" | "expired"; valuationId: string }
  | { state: "ready"; valuationId: string; lowFen: Money; highFen: Money; capFen: Money | null; products: number };

/** The loan cap before submitting, from the valuation and the banks' pledge rates; or what the valuation still needs. */
export function LoanCapCard({ preview }: { preview: Preview }) {
  const t = useT();
  const locale = useLocale();
  if (preview.state === "none") return null;
  const link = <Link to={`/valuations/${preview.valuationId}`}>{t("financing.cap.open")}</Link>;
  return (
    <Card title={t("financing.cap.title")}>
      <div data-testid="loan-cap" data-state={preview.state}>
        {preview.state === "ready" ? (
          <>
            {preview.capFen !== null ? <p className="figure"><strong>{t("financing.cap.value", { cap: formatFen(BigInt(preview.capFen), locale) })}</strong></p> : null}
            <p className="muted">
              {t(preview.capFen !== null ? "financing.cap.basis" : "financing.cap.noProduct", {
                low: formatYuan(BigInt(preview.lowFen), locale), high: formatYuan(BigInt(preview.highFen), locale), n: preview.products,
              })} {link}
            </p>
          </>
        ) : preview.state === "needs_input" ? (
          <Notice tone="warn">
            <strong>{t("financing.cap.needsInput")}</strong>{" "}
            <Link to={`/valuations/${preview.valuationId}`}>{t("financing.cap.giveInputs")}</Link>
          </Notice>
        ) : (
          <p className="muted">{t(`financing.cap.${preview.state}`)} {link}</p>
        )}
      </div>
    </Card>
  );
}

type AssetOption = { id: string; number: string; title: string; titleEn: string | null; pledged: boolean };

/** Amount, term, assets and purpose, editable until the first bank starts its review. */
export function EditApplicationForm({ app, assets, chosen, errors, busy }: {
  app: { amountFen: Money; termMonths: number; purpose: string };
  assets: AssetOption[]; chosen: string[]; errors: Record<string, string[] | undefined>; busy: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const yuan = (BigInt(app.amountFen) / 100n).toString() + (BigInt(app.amountFen) % 100n ? `.${(BigInt(app.amountFen) % 100n).toString().padStart(2, "0")}` : "");
  return (
    <Card title={t("financing.edit.title")}>
      <p className="hint">{t("financing.edit.hint")}</p>
      <Form method="post" className="form" noValidate>
        <fieldset className="field" aria-describedby={errors.assetIds ? "edit-assets-error" : undefined}>
          <legend>{t("financing.apply.assets")}</legend>
          {assets.map((a) => (
            <label key={a.id} className="row">
              <input type="checkbox" name="assetIds" value={a.id} defaultChecked={chosen.includes(a.id)} disabled={a.pledged && !chosen.includes(a.id)} />
              <span><span className="mono">{a.number}</span> · {locale === "en" && a.titleEn ? a.titleEn : a.title}</span>
            </label>
          ))}
          {errors.assetIds ? <p className="field-error" id="edit-assets-error" role="alert">{errors.assetIds.join(" ")}</p> : null}
        </fieldset>
        <div className="form-row">
          <Field id="edit-amount" label={t("financing.field.amountYuan")} name="amount" inputMode="decimal" required defaultValue={yuan} error={errors.amount} />
          <Field id="edit-term" label={t("financing.field.termMonths")} name="termMonths" type="number" min={1} max={360} required defaultValue={String(app.termMonths)} error={errors.termMonths} />
        </div>
        <TextareaField id="edit-purpose" label={t("financing.field.purpose")} name="purpose" required rows={2} defaultValue={app.purpose} error={errors.purpose} />
        <Button name="intent" value="edit" variant="secondary" disabled={busy}>{t("financing.edit.save")}</Button>
      </Form>
    </Card>
  );
}
