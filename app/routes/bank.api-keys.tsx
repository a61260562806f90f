import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Button, Card, EmptyState, Field, FormError, Notice, PageHeader, Table } from "#app/components/ui";
import { ApiKeyCreateSchema } from "#app/domain/forms/financing";
import { formatDate, useLocale, useT } from "#app/i18n/react";
import { createApiKey, listApiKeys, revokeApiKey } from "#app/services/api-keys.server";
import { requireBusinessUser, requireCan } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";

const IntentSchema = z.discriminatedUnion("intent", [
  ApiKeyCreateSchema.extend({ intent: z.literal("create") }),
  z.object({ intent: z.literal("revoke"), id: z.uuid({ error: "errors.invalid" }) }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "bank");
  requireCan(su.actor, "apiKey.manage");
  return { keys: await listApiKeys(su.actor) };
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request, "bank");
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, IntentSchema, t);
  if (!parsed.ok) return parsed.response;
  try {
    if (parsed.value.intent === "create") {
      const { key } = await createApiKey(su.actor, parsed.value.name);
      return { created: key, fieldErrors: {} as Record<string, string[]> };
    }
    await revokeApiKey(su.actor, parsed.value.id);
    return { revoked: true, fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function ApiKeys() {
  const t = useT();
  const locale = useLocale();
  const { keys } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="container medium stack">
      <PageHeader title={t("financing.apiKeys.title")} subtitle={<>{t("financing.apiKeys.intro")} <a href="/api/v1/openapi.json">OpenAPI</a></>} />
      {result && "created" in result ? (
        <Notice tone="ok">
          <p>{t("financing.apiKeys.showOnce")}</p>
          <p><code className="mono" data-testid="new-api-key">{result.created}</code></p>
        </Notice>
      ) : null}
      {result && "formError" in result ? <FormError message={result.formError} /> : null}
      <Card title={t("financing.apiKeys.create")}>
        <Form method="post" className="inline-form">
          <Field label={t("financing.apiKeys.name")} name="name" required error={result && "fieldErrors" in result ? result.fieldErrors.name : undefined} />
          <Button name="intent" value="create" disabled={busy}>{t("financing.apiKeys.createButton")}</Button>
        </Form>
      </Card>
      <Card title={t("financing.apiKeys.list")}>
        {keys.length === 0 ? <EmptyState>{t("financing.apiKeys.none")}</EmptyState> : (
          <Table caption={t("financing.apiKeys.list")} head={[t("financing.apiKeys.name"), t("financing.apiKeys.prefix"), t("financing.field.created"), t("financing.apiKeys.lastUsed"), t("table.actions")]}>
            {keys.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td className="mono">{k.prefix}…</td>
                <td>{formatDate(k.createdAt, locale)}</td>
                <td>{formatDate(k.lastUsedAt, locale, true)}</td>
                <td>{k.revokedAt ? t("financing.apiKeys.revoked", { date: formatDate(k.revokedAt, locale) }) : (
                  <Form method="post"><input type="hidden" name="id" value={k.id} /><Button name="intent" value="revoke" variant="danger" disabled={busy}>{t("financing.apiKeys.revoke")}</Button></Form>
                )}</td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </div>
  );
}
