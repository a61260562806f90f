import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MoneyStatus } from "#app/components/public-money";
import { Card, EmptyState, PageHeader, Table } from "#app/components/ui";
import { formatDate, formatFen, useLocale, useT } from "#app/i18n/react";
import { fundDashboard, listFundClaims, myFunds } from "#app/services/funds.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { orThrowResponse } from "#app/utils/service-errors.server";

/** A fund administrator's home: the dashboard of the fund it administers (exposure, claims, paid, recovered) and its claim queue. */
export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "fund", "platform");
  const funds = await myFunds(su.actor);
  const wanted = new URL(request.url).searchParams.get("fund");
  const all = await listFundClaims(su.actor);
  // Without a choice: the fund with the most recent claim waiting (else the first).
  const chosen = funds.find((f) => f.id === wanted) ?? funds.find((f) => all.some((c) => c.fundId === f.id && c.status === "filed")) ?? funds[0];
  const dashboard = chosen ? await orThrowResponse(fundDashboard(su.actor, chosen.id)) : null;
  const claims = all.filter((c) => !chosen || c.fundId === chosen.id);
  return { funds: funds.map((f) => ({ id: f.id, nameZh: f.nameZh, nameEn: f.nameEn })), dashboard, claims };
}

export default function FundHome() {
  const t = useT();
  const locale = useLocale();
  const { funds, dashboard, claims } = useLoaderData<typeof loader>();
  const name = (f: { nameZh: string; nameEn: string }) => (locale === "en" ? f.nameEn : f.nameZh);
  if (!dashboard) return <div className="container"><PageHeader title={t("fund.title")} /><Card><EmptyState>{t("fund.noFund")}</EmptyState></Card></div>;
  const d = dashboard;
  const stat = (label: string, value: string, id: string) => <div className="card stat" data-testid={id}><span className="label">{label}</span><span className="value">{value}</span></div>;
  const dims = [{ key: "bank", rows: d.byBank }, { key: "park", rows: d.byPark }] as const;
  return (
    <div className="container stack">
      <PageHeader title={name(d.fund)} subtitle={t("fund.intro")} actions={funds.length > 1 ? (
        <span className="row">{funds.map((f) => <Link key={f.id} to={`?fund=${f.id}`}>{name(f)}</Link>)}</span>
      ) : undefined} />
      <div className="grid grid-4">
        {stat(t("fund.exposure"), formatFen(d.total.exposureFen, locale), "fund-exposure")}
        {stat(t("fund.claimed"), formatFen(d.total.claimedFen, locale), "fund-claimed")}
        {stat(t("fund.paid"), formatFen(d.total.paidFen, locale), "fund-paid")}
        {stat(t("fund.recovered"), formatFen(d.total.recoveredFen, locale), "fund-recovered")}
      </div>
      <Card title={t("fund.queue")}>
        {claims.length === 0 ? <EmptyState /> : (
          <Table caption={t("fund.queue")} head={[t("fund.claim.enterprise"), t("fund.claim.bank"), t("fund.claim.netLoss"), t("fund.claim.claimed"), t("fund.claim.paid"), t("fund.claim.filedAt"), t("fund.claim.status")]}>
            {claims.map((c) => (
              <tr key={c.id} data-testid={`claim-row-${c.id}`}>
                <td><Link to={`/claims/${c.id}`}>{c.enterpriseName}</Link></td>
                <td>{c.bankName}</td>
                <td className="num">{formatFen(c.netLossFen, locale)}</td>
                <td className="num">{formatFen(c.claimedFen, locale)}</td>
                <td className="num">{formatFen(c.paidFen, locale)}</td>
                <td>{formatDate(c.createdAt, locale)}</td>
                <td><MoneyStatus kind="claim" status={c.status} /></td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
      <div className="grid grid-2">
        {dims.map((dim) => (
          <Card key={dim.key} title={t(`fund.by.${dim.key}`)}>
            {dim.rows.length === 0 ? <EmptyState /> : (
              <Table caption={t(`fund.by.${dim.key}`)} head={[t(`fund.dim.${dim.key}`), t("fund.loans"), t("fund.exposure"), t("fund.claimed"), t("fund.paid"), t("fund.recovered")]}>
                {dim.rows.map((r, i) => (
                  <tr key={`${r.key}-${i}`}>
                    <td>{(locale === "en" ? r.labelEn : r.labelZh) ?? t("progress.noPark")}</td><td className="num">{r.loans}</td>
                    <td className="num">{formatFen(r.exposureFen, locale)}</td><td className="num">{formatFen(r.claimedFen, locale)}</td>
                    <td className="num">{formatFen(r.paidFen, locale)}</td><td className="num">{formatFen(r.recoveredFen, locale)}</td>
                  </tr>
                ))}
              </Table>
            )}
          </Card>
        ))}
      </div>
    </div>
  );
}
