import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Terms } from "#app/components/market";
import { Button, Card, EmptyState, FormError, Notice, PageHeader, Table } from "#app/components/ui";
import { DealReviewSchema } from "#app/domain/forms/market";
import { platformFee } from "#app/domain/market/deal";
import { formatDate, formatFen, useLocale, useT } from "#app/i18n/react";
import { confirmOfflinePayment, reviewDeal } from "#app/services/deal-settlement.server";
import { listDealQueues } from "#app/services/deal-views.server";
import { requireAdmin } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireAdmin(request);
  return listDealQueues(su.actor);
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireAdmin(request);
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, DealReviewSchema, t);
  if (!parsed.ok) return parsed.response;
  const v = parsed.value;
  try {
    if (v.intent === "confirmPayment") await confirmOfflinePayment(su.actor, v.dealId, v.reference ?? null);
    else await reviewDeal(su.actor, v.dealId, v.intent, v.intent === "reject" ? v.reason : null);
    return { done: t(`market.deal.done.${v.intent}`), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function DealQueues() {
  const t = useT();
  const locale = useLocale();
  const { approval, awaitingPayment, paid, feeBps } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const failed = result && "values" in result ? String(result.values?.dealId ?? "") : "";
  const reject = (id: string, label: string) => (
    <Form method="post" className="inline-form">
      <input type="hidden" name="dealId" value={id} />
      <label className="sr-only" htmlFor={`reason-${id}`}>{t("admin.reason")}</label>
      <input id={`reason-${id}`} className="input" name="reason" placeholder={t("admin.reasonPlaceholder")} aria-invalid={failed === id ? true : undefined} />
      <Button name="intent" value="reject" variant="danger" disabled={busy}>{label}</Button>
      {failed === id && result && "fieldErrors" in result && result.fieldErrors.reason ? <p className="field-error" role="alert">{result.fieldErrors.reason.join(" ")}</p> : null}
    </Form>
  );
  return (
    <div className="container stack">
      <PageHeader title={t("market.admin.dealQueue")} actions={<Link to="/admin/listings" className="btn btn-secondary">{t("market.admin.listingQueue")}</Link>} />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      {result && "formError" in result ? <FormError message={result.formError} /> : null}
      <Card title={t("market.admin.approvalQueue")}>
        {approval.length === 0 ? <EmptyState>{t("market.admin.approvalQueueEmpty")}</EmptyState> : (
          <Table head={[t("market.deal.listing"), t("market.deal.buyer"), t("market.deal.seller"), t("market.deal.terms"), t("market.deal.accepted"), t("table.actions")]}>
            {approval.map((d) => (
              <tr key={d.id} data-testid={`approve-${d.id}`}>
                <td><Link to={`/deals/${d.id}`}>{d.title}</Link><div className="muted small">{t(`market.mode.${d.mode}`)}</div></td>
                <td>{d.buyer}</td>
                <td>{d.seller}</td>
                <td><Terms d={d} /></td>
                <td>{formatDate(d.acceptedAt, locale, true)}</td>
                <td>
                  <div className="stack">
                    <Form method="post"><input type="hidden" name="dealId" value={d.id} /><Button name="intent" value="approve" disabled={busy}>{t("market.admin.approve")}</Button></Form>
                    {reject(d.id, t("market.admin.reject"))}
                  </div>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
      <Card title={t("market.admin.paymentQueue")}>
        {awaitingPayment.length === 0 ? <EmptyState>{t("market.admin.paymentQueueEmpty")}</EmptyState> : (
          <Table head={[t("market.deal.listing"), t("market.deal.buyer"), t("market.pay.amount"), t("market.pay.memo"), t("market.pay.reference"), t("table.actions")]}>
            {awaitingPayment.map((d) => {
              const fee = platformFee(d.priceFen, feeBps);
              return (
                <tr key={d.id} data-testid={`payment-${d.id}`}>
                  <td><Link to={`/deals/${d.id}`}>{d.title}</Link></td>
                  <td>{d.buyer}</td>
                  <td>{formatFen(d.priceFen + fee, locale)}<div className="muted small">{t("market.admin.feeIncluded", { fee: formatFen(fee, locale) })}</div></td>
                  <td className="mono">{d.id.slice(0, 8).toUpperCase()}</td>
                  <td>{d.reference ?? <span className="muted">{t("market.admin.notReported")}</span>}</td>
                  <td>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="dealId" value={d.id} />
                      <input type="hidden" name="reference" value={d.reference ?? ""} />
                      <Button name="intent" value="confirmPayment" disabled={busy}>{t("market.admin.confirmPayment")}</Button>
                    </Form>
                  </td>
                </tr>
              );
            })}
          </Table>
        )}
      </Card>
      {paid.length ? (
        <Card title={t("market.admin.paidQueue")}>
          <Table head={[t("market.deal.listing"), t("market.deal.buyer"), t("market.deal.terms"), t("table.actions")]}>
            {paid.map((d) => (
              <tr key={d.id}><td><Link to={`/deals/${d.id}`}>{d.title}</Link></td><td>{d.buyer}</td><td><Terms d={d} /></td><td>{reject(d.id, t("market.admin.rejectRefund"))}</td></tr>
            ))}
          </Table>
        </Card>
      ) : null}
    </div>
  );
}
