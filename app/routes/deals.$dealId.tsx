import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { DealStatusBadge, percentText, Terms } from "#app/components/market";
import { Button, Card, DefinitionList, Field, FormError, Notice, PageHeader, Table, TextareaField } from "#app/components/ui";
import { InstalmentFields } from "#app/components/public-money";
import { DealActionSchema, DealReviewSchema } from "#app/domain/forms/market";
import { fromDateRange } from "#app/domain/market/deal";
import { formatDate, formatFen, useLocale, useT } from "#app/i18n/react";
import { actOnDeal } from "#app/services/deals.server";
import { confirmOfflinePayment, reportOfflineTransfer, reviewDeal } from "#app/services/deal-settlement.server";
import { getDeal } from "#app/services/deal-views.server";
import { bankTransferDetails, startCheckout } from "#app/services/payments.server";
import { requireBusinessUser, requireUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { orThrowResponse } from "#app/utils/service-errors.server";
import { isMessageKey } from "#app/i18n/index";
import { readForm } from "#app/utils/body.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireUser(request);
  const deal = await orThrowResponse(getDeal(su.actor, params.dealId ?? ""));
  return { ...deal, bank: bankTransferDetails() };
}

const ADMIN_INTENTS = new Set(["approve", "reject", "confirmPayment"]);

