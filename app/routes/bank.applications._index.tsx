import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FinStatus } from "#app/components/financing";
import { AppNumber, QueueAssets, QueueFilterForm } from "#app/components/financing-queue";
import { Card, EmptyState, PageHeader, Table } from "#app/components/ui";
import { BANK_REVIEW_STATUSES } from "#app/domain/financing/lifecycle";
import { BankQueueFilterSchema, queueFilterFrom } from "#app/domain/forms/financing";
import { formatDate, formatFen, useLocale, useT } from "#app/i18n/react";
import { listBankQueue } from "#app/services/bank-review.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { translateErrors } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "bank");
  const { t } = getT(request);
  const filter = queueFilterFrom(BankQueueFilterSchema, new URL(request.url).searchParams);
  if (!filter.success) {
    const fieldErrors = translateErrors(z.flattenError(filter.error).fieldErrors as Record<string, string[]>, t);
    return data({ rows: [], fieldErrors, formError: t("errors.fixBelow") as string | null }, { status: 400 });
  }
  return { rows: await listBankQueue(su.actor, filter.data), fieldErrors: {} as Record<string, string[]>, formError: null as string | null };
}

export default function BankQueue() {
  const t = useT();
  const locale = useLocale();
  const { rows, fieldErrors, formError } = useLoaderData<typeof loader>();
  return (
    <div className="container stack">
      <PageHeader title={t("financing.queue.title")} subtitle={t("financing.queue.subtitle")} />
      <Card>
        <QueueFilterForm statuses={BANK_REVIEW_STATUSES} statusLabel={(s) => t(`financing.status.${s as (typeof BANK_REVIEW_STATUSES)[number]}`)} errors={fieldErrors} formError={formError} />
      </Card>
      <Card>
        {rows.length === 0 ? <EmptyState>{t("financing.queue.noMatch")}</EmptyState> : (
          <Table caption={`${t("financing.queue.title")} · ${t("financing.queue.count", { n: rows.length })}`} head={[
            t("financing.queue.number"), t("financing.queue.enterprise"), t("financing.queue.assets"), t("financing.field.amount"), t("financing.queue.product"),
            t("financing.queue.score"), t("financing.queue.submitted"), t("financing.queue.accepted"), t("financing.field.status"),
          ]}>
            {rows.map((r) => r.closed ? (
              <tr key={r.reviewId} data-testid="queue-row">
                <td><AppNumber id={r.applicationId} /></td>
                <td colSpan={7}><Link to={`/bank/applications/${r.applicationId}`}>{t("financing.closed.title")}</Link></td>
                <td><FinStatus status="closed" /></td>
              </tr>
            ) : (
              <tr key={r.reviewId} data-testid="queue-row">
                <td><Link to={`/bank/applications/${r.applicationId}`}><AppNumber id={r.applicationId} /></Link></td>
                <td>{r.enterpriseName}</td>
                <td><QueueAssets assets={r.assets} /></td>
                <td className="num">{formatFen(r.amountFen, locale)}<div className="muted small">{t("financing.months", { n: r.termMonths })}</div></td>
                <td>{r.productName}</td>
                <td>{r.score ?? "—"}</td>
                <td>{formatDate(r.submittedAt, locale)}</td>
                <td>{formatDate(r.acceptedAt, locale)}</td>
                <td><FinStatus status={r.reviewStatus} /></td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </div>
  );
}
