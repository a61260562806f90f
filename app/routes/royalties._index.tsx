import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MoneyStatus } from "#app/components/public-money";
import { Card, EmptyState, PageHeader, Table } from "#app/components/ui";
import { formatDate, formatFen, useLocale, useT } from "#app/i18n/react";
import { listMyReceivables } from "#app/services/royalty-receivables.server";
import { requireBusinessUser } from "#app/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise", "university");
  return listMyReceivables(su.actor);
}

type Row = Awaited<ReturnType<typeof listMyReceivables>>["asLicensor"][number];

export default function Royalties() {
  const t = useT();
  const locale = useLocale();
  const { asLicensor, asLicensee } = useLoaderData<typeof loader>();
  const table = (rows: Row[], other: "licensee" | "licensor", caption: string) => (rows.length === 0 ? <EmptyState /> : (
    <Table caption={caption} head={[t("royalty.licence"), t(`royalty.${other}`), t("royalty.total"), t("royalty.received"), t("royalty.nextDue"), t("royalty.status")]}>
      {rows.map((r) => (
        <tr key={r.id} data-testid={`receivable-${r.id}`}>
          <td><Link to={`/royalties/${r.id}`}>{r.title}</Link>{r.pledged ? <div className="muted small">{t("royalty.pledged")}</div> : null}</td>
          <td>{other === "licensee" ? r.licensee : r.licensor}</td>
          <td className="num">{formatFen(r.totalFen, locale)}</td>
          <td className="num">{formatFen(r.paidFen, locale)}</td>
          <td>{formatDate(r.nextDueOn, locale)}</td>
          <td><MoneyStatus kind="receivable" status={r.status} /></td>
        </tr>
      ))}
    </Table>
  ));
  return (
    <div className="container stack">
      <PageHeader title={t("royalty.title")} subtitle={t("royalty.intro")} />
      <Card title={t("royalty.asLicensor")}>{table(asLicensor, "licensee", t("royalty.asLicensor"))}</Card>
      <Card title={t("royalty.asLicensee")}>{table(asLicensee, "licensor", t("royalty.asLicensee"))}</Card>
    </div>
  );
}
