import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button, Card, EmptyState, FormError, PageHeader } from "#app/components/ui";
import { formatDate, useLocale, useT } from "#app/i18n/react";
import { listMyNotifications, markRead } from "#app/services/notifications.server";
import { requireUser } from "#app/utils/auth.server";
import { parseForm } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { translateStored, type Params } from "#app/i18n/index";
import { readForm } from "#app/utils/body.server";

const MarkReadSchema = z.object({ id: z.union([z.uuid(), z.literal("all")], { error: "errors.invalid" }) });

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireUser(request);
  return { items: await listMyNotifications(su.actor) };
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireUser(request);
  const { t } = getT(request);
  const parsed = parseForm(await readForm(request), MarkReadSchema, t);
  if (!parsed.ok) return parsed.response;
  await markRead(su.actor, parsed.value.id);
  return { ok: true };
}

export default function Notifications() {
  const t = useT();
  const locale = useLocale();
  const { items } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="container medium">
      <PageHeader
        title={t("notifications.title")}
        actions={items.some((n) => !n.readAt) ? (
          <Form method="post"><input type="hidden" name="id" value="all" /><Button variant="secondary">{t("action.markRead")}</Button></Form>
        ) : null}
      />
      {result && "formError" in result ? <FormError message={result.formError} unplaced={result.fieldErrors} /> : null}
      <Card>
        {items.length === 0 ? <EmptyState>{t("empty.notifications")}</EmptyState> : (
          <ul className="notice-list" data-testid="notifications">
            {items.map((n) => (
              <li key={n.id} className={n.readAt ? "read" : "unread"}>
                <p>{n.link ? <Link to={n.link}>{translateStored(t, n.kind, (n.params ?? undefined) as Params | undefined)}</Link> : translateStored(t, n.kind, (n.params ?? undefined) as Params | undefined)}</p>
                <p className="muted small">{formatDate(n.createdAt, locale, true)}</p>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
