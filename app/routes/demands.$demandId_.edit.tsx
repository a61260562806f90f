import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DemandForm } from "#app/components/demands";
import { Card, PageHeader } from "#app/components/ui";
import { DemandFormSchema } from "#app/domain/forms/demands";
import { useT } from "#app/i18n/react";
import { getDemandForEdit } from "#app/services/demand-views.server";
import { updateDemand } from "#app/services/demands.server";
import { requireUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { orThrowResponse } from "#app/utils/service-errors.server";
import { readForm } from "#app/utils/body.server";
import { ServiceError } from "#app/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireUser(request);
  const id = params.demandId ?? "";
  try {
    return { demand: await getDemandForEdit(su.actor, id) };
  } catch (e) {
    // A closed, solved or expired demand is no longer edited: back to its page.
    if (e instanceof ServiceError && e.status === 409) throw redirect(`/demands/${id}`);
    return orThrowResponse(Promise.reject(e));
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const su = await requireUser(request);
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, DemandFormSchema, t);
  if (!parsed.ok) return parsed.response;
  try {
    const d = await updateDemand(su.actor, params.demandId ?? "", parsed.value);
    return redirect(`/demands/${d.id}`);
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function EditDemand() {
  const t = useT();
  const { demand } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="container medium stack">
      <PageHeader title={t("demand.edit.title")} />
      <Card><DemandForm demand={demand} result={result} busy={busy} /></Card>
    </div>
  );
}
