import type { LoaderFunctionArgs } from "@remix-run/node";
import { getBatchProgress } from "#app/services/valuation-batches.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { orThrowResponse } from "#app/utils/service-errors.server";

/** The batch's progress as JSON, polled by its page; another organisation's batch is a 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request);
  const p = await orThrowResponse(getBatchProgress(su.actor, params.id ?? ""));
  return Response.json({ done: p.done, total: p.total, percent: p.percent, counts: p.counts, finished: !!p.finishedAt }, { headers: { "Cache-Control": "private, no-store" } });
}
