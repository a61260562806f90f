import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DealStatusBadge, LegalStatusBadge, ListingPrice, localTitle, percentText } from "#app/components/market";
import { Button, ButtonLink, Card, DefinitionList, Field, FormError, Notice, PageHeader, TextareaField } from "#app/components/ui";
import { InstalmentFields } from "#app/components/public-money";
import { MarketListingActionSchema } from "#app/domain/forms/market";
import { formatDate, formatFen, formatYuan, useLocale, useT } from "#app/i18n/react";
import { acceptOpenLicence, makeOffer } from "#app/services/deals.server";
import { getPublicListing } from "#app/services/market.server";
import { auctionsOfListing } from "#app/services/auction-views.server";
import { getSessionUser, requireBusinessUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { orThrowResponse } from "#app/utils/service-errors.server";
import { TechnologyCard } from "#app/components/technology";
import { readForm } from "#app/utils/body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.listing.title ?? "" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await getSessionUser(request);
  const page = await orThrowResponse(getPublicListing(su?.actor ?? null, params.listingId ?? ""));
  const l = page.listing;
  const mine = !!su && (su.org.id === l.sellerOrgId || su.org.id === l.disposingOrgId);
  const canBuy = !!su && su.org.status === "verified" && (su.org.kind === "enterprise" || su.org.kind === "university") && !mine && l.status === "published" && !page.soldReason;
  const live = (await auctionsOfListing(l.id)).find((a) => a.status === "scheduled" || a.status === "open") ?? null;
  return { ...page, auctionId: live?.id ?? null, viewer: su ? { signedIn: true, canBuy, mine } : { signedIn: false, canBuy: false, mine: false } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request);
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, MarketListingActionSchema, t);
  if (!parsed.ok) return parsed.response;
  const v = parsed.value;
  try {
    const id = params.listingId ?? "";
    const deal = v.intent === "acceptOpen"
      ? await acceptOpenLicence(su.actor, id)
      : await makeOffer(su.actor, id, {
        priceFen: v.price, royaltyBp: v.royaltyPercent ?? null, termMonths: v.termMonths ?? null, startDate: v.startDate ?? null, message: v.message ?? null,
        instalmentCount: v.instalmentCount ?? null, instalmentMonths: v.instalmentMonths ?? null, instalmentFen: v.instalmentAmount ?? null,
      });
    return redirect(`/deals/${deal.id}`);
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function ListingPage() {
  const t = useT();
  const locale = useLocale();
  const { listing: l, assets, seller, myDeal, viewer, valuation, soldReason, auctionId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const e = result?.fieldErrors ?? {};
  const val = (k: string) => String(result?.values?.[k] ?? "");
  const here = `/market/${l.id}`;
  return (
    <div className="container stack">
      <PageHeader
        title={localTitle(locale, l)}
        subtitle={[t(`market.mode.${l.mode}`), seller?.name].filter(Boolean).join(" · ")}
        actions={<ButtonLink to="/market" variant="secondary">{t("market.backToMarket")}</ButtonLink>}
      />
      {auctionId ? <Notice tone="info">{t("auction.page.atAuction")} <Link to={`/auctions/${auctionId}`}>{t("auction.page.goToAuction")}</Link></Notice> : null}
      {l.status !== "published" ? <Notice tone="warn">{t("market.notPublishedNotice", { status: t(`market.listingStatus.${l.status}`) })}</Notice> : null}
      <div className="grid grid-2">
        <Card title={t("market.listing.terms")}>
          <DefinitionList items={[
            [t("market.listing.mode"), t(`market.mode.${l.mode}`)],
            [l.mode === "open_licence" ? t("market.listing.openTerms") : t("market.listing.askingPrice"), <span data-testid="listing-price"><ListingPrice l={l} /></span>],
            ...(l.termMonths ? [[t("market.listing.term"), t("market.terms.months", { n: l.termMonths })] as [string, string]] : []),
            ...(l.territory ? [[t("market.listing.territory"), l.territory] as [string, string]] : []),
            [t("market.listing.seller"), `${seller?.name ?? ""}${seller?.parkZh ? ` · ${locale === "en" ? seller.parkEn : seller.parkZh}` : ""}`],
            [t("market.listing.published"), formatDate(l.publishedAt, locale)],
          ]} />
          {l.disposal ? <p className="muted small">{t("market.listing.disposalNote")}</p> : null}
          {l.description ? <p style={{ whiteSpace: "pre-wrap" }}>{l.description}</p> : null}
        </Card>
        <Card title={l.mode === "open_licence" ? t("market.open.title") : t("market.offer.title")}>
          <FormError message={result?.formError} />
          {myDeal ? (
            <Notice tone="info">
              {t("market.offer.existing")} <DealStatusBadge status={myDeal.status} /> <Link to={`/deals/${myDeal.id}`}>{t("action.view")}</Link>
            </Notice>
          ) : soldReason ? (
            <Notice tone="warn"><span data-testid="listing-sold">{t(soldReason)}</span></Notice>
          ) : !viewer.signedIn ? (
            <p><Link to={`/login?redirectTo=${encodeURIComponent(here)}`}>{t("market.offer.signIn")}</Link></p>
          ) : viewer.mine ? (
            <p className="muted">{t("market.offer.own")} <Link to={`/listings/${l.id}`}>{t("market.offer.manage")}</Link></p>
          ) : !viewer.canBuy ? (
            <p className="muted">{t("market.offer.cannotBuy")}</p>
          ) : l.mode === "open_licence" ? (
            <Form method="post" className="form">
              <input type="hidden" name="intent" value="acceptOpen" />
              <input type="hidden" name="listingId" value={l.id} />
              <p>{t("market.open.explain", {
                fee: l.openFeeFen != null ? formatFen(l.openFeeFen, locale) : "—",
                royalty: l.royaltyBp != null ? percentText(l.royaltyBp) : "—",
                months: l.termMonths ?? "—", territory: l.territory ?? "—",
              })}</p>
              <label className="row">
                <input type="checkbox" name="agree" aria-invalid={e.agree ? true : undefined} /> {t("market.open.agree")}
              </label>
              {e.agree ? <p className="field-error" role="alert">{e.agree.join(" ")}</p> : null}
              <Button disabled={busy}>{t("market.open.accept")}</Button>
            </Form>
          ) : (
            <Form method="post" className="form" noValidate>
              <input type="hidden" name="intent" value="offer" />
              <input type="hidden" name="listingId" value={l.id} />
              <div className="form-row">
                <Field label={t("market.offer.price")} name="price" required inputMode="decimal" defaultValue={val("price")} error={e.price} hint={t("market.offer.priceHint")} />
                {l.mode !== "transfer" ? <Field label={t("market.offer.royalty")} name="royaltyPercent" optional inputMode="decimal" defaultValue={val("royaltyPercent")} error={e.royaltyPercent} /> : null}
              </div>
              {l.mode !== "transfer" ? (
                <div className="form-row">
                  <Field label={t("market.offer.termMonths")} name="termMonths" type="number" min={1} max={600} optional defaultValue={val("termMonths") || String(l.termMonths ?? "")} error={e.termMonths} />
                  <Field label={t("market.offer.startDate")} name="startDate" type="date" optional defaultValue={val("startDate")} error={e.startDate} />
                </div>
              ) : null}
              {l.mode !== "transfer" ? <InstalmentFields errors={e} values={val} /> : null}
              <TextareaField label={t("market.offer.message")} name="message" optional defaultValue={val("message")} error={e.message} maxLength={1000} />
              <Button disabled={busy}>{t("market.offer.submit")}</Button>
            </Form>
          )}
        </Card>
      </div>
      <TechnologyCard technology={l.technology} />
      {valuation ? (
        <Card title={t("market.valuation.title")}>
          <p className="stat" data-testid="listing-valuation">
            <span className="value">{`${formatYuan(valuation.lowFen, locale)} – ${formatYuan(valuation.highFen, locale)}`}</span>
            <span className="label">{t("market.valuation.base", { base: formatYuan(valuation.baseFen, locale) })}</span>
          </p>
          <p className="muted small">{t("market.valuation.note", { date: formatDate(valuation.completedAt, locale), until: formatDate(valuation.validUntil, locale), model: valuation.modelVersion ?? "" })}</p>
        </Card>
      ) : null}
      {assets.map((a) => (
        <Card key={a.id} title={localTitle(locale, a)} actions={<LegalStatusBadge status={a.legalStatus} />}>
          <DefinitionList items={[
            [t("market.asset.kind"), t(`market.kind.${a.kind}`)],
            [t("market.asset.number"), <span className="mono">{a.kind === "trademark" ? a.number : `ZL${a.number}`}</span>],
            [t("market.asset.filingDate"), a.filingDate],
            [a.kind === "trademark" ? t("market.asset.registrationDate") : t("market.asset.grantDate"), a.grantDate ?? "—"],
            [t("market.asset.expiryDate"), a.expiryDate],
            [t("market.asset.industry"), t(`industry.${a.industry}`)],
            [a.kind === "trademark" ? t("market.asset.niceClasses") : t("market.asset.ipcClasses"), (a.kind === "trademark" ? a.niceClasses.map(String) : a.ipcClasses).join(", ") || "—"],
            [t("market.asset.overseasFamily"), String(a.overseasFamilyCount)],
            [t("market.asset.awards"), a.awards.map((x) => t(`market.award.${x}`)).join("、") || "—"],
            [t("market.asset.coOwners"), a.coOwnerCount ? t("market.asset.coOwnerCount", { n: a.coOwnerCount }) : "—"],
            [t("market.highValue"), a.highValueReasons.length ? a.highValueReasons.map((r) => t(`market.highValueReason.${r}`)).join("、") : t("market.no")],
          ]} />
          {(locale === "en" && a.abstractEn) || a.abstract ? <p style={{ whiteSpace: "pre-wrap" }}>{locale === "en" && a.abstractEn ? a.abstractEn : a.abstract}</p> : null}
        </Card>
      ))}
    </div>
  );
}
