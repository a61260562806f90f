import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { percentText, TradeSubnav } from "#app/components/market";
import { Card, EmptyState, PageHeader, Table } from "#app/components/ui";
import { fromDateRange } from "#app/domain/market/deal";
import { formatFen, useLocale, useT } from "#app/i18n/react";
import { listMyLicences } from "#app/services/deal-views.server";
import { requireBusinessUser } from "#app/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise", "university", "bank");
  return listMyLicences(su.actor);
}

type Row = Awaited<ReturnType<typeof loader>>["held"][number];

function LicenceTable({ rows, held }: { rows: Row[]; held: boolean }) {
  const t = useT();
  const locale = useLocale();
  if (!rows.length) return <EmptyState>{t("market.licences.none")}</EmptyState>;
  return (
    <Table head={[t("market.asset.title"), held ? t("market.licences.licensor") : t("market.licences.licensee"), t("market.licences.kind"), t("market.licences.period"), t("market.licences.fee"), t("market.listing.territory")]}>
      {rows.map((l) => {
        const p = fromDateRange(l.period);
        return (
          <tr key={l.id} data-testid={`licence-${l.assetNumber}`}>
            <td><Link to={`/deals/${l.dealId}`}>{l.assetTitle}</Link><div className="muted small mono">{l.assetNumber}</div></td>
            <td>{held ? l.licensor : l.licensee}</td>
            <td>{t(`market.licenceKind.${l.kind}`)}</td>
            <td>{p.start} – {p.end ?? t("market.openEnded")}</td>
            <td>{formatFen(l.feeFen, locale)}{l.royaltyBp != null ? ` + ${percentText(l.royaltyBp)}` : ""}</td>
            <td>{l.territory ?? "—"}</td>
          </tr>
        );
      })}
    </Table>
  );
}

export default function MyLicences() {
  const t = useT();
  const { held, granted } = useLoaderData<typeof loader>();
  return (
    <div className="container stack">
      <PageHeader title={t("market.licences.title")} />
      <TradeSubnav />
      <Card title={t("market.licences.held")}><div data-testid="licences-held"><LicenceTable rows={held} held /></div></Card>
      <Card title={t("market.licences.granted")}><LicenceTable rows={granted} held={false} /></Card>
    </div>
  );
}
