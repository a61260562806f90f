import type { ActionFunctionArgs } from "@remix-run/node";
import { ApiRegistrationSchema } from "#app/domain/financing/api";
import { translator } from "#app/i18n/index";
import { registerPledge } from "#app/services/pledge-registration.server";
import { apiError, apiHandler, idempotent, parseBody, readJson } from "#app/utils/api.server";

/** POST /api/v1/applications/:id/registration — the bank records CNIPA's pledge registration. */
export async function action({ request, params }: ActionFunctionArgs) {
  return apiHandler(request, async ({ actor, t }) => {
    const body = await readJson(request);
    if (!body) return apiError(t, 400, "financing.api.badJson");
    const parsed = parseBody(body.value, ApiRegistrationSchema, t);
    if (!parsed.ok) return parsed.response;
    return idempotent(request, actor, body.text, t, async (tx) => {
      const r = await registerPledge(actor, params.id ?? "", parsed.value, tx);
      return { status: 201, body: { applicationId: params.id, status: r.status, loanId: r.loanId } };
    });
  });
}

export async function loader() {
  return apiError(translator("en"), 405, "errors.badRequest", undefined, "method_not_allowed");
}
