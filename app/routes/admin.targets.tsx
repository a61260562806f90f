import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AdminNav } from "#app/components/admin-nav";
import { Button, ButtonLink, Card, Field, FormError, Notice, PageHeader, SelectField } from "#app/components/ui";
import { FEN_PER_YI, PolicyTargetSchema } from "#app/domain/forms/campaigns";
import { useT } from "#app/i18n/react";
import { listPolicyTargets, savePolicyTarget } from "#app/services/campaign-progress.server";
import { requireAdmin } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";

/** 分 back to 亿元 as typed (exact, trailing zeros dropped). */
const yi = (fen: bigint) => {
  const int = fen / FEN_PER_YI;
  const frac = (fen % FEN_PER_YI).toString().padStart(10, "0").replace(/0+$/, "");
  return frac ? `${int}.${frac}` : String(int);
};

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireAdmin(request);
  const targets = await listPolicyTargets(su.actor);
  return { targets: targets.map((x) => ({ ...x, targetYi: yi(x.targetAmount) })) };
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireAdmin(request);
  const { t } = getT(request);
  const form = await request.formData();
  const parsed = parseForm(form, PolicyTargetSchema, t);
  if (!parsed.ok) return parsed.response;
  try {
    await savePolicyTarget(su.actor, parsed.value);
    return { done: t("progress.targets.saved", { code: parsed.value.code }), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

type TargetValues = Record<string, string | number | null | undefined>;

function TargetForm({ v, errors, busy, idPrefix }: { v: TargetValues; errors: Record<string, string[]>; busy: boolean; idPrefix: string }) {
  const t = useT();
  const s = (k: string) => (v[k] === null || v[k] === undefined ? "" : String(v[k]));
  return (
    <Form method="post" className="form" noValidate>
      {v.id ? <input type="hidden" name="id" value={s("id")} /> : null}
      <div className="form-row">
        <Field id={`${idPrefix}-code`} label={t("progress.targets.code")} name="code" required defaultValue={s("code")} error={errors.code} />
        <SelectField id={`${idPrefix}-scope`} label={t("progress.targets.scope")} name="scope" defaultValue={s("scope") || "district"} error={errors.scope}
          options={["city", "district", "park"].map((x) => ({ value: x, label: t(`progress.scope.${x}`) }))} />
        <Field id={`${idPrefix}-scopeKey`} label={t("progress.targets.scopeKey")} name="scopeKey" required defaultValue={s("scopeKey")} error={errors.scopeKey} hint={t("progress.targets.scopeKeyHint")} />
      </div>
      <div className="form-row">
        <Field id={`${idPrefix}-labelZh`} label={t("progress.targets.labelZh")} name="labelZh" required defaultValue={s("labelZh")} error={errors.labelZh} />
        <Field id={`${idPrefix}-labelEn`} label={t("progress.targets.labelEn")} name="labelEn" required defaultValue={s("labelEn")} error={errors.labelEn} />
      </div>
      <div className="form-row">
        <SelectField id={`${idPrefix}-period`} label={t("progress.targets.period")} name="period" defaultValue={s("period") || "cumulative"} error={errors.period}
          options={["annual", "cumulative"].map((x) => ({ value: x, label: t(`progress.period.${x}`) }))} />
        <Field id={`${idPrefix}-fromYear`} label={t("progress.targets.fromYear")} name="fromYear" inputMode="numeric" required defaultValue={s("fromYear")} error={errors.fromYear} />
        <Field id={`${idPrefix}-toYear`} label={t("progress.targets.toYear")} name="toYear" inputMode="numeric" required defaultValue={s("toYear")} error={errors.toYear} />
        <Field id={`${idPrefix}-amount`} label={t("progress.targets.amountYi")} name="targetAmount" inputMode="decimal" required defaultValue={s("targetAmount")} error={errors.targetAmount} />
      </div>
      <Field id={`${idPrefix}-source`} label={t("progress.targets.source")} name="source" optional defaultValue={s("source")} error={errors.source} />
      <div><Button variant="secondary" disabled={busy}>{t("action.save")}</Button></div>
    </Form>
  );
}

export default function PolicyTargets() {
  const t = useT();
  const { targets } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const failed = result && "values" in result ? (result.values as TargetValues) : null;
  const errors = (result && "fieldErrors" in result ? result.fieldErrors : {}) as Record<string, string[]>;
  return (
    <div className="container stack">
      <PageHeader title={t("progress.targets.title")} subtitle={t("progress.targets.intro")} actions={<ButtonLink variant="secondary" to="/admin/progress">{t("console.nav.progress")}</ButtonLink>} />
      <AdminNav />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      {result && "formError" in result ? <FormError message={result.formError} /> : null}
      {targets.map((x) => {
        const mine = failed && failed.id === x.id;
        const v: TargetValues = mine ? failed! : { id: x.id, code: x.code, scope: x.scope, scopeKey: x.scopeKey, labelZh: x.labelZh, labelEn: x.labelEn, period: x.period, fromYear: x.fromYear, toYear: x.toYear, targetAmount: x.targetYi, source: x.source };
        return (
          <Card key={x.id} title={x.labelZh}>
            <TargetForm v={v} errors={mine ? errors : {}} busy={busy} idPrefix={x.code} />
          </Card>
        );
      })}
      <Card title={t("progress.targets.add")}>
        <TargetForm v={failed && !failed.id ? failed : {}} errors={failed && !failed.id ? errors : {}} busy={busy} idPrefix="new" />
      </Card>
    </div>
  );
}
