import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { FinStatus, Since } from "#app/components/financing";
import { Card, EmptyState, PageHeader, Table } from "#app/components/ui";
import { formatFen, useLocale, useT } from "#app/i18n/react";
import { listBankQueue } from "#app/services/bank-review.server";
import { requireBusinessUser } from "#app/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "bank");
  const status = new URL(request.url).searchParams.get("status") === "all" ? "all" : "open";
  return { rows: await listBankQueue(su.actor, { status }) };
}

export default function BankQueue() {
  const t = useT();
  const locale = useLocale();
  const { rows } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const all = params.get("status") === "all";
  return (
    <div className="container stack">
      <PageHeader title={t("financing.queue.title")} subtitle={t("financing.queue.subtitle")}
        actions={<Link to={all ? "/bank/applications" : "/bank/applications?status=all"}>{t(all ? "financing.queue.openOnly" : "financing.queue.all")}</Link>} />
      <Card>
        {rows.length === 0 ? <EmptyState>{t("financing.queue.empty")}</EmptyState> : (
          <Table caption={t("financing.queue.title")} head={[t("financing.queue.enterprise"), t("financing.field.amount"), t("financing.field.term"), t("financing.queue.product"), t("financing.queue.score"), t("financing.queue.waiting"), t("financing.field.status")]}>
            {rows.map((r) => r.closed ? (
              <tr key={r.reviewId} data-testid="queue-row">
                <td colSpan={6}><Link to={`/bank/applications/${r.applicationId}`}>{t("financing.closed.title")}</Link></td>
                <td><FinStatus status="closed" /></td>
              </tr>
            ) : (
              <tr key={r.reviewId} data-testid="queue-row">
                <td><Link to={`/bank/applications/${r.applicationId}`}>{r.enterpriseName}</Link></td>
                <td className="num">{formatFen(r.amountFen, locale)}</td>
                <td>{t("financing.months", { n: r.termMonths })}</td>
                <td>{r.productName}</td>
                <td>{r.score ?? "—"}</td>
                <td><Since at={r.submittedAt} /></td>
                <td><FinStatus status={r.reviewStatus} /></td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </div>
  );
}
