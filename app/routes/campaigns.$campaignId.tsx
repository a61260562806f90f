import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { formatFenShort } from "#app/components/charts";
import { ButtonLink, Card, DefinitionList, EmptyState, Notice, PageHeader, StatusBadge, Table } from "#app/components/ui";
import { formatFen, useLocale, useT } from "#app/i18n/react";
import { getCampaignForViewer } from "#app/services/campaign-views.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { industryLabel } from "#app/i18n/labels";

/** Where the financing context's application form lives; `?campaign=` makes it an application within the campaign. */
export const APPLY_PATH = "/financing/apply";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise", "bank");
  const url = new URL(request.url);
  const raw = url.searchParams.get("after");
  const cut = raw ? raw.lastIndexOf("~") : -1;
  const after = raw && cut > 0 && /^[0-9a-f-]{36}$/i.test(raw.slice(cut + 1)) ? { name: raw.slice(0, cut), id: raw.slice(cut + 1) } : null;
  try {
    return { ...(await getCampaignForViewer(su.actor, params.campaignId ?? "", { after })), kind: su.org.kind };
  } catch (e) {
    if (e instanceof ServiceError && e.status === 404) throw new Response("Not Found", { status: 404 });
    throw e;
  }
}

export default function CampaignForViewer() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const c = d.campaign;
  const rate = (bp: number) => t("campaign.rate", { spread: (bp >= 0 ? "+" : "") + bp });
  const nextLink = d.needs?.next ? `?${new URLSearchParams({ after: `${d.needs.next.name}~${d.needs.next.id}` })}` : null;
  return (
    <div className="container stack">
      <PageHeader
        title={c.name}
        subtitle={<>{c.startsOn} – {c.endsOn} · <StatusBadge status={c.status} label={t(`campaign.status.${c.status}`)} /></>}
        actions={d.canApply ? <ButtonLink to={`${APPLY_PATH}?campaign=${c.id}`}>{t("campaign.applyWithin")}</ButtonLink> : null}
      />
      {c.description ? <p>{c.description}</p> : null}
      {d.kind === "enterprise" ? (
        d.own ? (
          <Notice tone="ok">{t("campaign.youAreEnrolled", { need: formatFen(d.own.needAmount, locale) })}</Notice>
        ) : (
          <Notice>{t("campaign.parkEnterprise")}</Notice>
        )
      ) : null}
      <Card title={t("campaign.overview")}>
        <DefinitionList items={[[t("campaign.field.parks"), d.parks.map((p) => (locale === "en" ? p.nameEn : p.nameZh)).join(locale === "en" ? ", " : "、")]]} />
      </Card>
      <Card title={t("campaign.catalogueTitle")}>
        {d.banks.length === 0 ? <EmptyState /> : (
          <div className="stack">
            {d.banks.map((b) => (
              <section key={b.bankOrgId} aria-label={b.bankName} data-testid={`catalogue-${b.bankOrgId}`}>
                <h3>{b.bankName}</h3>
                {b.intendedCreditLine !== null ? <p className="muted small">{t("campaign.creditLine", { amount: formatFenShort(BigInt(b.intendedCreditLine), locale) })}</p> : null}
                {b.products.length === 0 ? <p className="muted">{t("campaign.noProducts")}</p> : (
                  <Table caption={b.bankName} head={[t("campaign.product"), t("campaign.amountRange"), t("campaign.termRange"), t("campaign.rateLabel")]}>
                    {b.products.map((p) => (
                      <tr key={p.id}>
                        <td>{p.name}{p.description ? <div className="muted small">{p.description}</div> : null}</td>
                        <td className="num">{formatFenShort(BigInt(p.minAmountFen), locale)} – {formatFenShort(BigInt(p.maxAmountFen), locale)}</td>
                        <td className="num">{t("campaign.months", { min: p.minTermMonths, max: p.maxTermMonths })}</td>
                        <td className="num">{rate(p.spreadBp)}</td>
                      </tr>
                    ))}
                  </Table>
                )}
              </section>
            ))}
          </div>
        )}
      </Card>
      {d.needs ? (
        <Card title={t("campaign.needsTitle")} actions={<span className="row">
          <a href={`/campaigns/${c.id}/export?format=csv`} download>{t("export.csv")}</a>
          <a href={`/campaigns/${c.id}/export?format=xlsx`} download>{t("export.xlsx")}</a>
        </span>}>
          {d.needs.items.length === 0 ? <EmptyState>{t("campaign.whitelistEmpty")}</EmptyState> : (
            <Table caption={t("campaign.needsTitle")} head={[t("campaign.field.enterpriseName"), t("campaign.field.uscc"), t("campaign.field.industry"), t("campaign.field.need"), t("campaign.field.purpose"), t("campaign.field.contact")]}>
              {d.needs.items.map((e) => (
                <tr key={e.id} data-testid={`need-${e.uscc}`}>
                  <td>{e.enterpriseName}</td>
                  <td className="mono">{e.uscc}</td>
                  <td>{industryLabel(t, e.industry)}</td>
                  <td className="num">{formatFenShort(BigInt(e.needAmount), locale)}</td>
                  <td className="small">{e.purpose ?? "—"}</td>
                  <td className="small">{e.contactName ?? ""}{e.contactPhone ? <div className="mono">{e.contactPhone}</div> : null}</td>
                </tr>
              ))}
            </Table>
          )}
          <nav className="pagination" aria-label={t("pagination.label")}>
            {params.get("after") ? <Link className="btn btn-secondary" to="?">{t("campaign.firstPage")}</Link> : null}
            {nextLink ? <Link className="btn btn-secondary" to={nextLink}>{t("action.next")}</Link> : null}
          </nav>
        </Card>
      ) : null}
    </div>
  );
}
