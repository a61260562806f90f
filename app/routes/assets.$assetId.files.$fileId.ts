import type { LoaderFunctionArgs } from "@remix-run/node";
import { openAttachment } from "#app/services/assets.server";
import { requireUser } from "#app/utils/auth.server";
import { attachmentHeader } from "#app/utils/export-stream.server";
import { orThrowResponse } from "#app/utils/service-errors.server";
import { resourceLoader } from "#app/utils/resource.server";

/** A certificate download: the owner organisation and admins only (anyone else gets 404). */
export const loader = resourceLoader(async ({ request, params }: LoaderFunctionArgs) => {
  const su = await requireUser(request);
  const f = await orThrowResponse(openAttachment(su.actor, params.assetId ?? "", params.fileId ?? ""));
  return new Response(f.bytes, {
    headers: {
      "Content-Type": f.mime,
      "Content-Disposition": attachmentHeader(f.fileName),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'",
    },
  });
});
