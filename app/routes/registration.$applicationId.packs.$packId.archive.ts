import type { LoaderFunctionArgs } from "@remix-run/node";
import { packArchive } from "#app/services/registration-pack-views.server";
import { requireUser } from "#app/utils/auth.server";
import { attachmentHeader } from "#app/utils/export-stream.server";
import { orThrowResponse } from "#app/utils/service-errors.server";

/** The whole pack as one zip, for CNIPA's online system (the two parties and admins only). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireUser(request);
  const { zip, fileName } = await orThrowResponse(packArchive(su.actor, params.packId ?? "", params.applicationId ?? ""));
  return new Response(new Uint8Array(zip), { headers: { "Content-Type": "application/zip", "Content-Disposition": attachmentHeader(fileName), "Cache-Control": "private, no-store" } });
}
