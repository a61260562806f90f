import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FinStatus, rateText } from "#app/components/financing";
import { schemeLabel } from "#app/i18n/labels";
import { listRiskSchemes } from "#app/services/bank-products.server";
import { Card, EmptyState, PageHeader, Table } from "#app/components/ui";
import { formatDate, formatFen, useLocale, useT } from "#app/i18n/react";
import { listBankLoans } from "#app/services/bank-loans.server";
import { requireBusinessUser } from "#app/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "bank");
  return { loans: await listBankLoans(su.actor), schemes: await listRiskSchemes() };
}

export default function BankLoans() {
  const t = useT();
  const locale = useLocale();
  const { loans, schemes } = useLoaderData<typeof loader>();
  return (
    <div className="container stack">
      <PageHeader title={t("fund.bank.loansTitle")} subtitle={t("fund.bank.loansIntro")} />
      <Card>
        {loans.length === 0 ? <EmptyState /> : (
          <Table caption={t("fund.bank.loansTitle")} head={[t("fund.claim.enterprise"), t("financing.loan.principal"), t("fund.bank.unpaid"), t("financing.offer.rate"), t("financing.loan.disbursedOn"), t("fund.scheme"), t("financing.field.status"), t("fund.bank.claims")]}>
            {loans.map((l) => (
              <tr key={l.id} data-testid={`loan-row-${l.id}`}>
                <td><Link to={`/bank/loans/${l.id}`}>{l.enterpriseName}</Link></td>
                <td className="num">{formatFen(l.principalFen, locale)}</td>
                <td className="num">{formatFen(l.unpaidPrincipalFen, locale)}</td>
                <td>{rateText(l.rateBp)}</td>
                <td>{formatDate(l.disbursedOn, locale)}</td>
                <td>{schemeLabel(schemes, l.riskSchemeCode, locale)}</td>
                <td><FinStatus status={l.status} /></td>
                <td className="num">{l.claims}</td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </div>
  );
}
