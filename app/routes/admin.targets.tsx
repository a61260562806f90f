import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AdminNav } from "#app/components/admin-nav";
import { Button, ButtonLink, Card, Field, FormError, Notice, PageHeader, SelectField, Table } from "#app/components/ui";
import { PolicyTargetSchema, PopulationSchema, targetFigureInput } from "#app/domain/forms/campaigns";
import { TARGET_METRICS, TARGET_PERIODS, TARGET_SCOPES, TARGET_UNIT, type TargetMetric } from "#app/domain/targets";
import { useT } from "#app/i18n/react";
import { listPolicyTargets, listPopulations, savePolicyTarget, savePopulation } from "#app/services/policy-targets.server";
import { requireAdmin } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireAdmin(request);
  const [targets, people] = await Promise.all([listPolicyTargets(su.actor), listPopulations(su.actor)]);
  return {
    targets: targets.map((x) => {
      const unit = TARGET_UNIT[x.metric];
      return { ...x, unit, targetInput: targetFigureInput(unit, x.targetAmount ?? x.targetValue), baselineInput: targetFigureInput(unit, x.baselineValue) };
    }),
    populations: people,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireAdmin(request);
  const { t } = getT(request);
  const form = await readForm(request);
  try {
    if (form.get("intent") === "population") {
      const parsed = parseForm(form, PopulationSchema, t);
      if (!parsed.ok) return parsed.response;
      await savePopulation(su.actor, parsed.value);
      return { done: t("progress.population.saved", { scopeKey: parsed.value.scopeKey, year: parsed.value.year }), fieldErrors: {} as Record<string, string[]> };
    }
    const parsed = parseForm(form, PolicyTargetSchema, t);
    if (!parsed.ok) return parsed.response;
    await savePolicyTarget(su.actor, parsed.value);
    return { done: t("progress.targets.saved", { code: parsed.value.code }), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

type Values = Record<string, string | number | null | undefined>;

function TargetForm({ v, errors, busy, idPrefix }: { v: Values; errors: Record<string, string[]>; busy: boolean; idPrefix: string }) {
  const t = useT();
  const s = (k: string) => (v[k] === null || v[k] === undefined ? "" : String(v[k]));
  const metric = (s("metric") || "pledge_registered") as TargetMetric;
  // A saved target's unit is known; a new one names every unit in the hint.
  const unitHint = v.id ? t(`progress.unit.${TARGET_UNIT[metric]}`) : t("progress.targets.unitHint");
  return (
    <Form method="post" className="form" noValidate>
      {v.id ? <input type="hidden" name="id" value={s("id")} /> : null}
      <div className="form-row">
        <Field id={`${idPrefix}-code`} label={t("progress.targets.code")} name="code" required defaultValue={s("code")} error={errors.code} />
        <SelectField id={`${idPrefix}-metric`} label={t("progress.targets.metric")} name="metric" defaultValue={metric} error={errors.metric}
          options={TARGET_METRICS.map((m) => ({ value: m, label: t(`progress.metric.${m}`) }))} />
        <SelectField id={`${idPrefix}-scope`} label={t("progress.targets.scope")} name="scope" defaultValue={s("scope") || "district"} error={errors.scope}
          options={TARGET_SCOPES.map((x) => ({ value: x, label: t(`progress.scope.${x}`) }))} />
        <Field id={`${idPrefix}-scopeKey`} label={t("progress.targets.scopeKey")} name="scopeKey" required defaultValue={s("scopeKey")} error={errors.scopeKey} hint={t("progress.targets.scopeKeyHint")} />
      </div>
      <div className="form-row">
        <Field id={`${idPrefix}-labelZh`} label={t("progress.targets.labelZh")} name="labelZh" required defaultValue={s("labelZh")} error={errors.labelZh} />
        <Field id={`${idPrefix}-labelEn`} label={t("progress.targets.labelEn")} name="labelEn" required defaultValue={s("labelEn")} error={errors.labelEn} />
      </div>
      <div className="form-row">
        <SelectField id={`${idPrefix}-period`} label={t("progress.targets.period")} name="period" defaultValue={s("period") || "cumulative"} error={errors.period}
          options={TARGET_PERIODS.map((x) => ({ value: x, label: t(`progress.period.${x}`) }))} />
        <Field id={`${idPrefix}-fromYear`} label={t("progress.targets.fromYear")} name="fromYear" inputMode="numeric" required defaultValue={s("fromYear")} error={errors.fromYear} />
        <Field id={`${idPrefix}-toYear`} label={t("progress.targets.toYear")} name="toYear" inputMode="numeric" required defaultValue={s("toYear")} error={errors.toYear} />
        <Field id={`${idPrefix}-target`} label={t("progress.targets.target")} name="target" inputMode="decimal" required defaultValue={s("target")} error={errors.target} hint={unitHint} />
      </div>
      <div className="form-row">
        <Field id={`${idPrefix}-baselineYear`} label={t("progress.targets.baselineYear")} name="baselineYear" inputMode="numeric" optional defaultValue={s("baselineYear")} error={errors.baselineYear} />
        <Field id={`${idPrefix}-baseline`} label={t("progress.targets.baseline")} name="baseline" inputMode="decimal" optional defaultValue={s("baseline")} error={errors.baseline} hint={unitHint} />
      </div>
      <Field id={`${idPrefix}-source`} label={t("progress.targets.source")} name="source" optional defaultValue={s("source")} error={errors.source} />
      <div><Button variant="secondary" disabled={busy}>{t("action.save")}</Button></div>
    </Form>
  );
}

function PopulationForm({ v, errors, busy }: { v: Values; errors: Record<string, string[]>; busy: boolean }) {
  const t = useT();
  const s = (k: string) => (v[k] === null || v[k] === undefined ? "" : String(v[k]));
  return (
    <Form method="post" className="form" noValidate>
      <input type="hidden" name="intent" value="population" />
      <div className="form-row">
        <SelectField id="pop-scope" label={t("progress.targets.scope")} name="scope" defaultValue={s("scope") || "city"} error={errors.scope}
          options={TARGET_SCOPES.map((x) => ({ value: x, label: t(`progress.scope.${x}`) }))} />
        <Field id="pop-scopeKey" label={t("progress.targets.scopeKey")} name="scopeKey" required defaultValue={s("scopeKey")} error={errors.scopeKey} hint={t("progress.targets.scopeKeyHint")} />
        <Field id="pop-year" label={t("progress.population.year")} name="year" inputMode="numeric" required defaultValue={s("year")} error={errors.year} />
        <Field id="pop-people" label={t("progress.population.people")} name="people" inputMode="numeric" required defaultValue={s("people")} error={errors.people} />
      </div>
      <Field id="pop-source" label={t("progress.targets.source")} name="source" optional defaultValue={s("source")} error={errors.source} />
      <div><Button variant="secondary" disabled={busy}>{t("progress.population.save")}</Button></div>
    </Form>
  );
}

export default function PolicyTargets() {
  const t = useT();
  const { targets, populations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const failed = result && "values" in result ? (result.values as Values) : null;
  const errors = (result && "fieldErrors" in result ? result.fieldErrors : {}) as Record<string, string[]>;
  const failedPopulation = failed?.intent === "population" ? failed : null;
  const failedTarget = failed && !failedPopulation ? failed : null;
  return (
    <div className="container stack">
      <PageHeader title={t("progress.targets.title")} subtitle={t("progress.targets.intro")} actions={<ButtonLink variant="secondary" to="/admin/progress">{t("console.nav.progress")}</ButtonLink>} />
      <AdminNav />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      {result && "formError" in result ? <FormError message={result.formError} /> : null}
      {targets.map((x) => {
        const mine = failedTarget && failedTarget.id === x.id;
        const v: Values = mine ? failedTarget! : {
          id: x.id, code: x.code, metric: x.metric, scope: x.scope, scopeKey: x.scopeKey, labelZh: x.labelZh, labelEn: x.labelEn, period: x.period,
          fromYear: x.fromYear, toYear: x.toYear, target: x.targetInput, baselineYear: x.baselineYear, baseline: x.baselineInput, source: x.source,
        };
        return (
          <Card key={x.id} title={x.labelZh}>
            <TargetForm v={v} errors={mine ? errors : {}} busy={busy} idPrefix={x.code} />
          </Card>
        );
      })}
      <Card title={t("progress.targets.add")}>
        <TargetForm v={failedTarget && !failedTarget.id ? failedTarget : {}} errors={failedTarget && !failedTarget.id ? errors : {}} busy={busy} idPrefix="new" />
      </Card>
      <Card title={t("progress.population.title")}>
        <p className="muted small">{t("progress.population.intro")}</p>
        {populations.length ? (
          <Table caption={t("progress.population.title")} head={[t("progress.targets.scope"), t("progress.targets.scopeKey"), t("progress.population.year"), t("progress.population.people"), t("progress.targets.source")]}>
            {populations.map((p) => (
              <tr key={p.id} data-testid={`population-${p.scopeKey}-${p.year}`}>
                <td>{t(`progress.scope.${p.scope}`)}</td><td>{p.scopeKey}</td><td>{p.year}</td><td className="num">{p.people.toLocaleString("en-US")}</td><td>{p.source ?? "—"}</td>
              </tr>
            ))}
          </Table>
        ) : null}
        <PopulationForm v={failedPopulation ?? {}} errors={failedPopulation ? errors : {}} busy={busy} />
      </Card>
    </div>
  );
}
