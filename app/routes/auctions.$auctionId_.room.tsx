import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ButtonLink, Card, EmptyState, PageHeader, Table } from "#app/components/ui";
import { isMessageKey } from "#app/i18n/index";
import { useT } from "#app/i18n/react";
import { dataRoomIndex, openDataRoomDocument } from "#app/services/auction-data-room.server";
import { requireUser } from "#app/utils/auth.server";
import { orThrowResponse } from "#app/utils/service-errors.server";

/** The data room: the documents of each asset; `?doc=` opens one (and logs the view). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireUser(request);
  const id = params.auctionId ?? "";
  const index = await orThrowResponse(dataRoomIndex(su.actor, id));
  const key = new URL(request.url).searchParams.get("doc");
  const doc = key ? await orThrowResponse(openDataRoomDocument(su.actor, id, key)) : null;
  return { index, doc };
}

export default function DataRoom() {
  const t = useT();
  const { index, doc } = useLoaderData<typeof loader>();
  const base = `/auctions/${index.auctionId}/room`;
  return (
    <div className="container stack">
      <PageHeader title={t("auction.room.title")} subtitle={t("auction.room.hint")} actions={<ButtonLink to={`/auctions/${index.auctionId}`} variant="secondary">{t("auction.room.back")}</ButtonLink>} />
      {index.assets.map((a) => (
        <Card key={a.id} title={`${a.number} · ${a.title}`}>
          <ul className="row" style={{ listStyle: "none", padding: 0, flexWrap: "wrap" }}>
            {a.documents.map((d) => <li key={d.key}><Link to={`${base}?doc=${encodeURIComponent(d.key)}`}>{t(`auction.room.section.${d.section}`)}</Link></li>)}
          </ul>
        </Card>
      ))}
      {doc ? (
        <Card title={`${t(`auction.room.section.${doc.section}`)} · ${doc.assetNumber}`}>
          <div data-testid="data-room-document">
            {doc.rows.length === 0 ? <EmptyState>{t("auction.room.empty")}</EmptyState> : doc.rows.map((r, i) => (
              <Table key={i} head={r.map((f) => (isMessageKey(f.label) ? t(f.label) : f.label))}>
                <tr>{r.map((f) => <td key={f.label}>{f.value == null ? "—" : (isMessageKey(`auction.room.value.${f.value}`) ? t(`auction.room.value.${f.value}` as Parameters<typeof t>[0]) : f.value)}</td>)}</tr>
              </Table>
            ))}
          </div>
        </Card>
      ) : null}
    </div>
  );
}
