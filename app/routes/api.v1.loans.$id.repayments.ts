import type { ActionFunctionArgs } from "@remix-run/node";
import { ApiRepaymentSchema, toFen } from "#app/domain/financing/api";
import { recordRepayment } from "#app/services/loans.server";
import { apiCommand, apiPostOnly } from "#app/utils/api.server";

/** POST /api/v1/loans/:id/repayments — the bank records a repayment (Idempotency-Key recommended). */
export async function action({ request, params }: ActionFunctionArgs) {
  return apiCommand(request, ApiRepaymentSchema, async ({ actor, input: d, tx }) => {
    const r = await recordRepayment(actor, params.id ?? "", { amountFen: toFen(d.amountFen), paidOn: d.paidOn, reference: d.reference }, "api", tx);
    return { status: 201, body: { id: r.id, loanId: r.loanId, amountFen: r.amountFen.toString(), paidOn: r.paidOn, loanStatus: r.loanStatus, outstandingFen: r.outstandingFen.toString() } };
  });
}

export const loader = apiPostOnly;
