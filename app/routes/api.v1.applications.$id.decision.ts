import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { ApiDecisionSchema, toFen } from "#app/domain/financing/api";
import { decide, type BankDecision } from "#app/services/bank-review.server";
import { apiError, apiHandler, idempotent, parseBody, readJson } from "#app/utils/api.server";
import { translator } from "#app/i18n/index";

/** POST /api/v1/applications/:id/decision — approve with terms, reject with a reason, or request information. */
export async function action({ request, params }: ActionFunctionArgs) {
  return apiHandler(request, async ({ actor, t }) => {
    if (request.method !== "POST") return apiError(t, 405, "errors.badRequest", undefined, "method_not_allowed");
    const body = await readJson(request);
    if (!body) return apiError(t, 400, "financing.api.badJson");
    const parsed = parseBody(body.value, ApiDecisionSchema, t);
    if (!parsed.ok) return parsed.response;
    const d = parsed.value;
    const decision: BankDecision = d.decision === "approve"
      ? { decision: "approve", offer: { amount: toFen(d.amountFen), termMonths: d.termMonths, spreadBp: d.spreadBp, repaymentMethod: d.repaymentMethod, riskSchemeCode: d.riskSchemeCode, conditions: d.conditions } }
      : d.decision === "reject" ? { decision: "reject", reason: d.reason } : { decision: "request_info", message: d.message };
    return idempotent(request, actor, body.text, t, async (tx) => {
      const r = await decide(actor, params.id ?? "", decision, tx);
      return { status: 200, body: { applicationId: params.id, status: r.status, reviewStatus: r.reviewStatus, ...("offerId" in r ? { offerId: r.offerId } : {}) } };
    });
  });
}

export async function loader({ request }: LoaderFunctionArgs) {
  return apiError(translator("en"), 405, "errors.badRequest", undefined, request.method === "GET" ? "method_not_allowed" : undefined);
}
