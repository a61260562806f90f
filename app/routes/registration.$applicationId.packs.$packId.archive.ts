import type { LoaderFunctionArgs } from "@remix-run/node";
import { packArchive } from "#app/services/registration-pack-views.server";
import { requireUser } from "#app/utils/auth.server";
import { privateFile, resourceLoader } from "#app/utils/resource.server";

/** The whole pack as one zip, for CNIPA's online system (the two parties and admins only). */
export const loader = resourceLoader(async ({ request, params }: LoaderFunctionArgs) => {
  const su = await requireUser(request);
  const { zip, fileName } = await packArchive(su.actor, params.packId ?? "", params.applicationId ?? "");
  return privateFile(new Uint8Array(zip), { mime: "application/zip", fileName });
});
