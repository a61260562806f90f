import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, redirect, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Button, Card, DefinitionList, EmptyState, FormError, Notice, PageHeader, StatusBadge, Table } from "#app/components/ui";
import { eventLabelKey, isWebhookEventType } from "#app/domain/events";
import { formatDate, useLocale, useT } from "#app/i18n/react";
import { deleteEndpoint, getDelivery, getEndpoint, replayDelivery, rotateSecret, updateEndpoint } from "#app/services/webhook-endpoints.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { ServiceError } from "#app/utils/http.server";
import { readForm } from "#app/utils/body.server";

const IntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("rotate") }),
  z.object({ intent: z.literal("enable") }),
  z.object({ intent: z.literal("disable") }),
  z.object({ intent: z.literal("delete") }),
  z.object({ intent: z.literal("replay"), deliveryId: z.uuid({ error: "errors.invalid" }) }),
]);

/** The endpoint, its secrets, its deliveries and — with ?delivery= — one delivery's attempt log. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "bank");
  const view = await getEndpoint(su.actor, params.id ?? "").catch(notFoundFor);
  const deliveryId = new URL(request.url).searchParams.get("delivery");
  const log = deliveryId ? await getDelivery(su.actor, params.id ?? "", deliveryId).catch(() => null) : null;
  return { ...view, log };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request, "bank");
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, IntentSchema, t);
  if (!parsed.ok) return parsed.response;
  const id = params.id ?? "";
  try {
    const d = parsed.value;
    if (d.intent === "rotate") return { done: "rotated" as const, fieldErrors: {}, secret: (await rotateSecret(su.actor, id)).secret };
    if (d.intent === "enable" || d.intent === "disable") {
      await updateEndpoint(su.actor, id, { enabled: d.intent === "enable" });
      return { done: d.intent, fieldErrors: {} };
    }
    if (d.intent === "delete") {
      await deleteEndpoint(su.actor, id);
      return redirect("/bank/webhooks");
    }
    await replayDelivery(su.actor, id, d.deliveryId);
    return { done: "replayed" as const, fieldErrors: {} };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

/** A service's 404 (an id that is none, or another bank's) is the page's 404. */
function notFoundFor(e: unknown): never {
  if (e instanceof ServiceError && e.status === 404) throw new Response("Not Found", { status: 404 });
  throw e;
}

export default function WebhookEndpoint() {
  const t = useT();
  const locale = useLocale();
  const { endpoint: ep, secrets, deliveries, log } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const reason = ep.disabledReason === "gone" || ep.disabledReason === "failing" || ep.disabledReason === "manual" ? ep.disabledReason : null;
  const label = (type: string) => (isWebhookEventType(type) ? t(eventLabelKey(type)) : type);
  return (
    <div className="container medium stack">
      <PageHeader title={<span className="mono">{ep.url}</span>} subtitle={<Link to="/bank/webhooks">{t("webhooks.back")}</Link>} />
      {result && "formError" in result ? <FormError message={result.formError} /> : null}
      {result && "done" in result && result.done === "rotated" ? <Notice tone="ok">{t("webhooks.rotated")}</Notice> : null}
      {result && "done" in result && result.done === "replayed" ? <Notice tone="ok">{t("webhooks.replayed")}</Notice> : null}
      <Card title={t("webhooks.status")} actions={
        <Form method="post" className="inline-form">
          {ep.status === "enabled"
            ? <Button name="intent" value="disable" variant="secondary" disabled={busy}>{t("webhooks.disable")}</Button>
            : <Button name="intent" value="enable" disabled={busy}>{t("webhooks.enable")}</Button>}
          <Button name="intent" value="delete" variant="danger" disabled={busy}>{t("webhooks.delete")}</Button>
        </Form>
      }>
        <DefinitionList items={[
          [t("webhooks.status"), <span key="s"><StatusBadge status={ep.status} label={t(ep.status === "enabled" ? "webhooks.status.enabled" : "webhooks.status.disabled")} />{reason ? ` ${t(`webhooks.disabledReason.${reason}`)}` : ""}</span>],
          [t("webhooks.description"), ep.description || "—"],
          [t("webhooks.eventTypes"), ep.eventTypes.map(label).join("、")],
        ]} />
      </Card>
      <Card title={t("webhooks.secret")} actions={<Form method="post"><Button name="intent" value="rotate" variant="secondary" disabled={busy}>{t("webhooks.rotate")}</Button></Form>}>
        <ul className="stack" data-testid="webhook-secrets">
          {secrets.map((s) => (
            <li key={s.id}><code className="mono">{s.secret}</code> <span className="muted small">{s.expiresAt ? t("webhooks.secretExpires", { date: formatDate(s.expiresAt, locale, true) }) : t("webhooks.secretCurrent")}</span></li>
          ))}
        </ul>
      </Card>
      {log ? (
        <Card title={`${t("webhooks.attemptLog")} · ${log.delivery.messageId}`}>
          <ol className="stack" data-testid="attempt-log">
            {log.attempts.map((a) => (
              <li key={a.id}>
                <strong>{t("webhooks.attempt", { seq: a.seq })}</strong> {formatDate(a.startedAt, locale, true)} · {a.responseStatus ?? t("webhooks.noAnswer")} · {t("webhooks.duration", { ms: a.durationMs })}
                {a.error ? <div className="muted small">{a.error}</div> : null}
                <details><summary>{t("webhooks.request")}</summary><pre className="mono small">{JSON.stringify(a.requestHeaders, null, 2)}{"\n\n"}{log.delivery.body}</pre></details>
                {a.responseBody ? <details><summary>{t("webhooks.response")}</summary><pre className="mono small">{a.responseBody}</pre></details> : null}
              </li>
            ))}
          </ol>
        </Card>
      ) : null}
      <Card title={t("webhooks.deliveries")}>
        {deliveries.length === 0 ? <EmptyState>{t("webhooks.noDeliveries")}</EmptyState> : (
          <Table caption={t("webhooks.deliveries")} head={[t("webhooks.event"), t("webhooks.messageId"), t("webhooks.status"), t("webhooks.attempts"), t("webhooks.lastStatus"), t("financing.field.created"), t("table.actions")]}>
            {deliveries.map((d) => (
              <tr key={d.id}>
                <td>{label(d.eventType)}</td>
                <td className="mono small"><Link to={`?delivery=${d.id}`}>{d.messageId}</Link></td>
                <td>{t(`webhooks.delivery.${d.status}`)}{d.nextAttemptAt && d.status === "pending" ? <div className="muted small">{t("webhooks.nextAttempt")} {formatDate(d.nextAttemptAt, locale, true)}</div> : null}</td>
                <td>{d.attempts}</td>
                <td>{d.lastStatusCode ?? (d.attempts ? t("webhooks.noAnswer") : "—")}</td>
                <td>{formatDate(d.createdAt, locale, true)}</td>
                <td>{d.status !== "pending" ? (
                  <Form method="post"><input type="hidden" name="deliveryId" value={d.id} /><Button name="intent" value="replay" variant="secondary" disabled={busy || ep.status !== "enabled"}>{t("webhooks.replay")}</Button></Form>
                ) : null}</td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </div>
  );
}
