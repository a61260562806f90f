import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiListApplications } from "#app/services/bank-api.server";
import { apiGetOnly, apiHandler } from "#app/utils/api.server";

/** GET /api/v1/applications — applications routed to the calling bank (open reviews; ?status=all for all). */
export async function loader({ request }: LoaderFunctionArgs) {
  return apiHandler(request, async ({ actor }) => {
    const status = new URL(request.url).searchParams.get("status") === "all" ? "all" : "open";
    return Response.json({ data: await apiListApplications(actor, status) });
  });
}

export const action = apiGetOnly;