export async function action({ request, params }: ActionFunctionArgs) {
  const su = await requireUser(request);
  const { t, locale } = getT(request);
  const form = await readForm(request);
  const dealId = params.dealId ?? "";
  form.set("dealId", dealId);
  try {
    if (ADMIN_INTENTS.has(String(form.get("intent")))) {
      const parsed = parseForm(form, DealReviewSchema, t);
      if (!parsed.ok) return parsed.response;
      const v = parsed.value;
      if (v.intent === "confirmPayment") await confirmOfflinePayment(su.actor, dealId, v.reference ?? null);
      else await reviewDeal(su.actor, dealId, v.intent, v.intent === "reject" ? v.reason : null);
      return { done: t(`market.deal.done.${v.intent}`), fieldErrors: {} as Record<string, string[]> };
    }
    await requireBusinessUser(request);
    const parsed = parseForm(form, DealActionSchema, t);
    if (!parsed.ok) return parsed.response;
    const v = parsed.value;
    if (v.intent === "pay") {
      const url = new URL(request.url);
      const { url: checkout } = await startCheckout(su.actor, dealId, { origin: url.origin, locale });
      if (!checkout) throw new Error("Stripe returned no Checkout URL");
      return redirect(checkout);
    }
    if (v.intent === "reportTransfer") {
      await reportOfflineTransfer(su.actor, dealId, v.reference ?? null);
      return { done: t("market.deal.done.reportTransfer"), fieldErrors: {} as Record<string, string[]> };
    }
    if (v.intent === "counter") {
      await actOnDeal(su.actor, dealId, { event: "counter", terms: {
        priceFen: v.price, royaltyBp: v.royaltyPercent ?? null, termMonths: v.termMonths ?? null, startDate: v.startDate ?? null, message: v.message ?? null,
        instalmentCount: v.instalmentCount ?? null, instalmentMonths: v.instalmentMonths ?? null, instalmentFen: v.instalmentAmount ?? null,
      } });
    } else {
      await actOnDeal(su.actor, dealId, { event: v.intent, reason: "reason" in v ? (v.reason ?? null) : null });
    }
    return { done: t(`market.deal.done.${v.intent}`), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function DealPage() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [params] = useSearchParams();
  const e = result?.fieldErrors ?? {};
  const deal = d.deal;
  const can = (ev: string) => d.events.includes(ev as never);
  const pendingOffline = d.payments.find((p) => p.provider === "offline" && p.status === "pending");
  return (
    <div className="container stack">
      <PageHeader title={d.listing.title} subtitle={`${t(`market.mode.${deal.mode}`)} · ${t("market.deal.buyer")}：${d.buyer} · ${t("market.deal.seller")}：${d.seller}`}
        actions={<span data-testid="deal-status"><DealStatusBadge status={deal.status} /></span>} />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      <FormError message={result && "formError" in result ? result.formError : null} />
      {params.get("paid") && deal.status === "approved" ? <Notice tone="info">{t("market.deal.paymentProcessing")}</Notice> : null}
      {deal.status === "completed" ? <Notice tone="ok"><span data-testid="deal-completed">{deal.mode === "transfer" ? t("market.deal.completedTransfer") : t("market.deal.completedLicence")}</span> <Link to="/licences">{t("market.licences.title")}</Link></Notice> : null}
      {deal.decisionReason && (deal.status === "rejected" || deal.status === "declined" || deal.status === "cancelled" || deal.status === "refunded") ? (
        <Notice tone="warn">{t("market.deal.reason", { reason: isMessageKey(deal.decisionReason) ? t(deal.decisionReason) : deal.decisionReason })}</Notice>
      ) : null}
      <Card title={t("market.deal.currentTerms")}>
        <DefinitionList items={[
          [t("market.deal.price"), <Terms d={deal} />],
          [t("market.deal.fee", { pct: percentText(d.feeBps) }), formatFen(d.feeFen, locale)],
          [t("market.deal.total"), <strong data-testid="deal-total">{formatFen(d.totalFen, locale)}</strong>],
          [t("market.deal.lastOfferBy"), t(`market.side.${deal.lastOfferBy}`)],
          [t("market.deal.listing"), <Link to={`/market/${d.listing.id}`}>{d.listing.title}</Link>],
          [t("market.thread.link"), <Link to={`/deals/${deal.id}/messages`} data-testid="thread-link">
            {t("market.thread.link")}{d.unreadMessages ? ` · ${t("market.thread.unread", { n: d.unreadMessages })}` : ""}</Link>],
        ]} />
      </Card>

      {d.side && (can("accept") || can("decline") || can("cancel")) ? (
        <Card title={t("market.deal.yourMove")}>
          <div className="row">
            {can("accept") ? <Form method="post"><Button name="intent" value="accept" disabled={busy}>{t("market.deal.accept")}</Button></Form> : null}
            {can("decline") ? <Form method="post"><Button name="intent" value="decline" variant="danger" disabled={busy}>{t("market.deal.decline")}</Button></Form> : null}
            {can("cancel") ? <Form method="post"><Button name="intent" value="cancel" variant="ghost" disabled={busy}>{t("market.deal.cancel")}</Button></Form> : null}
          </div>
          {can("counter") ? (
            <Form method="post" className="form" noValidate style={{ marginTop: 16 }}>
              <input type="hidden" name="intent" value="counter" />
              <h3>{t("market.deal.counter")}</h3>
              <div className="form-row">
                <Field label={t("market.offer.price")} name="price" inputMode="decimal" required error={e.price} />
                {deal.mode !== "transfer" ? <Field label={t("market.offer.royalty")} name="royaltyPercent" optional inputMode="decimal" error={e.royaltyPercent} /> : null}
                {deal.mode !== "transfer" ? <Field label={t("market.offer.termMonths")} name="termMonths" type="number" min={1} optional defaultValue={String(deal.termMonths ?? "")} error={e.termMonths} /> : null}
              </div>
              {deal.mode !== "transfer" ? <InstalmentFields errors={e} /> : null}
              <TextareaField label={t("market.offer.message")} name="message" optional error={e.message} maxLength={1000} />
              <Button variant="secondary" disabled={busy}>{t("market.deal.sendCounter")}</Button>
            </Form>
          ) : null}
        </Card>
      ) : null}

      {d.canPay ? (
        <Card title={t("market.pay.title")}>
          {d.bank.online ? (
            <Form method="post">
              <p>{t("market.pay.online", { total: formatFen(d.totalFen, locale) })}</p>
              <Button name="intent" value="pay" disabled={busy}>{t("market.pay.checkout")}</Button>
            </Form>
          ) : (
            <>
              <p>{t("market.pay.offline", { total: formatFen(d.totalFen, locale) })}</p>
              <div data-testid="bank-transfer">
                <DefinitionList items={[
                  [t("market.pay.accountName"), d.bank.accountName],
                  [t("market.pay.bank"), d.bank.bank],
                  [t("market.pay.accountNumber"), <span className="mono">{d.bank.accountNumber}</span>],
                  [t("market.pay.amount"), formatFen(d.totalFen, locale)],
                  [t("market.pay.memo"), <span className="mono">{deal.id.slice(0, 8).toUpperCase()}</span>],
                ]} />
              </div>
              <Form method="post" className="inline-form" style={{ marginTop: 12 }}>
                <input type="hidden" name="intent" value="reportTransfer" />
                <label htmlFor="f-reference">{t("market.pay.reference")}</label>
                <input id="f-reference" className="input" name="reference" maxLength={120} defaultValue={pendingOffline?.reference ?? ""} style={{ maxWidth: 260 }} />
                <Button variant="secondary" disabled={busy}>{pendingOffline ? t("market.pay.updateReport") : t("market.pay.report")}</Button>
              </Form>
              {pendingOffline ? <p className="muted small" data-testid="transfer-reported">{t("market.pay.reported")}</p> : null}
            </>
          )}
        </Card>
      ) : null}

      {d.isAdmin && (deal.status === "pending_approval" || deal.status === "approved" || deal.status === "paid") ? (
        <Card title={t("market.admin.actions")}>
          <div className="stack">
            {deal.status === "pending_approval" ? <Form method="post"><Button name="intent" value="approve" disabled={busy}>{t("market.admin.approve")}</Button></Form> : null}
            {deal.status === "approved" && !d.bank.online ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="confirmPayment" />
                <label htmlFor="f-adm-ref">{t("market.pay.reference")}</label>
                <input id="f-adm-ref" className="input" name="reference" defaultValue={pendingOffline?.reference ?? ""} style={{ maxWidth: 220 }} />
                <Button disabled={busy}>{t("market.admin.confirmPayment")}</Button>
              </Form>
            ) : null}
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="reject" />
              <label className="sr-only" htmlFor="f-adm-reason">{t("admin.reason")}</label>
              <input id="f-adm-reason" className="input" name="reason" placeholder={t("admin.reasonPlaceholder")} aria-invalid={e.reason ? true : undefined} style={{ maxWidth: 300 }} />
              <Button variant="danger" disabled={busy}>{deal.status === "paid" ? t("market.admin.rejectRefund") : t("market.admin.reject")}</Button>
              {e.reason ? <p className="field-error" role="alert">{e.reason.join(" ")}</p> : null}
            </Form>
          </div>
        </Card>
      ) : null}

      <Card title={t("market.deal.history")}>
        <Table head={[t("market.deal.when"), t("market.deal.by"), t("market.deal.terms"), t("market.offer.message")]}>
          {d.history.map((h) => (
            <tr key={h.id}>
              <td>{formatDate(h.createdAt, locale, true)}</td>
              <td>{t(`market.side.${h.side}`)}</td>
              <td><Terms d={{ priceFen: h.priceFen, royaltyBp: h.royaltyBp, termMonths: h.termMonths, startDate: h.startDate, instalmentCount: h.instalmentCount, instalmentMonths: h.instalmentMonths, instalmentFen: h.instalmentFen }} /></td>
              <td>{h.message ?? ""}</td>
            </tr>
          ))}
        </Table>
      </Card>
      {d.payments.length ? (
        <Card title={t("market.deal.payments")}>
          <Table head={[t("market.deal.when"), t("market.pay.provider"), t("market.pay.amount"), t("market.deal.status"), t("market.pay.reference")]}>
            {d.payments.map((p) => (
              <tr key={p.id}>
                <td>{formatDate(p.createdAt, locale, true)}</td>
                <td>{t(`market.pay.provider.${p.provider}`)}</td>
                <td>{formatFen(p.totalFen, locale)}</td>
                <td>{t(`market.paymentStatus.${p.status}`)}</td>
                <td>{p.reference ?? ""}</td>
              </tr>
            ))}
          </Table>
        </Card>
      ) : null}
      {d.licences.length ? (
        <Card title={t("market.licences.title")}>
          <ul className="notice-list">
            {d.licences.map((l) => <li key={l.id}>{t(`market.licenceKind.${l.kind}`)} · {fromDateRange(l.period).start} – {fromDateRange(l.period).end ?? t("market.openEnded")}</li>)}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}
