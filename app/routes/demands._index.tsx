import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { demandBudget, DemandStatusBadge, demandTitle } from "#app/components/demands";
import { Button, ButtonLink, Card, EmptyState, Field, FormError, PageHeader, SelectField, Table } from "#app/components/ui";
import { DemandListQuerySchema } from "#app/domain/forms/demands";
import { INDUSTRIES } from "#app/domain/industries";
import { can, isOrgKind } from "#app/domain/policy/index";
import { translator, type Locale } from "#app/i18n/index";
import { formatDate, useLocale, useT } from "#app/i18n/react";
import { listDemands } from "#app/services/demand-views.server";
import { requireUser } from "#app/utils/auth.server";
import { translateErrors } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";

export const meta: MetaFunction = ({ matches }) => {
  const locale = ((matches.find((m) => m.id === "root")?.data as { locale?: Locale } | undefined)?.locale ?? "zh-CN") as Locale;
  return [{ title: translator(locale)("demand.list.title") }];
};

/** Open demands the reader may see (filtered), and its own organisation's in every status. */
export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireUser(request);
  const { t } = getT(request);
  const can_ = { create: can(su.actor, "demand.create"), fit: su.org.status === "verified" && isOrgKind(su.actor, "enterprise", "university") };
  const parsed = DemandListQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    const errors: Record<string, string[]> = {};
    for (const i of parsed.error.issues) (errors[String(i.path[0] ?? "q")] ??= []).push(i.message);
    return data({ open: [], mine: [], can: can_, fieldErrors: translateErrors(errors, t), formError: t("errors.fixBelow") as string | null }, { status: 400 });
  }
  return { ...(await listDemands(su.actor, parsed.data)), can: can_, fieldErrors: {} as Record<string, string[]>, formError: null as string | null };
}

type Row = Awaited<ReturnType<typeof listDemands>>["open"][number];

function DemandTable({ rows, caption, withOrg }: { rows: Row[]; caption: string; withOrg: boolean }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Table caption={caption} head={[t("demand.field.title"), ...(withOrg ? [t("demand.field.org")] : []), t("demand.field.industry"), t("demand.field.budget"), t("demand.field.deadline"), t("demand.field.status")]}>
      {rows.map((d) => (
        <tr key={d.id}>
          <td><Link to={`/demands/${d.id}`}>{demandTitle(locale, d)}</Link><div className="muted small">{d.keywords.join(" · ")}</div></td>
          {withOrg ? <td>{d.org}</td> : null}
          <td>{t(`industry.${d.industry}`)}</td>
          <td>{demandBudget(d.budgetFen, locale, t("demand.budget.negotiable"))}</td>
          <td>{formatDate(d.deadline, locale)}</td>
          <td><DemandStatusBadge status={d.status} />{d.campaignId ? <span className="badge badge-info">{t("demand.challenge.title")}</span> : null}</td>
        </tr>
      ))}
    </Table>
  );
}

export default function Demands() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const e = d.fieldErrors;
  return (
    <div className="container stack">
      <PageHeader title={t("demand.list.title")} subtitle={t("demand.list.subtitle")} actions={<>
        {d.can.fit ? <ButtonLink to="/demands/fit" variant="secondary">{t("demand.list.fit")}</ButtonLink> : null}
        {d.can.create ? <ButtonLink to="/demands/new">{t("demand.list.new")}</ButtonLink> : null}
      </>} />
      {d.can.create || d.mine.length ? (
        <Card title={t("demand.list.mine")}>
          {d.mine.length === 0 ? <EmptyState>{t("demand.list.mineEmpty")}</EmptyState> : <DemandTable rows={d.mine} caption={t("demand.list.mine")} withOrg={false} />}
        </Card>
      ) : null}
      <Card title={t("demand.list.open")}>
        <FormError message={d.formError} />
        <Form method="get" className="filters" role="search" aria-label={t("demand.filter.label")}>
          <Field label={t("demand.filter.q")} name="q" type="search" maxLength={60} defaultValue={params.get("q") ?? ""} error={e.q} />
          <SelectField label={t("demand.filter.industry")} name="industry" defaultValue={params.get("industry") ?? ""} error={e.industry}
            options={[{ value: "", label: t("market.filter.any") }, ...INDUSTRIES.map((k) => ({ value: k, label: t(`industry.${k}`) }))]} />
          <Button variant="secondary">{t("action.search")}</Button>
        </Form>
        {d.open.length === 0 ? <EmptyState>{t("demand.list.openEmpty")}</EmptyState> : <DemandTable rows={d.open} caption={t("demand.list.open")} withOrg />}
      </Card>
    </div>
  );
}
