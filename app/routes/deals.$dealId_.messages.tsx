import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, Card, EmptyState, FormError, Notice, PageHeader, TextareaField } from "#app/components/ui";
import { translator, type Locale } from "#app/i18n/index";
import { formatDate, useLocale, useT } from "#app/i18n/react";
import { getDealThread, MAX_MESSAGE_LENGTH, postDealMessage } from "#app/services/deal-threads.server";
import { requireBusinessUser, requireUser } from "#app/utils/auth.server";
import { serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { orThrowResponse } from "#app/utils/service-errors.server";
import { readForm } from "#app/utils/body.server";

export const meta: MetaFunction = ({ matches }) => {
  const locale = ((matches.find((m) => m.id === "root")?.data as { locale?: Locale } | undefined)?.locale ?? "zh-CN") as Locale;
  return [{ title: translator(locale)("market.thread.title") }];
};

/** The negotiation thread of an offer or deal: its two parties and admins (who read only). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireUser(request);
  return orThrowResponse(getDealThread(su.actor, params.dealId ?? ""));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request);
  const { t } = getT(request);
  const form = await readForm(request);
  const file = form.get("file");
  try {
    await postDealMessage(su.actor, params.dealId ?? "", {
      body: String(form.get("body") ?? ""),
      file: file instanceof File && file.size > 0 ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } : null,
    });
    return { done: t("market.thread.sent"), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function DealThread() {
  const t = useT();
  const locale = useLocale();
  const { deal, messages, canPost } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const e = result?.fieldErrors ?? {};
  return (
    <div className="container medium stack">
      <PageHeader title={t("market.thread.title")} subtitle={t("market.thread.subtitle")}
        actions={<Link className="btn btn-secondary" to={`/deals/${deal.id}`}>{t("market.thread.backToDeal")}</Link>} />
      {result && "done" in result && result.done ? <Notice tone="ok">{result.done}</Notice> : null}
      <Card>
        {messages.length === 0 ? <EmptyState>{t("market.thread.empty")}</EmptyState> : (
          <ol className="thread" aria-label={t("market.thread.title")} data-testid="thread">
            {messages.map((m) => (
              <li key={m.id} className={m.authorOrgId === deal.buyerOrgId ? "from-buyer" : "from-seller"}>
                <p className="muted small">
                  {m.org} · {m.author} · {t(m.authorOrgId === deal.buyerOrgId ? "market.side.buyer" : "market.side.seller")} · {formatDate(m.createdAt, locale, true)}
                </p>
                {m.body ? <p className="pre-wrap">{m.body}</p> : null}
                {m.fileName ? (
                  <p><a href={`/deals/${deal.id}/messages/${m.id}`} download>{t("market.thread.attachment", { name: m.fileName })}</a></p>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </Card>
      {canPost ? (
        <Card title={t("market.thread.write")}>
          {result && "formError" in result ? <FormError message={result.formError} /> : null}
          <Form method="post" encType="multipart/form-data" className="stack" key={messages.length}>
            <TextareaField label={t("market.thread.body")} name="body" rows={4} maxLength={MAX_MESSAGE_LENGTH} error={e.body} />
            <label className="field">
              <span>{t("market.thread.file")}</span>
              <input type="file" name="file" accept="application/pdf,image/png,image/jpeg" aria-describedby="thread-file-hint" />
              <span id="thread-file-hint" className="muted small">{t("market.thread.fileHint")}</span>
              {e.file?.length ? <span className="field-error" role="alert">{e.file.join(" ")}</span> : null}
            </label>
            <Button disabled={busy}>{t("market.thread.send")}</Button>
          </Form>
        </Card>
      ) : <Notice>{t("market.thread.readOnly")}</Notice>}
    </div>
  );
}
