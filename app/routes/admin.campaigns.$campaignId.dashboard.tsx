import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminNav } from "#app/components/admin-nav";
import { BarChart, formatFenShort, TargetProgress } from "#app/components/charts";
import { ButtonLink, Card, EmptyState, PageHeader, StatusBadge, Table, DownloadLink } from "#app/components/ui";
import { formatFen, useLocale, useT } from "#app/i18n/react";
import { campaignProgress } from "#app/services/campaign-progress.server";
import { requireAdmin } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { industryLabel } from "#app/i18n/labels";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireAdmin(request);
  try {
    return await campaignProgress(su.actor, params.campaignId ?? "");
  } catch (e) {
    if (e instanceof ServiceError && e.status === 404) throw new Response("Not Found", { status: 404 });
    throw e;
  }
}

export default function CampaignDashboard() {
  const t = useT();
  const locale = useLocale();
  const p = useLoaderData<typeof loader>();
  const big = (v: bigint | string | number) => BigInt(v);
  const target = big(p.campaign.targetAmount);
  const short = (v: bigint | string) => formatFenShort(big(v), locale);
  const pct = (v: bigint | string) => (target > 0n ? `${(Number((big(v) * 1000n) / target) / 10).toFixed(1)}%` : "—");
  const exp = (kind: string, format: string) => `/admin/exports/${kind}?campaign=${p.campaign.id}&format=${format}`;
  const measures = [
    { key: "applied", label: t("progress.applied"), amount: big(p.applied.amount), count: p.applied.count },
    { key: "approved", label: t("progress.approved"), amount: big(p.approved.amount), count: p.approved.count },
    { key: "registered", label: t("progress.registered"), amount: big(p.registered.amount), count: p.registered.count },
    { key: "disbursed", label: t("progress.disbursed"), amount: big(p.disbursed.amount), count: p.disbursed.count },
  ];
  const banksWithMedian = p.banks.filter((b) => b.medianDays !== null);
  return (
    <div className="container stack">
      <PageHeader
        title={t("progress.campaignTitle", { name: p.campaign.name })}
        subtitle={<>{p.campaign.startsOn} – {p.campaign.endsOn} · <StatusBadge status={p.campaign.status} label={t(`campaign.status.${p.campaign.status}`)} /></>}
        actions={<>
          <ButtonLink variant="secondary" to={`/admin/campaigns/${p.campaign.id}`}>{t("campaign.backToCampaign")}</ButtonLink>
          <ButtonLink download variant="secondary" to={exp("campaign-applications", "xlsx")}>{t("progress.exportApplications")}</ButtonLink>
          <ButtonLink download variant="secondary" to={exp("campaign-loans", "xlsx")}>{t("progress.exportLoans")}</ButtonLink>
        </>}
      />
      <AdminNav />
      <section aria-labelledby="kpi-h">
        <h2 id="kpi-h">{t("progress.againstTarget", { target: formatFen(target, locale) })}</h2>
        <div className="grid grid-4">
          {measures.map((m) => (
            <div key={m.key} className="card stat" data-testid={`kpi-${m.key}`}>
              <span className="label">{m.label}</span>
              <span className="value">{formatFen(m.amount, locale)}</span>
              <span className="muted small">{t("progress.countOf", { n: m.count })} · {t("progress.ofTarget", { pct: pct(m.amount) })}</span>
            </div>
          ))}
        </div>
      </section>
      <Card title={t("progress.amountsChart")}>
        <BarChart
          title={t("progress.amountsChart")}
          description={measures.map((m) => `${m.label} ${short(m.amount)}`).join("; ") + `; ${t("progress.target")} ${short(target)}`}
          bars={measures.map((m) => ({ label: m.label, value: m.amount, display: short(m.amount) }))}
          target={{ value: target, display: short(target) }}
          targetLabel={t("progress.target")}
        />
        <div className="stack">
          <TargetProgress label={t("progress.registeredVsTarget")} value={big(p.registered.amount)} target={target} display={`${short(p.registered.amount)} / ${short(target)}`} />
          <TargetProgress label={t("progress.enterprisesVsTarget")} value={BigInt(p.financedEnterprises)} target={BigInt(p.campaign.targetEnterprises)}
            display={`${p.financedEnterprises} / ${p.campaign.targetEnterprises}`} />
        </div>
      </Card>
      <div className="grid grid-4">
        <div className="card stat" data-testid="kpi-financed"><span className="label">{t("progress.financedEnterprises")}</span><span className="value">{p.financedEnterprises}</span><span className="muted small">{t("progress.targetEnterprises", { n: p.campaign.targetEnterprises })}</span></div>
        <div className="card stat" data-testid="kpi-first-loan"><span className="label">{t("progress.firstLoanEnterprises")}</span><span className="value">{p.firstLoanEnterprises}</span></div>
        <div className="card stat"><span className="label">{t("progress.outstanding")}</span><span className="value">{short(p.outstanding)}</span><span className="muted small">{t("progress.settled", { n: p.settled.count, early: p.settled.early })}</span></div>
        <div className="card stat" data-testid="kpi-defaulted"><span className="label">{t("progress.defaulted")}</span><span className="value">{short(p.defaulted.amount)}</span><span className="muted small">{t("progress.countOf", { n: p.defaulted.count })}</span></div>
        <div className="card stat"><span className="label">{t("progress.whitelist")}</span><span className="value">{p.whitelist.count}</span><span className="muted small">{t("progress.whitelistNeed", { amount: short(p.whitelist.need) })}</span></div>
        <div className="card stat"><span className="label">{t("progress.appliedEnterprises")}</span><span className="value">{p.applied.enterprises}</span></div>
        <div className="card stat"><span className="label">{t("progress.letters")}</span><span className="value">{p.letters.count}</span><span className="muted small">{short(p.letters.amount)}</span></div>
      </div>
      <Card title={t("progress.byBank")} actions={<span className="row">
        <DownloadLink href={exp("campaign-banks", "csv")}>{t("export.csv")}</DownloadLink><DownloadLink href={exp("campaign-banks", "xlsx")}>{t("export.xlsx")}</DownloadLink>
      </span>}>
        {p.banks.length === 0 ? <EmptyState /> : (
          <>
            {banksWithMedian.length ? (
              <BarChart
                title={t("progress.medianChart")}
                description={banksWithMedian.map((b) => `${b.bankName} ${t("progress.days", { n: b.medianDays ?? 0 })}`).join("; ")}
                bars={banksWithMedian.map((b) => ({ label: b.bankName, value: b.medianDays ?? 0, display: t("progress.days", { n: b.medianDays ?? 0 }) }))}
              />
            ) : null}
            <Table caption={t("progress.byBank")} head={[t("progress.bank"), t("progress.routed"), t("progress.offers"), t("progress.offeredAmount"), t("progress.rejected"), t("progress.disbursedAmount"), t("progress.medianDays")]}>
              {p.banks.map((b) => (
                <tr key={b.bankOrgId} data-testid={`bank-${b.bankOrgId}`}>
                  <td>{b.bankName}{b.inCampaign ? null : <div className="muted small">{t("progress.notInCampaign")}</div>}</td>
                  <td className="num">{b.routed}</td>
                  <td className="num">{b.offers}</td>
                  <td className="num">{formatFen(b.offeredAmount, locale)}</td>
                  <td className="num">{b.rejected}</td>
                  <td className="num">{formatFen(b.disbursedAmount, locale)}</td>
                  <td className="num" data-testid="median-days">{b.medianDays === null ? "—" : t("progress.days", { n: b.medianDays })}{b.decisions ? <div className="muted small">{t("progress.decisions", { n: b.decisions })}</div> : null}</td>
                </tr>
              ))}
            </Table>
          </>
        )}
      </Card>
      <Card title={t("progress.byIndustry")} actions={<span className="row">
        <DownloadLink href={exp("campaign-industries", "csv")}>{t("export.csv")}</DownloadLink><DownloadLink href={exp("campaign-industries", "xlsx")}>{t("export.xlsx")}</DownloadLink>
      </span>}>
        {p.industries.length === 0 ? <EmptyState /> : (
          <>
            <BarChart
              title={t("progress.industryChart")}
              description={p.industries.map((r) => `${industryLabel(t, r.industry)} ${short(r.appliedAmount)}`).join("; ")}
              bars={p.industries.map((r) => ({ label: industryLabel(t, r.industry), value: big(r.appliedAmount), display: short(r.appliedAmount) }))}
            />
            <Table caption={t("progress.byIndustry")} head={[t("progress.industry"), t("progress.appliedCount"), t("progress.appliedAmount"), t("progress.approvedAmount"), t("progress.disbursedAmount"), t("progress.financedEnterprises")]}>
              {p.industries.map((r) => (
                <tr key={r.industry}>
                  <td>{industryLabel(t, r.industry)}</td>
                  <td className="num">{r.appliedCount}</td>
                  <td className="num">{formatFen(r.appliedAmount, locale)}</td>
                  <td className="num">{formatFen(r.approvedAmount, locale)}</td>
                  <td className="num">{formatFen(r.disbursedAmount, locale)}</td>
                  <td className="num">{r.financedEnterprises}</td>
                </tr>
              ))}
            </Table>
          </>
        )}
      </Card>
      <Card title={t("progress.definitionsTitle")}>
        <ul className="small muted">
          {(["applied", "approved", "registered", "disbursed", "firstLoan", "decision"] as const).map((k) => <li key={k}>{t(`progress.def.${k}`)}</li>)}
        </ul>
      </Card>
    </div>
  );
}
