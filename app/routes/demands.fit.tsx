import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DemandStatusBadge, demandTitle, MatchReasons } from "#app/components/demands";
import { Card, EmptyState, PageHeader, Table } from "#app/components/ui";
import { translator, type Locale } from "#app/i18n/index";
import { formatDate, useLocale, useT } from "#app/i18n/react";
import { listDemandsForMyAssets } from "#app/services/demand-views.server";
import { requireBusinessUser } from "#app/utils/auth.server";

export const meta: MetaFunction = ({ matches }) => {
  const locale = ((matches.find((m) => m.id === "root")?.data as { locale?: Locale } | undefined)?.locale ?? "zh-CN") as Locale;
  return [{ title: translator(locale)("demand.fit.title") }];
};

/** The owners' side: demands their listings and patents were proposed for, with the enterprise's verdict. */
export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise", "university");
  return { rows: await listDemandsForMyAssets(su.actor) };
}

export default function DemandsThatFit() {
  const t = useT();
  const locale = useLocale();
  const { rows } = useLoaderData<typeof loader>();
  return (
    <div className="container stack">
      <PageHeader title={t("demand.fit.title")} subtitle={t("demand.fit.subtitle")} />
      <Card>
        {rows.length === 0 ? <EmptyState>{t("demand.fit.empty")}</EmptyState> : (
          <Table caption={t("demand.fit.title")} head={[t("demand.fit.demand"), t("demand.proposal.asset"), t("demand.proposal.reasons"), t("demand.proposal.feedback"), t("demand.field.deadline")]}>
            {rows.map((r) => (
              <tr key={r.id} data-testid="fit">
                <td><Link to={`/demands/${r.demandId}`}>{demandTitle(locale, { title: r.demand, titleEn: r.demandEn })}</Link><div className="muted small">{r.org}</div><DemandStatusBadge status={r.status} /></td>
                <td>{r.asset}</td>
                <td><MatchReasons reasons={r.reasons} /></td>
                <td>{r.feedback ? t(`demand.feedback.${r.feedback}`) : t("demand.feedback.none")}{r.feedbackAt ? <div className="muted small">{formatDate(r.feedbackAt, locale, true)}</div> : null}</td>
                <td>{formatDate(r.deadline, locale)}</td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </div>
  );
}
