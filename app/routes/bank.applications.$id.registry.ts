import type { LoaderFunctionArgs } from "@remix-run/node";
import { registryFilingFor } from "#app/services/receivable-pledges.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { attachmentHeader } from "#app/utils/export-stream.server";
import { orThrowResponse } from "#app/utils/service-errors.server";
import { resourceLoader } from "#app/utils/resource.server";

/** The unified-registry filing (应收账款质押登记) of an application's pledged receivables, as JSON for the pledgee bank. */
export const loader = resourceLoader(async ({ request, params }: LoaderFunctionArgs) => {
  const su = await requireBusinessUser(request, "bank");
  const filing = await orThrowResponse(registryFilingFor(su.actor, params.id ?? ""));
  return new Response(JSON.stringify(filing, null, 2), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Content-Disposition": attachmentHeader(`应收账款质押登记-${filing.applicationId}.json`) },
  });
});
