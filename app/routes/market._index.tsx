import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ListingCard } from "#app/components/market";
import { SaveSearchForm } from "#app/components/saved-search";
import { Button, Card, EmptyState, Field, FormError, PageHeader, SelectField } from "#app/components/ui";
import { INDUSTRIES } from "#app/domain/industries";
import { SORTS } from "#app/domain/market/search";
import { bandCounts, kindCounts, modeCounts } from "#app/domain/market/facets";
import { translator, type Locale } from "#app/i18n/index";
import { useLocale, useT } from "#app/i18n/react";
import { searchListings } from "#app/services/market.server";
import { marketFacets } from "#app/services/market-facets.server";
import { listParks } from "#app/services/parks.server";
import { getT } from "#app/utils/i18n.server";
import { parseMarketQuery } from "#app/utils/market-query.server";

export const meta: MetaFunction = ({ matches }) => {
  const locale = ((matches.find((m) => m.id === "root")?.data as { locale?: Locale } | undefined)?.locale ?? "zh-CN") as Locale;
  return [{ title: translator(locale)("market.title") }];
};

/** The public market: anyone may search published listings. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = getT(request);
  const url = new URL(request.url);
  const parks = await listParks();
  const parsed = parseMarketQuery(url.searchParams, t, { yuan: true });
  if (!parsed.ok) return data({ parks, items: [], nextCursor: null, facets: null, fieldErrors: parsed.fields, formError: t("errors.fixBelow") }, { status: 400 });
  const [result, facets] = await Promise.all([searchListings(parsed.query), marketFacets(parsed.query)]);
  return { parks, ...result, facets: facets as typeof facets | null, fieldErrors: {} as Record<string, string[]>, formError: null as string | null };
}

export default function Market() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const v = (k: string) => params.get(k) ?? "";
  const e = d.fieldErrors;
  const nextParams = new URLSearchParams(params);
  if (d.nextCursor) nextParams.set("cursor", d.nextCursor);
  const firstParams = new URLSearchParams(params);
  firstParams.delete("cursor");
  const f = d.facets;
  const num = (n: number) => n.toLocaleString(locale === "en" ? "en" : "zh-CN");
  // An option's label with how many of the matches it has ("about" when the counts are estimates).
  const counted = (label: string, n: number | undefined) => (f ? t("market.facet.count", { label, n: f.estimated ? t("market.facet.about", { n: num(n ?? 0) }) : num(n ?? 0) }) : label);
  return (
    <div className="container stack">
      <PageHeader title={t("market.title")} subtitle={t("market.subtitle")} />
      <Card>
        <FormError message={d.formError} />
        <Form method="get" className="filters" role="search" aria-label={t("market.searchLabel")}>
          <Field label={t("market.filter.q")} name="q" type="search" defaultValue={v("q")} error={e.q} placeholder={t("market.filter.qPlaceholder")} maxLength={60} />
          <SelectField label={t("market.filter.kind")} name="kind" defaultValue={v("kind")} error={e.kind}
            options={[{ value: "", label: t("market.filter.any") }, ...kindCounts(f?.facets).map(([k, n]) => ({ value: k, label: counted(t(`market.kind.${k}`), n) }))]} />
          <SelectField label={t("market.filter.mode")} name="mode" defaultValue={v("mode")} error={e.mode}
            options={[{ value: "", label: t("market.filter.any") }, ...modeCounts(f?.facets).map(([k, n]) => ({ value: k, label: counted(t(`market.mode.${k}`), n) }))]} />
          <Button>{t("action.search")}</Button>
          {/* The rarer filters fold away, so that on a phone the results start on the first screen. */}
          <details className="more-filters" open={["industry", "park", "band", "minYuan", "maxYuan", "highValue"].some((k) => v(k) !== "") || undefined}>
            <summary>{t("market.filter.more")}</summary>
            <div className="filters">
              <SelectField label={t("market.filter.industry")} name="industry" defaultValue={v("industry")} error={e.industry}
                options={[{ value: "", label: t("market.filter.any") }, ...INDUSTRIES.map((k) => ({ value: k, label: counted(t(`industry.${k}`), f?.facets.industry[k]) }))]} />
              <SelectField label={t("market.filter.park")} name="park" defaultValue={v("park")} error={e.park}
                options={[{ value: "", label: t("market.filter.any") }, ...d.parks.map((p) => ({ value: p.id, label: counted(locale === "en" ? p.nameEn : p.nameZh, f?.facets.park[p.id]) }))]} />
              <SelectField label={t("market.filter.band")} name="band" defaultValue={v("band")} error={e.band}
                options={[{ value: "", label: t("market.filter.any") }, ...bandCounts(f?.facets).map(([b, n]) => ({ value: b, label: counted(t(`market.band.${b}`), n) }))]} />
              <Field label={t("market.filter.minYuan")} name="minYuan" inputMode="decimal" defaultValue={v("minYuan")} error={e.minYuan} />
              <Field label={t("market.filter.maxYuan")} name="maxYuan" inputMode="decimal" defaultValue={v("maxYuan")} error={e.maxYuan} />
              <SelectField label={t("market.filter.sort")} name="sort" defaultValue={v("sort") || "newest"} error={e.sort}
                options={SORTS.map((k) => ({ value: k, label: t(`market.sort.${k}`) }))} />
              <label className="row">
                <input type="checkbox" name="highValue" value="1" defaultChecked={v("highValue") === "1"} /> {counted(t("market.filter.highValue"), f?.facets.highValue)}
              </label>
            </div>
          </details>
        </Form>
        <SaveSearchForm />
      </Card>
      {f ? (
        <p className="muted" data-testid="result-count" aria-live="polite">
          {f.estimated ? t("market.count.estimated", { n: num(f.total) }) : t("market.count.exact", { n: num(f.total) })}
          {f.estimated ? <span className="small"> {t("market.count.estimatedNote")}</span> : null}
        </p>
      ) : null}
      {d.items.length === 0 ? (
        <Card><EmptyState title={t("market.empty")}>{t("market.emptyHint")}</EmptyState></Card>
      ) : (
        <section className="grid grid-3" aria-label={t("market.results")} data-testid="market-results">
          {d.items.map((l) => <ListingCard key={l.id} l={l} />)}
        </section>
      )}
      <nav className="pagination" aria-label={t("pagination.label")}>
        {params.get("cursor") ? <Link className="btn btn-secondary" to={`?${firstParams}`}>{t("market.firstPage")}</Link> : null}
        {d.nextCursor ? <Link className="btn btn-secondary" to={`?${nextParams}`} rel="next">{t("action.next")}</Link> : null}
      </nav>
    </div>
  );
}
