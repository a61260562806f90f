import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ButtonLink, Card, EmptyState, PageHeader, StatusBadge, Table } from "#app/components/ui";
import { formatDate, formatYuan, useLocale, useT } from "#app/i18n/react";
import { listValuations } from "#app/services/valuations.server";
import { listBatches } from "#app/services/valuation-batches.server";
import { requireBusinessUser } from "#app/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise", "university", "platform");
  const [rows, batches] = await Promise.all([listValuations(su.actor), listBatches(su.actor)]);
  return {
    batches,
    canRequest: su.org.kind !== "platform",
    showOrg: su.org.kind === "platform",
    rows: rows.map((r) => ({
      ...r, lowFen: r.lowFen?.toString() ?? null, baseFen: r.baseFen?.toString() ?? null, highFen: r.highFen?.toString() ?? null,
    })),
  };
}

export default function Valuations() {
  const t = useT();
  const locale = useLocale();
  const { rows, batches, canRequest, showOrg } = useLoaderData<typeof loader>();
  return (
    <div className="container stack">
      <PageHeader title={t("valuation.list.title")} subtitle={t("valuation.list.intro")}
        actions={canRequest ? (
          <>
            <ButtonLink to="/valuations/new">{t("valuation.list.new")}</ButtonLink>{" "}
            <ButtonLink to="/valuations/batches/new" variant="secondary">{t("valuation.batch.new")}</ButtonLink>
          </>
        ) : null} />
      {batches.length ? (
        <Card title={t("valuation.batch.list")}>
          <Table caption={t("valuation.batch.list")} head={[t("valuation.batch.requested"), t("valuation.purpose.label"), t("valuation.batch.total"), t("table.actions")]}>
            {batches.map((b) => (
              <tr key={b.id} data-testid={`batch-row-${b.id}`}>
                <td>{formatDate(b.createdAt, locale, true)}</td>
                <td>{t(`valuation.purpose.${b.purpose}`)}</td>
                <td className="num">{b.total}</td>
                <td><Link to={`/valuations/batches/${b.id}`}>{t("action.view")}</Link></td>
              </tr>
            ))}
          </Table>
        </Card>
      ) : null}
      <Card>
        {rows.length === 0 ? (
          <EmptyState>{t("valuation.list.empty")}</EmptyState>
        ) : (
          <Table caption={t("valuation.list.caption")} head={[
            t("valuation.list.assets"), ...(showOrg ? [t("valuation.list.org")] : []), t("valuation.purpose.label"),
            t("valuation.list.range"), t("valuation.list.created"), t("valuation.detail.validUntil"), t("table.actions"),
          ]}>
            {rows.map((r) => (
              <tr key={r.id} data-testid={`valuation-row-${r.id}`}>
                <td>
                  {r.assets.slice(0, 3).map((a) => (
                    <div key={a.number}><span className="mono">{a.number}</span> {a.title}</div>
                  ))}
                  {r.assets.length > 3 ? <div className="muted">+{r.assets.length - 3}</div> : null}
                </td>
                {showOrg ? <td>{r.orgName}</td> : null}
                <td>{t(`valuation.purpose.${r.purpose}`)}</td>
                <td className="num">
                  {r.lowFen && r.status !== "failed" ? `${formatYuan(r.lowFen, locale)} – ${formatYuan(r.highFen, locale)}` : "—"}
                  <div><StatusBadge status={r.status} label={t(`valuation.status.${r.status}`)} /></div>
                </td>
                <td>{formatDate(r.createdAt, locale, true)}</td>
                <td>{formatDate(r.validUntil, locale)}</td>
                <td><Link to={`/valuations/${r.id}`}>{t("action.view")}</Link></td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </div>
  );
}
