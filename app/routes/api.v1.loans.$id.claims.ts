import type { ActionFunctionArgs } from "@remix-run/node";
import { ApiClaimSchema } from "#app/domain/financing/api";
import { fileClaim } from "#app/services/fund-claims.server";
import { apiCommand, apiPostOnly } from "#app/utils/api.server";

/** POST /api/v1/loans/:id/claims — the bank files a claim on a fund or its insurer (Idempotency-Key recommended). */
export async function action({ request, params }: ActionFunctionArgs) {
  return apiCommand(request, ApiClaimSchema, async ({ actor, input, tx }) => {
    const c = await fileClaim(actor, params.id ?? "", input, "api", tx);
    return {
      status: 201,
      body: { id: c.id, loanId: c.loanId, status: c.status, payerKind: c.payerKind, netLossFen: c.netLossFen.toString(), claimedFen: c.claimedFen.toString(), filedAt: c.createdAt.toISOString() },
    };
  });
}

export const loader = apiPostOnly;
