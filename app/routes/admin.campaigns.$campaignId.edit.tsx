import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AdminNav } from "#app/components/admin-nav";
import { CampaignForm } from "#app/components/campaign-form";
import { Card, PageHeader } from "#app/components/ui";
import { CampaignSchema } from "#app/domain/forms/campaigns";
import { useT } from "#app/i18n/react";
import { campaignFormOptions, updateCampaign } from "#app/services/campaigns.server";
import { getCampaignForAdmin } from "#app/services/campaign-views.server";
import { requireAdmin } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { ServiceError } from "#app/utils/http.server";
import { getT } from "#app/utils/i18n.server";
import { withListValues } from "#app/utils/list-values.server";
import { readForm } from "#app/utils/body.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireAdmin(request);
  try {
    const [d, options] = await Promise.all([getCampaignForAdmin(su.actor, params.campaignId ?? ""), campaignFormOptions(su.actor)]);
    const c = d.campaign;
    // The target back in 万元, exactly.
    const wan = BigInt(c.targetAmount);
    const targetWan = `${wan / 1_000_000n}${wan % 1_000_000n ? `.${(wan % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "")}` : ""}`;
    return {
      id: c.id, name: c.name, parks: options.parks,
      values: { name: c.name, description: c.description ?? "", startsOn: c.startsOn, endsOn: c.endsOn, targetAmount: targetWan, targetEnterprises: c.targetEnterprises, parkIds: d.parks.map((p) => p.id) },
    };
  } catch (e) {
    if (e instanceof ServiceError && e.status === 404) throw new Response("Not Found", { status: 404 });
    throw e;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const su = await requireAdmin(request);
  const { t } = getT(request);
  const form = await readForm(request);
  form.delete("bankOrgIds");
  const parsed = parseForm(form, CampaignSchema, t);
  if (!parsed.ok) return withListValues(parsed.response, form, ["parkIds"]);
  try {
    await updateCampaign(su.actor, params.campaignId ?? "", parsed.value);
    return redirect(`/admin/campaigns/${params.campaignId}`);
  } catch (e) {
    return withListValues(serviceErrorResponse(e, t, form), form, ["parkIds"]);
  }
}

export default function EditCampaign() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="container stack">
      <PageHeader title={t("campaign.editTitle", { name: d.name })} />
      <AdminNav />
      <Card>
        <CampaignForm parks={d.parks} values={(result?.values ?? d.values) as Record<string, unknown>} errors={result?.fieldErrors ?? {}}
          formError={result?.formError} busy={busy} submitLabel={t("action.save")} />
      </Card>
    </div>
  );
}
