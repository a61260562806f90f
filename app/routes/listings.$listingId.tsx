import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DealStatusBadge, LegalStatusBadge, ListingPrice, ListingStatusBadge } from "#app/components/market";
import { Button, ButtonLink, Card, DefinitionList, EmptyState, FormError, Notice, PageHeader, Table } from "#app/components/ui";
import { ListingActionSchema } from "#app/domain/forms/market";
import { listingLifecycle } from "#app/domain/market/listing";
import { eventsFrom } from "#app/domain/state-machine";
import { formatDate, formatFen, useLocale, useT } from "#app/i18n/react";
import { changeListing, getListingForManager } from "#app/services/listings.server";
import { auctionsOfListing } from "#app/services/auction-views.server";
import { requireBusinessUser, requireUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { orThrowResponse } from "#app/utils/service-errors.server";
import { readForm } from "#app/utils/body.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireUser(request);
  const page = await orThrowResponse(getListingForManager(su.actor, params.listingId ?? ""));
  return { ...page, auctions: await auctionsOfListing(page.listing.id) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request);
  const { t } = getT(request);
  const form = await readForm(request);
  form.set("listingId", params.listingId ?? "");
  const parsed = parseForm(form, ListingActionSchema, t);
  if (!parsed.ok) return parsed.response;
  try {
    const r = await changeListing(su.actor, parsed.value.listingId, parsed.value.intent);
    return { done: t(`market.listingStatus.${r.status}`), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

const SELLER_EVENTS = new Set(["submit", "pause", "resume", "close", "withdraw"]);

export default function ManageListing() {
  const t = useT();
  const locale = useLocale();
  const { listing: l, assets, deals, canManage, auctions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const events = canManage ? eventsFrom(listingLifecycle, l.status).filter((e) => SELLER_EVENTS.has(e)) : [];
  return (
    <div className="container stack">
      <PageHeader title={l.title} subtitle={t(`market.mode.${l.mode}`)} actions={<>
        <ListingStatusBadge status={l.status} />
        {l.status === "published" ? <ButtonLink to={`/market/${l.id}`} variant="secondary">{t("market.listing.viewPublic")}</ButtonLink> : null}
        {canManage && l.status === "published" && l.mode !== "open_licence" && !auctions.some((a) => a.status === "scheduled" || a.status === "open")
          ? <ButtonLink to={`/listings/${l.id}/auction`} variant="secondary">{t("auction.new.link")}</ButtonLink> : null}
        {canManage && l.status === "draft" ? <ButtonLink to={`/listings/${l.id}/edit`} variant="secondary">{t("market.listing.editDraft")}</ButtonLink> : null}
      </>} />
      {result && "done" in result ? <Notice tone="ok">{t("market.listing.statusNow", { status: result.done })}</Notice> : null}
      <FormError message={result && "formError" in result ? result.formError : null} />
      {l.status === "rejected" && l.reviewReason ? <Notice tone="error">{t("market.listing.rejectedBecause", { reason: l.reviewReason })}</Notice> : null}
      {l.status === "pending_review" ? <Notice tone="info">{t("market.listing.awaitingReview")}</Notice> : null}
      <Card title={t("market.listing.terms")}>
        <DefinitionList items={[
          [t("market.listing.mode"), t(`market.mode.${l.mode}`)],
          [l.mode === "open_licence" ? t("market.listing.openTerms") : t("market.listing.askingPrice"), <ListingPrice l={l} />],
          [t("market.listing.term"), l.termMonths ? t("market.terms.months", { n: l.termMonths }) : "—"],
          [t("market.listing.territory"), l.territory ?? "—"],
          [t("market.listing.submitted"), formatDate(l.submittedAt, locale, true)],
          [t("market.listing.published"), formatDate(l.publishedAt, locale, true)],
        ]} />
        {events.length ? (
          <div className="row" style={{ marginTop: 12 }}>
            {events.map((ev) => (
              <Form method="post" key={ev}>
                <Button name="intent" value={ev} variant={ev === "withdraw" || ev === "close" ? "danger" : ev === "submit" || ev === "resume" ? "primary" : "secondary"} disabled={busy}>
                  {t(`market.listingEvent.${ev}`)}
                </Button>
              </Form>
            ))}
          </div>
        ) : null}
      </Card>
      <Card title={t("market.listing.assets")}>
        <Table head={[t("market.asset.number"), t("market.asset.title"), t("market.asset.kind"), t("market.asset.legalStatus"), t("market.asset.expiryDate")]}>
          {assets.map((a) => (
            <tr key={a.id}><td className="mono">{a.number}</td><td><Link to={`/assets/${a.id}`}>{a.title}</Link></td><td>{t(`market.kind.${a.kind}`)}</td><td><LegalStatusBadge status={a.legalStatus} /></td><td>{a.expiryDate}</td></tr>
          ))}
        </Table>
      </Card>
      {auctions.length ? (
        <Card title={t("auction.listing.auctions")}>
          <Table head={[t("auction.field.kind"), t("auction.field.endsAt"), t("auction.room.field.status")]}>
            {auctions.map((a) => (
              <tr key={a.id}><td><Link to={`/auctions/${a.id}`}>{t(`auction.kind.${a.kind}`)}</Link></td><td>{formatDate(a.endsAt, locale, true)}</td><td>{t(`auction.status.${a.status}`)}</td></tr>
            ))}
          </Table>
        </Card>
      ) : null}
      <Card title={t("market.listing.deals")}>
        {deals.length === 0 ? <EmptyState>{t("market.deals.none")}</EmptyState> : (
          <Table head={[t("market.deal.buyer"), t("market.deal.price"), t("market.deal.status"), t("market.deal.updated")]}>
            {deals.map((d) => (
              <tr key={d.id}><td><Link to={`/deals/${d.id}`}>{d.buyer}</Link></td><td>{formatFen(d.priceFen, locale)}</td><td><DealStatusBadge status={d.status} /></td><td>{formatDate(d.updatedAt, locale, true)}</td></tr>
            ))}
          </Table>
        )}
      </Card>
    </div>
  );
}
