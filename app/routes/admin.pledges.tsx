import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { AdminNav } from "#app/components/admin-nav";
import { FinStatus } from "#app/components/financing";
import { AppNumber, QueueAssets, QueueFilterForm } from "#app/components/financing-queue";
import { Button, Card, EmptyState, FormError, Notice, PageHeader, Table } from "#app/components/ui";
import { shanghaiDate } from "#app/domain/dates";
import { DESK_STATUSES, DeskFilterSchema, queueFilterFrom, RegistrationSchema } from "#app/domain/forms/financing";
import { formatDate, formatFen, useLocale, useT } from "#app/i18n/react";
import { listRegistrationDesk, recordRegistration, startRegistration } from "#app/services/pledge-registration.server";
import { requireAdmin } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse, translateErrors } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";

const IntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("startRegistration"), applicationId: z.uuid({ error: "errors.invalid" }) }),
  RegistrationSchema.extend({ intent: z.literal("register"), applicationId: z.uuid({ error: "errors.invalid" }) }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireAdmin(request);
  const { t } = getT(request);
  const filter = queueFilterFrom(DeskFilterSchema, new URL(request.url).searchParams);
  if (!filter.success) {
    const fieldErrors = translateErrors(z.flattenError(filter.error).fieldErrors as Record<string, string[]>, t);
    return data({ rows: [], today: shanghaiDate(), fieldErrors, formError: t("errors.fixBelow") as string | null }, { status: 400 });
  }
  return { rows: await listRegistrationDesk(su.actor, filter.data), today: shanghaiDate(), fieldErrors: {} as Record<string, string[]>, formError: null as string | null };
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireAdmin(request);
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, IntentSchema, t);
  if (!parsed.ok) return parsed.response;
  const d = parsed.value;
  try {
    if (d.intent === "startRegistration") await startRegistration(su.actor, d.applicationId);
    else await recordRegistration(su.actor, d.applicationId, d);
    return { done: t(`financing.done.${d.intent}`), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function PledgeDesk() {
  const t = useT();
  const locale = useLocale();
  const { rows, today, fieldErrors, formError } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const e = result && "fieldErrors" in result ? result.fieldErrors : {};
  return (
    <div className="container stack">
      <AdminNav />
      <PageHeader title={t("financing.admin.title")} subtitle={t("financing.admin.subtitle")} />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      {result && "formError" in result ? <FormError message={result.formError} /> : null}
      <Card>
        <QueueFilterForm statuses={DESK_STATUSES} statusLabel={(s) => t(`financing.status.${s as (typeof DESK_STATUSES)[number]}`)} errors={fieldErrors} formError={formError} />
      </Card>
      <Card>
        {rows.length === 0 ? <EmptyState>{t("financing.queue.noMatch")}</EmptyState> : (
          <Table caption={`${t("financing.admin.title")} · ${t("financing.queue.count", { n: rows.length })}`} head={[
            t("financing.queue.number"), t("financing.queue.enterprise"), t("financing.admin.bank"), t("financing.queue.assets"), t("financing.field.amount"),
            t("financing.queue.submitted"), t("financing.queue.accepted"), t("financing.field.status"), t("table.actions"),
          ]}>
            {rows.map((r) => (
              <tr key={r.id} data-testid="desk-row">
                <td><Link to={`/registration/${r.id}`}><AppNumber id={r.id} /></Link></td>
                <td>{r.enterpriseName}</td>
                <td>{r.bankName}</td>
                <td><QueueAssets assets={r.assets} /></td>
                <td className="num">{formatFen(r.amountFen, locale)}</td>
                <td>{formatDate(r.submittedAt, locale)}</td>
                <td>{formatDate(r.acceptedAt, locale)}</td>
                <td><FinStatus status={r.status} /></td>
                <td>
                  {r.status !== "accepted" && r.status !== "registering" ? null : r.status === "accepted" ? (
                    <Form method="post"><input type="hidden" name="applicationId" value={r.id} /><Button name="intent" value="startRegistration" disabled={busy}>{t("financing.registration.start")}</Button></Form>
                  ) : (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="applicationId" value={r.id} />
                      <label className="sr-only" htmlFor={`no-${r.id}`}>{t("financing.registration.number")}</label>
                      <input id={`no-${r.id}`} className="input" name="cnipaNumber" placeholder={t("financing.registration.number")} aria-invalid={e.cnipaNumber ? true : undefined} />
                      <label className="sr-only" htmlFor={`on-${r.id}`}>{t("financing.registration.date")}</label>
                      <input id={`on-${r.id}`} className="input" name="registeredOn" type="date" defaultValue={today} />
                      <Button name="intent" value="register" disabled={busy}>{t("financing.registration.record")}</Button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        )}
        <p className="muted small"><Link to="/admin">{t("action.back")}</Link></p>
      </Card>
    </div>
  );
}
