import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MoneyStatus } from "#app/components/public-money";
import { Card, EmptyState, PageHeader, Table } from "#app/components/ui";
import { formatDate, formatFen, useLocale, useT } from "#app/i18n/react";
import { listInsurerPolicies } from "#app/services/insurance-policies.server";
import { requireBusinessUser } from "#app/utils/auth.server";

/** The insurer's queue: cover requested from its products, then its policies. Nothing of another insurer's. */
export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "insurer");
  return { policies: await listInsurerPolicies(su.actor) };
}

export default function InsurerHome() {
  const t = useT();
  const locale = useLocale();
  const { policies } = useLoaderData<typeof loader>();
  return (
    <div className="container stack">
      <PageHeader title={t("insurer.title")} subtitle={t("insurer.intro")} actions={<Link to="/insurer/products">{t("insurer.nav.products")}</Link>} />
      <Card>
        {policies.length === 0 ? <EmptyState /> : (
          <Table caption={t("insurer.title")} head={[t("insurance.insured"), t("insurance.product"), t("insurance.subject"), t("insurance.requested"), t("insurance.cover"), t("insurance.premium"), t("insurance.requestedAt"), t("insurance.status")]}>
            {policies.map((p) => (
              <tr key={p.id} data-testid={`policy-row-${p.id}`}>
                <td><Link to={`/insurer/policies/${p.id}`}>{p.insuredName}</Link></td>
                <td>{p.productName}</td>
                <td>{p.loanId ? t("insurance.subject.loan", { amount: formatFen(p.loanPrincipalFen, locale), bank: p.bankName ?? "" }) : t("insurance.subject.deal", { title: p.dealTitle ?? "" })}</td>
                <td className="num">{formatFen(p.requestedCoverFen, locale)}</td>
                <td className="num">{formatFen(p.coverFen, locale)}</td>
                <td className="num">{formatFen(p.premiumFen, locale)}</td>
                <td>{formatDate(p.createdAt, locale)}</td>
                <td><MoneyStatus kind="policy" status={p.status} /></td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </div>
  );
}
