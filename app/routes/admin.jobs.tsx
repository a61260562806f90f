import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AdminNav } from "#app/components/admin-nav";
import { Button, Card, EmptyState, FormError, Notice, PageHeader, Table } from "#app/components/ui";
import { JobActionSchema } from "#app/domain/forms/admin";
import { formatDate, useLocale, useT } from "#app/i18n/react";
import { JOB_STATES, jobsOverview, requeueOutbox, retryJob } from "#app/services/admin-jobs.server";
import { requireAdmin, requireCan } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireAdmin(request);
  requireCan(su.actor, "jobs.manage");
  return jobsOverview(su.actor);
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireAdmin(request);
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, JobActionSchema, t);
  if (!parsed.ok) return parsed.response;
  const d = parsed.value;
  try {
    if (d.intent === "retry") {
      const job = await retryJob(su.actor, d.queue, d.jobId);
      return { done: t("console.jobs.retried", { id: job.jobId, name: job.name }), fieldErrors: {} as Record<string, string[]> };
    }
    const row = await requeueOutbox(su.actor, d.outboxId);
    return { done: t("console.jobs.requeued", { id: row.id, name: row.name }), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function AdminJobs() {
  const t = useT();
  const locale = useLocale();
  const { mode, queues, outbox, reconciliation: rec } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="container stack">
      <PageHeader title={t("console.jobs.title")} subtitle={t(mode === "bullmq" ? "console.jobs.modeBullmq" : "console.jobs.modeEmbedded")} />
      <AdminNav />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      {result && "formError" in result ? <FormError message={result.formError} /> : null}
      {mode === "bullmq" ? (
        <>
          <Card title={t("console.jobs.counts")}>
            <Table caption={t("console.jobs.counts")} head={[t("console.jobs.queue"), ...JOB_STATES.map((s) => t(`console.jobs.state.${s}`))]}>
              {queues.map((q) => (
                <tr key={q.name} data-testid={`queue-counts-${q.name}`}>
                  <th scope="row" className="mono">{q.name}</th>
                  {q.counts ? JOB_STATES.map((s) => <td key={s} className="num" data-state={s}>{q.counts![s] ?? 0}</td>) : (
                    <td colSpan={JOB_STATES.length} className="muted">{t("console.jobs.unreachable")}: {q.error}</td>
                  )}
                </tr>
              ))}
            </Table>
          </Card>
          <Card title={t("console.jobs.failedTitle")}>
            {queues.every((q) => q.failed.length === 0) ? <EmptyState>{t("console.jobs.noFailed")}</EmptyState> : (
              <Table caption={t("console.jobs.failedTitle")} head={[t("console.jobs.queue"), t("console.jobs.job"), t("console.jobs.error"), t("console.jobs.attempts"), t("console.jobs.failedAt"), t("table.actions")]}>
                {queues.flatMap((q) => q.failed.map((j) => (
                  <tr key={`${q.name}/${j.id}`} data-testid={`failed-job-${j.id}`}>
                    <td className="mono">{q.name}</td>
                    <td><span className="mono">{j.name}</span><div className="muted small mono">{j.id}</div></td>
                    <td className="small"><code>{j.error}</code></td>
                    <td className="num">{j.attempts}</td>
                    <td>{formatDate(j.failedAt, locale, true)}</td>
                    <td>
                      <Form method="post">
                        <input type="hidden" name="queue" value={q.name} />
                        <input type="hidden" name="jobId" value={j.id} />
                        <Button name="intent" value="retry" variant="secondary" disabled={busy}>{t("action.retry")}</Button>
                      </Form>
                    </td>
                  </tr>
                )))}
              </Table>
            )}
          </Card>
        </>
      ) : null}
      <Card title={t("console.jobs.reconcileTitle")}>
        <p className="muted">{t("console.jobs.reconcileIntro", { seconds: rec.intervalSeconds, minutes: rec.stuckMinutes })}</p>
        <p data-testid="jobs-stranded">
          {t("console.jobs.stranded", { valuations: rec.snapshot.strandedValuations, outbox: rec.snapshot.strandedOutbox, failed: rec.snapshot.outboxFailed })}
        </p>
        {rec.recent.length === 0 ? <EmptyState>{t("console.jobs.reconcileNone")}</EmptyState> : (
          <Table caption={t("console.jobs.reconcileTitle")} head={[t("console.jobs.when"), t("console.jobs.action"), t("console.jobs.job")]}>
            {rec.recent.map((a) => (
              <tr key={a.id} data-testid={`reconcile-${a.id}`}>
                <td>{formatDate(a.createdAt, locale, true)}</td>
                <td className="mono">{a.action}</td>
                <td className="small mono">{a.entityType} {a.entityId}</td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
      <Card title={t("console.jobs.outbox")}>
        <p className="muted">{t("console.jobs.outboxIntro", { pending: outbox.pending, failing: outbox.failing })}</p>
        {outbox.rows.length === 0 ? <EmptyState>{t("console.jobs.outboxEmpty")}</EmptyState> : (
          <Table caption={t("console.jobs.outbox")} head={[t("console.jobs.queue"), t("console.jobs.job"), t("console.jobs.error"), t("console.jobs.attempts"), t("console.jobs.availableAt"), t("table.actions")]}>
            {outbox.rows.map((r) => (
              <tr key={r.id} data-testid={`outbox-${r.id}`}>
                <td className="mono">{r.queue}</td>
                <td><span className="mono">{r.name}</span><div className="muted small mono">{r.dedupeKey}</div></td>
                <td className="small">
                  {r.failedAt ? <strong data-testid={`outbox-failed-${r.id}`}>{t("console.jobs.deliveryFailed")} </strong> : null}
                  {r.failure ?? r.lastError ? <code>{r.failure ?? r.lastError}</code> : "—"}
                </td>
                <td className="num">{r.attempts}</td>
                <td>{formatDate(r.availableAt, locale, true)}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="outboxId" value={r.id} />
                    <Button name="intent" value="requeue" variant="secondary" disabled={busy}>{t("console.jobs.requeue")}</Button>
                  </Form>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </div>
  );
}
