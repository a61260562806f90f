import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ButtonLink, Card, EmptyState, PageHeader, Table } from "#app/components/ui";
import { parseDocumentKey, parseFileDocumentKey } from "#app/domain/market/auction";
import { formatDate, useLocale, useT } from "#app/i18n/react";
import { dataRoomIndex, dataRoomViewLog } from "#app/services/auction-data-room.server";
import { requireUser } from "#app/utils/auth.server";
import { orThrowResponse } from "#app/utils/service-errors.server";

/** The seller's log of the data room: who opened which document, when. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireUser(request);
  const id = params.auctionId ?? "";
  const log = await orThrowResponse(dataRoomViewLog(su.actor, id));
  const index = await orThrowResponse(dataRoomIndex(su.actor, id));
  const numbers = Object.fromEntries(index.assets.map((a) => [a.id, a.number]));
  const files = new Map(index.files.map((f) => [f.id, f]));
  return {
    auctionId: id,
    rows: log.map((r) => {
      const ref = parseDocumentKey(r.document);
      const file = files.get(parseFileDocumentKey(r.document) ?? "");
      if (file) return { ...r, assetNumber: file.fileName, section: file.kind };
      return { ...r, assetNumber: ref ? (numbers[ref.assetId] ?? "") : "", section: ref?.section ?? null };
    }),
  };
}

export default function DataRoomViews() {
  const t = useT();
  const locale = useLocale();
  const { auctionId, rows } = useLoaderData<typeof loader>();
  return (
    <div className="container stack">
      <PageHeader title={t("auction.views.title")} actions={<ButtonLink to={`/auctions/${auctionId}`} variant="secondary">{t("auction.room.back")}</ButtonLink>} />
      <Card>
        {rows.length === 0 ? <EmptyState>{t("auction.views.none")}</EmptyState> : (
          <Table head={[t("auction.views.when"), t("auction.views.org"), t("auction.views.user"), t("auction.views.document")]}>
            {rows.map((r, i) => (
              <tr key={i}>
                <td>{formatDate(r.viewedAt, locale, true)}</td>
                <td>{r.orgName}</td>
                <td>{r.userName ?? r.userEmail ?? "—"}</td>
                <td>{r.section ? `${t(`auction.room.section.${r.section}`)} · ${r.assetNumber}` : r.document}</td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </div>
  );
}
