import type { LoaderFunctionArgs } from "@remix-run/node";
import { openDealAttachment } from "#app/services/deal-threads.server";
import { requireUser } from "#app/utils/auth.server";
import { privateFile, resourceLoader } from "#app/utils/resource.server";

/** A thread attachment: the deal's parties and admins only (anyone else gets 404). */
export const loader = resourceLoader(async ({ request, params }: LoaderFunctionArgs) => {
  const su = await requireUser(request);
  const f = await openDealAttachment(su.actor, params.dealId ?? "", params.messageId ?? "");
  return privateFile(new Uint8Array(f.bytes), f);
});
