import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { LegalStatusBadge } from "#app/components/market";
import { Button, ButtonLink, Card, EmptyState, PageHeader, Table } from "#app/components/ui";
import { useT } from "#app/i18n/react";
import { listMyAssets } from "#app/services/assets.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { isUuid } from "#app/domain/ids";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise", "university");
  const url = new URL(request.url);
  const after = url.searchParams.get("after") ?? "";
  const cut = after.lastIndexOf("_");
  const createdAt = after.slice(0, cut);
  const id = after.slice(cut + 1);
  // The timestamp is PostgreSQL's own text form (microseconds, offset); anything else is ignored.
  const cursor = cut > 0 && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/.test(createdAt) && isUuid(id) ? { createdAt, id } : null;
  return listMyAssets(su.actor, { after: cursor });
}

export default function MyAssets() {
  const t = useT();
  const { items, next } = useLoaderData<typeof loader>();
  return (
    <div className="container stack">
      <PageHeader title={t("market.assets.title")} subtitle={t("market.assets.subtitle")} actions={<>
        <ButtonLink to="/assets/new">{t("market.assets.new")}</ButtonLink>
        <ButtonLink to="/assets/import" variant="secondary">{t("market.assets.import")}</ButtonLink>
      </>} />
      <Card>
        {items.length === 0 ? <EmptyState title={t("market.assets.empty")}>{t("market.assets.emptyHint")}</EmptyState> : (
          <Form method="get" action="/listings/new">
            <Table caption={t("market.assets.title")} head={["", t("market.asset.number"), t("market.asset.title"), t("market.asset.kind"), t("market.asset.legalStatus"), t("market.asset.expiryDate"), t("market.upkeep.title"), ""]}>
              {items.map((a) => (
                <tr key={a.id} data-testid={`asset-${a.number}`}>
                  <td><input type="checkbox" name="assetId" value={a.id} aria-label={t("market.assets.select", { title: a.title })} /></td>
                  <td className="mono">{a.number}</td>
                  <td><Link to={`/assets/${a.id}`}>{a.title}</Link></td>
                  <td>{t(`market.kind.${a.kind}`)}</td>
                  <td><LegalStatusBadge status={a.effectiveStatus} /></td>
                  <td>{a.expiryDate}</td>
                  <td>{a.upkeep ? <span className={`badge badge-${a.upkeep.tone}`}>{t(`market.upkeep.${a.upkeep.kind}`, a.upkeep)}</span> : "—"}</td>
                  <td><Link to={`/listings/new?assetId=${a.id}`}>{t("market.assets.list")}</Link></td>
                </tr>
              ))}
            </Table>
            <div className="row" style={{ marginTop: 12 }}>
              <Button variant="secondary">{t("market.assets.listSelected")}</Button>
              {next ? <Link className="btn btn-ghost" to={`?after=${encodeURIComponent(`${next.createdAt}_${next.id}`)}`}>{t("action.next")}</Link> : null}
            </div>
          </Form>
        )}
      </Card>
    </div>
  );
}
