import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { bpText } from "#app/components/public-money";
import { Button, Card, EmptyState, Field, FormError, Notice, PageHeader, SelectField, StatusBadge, Table, TextareaField } from "#app/components/ui";
import { InsuranceProductSchema } from "#app/domain/forms/public-money";
import { INSURANCE_KINDS } from "#app/domain/public-money/insurance";
import { formatFen, useLocale, useT } from "#app/i18n/react";
import { createInsuranceProduct, listInsurerProducts, setInsuranceProductStatus } from "#app/services/insurance-products.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";

const IntentSchema = z.discriminatedUnion("intent", [
  InsuranceProductSchema.extend({ intent: z.literal("create") }),
  z.object({ intent: z.enum(["pause", "resume"]), productId: z.uuid({ error: "errors.invalid" }) }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "insurer");
  return { products: await listInsurerProducts(su.actor) };
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request, "insurer");
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, IntentSchema, t);
  if (!parsed.ok) return parsed.response;
  const d = parsed.value;
  try {
    if (d.intent === "create") await createInsuranceProduct(su.actor, d);
    else await setInsuranceProductStatus(su.actor, d.productId, d.intent === "pause" ? "paused" : "active");
    return { done: t(`insurer.done.${d.intent}`), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function InsurerProducts() {
  const t = useT();
  const locale = useLocale();
  const { products } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const e = result && "fieldErrors" in result ? result.fieldErrors : {};
  return (
    <div className="container stack">
      <PageHeader title={t("insurer.nav.products")} subtitle={t("insurer.productsIntro")} />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      {result && "formError" in result ? <FormError message={result.formError} /> : null}
      <Card>
        {products.length === 0 ? <EmptyState /> : (
          <Table caption={t("insurer.nav.products")} head={[t("insurance.product"), t("insurance.kind"), t("insurance.premiumRate"), t("insurance.share"), t("insurance.maxCover"), t("insurance.status"), t("table.actions")]}>
            {products.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td><td>{t(`insurance.kind.${p.kind}`)}</td><td>{bpText(p.premiumRateBp)}</td><td>{bpText(p.shareBp)}</td>
                <td className="num">{formatFen(p.maxCoverFen, locale)}</td>
                <td><StatusBadge status={p.status} label={t(`insurer.productStatus.${p.status}`)} /></td>
                <td><Form method="post"><input type="hidden" name="productId" value={p.id} /><Button name="intent" value={p.status === "active" ? "pause" : "resume"} variant="ghost" disabled={busy}>{t(`insurer.${p.status === "active" ? "pause" : "resume"}`)}</Button></Form></td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
      <Card title={t("insurer.newProduct")}>
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="create" />
          <div className="form-row">
            <SelectField label={t("insurance.kind")} name="kind" error={e.kind} options={INSURANCE_KINDS.map((k) => ({ value: k, label: t(`insurance.kind.${k}`) }))} />
            <Field label={t("insurance.product")} name="name" error={e.name} />
          </div>
          <TextareaField label={t("insurer.description")} name="description" optional rows={2} error={e.description} />
          <div className="form-row">
            <Field label={t("insurer.premiumRatePercent")} name="premiumRate" inputMode="decimal" error={e.premiumRate} />
            <Field label={t("insurer.sharePercent")} name="share" inputMode="decimal" defaultValue="0" error={e.share} hint={t("insurer.shareHint")} />
            <Field label={t("insurer.maxCoverYuan")} name="maxCover" inputMode="decimal" error={e.maxCover} />
          </div>
          <Button disabled={busy}>{t("insurer.createProduct")}</Button>
        </Form>
      </Card>
    </div>
  );
}
