import { Form } from "@remix-run/react";
import { Button, Field } from "#app/components/ui";
import type { NeededInput } from "#app/domain/valuation/needs-input";
import { useT } from "#app/i18n/react";

const FIELD: Record<NeededInput, { name: string; inputMode: "decimal" | "numeric" }> = {
  annualRevenueFen: { name: "annualRevenue", inputMode: "decimal" },
  rdCostFen: { name: "rdCost", inputMode: "decimal" },
  rdCostYear: { name: "rdCostYear", inputMode: "numeric" },
};

/**
 * A valuation waiting for inputs: says which are missing and asks for exactly those. Submitting
 * queues it again (the attempt shown makes a second submission change nothing).
 */
export function NeedsInputForm({ missing, attempt, canAct, busy, errors }: {
  missing: NeededInput[]; attempt: number; canAct: boolean; busy: boolean; errors: Record<string, string[] | undefined>;
}) {
  const t = useT();
  const list = missing.map((k) => t(`valuation.needsInput.${k}`)).join(t("valuation.listSep"));
  return (
    <section className="card stack" aria-labelledby="needs-input-title" data-testid="valuation-needs-input">
      <h2 id="needs-input-title">{t("valuation.needsInput.title")}</h2>
      <p>{t("valuation.needsInput.intro")}</p>
      <p className="muted">{t("valuation.needsInput.missing", { list })}</p>
      {canAct ? (
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="attempt" value={attempt} />
          {missing.map((k) => (
            <Field key={k} label={t(`valuation.needsInput.${k}`)} name={FIELD[k].name} inputMode={FIELD[k].inputMode} optional error={errors[FIELD[k].name]} />
          ))}
          <Button name="intent" value="answer" disabled={busy}>{t("valuation.needsInput.submit")}</Button>
        </Form>
      ) : null}
    </section>
  );
}
