import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { AdminNav } from "#app/components/admin-nav";
import { Button, ButtonLink, Card, EmptyState, FormError, PageHeader, Table } from "#app/components/ui";
import { AUDIT_FILTER_KEYS, auditFilterFrom, CursorSchema } from "#app/domain/forms/admin";
import { formatDate, useLocale, useT } from "#app/i18n/react";
import { searchAudit } from "#app/services/admin-console.server";
import { requireAdmin, requireCan } from "#app/utils/auth.server";
import { translateErrors } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireAdmin(request);
  requireCan(su.actor, "audit.read");
  const { t } = getT(request);
  const url = new URL(request.url);
  const filter = auditFilterFrom(url.searchParams);
  if (!filter.success) {
    const fieldErrors = translateErrors(z.flattenError(filter.error).fieldErrors as Record<string, string[]>, t);
    return data({ items: [], newer: false, older: false, formError: t("errors.fixBelow"), fieldErrors }, { status: 400 });
  }
  const before = CursorSchema.safeParse(url.searchParams.get("before") ?? undefined);
  const after = CursorSchema.safeParse(url.searchParams.get("after") ?? undefined);
  const page = await searchAudit(su.actor, filter.data, { before: before.success ? before.data : undefined, after: after.success ? after.data : undefined });
  return { ...page, formError: null as string | null, fieldErrors: {} as Record<string, string[]> };
}

const summary = (v: unknown) => (v === null || v === undefined ? "" : JSON.stringify(v).slice(0, 400));

export default function AdminAudit() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const filters = new URLSearchParams();
  for (const k of AUDIT_FILTER_KEYS) if (params.get(k)) filters.set(k, params.get(k)!);
  const link = (extra: Record<string, string>) => `?${new URLSearchParams({ ...Object.fromEntries(filters), ...extra }).toString()}`;
  const exportLink = (format: string) => `/admin/exports/audit?${new URLSearchParams({ ...Object.fromEntries(filters), format }).toString()}`;
  const err = d.fieldErrors ?? {};
  const field = (name: (typeof AUDIT_FILTER_KEYS)[number], label: string, type = "text") => (
    <div className={`field ${err[name] ? "field-invalid" : ""}`}>
      <label htmlFor={`f-${name}`}>{label}</label>
      <input id={`f-${name}`} name={name} type={type} defaultValue={params.get(name) ?? ""} aria-invalid={err[name] ? true : undefined}
        aria-describedby={err[name] ? `f-${name}-error` : undefined} />
      {err[name] ? <p className="field-error" id={`f-${name}-error`} role="alert">{err[name].join(" ")}</p> : null}
    </div>
  );
  return (
    <div className="container stack">
      <PageHeader
        title={t("console.audit.title")}
        actions={<>
          <ButtonLink download variant="secondary" to={exportLink("csv")}>{t("export.csv")}</ButtonLink>
          <ButtonLink download variant="secondary" to={exportLink("xlsx")}>{t("export.xlsx")}</ButtonLink>
        </>}
      />
      <AdminNav />
      <Card>
        <FormError message={d.formError} />
        <Form method="get" className="filters" role="search" noValidate>
          {field("actor", t("console.audit.actor"))}
          {field("org", t("console.audit.org"))}
          {field("entityType", t("console.audit.entityType"))}
          {field("entityId", t("console.audit.entityId"))}
          {field("action", t("console.audit.action"))}
          {field("from", t("console.audit.from"), "date")}
          {field("to", t("console.audit.to"), "date")}
          <Button variant="secondary">{t("action.search")}</Button>
        </Form>
      </Card>
      <Card>
        {d.items.length === 0 ? <EmptyState /> : (
          <Table caption={t("console.audit.title")} head={[t("console.audit.time"), t("console.audit.actor"), t("console.audit.action"), t("console.audit.entity"), t("console.audit.org"), t("console.audit.change")]}>
            {d.items.map((r) => (
              <tr key={r.id} data-testid={`audit-${r.id}`}>
                <td>{formatDate(r.createdAt, locale, true)}<div className="muted small mono">#{r.id}</div></td>
                <td>{r.actorName ?? t("console.audit.system")}{r.actorEmail ? <div className="muted small">{r.actorEmail}</div> : null}{r.actorOrgName ? <div className="muted small">{r.actorOrgName}</div> : null}</td>
                <td className="mono">{r.action}</td>
                <td><span className="mono">{r.entityType}</span><div className="muted small mono">{r.entityId}</div></td>
                <td>{r.orgName ?? "—"}</td>
                <td className="small">
                  {r.before || r.after ? (
                    <details>
                      <summary>{t("console.audit.details")}</summary>
                      {r.before ? <div><span className="muted">{t("console.audit.before")}</span> <code>{summary(r.before)}</code></div> : null}
                      {r.after ? <div><span className="muted">{t("console.audit.after")}</span> <code>{summary(r.after)}</code></div> : null}
                    </details>
                  ) : "—"}
                </td>
              </tr>
            ))}
          </Table>
        )}
        <nav className="pagination" aria-label={t("pagination.label")}>
          {d.newer && d.items[0] ? <Link className="btn btn-secondary" to={link({ after: String(d.items[0].id) })}>{t("console.audit.newer")}</Link> : null}
          {d.older && d.items.length ? <Link className="btn btn-secondary" to={link({ before: String(d.items[d.items.length - 1]!.id) })}>{t("console.audit.older")}</Link> : null}
        </nav>
      </Card>
    </div>
  );
}
