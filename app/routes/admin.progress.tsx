import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminNav } from "#app/components/admin-nav";
import { BarChart, formatFenShort, TargetProgress } from "#app/components/charts";
import { ButtonLink, Card, EmptyState, PageHeader, Table, DownloadLink } from "#app/components/ui";
import { formatFen, useLocale, useT } from "#app/i18n/react";
import type { TargetUnit } from "#app/domain/targets";
import type { Locale, Translate } from "#app/i18n/index";
import { platformProgress } from "#app/services/campaign-progress.server";
import { targetMetricProgress } from "#app/services/policy-targets.server";
import { insuredAmountProgress } from "#app/services/insurance-progress.server";
import { requireAdmin } from "#app/utils/auth.server";
import { industryLabel } from "#app/i18n/labels";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireAdmin(request);
  const [progress, metricTargets, insurance] = await Promise.all([
    platformProgress(su.actor), targetMetricProgress(su.actor), insuredAmountProgress(su.actor),
  ]);
  return { ...progress, metricTargets, insurance };
}

/** A figure in its metric's unit, as the dashboard shows it. */
function figure(unit: TargetUnit, v: bigint | string | null, t: Translate, locale: Locale): string {
  if (v === null) return "—";
  const n = BigInt(v);
  const hundredths = (x: bigint) => `${x < 0n ? "-" : ""}${(x < 0n ? -x : x) / 100n}.${((x < 0n ? -x : x) % 100n).toString().padStart(2, "0")}`;
  switch (unit) {
    case "fen": return formatFenShort(n, locale);
    case "count": return t("progress.unitValue.count", { n: n.toString() });
    case "per10k": return t("progress.unitValue.per10k", { n: hundredths(n) });
    case "growthBp": return t("progress.unitValue.growthBp", { n: hundredths(n) });
  }
}

type Dim = { key: string | null; labelZh: string | null; labelEn: string | null; count: number; amount: bigint };

