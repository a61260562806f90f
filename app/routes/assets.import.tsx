import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Button, Card, EmptyState, FormError, Notice, PageHeader, Table } from "#app/components/ui";
import { useT } from "#app/i18n/react";
import { confirmImport, getImport, previewImport } from "#app/services/asset-import.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { env } from "#app/utils/env.server";
import { parseForm, serviceErrorResponse, type FormErrors } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { orThrowResponse } from "#app/utils/service-errors.server";
import { translateStored } from "#app/i18n/index";
import { isAssetKind } from "#app/domain/market/assets";
import { readUpload } from "#app/utils/body.server";
import { retryAfterHeaders } from "#app/utils/route-headers";

const ConfirmSchema = z.object({ intent: z.literal("confirm"), importId: z.uuid({ error: "errors.invalid" }) });

export const headers = retryAfterHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise", "university");
  const id = new URL(request.url).searchParams.get("id");
  return { preview: id ? await orThrowResponse(getImport(su.actor, id)) : null, maxMb: Math.floor((env.UPLOAD_MAX_BYTES * 2) / 1048576) };
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise", "university");
  const { t } = getT(request);
  const body = await readUpload(request, t, { maxBytes: env.UPLOAD_MAX_BYTES * 2, messageKey: "spreadsheet.errors.tooLarge" });
  if (!body.ok) return body.response;
  const form = body.form;
  try {
    if (form.get("intent") === "confirm") {
      const parsed = parseForm(form, ConfirmSchema, t);
      if (!parsed.ok) return parsed.response;
      const r = await confirmImport(su.actor, parsed.value.importId);
      return redirect(`/assets/import?id=${parsed.value.importId}&imported=${r.imported}`);
    }
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) return data<FormErrors>({ formError: t("errors.fixBelow"), fieldErrors: { file: [t("errors.required")] } }, { status: 400 });
    const r = await previewImport(su.actor, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    return redirect(`/assets/import?id=${r.id}`);
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function ImportAssets() {
  const t = useT();
  const { preview, maxMb } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors = result?.fieldErrors ?? {};
  return (
    <div className="container stack">
      <PageHeader title={t("market.import.title")} subtitle={t("market.import.subtitle")} actions={<Link to="/assets" className="btn btn-secondary">{t("market.assets.title")}</Link>} />
      <FormError message={result?.formError} />
      {!preview || preview.status !== "previewed" ? (
        <Card title={t("market.import.upload")}>
          <p className="muted">{t("market.import.help")} <a href="/assets/import-template" download>{t("market.import.template")}</a></p>
          <Form method="post" encType="multipart/form-data" className="form">
            <div className="field">
              <label htmlFor="f-file">{t("market.import.file", { max: maxMb })}</label>
              <input id="f-file" type="file" name="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-invalid={errors.file ? true : undefined} />
              {errors.file ? <p className="field-error" role="alert">{errors.file.join(" ")}</p> : null}
            </div>
            <Button disabled={busy}>{t("market.import.previewButton")}</Button>
          </Form>
        </Card>
      ) : null}
      {preview ? (
        <>
          {preview.status === "confirmed" ? (
            <Notice tone="ok"><span data-testid="import-done">{t("market.import.done", { n: preview.importedCount ?? 0, errors: preview.errorCount })}</span> <Link to="/assets">{t("market.assets.title")}</Link></Notice>
          ) : (
            <Card title={t("market.import.previewTitle", { file: preview.fileName })}>
              <p data-testid="import-summary">{t("market.import.summary", { valid: preview.validCount, errors: preview.errorCount })}</p>
              <p className="muted small">{t("market.import.nothingWritten")}</p>
              <Form method="post" className="row">
                <input type="hidden" name="intent" value="confirm" />
                <input type="hidden" name="importId" value={preview.id} />
                <Button disabled={busy || preview.validCount === 0}>{t("market.import.confirm", { n: preview.validCount })}</Button>
                <Link to="/assets/import" className="btn btn-ghost">{t("market.import.startOver")}</Link>
              </Form>
            </Card>
          )}
          <Card title={t("market.import.errorRows", { n: preview.errorCount })}>
            {preview.errorRows.length === 0 ? <EmptyState>{t("market.import.noErrors")}</EmptyState> : (
              <Table head={[t("market.import.line"), t("market.asset.number"), t("market.asset.title"), t("market.import.problems")]}>
                {preview.errorRows.map((r) => (
                  <tr key={r.line} data-testid={`import-error-${r.line}`}>
                    <td className="num">{r.line}</td>
                    <td className="mono">{r.number}</td>
                    <td>{r.title}</td>
                    <td>{r.errors.map((e, i) => <div key={i}>{translateStored(t, `market.import.field.${e.field}`)}：{translateStored(t, e.key, e.params)}</div>)}</td>
                  </tr>
                ))}
              </Table>
            )}
          </Card>
          {preview.status === "previewed" && preview.validSample.length ? (
            <Card title={t("market.import.validRows")}>
              <Table head={[t("market.import.line"), t("market.asset.kind"), t("market.asset.number"), t("market.asset.title"), t("market.asset.expiryDate")]}>
                {preview.validSample.map((r) => (
                  <tr key={r.line}><td className="num">{r.line}</td><td>{isAssetKind(r.kind) ? t(`market.kind.${r.kind}`) : String(r.kind)}</td><td className="mono">{r.number}</td><td>{r.title}</td><td>{r.expiryDate}</td></tr>
                ))}
              </Table>
            </Card>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
