import type { LoaderFunctionArgs } from "@remix-run/node";
import { openAttachment } from "#app/services/assets.server";
import { requireUser } from "#app/utils/auth.server";
import { privateFile, resourceLoader } from "#app/utils/resource.server";

/** A certificate download: the owner organisation and admins only (anyone else gets 404). */
export const loader = resourceLoader(async ({ request, params }: LoaderFunctionArgs) => {
  const su = await requireUser(request);
  const f = await openAttachment(su.actor, params.assetId ?? "", params.fileId ?? "");
  return privateFile(new Uint8Array(f.bytes), f);
});
