import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminNav } from "#app/components/admin-nav";
import { formatFenShort } from "#app/components/charts";
import { ButtonLink, Card, EmptyState, PageHeader, StatusBadge, Table } from "#app/components/ui";
import { useLocale, useT } from "#app/i18n/react";
import { listCampaigns } from "#app/services/campaigns.server";
import { requireAdmin } from "#app/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireAdmin(request);
  return { campaigns: await listCampaigns(su.actor) };
}

export default function AdminCampaigns() {
  const t = useT();
  const locale = useLocale();
  const { campaigns } = useLoaderData<typeof loader>();
  return (
    <div className="container stack">
      <PageHeader title={t("campaign.listTitle")} subtitle={t("campaign.listIntro")} actions={<ButtonLink to="/admin/campaigns/new">{t("campaign.new")}</ButtonLink>} />
      <AdminNav />
      <Card>
        {campaigns.length === 0 ? <EmptyState>{t("campaign.none")}</EmptyState> : (
          <Table caption={t("campaign.listTitle")} head={[t("campaign.field.name"), t("campaign.field.parks"), t("campaign.field.period"), t("campaign.field.targetAmount"), t("campaign.field.banks"), t("campaign.field.whitelist"), t("account.status"), ""]}>
            {campaigns.map((c) => (
              <tr key={c.id} data-testid={`campaign-${c.id}`}>
                <td><Link to={`/admin/campaigns/${c.id}`}>{c.name}</Link></td>
                <td>{locale === "en" ? c.parksEn : c.parksZh}</td>
                <td className="small">{c.startsOn} – {c.endsOn}</td>
                <td className="num">{formatFenShort(BigInt(c.targetAmount), locale)}<div className="muted small">{t("progress.targetEnterprises", { n: c.targetEnterprises })}</div></td>
                <td className="num">{c.banks}</td>
                <td className="num">{c.enrolments}</td>
                <td><StatusBadge status={c.status} label={t(`campaign.status.${c.status}`)} /></td>
                <td><Link to={`/admin/campaigns/${c.id}/dashboard`}>{t("campaign.dashboard")}</Link></td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </div>
  );
}
