import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button, Card, EmptyState, FormError, Notice, PageHeader, Table } from "#app/components/ui";
import { SavedSearchIntentSchema } from "#app/domain/forms/market-watch";
import { translator, type Locale } from "#app/i18n/index";
import { formatDate, useLocale, useT } from "#app/i18n/react";
import { deleteSavedSearch, listMySavedSearches, saveSearch } from "#app/services/saved-searches.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";

export const meta: MetaFunction = ({ matches }) => {
  const locale = ((matches.find((m) => m.id === "root")?.data as { locale?: Locale } | undefined)?.locale ?? "zh-CN") as Locale;
  return [{ title: translator(locale)("market.saved.title") }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request);
  return { items: await listMySavedSearches(su.actor) };
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request);
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, SavedSearchIntentSchema, t);
  if (!parsed.ok) return parsed.response;
  try {
    if (parsed.value.intent === "delete") {
      await deleteSavedSearch(su.actor, parsed.value.id);
      return { done: t("market.saved.deleted") };
    }
    const saved = await saveSearch(su.actor, parsed.value);
    return { done: t("market.saved.saved", { name: saved.name }) };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function SavedSearches() {
  const t = useT();
  const locale = useLocale();
  const { items } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="container medium stack">
      <PageHeader title={t("market.saved.title")} subtitle={t("market.saved.subtitle")} />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      {result && "formError" in result ? <FormError message={result.formError} /> : null}
      <Card>
        {items.length === 0 ? <EmptyState>{t("market.saved.empty")}</EmptyState> : (
          <Table caption={t("market.saved.title")} head={[t("market.saved.name"), t("market.saved.frequency"), t("market.saved.lastNotified"), ""]}>
              {items.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/market?${s.query}`}>{s.name}</Link>
                    <div className="muted small">{s.query ? decodeURIComponent(s.query.replace(/\+/g, " ")) : t("market.saved.allListings")}</div>
                  </td>
                  <td>{t(`market.saved.frequency.${s.frequency}`)}</td>
                  <td>{s.lastNotifiedAt ? formatDate(s.lastNotifiedAt, locale, true) : t("market.saved.never")}<div className="muted small">{t("market.saved.hits", { n: s.hits })}</div></td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="id" value={s.id} />
                      <Button name="intent" value="delete" variant="ghost">{t("market.saved.delete")}</Button>
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
