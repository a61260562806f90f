import type { ActionFunctionArgs } from "@remix-run/node";
import { ApiRepaymentSchema, toFen } from "#app/domain/financing/api";
import { translator } from "#app/i18n/index";
import { recordRepayment } from "#app/services/loans.server";
import { apiError, apiHandler, idempotent, parseBody, readJson } from "#app/utils/api.server";

/** POST /api/v1/loans/:id/repayments — the bank records a repayment (Idempotency-Key recommended). */
export async function action({ request, params }: ActionFunctionArgs) {
  return apiHandler(request, async ({ actor, t }) => {
    const body = await readJson(request);
    if (!body) return apiError(t, 400, "financing.api.badJson");
    const parsed = parseBody(body.value, ApiRepaymentSchema, t);
    if (!parsed.ok) return parsed.response;
    const d = parsed.value;
    return idempotent(request, actor, body.text, t, async (tx) => {
      const r = await recordRepayment(actor, params.id ?? "", { amountFen: toFen(d.amountFen), paidOn: d.paidOn, reference: d.reference }, "api", tx);
      return { status: 201, body: { id: r.id, loanId: r.loanId, amountFen: r.amountFen.toString(), paidOn: r.paidOn, loanStatus: r.loanStatus, outstandingFen: r.outstandingFen.toString() } };
    });
  });
}

export async function loader() {
  return apiError(translator("en"), 405, "errors.badRequest", undefined, "method_not_allowed");
}
