import type { LoaderFunctionArgs } from "@remix-run/node";
import { packDocumentFile } from "#app/services/registration-pack-views.server";
import { requireUser } from "#app/utils/auth.server";
import { attachmentHeader } from "#app/utils/export-stream.server";
import { orThrowResponse } from "#app/utils/service-errors.server";

/** One document of a pack, with the signatures it has so far. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireUser(request);
  const { pdf, fileName } = await orThrowResponse(packDocumentFile(su.actor, params.packId ?? "", params.documentId ?? "", params.applicationId ?? ""));
  return new Response(new Uint8Array(pdf), { headers: { "Content-Type": "application/pdf", "Content-Disposition": attachmentHeader(fileName), "Cache-Control": "private, no-store" } });
}
