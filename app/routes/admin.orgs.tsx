import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { AdminNav } from "#app/components/admin-nav";
import { Button, Card, EmptyState, FormError, Notice, PageHeader, StatusBadge, Table } from "#app/components/ui";
import { OrgSuspensionSchema } from "#app/domain/forms/admin";
import { ORG_KINDS } from "#app/domain/organization";
import { formatDate, useLocale, useT } from "#app/i18n/react";
import { listOrgs } from "#app/services/admin-console.server";
import { decideOrg } from "#app/services/org-verification.server";
import { requireAdmin } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { isUuid } from "#app/domain/ids";
import { readForm } from "#app/utils/body.server";

const STATUSES = ["pending", "verified", "rejected", "suspended"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireAdmin(request);
  const url = new URL(request.url);
  const q = url.searchParams.get("q")?.trim().slice(0, 200) || undefined;
  const kind = (ORG_KINDS as readonly string[]).includes(url.searchParams.get("kind") ?? "") ? url.searchParams.get("kind")! : undefined;
  const status = (STATUSES as readonly string[]).includes(url.searchParams.get("status") ?? "") ? url.searchParams.get("status")! : undefined;
  const raw = url.searchParams.get("cursor");
  const [createdAt, id] = raw ? raw.split("~") : [];
  const cursor = createdAt && id && !Number.isNaN(Date.parse(createdAt)) && isUuid(id) ? { createdAt, id } : null;
  const page = await listOrgs(su.actor, { q, kind, status }, cursor);
  return { ...page, next: page.next ? `${page.next.createdAt}~${page.next.id}` : null, selfOrgId: su.org.id };
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireAdmin(request);
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, OrgSuspensionSchema, t);
  if (!parsed.ok) return parsed.response;
  const d = parsed.value;
  try {
    const org = await decideOrg(su.actor, d.orgId, d.intent, d.reason || null);
    return { done: t(d.intent === "suspend" ? "console.orgs.suspended" : "console.orgs.reinstated", { name: org.name }), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function AdminOrgs() {
  const t = useT();
  const locale = useLocale();
  const { items, next } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const failed = result && "values" in result ? String(result.values?.orgId ?? "") : "";
  const nextParams = new URLSearchParams(params);
  if (next) nextParams.set("cursor", next);
  return (
    <div className="container stack">
      <PageHeader title={t("console.orgs.title")} />
      <AdminNav />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      {result && "formError" in result ? <FormError message={result.formError} /> : null}
      <Card>
        <Form method="get" className="filters" role="search">
          <div className="field">
            <label htmlFor="q">{t("console.orgs.search")}</label>
            <input id="q" name="q" defaultValue={params.get("q") ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="kind">{t("account.kind")}</label>
            <select id="kind" name="kind" defaultValue={params.get("kind") ?? ""}>
              <option value="">{t("console.any")}</option>
              {ORG_KINDS.map((k) => <option key={k} value={k}>{t(`orgKind.${k}`)}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="status">{t("account.status")}</label>
            <select id="status" name="status" defaultValue={params.get("status") ?? ""}>
              <option value="">{t("console.any")}</option>
              {STATUSES.map((s) => <option key={s} value={s}>{t(`status.${s}`)}</option>)}
            </select>
          </div>
          <Button variant="secondary">{t("action.search")}</Button>
        </Form>
      </Card>
      <Card>
        {items.length === 0 ? <EmptyState /> : (
          <Table caption={t("console.orgs.title")} head={[t("signup.orgName"), t("account.kind"), t("account.uscc"), t("account.park"), t("account.status"), t("console.orgs.members"), t("console.createdAt"), t("table.actions")]}>
            {items.map((o) => (
              <tr key={o.id} data-testid={`org-${o.uscc}`}>
                <td>{o.name}</td>
                <td>{t(`orgKind.${o.kind}`)}</td>
                <td className="mono">{o.uscc}</td>
                <td>{(locale === "en" ? o.parkEn : o.parkZh) ?? "—"}</td>
                <td>
                  <StatusBadge status={o.status} label={t(`status.${o.status}`)} />
                  {o.statusReason ? <div className="muted small">{o.statusReason}</div> : null}
                </td>
                <td className="num">{o.members}</td>
                <td>{formatDate(o.createdAt, locale)}</td>
                <td>
                  {o.kind === "platform" ? null : o.status === "verified" ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="orgId" value={o.id} />
                      <label className="sr-only" htmlFor={`reason-${o.id}`}>{t("admin.reason")}</label>
                      <input id={`reason-${o.id}`} className="input" name="reason" placeholder={t("admin.reasonPlaceholder")} aria-invalid={failed === o.id || undefined} />
                      <Button name="intent" value="suspend" variant="danger" disabled={busy}>{t("console.suspend")}</Button>
                      {failed === o.id && result && "fieldErrors" in result && result.fieldErrors.reason ? (
                        <p className="field-error" role="alert">{result.fieldErrors.reason.join(" ")}</p>
                      ) : null}
                    </Form>
                  ) : o.status === "suspended" ? (
                    <Form method="post">
                      <input type="hidden" name="orgId" value={o.id} />
                      <Button name="intent" value="reinstate" variant="secondary" disabled={busy}>{t("console.reinstate")}</Button>
                    </Form>
                  ) : o.status === "pending" ? (
                    <Link to="/admin">{t("console.orgs.toQueue")}</Link>
                  ) : null}
                </td>
              </tr>
            ))}
          </Table>
        )}
        {next ? (
          <nav className="pagination" aria-label={t("pagination.label")}>
            <Link className="btn btn-secondary" to={`?${nextParams.toString()}`}>{t("action.next")}</Link>
          </nav>
        ) : null}
      </Card>
    </div>
  );
}
