import type { LoaderFunctionArgs } from "@remix-run/node";
import { openReviewAttachment } from "#app/services/review-attachments.server";
import { requireUser } from "#app/utils/auth.server";
import { privateFile, resourceLoader } from "#app/utils/resource.server";

/** An answer's attachment: the enterprise, the requesting bank and admins only (anyone else: 404); audited. */
export const loader = resourceLoader(async ({ request, params }: LoaderFunctionArgs) => {
  const su = await requireUser(request);
  const f = await openReviewAttachment(su.actor, params.id ?? "", params.messageId ?? "");
  return privateFile(new Uint8Array(f.bytes), f);
});
