import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, Card, Field, FormError, PageHeader, SelectField } from "#app/components/ui";
import { AuctionFormSchema } from "#app/domain/forms/auctions";
import { useT } from "#app/i18n/react";
import { createAuction } from "#app/services/auctions.server";
import { getListingForManager } from "#app/services/listings.server";
import { requireBusinessUser, requireUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { orThrowResponse } from "#app/utils/service-errors.server";
import { readForm } from "#app/utils/body.server";

/** The seller's (or disposing bank's) form to put its listing up for auction. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireUser(request);
  const { listing } = await orThrowResponse(getListingForManager(su.actor, params.listingId ?? ""));
  return { listing: { id: listing.id, title: listing.title } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request);
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, AuctionFormSchema, t);
  if (!parsed.ok) return parsed.response;
  const v = parsed.value;
  try {
    const a = await createAuction(su.actor, params.listingId ?? "", {
      kind: v.kind, reservePriceFen: v.reservePrice, startPriceFen: v.startPrice, incrementFen: v.increment ?? 0n,
      startsAt: v.startsAt ?? new Date(), endsAt: v.endsAt, extensionMinutes: v.extensionMinutes ?? 0,
    });
    return redirect(`/auctions/${a.id}`);
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function NewAuction() {
  const t = useT();
  const { listing } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const e = result?.fieldErrors ?? {};
  const val = (k: string) => String(result?.values?.[k] ?? "");
  return (
    <div className="container medium stack">
      <PageHeader title={t("auction.new.title")} subtitle={listing.title} />
      <Card>
        <Form method="post" className="form" noValidate>
          <FormError message={result?.formError} />
          <SelectField label={t("auction.field.kind")} name="kind" defaultValue={val("kind") || "ascending"} error={e.kind}
            options={[{ value: "ascending", label: t("auction.kind.ascending") }, { value: "sealed", label: t("auction.kind.sealed") }]} />
          <div className="form-row">
            <Field label={t("auction.field.reservePrice")} name="reservePrice" required inputMode="decimal" defaultValue={val("reservePrice")} error={e.reservePrice} />
            <Field label={t("auction.field.startPrice")} name="startPrice" required inputMode="decimal" defaultValue={val("startPrice")} error={e.startPrice} />
          </div>
          <div className="form-row">
            <Field label={t("auction.field.increment")} name="increment" optional inputMode="decimal" defaultValue={val("increment")} error={e.increment} hint={t("auction.field.incrementHint")} />
            <Field label={t("auction.field.extensionMinutes")} name="extensionMinutes" optional type="number" min={0} max={120} defaultValue={val("extensionMinutes") || "5"} error={e.extensionMinutes} hint={t("auction.field.extensionHint")} />
          </div>
          <div className="form-row">
            <Field label={t("auction.field.startsAt")} name="startsAt" optional type="datetime-local" step={1} defaultValue={val("startsAt")} error={e.startsAt} hint={t("auction.field.startsAtHint")} />
            <Field label={t("auction.field.endsAt")} name="endsAt" required type="datetime-local" step={1} defaultValue={val("endsAt")} error={e.endsAt} />
          </div>
          <Button disabled={busy}>{t("auction.new.submit")}</Button>
        </Form>
      </Card>
    </div>
  );
}
