import { Form, Link, useSearchParams } from "@remix-run/react";
import { Button, Field, FormError, SelectField } from "#app/components/ui";
import { applicationNumber } from "#app/domain/financing/application-number";
import { useLocale, useT } from "#app/i18n/react";

/** What the bank's queue and the registration desk show so that applications can be told apart, and their filters. */

export function AppNumber({ id }: { id: string }) {
  return <span className="mono" data-testid="application-number">{applicationNumber(id)}</span>;
}

type Asset = { number: string; kind: "invention" | "utility_model" | "design" | "trademark"; title: string; titleEn: string | null };

/** The pledged assets: number (patents as ZL…) and title, one a line. */
export function QueueAssets({ assets }: { assets: readonly Asset[] }) {
  const locale = useLocale();
  if (!assets.length) return <>—</>;
  return (
    <ul className="plain small" data-testid="queue-assets">
      {assets.map((a) => (
        <li key={a.number}>
          <span className="mono">{a.kind === "trademark" ? a.number : `ZL${a.number}`}</span> {locale === "en" && a.titleEn ? a.titleEn : a.title}
        </li>
      ))}
    </ul>
  );
}

/** The GET form above a queue: status, text search, submission days. Bad values come back as field messages (400). */
export function QueueFilterForm({ statuses, statusLabel, errors, formError }: {
  statuses: readonly string[];
  statusLabel: (s: string) => string;
  errors: Record<string, string[] | undefined>;
  formError: string | null;
}) {
  const t = useT();
  const [params] = useSearchParams();
  const v = (k: string) => params.get(k) ?? "";
  const filtered = ["q", "from", "to"].some((k) => v(k) !== "") || (v("status") !== "" && v("status") !== "open");
  return (
    <Form method="get" className="form" role="search" aria-label={t("financing.queue.filters")}>
      <FormError message={formError ?? undefined} />
      <div className="form-row">
        <SelectField label={t("financing.queue.filter.status")} name="status" defaultValue={v("status") || "open"} error={errors.status}
          options={[{ value: "open", label: t("financing.queue.filter.open") }, { value: "all", label: t("financing.queue.filter.all") }, ...statuses.map((s) => ({ value: s, label: statusLabel(s) }))]} />
        <Field label={t("financing.queue.filter.q")} name="q" type="search" defaultValue={v("q")} error={errors.q} hint={t("financing.queue.filter.qHint")} maxLength={60} />
        <Field label={t("financing.queue.filter.from")} name="from" type="date" defaultValue={v("from")} error={errors.from} />
        <Field label={t("financing.queue.filter.to")} name="to" type="date" defaultValue={v("to")} error={errors.to} />
      </div>
      <div className="row">
        <Button variant="secondary">{t("financing.queue.filter.apply")}</Button>
        {filtered ? <Link to="?">{t("financing.queue.filter.reset")}</Link> : null}
      </div>
    </Form>
  );
}

