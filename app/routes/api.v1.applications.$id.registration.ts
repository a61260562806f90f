import type { ActionFunctionArgs } from "@remix-run/node";
import { ApiRegistrationSchema } from "#app/domain/financing/api";
import { registerPledge } from "#app/services/pledge-registration.server";
import { apiCommand, apiPostOnly } from "#app/utils/api.server";

/** POST /api/v1/applications/:id/registration — the bank records CNIPA's pledge registration. */
export async function action({ request, params }: ActionFunctionArgs) {
  return apiCommand(request, ApiRegistrationSchema, async ({ actor, input, tx }) => {
    const r = await registerPledge(actor, params.id ?? "", input, tx);
    return { status: 201, body: { applicationId: params.id, status: r.status, loanId: r.loanId } };
  });
}

export const loader = apiPostOnly;
