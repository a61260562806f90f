import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FinStatus } from "#app/components/financing";
import { ProductForm } from "#app/components/product-form";
import { Button, Card, Notice, PageHeader } from "#app/components/ui";
import { ProductSchema } from "#app/domain/forms/financing";
import { useT } from "#app/i18n/react";
import { getMyProduct, listRiskSchemes, setProductStatus, updateProduct } from "#app/services/bank-products.server";
import { listParks } from "#app/services/parks.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { ServiceError } from "#app/utils/http.server";
import { readForm } from "#app/utils/body.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "bank");
  try {
    return { product: await getMyProduct(su.actor, params.id ?? ""), parks: await listParks(), schemes: await listRiskSchemes() };
  } catch (e) {
    if (e instanceof ServiceError && e.status === 404) throw new Response("Not Found", { status: 404 });
    throw e;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request, "bank");
  const { t } = getT(request);
  const form = await readForm(request);
  const intent = form.get("intent");
  try {
    if (intent === "pause" || intent === "resume") {
      await setProductStatus(su.actor, params.id ?? "", intent);
      return { done: t(`financing.products.${intent}d`), fieldErrors: {} as Record<string, string[]> };
    }
    const parsed = parseForm(form, ProductSchema, t);
    if (!parsed.ok) return parsed.response;
    await updateProduct(su.actor, params.id ?? "", parsed.value);
    return { done: t("financing.products.saved"), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function EditProduct() {
  const t = useT();
  const { product, parks, schemes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="container medium stack">
      <PageHeader title={product.name} subtitle={<FinStatus status={product.status} />} actions={
        <div className="row">
          <Link to="/bank/products">{t("action.back")}</Link>
          <Form method="post"><Button variant="secondary" name="intent" value={product.status === "active" ? "pause" : "resume"} disabled={busy}>{t(product.status === "active" ? "financing.products.pause" : "financing.products.resume")}</Button></Form>
        </div>
      } />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      <Card><ProductForm product={product as never} parks={parks} schemes={schemes} result={result && "done" in result ? null : result} busy={busy} submitLabel={t("action.save")} /></Card>
    </div>
  );
}
