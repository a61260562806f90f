import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { WebhookEndpointPatchSchema } from "#app/domain/forms/webhooks";
import { deleteEndpoint, getEndpoint, updateEndpoint } from "#app/services/webhook-endpoints.server";
import { apiCommand, apiHandler } from "#app/utils/api.server";

/** GET /api/v1/webhooks/:id — the endpoint, its secrets in force and its latest deliveries. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return apiHandler(request, async ({ actor }) => Response.json(await getEndpoint(actor, params.id ?? "")));
}

/** POST /api/v1/webhooks/:id — change URL, events, description or `enabled`; DELETE removes it. */
export async function action({ request, params }: ActionFunctionArgs) {
  const id = params.id ?? "";
  if (request.method === "DELETE") {
    return apiHandler(request, async ({ actor }) => Response.json(await deleteEndpoint(actor, id)));
  }
  return apiCommand(request, WebhookEndpointPatchSchema, async ({ actor, input, tx }) => {
    await updateEndpoint(actor, id, input, tx);
    return { status: 200, body: { id } };
  });
}
