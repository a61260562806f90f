import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AdminNav } from "#app/components/admin-nav";
import { Button, ButtonLink, Card, EmptyState, FormError, Notice, PageHeader, StatusBadge, Table } from "#app/components/ui";
import { WhitelistCommitSchema } from "#app/domain/forms/campaigns";
import { formatFen, useLocale, useT } from "#app/i18n/react";
import { decideWhitelistImport, getWhitelistImport, previewWhitelist } from "#app/services/campaign-whitelist.server";
import { getCampaignForAdmin } from "#app/services/campaign-views.server";
import { requireAdmin } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse, type FormErrors } from "#app/utils/forms.server";
import { ServiceError } from "#app/utils/http.server";
import { getT } from "#app/utils/i18n.server";
import { readUpload } from "#app/utils/body.server";
import { isMessageKey, translateStored } from "#app/i18n/index";
import { retryAfterHeaders } from "#app/utils/route-headers";

const MAX_UPLOAD = 5 * 1024 * 1024;

export const headers = retryAfterHeaders;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireAdmin(request);
  const id = params.campaignId ?? "";
  const importId = new URL(request.url).searchParams.get("import");
  try {
    const { campaign } = await getCampaignForAdmin(su.actor, id);
    const imp = importId ? await getWhitelistImport(su.actor, id, importId) : null;
    return {
      campaign: { id: campaign.id, name: campaign.name, status: campaign.status },
      imp: imp ? {
        id: imp.id, fileName: imp.fileName, status: imp.status, validCount: imp.validCount, errorCount: imp.errorCount,
        errors: imp.errors.slice(0, 500), rows: imp.rows.slice(0, 200), moreRows: Math.max(0, imp.rows.length - 200),
      } : null,
    };
  } catch (e) {
    if (e instanceof ServiceError && e.status === 404) throw new Response("Not Found", { status: 404 });
    throw e;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const su = await requireAdmin(request);
  const { t } = getT(request);
  const id = params.campaignId ?? "";
  const body = await readUpload(request, t, { maxBytes: MAX_UPLOAD, messageKey: "spreadsheet.errors.tooLarge" });
  if (!body.ok) return body.response;
  const form = body.form;
  if (form.get("intent") === "upload") {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) {
      return data<FormErrors>({ formError: t("errors.fixBelow"), fieldErrors: { file: [t("campaign.import.chooseFile")] } }, { status: 400 });
    }
    try {
      const { importId } = await previewWhitelist(su.actor, id, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
      return redirect(`/admin/campaigns/${id}/import?import=${importId}`);
    } catch (e) {
      return serviceErrorResponse(e, t);
    }
  }
  const parsed = parseForm(form, WhitelistCommitSchema, t);
  if (!parsed.ok) return parsed.response;
  try {
    const r = await decideWhitelistImport(su.actor, id, parsed.value.importId, parsed.value.intent);
    return { done: t(parsed.value.intent === "commit" ? "campaign.import.committed" : "campaign.import.discarded", { n: r.enrolled, skipped: r.skipped }), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function ImportWhitelist() {
  const t = useT();
  const locale = useLocale();
  const { campaign, imp } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const fieldLabel = (f: string | null) => {
    const key = `campaign.importField.${f}`;
    return f ? (isMessageKey(key) ? t(key) : f) : "—";
  };
  return (
    <div className="container stack">
      <PageHeader title={t("campaign.import.title", { name: campaign.name })} actions={<ButtonLink variant="secondary" to={`/admin/campaigns/${campaign.id}`}>{t("campaign.backToCampaign")}</ButtonLink>} />
      <AdminNav />
      {result && "done" in result ? <Notice tone="ok">{result.done} <Link to={`/admin/campaigns/${campaign.id}`}>{t("campaign.backToCampaign")}</Link></Notice> : null}
      {result && "formError" in result ? <FormError message={result.formError} /> : null}
      <Card title={t("campaign.import.upload")}>
        <p className="muted">{t("campaign.import.intro")}</p>
        <p className="small">
          {t("campaign.import.template")}{" "}
          <a href="/admin/exports/whitelist-template?format=csv" download>CSV</a> · <a href="/admin/exports/whitelist-template?format=xlsx" download>Excel</a>
        </p>
        <Form method="post" encType="multipart/form-data" className="form" noValidate>
          <input type="hidden" name="intent" value="upload" />
          <div className={`field ${result && "fieldErrors" in result && result.fieldErrors?.file ? "field-invalid" : ""}`}>
            <label htmlFor="f-file">{t("campaign.import.file")}</label>
            <input id="f-file" name="file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              aria-describedby={result && "fieldErrors" in result && result.fieldErrors?.file ? "f-file-error" : undefined} />
            {result && "fieldErrors" in result && result.fieldErrors?.file ? <p className="field-error" id="f-file-error" role="alert">{result.fieldErrors.file.join(" ")}</p> : null}
          </div>
          <div><Button disabled={busy}>{t("campaign.import.check")}</Button></div>
        </Form>
      </Card>
      {imp ? (
        <Card title={t("campaign.import.preview", { file: imp.fileName })} actions={<StatusBadge status={imp.status === "committed" ? "completed" : imp.status === "discarded" ? "cancelled" : "pending"} label={t(`campaign.importStatus.${imp.status}`)} />}>
          <p data-testid="import-summary">{t("campaign.import.summary", { valid: imp.validCount, errors: imp.errorCount })}</p>
          {imp.errors.length ? (
            <>
              <h3>{t("campaign.import.errorsTitle")}</h3>
              <Table caption={t("campaign.import.errorsTitle")} head={[t("campaign.import.line"), t("campaign.import.field"), t("campaign.import.problem")]}>
                {imp.errors.map((e, i) => (
                  <tr key={i} className="row-error" data-testid={`import-error-${e.line}`}>
                    <td className="num">{e.line}</td>
                    <td>{fieldLabel(e.field)}</td>
                    <td>{translateStored(t, e.key, e.params)}</td>
                  </tr>
                ))}
              </Table>
            </>
          ) : null}
          <h3>{t("campaign.import.validTitle")}</h3>
          {imp.rows.length === 0 ? <EmptyState>{t("campaign.import.noValid")}</EmptyState> : (
            <Table caption={t("campaign.import.validTitle")} head={[t("campaign.import.line"), t("campaign.field.enterpriseName"), t("campaign.field.uscc"), t("campaign.field.need"), t("campaign.field.purpose"), t("campaign.onPlatform")]}>
              {imp.rows.map((r) => (
                <tr key={r.uscc} data-testid={`import-row-${r.line}`}>
                  <td className="num">{r.line}</td>
                  <td>{r.enterpriseName}</td>
                  <td className="mono">{r.uscc}</td>
                  <td className="num">{formatFen(r.needFen, locale)}</td>
                  <td className="small">{r.purpose ?? "—"}</td>
                  <td>{r.orgName ?? "—"}</td>
                </tr>
              ))}
            </Table>
          )}
          {imp.moreRows ? <p className="muted small">{t("campaign.import.moreRows", { n: imp.moreRows })}</p> : null}
          {imp.status === "previewed" ? (
            <div className="row" style={{ marginTop: 12 }}>
              <Form method="post">
                <input type="hidden" name="importId" value={imp.id} />
                <Button name="intent" value="commit" disabled={busy || imp.validCount === 0}>{t("campaign.import.commit", { n: imp.validCount })}</Button>
              </Form>
              <Form method="post">
                <input type="hidden" name="importId" value={imp.id} />
                <Button name="intent" value="discard" variant="secondary" disabled={busy}>{t("campaign.import.discard")}</Button>
              </Form>
            </div>
          ) : null}
        </Card>
      ) : null}
    </div>
  );
}
