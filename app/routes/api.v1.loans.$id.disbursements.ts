import type { ActionFunctionArgs } from "@remix-run/node";
import { ApiDisbursementSchema, toFen } from "#app/domain/financing/api";
import { translator } from "#app/i18n/index";
import { disburseLoan } from "#app/services/loans.server";
import { apiError, apiHandler, idempotent, parseBody, readJson } from "#app/utils/api.server";

/** POST /api/v1/loans/:id/disbursements — the bank records paying the loan out. */
export async function action({ request, params }: ActionFunctionArgs) {
  return apiHandler(request, async ({ actor, t }) => {
    const body = await readJson(request);
    if (!body) return apiError(t, 400, "financing.api.badJson");
    const parsed = parseBody(body.value, ApiDisbursementSchema, t);
    if (!parsed.ok) return parsed.response;
    const d = parsed.value;
    return idempotent(request, actor, body.text, t, async (tx) => {
      const r = await disburseLoan(actor, params.id ?? "", { amountFen: d.amountFen === undefined ? undefined : toFen(d.amountFen), disbursedOn: d.disbursedOn, reference: d.reference }, tx);
      return { status: 201, body: { loanId: r.id, status: r.status, principalFen: r.principalFen.toString(), instalments: r.instalments, maturityDate: r.maturityDate } };
    });
  });
}

export async function loader() {
  return apiError(translator("en"), 405, "errors.badRequest", undefined, "method_not_allowed");
}
