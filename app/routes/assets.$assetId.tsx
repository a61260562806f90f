import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AssetFields, LegalStatusBadge, ListingStatusBadge } from "#app/components/market";
import { Button, ButtonLink, Card, DefinitionList, EmptyState, FormError, Notice, PageHeader, Table } from "#app/components/ui";
import { AssetFormSchema } from "#app/domain/forms/market";
import { fromDateRange } from "#app/domain/market/deal";
import { formatDate, useLocale, useT } from "#app/i18n/react";
import { addAttachment, getAsset, recordRenewal, updateAsset } from "#app/services/assets.server";
import { requireBusinessUser, requireUser } from "#app/utils/auth.server";
import { env } from "#app/utils/env.server";
import { parseForm, serviceErrorResponse, type FormErrors } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { orThrowResponse } from "#app/utils/service-errors.server";
import { readUpload } from "#app/utils/body.server";
import { retryAfterHeaders } from "#app/utils/route-headers";

export const headers = retryAfterHeaders;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireUser(request);
  const page = await orThrowResponse(getAsset(su.actor, params.assetId ?? ""));
  return { ...page, maxMb: Math.floor(env.UPLOAD_MAX_BYTES / 1048576) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise", "university");
  const { t } = getT(request);
  const id = params.assetId ?? "";
  const body = await readUpload(request, t, { maxBytes: env.UPLOAD_MAX_BYTES, messageKey: "market.errors.fileTooLarge" });
  if (!body.ok) return data({ ...body.response.data, intent: "upload" }, body.response.init ?? undefined);
  const form = body.form;
  try {
    if (form.get("intent") === "upload") {
      const file = form.get("file");
      if (!(file instanceof File) || file.size === 0) {
        return data<FormErrors & { intent: string }>({ intent: "upload", formError: t("errors.fixBelow"), fieldErrors: { file: [t("errors.required")] } }, { status: 400 });
      }
      await addAttachment(su.actor, id, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
      return { intent: "upload", done: t("market.asset.uploaded"), fieldErrors: {} as Record<string, string[]> };
    }
    if (form.get("intent") === "renew") {
      const r = await recordRenewal(su.actor, id);
      return { intent: "renew", done: t("market.asset.renewed", { expiryDate: r.expiryDate }), fieldErrors: {} as Record<string, string[]> };
    }
    const parsed = parseForm(form, AssetFormSchema, t);
    if (!parsed.ok) return parsed.response;
    await updateAsset(su.actor, id, parsed.value);
    return { intent: "edit", done: t("market.asset.saved"), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    const res = serviceErrorResponse(e, t, form);
    return form.get("intent") === "upload" ? data({ ...res.data, intent: "upload" }, res.init ?? undefined) : res;
  }
}

export default function AssetPage() {
  const t = useT();
  const locale = useLocale();
  const { asset: a, files, encumbrances, listings, licences, effectiveStatus, highValue, canEdit, renewal, maxMb } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const upload = result && "intent" in result && result.intent === "upload";
  const editResult = result && !upload ? result : null;
  const defaults = editResult && "values" in editResult && editResult.values ? (editResult.values as unknown as Record<string, string>) : {
    kind: a.kind, number: a.number, title: a.title, titleEn: a.titleEn ?? "", abstract: a.abstract ?? "", abstractEn: a.abstractEn ?? "",
    filingDate: a.filingDate, grantDate: a.grantDate ?? "", legalStatus: a.legalStatus, annuityPaidThrough: a.annuityPaidThrough ?? "", renewals: String(a.renewals),
    ipcClasses: a.ipcClasses.join(", "), niceClasses: a.niceClasses.join(", "), industry: a.industry, overseasFamilyCount: String(a.overseasFamilyCount),
    awards: a.awards, coOwners: a.coOwners.map((c) => ({ name: c.name, uscc: c.uscc ?? "", consent: c.consentRecorded })),
    sameDayApplications: a.sameDayApplications.join(", "),
  };
  return (
    <div className="container stack">
      <PageHeader title={a.title} subtitle={`${t(`market.kind.${a.kind}`)} · ${a.number}`} actions={<>
        <LegalStatusBadge status={effectiveStatus} />
        {canEdit ? <ButtonLink to={`/listings/new?assetId=${a.id}`}>{t("market.assets.list")}</ButtonLink> : null}
      </>} />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      <Card title={t("market.asset.facts")}>
        <DefinitionList items={[
          [t("market.asset.filingDate"), a.filingDate],
          [a.kind === "trademark" ? t("market.asset.registrationDate") : t("market.asset.grantDate"), a.grantDate ?? "—"],
          [t("market.asset.expiryDate"), a.expiryDate],
          a.kind === "trademark"
            ? [t("market.asset.renewalWindow"), renewal ? t("market.asset.renewalWindowText", { opens: renewal.opens, graceEnds: renewal.graceEnds, renewals: a.renewals }) : "—"]
            : [t("market.asset.annuityPaidThrough"), a.annuityPaidThrough ?? "—"],
          ...(a.kind === "invention" || a.kind === "utility_model" ? [[t("market.asset.sameDayApplications"), a.sameDayApplications.join("、") || "—"] as [string, string]] : []),
          [t("market.highValue"), highValue.length ? highValue.map((r) => t(`market.highValueReason.${r}`)).join("、") : t("market.no")],
          [t("market.asset.encumbrances"), encumbrances.length ? encumbrances.map((x) => `${t(`market.encumbrance.${x.kind}`)}（${t(`market.encumbranceStatus.${x.status}`)}，${fromDateRange(x.period).start}–${fromDateRange(x.period).end ?? ""}${x.holder ? `，${x.holder}` : ""}）`).join("；") : "—"],
        ]} />
        {canEdit && renewal?.open ? (
          <Form method="post" className="row" style={{ marginTop: 12 }}>
            <p className="hint">{t("market.asset.renewHint")}</p>
            <Button name="intent" value="renew" variant="secondary" disabled={busy}>{t("market.asset.renew")}</Button>
          </Form>
        ) : null}
      </Card>
      <div className="grid grid-2">
        <Card title={t("market.asset.listings")}>
          {listings.length === 0 ? <EmptyState>{t("market.asset.noListings")}</EmptyState> : (
            <ul className="notice-list">{listings.map((l) => (
              <li key={l.id}><Link to={`/listings/${l.id}`}>{l.title}</Link> · {t(`market.mode.${l.mode}`)} <ListingStatusBadge status={l.status} /></li>
            ))}</ul>
          )}
        </Card>
        <Card title={t("market.asset.licences")}>
          {licences.length === 0 ? <EmptyState>{t("market.asset.noLicences")}</EmptyState> : (
            <ul className="notice-list">{licences.map((l) => (
              <li key={l.id}>{l.licensee} · {t(`market.licenceKind.${l.kind}`)} · {fromDateRange(l.period).start}–{fromDateRange(l.period).end ?? ""}</li>
            ))}</ul>
          )}
        </Card>
      </div>
      <Card title={t("market.asset.files")}>
        {files.length === 0 ? <EmptyState>{t("market.asset.noFiles")}</EmptyState> : (
          <Table head={[t("market.asset.fileName"), t("market.asset.fileType"), t("market.asset.uploadedAt")]}>
            {files.map((f) => (
              <tr key={f.id}>
                <td><a href={`/assets/${a.id}/files/${f.id}`} download>{f.fileName}</a></td>
                <td>{f.mime} · {Math.ceil(Number(f.size) / 1024)} KB</td>
                <td>{formatDate(f.createdAt, locale, true)}</td>
              </tr>
            ))}
          </Table>
        )}
        {canEdit ? (
          <Form method="post" encType="multipart/form-data" className="inline-form" style={{ marginTop: 12 }}>
            <input type="hidden" name="intent" value="upload" />
            <label htmlFor="f-file">{t("market.asset.uploadLabel", { max: maxMb })}</label>
            <input id="f-file" type="file" name="file" accept="application/pdf,image/png,image/jpeg" aria-invalid={upload && result.fieldErrors.file ? true : undefined} />
            <Button variant="secondary" disabled={busy}>{t("market.asset.upload")}</Button>
            {upload && result.fieldErrors.file ? <p className="field-error" role="alert">{result.fieldErrors.file.join(" ")}</p> : null}
          </Form>
        ) : null}
      </Card>
      {canEdit ? (
        <Card title={t("market.asset.edit")}>
          <FormError message={editResult && "formError" in editResult ? editResult.formError : null} />
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="edit" />
            <AssetFields v={defaults as unknown as Record<string, string>} e={editResult?.fieldErrors ?? {}} />
            <Button disabled={busy}>{t("action.save")}</Button>
          </Form>
        </Card>
      ) : null}
    </div>
  );
}
