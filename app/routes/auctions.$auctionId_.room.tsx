import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, ButtonLink, Card, EmptyState, FormError, Notice, PageHeader, SelectField, Table } from "#app/components/ui";
import { DataRoomUploadSchema } from "#app/domain/forms/auctions";
import { DATA_ROOM_SECTIONS } from "#app/domain/market/auction";
import { isMessageKey } from "#app/i18n/index";
import { formatDate, useLocale, useT } from "#app/i18n/react";
import { dataRoomIndex, openDataRoomDocument } from "#app/services/auction-data-room.server";
import { addDataRoomDocument, requireDataRoomUploader } from "#app/services/auction-documents.server";
import { requireBusinessUser, requireUser } from "#app/utils/auth.server";
import { readUpload } from "#app/utils/body.server";
import { env } from "#app/utils/env.server";
import { parseForm, serviceErrorResponse, type FormErrors } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { retryAfterHeaders } from "#app/utils/route-headers";
import { orThrowResponse } from "#app/utils/service-errors.server";

export const headers = retryAfterHeaders;

/** The data room: the documents of each asset and the seller's uploads; `?doc=` opens one (and logs the view). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireUser(request);
  const id = params.auctionId ?? "";
  const index = await orThrowResponse(dataRoomIndex(su.actor, id));
  const key = new URL(request.url).searchParams.get("doc");
  const doc = key ? await orThrowResponse(openDataRoomDocument(su.actor, id, key)) : null;
  return { index, doc, maxMb: Math.floor(env.UPLOAD_MAX_BYTES / 1048576) };
}

/** The seller's upload (multipart through the upload boundary: a refused body is the file field's message). */
export async function action({ request, params }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request);
  const { t } = getT(request);
  // Who may upload is known before the body is read: a stranger's or a closed room's upload is refused unread.
  try {
    await requireDataRoomUploader(su.actor, params.auctionId ?? "");
  } catch (e) {
    return serviceErrorResponse(e, t);
  }
  const body = await readUpload(request, t, { maxBytes: env.UPLOAD_MAX_BYTES, messageKey: "market.errors.fileTooLarge" });
  if (!body.ok) return body.response;
  const form = body.form;
  const parsed = parseForm(form, DataRoomUploadSchema, t);
  if (!parsed.ok) return parsed.response;
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) {
    return data<FormErrors>({ formError: t("errors.fixBelow"), fieldErrors: { file: [t("errors.required")] } }, { status: 400 });
  }
  try {
    await addDataRoomDocument(su.actor, params.auctionId ?? "", { kind: parsed.value.kind, file: { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } });
    return { done: t("auction.room.uploaded"), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function DataRoom() {
  const t = useT();
  const locale = useLocale();
  const { index, doc, maxMb } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const e = result?.fieldErrors ?? {};
  const base = `/auctions/${index.auctionId}/room`;
  return (
    <div className="container stack">
      <PageHeader title={t("auction.room.title")} subtitle={t("auction.room.hint")} actions={<ButtonLink to={`/auctions/${index.auctionId}`} variant="secondary">{t("auction.room.back")}</ButtonLink>} />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      <FormError message={result && "formError" in result ? result.formError : null} />
      {index.assets.map((a) => (
        <Card key={a.id} title={`${a.number} · ${a.title}`}>
          <ul className="row" style={{ listStyle: "none", padding: 0, flexWrap: "wrap" }}>
            {a.documents.map((d) => <li key={d.key}><Link to={`${base}?doc=${encodeURIComponent(d.key)}`}>{t(`auction.room.section.${d.section}`)}</Link></li>)}
          </ul>
        </Card>
      ))}
      <Card title={t("auction.room.files")}>
        {index.files.length === 0 ? <EmptyState>{t("auction.room.noFiles")}</EmptyState> : (
          <Table head={[t("auction.room.fileKind"), t("auction.room.fileName"), t("auction.room.uploadedAt")]}>
            {index.files.map((f) => (
              <tr key={f.id}>
                <td>{t(`auction.room.section.${f.kind}`)}</td>
                <td><a href={`${base}/files/${f.id}`}>{f.fileName}</a></td>
                <td>{formatDate(f.createdAt, locale, true)}</td>
              </tr>
            ))}
          </Table>
        )}
        {index.canUpload ? (
          <Form method="post" encType="multipart/form-data" className="form" aria-label={t("auction.room.upload")}>
            <SelectField label={t("auction.room.fileKind")} name="kind" error={e.kind} options={DATA_ROOM_SECTIONS.map((s) => ({ value: s, label: t(`auction.room.section.${s}`) }))} />
            <label htmlFor="f-file">{t("auction.room.uploadLabel", { max: maxMb })}</label>
            <input id="f-file" type="file" name="file" accept="application/pdf,image/png,image/jpeg" aria-invalid={e.file ? true : undefined} />
            {e.file ? <p className="field-error" role="alert">{e.file.join(" ")}</p> : null}
            <Button variant="secondary" disabled={busy}>{t("auction.room.upload")}</Button>
          </Form>
        ) : null}
      </Card>
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
