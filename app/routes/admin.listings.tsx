import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { KindList, LegalStatusBadge, ListingPrice } from "#app/components/market";
import { Button, Card, EmptyState, FormError, Notice, PageHeader, Table } from "#app/components/ui";
import { ListingReviewSchema } from "#app/domain/forms/market";
import { formatDate, useLocale, useT } from "#app/i18n/react";
import { listReviewQueue, reviewListing } from "#app/services/listings.server";
import { requireAdmin } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireAdmin(request);
  return { queue: await listReviewQueue(su.actor) };
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireAdmin(request);
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, ListingReviewSchema, t);
  if (!parsed.ok) return parsed.response;
  const v = parsed.value;
  try {
    const l = await reviewListing(su.actor, v.listingId, v.intent, v.intent === "reject" ? v.reason : null);
    return { done: t(v.intent === "approve" ? "market.admin.listingApproved" : "market.admin.listingRejected", { title: l.title }), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function ListingQueue() {
  const t = useT();
  const locale = useLocale();
  const { queue } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const failed = result && "values" in result ? String(result.values?.listingId ?? "") : "";
  // A refusal shows at its listing's row; one for a listing not in the queue (gone, or a malformed id) shows above it.
  const atRow = !!failed && queue.some((l) => l.id === failed);
  return (
    <div className="container stack">
      <PageHeader title={t("market.admin.listingQueue")} actions={<Link to="/admin/deals" className="btn btn-secondary">{t("market.admin.dealQueue")}</Link>} />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      {result && "formError" in result && !atRow ? <FormError message={result.formError} unplaced={result.fieldErrors} /> : null}
      <Card>
        {queue.length === 0 ? <EmptyState>{t("market.admin.listingQueueEmpty")}</EmptyState> : (
          <Table caption={t("market.admin.listingQueue")} head={[t("market.listing.title"), t("market.listing.seller"), t("market.listing.mode"), t("market.listing.askingPrice"), t("market.listing.assets"), t("market.listing.submitted"), t("table.actions")]}>
            {queue.map((l) => (
              <tr key={l.id} data-testid={`review-${l.id}`}>
                <td><Link to={`/listings/${l.id}`}>{l.title}</Link><div className="muted small"><KindList kinds={l.kinds} /></div></td>
                <td>{l.seller}</td>
                <td>{t(`market.mode.${l.mode}`)}{l.territory ? <div className="muted small">{l.territory}</div> : null}</td>
                <td><ListingPrice l={l} /></td>
                <td>{l.assets.map((a) => <div key={a.id}><span className="mono">{a.number}</span> <LegalStatusBadge status={a.legalStatus} /></div>)}</td>
                <td>{formatDate(l.submittedAt, locale, true)}</td>
                <td>
                  <div className="stack">
                    <Form method="post">
                      <input type="hidden" name="listingId" value={l.id} />
                      <Button name="intent" value="approve" disabled={busy}>{t("market.admin.approve")}</Button>
                    </Form>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="listingId" value={l.id} />
                      <label className="sr-only" htmlFor={`reason-${l.id}`}>{t("admin.reason")}</label>
                      <input id={`reason-${l.id}`} className="input" name="reason" placeholder={t("admin.reasonPlaceholder")} aria-invalid={failed === l.id ? true : undefined} />
                      <Button name="intent" value="reject" variant="danger" disabled={busy}>{t("market.admin.reject")}</Button>
                      {failed === l.id && result && "fieldErrors" in result && result.fieldErrors.reason ? <p className="field-error" role="alert">{result.fieldErrors.reason.join(" ")}</p> : null}
                      {failed === l.id && result && "formError" in result && !result.fieldErrors.reason ? <p className="field-error" role="alert">{result.formError}</p> : null}
                    </Form>
                  </div>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </div>
  );
}
