import type { LoaderFunctionArgs } from "@remix-run/node";
import { openDealAttachment } from "#app/services/deal-threads.server";
import { requireUser } from "#app/utils/auth.server";
import { attachmentHeader } from "#app/utils/export-stream.server";
import { orThrowResponse } from "#app/utils/service-errors.server";

/** A thread attachment: the deal's parties and admins only (anyone else gets 404). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireUser(request);
  const f = await orThrowResponse(openDealAttachment(su.actor, params.dealId ?? "", params.messageId ?? ""));
  return new Response(f.bytes, {
    headers: {
      "Content-Type": f.mime,
      "Content-Disposition": attachmentHeader(f.fileName),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'",
    },
  });
}
