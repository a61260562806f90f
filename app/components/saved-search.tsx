import { Form, Link, useRouteLoaderData, useSearchParams } from "@remix-run/react";
import { canonicalQuery, SAVED_SEARCH_FREQUENCIES } from "#app/domain/market/saved-search";
import { useT } from "#app/i18n/react";
import { Button, Field, SelectField } from "./ui";

/** Under the market's filters, for a signed-in user: save the search as it stands. */
export function SaveSearchForm() {
  const t = useT();
  const root = useRouteLoaderData("root") as { user?: { orgStatus: string } | null } | undefined;
  const [params] = useSearchParams();
  if (root?.user?.orgStatus !== "verified") return null;
  const query = canonicalQuery(params);
  return (
    <Form method="post" action="/saved-searches" className="inline-form" aria-label={t("market.saved.save")}>
      <input type="hidden" name="query" value={query} />
      <Field label={t("market.saved.name")} name="name" required maxLength={80} defaultValue={params.get("q")?.trim() || t("market.saved.defaultName")} />
      <SelectField label={t("market.saved.frequency")} name="frequency" defaultValue="daily"
        options={SAVED_SEARCH_FREQUENCIES.map((f) => ({ value: f, label: t(`market.saved.frequency.${f}`) }))} />
      <Button name="intent" value="save" variant="secondary">{t("market.saved.save")}</Button>
      <Link to="/saved-searches">{t("market.saved.nav")}</Link>
    </Form>
  );
}
