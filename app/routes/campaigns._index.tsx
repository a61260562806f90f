import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Card, EmptyState, PageHeader, StatusBadge, Table } from "#app/components/ui";
import { useT } from "#app/i18n/react";
import { listCampaignsForViewer } from "#app/services/campaign-views.server";
import { requireBusinessUser } from "#app/utils/auth.server";

/** The 入园惠企 campaigns an enterprise (of the park, or on a whitelist) or a participating bank takes part in. */
export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise", "bank");
  return { campaigns: await listCampaignsForViewer(su.actor), kind: su.org.kind };
}

export default function Campaigns() {
  const t = useT();
  const { campaigns, kind } = useLoaderData<typeof loader>();
  return (
    <div className="container stack">
      <PageHeader title={t("campaign.viewerTitle")} subtitle={t(kind === "bank" ? "campaign.viewerIntroBank" : "campaign.viewerIntroEnterprise")} />
      <Card>
        {campaigns.length === 0 ? <EmptyState>{t("campaign.viewerNone")}</EmptyState> : (
          <Table caption={t("campaign.viewerTitle")} head={[t("campaign.field.name"), t("campaign.field.period"), t("account.status")]}>
            {campaigns.map((c) => (
              <tr key={c.id} data-testid={`my-campaign-${c.id}`}>
                <td><Link to={`/campaigns/${c.id}`}>{c.name}</Link></td>
                <td>{c.startsOn} – {c.endsOn}</td>
                <td><StatusBadge status={c.status} label={t(`campaign.status.${c.status}`)} /></td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </div>
  );
}
