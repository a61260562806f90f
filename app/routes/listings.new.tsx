import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ListingForm } from "#app/components/listing-form";
import { Card, PageHeader } from "#app/components/ui";
import { ListingFormSchema } from "#app/domain/forms/market";
import { useT } from "#app/i18n/react";
import { listAssetChoices } from "#app/services/assets.server";
import { createListing } from "#app/services/listings.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise", "university");
  const selected = new URL(request.url).searchParams.getAll("assetId");
  return { assets: await listAssetChoices(su.actor, selected) };
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise", "university");
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, ListingFormSchema, t);
  if (!parsed.ok) return parsed.response;
  try {
    const l = await createListing(su.actor, parsed.value);
    return redirect(`/listings/${l.id}`);
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function NewListing() {
  const t = useT();
  const { assets } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="container medium stack">
      <PageHeader title={t("market.listings.new")} subtitle={t("market.listings.newHint")} />
      <Card><ListingForm assets={assets} result={result} busy={busy} /></Card>
    </div>
  );
}
