import type { LoaderFunctionArgs } from "@remix-run/node";
import { openDataRoomFile } from "#app/services/auction-documents.server";
import { requireUser } from "#app/utils/auth.server";
import { privateFile, resourceLoader } from "#app/utils/resource.server";

/** A document the seller uploaded to the data room: registered bidders, the seller and admins (anyone else 404); each download logged. */
export const loader = resourceLoader(async ({ request, params }: LoaderFunctionArgs) => {
  const su = await requireUser(request);
  const f = await openDataRoomFile(su.actor, params.auctionId ?? "", params.fileId ?? "");
  return privateFile(new Uint8Array(f.bytes), f);
});
