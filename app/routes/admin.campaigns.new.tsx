import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AdminNav } from "#app/components/admin-nav";
import { CampaignForm } from "#app/components/campaign-form";
import { Card, PageHeader } from "#app/components/ui";
import { CampaignSchema } from "#app/domain/forms/campaigns";
import { useT } from "#app/i18n/react";
import { campaignFormOptions, createCampaign } from "#app/services/campaigns.server";
import { requireAdmin, requireCan } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { withListValues } from "#app/utils/list-values.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireAdmin(request);
  requireCan(su.actor, "campaign.manage");
  return campaignFormOptions(su.actor);
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireAdmin(request);
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, CampaignSchema, t);
  if (!parsed.ok) return withListValues(parsed.response, form, ["parkIds", "bankOrgIds"]);
  try {
    const c = await createCampaign(su.actor, parsed.value);
    return redirect(`/admin/campaigns/${c.id}`);
  } catch (e) {
    return withListValues(serviceErrorResponse(e, t, form), form, ["parkIds", "bankOrgIds"]);
  }
}

export default function NewCampaign() {
  const t = useT();
  const { parks, banks } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="container stack">
      <PageHeader title={t("campaign.new")} />
      <AdminNav />
      <Card>
        <CampaignForm parks={parks} banks={banks} values={(result?.values ?? {}) as Record<string, unknown>} errors={result?.fieldErrors ?? {}}
          formError={result?.formError} busy={busy} submitLabel={t("campaign.create")} />
      </Card>
    </div>
  );
}
