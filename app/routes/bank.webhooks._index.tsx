import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, Card, EmptyState, Field, FormError, Notice, PageHeader, StatusBadge, Table } from "#app/components/ui";
import { eventLabelKey, WEBHOOK_EVENT_TYPES } from "#app/domain/events";
import { WebhookEndpointSchema } from "#app/domain/forms/webhooks";
import { formatDate, useLocale, useT } from "#app/i18n/react";
import { createEndpoint, listEndpoints } from "#app/services/webhook-endpoints.server";
import { requireBusinessUser, requireCan } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "bank");
  requireCan(su.actor, "webhook.manage");
  return { endpoints: await listEndpoints(su.actor) };
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request, "bank");
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, WebhookEndpointSchema, t);
  if (!parsed.ok) return parsed.response;
  try {
    const { id, secret } = await createEndpoint(su.actor, parsed.value);
    return { created: { id, secret }, fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function Webhooks() {
  const t = useT();
  const locale = useLocale();
  const { endpoints } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors = result && "fieldErrors" in result ? result.fieldErrors : {};
  return (
    <div className="container medium stack">
      <PageHeader title={t("webhooks.title")} subtitle={t("webhooks.intro")} />
      {result && "created" in result && result.created ? (
        <Notice tone="ok">
          <p>{t("webhooks.secretShowOnce")}</p>
          <p><code className="mono" data-testid="new-webhook-secret">{result.created.secret}</code></p>
          <p><Link to={`/bank/webhooks/${result.created.id}`}>{t("webhooks.open")}</Link></p>
        </Notice>
      ) : null}
      {result && "formError" in result ? <FormError message={result.formError} /> : null}
      <Card title={t("webhooks.create")}>
        <Form method="post" className="stack" noValidate>
          <Field label={t("webhooks.url")} name="url" type="url" required placeholder="https://" error={errors.url} />
          <Field label={t("webhooks.description")} name="description" optional error={errors.description} />
          <fieldset className="field">
            <legend>{t("webhooks.eventTypes")}</legend>
            {WEBHOOK_EVENT_TYPES.map((type) => (
              <label key={type} className="checkbox">
                <input type="checkbox" name="eventTypes" value={type} defaultChecked /> {t(eventLabelKey(type))} <code className="muted small">{type}</code>
              </label>
            ))}
            {errors.eventTypes ? <p className="field-error" role="alert">{errors.eventTypes.join(" ")}</p> : null}
          </fieldset>
          <Button disabled={busy}>{t("webhooks.createButton")}</Button>
        </Form>
      </Card>
      <Card title={t("webhooks.list")}>
        {endpoints.length === 0 ? <EmptyState>{t("webhooks.none")}</EmptyState> : (
          <Table caption={t("webhooks.list")} head={[t("webhooks.url"), t("webhooks.eventTypes"), t("webhooks.status"), t("financing.field.created"), t("table.actions")]}>
            {endpoints.map((e) => (
              <tr key={e.id}>
                <td className="mono">{e.url}{e.description ? <div className="muted small">{e.description}</div> : null}</td>
                <td>{e.eventTypes.length}</td>
                <td><StatusBadge status={e.status} label={t(e.status === "enabled" ? "webhooks.status.enabled" : "webhooks.status.disabled")} /></td>
                <td>{formatDate(e.createdAt, locale)}</td>
                <td><Link to={`/bank/webhooks/${e.id}`}>{t("webhooks.open")}</Link></td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </div>
  );
}
