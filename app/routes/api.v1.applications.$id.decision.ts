import type { ActionFunctionArgs } from "@remix-run/node";
import { ApiDecisionSchema, toFen } from "#app/domain/financing/api";
import { decide, type BankDecision } from "#app/services/bank-review.server";
import { apiCommand, apiPostOnly } from "#app/utils/api.server";

/** POST /api/v1/applications/:id/decision — approve with terms, reject with a reason, or request information. */
export async function action({ request, params }: ActionFunctionArgs) {
  return apiCommand(request, ApiDecisionSchema, async ({ actor, input: d, tx }) => {
    const decision: BankDecision = d.decision === "approve"
      ? { decision: "approve", offer: { amount: toFen(d.amountFen), termMonths: d.termMonths, spreadBp: d.spreadBp, repaymentMethod: d.repaymentMethod, dayCount: d.dayCount, riskSchemeCode: d.riskSchemeCode, conditions: d.conditions } }
      : d.decision === "reject" ? { decision: "reject", reason: d.reason } : { decision: "request_info", message: d.message };
    const r = await decide(actor, params.id ?? "", decision, tx);
    return { status: 200, body: { applicationId: params.id, status: r.status, reviewStatus: r.reviewStatus, ...("offerId" in r ? { offerId: r.offerId } : {}) } };
  });
}

export const loader = apiPostOnly;
