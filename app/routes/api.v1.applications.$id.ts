import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiGetApplication } from "#app/services/bank-api.server";
import { apiGetOnly, apiHandler } from "#app/utils/api.server";

/** GET /api/v1/applications/:id — one application routed to the calling bank, with its valuation summary. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return apiHandler(request, async ({ actor, locale }) => Response.json(await apiGetApplication(actor, params.id ?? "", locale)));
}

export const action = apiGetOnly;
