import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FinStatus, rateText } from "#app/components/financing";
import { ButtonLink, Card, EmptyState, PageHeader, Table } from "#app/components/ui";
import { DEFAULT_LPR_1Y_BP } from "#app/domain/financing/rates";
import { formatFen, useLocale, useT } from "#app/i18n/react";
import { listMyProducts } from "#app/services/bank-products.server";
import { requireBusinessUser } from "#app/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "bank");
  return { products: await listMyProducts(su.actor) };
}

export default function Products() {
  const t = useT();
  const locale = useLocale();
  const { products } = useLoaderData<typeof loader>();
  return (
    <div className="container stack">
      <PageHeader title={t("financing.products.title")} actions={<ButtonLink to="/bank/products/new">{t("financing.products.new")}</ButtonLink>} />
      <Card>
        {products.length === 0 ? <EmptyState>{t("financing.products.none")}</EmptyState> : (
          <Table caption={t("financing.products.title")} head={[t("financing.product.name"), t("financing.product.amountRange"), t("financing.product.termRange"), t("financing.offer.rate"), t("financing.field.status")]}>
            {products.map((p) => (
              <tr key={p.id}>
                <td><Link to={`/bank/products/${p.id}`}>{p.name}</Link></td>
                <td className="num">{formatFen(p.minAmountFen, locale)} – {formatFen(p.maxAmountFen, locale)}</td>
                <td>{t("financing.monthsRange", { min: p.minTermMonths, max: p.maxTermMonths })}</td>
                <td>{rateText(DEFAULT_LPR_1Y_BP + p.spreadBp)} (LPR {p.spreadBp >= 0 ? "+" : ""}{p.spreadBp} bp)</td>
                <td><FinStatus status={p.status} /></td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </div>
  );
}
