import type { LoaderFunctionArgs } from "@remix-run/node";
import { packDocumentFile } from "#app/services/registration-pack-views.server";
import { requireUser } from "#app/utils/auth.server";
import { privateFile, resourceLoader } from "#app/utils/resource.server";

/** One document of a pack, with the signatures it has so far (the two parties and admins only). */
export const loader = resourceLoader(async ({ request, params }: LoaderFunctionArgs) => {
  const su = await requireUser(request);
  const { pdf, fileName } = await packDocumentFile(su.actor, params.packId ?? "", params.documentId ?? "", params.applicationId ?? "");
  return privateFile(new Uint8Array(pdf), { mime: "application/pdf", fileName });
});
