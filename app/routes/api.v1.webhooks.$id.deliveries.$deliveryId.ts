import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDelivery } from "#app/services/webhook-endpoints.server";
import { apiHandler } from "#app/utils/api.server";

/** GET /api/v1/webhooks/:id/deliveries/:deliveryId — one delivery and its attempts (request headers, answer, time). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return apiHandler(request, async ({ actor }) => Response.json(await getDelivery(actor, params.id ?? "", params.deliveryId ?? "")));
}
