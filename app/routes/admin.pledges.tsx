import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { AdminNav } from "#app/components/admin-nav";
import { FinStatus } from "#app/components/financing";
import { Button, Card, EmptyState, FormError, Notice, PageHeader, Table } from "#app/components/ui";
import { shanghaiDate } from "#app/domain/dates";
import { RegistrationSchema } from "#app/domain/forms/financing";
import { formatFen, useLocale, useT } from "#app/i18n/react";
import { listRegistrationDesk, recordRegistration, startRegistration } from "#app/services/pledge-registration.server";
import { requireAdmin } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";

const IntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("startRegistration"), applicationId: z.uuid({ error: "errors.invalid" }) }),
  RegistrationSchema.extend({ intent: z.literal("register"), applicationId: z.uuid({ error: "errors.invalid" }) }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireAdmin(request);
  return { rows: await listRegistrationDesk(su.actor), today: shanghaiDate() };
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
  const { rows, today } = useLoaderData<typeof loader>();
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
        {rows.length === 0 ? <EmptyState>{t("financing.admin.empty")}</EmptyState> : (
          <Table caption={t("financing.admin.title")} head={[t("financing.queue.enterprise"), t("financing.admin.bank"), t("financing.field.amount"), t("financing.field.status"), t("table.actions")]}>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{r.enterpriseName}</td>
                <td>{r.bankName}</td>
                <td className="num">{formatFen(r.amountFen, locale)}</td>
                <td><FinStatus status={r.status} /></td>
                <td>
                  {r.status === "accepted" ? (
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
