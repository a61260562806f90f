import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { AdminNav } from "#app/components/admin-nav";
import { Button, Card, EmptyState, FormError, Notice, PageHeader, StatusBadge, Table } from "#app/components/ui";
import { UserSuspensionSchema } from "#app/domain/forms/admin";
import { formatDate, useLocale, useT } from "#app/i18n/react";
import { listUsers, setUserSuspension } from "#app/services/admin-console.server";
import { requireAdmin } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireAdmin(request);
  const url = new URL(request.url);
  const q = url.searchParams.get("q")?.trim().slice(0, 200) || undefined;
  const s = url.searchParams.get("status");
  const status = s === "active" || s === "suspended" ? s : undefined;
  const after = url.searchParams.get("after")?.slice(0, 200) || null;
  return { ...(await listUsers(su.actor, { q, status }, after)), selfId: su.user.id };
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireAdmin(request);
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, UserSuspensionSchema, t);
  if (!parsed.ok) return parsed.response;
  const d = parsed.value;
  try {
    const user = await setUserSuspension(su.actor, d.userId, d.intent, d.reason || null);
    return { done: t(d.intent === "suspend" ? "console.users.suspended" : "console.users.reinstated", { name: user.name }), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function AdminUsers() {
  const t = useT();
  const locale = useLocale();
  const { items, next, selfId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const failed = result && "values" in result ? String(result.values?.userId ?? "") : "";
  const nextParams = new URLSearchParams(params);
  if (next) nextParams.set("after", next);
  return (
    <div className="container stack">
      <PageHeader title={t("console.users.title")} />
      <AdminNav />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      {result && "formError" in result ? <FormError message={result.formError} /> : null}
      <Card>
        <Form method="get" className="filters" role="search">
          <div className="field">
            <label htmlFor="q">{t("console.users.search")}</label>
            <input id="q" name="q" defaultValue={params.get("q") ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="status">{t("account.status")}</label>
            <select id="status" name="status" defaultValue={params.get("status") ?? ""}>
              <option value="">{t("console.any")}</option>
              <option value="active">{t("console.userStatus.active")}</option>
              <option value="suspended">{t("console.userStatus.suspended")}</option>
            </select>
          </div>
          <Button variant="secondary">{t("action.search")}</Button>
        </Form>
      </Card>
      <Card>
        {items.length === 0 ? <EmptyState /> : (
          <Table caption={t("console.users.title")} head={[t("signup.name"), t("signup.email"), t("console.users.org"), t("account.status"), t("console.createdAt"), t("table.actions")]}>
            {items.map((u) => (
              <tr key={u.id} data-testid={`user-${u.email}`}>
                <td>{u.name}</td>
                <td className="mono">{u.email}</td>
                <td>{u.orgName ?? "—"}{u.orgKind ? <div className="muted small">{t(`orgKind.${u.orgKind}`)}{u.role ? ` · ${t(`role.${u.role}`)}` : ""}</div> : null}</td>
                <td>
                  <StatusBadge status={u.suspendedAt ? "suspended" : "active"} label={t(u.suspendedAt ? "console.userStatus.suspended" : "console.userStatus.active")} />
                  {u.suspendedAt ? <div className="muted small">{formatDate(u.suspendedAt, locale, true)}</div> : null}
                </td>
                <td>{formatDate(u.createdAt, locale)}</td>
                <td>
                  {u.id === selfId ? <span className="muted small">{t("console.users.self")}</span> : u.suspendedAt ? (
                    <Form method="post">
                      <input type="hidden" name="userId" value={u.id} />
                      <Button name="intent" value="reinstate" variant="secondary" disabled={busy}>{t("console.reinstate")}</Button>
                    </Form>
                  ) : (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="userId" value={u.id} />
                      <label className="sr-only" htmlFor={`reason-${u.id}`}>{t("admin.reason")}</label>
                      <input id={`reason-${u.id}`} className="input" name="reason" placeholder={t("console.users.reasonPlaceholder")} aria-invalid={failed === u.id || undefined} />
                      <Button name="intent" value="suspend" variant="danger" disabled={busy}>{t("console.suspend")}</Button>
                      {failed === u.id && result && "fieldErrors" in result && result.fieldErrors.reason ? (
                        <p className="field-error" role="alert">{result.fieldErrors.reason.join(" ")}</p>
                      ) : null}
                    </Form>
                  )}
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
