import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, ButtonLink, Card, DefinitionList, EmptyState, Field, FormError, Notice, PageHeader, StatusBadge, Table } from "#app/components/ui";
import { AuctionCountdown } from "#app/components/auction-countdown";
import { AuctionActionSchema } from "#app/domain/forms/auctions";
import { formatDate, formatFen, useLocale, useT } from "#app/i18n/react";
import { cancelAuction, placeBid, registerBidder } from "#app/services/auctions.server";
import { getAuctionView } from "#app/services/auction-views.server";
import { endUnsold, offerToRunnerUp } from "#app/services/auction-runner-up.server";
import { getSessionUser, requireBusinessUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { orThrowResponse } from "#app/utils/service-errors.server";
import { readForm } from "#app/utils/body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.listing.title ?? "" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await getSessionUser(request);
  const view = await orThrowResponse(getAuctionView(su?.actor ?? null, params.auctionId ?? ""));
  const left = view.auction.endsAt.getTime() - Date.now();
  // A fresh key per rendering of the bid form: a resubmitted (retried) form carries the same one.
  return { ...view, signedIn: !!su, minutesLeft: left > 0 ? Math.ceil(left / 60_000) : 0, msLeft: Math.max(0, left), bidKey: randomUUID() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request);
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, AuctionActionSchema, t);
  if (!parsed.ok) return parsed.response;
  const v = parsed.value;
  const id = params.auctionId ?? "";
  try {
    if (v.intent === "register") {
      await registerBidder(su.actor, id, { acceptRules: true });
      return { done: t("auction.registered"), fieldErrors: {} as Record<string, string[]> };
    }
    if (v.intent === "cancel") {
      await cancelAuction(su.actor, id);
      return { done: t("auction.cancelledDone"), fieldErrors: {} as Record<string, string[]> };
    }
    if (v.intent === "runnerUp") {
      await offerToRunnerUp(su.actor, id);
      return { done: t("auction.runnerUpOffered"), fieldErrors: {} as Record<string, string[]> };
    }
    if (v.intent === "unsold") {
      await endUnsold(su.actor, id);
      return { done: t("auction.endedUnsold"), fieldErrors: {} as Record<string, string[]> };
    }
    const r = await placeBid(su.actor, id, { amountFen: v.amount, idempotencyKey: v.idempotencyKey });
    return { done: t("auction.bidPlaced", { seq: r.seq }), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function AuctionPage() {
  const t = useT();
  const locale = useLocale();
  const { auction: a, lapsed, listing, bids, seller, admin, registered, canRegister, wonDealId, signedIn, minutesLeft, msLeft, bidKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const e = result?.fieldErrors ?? {};
  const live = a.status === "scheduled" || a.status === "open";
  const sealedHidden = a.kind === "sealed" && live;
  const myBid = bids.find((b) => b.mine);
  return (
    <div className="container stack">
      <PageHeader
        title={t("auction.page.title", { title: locale === "en" && listing.titleEn ? listing.titleEn : listing.title })}
        subtitle={t(`auction.kind.${a.kind}`)}
        actions={<>
          <StatusBadge status={a.status} label={t(`auction.status.${a.status}`)} />
          <ButtonLink to={`/market/${listing.id}`} variant="secondary">{t("auction.page.listing")}</ButtonLink>
        </>}
      />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      <FormError message={result && "formError" in result ? result.formError : null} />
      {wonDealId ? <Notice tone="ok">{t("auction.page.won")} <Link to={`/deals/${wonDealId}`}>{t("auction.page.viewDeal")}</Link></Notice> : null}
      {a.status === "failed_reserve" ? <Notice tone="warn">{t("auction.page.failedReserve")}</Notice> : null}
      {a.status === "unsold" ? <Notice tone="warn">{t("auction.page.unsold")}</Notice> : null}
      {lapsed ? <LapsedAward lapsed={lapsed} seller={seller} busy={busy} /> : null}
      <div className="grid grid-2">
        <Card title={t("auction.page.terms")}>
          <DefinitionList items={[
            [t("auction.page.currentPrice"), <span data-testid="auction-price">{sealedHidden ? t("auction.page.sealedHidden") : a.currentPriceFen != null ? formatFen(a.currentPriceFen, locale) : t("auction.page.noBids")}</span>],
            [t("auction.field.startPrice"), formatFen(a.startPriceFen, locale)],
            ...(a.kind === "ascending" ? [[t("auction.field.increment"), formatFen(a.incrementFen, locale)] as [string, string]] : []),
            ...(a.reservePriceFen != null ? [[t("auction.field.reservePrice"), formatFen(a.reservePriceFen, locale)] as [string, string]] : []),
            ...(a.reserveMet != null ? [[t("auction.page.reserve"), a.reserveMet ? t("auction.page.reserveMet") : t("auction.page.reserveNotMet")] as [string, string]] : []),
            [t("auction.field.startsAt"), formatDate(a.startsAt, locale, true)],
            [t("auction.field.endsAt"), formatDate(a.endsAt, locale, true)],
            [t("auction.page.timeLeft"), live && a.biddable
              ? <AuctionCountdown msLeft={msLeft} serverText={t("auction.page.minutesLeft", { n: minutesLeft })} />
              : <span data-testid="auction-time-left">{live && minutesLeft > 0 ? t("auction.page.minutesLeft", { n: minutesLeft }) : t("auction.page.ended")}</span>],
            ...(a.extensionMinutes ? [[t("auction.field.extensionMinutes"), t("auction.page.extensionRule", { n: a.extensionMinutes })] as [string, string]] : []),
            [t("auction.page.bidCount"), String(a.bidCount)],
          ]} />
          {listing.disposal ? <p className="muted small">{t("auction.page.disposalNote")}</p> : null}
          <div className="row">
            {registered || seller || admin ? <ButtonLink to={`/auctions/${a.id}/room`} variant="secondary">{t("auction.room.title")}</ButtonLink> : null}
            {seller || admin ? <ButtonLink to={`/auctions/${a.id}/views`} variant="secondary">{t("auction.views.title")}</ButtonLink> : null}
            {(seller || admin) && (live || a.status === "closed") ? (
              <Form method="post">
                <input type="hidden" name="intent" value="cancel" />
                <Button variant="danger" disabled={busy}>{t("auction.page.cancel")}</Button>
              </Form>
            ) : null}
          </div>
        </Card>
        <Card title={t("auction.page.bid")}>
          {!signedIn ? <p><Link to={`/login?redirectTo=${encodeURIComponent(`/auctions/${a.id}`)}`}>{t("auction.page.signIn")}</Link></p>
            : seller ? <p className="muted">{t("auction.page.own")}</p>
            : canRegister ? (
              <Form method="post" className="form" aria-label={t("auction.register.title")}>
                <input type="hidden" name="intent" value="register" />
                <p>{t("auction.register.rules")}</p>
                {a.kind === "ascending" && a.extensionMinutes > 0 ? <p>{t("auction.register.extensionRule", { extension: a.extensionMinutes })}</p> : null}
                {a.kind === "sealed" ? <p>{t("auction.register.sealedRule")}</p> : null}
                <label className="row">
                  <input type="checkbox" name="acceptRules" aria-invalid={e.acceptRules ? true : undefined} /> {t("auction.register.accept")}
                </label>
                {e.acceptRules ? <p className="field-error" role="alert">{e.acceptRules.join(" ")}</p> : null}
                <Button disabled={busy}>{t("auction.register.submit")}</Button>
              </Form>
            )
            : registered && sealedHidden && myBid ? <p data-testid="sealed-bid-in">{t("auction.page.sealedBidIn", { amount: formatFen(myBid.amountFen, locale) })}</p>
            : registered && a.biddable ? (
              <Form method="post" className="form" noValidate aria-label={t("auction.page.bid")}>
                <input type="hidden" name="intent" value="bid" />
                <input type="hidden" name="idempotencyKey" value={bidKey} />
                <Field label={t("auction.field.amount")} name="amount" required inputMode="decimal" error={e.amount}
                  hint={t("auction.page.minimum", { min: formatFen(a.minimumBidFen, locale) })} />
                <Button disabled={busy}>{t("auction.page.placeBid")}</Button>
              </Form>
            )
            : registered ? <p className="muted">{live ? t("auction.page.notStarted") : t("auction.page.ended")}</p>
            : <p className="muted">{t("auction.page.cannotBid")}</p>}
        </Card>
      </div>
      <Card title={a.kind === "sealed" && live ? t("auction.page.myBids") : t("auction.page.history")}>
        {bids.length === 0 ? <EmptyState>{t("auction.page.noBids")}</EmptyState> : (
          <Table head={[t("auction.page.seq"), t("auction.page.bidder"), t("auction.field.amount"), t("auction.page.at")]}>
            {bids.map((b) => (
              <tr key={b.id}>
                <td>{b.seq}</td>
                <td>{b.bidder ?? (b.mine ? t("auction.page.you") : t("auction.page.bidderNo", { n: b.bidderNo }))}</td>
                <td>{formatFen(b.amountFen, locale)}</td>
                <td>{formatDate(b.createdAt, locale, true)}</td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </div>
  );
}

/** The seller's choice once the deal the auction made has fallen through. */
function LapsedAward({ lapsed, seller, busy }: { lapsed: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["lapsed"]>; seller: boolean; busy: boolean }) {
  const t = useT();
  const locale = useLocale();
  const ru = lapsed.runnerUp;
  return (
    <Card title={t("auction.page.lapsedTitle")}>
      <p>{t("auction.page.lapsed", { status: t(`market.dealStatus.${lapsed.dealStatus as "rejected" | "cancelled" | "refunded"}`) })} <Link to={`/deals/${lapsed.dealId}`}>{t("auction.page.viewDeal")}</Link></p>
      <p>{ru ? t("auction.page.runnerUp", { bidder: ru.bidder ?? "", amount: formatFen(ru.amountFen, locale) }) : t("auction.page.noRunnerUp")}</p>
      {seller ? (
        <div className="row">
          {ru ? (
            <Form method="post">
              <input type="hidden" name="intent" value="runnerUp" />
              <Button disabled={busy}>{t("auction.page.offerRunnerUp")}</Button>
            </Form>
          ) : null}
          <Form method="post">
            <input type="hidden" name="intent" value="unsold" />
            <Button variant="danger" disabled={busy}>{t("auction.page.endUnsold")}</Button>
          </Form>
        </div>
      ) : null}
    </Card>
  );
}
