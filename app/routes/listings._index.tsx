import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ListingPrice, ListingStatusBadge } from "#app/components/market";
import { ButtonLink, Card, EmptyState, PageHeader, Table } from "#app/components/ui";
import { formatDate, useLocale, useT } from "#app/i18n/react";
import { listMyListings } from "#app/services/listings.server";
import { requireBusinessUser } from "#app/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise", "university", "bank");
  return { listings: await listMyListings(su.actor), canCreate: su.org.kind !== "bank" };
}

export default function MyListings() {
  const t = useT();
  const locale = useLocale();
  const { listings, canCreate } = useLoaderData<typeof loader>();
  return (
    <div className="container stack">
      <PageHeader title={t("market.listings.title")} actions={canCreate ? <ButtonLink to="/listings/new">{t("market.listings.new")}</ButtonLink> : null} />
      <Card>
        {listings.length === 0 ? <EmptyState title={t("market.listings.empty")}>{canCreate ? t("market.listings.emptyHint") : null}</EmptyState> : (
          <Table caption={t("market.listings.title")} head={[t("market.listing.title"), t("market.listing.mode"), t("market.listing.askingPrice"), t("market.listing.status"), t("market.listing.created")]}>
            {listings.map((l) => (
              <tr key={l.id} data-testid={`my-listing-${l.id}`}>
                <td><Link to={`/listings/${l.id}`}>{l.title}</Link>{l.disposingOrgId ? <span className="badge badge-neutral">{t("market.listing.disposal")}</span> : null}</td>
                <td>{t(`market.mode.${l.mode}`)}</td>
                <td><ListingPrice l={l} /></td>
                <td><ListingStatusBadge status={l.status} /></td>
                <td>{formatDate(l.createdAt, locale)}</td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </div>
  );
}
