import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { replayDelivery } from "#app/services/webhook-endpoints.server";
import { apiCommand, apiPostOnly } from "#app/utils/api.server";

/** POST /api/v1/webhooks/:id/deliveries/:deliveryId/replay — send it again (same webhook-id, fresh signatures). */
export async function action({ request, params }: ActionFunctionArgs) {
  return apiCommand(request, z.object({}), async ({ actor, tx }) => {
    const r = await replayDelivery(actor, params.id ?? "", params.deliveryId ?? "", tx);
    return { status: 202, body: r };
  });
}

export const loader = apiPostOnly;
