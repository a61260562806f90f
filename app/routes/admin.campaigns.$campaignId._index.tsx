import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { AdminNav } from "#app/components/admin-nav";
import { formatFenShort } from "#app/components/charts";
import { Button, ButtonLink, Card, DefinitionList, EmptyState, Field, FormError, Notice, PageHeader, SelectField, StatusBadge, Table, DownloadLink } from "#app/components/ui";
import { campaignLifecycle } from "#app/domain/campaign";
import { CampaignActionSchema } from "#app/domain/forms/campaigns";
import { eventsFrom } from "#app/domain/state-machine";
import { formatDate, formatFen, useLocale, useT } from "#app/i18n/react";
import { addEnrolment, removeEnrolment } from "#app/services/campaign-whitelist.server";
import { campaignFormOptions, changeCampaignStatus, removeCampaignBank, setCampaignBank } from "#app/services/campaigns.server";
import { getCampaignForAdmin } from "#app/services/campaign-views.server";
import { requireAdmin } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { ServiceError } from "#app/utils/http.server";
import { getT } from "#app/utils/i18n.server";
import { withListValues } from "#app/utils/list-values.server";
import { industryLabel } from "#app/i18n/labels";
import { readForm } from "#app/utils/body.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireAdmin(request);
  const url = new URL(request.url);
  const raw = url.searchParams.get("after");
  const [name, id] = raw ? [raw.slice(0, raw.lastIndexOf("~")), raw.slice(raw.lastIndexOf("~") + 1)] : [];
  const after = name !== undefined && id && /^[0-9a-f-]{36}$/i.test(id) ? { name, id } : null;
  try {
    const [detail, options] = await Promise.all([getCampaignForAdmin(su.actor, params.campaignId ?? "", { after }), campaignFormOptions(su.actor)]);
    return { ...detail, options };
  } catch (e) {
    if (e instanceof ServiceError && e.status === 404) throw new Response("Not Found", { status: 404 });
    throw e;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const su = await requireAdmin(request);
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, CampaignActionSchema, t);
  if (!parsed.ok) return withListValues(parsed.response, form, ["productIds"]);
  const d = parsed.value;
  const id = params.campaignId ?? "";
  try {
    switch (d.intent) {
      case "launch": case "close": case "reopen": case "cancel":
        await changeCampaignStatus(su.actor, id, d.intent);
        return { done: t(`campaign.done.${d.intent}`), fieldErrors: {} as Record<string, string[]> };
      case "set-bank":
        await setCampaignBank(su.actor, id, { bankOrgId: d.bankOrgId, productIds: d.productIds, intendedCreditLine: d.intendedCreditLine ?? null });
        return { done: t("campaign.done.bankSet"), fieldErrors: {} as Record<string, string[]> };
      case "remove-bank":
        await removeCampaignBank(su.actor, id, d.bankOrgId);
        return { done: t("campaign.done.bankRemoved"), fieldErrors: {} as Record<string, string[]> };
      case "add-enrolment":
        await addEnrolment(su.actor, id, d);
        return { done: t("campaign.done.enrolmentAdded", { name: d.enterpriseName }), fieldErrors: {} as Record<string, string[]> };
      case "remove-enrolment":
        await removeEnrolment(su.actor, id, d.enrolmentId);
        return { done: t("campaign.done.enrolmentRemoved"), fieldErrors: {} as Record<string, string[]> };
    }
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function AdminCampaign() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [params] = useSearchParams();
  const c = d.campaign;
  const errors = (result && "fieldErrors" in result ? result.fieldErrors : {}) ?? {};
  const values = (result && "values" in result ? result.values : {}) as Record<string, string> | undefined;
  const inCampaign = new Set(d.banks.map((b) => b.bankOrgId));
  const exp = (kind: string, format: string) => `/admin/exports/${kind}?campaign=${c.id}&format=${format}`;
  const nextLink = d.enrolments.next ? `?${new URLSearchParams({ after: `${d.enrolments.next.name}~${d.enrolments.next.id}` })}` : null;
  return (
    <div className="container stack">
      <PageHeader
        title={c.name}
        subtitle={<>{c.startsOn} – {c.endsOn} · <StatusBadge status={c.status} label={t(`campaign.status.${c.status}`)} /></>}
        actions={<>
          <ButtonLink to={`/admin/campaigns/${c.id}/dashboard`}>{t("campaign.dashboard")}</ButtonLink>
          <ButtonLink variant="secondary" to={`/admin/campaigns/${c.id}/import`}>{t("campaign.importWhitelist")}</ButtonLink>
          <ButtonLink variant="secondary" to={`/admin/campaigns/${c.id}/events`}>{t("campaign.eventsAndLetters")}</ButtonLink>
          <ButtonLink variant="ghost" to={`/admin/campaigns/${c.id}/edit`}>{t("campaign.edit")}</ButtonLink>
        </>}
      />
      <AdminNav />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      {result && "formError" in result ? <FormError message={result.formError} /> : null}
      <Card title={t("campaign.overview")} actions={
        <div className="row">
          {eventsFrom(campaignLifecycle, c.status).map((ev) => (
            <Form method="post" key={ev}>
              <Button name="intent" value={ev} variant={ev === "cancel" ? "danger" : ev === "launch" ? "primary" : "secondary"} disabled={busy}>{t(`campaign.event.${ev}`)}</Button>
            </Form>
          ))}
        </div>
      }>
        <DefinitionList items={[
          [t("campaign.field.parks"), d.parks.map((p) => (locale === "en" ? p.nameEn : p.nameZh)).join(locale === "en" ? ", " : "、")],
          [t("campaign.field.targetAmount"), formatFen(c.targetAmount, locale)],
          [t("campaign.field.targetEnterprises"), String(c.targetEnterprises)],
          [t("campaign.field.whitelist"), t("campaign.whitelistTotals", { n: d.totals.enrolments, registered: d.totals.registered, need: formatFenShort(BigInt(d.totals.need), locale) })],
          [t("campaign.field.description"), c.description ?? "—"],
        ]} />
      </Card>

      <Card title={t("campaign.banksTitle")}>
        {d.banks.length === 0 ? <EmptyState>{t("campaign.noBanks")}</EmptyState> : (
          <Table caption={t("campaign.banksTitle")} head={[t("progress.bank"), t("campaign.field.products"), t("campaign.field.creditLine"), t("table.actions")]}>
            {d.banks.map((b) => {
              const own = d.options.products.filter((p) => p.bankOrgId === b.bankOrgId);
              return (
                <tr key={b.bankOrgId} data-testid={`campaign-bank-${b.bankOrgId}`}>
                  <td>{b.bankName}</td>
                  <td>{b.allProducts ? <span className="muted">{t("campaign.allProducts")}</span> : null}
                    <ul className="plain">{b.products.map((p) => <li key={p.id}>{p.name}</li>)}</ul>
                  </td>
                  <td className="num">{b.intendedCreditLine === null ? "—" : formatFenShort(BigInt(b.intendedCreditLine), locale)}</td>
                  <td>
                    <Form method="post" className="stack-sm">
                      <input type="hidden" name="bankOrgId" value={b.bankOrgId} />
                      {own.length ? (
                        <fieldset>
                          <legend className="small">{t("campaign.chooseProducts")}</legend>
                          {own.map((p) => (
                            <label key={p.id} className="check small"><input type="checkbox" name="productIds" value={p.id} defaultChecked={b.productIds.includes(p.id)} /> {p.name}</label>
                          ))}
                        </fieldset>
                      ) : <p className="muted small">{t("campaign.bankHasNoProducts")}</p>}
                      <label className="sr-only" htmlFor={`cl-${b.bankOrgId}`}>{t("campaign.field.creditLineWan")}</label>
                      <input id={`cl-${b.bankOrgId}`} className="input" name="intendedCreditLine" inputMode="decimal" placeholder={t("campaign.field.creditLineWan")}
                        defaultValue={b.intendedCreditLine === null ? "" : String(Number(BigInt(b.intendedCreditLine) / 10_000n) / 100)} />
                      <div className="row">
                        <Button name="intent" value="set-bank" variant="secondary" disabled={busy}>{t("action.save")}</Button>
                        {c.status === "draft" ? <Button name="intent" value="remove-bank" variant="ghost" disabled={busy}>{t("campaign.removeBank")}</Button> : null}
                      </div>
                    </Form>
                  </td>
                </tr>
              );
            })}
          </Table>
        )}
        {c.status === "draft" || c.status === "active" ? (
          <Form method="post" className="form-row" style={{ marginTop: 12 }}>
            <input type="hidden" name="intent" value="set-bank" />
            <SelectField label={t("campaign.addBank")} name="bankOrgId" error={errors.bankOrgId}
              options={[{ value: "", label: "—" }, ...d.options.banks.filter((b) => !inCampaign.has(b.id)).map((b) => ({ value: b.id, label: b.name }))]} />
            <Field label={t("campaign.field.creditLineWan")} name="intendedCreditLine" inputMode="decimal" optional error={errors.intendedCreditLine} />
            <div style={{ alignSelf: "end" }}><Button variant="secondary" disabled={busy}>{t("campaign.addBank")}</Button></div>
          </Form>
        ) : null}
      </Card>

      <Card title={t("campaign.whitelistTitle")} actions={<span className="row">
        <DownloadLink href={exp("campaign-enterprises", "csv")}>{t("export.csv")}</DownloadLink>
        <DownloadLink href={exp("campaign-enterprises", "xlsx")}>{t("export.xlsx")}</DownloadLink>
      </span>}>
        {d.enrolments.items.length === 0 ? <EmptyState>{t("campaign.whitelistEmpty")}</EmptyState> : (
          <Table caption={t("campaign.whitelistTitle")} head={[t("campaign.field.enterpriseName"), t("campaign.field.uscc"), t("campaign.field.industry"), t("campaign.field.need"), t("campaign.field.purpose"), t("campaign.field.contact"), ""]}>
            {d.enrolments.items.map((e) => (
              <tr key={e.id} data-testid={`enrolment-${e.uscc}`}>
                <td>{e.enterpriseName}{e.orgId ? <div><span className="badge badge-ok">{t("campaign.onPlatform")}</span></div> : <div className="muted small">{t("campaign.notOnPlatform")}</div>}</td>
                <td className="mono">{e.uscc}</td>
                <td>{industryLabel(t, e.industry)}</td>
                <td className="num">{formatFenShort(BigInt(e.needAmount), locale)}</td>
                <td className="small">{e.purpose ?? "—"}</td>
                <td className="small">{e.contactName ?? ""}{e.contactPhone ? <div className="mono">{e.contactPhone}</div> : null}</td>
                <td>
                  {c.status === "draft" || c.status === "active" ? (
                    <Form method="post">
                      <input type="hidden" name="enrolmentId" value={e.id} />
                      <Button name="intent" value="remove-enrolment" variant="ghost" disabled={busy}>{t("campaign.remove")}</Button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </Table>
        )}
        <nav className="pagination" aria-label={t("pagination.label")}>
          {params.get("after") ? <Link className="btn btn-secondary" to="?">{t("campaign.firstPage")}</Link> : null}
          {nextLink ? <Link className="btn btn-secondary" to={nextLink}>{t("action.next")}</Link> : null}
        </nav>
        {c.status === "draft" || c.status === "active" ? (
          <details style={{ marginTop: 12 }} open={Boolean(values?.enterpriseName)}>
            <summary>{t("campaign.addEnrolment")}</summary>
            <Form method="post" className="form" noValidate>
              <input type="hidden" name="intent" value="add-enrolment" />
              <div className="form-row">
                <Field label={t("campaign.field.enterpriseName")} name="enterpriseName" required defaultValue={values?.enterpriseName ?? ""} error={errors.enterpriseName} />
                <Field label={t("campaign.field.uscc")} name="uscc" required defaultValue={values?.uscc ?? ""} error={errors.uscc} maxLength={40} />
                <Field label={t("campaign.field.needWan")} name="needAmount" inputMode="decimal" required defaultValue={values?.needAmount ?? ""} error={errors.needAmount} />
              </div>
              <div className="form-row">
                <Field label={t("campaign.field.purpose")} name="purpose" optional defaultValue={values?.purpose ?? ""} error={errors.purpose} />
                <Field label={t("campaign.field.contactName")} name="contactName" optional defaultValue={values?.contactName ?? ""} error={errors.contactName} />
                <Field label={t("campaign.field.contactPhone")} name="contactPhone" optional defaultValue={values?.contactPhone ?? ""} error={errors.contactPhone} />
              </div>
              <div><Button variant="secondary" disabled={busy}>{t("campaign.addEnrolment")}</Button></div>
            </Form>
          </details>
        ) : null}
      </Card>

      {d.imports.length ? (
        <Card title={t("campaign.importsTitle")}>
          <Table caption={t("campaign.importsTitle")} head={[t("campaign.import.file"), t("account.status"), t("campaign.import.valid"), t("campaign.import.errorRows"), t("console.createdAt")]}>
            {d.imports.map((i) => (
              <tr key={i.id}>
                <td><Link to={`/admin/campaigns/${c.id}/import?import=${i.id}`}>{i.fileName}</Link></td>
                <td>{t(`campaign.importStatus.${i.status}`)}</td>
                <td className="num">{i.validCount}</td>
                <td className="num">{i.errorCount}</td>
                <td>{formatDate(i.createdAt, locale, true)}</td>
              </tr>
            ))}
          </Table>
        </Card>
      ) : null}
    </div>
  );
}
