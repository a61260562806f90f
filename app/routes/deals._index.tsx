import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DealStatusBadge, TradeSubnav } from "#app/components/market";
import { Card, EmptyState, PageHeader, Table } from "#app/components/ui";
import { formatDate, formatFen, useLocale, useT } from "#app/i18n/react";
import { listMyDeals } from "#app/services/deal-views.server";
import { requireBusinessUser } from "#app/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise", "university", "bank");
  return listMyDeals(su.actor);
}

type Row = Awaited<ReturnType<typeof loader>>["incoming"][number];

function DealTable({ rows, testId, counterparty }: { rows: Row[]; testId: string; counterparty: boolean }) {
  const t = useT();
  const locale = useLocale();
  if (rows.length === 0) return <EmptyState>{t("market.deals.none")}</EmptyState>;
  return (
    <Table head={[t("market.deal.listing"), counterparty ? t("market.deal.buyer") : t("market.deal.mode"), t("market.deal.price"), t("market.deal.status"), t("market.deal.updated")]}>
      {rows.map((d) => (
        <tr key={d.id} data-testid={`${testId}-${d.id}`}>
          <td><Link to={`/deals/${d.id}`}>{d.title}</Link>{d.openLicence ? <> <span className="badge badge-info">{t("market.mode.open_licence")}</span></> : null}
            {d.unread ? <> <Link className="badge badge-warn" to={`/deals/${d.id}/messages`}>{t("market.thread.unread", { n: d.unread })}</Link></> : null}</td>
          <td>{counterparty ? d.buyer : t(`market.mode.${d.mode}`)}</td>
          <td>{formatFen(d.priceFen, locale)}</td>
          <td><DealStatusBadge status={d.status} /></td>
          <td>{formatDate(d.updatedAt, locale, true)}</td>
        </tr>
      ))}
    </Table>
  );
}

export default function MyDeals() {
  const t = useT();
  const { incoming, outgoing } = useLoaderData<typeof loader>();
  return (
    <div className="container stack">
      <PageHeader title={t("market.deals.title")} subtitle={t("market.deals.subtitle")} />
      <TradeSubnav />
      <Card title={t("market.deals.incoming")}><DealTable rows={incoming} testId="incoming" counterparty /></Card>
      <Card title={t("market.deals.outgoing")}><DealTable rows={outgoing} testId="outgoing" counterparty={false} /></Card>
    </div>
  );
}
