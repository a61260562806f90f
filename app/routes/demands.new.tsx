import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useNavigation } from "@remix-run/react";
import { DemandForm } from "#app/components/demands";
import { Card, PageHeader } from "#app/components/ui";
import { DemandFormSchema } from "#app/domain/forms/demands";
import { useT } from "#app/i18n/react";
import { createDemand } from "#app/services/demands.server";
import { requireCan, requireUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireUser(request);
  requireCan(su.actor, "demand.create");
  return null;
}

/** Saves the new demand as a draft, or publishes it at once (`intent=publish`). */
export async function action({ request }: ActionFunctionArgs) {
  const su = await requireUser(request);
  requireCan(su.actor, "demand.create");
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, DemandFormSchema, t);
  if (!parsed.ok) return parsed.response;
  try {
    const d = await createDemand(su.actor, parsed.value, { publish: form.get("intent") === "publish" });
    return redirect(`/demands/${d.id}`);
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function NewDemand() {
  const t = useT();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="container medium stack">
      <PageHeader title={t("demand.new.title")} subtitle={t("demand.new.hint")} />
      <Card><DemandForm result={result} busy={busy} /></Card>
    </div>
  );
}
