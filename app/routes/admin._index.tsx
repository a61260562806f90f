import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AdminNav } from "#app/components/admin-nav";
import { Button, Card, EmptyState, FormError, Notice, PageHeader, Table } from "#app/components/ui";
import { OrgDecisionSchema } from "#app/domain/forms/identity";
import { formatDate, useLocale, useT } from "#app/i18n/react";
import { approvalQueues } from "#app/services/admin-console.server";
import { jobsOverview } from "#app/services/admin-jobs.server";
import { decideOrg, listPendingOrgs } from "#app/services/org-verification.server";
import { requireAdmin } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireAdmin(request);
  const [pending, queues, jobs] = await Promise.all([listPendingOrgs(su.actor), approvalQueues(su.actor), jobsOverview(su.actor, 1)]);
  const failedJobs = jobs.queues.reduce((n, q) => n + (q.counts?.failed ?? 0), 0);
  return {
    pending,
    queues,
    jobs: { mode: jobs.mode, failed: failedJobs, outboxPending: jobs.outbox.pending, outboxFailing: jobs.outbox.failing, down: jobs.queues.some((q) => q.error) },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireAdmin(request);
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, OrgDecisionSchema, t);
  if (!parsed.ok) return parsed.response;
  const d = parsed.value;
  try {
    const org = await decideOrg(su.actor, d.orgId, d.intent, d.intent === "reject" ? d.reason : null);
    return { done: t(d.intent === "verify" ? "admin.verified" : "admin.rejected", { name: org.name }), fieldErrors: {} as Record<string, string[]>, orgId: d.orgId };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function AdminHome() {
  const t = useT();
  const locale = useLocale();
  const { pending, queues, jobs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const failedOrg = result && "values" in result ? String(result.values?.orgId ?? "") : "";
  return (
    <div className="container stack">
      <PageHeader title={t("admin.title")} subtitle={t("console.subtitle")} />
      <AdminNav />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      <section aria-labelledby="queues-h">
        <h2 id="queues-h">{t("console.queues.title")}</h2>
        <div className="grid grid-4" data-testid="approval-queues">
          {queues.map((q) => (
            <div key={q.key} className="card stat" data-testid={`queue-${q.key}`}>
              <span className="label">{t(`console.queues.${q.key}`)}</span>
              <span className="value">{q.count ?? "—"}</span>
              {q.count === null ? <span className="muted small">{t("console.queues.unavailable")}</span> : <Link to={q.link}>{t("console.queues.open")}</Link>}
            </div>
          ))}
          <div className="card stat" data-testid="queue-jobs">
            <span className="label">{t("console.jobs.failedTitle")}</span>
            <span className="value">{jobs.mode === "bullmq" ? jobs.failed : jobs.outboxFailing}</span>
            <span className="muted small">{t("console.jobs.outboxPending", { n: jobs.outboxPending })}</span>
            <Link to="/admin/jobs">{t("console.queues.open")}</Link>
          </div>
        </div>
      </section>
      <div id="org-queue">
      <Card title={t("admin.orgQueue")}>
        {result && "formError" in result ? <FormError message={result.formError} /> : null}
        {pending.length === 0 ? (
          <EmptyState>{t("admin.orgQueueEmpty")}</EmptyState>
        ) : (
          <Table caption={t("admin.orgQueue")} head={[t("signup.orgName"), t("account.kind"), t("account.uscc"), t("account.park"), t("admin.submittedAt"), t("table.actions")]}>
            {pending.map((o) => (
              <tr key={o.id} data-testid={`pending-org-${o.uscc}`}>
                <td>{o.name}</td>
                <td>{t(`orgKind.${o.kind}`)}</td>
                <td>
                  <span className="mono">{o.uscc}</span>
                  <br />
                  <span className="badge badge-ok">{t("admin.usccValid")}</span>
                </td>
                <td>{(locale === "en" ? o.parkEn : o.parkZh) ?? "—"}</td>
                <td>{formatDate(o.createdAt, locale, true)}</td>
                <td>
                  <div className="stack">
                    <Form method="post">
                      <input type="hidden" name="orgId" value={o.id} />
                      <Button name="intent" value="verify" disabled={busy}>{t("admin.verify")}</Button>
                    </Form>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="orgId" value={o.id} />
                      <label className="sr-only" htmlFor={`reason-${o.id}`}>{t("admin.reason")}</label>
                      <input id={`reason-${o.id}`} className="input" name="reason" placeholder={t("admin.reasonPlaceholder")}
                        aria-invalid={failedOrg === o.id && result && "fieldErrors" in result && result.fieldErrors.reason ? true : undefined} />
                      <Button name="intent" value="reject" variant="danger" disabled={busy}>{t("admin.reject")}</Button>
                      {failedOrg === o.id && result && "fieldErrors" in result && result.fieldErrors.reason ? (
                        <p className="field-error" role="alert">{result.fieldErrors.reason.join(" ")}</p>
                      ) : null}
                    </Form>
                  </div>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
      </div>
    </div>
  );
}
