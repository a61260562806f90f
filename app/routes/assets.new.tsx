import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { AssetFields } from "#app/components/market";
import { Button, Card, FormError, PageHeader } from "#app/components/ui";
import { AssetFormSchema } from "#app/domain/forms/market";
import { useT } from "#app/i18n/react";
import { createAsset } from "#app/services/assets.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireBusinessUser(request, "enterprise", "university");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise", "university");
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, AssetFormSchema, t);
  if (!parsed.ok) return parsed.response;
  try {
    const { id } = await createAsset(su.actor, parsed.value);
    return redirect(`/assets/${id}`);
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function NewAsset() {
  const t = useT();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="container medium stack">
      <PageHeader title={t("market.assets.new")} />
      <Card>
        <FormError message={result?.formError} />
        <Form method="post" className="form" noValidate>
          <AssetFields v={(result?.values ?? {}) as unknown as Record<string, string>} e={result?.fieldErrors ?? {}} />
          <Button disabled={busy}>{t("action.save")}</Button>
        </Form>
      </Card>
    </div>
  );
}
