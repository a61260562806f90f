import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ListingForm } from "#app/components/listing-form";
import { Card, PageHeader } from "#app/components/ui";
import { ListingFormSchema } from "#app/domain/forms/market";
import { useT } from "#app/i18n/react";
import { listAssetChoices } from "#app/services/assets.server";
import { getDraftListing, updateDraftListing } from "#app/services/listings.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { orThrowResponse } from "#app/utils/service-errors.server";
import { readForm } from "#app/utils/body.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise", "university");
  const { listing, assetIds } = await orThrowResponse(getDraftListing(su.actor, params.listingId ?? ""));
  // Only a draft is edited; a listing under review or on the market is changed by its actions.
  if (listing.status !== "draft") throw redirect(`/listings/${listing.id}`);
  return { listing, assets: await listAssetChoices(su.actor, assetIds) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise", "university");
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, ListingFormSchema, t);
  if (!parsed.ok) return parsed.response;
  try {
    const l = await updateDraftListing(su.actor, params.listingId ?? "", parsed.value);
    return redirect(`/listings/${l.id}`);
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function EditListing() {
  const t = useT();
  const { listing, assets } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="container medium stack">
      <PageHeader title={t("market.listing.editDraft")} subtitle={t("market.listings.newHint")} />
      <Card><ListingForm assets={assets} listing={listing} result={result} busy={busy} /></Card>
    </div>
  );
}
