import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ProductForm } from "#app/components/product-form";
import { Card, PageHeader } from "#app/components/ui";
import { ProductSchema } from "#app/domain/forms/financing";
import { useT } from "#app/i18n/react";
import { createProduct, listRiskSchemes } from "#app/services/bank-products.server";
import { listParks } from "#app/services/parks.server";
import { requireBusinessUser, requireCan } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "bank");
  requireCan(su.actor, "financing.product.manage");
  return { parks: await listParks(), schemes: await listRiskSchemes() };
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request, "bank");
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, ProductSchema, t);
  if (!parsed.ok) return parsed.response;
  try {
    const p = await createProduct(su.actor, parsed.value);
    return redirect(`/bank/products/${p.id}`);
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function NewProduct() {
  const t = useT();
  const { parks, schemes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="container medium stack">
      <PageHeader title={t("financing.products.new")} />
      <Card><ProductForm parks={parks} schemes={schemes} result={result} busy={busy} submitLabel={t("action.save")} /></Card>
    </div>
  );
}
