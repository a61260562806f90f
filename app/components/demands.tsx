import { Form } from "@remix-run/react";
import { INDUSTRIES } from "#app/domain/industries";
import { DEMAND_VISIBILITIES, type DemandStatus } from "#app/domain/market/demand";
import type { MatchReason } from "#app/domain/market/demand-match";
import { fenToYuanInput } from "#app/domain/money";
import type { Locale } from "#app/i18n/index";
import { formatFen, useLocale, useT } from "#app/i18n/react";
import { Button, Field, FormError, SelectField, StatusBadge, TextareaField } from "./ui";

/** The technology demand pages' pieces: status, budget, why a technology was proposed, and the form. */

export function DemandStatusBadge({ status }: { status: DemandStatus }) {
  const t = useT();
  return <StatusBadge status={status} label={t(`demand.status.${status}`)} />;
}

export const demandBudget = (fen: bigint | string | null, locale: Locale, negotiable: string) => (fen === null ? negotiable : formatFen(fen, locale));

export const demandTitle = (locale: Locale, d: { title: string; titleEn?: string | null }) => (locale === "en" && d.titleEn ? d.titleEn : d.title);

/** The reasons of a proposal, each a sentence in the reader's language. */
export function MatchReasons({ reasons }: { reasons: MatchReason[] }) {
  const t = useT();
  const sep = useLocale() === "en" ? ", " : "、";
  return (
    <ul className="plain-list small" data-testid="proposal-reasons">
      {reasons.map((r, i) => (
        <li key={i}>
          {r.kind === "keywords" ? t("demand.reason.keywords", { terms: r.terms.join(sep) })
            : r.kind === "text" ? t("demand.reason.text", { terms: r.terms.join(sep) })
              : r.kind === "industry" ? t("demand.reason.industry", { industry: t(`industry.${r.industry}`) })
                : t("demand.reason.ipc", { codes: r.codes.join(sep) })}
        </li>
      ))}
    </ul>
  );
}

export type DemandValues = {
  title: string; titleEn: string | null; problem: string; problemEn: string | null; industry: string; ipcClasses: string[];
  keywords: string[]; budgetFen: bigint | string | null; deadline: string; visibility: string; status?: DemandStatus;
};

function formValues(d: DemandValues | null | undefined): Record<string, string> {
  if (!d) return {};
  return {
    title: d.title, titleEn: d.titleEn ?? "", problem: d.problem, problemEn: d.problemEn ?? "", industry: d.industry,
    ipcClasses: d.ipcClasses.join(", "), keywords: d.keywords.join(", "), budget: fenToYuanInput(d.budgetFen), deadline: d.deadline, visibility: d.visibility,
  };
}

/** A new demand (saved as a draft or published at once) or an edit of a draft or open one. */
export function DemandForm({ demand, result, busy }: {
  demand?: DemandValues | null;
  result?: { formError?: string; fieldErrors?: Record<string, string[]>; values?: Record<string, unknown> } | null;
  busy: boolean;
}) {
  const t = useT();
  const e = result?.fieldErrors ?? {};
  const stored = formValues(demand);
  const v = (k: string) => (result?.values ? String(result.values[k] ?? "") : (stored[k] ?? ""));
  const isNew = !demand;
  return (
    <Form method="post" className="form" noValidate>
      <FormError message={result?.formError} />
      <Field label={t("demand.field.title")} name="title" required maxLength={120} defaultValue={v("title")} error={e.title} />
      <Field label={t("demand.field.titleEn")} name="titleEn" optional maxLength={240} defaultValue={v("titleEn")} error={e.titleEn} />
      <TextareaField label={t("demand.field.problem")} name="problem" required rows={5} maxLength={4000} hint={t("demand.field.problemHint")} defaultValue={v("problem")} error={e.problem} />
      <TextareaField label={t("demand.field.problemEn")} name="problemEn" optional rows={4} maxLength={6000} defaultValue={v("problemEn")} error={e.problemEn} />
      <Field label={t("demand.field.keywords")} name="keywords" required hint={t("demand.field.keywordsHint")} defaultValue={v("keywords")} error={e.keywords} />
      <div className="grid grid-2">
        <SelectField label={t("demand.field.industry")} name="industry" defaultValue={v("industry") || "other"} error={e.industry}
          options={INDUSTRIES.map((k) => ({ value: k, label: t(`industry.${k}`) }))} />
        <Field label={t("demand.field.ipcClasses")} name="ipcClasses" optional hint={t("demand.field.ipcHint")} defaultValue={v("ipcClasses")} error={e.ipcClasses} />
        <Field label={t("demand.field.budget")} name="budget" optional inputMode="decimal" hint={t("demand.field.budgetHint")} defaultValue={v("budget")} error={e.budget} />
        <Field label={t("demand.field.deadline")} name="deadline" type="date" required defaultValue={v("deadline")} error={e.deadline} />
        <SelectField label={t("demand.field.visibility")} name="visibility" defaultValue={v("visibility") || "public"} error={e.visibility}
          options={DEMAND_VISIBILITIES.map((k) => ({ value: k, label: t(`demand.visibility.${k}`) }))} />
      </div>
      <div className="row">
        {isNew ? (
          <>
            <Button name="intent" value="publish" disabled={busy}>{t("demand.action.publish")}</Button>
            <Button name="intent" value="draft" variant="secondary" disabled={busy}>{t("demand.action.saveDraft")}</Button>
          </>
        ) : <Button name="intent" value="save" disabled={busy}>{t("demand.action.save")}</Button>}
      </div>
    </Form>
  );
}
