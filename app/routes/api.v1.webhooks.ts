import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { WebhookEndpointSchema } from "#app/domain/forms/webhooks";
import { createEndpoint, listEndpoints } from "#app/services/webhook-endpoints.server";
import { apiCommand, apiHandler } from "#app/utils/api.server";

/** GET /api/v1/webhooks — the bank's endpoints. */
export async function loader({ request }: LoaderFunctionArgs) {
  return apiHandler(request, async ({ actor }) => Response.json({ data: await listEndpoints(actor) }));
}

/** POST /api/v1/webhooks — a new endpoint; the answer carries its signing secret. */
export async function action({ request }: ActionFunctionArgs) {
  return apiCommand(request, WebhookEndpointSchema, async ({ actor, input, tx }) => {
    const r = await createEndpoint(actor, input, tx);
    return { status: 201, body: { id: r.id, secret: r.secret, url: input.url, eventTypes: input.eventTypes } };
  });
}
