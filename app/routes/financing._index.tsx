import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ButtonLink, Card, EmptyState, PageHeader, Table } from "#app/components/ui";
import { FinStatus } from "#app/components/financing";
import { formatDate, formatFen, useLocale, useT } from "#app/i18n/react";
import { listMyApplications } from "#app/services/pledge-applications.server";
import { requireBusinessUser } from "#app/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise");
  return { applications: await listMyApplications(su.actor) };
}

export default function FinancingHome() {
  const t = useT();
  const locale = useLocale();
  const { applications } = useLoaderData<typeof loader>();
  return (
    <div className="container stack">
      <PageHeader title={t("financing.title")} subtitle={t("financing.subtitle")} actions={<ButtonLink to="/financing/apply">{t("financing.apply.cta")}</ButtonLink>} />
      <Card title={t("financing.myApplications")}>
        {applications.length === 0 ? <EmptyState>{t("financing.noApplications")}</EmptyState> : (
          <Table caption={t("financing.myApplications")} head={[t("financing.field.amount"), t("financing.field.term"), t("financing.field.purpose"), t("financing.field.status"), t("financing.field.created")]}>
            {applications.map((a) => (
              <tr key={a.id}>
                <td className="num"><Link to={`/financing/applications/${a.id}`}>{formatFen(a.amountFen, locale)}</Link></td>
                <td>{t("financing.months", { n: a.termMonths })}</td>
                <td>{a.purpose}</td>
                <td><FinStatus status={a.status} /></td>
                <td>{formatDate(a.createdAt, locale)}</td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </div>
  );
}
