import type { ActionFunctionArgs } from "@remix-run/node";
import { ApiDisbursementSchema, toFen } from "#app/domain/financing/api";
import { disburseLoan } from "#app/services/loans.server";
import { apiCommand, apiPostOnly } from "#app/utils/api.server";

/** POST /api/v1/loans/:id/disbursements — the bank records paying the loan out. */
export async function action({ request, params }: ActionFunctionArgs) {
  return apiCommand(request, ApiDisbursementSchema, async ({ actor, input: d, tx }) => {
    const r = await disburseLoan(actor, params.id ?? "", { amountFen: d.amountFen === undefined ? undefined : toFen(d.amountFen), disbursedOn: d.disbursedOn, reference: d.reference }, tx);
    return { status: 201, body: { loanId: r.id, status: r.status, principalFen: r.principalFen.toString(), instalments: r.instalments, maturityDate: r.maturityDate } };
  });
}

export const loader = apiPostOnly;