export default function PlatformProgress() {
  const t = useT();
  const locale = useLocale();
  const p = useLoaderData<typeof loader>();
  const short = (v: bigint | string) => formatFenShort(BigInt(v), locale);
  const exp = (by: string, format: string) => `/admin/exports/platform-registered?by=${by}&format=${format}`;
  const annual = p.targets.filter((x) => x.scope === "city" && x.period === "annual").sort((a, b) => b.toYear - a.toYear)[0];
  const dims: Array<{ by: "district" | "park" | "bank" | "industry"; rows: Dim[]; name: (r: Dim) => string }> = [
    { by: "district", rows: p.byDistrict, name: (r) => r.key ?? t("progress.unknown") },
    { by: "park", rows: p.byPark, name: (r) => (locale === "en" ? r.labelEn : r.labelZh) ?? t("progress.noPark") },
    { by: "bank", rows: p.byBank, name: (r) => r.labelZh ?? "—" },
    { by: "industry", rows: p.byIndustry, name: (r) => industryLabel(t, r.key ?? "other") },
  ];
  return (
    <div className="container stack">
      <PageHeader title={t("progress.platformTitle")} subtitle={t("progress.platformIntro")}
        actions={<>
          <ButtonLink variant="secondary" to="/admin/targets">{t("progress.targets.edit")}</ButtonLink>
          <ButtonLink download variant="secondary" to="/admin/exports/policy-targets?format=xlsx">{t("progress.targets.export")}</ButtonLink>
        </>} />
      <AdminNav />
      <Card title={t("progress.targets.title")}>
        {p.targets.length + p.metricTargets.length === 0 ? <EmptyState /> : (
          <div className="stack">
            {p.targets.map((x) => (
              <div key={x.id} data-testid={`target-${x.code}`}>
                <TargetProgress label={`${locale === "en" ? x.labelEn : x.labelZh} (${x.fromYear === x.toYear ? x.fromYear : `${x.fromYear}–${x.toYear}`})`}
                  value={BigInt(x.actual)} target={BigInt(x.targetAmount)} display={`${short(x.actual)} / ${short(x.targetAmount)}`} />
                {x.source ? <p className="muted small">{x.source}</p> : null}
              </div>
            ))}
            {p.metricTargets.map((x) => {
              const label = `${locale === "en" ? x.labelEn : x.labelZh} (${x.fromYear === x.toYear ? x.fromYear : `${x.fromYear}–${x.toYear}`})`;
              const shown = `${figure(x.unit, x.actual, t, locale)} / ${figure(x.unit, x.target, t, locale)}`;
              return (
                <div key={x.id} data-testid={`target-${x.code}`}>
                  {x.actual === null ? (
                    <div className="row" style={{ justifyContent: "space-between" }}><span>{label}</span><span className="num">{shown}</span></div>
                  ) : <TargetProgress label={label} value={BigInt(x.actual)} target={BigInt(x.target)} display={shown} />}
                  {x.note ? <p className="muted small" role="note">{t(x.note)}</p> : null}
                  {x.baselineYear !== null && x.baselineValue !== null ? <p className="muted small">{t("progress.targets.baselineText", { year: x.baselineYear, value: figure(x.unit, x.baselineValue, t, locale) })}</p> : null}
                  {x.population ? <p className="muted small">{t("progress.population.used", { year: x.population.year, people: x.population.people.toLocaleString("en-US") })}</p> : null}
                  {x.source ? <p className="muted small">{x.source}</p> : null}
                </div>
              );
            })}
          </div>
        )}
      </Card>
      <Card title={t("progress.byYear")} actions={<span className="row"><DownloadLink href={exp("year", "csv")}>{t("export.csv")}</DownloadLink><DownloadLink href={exp("year", "xlsx")}>{t("export.xlsx")}</DownloadLink></span>}>
        {p.byYear.length === 0 ? <EmptyState>{t("progress.noRegistrations")}</EmptyState> : (
          <>
            <BarChart title={t("progress.byYear")} description={p.byYear.map((r) => `${r.year}: ${short(r.amount)}`).join("; ")}
              bars={p.byYear.map((r) => ({ label: String(r.year), value: BigInt(r.amount), display: short(r.amount) }))}
              target={annual ? { value: BigInt(annual.targetAmount), display: short(annual.targetAmount) } : null}
              targetLabel={annual ? t("progress.annualTarget", { year: annual.toYear }) : undefined} />
            <Table caption={t("progress.byYear")} head={[t("progress.dim.year"), t("progress.registrations"), t("progress.registeredAmount")]}>
              {p.byYear.map((r) => <tr key={r.year}><td>{r.year}</td><td className="num">{r.count}</td><td className="num">{formatFen(r.amount, locale)}</td></tr>)}
            </Table>
          </>
        )}
      </Card>
      <div className="grid grid-2">
        {dims.map((d) => (
          <Card key={d.by} title={t(`progress.by.${d.by}`)} actions={<span className="row"><DownloadLink href={exp(d.by, "csv")}>{t("export.csv")}</DownloadLink><DownloadLink href={exp(d.by, "xlsx")}>{t("export.xlsx")}</DownloadLink></span>}>
            {d.rows.length === 0 ? <EmptyState>{t("progress.noRegistrations")}</EmptyState> : (
              <>
                <BarChart title={t(`progress.by.${d.by}`)} description={d.rows.slice(0, 10).map((r) => `${d.name(r)} ${short(r.amount)}`).join("; ")}
                  bars={d.rows.slice(0, 10).map((r) => ({ label: d.name(r), value: BigInt(r.amount), display: short(r.amount) }))} />
                <Table caption={t(`progress.by.${d.by}`)} head={[t(`progress.dim.${d.by}`), t("progress.registrations"), t("progress.registeredAmount")]}>
                  {d.rows.map((r, i) => <tr key={`${r.key}-${i}`}><td>{d.name(r)}</td><td className="num">{r.count}</td><td className="num">{formatFen(r.amount, locale)}</td></tr>)}
                </Table>
              </>
            )}
          </Card>
        ))}
      </div>
      <Card title={t("insurance.progress.title")}>
        <div data-testid="insured-amount" className="stack">
          <TargetProgress label={t("insurance.progress.target", { district: p.insurance.target.district, year: p.insurance.target.year, growth: p.insurance.target.growthBp / 100 })}
            value={BigInt(p.insurance.target.actualFen)} target={BigInt(p.insurance.target.targetFen)} display={`${short(p.insurance.target.actualFen)} / ${short(p.insurance.target.targetFen)}`} />
          <p className="muted small">{t("insurance.progress.base", { amount: formatFen(p.insurance.target.baseFen, locale) })}</p>
          {p.insurance.years.length ? (
            <Table caption={t("insurance.progress.title")} head={[t("progress.dim.year"), t("insurance.progress.policies"), t("insurance.progress.city"), t("insurance.progress.district", { district: p.insurance.target.district })]}>
              {p.insurance.years.map((y) => <tr key={y.year}><td>{y.year}</td><td className="num">{y.policies}</td><td className="num">{formatFen(y.cityFen, locale)}</td><td className="num">{formatFen(y.districtFen, locale)}</td></tr>)}
            </Table>
          ) : <EmptyState />}
        </div>
      </Card>
      <Card title={t("progress.hv.title")}>
        <p className="muted small">{t("progress.hv.intro")}</p>
        <div className="grid grid-4" data-testid="high-value-patents">
          <div className="card stat"><span className="label">{t("progress.hv.highValue")}</span><span className="value">{p.highValuePatents.highValue}</span><span className="muted small">{t("progress.hv.ofValid", { n: p.highValuePatents.validInventions })}</span></div>
          {(["strategic", "overseas", "maintained", "highPledge", "awarded"] as const).map((k) => (
            <div className="card stat" key={k}><span className="label">{t(`progress.hv.${k}`)}</span><span className="value">{p.highValuePatents[k]}</span></div>
          ))}
        </div>
      </Card>
    </div>
  );
}
