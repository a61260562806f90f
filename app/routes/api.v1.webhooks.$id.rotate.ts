import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { rotateSecret } from "#app/services/webhook-endpoints.server";
import { apiCommand, apiPostOnly } from "#app/utils/api.server";

/** POST /api/v1/webhooks/:id/rotate — a new secret; the old one keeps signing until `previousExpiresAt`. */
export async function action({ request, params }: ActionFunctionArgs) {
  return apiCommand(request, z.object({}), async ({ actor, tx }) => {
    const r = await rotateSecret(actor, params.id ?? "", tx);
    return { status: 200, body: { id: r.id, secret: r.secret, previousExpiresAt: r.previousExpiresAt.toISOString() } };
  });
}

export const loader = apiPostOnly;
